#!/bin/sh
# Prometheus for the AppHost. POSIX sh: the same script runs the Debian binary in processes mode
# and the prom/prometheus image (busybox) in containers mode.
# Environment: PROMETHEUS_PORT, PROMETHEUS_LISTEN (127.0.0.1 unless in a container),
# PROMETHEUS_STATE (data and the generated targets), PROMETHEUS_CONFIG (this folder), and one
# SCRAPE_TARGET_<n>="<service> <instance> <host:port>" per service process.
set -eu
: "${PROMETHEUS_PORT:?}" "${PROMETHEUS_STATE:?}" "${PROMETHEUS_CONFIG:?}"

mkdir -p "$PROMETHEUS_STATE/targets" "$PROMETHEUS_STATE/data"
cp "$PROMETHEUS_CONFIG/prometheus.yml" "$PROMETHEUS_CONFIG/alerts.yml" "$PROMETHEUS_STATE/"

# file_sd watches the file, so it is written whole and then moved into place.
env | sed -n 's/^SCRAPE_TARGET_[A-Za-z0-9_]*=//p' | sort | awk '
  BEGIN { printf "[" }
  { printf "%s{\"targets\":[\"%s\"],\"labels\":{\"service\":\"%s\",\"instance\":\"%s\"}}", (NR > 1 ? "," : ""), $3, $1, $2 }
  END { print "]" }' > "$PROMETHEUS_STATE/targets/services.json.new"
mv "$PROMETHEUS_STATE/targets/services.json.new" "$PROMETHEUS_STATE/targets/services.json"

exec prometheus \
  --config.file="$PROMETHEUS_STATE/prometheus.yml" \
  --storage.tsdb.path="$PROMETHEUS_STATE/data" \
  --storage.tsdb.retention.time=1d \
  --log.level=warn \
  --web.listen-address="${PROMETHEUS_LISTEN:-127.0.0.1}:$PROMETHEUS_PORT"
