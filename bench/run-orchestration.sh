#!/usr/bin/env bash
# Orchestration overhead of Tempered against bare Temporal activity dispatch, on the embedded
# platform in this process. Builds first when sources are newer than the build. About 1-3 minutes.
#   bench/run-orchestration.sh                                  N = 1,10,50, 10 repetitions, 2 warm-up rounds
#   bench/run-orchestration.sh --stages 10,50 --repetitions 3
#   bench/run-orchestration.sh --help                           every option
# Results: a table and a markdown summary on stdout, JSON in bench/results/orchestration-<date>.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

app_jar="$root/app/target/tempered-app-0.1.0-SNAPSHOT.jar"
bench_jar="$root/bench/target/tempered-bench-0.1.0-SNAPSHOT.jar"
stale() {
  [[ ! -f "$app_jar" || ! -d "$root/app/target/lib" || ! -f "$bench_jar" || ! -d "$root/bench/target/classes" ]] && return 0
  # Any source, template, migration or pom newer than the bench jar (built last) means a rebuild.
  [[ -n "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o -path "$root/.tempered" -prune -o \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.jte' -o -name '*.sql' -o -path '*/src/main/resources/*' \) \
      -newer "$bench_jar" -print -quit)" ]]
}
if stale; then
  echo "building Tempered and the bench …" >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true -Derrorprone.skip install -pl bench -am) >&2
fi

cd "$root"
exec java ${TEMPERED_JAVA_OPTS:-} -cp "$app_jar:$root/app/target/lib/*:$root/bench/target/classes" \
  dev.tempered.bench.OrchestrationBench "$@"
