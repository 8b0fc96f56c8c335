#!/usr/bin/env bash
# Starts the real servers of the production topology on this machine, in the background, and
# writes a tempered.yaml that points Tempered at them:
#
#   scripts/servers/up.sh DATA_DIR        # then: ./tempered up --queues=none --config=DATA_DIR/tempered.yaml
#   scripts/servers/down.sh DATA_DIR      #       ./tempered worker --queues=cpu,model --config=DATA_DIR/tempered.yaml  (as many as you like)
#
# Temporal on 127.0.0.1:$TEMPORAL_PORT (7233) with its Web UI on $TEMPORAL_UI_PORT (8233), MinIO on
# $MINIO_PORT (9000), PostgreSQL on $PGPORT (5432).
# Logs and pid files go to DATA_DIR; state survives restarts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${1:?usage: up.sh DATA_DIR}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
export TEMPERED_SERVERS_BUILD="${TEMPERED_SERVERS_BUILD:-$("$here/build.sh")}"

wait_port() {
  for _ in $(seq 1 600); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "up.sh: nothing answers on port $1; see $2" >&2; return 1
}
start() { # name script dir port
  if [[ -f "$data/$1.pid" ]] && kill -0 "$(cat "$data/$1.pid")" 2>/dev/null; then echo "$1 already running"; return; fi
  setsid "$here/$2" "$data/$3" >>"$data/$1.log" 2>&1 < /dev/null &
  echo $! > "$data/$1.pid"
  wait_port "$4" "$data/$1.log"
  echo "$1 up on 127.0.0.1:$4 (log $data/$1.log)"
}
start postgres start-postgres.sh postgres "${PGPORT:-5432}"
start minio start-minio.sh minio "${MINIO_PORT:-9000}"
start temporal start-temporal.sh temporal "${TEMPORAL_PORT:-7233}"
start temporal-ui start-temporal-ui.sh temporal-ui "${TEMPORAL_UI_PORT:-8233}"

# Credentials the start scripts made (or were given) go into the config, owner-only.
source "$data/minio/.tempered-credentials" 2>/dev/null || true
(umask 077; cat > "$data/tempered.yaml" <<YAML
temporal: {target: "127.0.0.1:${TEMPORAL_PORT:-7233}"}
s3: {endpoint: "http://127.0.0.1:${MINIO_PORT:-9000}", access_key: "${MINIO_ROOT_USER}", secret_key: "${MINIO_ROOT_PASSWORD}"}
postgres: {url: "jdbc:postgresql://127.0.0.1:${PGPORT:-5432}/tempered", user: tempered, password: "$(cat "$data/postgres/.tempered-password")"}
YAML
)
echo "config: $data/tempered.yaml"
