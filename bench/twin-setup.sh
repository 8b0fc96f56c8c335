# Sourced by the benches that run Tempered against a PyTorch twin (bench/chat/run-chat-bench.sh,
# bench/rl/run-rl-bench.sh), from the repository root, after their options are read:
#   twin_setup PYTHON_VARIABLE OUT_DIR THREADS
# Sets py (the twin's interpreter: $PYTHON_VARIABLE when set, which must already have torch, else
# bench/.venv-model, created when missing with torch 2.7.1 from PyPI, the libtorch DJL 0.36
# bundles), cp (Tempered's classpath), java_opts; exports the thread settings both sides share;
# empties OUT_DIR and starts its report.txt with the machine, its load and both runtimes.
twin_setup() {
  local py_var="$1" out="$2" threads="$3"
  py="${!py_var:-bench/.venv-model/bin/python}"
  if ! "$py" -c 'import torch' 2>/dev/null; then
    [[ -n "${!py_var:-}" ]] && { echo "$py has no torch" >&2; exit 2; }
    echo "installing torch 2.7.1 into bench/.venv-model …" >&2
    python3 -m venv bench/.venv-model
    bench/.venv-model/bin/pip install -q torch==2.7.1 numpy
  fi
  # Compile and copy dependencies only (never install): the benches need the activities classes and
  # DJL (app/target/lib, copied once). test-compile, not compile: the bench module's other benches use
  # the storage module's test classes, which the reactor only provides from that phase on. MAVEN_OPTS
  # may name another local repository (-Dmaven.repo.local=...).
  [[ -d app/target/lib ]] || mvn -B -q -o -Dstyle.color=never package -pl app -am -DskipTests >&2
  mvn -B -q -o -Dstyle.color=never test-compile -pl bench -am >&2
  cp="activities/target/classes:bench/target/classes:app/target/lib/*"
  rm -rf "$out" && mkdir -p "$out"

  # Both sides: the same intra-op threads, one inter-op thread, OpenMP threads that sleep when idle.
  export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
  java_opts=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1)
  {
    echo "== $(date -u +%FT%TZ) $(hostname), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
    echo "   load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $("$py" -c 'import torch; print("torch", torch.__version__)')"
  } | tee "$out/report.txt" >&2
}
