#!/usr/bin/env bash
# cl100k_base encoding speed, one thread each: Tempered, jtokkit and tiktoken on the same >= 10 MB of
# mixed text (sample WARC pages in many scripts + this repository's Java sources). Run by hand from
# anywhere; needs Maven's offline cache (jtokkit in ~/.m2) and, once, PyPI for tiktoken.
#   bench/tokenizer/encode_bench.sh [ROUNDS]     (default 5 timed rounds after 2 warm-up rounds)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-5}"
OUT=bench/results/tokenizer
mkdir -p "$OUT"

if [[ ! -x bench/.venv/bin/python ]] || ! bench/.venv/bin/python -c 'import tiktoken' 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q tiktoken
fi

# Compile what is stale and write the bench module's class path (the reactor resolves our own modules
# to their target/classes, so nothing is installed); bench is the last module, its file wins.
mvn -B -q -o compile dependency:build-classpath -pl bench -am -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="bench/target/classes:$(cat "$OUT/classpath.txt")"
JAVA=(java -Xmx4g -XX:+UseParallelGC -cp "$CP" dev.tempered.bench.tokenizer.EncodeBench)

[[ -f "$OUT/text.txt" ]] || "${JAVA[@]}" prepare "$OUT"
java_out="$("${JAVA[@]}" run "$OUT" "$ROUNDS")"
py_out="$(bench/.venv/bin/python bench/tokenizer/tiktoken_encode.py "$OUT" "$ROUNDS")"
echo "$java_out"
echo "$py_out"
printf '%s\n%s\n' "$java_out" "$py_out" | awk '
  $1 == "tempered" { t = $2; tt = $3 } $1 == "jtokkit" { j = $2; tj = $3 } $1 == "tiktoken" { k = $2; tk = $3 }
  $1 == "bytes" { bytes = $2 }
  END {
    printf "\n| encoder | MB/s | vs tiktoken | tokens |\n|---|---|---|---|\n"
    printf "| Tempered | %.2f | %.2fx | %d |\n| jtokkit 1.1.0 | %.2f | %.2fx | %d |\n| tiktoken | %.2f | 1.00x | %d |\n", t, t / k, tt, j, j / k, tj, k, tk
    printf "\nTempered / jtokkit: %.2fx over %d UTF-8 bytes; token counts %s\n", t / j, bytes, (tt == tj && tj == tk) ? "agree" : "DIFFER"
  }'
