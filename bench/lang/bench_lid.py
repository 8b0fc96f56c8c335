#!/usr/bin/env python3
"""Times the official fastText Python bindings on the language-ID eval set, single thread, the
way datatrove's FT176LID calls them: model.predict(text.replace("\\n", " "), k=1) per document.

--join N concatenates N consecutive paragraphs of the same language into one document (about
N x 330 characters) to approximate web-page-sized input. The Java side was timed by hand with a
throwaway loop over LanguageIdentifier.identify on the same documents (same --join grouping),
single thread; see the commit that added this script for the numbers.

Usage (from the repository root, in a venv with fasttext-wheel, see make_reference.py):
    /tmp/ftvenv/bin/python bench/lang/bench_lid.py [--join 8] [--rounds 5]
"""
import argparse
import time

import fasttext

MODEL = "activities/src/main/resources/lang/lid.176.ftz"
EVAL = "activities/src/test/resources/lang/eval-paragraphs.tsv"


def documents(path, join):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")][1:]
    docs, current, lang = [], [], None
    for r in rows:
        if r[0] != lang or len(current) == join:
            if current:
                docs.append("\n".join(current))
            current, lang = [], r[0]
        current.append(r[2])
    if current:
        docs.append("\n".join(current))
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--join", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    model = fasttext.load_model(MODEL)
    docs = documents(EVAL, a.join)
    chars = sum(len(d) for d in docs)
    for d in docs[:200]:  # warm caches
        model.predict(d.replace("\n", " "), k=1)
    # CPU time as well as wall time: on a shared machine, wall time measures the neighbours.
    best, best_cpu = float("inf"), float("inf")
    for _ in range(a.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        for d in docs:
            model.predict(d.replace("\n", " "), k=1)
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    print("fastText python: %d docs (mean %d chars), best of %d rounds: wall %.0f docs/s, cpu %.0f docs/s, %.1f MB/s cpu"
          % (len(docs), chars / len(docs), a.rounds, len(docs) / best, len(docs) / best_cpu, chars / best_cpu / 1e6))


if __name__ == "__main__":
    main()
