{{/* Labels of every object; .name is the component (a project, a backing service, migrations). */}}
{{- define "bychefiza.labels" -}}
{{ include "bychefiza.selectorLabels" . }}
app.kubernetes.io/part-of: bychefiza
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "bychefiza.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Where a backing service answers: the managed service named in values, else the release's own. */}}
{{- define "bychefiza.backing.host" -}}
{{- $backing := index .root.Values .name -}}
{{- $backing.external.host | default (printf "%s-%s" .root.Release.Name .name) -}}
{{- end -}}

{{- define "bychefiza.backing.port" -}}
{{- $backing := index .root.Values .name -}}
{{- $backing.external.port | default $backing.port -}}
{{- end -}}

{{/* The address browsers use for an external project: its ingress host. */}}
{{- define "bychefiza.publicUrl" -}}
{{- $host := index .root.Values.ingress.hosts .name -}}
{{- printf "%s://%s" (ternary "https" "http" .root.Values.ingress.tls.enabled) $host -}}
{{- end -}}

{{- define "bychefiza.image" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Pods run as a user without privileges, whatever the image says. */}}
{{- define "bychefiza.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "bychefiza.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
capabilities:
  drop: [ALL]
{{- end -}}

{{/* A managed PostgreSQL answers before install; the release's own exists only after it. */}}
{{- define "bychefiza.migrations.hook" -}}
{{- if .Values.postgres.external.host -}}
pre-install,pre-upgrade
{{- else -}}
post-install,pre-upgrade
{{- end -}}
{{- end -}}
