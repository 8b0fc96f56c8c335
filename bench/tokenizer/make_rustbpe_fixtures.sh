#!/usr/bin/env bash
# Regenerates the rustbpe fixtures of BpeTrainerCorpusTest: runs the test once to dump the sample
# text (it fails on a stale SAMPLE_SHA256, which is expected here), then trains rustbpe on it.
# Needs bench/.venv with rustbpe (bench/tokenizer/train_bench.sh creates it). Update SAMPLE_SHA256
# in BpeTrainerCorpusTest with the printed value, then rerun the test.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test -pl activities -am -Dtest='BpeTrainerCorpusTest' -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
[[ -f activities/target/tokenizer-sample.txt ]] || { echo "the test did not dump activities/target/tokenizer-sample.txt" >&2; exit 1; }
bench/.venv/bin/python bench/tokenizer/make_rustbpe_fixtures.py
