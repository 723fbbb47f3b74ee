#!/usr/bin/env bash
# PostgreSQL for the AppHost in processes mode: initdb on first start, then the server in the
# foreground until the AppHost stops it. Environment: PG_BIN, PGDATA, PGPORT, POSTGRES_PASSWORD.
# Arguments: settings for the server (PostgresSettings.cs: -c max_connections=…), as the image takes them.
set -euo pipefail
: "${PG_BIN:?}" "${PGDATA:?}" "${PGPORT:?}" "${POSTGRES_PASSWORD:?}"

# initdb and postgres refuse to run as root. setpriv (not runuser) keeps the signal path direct.
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  pwfile="$(dirname "$PGDATA")/.pwfile"
  (umask 077; printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA" "$pwfile"
  "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 > /dev/null
  rm -f "$pwfile"
fi

# After a crash (a killed server) the old postmaster may still be on its way out, and PostgreSQL
# refuses the folder while the process postmaster.pid names exists, even as a zombie, which holds
# nothing. Wait for it (30 s at most); a zombie's lock file is stale and goes.
if [ -f "$PGDATA/postmaster.pid" ]; then
  old=$(head -n 1 "$PGDATA/postmaster.pid" || true)
  for _ in $(seq 1 300); do
    state=$(awk '{ print $3 }' "/proc/$old/stat" 2>/dev/null || true)
    [ -z "$state" ] && break
    if [ "$state" = Z ]; then
      rm -f "$PGDATA/postmaster.pid"
      break
    fi
    sleep 0.1
  done
fi

"${as_postgres[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "$@" &
server=$!

# SIGTERM is a "smart" shutdown that waits for every pooled connection to close; the orchestrator
# does not wait that long, so stop the way an operator would: fast shutdown (SIGINT).
trap 'kill -INT "$server" 2>/dev/null || true' TERM INT
set +e
wait "$server"
wait "$server"
