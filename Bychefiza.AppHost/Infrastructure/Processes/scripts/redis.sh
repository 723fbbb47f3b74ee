#!/usr/bin/env bash
# Redis for the AppHost in processes mode: a cache, so nothing is persisted. The password goes
# through a config file rather than the command line, where every user could read it.
# Environment: REDIS_PORT, REDIS_PASSWORD, REDIS_STATE.
set -euo pipefail
: "${REDIS_PORT:?}" "${REDIS_PASSWORD:?}" "${REDIS_STATE:?}"

mkdir -p "$REDIS_STATE"
config="$REDIS_STATE/redis.conf"
(umask 077; cat > "$config" <<CONF
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
set-proc-title no
save ""
appendonly no
dir $REDIS_STATE
requirepass $REDIS_PASSWORD
CONF
)
exec redis-server "$config"
