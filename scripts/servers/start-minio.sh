#!/usr/bin/env bash
# Runs the real MinIO server in the foreground on 127.0.0.1, objects under DATA_DIR.
#
#   MINIO_ROOT_USER=… MINIO_ROOT_PASSWORD=… scripts/servers/start-minio.sh DATA_DIR
#
# S3 API on $MINIO_PORT (9000), console on the next port. Without MINIO_ROOT_USER/PASSWORD, random
# keys are made once and kept in DATA_DIR/.tempered-credentials (owner-only), never MinIO's
# well-known defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${1:?usage: start-minio.sh DATA_DIR}"
port="${MINIO_PORT:-9000}"
servers="${TEMPERED_SERVERS_BUILD:-$("$here/build.sh")}"
mkdir -p "$data"

if [[ -z "${MINIO_ROOT_USER:-}" || -z "${MINIO_ROOT_PASSWORD:-}" ]]; then
  creds="$data/.tempered-credentials"
  if [[ ! -f "$creds" ]]; then
    (umask 077; printf 'MINIO_ROOT_USER=tempered-%s\nMINIO_ROOT_PASSWORD=%s\n' \
      "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$creds")
    echo "start-minio.sh: made access keys in $creds" >&2
  fi
  set -a; source "$creds"; set +a
fi
# No phoning home from a test or an air-gapped machine.
export MINIO_UPDATE=off MINIO_BROWSER="${MINIO_BROWSER:-on}"
exec "$servers/bin/minio" server "$data" --address "127.0.0.1:$port" --console-address "127.0.0.1:$((port + 1))" --quiet
