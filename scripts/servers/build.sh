#!/usr/bin/env bash
# Builds the real Temporal server (with its SQLite persistence), the Temporal Web UI server and the
# MinIO server from source
# with Go, through the Go module proxy (no binary downloads), into a cache that later runs reuse.
#
#   scripts/servers/build.sh            # prints the directory whose bin/ holds temporal-server, temporal-ui-server, minio
#
# Cache: $TEMPERED_SERVERS_DIR (default ~/.cache/tempered/servers), one folder per version pair.
# First build: ~10-20 min on 2 cores (Go's own module and build caches make rebuilds quick).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/versions.sh"

command -v go >/dev/null || { echo "build.sh: Go is required (https://go.dev/dl or apt-get install golang)" >&2; exit 3; }
root="${TEMPERED_SERVERS_DIR:-$HOME/.cache/tempered/servers}"
out="$root/temporal-${TEMPORAL_SERVER_VERSION}_ui-${TEMPORAL_UI_VERSION}_minio-${MINIO_VERSION}"
if [[ -x "$out/bin/temporal-server" && -x "$out/bin/temporal-ui-server" && -x "$out/bin/minio" ]]; then
  echo "$out"; exit 0
fi

mkdir -p "$out/bin.partial"
log="$out/build.log"
echo "building Temporal $TEMPORAL_SERVER_VERSION, its UI $TEMPORAL_UI_VERSION and MinIO $MINIO_VERSION with $(go version | cut -d' ' -f3) (log: $log) …" >&2
GOBIN="$out/bin.partial" go install "$TEMPORAL_SERVER_MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" >>"$log" 2>&1 \
  || { echo "build.sh: building the Temporal server failed; see $log" >&2; exit 4; }
mv "$out/bin.partial/server" "$out/bin.partial/temporal-server"
GOBIN="$out/bin.partial" go install "$TEMPORAL_UI_MODULE/cmd/server@$TEMPORAL_UI_VERSION" >>"$log" 2>&1 \
  || { echo "build.sh: building the Temporal Web UI failed; see $log" >&2; exit 4; }
mv "$out/bin.partial/server" "$out/bin.partial/temporal-ui-server"
GOBIN="$out/bin.partial" go install "$MINIO_MODULE@$MINIO_VERSION" >>"$log" 2>&1 \
  || { echo "build.sh: building MinIO failed; see $log" >&2; exit 4; }

rm -rf "$out/bin" && mv "$out/bin.partial" "$out/bin"
echo "$out"
