#!/usr/bin/env bash
# Model bench: Tempered's GPT (DJL over libtorch) against its PyTorch twin, same config, initial
# weights, data, batch and threads, in one run: training tokens/s, greedy sampling tokens/s with
# and without a KV cache, peak RSS of each process, an MFU estimate; then the same on the GPU when
# nvidia-smi answers. By hand only, never in CI.
#   bench/model/run-model-bench.sh [--vocab 8192] [--batch 16] [--steps 30] [--threads 2] [--rounds 2]
# Each round runs Tempered, then the twin; the report keeps each side's best round per number
# (its highest rates, its highest peak RSS), which on a shared machine is the least disturbed.
# The twin runs in bench/.venv-model (created here when missing: torch 2.7.1 from PyPI, the
# libtorch DJL 0.36 bundles). MODEL_BENCH_PYTHON=/path/to/python uses another interpreter that
# already has torch. Results: bench/results/model/ (JSON per side and device, report.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

vocab=8192 batch=16 steps=30 threads=2 rounds=2
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

py="${MODEL_BENCH_PYTHON:-bench/.venv-model/bin/python}"
if ! "$py" -c 'import torch, numpy' 2>/dev/null; then
  [[ -n "${MODEL_BENCH_PYTHON:-}" ]] && { echo "$py has no torch/numpy" >&2; exit 2; }
  echo "installing torch 2.7.1 into bench/.venv-model …" >&2
  python3 -m venv bench/.venv-model
  bench/.venv-model/bin/pip install -q torch==2.7.1 numpy
fi
# Compile and copy dependencies only (never install): ModelBench needs the activities classes and DJL.
mvn -B -q -o -Dstyle.color=never package -pl app -am -DskipTests >&2
mvn -B -q -o -Dstyle.color=never compile -pl bench -am >&2
cp="activities/target/classes:bench/target/classes:app/target/lib/*"
out=bench/results/model
rm -rf "$out" && mkdir -p "$out"

# Both sides: the same intra-op threads, one inter-op thread, OpenMP threads that sleep when idle.
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
java_opts=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1)
{
  echo "== $(date -u +%FT%TZ) $(hostname), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $("$py" -c 'import torch; print("torch", torch.__version__)')"
  echo "   demo GPT (2 layers, width 128, 4 heads, context 128), vocab $vocab, batch $batch x 128, $steps timed steps, $threads threads"
} | tee "$out/report.txt" >&2

for round in $(seq 1 "$rounds"); do
  java "${java_opts[@]}" -cp "$cp" dev.tempered.bench.model.ModelBench "$out" cpu "$vocab" "$batch" "$steps" "$round" \
    > "$out/tempered-cpu-r$round.log" 2>&1 || { cat "$out/tempered-cpu-r$round.log" >&2; exit 1; }
  "$py" bench/model/model_bench.py "$out" cpu "$threads" "$steps" "$round" > "$out/torch-cpu-r$round.log" 2>&1 \
    || { cat "$out/torch-cpu-r$round.log" >&2; exit 1; }
done
devices=(cpu)

if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  echo "   GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -1)" | tee -a "$out/report.txt" >&2
  devices+=(gpu)
  # DJL's Maven natives are CPU-only; point it at the venv's CUDA libtorch (same 2.7.1; notes/djl.md, GPU).
  torch_lib="$("$py" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
  flavor="$("$py" -c 'import torch; print("cu" + torch.version.cuda.replace(".", "") if torch.version.cuda else "cpu")')"
  PYTORCH_LIBRARY_PATH="$torch_lib" PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR="$flavor" \
    java "${java_opts[@]}" -cp "$cp" dev.tempered.bench.model.ModelBench "$out" gpu "$vocab" "$batch" "$steps" 1 \
    > "$out/tempered-gpu.log" 2>&1 || echo "   Tempered on the GPU failed: see $out/tempered-gpu.log" | tee -a "$out/report.txt" >&2
  "$py" bench/model/model_bench.py "$out" cuda "$threads" "$steps" 1 > "$out/torch-gpu.log" 2>&1 \
    || echo "   the twin on the GPU failed: see $out/torch-gpu.log" | tee -a "$out/report.txt" >&2
fi

"$py" bench/model/model_report.py "$out" "${devices[@]}" | tee -a "$out/report.txt"
