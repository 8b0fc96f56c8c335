#!/usr/bin/env bash
# Runs the Temporal Web UI in the foreground on 127.0.0.1:$TEMPORAL_UI_PORT (8233), talking to the
# Temporal frontend on 127.0.0.1:$TEMPORAL_PORT (7233). Its config is written to DIR.
#
#   scripts/servers/start-temporal-ui.sh DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: start-temporal-ui.sh DIR}"
servers="${TEMPERED_SERVERS_BUILD:-$("$here/build.sh")}"
mkdir -p "$dir/config"
cat > "$dir/config/tempered.yaml" <<YAML
temporalGrpcAddress: 127.0.0.1:${TEMPORAL_PORT:-7233}
host: 127.0.0.1
port: ${TEMPORAL_UI_PORT:-8233}
enableUi: true
defaultNamespace: ${TEMPERED_TEMPORAL_NAMESPACE:-default}
# Air-gapped friendly: no news or version checks.
disableNewsFetch: true
notifyOnNewVersion: false
YAML
exec "$servers/bin/temporal-ui-server" --root "$dir" --config config --env tempered start
