#!/usr/bin/env bash
# Runs the real Temporal server in the foreground, state in a SQLite file under DATA_DIR, so a
# restart continues every workflow where it was. Creates nothing else; the Tempered platform
# registers its namespace on first connect.
#
#   scripts/servers/start-temporal.sh DATA_DIR      # frontend on 127.0.0.1:$TEMPORAL_PORT (7233)
#
# Ports: frontend $TEMPORAL_PORT, then +1 history, +2 matching, +6 worker, +10.. membership.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${1:?usage: start-temporal.sh DATA_DIR}"
port="${TEMPORAL_PORT:-7233}"
servers="${TEMPERED_SERVERS_BUILD:-$("$here/build.sh")}"
mkdir -p "$data/dynamicconfig"
data="$(cd "$data" && pwd)"

# Written on every start; TEMPORAL_DYNAMIC_CONFIG (YAML lines) adds settings. Visibility calls (listing
# runs and schedules) are limited to 10/s per namespace by default, sized for large shared
# clusters; one team's server can afford more.
cat > "$data/dynamicconfig/tempered.yaml" <<YAML
frontend.namespaceRPS.visibility:
  - value: 100
${TEMPORAL_DYNAMIC_CONFIG:-}
YAML

sqlite_store() {
  cat <<YAML
      sql:
        pluginName: "sqlite"
        databaseName: "$data/$1.db"
        connectAddr: "localhost"
        connectProtocol: "tcp"
        connectAttributes:
          mode: "rwc"
          setup: true
          journal_mode: wal
          # synchronous=FULL: a SIGKILL or power loss never loses an acknowledged write.
          synchronous: 2
        maxConns: 1
        maxIdleConns: 1
        maxConnLifetime: "1h"
YAML
}

cat > "$data/config.yaml" <<YAML
log:
  stdout: true
  level: warn
persistence:
  defaultStore: sqlite-default
  visibilityStore: sqlite-visibility
  numHistoryShards: 1
  datastores:
    sqlite-default:
$(sqlite_store temporal)
    sqlite-visibility:
$(sqlite_store visibility)
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:
    rpc: {grpcPort: $port, membershipPort: $((port + 10)), bindOnLocalHost: true, httpPort: $((port + 7))}
  history:
    rpc: {grpcPort: $((port + 1)), membershipPort: $((port + 11)), bindOnLocalHost: true}
  matching:
    rpc: {grpcPort: $((port + 2)), membershipPort: $((port + 12)), bindOnLocalHost: true}
  worker:
    rpc: {grpcPort: $((port + 6)), membershipPort: $((port + 16)), bindOnLocalHost: true}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:$port"
      httpAddress: "127.0.0.1:$((port + 7))"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "$data/dynamicconfig/tempered.yaml"
  pollInterval: "10s"
YAML

exec "$servers/bin/temporal-server" --config-file "$data/config.yaml" --allow-no-auth start
