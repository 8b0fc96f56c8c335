#!/usr/bin/env bash
# The dashboard's runs page with 20 concurrent clients: the pre-issue-10 per-run lineage reads
# against the one-statement page, behind two otherwise identical dashboards in one process, on
# embedded PostgreSQL seeded with 1,000 runs x 8 stages. Builds first when sources are newer than
# the build. About 10 minutes on 2 shared cores: seeding ~2 minutes, and the old side's requests
# at 20 clients mostly wait 15 s for a pool timeout each.
#   bench/run-lineage.sh                        1,000 runs; 1 client x 20 requests, then 20 clients x 5 requests
#   bench/run-lineage.sh --runs 200 --clients 8 --requests 3
#   bench/run-lineage.sh --help                 every option
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

app_jar="$root/app/target/tempered-app-0.1.0-SNAPSHOT.jar"
bench_jar="$root/bench/target/tempered-bench-0.1.0-SNAPSHOT.jar"
storage_tests="$root/storage/target/tempered-storage-0.1.0-SNAPSHOT-tests.jar"
stale() {
  [[ ! -f "$app_jar" || ! -d "$root/app/target/lib" || ! -f "$bench_jar" || ! -f "$storage_tests" ]] && return 0
  [[ -n "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o -path "$root/.tempered" -prune -o \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.jte' -o -name '*.sql' -o -path '*/src/main/resources/*' \) \
      -newer "$bench_jar" -print -quit)" ]]
}
if stale; then
  echo "building Tempered and the bench …" >&2
  # Test classes are compiled (not run): the bench uses storage's test jar (LineageSeed, the old reads).
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests install -pl bench -am) >&2
fi

cd "$root"
exec java ${TEMPERED_JAVA_OPTS:-} -cp "$app_jar:$root/app/target/lib/*:$storage_tests:$root/bench/target/classes" \
  dev.tempered.bench.lineage.LineageBench "$@"
