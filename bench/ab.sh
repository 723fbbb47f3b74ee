#!/usr/bin/env bash
# Side-by-side measure of gateway builds under browse traffic, for a change too small for the
# bench's run-to-run noise (bench/analysis.md says what it found with it).
#
#   dotnet build Services/Bychefiza.Gateway -c Release -o /tmp/gw-before     # then change the code
#   dotnet build Services/Bychefiza.Gateway -c Release -o /tmp/gw-after
#   ./bychefiza up &                                                          # wait until healthy
#   bench/ab.sh --rounds 3 /tmp/gw-before /tmp/gw-after /tmp/gw-after:OTEL_SDK_DISABLED=true
#
# It borrows PostgreSQL, Redis and RabbitMQ from the running graph (the environment of its products
# and gateway processes), starts a Release products of the working tree on 127.0.0.1:$AB_PRODUCTS_PORT
# and each variant's gateway in turn on 127.0.0.1:$AB_GATEWAY_PORT, both as the bench runs services
# (Production, no OTLP export, the bench's rate limits), and stops all it started when it ends.
# Each variant: a 15 s unmeasured warm-up, then two 10 s wrk windows (the bench's settings,
# bench/wrk/browse.lua). Per window it prints requests/s, the CPU per request of the gateway and of
# products (from /proc), and their ratio: the machine's speed moves both, so the ratio moves far
# less between windows than either figure. A variant is a build directory, optionally with one
# VARIABLE=value for its gateway after a colon.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=2
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
[ $# -ge 1 ] || { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
gateway_port=${AB_GATEWAY_PORT:-3900}
products_port=${AB_PRODUCTS_PORT:-3920}
work=$(mktemp -d)
started=()

stop_all() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT

# The running graph's environment for a service, without what only `up` gives it.
environment_of() {
  local pid
  pid=$(pgrep -f "Bychefiza\.$1\.dll" | head -1) || { echo "No $1 process: start the graph with ./bychefiza up first." >&2; exit 1; }
  tr '\0' '\n' < "/proc/$pid/environ" | grep -v -E '^(OTEL_|ASPIRE_|ASPNETCORE_ENVIRONMENT|ASPNETCORE_URLS|DOTNET_ENVIRONMENT|services__products__)'
  echo ASPNETCORE_ENVIRONMENT=Production
}
environment_of Products > "$work/products.env"
echo "ASPNETCORE_URLS=http://127.0.0.1:$products_port" >> "$work/products.env"
environment_of Gateway > "$work/gateway.env"
cat >> "$work/gateway.env" <<EOF
ASPNETCORE_URLS=http://127.0.0.1:$gateway_port
services__products__http__0=http://127.0.0.1:$products_port
RateLimiting__Anonymous__PermitLimit=100000000
RateLimiting__SignedIn__PermitLimit=100000000
RateLimiting__SensitivePerIp__PermitLimit=100000000
RateLimiting__SensitivePerEmail__PermitLimit=100000000
EOF

# Starts a service from a build directory with an environment file; waits for /health.
start() {
  local directory=$1 environment=$2 port=$3 extra=$4 assembly=$5 variables
  mapfile -t variables < "$environment"
  [ -z "$extra" ] || variables+=("$extra")
  (cd "$directory" && exec env -i "${variables[@]}" dotnet "$assembly" >> "$work/$assembly.log" 2>&1) &
  started+=($!)
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" && return 0
    sleep 0.5
  done
  echo "$assembly did not answer on port $port; its log: $work/$assembly.log" >&2
  exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# One wrk window; prints requests/s, the two CPU figures per request and their ratio.
window() {
  local seconds=$1 gateway=$2 products=$3 g0 p0 line
  g0=$(cpu_ticks "$gateway"); p0=$(cpu_ticks "$products")
  line=$(cd bench/wrk && wrk -t 2 -c 32 -d "${seconds}s" --timeout 5s -s browse.lua "http://127.0.0.1:$gateway_port" -- "$work/ids.txt" | grep '^BENCH ')
  awk -v g="$(( $(cpu_ticks "$gateway") - g0 ))" -v p="$(( $(cpu_ticks "$products") - p0 ))" -v hz="$(getconf CLK_TCK)" -v json="${line#BENCH }" 'BEGIN {
    match(json, /"requests":[0-9]+/); requests = substr(json, RSTART + 11, RLENGTH - 11)
    match(json, /"durationUs":[0-9]+/); us = substr(json, RSTART + 13, RLENGTH - 13)
    match(json, /"non2xx":[0-9]+/); bad = substr(json, RSTART + 9, RLENGTH - 9)
    gw = g * 1e6 / hz / requests; pr = p * 1e6 / hz / requests
    printf "%9.0f req/s  gateway %6.1f us/req  products %6.1f us/req  ratio %.3f%s\n", requests / us * 1e6, gw, pr, gw / pr, (bad > 0 ? "  (" bad " non-2xx)" : "")
  }'
}

echo "Building products (Release)..." >&2
dotnet build Services/Bychefiza.Products -c Release -o "$work/products" -v quiet -nologo >&2
start "$work/products" "$work/products.env" "$products_port" "" Bychefiza.Products.dll
products=${started[-1]}
for page in $(seq 1 10); do
  curl -sf "http://127.0.0.1:$products_port/api/products?page=$page&pageSize=20"; echo
done | grep -o '"id":"[^"]*"' | cut -d'"' -f4 > "$work/ids.txt"
[ -s "$work/ids.txt" ] || { echo "products listed no products" >&2; exit 1; }

for round in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    directory=${variant%%:*}; extra=""
    [ "$variant" = "$directory" ] || extra=${variant#*:}
    start "$directory" "$work/gateway.env" "$gateway_port" "$extra" Bychefiza.Gateway.dll
    gateway=${started[-1]}
    (cd bench/wrk && wrk -t 2 -c 32 -d 15s --timeout 5s -s browse.lua "http://127.0.0.1:$gateway_port" -- "$work/ids.txt" > /dev/null)
    for _ in 1 2; do
      echo "round $round  $variant  $(window 10 "$gateway" "$products")"
    done
    kill "$gateway"; wait "$gateway" 2>/dev/null || true
  done
done
