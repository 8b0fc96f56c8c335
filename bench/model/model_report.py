#!/usr/bin/env python3
"""Prints run-model-bench.sh's table from the JSON both sides wrote: model_report.py DIR cpu [gpu].

MFU = achieved FLOP/s (FLOPs per trained token x tokens/s; PaLM's 6N + 12LCT, as GptConfig
computes it) over what a large fp32 matmul reaches on the same device and threads in the same run.
A side whose JSON is missing (a failed run) is shown as "-", never estimated.
"""
import json
import os
import sys


def load(d, side, device):
    """The side's rounds merged: the best (highest) of each number over the rounds, None if none ran."""
    rounds = []
    for name in sorted(os.listdir(d)):
        if name.startswith(f"{side}-{device}-r") and name.endswith(".json"):
            with open(os.path.join(d, name)) as f:
                rounds.append(json.load(f))
    if not rounds:
        return None
    best = dict(rounds[0])
    for r in rounds[1:]:
        for k, v in r.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("first_batch_loss", "flops_per_token"):
                best[k] = max(best[k], v)
    best["rounds"] = len(rounds)
    return best


def fmt(v, unit=""):
    if v is None:
        return "-"
    return f"{v:,.0f}{unit}" if abs(v) >= 100 else f"{v:.3g}{unit}"


def main(d, devices):
    for device in devices:
        t, p = load(d, "tempered", device), load(d, "torch", device)
        flops = (t or {}).get("flops_per_token")
        print(f"\n-- {device} (best of {(t or {}).get('rounds', 0)} Tempered and {(p or {}).get('rounds', 0)} PyTorch rounds) --")
        if t and p:
            diff = abs(t["first_batch_loss"] - p["first_batch_loss"]) / abs(p["first_batch_loss"])
            print(f"same start: loss of the initial weights on the first batch {t['first_batch_loss']:.6f} (Tempered) vs "
                  f"{p['first_batch_loss']:.6f} (PyTorch), relative difference {diff:.1e}")
        rows = [("training tokens/s", "train_tokens_per_s", ""),
                ("greedy sampling with KV cache, tokens/s", "sample_kv_tokens_per_s", ""),
                ("greedy sampling without KV cache, tokens/s", "sample_nokv_tokens_per_s", ""),
                ("peak RSS, MB", "peak_rss_mb", "")]
        print(f"{'':44s} {'Tempered':>12s} {'PyTorch':>12s} {'ratio':>8s}")
        for label, key, unit in rows:
            a, b = (t or {}).get(key), (p or {}).get(key)
            ratio = f"{a / b:.2f}x" if a is not None and b else "-"
            print(f"{label:44s} {fmt(a):>12s} {fmt(b):>12s} {ratio:>8s}")
        for name, r in (("Tempered", t), ("PyTorch", p)):
            if r and flops:
                achieved = flops * r["train_tokens_per_s"]
                print(f"MFU {name}: {achieved / 1e9:,.1f} GFLOP/s of {r['matmul_flops_per_s'] / 1e9:,.1f} GFLOP/s "
                      f"fp32 matmul = {100 * achieved / r['matmul_flops_per_s']:.0f}%")
        if p and "peak_gpu_mb" in p:
            print(f"PyTorch peak GPU memory allocated: {p['peak_gpu_mb']:,.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["cpu"])
