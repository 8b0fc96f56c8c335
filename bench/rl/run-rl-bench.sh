#!/usr/bin/env bash
# RL bench: the two halves of a PPO step in Tempered (ChatEngine rollouts, PpoUpdate) against a
# PyTorch twin of TRL's PPO loop, same config (demo GPT), weights, prompts, rollouts, PPO defaults
# and threads, in one run: (a) rollout tokens/s, batched sampling at T 0.7 with a KV cache for 16
# and 64 prompts; (b) PPO optimisation time: no-grad policy, reference and value forward, GAE,
# then clipped policy/value losses, backward and AdamW, for one minibatch of 16 rows and for PPO's
# 4 epochs x 2 minibatches. By hand only, never in CI.
#   bench/rl/run-rl-bench.sh [--vocab 8192] [--threads 2] [--rounds 3]
# Each round runs Tempered, then the twin; the report keeps each side's best round per number.
# The twin runs in bench/.venv-model (created here when missing: torch 2.7.1 from PyPI, the
# libtorch DJL 0.36 bundles). RL_BENCH_PYTHON=/path/to/python uses another interpreter that
# already has torch. Results: bench/results/rl/ (JSON per side and round, report.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

vocab=8192 threads=2 rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vocab) vocab="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

source bench/twin-setup.sh
out=bench/results/rl
twin_setup RL_BENCH_PYTHON "$out" "$threads"
echo "   demo GPT (2 layers, width 128, 4 heads, context 128), vocab $vocab, PPO defaults, $threads threads, $rounds rounds" | tee -a "$out/report.txt" >&2

for round in $(seq 1 "$rounds"); do
  java "${java_opts[@]}" -cp "$cp" dev.tempered.bench.rl.RlBench "$out" "$vocab" "$round" \
    > "$out/tempered-cpu-r$round.log" 2>&1 || { cat "$out/tempered-cpu-r$round.log" >&2; exit 1; }
  "$py" bench/rl/rl_twin.py "$out" "$threads" "$round" > "$out/torch-cpu-r$round.log" 2>&1 \
    || { cat "$out/torch-cpu-r$round.log" >&2; exit 1; }
done
echo "   load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/report.txt" >&2

"$py" bench/rl/rl_report.py "$out" | tee -a "$out/report.txt"
