#!/usr/bin/env python3
"""Prints run-chat-bench.sh's table from the JSON both sides wrote: chat_report.py DIR.

Each side's best round per number (its highest rate), as model_report.py does; a side whose JSON
is missing (a failed run) is shown as "-", never estimated.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from model_report import fmt, load  # noqa: E402

BATCHES = (1, 16, 64)


def main(d):
    t, p = load(d, "tempered", "cpu"), load(d, "torch", "cpu")
    print(f"\n-- cpu (best of {(t or {}).get('rounds', 0)} Tempered and {(p or {}).get('rounds', 0)} PyTorch rounds), "
          f"{(t or p or {}).get('new_tokens', '?')} new tokens per row, greedy, KV cache --")
    if p:
        print(f"same tokens: {p.get('rows_identical_to_tempered', '-')} of 64 rows identical to Tempered's, "
              f"{100 * p.get('tokens_identical_to_tempered', 0):.1f} % of tokens")
    print(f"{'':36s} {'Tempered':>12s} {'PyTorch':>12s} {'ratio':>8s}")
    for b in BATCHES:
        key = f"batch_{b}_tokens_per_s"
        a, c = (t or {}).get(key), (p or {}).get(key)
        ratio = f"{a / c:.2f}x" if a and c else "-"
        print(f"{'batch ' + str(b) + ', tokens/s':36s} {fmt(a):>12s} {fmt(c):>12s} {ratio:>8s}")
    a, c = (t or {}).get("peak_rss_mb"), (p or {}).get("peak_rss_mb")
    print(f"{'peak RSS, MB':36s} {fmt(a):>12s} {fmt(c):>12s} {(f'{a / c:.2f}x' if a and c else '-'):>8s}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1])
