#!/usr/bin/env python3
"""Prints run-rl-bench.sh's table from the JSON both sides wrote: rl_report.py DIR.

Each side's best round per number (its highest rate, its lowest time), as model_report.py does; a
side whose JSON is missing (a failed run) is shown as "-", never estimated. Ratios are "Tempered's
speed over the twin's": tokens/s over tokens/s, and the twin's milliseconds over Tempered's.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from model_report import fmt  # noqa: E402

TARGETS = {"rollout": 1.0, "step": 0.9}  # issue 14: rollout >= 1.0x, optimisation step >= 0.9x


def load(d, side):
    rounds = []
    for name in sorted(os.listdir(d)):
        if name.startswith(f"{side}-cpu-r") and name.endswith(".json"):
            with open(os.path.join(d, name)) as f:
                rounds.append(json.load(f))
    if not rounds:
        return None, []
    best = dict(rounds[0])
    for r in rounds[1:]:
        for k, v in r.items():
            if k.endswith("_per_s"):
                best[k] = max(best[k], v)
            elif k.endswith("_ms"):
                best[k] = min(best[k], v)
    return best, rounds


def main(d):
    (t, tr), (p, pr) = load(d, "tempered"), load(d, "torch")
    t, p = t or {}, p or {}
    print(f"\n-- cpu, best of {len(tr)} Tempered and {len(pr)} PyTorch rounds, {t.get('threads', '?')} / "
          f"{p.get('threads', '?')} threads --")
    print(f"{'':52s} {'Tempered':>10s} {'PyTorch':>10s} {'ratio':>7s} {'target':>7s}")
    for b in (16, 64):
        key = f"rollout_batch_{b}_tokens_per_s"
        a, c = t.get(key), p.get(key)
        ratio = f"{a / c:.2f}x" if a and c else "-"
        print(f"{f'rollout, {b} prompts x 48 tokens, T 0.7, tokens/s':52s} {fmt(a):>10s} {fmt(c):>10s} {ratio:>7s} "
              f"{'>=1.0x':>7s}")
    a, c = t.get("greedy_batch_64_tokens_per_s"), p.get("greedy_batch_64_tokens_per_s")
    print(f"{'  the same 64 prompts greedy (argmax), tokens/s':52s} {fmt(a):>10s} {fmt(c):>10s} "
          f"{(f'{a / c:.2f}x' if a and c else '-'):>7s}")
    for key, label in (("minibatch", "PPO update, 1 minibatch of 16 rows, ms"),
                       ("ppo_step", "PPO optimisation, 4 epochs x 2 minibatches, ms")):
        a, c = t.get(f"{key}_ms"), p.get(f"{key}_ms")
        ratio = f"{c / a:.2f}x" if a and c else "-"
        print(f"{label:52s} {fmt(a):>10s} {fmt(c):>10s} {ratio:>7s} {'>=0.9x':>7s}")
    a, c = t.get("minibatch_first_loss"), p.get("minibatch_first_loss")
    print(f"{'first update loss (same weights, same rollouts)':52s} "
          f"{(f'{a:.6f}' if a is not None else '-'):>10s} {(f'{c:.6f}' if c is not None else '-'):>10s}")
    a, c = t.get("peak_rss_mb"), p.get("peak_rss_mb")
    print(f"{'peak RSS, MB':52s} {fmt(a):>10s} {fmt(c):>10s}")
    print(f"tokens trained per update: {t.get('minibatch_trained_tokens', '-')} (Tempered), "
          f"{p.get('minibatch_trained_tokens', '-')} (PyTorch)")
    for name, rounds in (("Tempered", tr), ("PyTorch", pr)):
        print(f"rounds, {name}: " + "; ".join(
            f"{r.get('rollout_batch_16_tokens_per_s', 0):,.0f} / {r.get('rollout_batch_64_tokens_per_s', 0):,.0f} "
            f"tok/s, {r.get('minibatch_ms', 0):,.0f} / {r.get('ppo_step_ms', 0):,.0f} ms" for r in rounds))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1])
