#!/usr/bin/env bash
# Issue 13's bench: 50 concurrent simulated labelers submit 10,000 labels through the label API of
# the real web server on embedded PostgreSQL (or a Docker PostgreSQL when one answers); prints
# submissions/s, acknowledgement latency p50/p90/p99/max and the zero-loss/zero-duplicate check.
#   bench/run-label.sh                 50 labelers, 10,000 labels, overlap 2
#   bench/run-label.sh 20 2000 2       labelers, labels, overlap
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_jar="$root/app/target/tempered-app-0.1.0-SNAPSHOT.jar"
storage_tests="$root/storage/target/tempered-storage-0.1.0-SNAPSHOT-tests.jar"
if [[ ! -f "$app_jar" || ! -d "$root/app/target/lib" || ! -f "$storage_tests" || ! -d "$root/bench/target/classes" ]]; then
  echo "building Tempered and the bench …" >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests install -pl bench -am) >&2
fi
cd "$root"
exec java ${TEMPERED_JAVA_OPTS:-} -cp "$app_jar:$root/app/target/lib/*:$storage_tests:$root/bench/target/classes" \
  dev.tempered.bench.label.LabelSubmitBench "$@"
