#!/usr/bin/env bash
# Tokenizer training bench: Tempered's BpeTrainer against rustbpe and HF tokenizers, same corpus,
# pattern, vocabulary sizes and thread count, in one run. By hand only, never in CI.
#   bench/tokenizer/train_bench.sh                          vocab 4096 and 32768, 2 threads, GPT-4 pattern
#   bench/tokenizer/train_bench.sh --vocab 4096 --threads 4 --pattern nanochat --repeat 2
# Needs the corpus (bench/tokenizer/make_corpus.sh; built here when missing) and bench/.venv with
# rustbpe and tokenizers (created here when missing, from PyPI). Results: bench/results/tokenizer/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

vocab=4096,32768 threads=2 pattern=gpt4 repeat=1 specials=10 extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vocab) vocab="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --pattern) pattern="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --specials) specials="$2"; shift 2 ;;
    --skip-hf) extra+=(--skip-hf); shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

[[ -f bench/data/tokenizer/corpus.txt ]] || bench/tokenizer/make_corpus.sh
if [[ ! -x bench/.venv/bin/python ]] || ! bench/.venv/bin/python -c 'import rustbpe, tokenizers' 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q rustbpe tokenizers
fi
# Compile only (never install): TrainBench needs the activities classes and picocli.
mvn -B -q -o -Dstyle.color=never compile -pl bench -am >&2
picocli="$(find ~/.m2/repository/info/picocli/picocli -name 'picocli-*.jar' | sort | tail -1)"
out=bench/results/tokenizer
rm -rf "$out" && mkdir -p "$out"

echo "== $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), vocab $vocab, threads $threads, pattern $pattern" >&2
java ${TEMPERED_JAVA_OPTS:--Xmx4g} -cp "activities/target/classes:bench/target/classes:$picocli" \
  dev.tempered.bench.tokenizer.TrainBench --vocab "$vocab" --threads "$threads" --pattern "$pattern" \
  --repeat "$repeat" --specials "$specials" --out "$out"
RAYON_NUM_THREADS="$threads" RAYON_RS_NUM_THREADS="$threads" bench/.venv/bin/python bench/tokenizer/train_peers.py \
  --vocab "$vocab" --specials "$specials" --results "$out" "${extra[@]}"
