"""Times tiktoken's cl100k_base encode_ordinary, one thread, on the documents EncodeBench prepared.

Usage: bench/.venv/bin/python bench/tokenizer/tiktoken_encode.py OUT_DIR [ROUNDS]
Reads OUT_DIR/text.txt (documents joined by U+001E) and builds cl100k_base from
OUT_DIR/cl100k_base.tiktoken (tiktoken would download it otherwise). Prints "tiktoken MB/s tokens".
"""
import statistics
import sys
import time
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cl100k_local  # noqa: E402


def main():
    out = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    enc = cl100k_local.cl100k(os.path.join(out, "cl100k_base.tiktoken"))
    # newline="" keeps CR LF as written; the default would turn it into LF and change the text.
    with open(os.path.join(out, "text.txt"), encoding="utf-8", newline="") as f:
        docs = f.read().split("\x1e")
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    times = []
    tokens = 0
    for r in range(rounds + 2):
        start = time.perf_counter()
        tokens = sum(len(enc.encode_ordinary(d)) for d in docs)
        if r >= 2:  # two warm-up rounds, as for the Java encoders
            times.append(time.perf_counter() - start)
    print("tiktoken %.2f %d" % (nbytes / 1e6 / statistics.median(times), tokens))


if __name__ == "__main__":
    main()
