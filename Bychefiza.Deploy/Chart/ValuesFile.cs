using System.Text;
using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Deploy.Chart;

/// <summary>The chart's values.yaml: what an operator sets per cluster, with defaults for a self-contained install.</summary>
public sealed class ValuesFile(AspireManifest manifest)
{
    /// <summary>What the ingress routes to an external project when not all of it is public: the gateway serves the API and its reference.</summary>
    private static readonly Dictionary<string, string[]> PublicPaths = new()
    {
        ["gateway"] = ["/api", "/docs"],
    };

    public string Write()
    {
        var yaml = new StringBuilder();
        yaml.Append("""
            # Generated from aspire-manifest.json by Bychefiza.Deploy (./bychefiza publish): change the
            # generator, not this file. Override per cluster with -f or --set; see docs/operations.md.

            image:
              # Images are {registry}/{repository}:{tag}; the tag defaults to the chart's appVersion.
              registry: ""
              pullPolicy: IfNotPresent
              pullSecrets: []

            secrets:
              # A Secret created before the install; the chart refers to it and never renders a value.
              # Passwords must be URI-safe (letters and digits): connection URIs embed them as they are.
              existingSecret: bychefiza-secrets
              # Keys it must hold:

            """);
        foreach (var key in SecretKeys())
        {
            yaml.Append("  #   ").Append(key).Append('\n');
        }

        yaml.Append("\n# The AppHost's parameters that are not secret (admin-email: the first admin; empty creates none).\nparameters:\n");
        foreach (var parameter in manifest.Resources.Where(r => r.Type == "parameter.v0" && !r.IsSecret))
        {
            yaml.Append("  ").Append(parameter.Name).Append(": \"\"\n");
        }

        yaml.Append("""

            telemetry:
              # An OpenTelemetry collector (OTLP) the services export to; empty exports nothing.
              otlpEndpoint: ""

            ingress:
              enabled: true
              className: nginx
              annotations: {}
              hosts:

            """);
        var external = manifest.Projects.Where(p => p.IsExternal).ToList();
        foreach (var project in external)
        {
            yaml.Append("    ").Append(project.Name).Append(": ").Append(project.Name).Append(".bychefiza.example\n");
        }
        yaml.Append("  # The path prefixes each host routes; the gateway's health and metrics stay inside the cluster.\n  paths:\n");
        foreach (var project in external)
        {
            var paths = PublicPaths.GetValueOrDefault(project.Name, ["/"]);
            yaml.Append("    ").Append(project.Name).Append(": [").AppendJoin(", ", paths).Append("]\n");
        }
        yaml.Append("  tls:\n    enabled: true\n    secretNames:\n");
        foreach (var project in external)
        {
            yaml.Append("      ").Append(project.Name).Append(": bychefiza-").Append(project.Name).Append("-tls\n");
        }
        yaml.Append("""
              # A second release with canary.enabled takes this share of the traffic of the first (ingress-nginx).
              canary:
                enabled: false
                weight: 10

            networkPolicy:
              enabled: true
              # Where the ingress controller runs: the only peer allowed to reach the external projects.
              ingressController:
                namespaceLabels:
                  kubernetes.io/metadata.name: ingress-nginx
                podLabels:
                  app.kubernetes.io/name: ingress-nginx

            migrations:
              enabled: true
              timeoutSeconds: 600
              resources:
                requests: {cpu: 50m, memory: 64Mi}
                limits: {cpu: 500m, memory: 256Mi}

            services:

            """);
        foreach (var project in manifest.Projects)
        {
            yaml.Append($$"""
                  {{project.Name}}:
                    image:
                      repository: bychefiza/{{project.Name}}
                      tag: ""
                    # Used when autoscaling is off.
                    replicas: 2
                    autoscaling:
                      enabled: true
                      minReplicas: 2
                      maxReplicas: 6
                      targetCPUUtilizationPercentage: 70
                    resources:
                      requests: {cpu: 100m, memory: 192Mi}
                      limits: {cpu: "1", memory: 512Mi}
                    # Extra environment variables: plain values here, secret ones from Secrets named in
                    # envFromSecrets, each key a variable (Payments__Stripe__SecretKey, Auth__External__google__ClientSecret …).
                    env: {}
                    envFromSecrets: []

                """);
        }
        foreach (var container in manifest.Containers)
        {
            yaml.Append($$"""

                # {{container.Name}}: a StatefulSet of the release, unless external.host names a managed service.
                {{container.Name}}:
                  image: {{container.Image}}
                  port: {{container.BindingField("tcp", "targetPort")}}
                  external:
                    host: ""
                    port: null
                  persistence:
                    size: 10Gi
                    storageClass: ""
                  resources:
                    requests: {cpu: 100m, memory: 256Mi}
                    limits: {cpu: "2", memory: 1Gi}

                """);
        }
        return yaml.ToString();
    }

    /// <summary>Every secret parameter an object of the chart reads, sorted.</summary>
    private IEnumerable<string> SecretKeys()
    {
        var resolver = new EnvironmentResolver(manifest);
        var environments = manifest.Projects.Concat(manifest.Containers).Select(r => r.Environment);
        return environments.SelectMany(resolver.Resolve)
            .Select(v => v.SecretKey)
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal);
    }
}
