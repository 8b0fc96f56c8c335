#!/usr/bin/env bash
# Tempered's curate against datatrove's FineWeb pipeline (trafilatura, fastText) on the same WARC,
# one thread each, one side after the other: docs/s per core and keep/drop agreement per step.
#   bench/curation/run-curation-bench.sh                          sample WARC, 1 warm-up + 1 measured pass (~4 min)
#   bench/curation/run-curation-bench.sh --repeat 3               3 measured passes each, for steadier timing
#   bench/curation/run-curation-bench.sh --warc x.warc.gz --warmup 2 --timeout 5
# Needs Java 17, Maven, python3 (3.10+) and PyPI: the datatrove side is installed into bench/.venv
# (git-ignored) on first use. Results: report on stdout, JSON in bench/results/curation-<date>.json,
# raw per-page decisions and texts of both sides in bench/results/curation-<date>/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

warc="$root/examples/data/sample.warc.gz"
repeat=1
warmup=1
timeout=1
examples=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warc) warc="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --examples) examples="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      echo "options: --warc FILE  --repeat N (measured passes)  --warmup N  --timeout S (trafilatura, seconds of CPU per page; default 1)  --examples N"
      exit 0 ;;
    *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
[[ -f "$warc" ]] || { echo "no WARC at $warc" >&2; exit 2; }

# The datatrove side. Pinned to the version whose filters Tempered's were checked against
# (bench/curation/README.md). spaCy is datatrove's English word tokenizer for the Gopher filters;
# lxml_html_clean is what trafilatura's justext needs since lxml 5.2 split it out.
venv="$root/bench/.venv"
if ! "$venv/bin/python" -c "import datatrove, trafilatura, fasttext, spacy, warcio, magic" 2>/dev/null; then
  echo "installing datatrove into $venv …" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >&2
  "$venv/bin/pip" install -q "datatrove[processing,io]==0.10.1" spacy lxml_html_clean >&2
fi

# The Tempered side. `package`, not `install`: nothing leaves this work tree.
bench_classes="$root/bench/target/classes/dev/tempered/bench/curation/CurationBench.class"
stale() {
  [[ ! -f "$bench_classes" || ! -d "$root/app/target/lib" ]] && return 0
  [[ -n "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o -path "$root/bench/.venv" -prune -o \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$bench_classes" -print -quit)" ]]
}
if stale; then
  echo "building Tempered and the bench …" >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests ${TEMPERED_MVN_OPTS:-} package -pl bench -am) >&2
fi

stamp="$(date +%Y-%m-%d-%H%M%S)"
out="$root/bench/results/curation-$stamp"
mkdir -p "$out"
cd "$root"
echo "Tempered: $warmup warm-up + $repeat measured pass(es) over $warc …" >&2
java ${TEMPERED_JAVA_OPTS:-} -cp "$root/bench/target/classes:$root/activities/target/classes:$root/app/target/lib/*" \
  dev.tempered.bench.curation.CurationBench --warc "$warc" --out "$out/tempered" --warmup "$warmup" --repeat "$repeat"
echo "datatrove: $warmup warm-up + $repeat measured pass(es) …" >&2
"$venv/bin/python" "$root/bench/curation/datatrove_fineweb.py" --warc "$warc" \
  --model "$root/activities/src/main/resources/lang/lid.176.ftz" --out "$out/datatrove" \
  --warmup "$warmup" --repeat "$repeat" --timeout "$timeout"
echo "filters on identical text: each side's extracted text through both filter chains …" >&2
"$venv/bin/python" "$root/bench/curation/identical_text.py" make "$out/tempered" "$out/datatrove" "$out/texts.tsv"
java ${TEMPERED_JAVA_OPTS:-} -cp "$root/bench/target/classes:$root/activities/target/classes:$root/app/target/lib/*" \
  dev.tempered.bench.curation.FiltersOnTexts "$out/texts.tsv" > "$out/identical-tempered.tsv"
"$venv/bin/python" "$root/bench/curation/datatrove_filters.py" "$out/texts.tsv" > "$out/identical-datatrove.tsv"
"$venv/bin/python" "$root/bench/curation/identical_text.py" compare "$out/identical-tempered.tsv" \
  "$out/identical-datatrove.tsv" "$out/identical-text.json"
"$venv/bin/python" "$root/bench/curation/curation_report.py" "$out/tempered" "$out/datatrove" \
  "$root/bench/results/curation-$stamp.json" --examples "$examples" --identical-text "$out/identical-text.json"
