#!/usr/bin/env bash
# SFT bench: Tempered's masked training step (GptTrainer.stepMasked over PackedConversations) against
# its PyTorch twin with the same masked loss, same demo model (2 layers, width 128, context 128),
# initial weights, packed batches, optimizer and threads, in one run. By hand only, never in CI.
#   bench/chat/run-sft-bench.sh [--vocab 4096] [--batch 16] [--steps 30] [--threads 2] [--rounds 3]
# Rounds alternate Tempered and the twin; the report keeps each side's best round (on a shared
# machine the least disturbed one) and the ratio of the two. SFT_BENCH_PYTHON picks the
# interpreter (default /work/venv-torch/bin/python; it needs torch and numpy).
# Results: bench/results/sft/ (JSON per side and round, report.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

vocab=4096 batch=16 steps=30 threads=2 rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vocab) vocab="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
py="${SFT_BENCH_PYTHON:-/work/venv-torch/bin/python}"
"$py" -c 'import torch, numpy' 2>/dev/null || { echo "$py has no torch/numpy; set SFT_BENCH_PYTHON" >&2; exit 2; }

# Compile and copy dependencies only (never install): SftBench needs the activities classes and DJL.
mvn -B -q -o -Dstyle.color=never package -pl app -am -DskipTests >&2
# test-compile, not compile: bench uses the storage module's test jar (storage.testing), which the reactor
# only has once test classes are compiled.
mvn -B -q -o -Dstyle.color=never test-compile -pl bench -am >&2
cp="activities/target/classes:bench/target/classes:app/target/lib/*"
out=bench/results/sft
rm -rf "$out" && mkdir -p "$out"

export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
java_opts=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1)
{
  echo "== $(date -u +%FT%TZ) $(hostname), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "   $(java -version 2>&1 | head -1), $("$py" -c 'import torch; print("torch", torch.__version__)')"
  echo "   SFT, demo GPT (2 layers, width 128, 4 heads, context 128), vocab $vocab, batch $batch x 128 packed,"
  echo "   $steps timed steps after 5 warm-up steps, $threads threads, $rounds rounds"
} | tee "$out/report.txt" >&2

for round in $(seq 1 "$rounds"); do
  java "${java_opts[@]}" -cp "$cp" dev.tempered.bench.chat.SftBench "$out" "$vocab" "$batch" "$steps" "$round" \
    > "$out/tempered-r$round.log" 2>&1 || { cat "$out/tempered-r$round.log" >&2; exit 1; }
  "$py" bench/chat/sft_twin_speed.py "$out" "$threads" "$steps" "$round" > "$out/torch-r$round.log" 2>&1 \
    || { cat "$out/torch-r$round.log" >&2; exit 1; }
done

"$py" - "$out" "$rounds" <<'PY' | tee -a "$out/report.txt"
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
side = {s: [json.load(open(f"{out}/{s}-r{r}.json")) for r in range(1, rounds + 1)] for s in ("tempered", "torch")}
best = {s: max(x["train_tokens_per_s"] for x in v) for s, v in side.items()}
t, p = side["tempered"][0], side["torch"][0]
print(f"   step-1 masked loss: Tempered {t['first_step_loss']:.6f}, PyTorch {p['first_step_loss']:.6f} "
      f"(same weights, same batch); masked share {t['masked_share']:.3f}")
print("   rounds (tokens/s): Tempered " + ", ".join(f"{x['train_tokens_per_s']:,.0f}" for x in side["tempered"])
      + "; PyTorch " + ", ".join(f"{x['train_tokens_per_s']:,.0f}" for x in side["torch"]))
print(f"SFT training: Tempered {best['tempered']:,.0f} tokens/s, PyTorch {best['torch']:,.0f} tokens/s, "
      f"ratio {best['tempered'] / best['torch']:.2f}x (target >= 0.9x)")
PY
