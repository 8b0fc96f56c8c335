#!/usr/bin/env bash
# Stops what up.sh started (SIGTERM: each server shuts down cleanly and keeps its state).
set -euo pipefail
data="${1:?usage: down.sh DATA_DIR}"
for name in temporal-ui temporal minio postgres; do
  pidfile="$data/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  # setsid made each server a process-group leader: signal the group (runuser's child too).
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  rm -f "$pidfile"
  echo "$name stopped"
done
