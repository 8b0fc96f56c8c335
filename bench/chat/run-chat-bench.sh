#!/usr/bin/env bash
# Chat engine bench: batched greedy generation with a KV cache (ChatEngine) at batch 1, 16 and 64
# against a PyTorch twin, same config (demo GPT), weights, prompts (64 random prompts of 8..48
# tokens, left-padded), new-token count and threads, in one run. By hand only, never in CI.
#   bench/chat/run-chat-bench.sh [--vocab 8192] [--new-tokens 64] [--threads 2] [--rounds 3]
# Each round runs Tempered, then the twin; the report keeps each side's best round per number.
# The twin runs in bench/.venv-model (created here when missing: torch 2.7.1 from PyPI, the
# libtorch DJL 0.36 bundles). CHAT_BENCH_PYTHON=/path/to/python uses another interpreter that
# already has torch (e.g. /work/venv-torch/bin/python). Results: bench/results/chat/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

vocab=8192 new_tokens=64 threads=2 rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vocab) vocab="$2"; shift 2 ;;
    --new-tokens) new_tokens="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

source bench/twin-setup.sh
out=bench/results/chat
twin_setup CHAT_BENCH_PYTHON "$out" "$threads"
echo "   demo GPT (2 layers, width 128, 4 heads, context 128), vocab $vocab, $new_tokens new tokens per row, $threads threads" | tee -a "$out/report.txt" >&2

for round in $(seq 1 "$rounds"); do
  java "${java_opts[@]}" -cp "$cp" dev.tempered.bench.chat.ChatBench "$out" "$vocab" "$new_tokens" "$round" \
    > "$out/tempered-cpu-r$round.log" 2>&1 || { cat "$out/tempered-cpu-r$round.log" >&2; exit 1; }
  "$py" bench/chat/chat_bench.py "$out" "$threads" "$round" > "$out/torch-cpu-r$round.log" 2>&1 \
    || { cat "$out/torch-cpu-r$round.log" >&2; exit 1; }
done

"$py" bench/chat/chat_report.py "$out" | tee -a "$out/report.txt"
