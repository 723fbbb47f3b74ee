#!/usr/bin/env bash
# RabbitMQ for the AppHost in processes mode. Everything RabbitMQ would read from /etc or write to
# /var comes from this run's state folder, so it never meets a broker installed on the machine.
# Environment: RABBITMQ_STATE, RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT, ERL_EPMD_PORT,
# RABBITMQ_USER, RABBITMQ_PASSWORD.
set -euo pipefail
: "${RABBITMQ_STATE:?}" "${RABBITMQ_NODE_PORT:?}" "${RABBITMQ_DIST_PORT:?}" "${ERL_EPMD_PORT:?}"
: "${RABBITMQ_USER:?}" "${RABBITMQ_PASSWORD:?}"

mkdir -p "$RABBITMQ_STATE/home" "$RABBITMQ_STATE/mnesia" "$RABBITMQ_STATE/log"
cookie="$RABBITMQ_STATE/home/.erlang.cookie"
if [ ! -s "$cookie" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$cookie")
  chmod 400 "$cookie"
fi

(umask 077; cat > "$RABBITMQ_STATE/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_NODE_PORT
default_user = $RABBITMQ_USER
default_pass = $RABBITMQ_PASSWORD
loopback_users = none
log.console = true
log.console.level = warning
log.file = false
CONF
)
echo '[].' > "$RABBITMQ_STATE/enabled_plugins"
: > "$RABBITMQ_STATE/rabbitmq-env.conf"

export HOME="$RABBITMQ_STATE/home"
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$RABBITMQ_STATE/mnesia"
export RABBITMQ_LOG_BASE="$RABBITMQ_STATE/log"
export RABBITMQ_CONFIG_FILE="$RABBITMQ_STATE/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_STATE/enabled_plugins"
export RABBITMQ_CONF_ENV_FILE="$RABBITMQ_STATE/rabbitmq-env.conf"
export ERL_EPMD_ADDRESS=127.0.0.1

# The /usr/sbin wrapper switches user and loses the cookie; the real script runs as we are.
/usr/lib/rabbitmq/bin/rabbitmq-server &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' TERM INT
set +e
wait "$server"
wait "$server"
# epmd daemonizes and would outlive the broker.
epmd -kill > /dev/null 2>&1 || true
