#!/usr/bin/env python3
"""The PyTorch twin's side of run-chat-bench.sh: batched greedy generation with a KV cache, the
same model, weights, prompts, batch sizes, new-token count and threads as ChatBench (Tempered's
side), measured the same way (one warm-up run, best of 3 timed runs, prefill included).
Writes <dir>/torch-cpu-r<round>.json.

    chat_bench.py DIR [threads] [round]

DIR holds what ChatBench wrote: init.ckpt (Tempered's weights and config), prompts.json (64
prompts of 8..48 random ids) and tempered-tokens.json (what Tempered generated at batch 64).

The generation is what a careful PyTorch engine does (nanochat's engine, nanoGPT's generate):
prompts left-padded to the longest and prefilled in one forward, per-row positions (a row's
first real token has position 0) and a key-padding mask, then one token per row per step with
the cache grown by torch.cat, LM head on the last position only, argmax on the logits in torch,
under torch.inference_mode. The attention is written out (as make_reference.py and Tempered do).
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from make_reference import GPT, read_checkpoint  # noqa: E402

BATCHES = (1, 16, 64)
REPS = 3
PADDING_BIAS = -1e9  # as Tempered's Gpt: a finite bias keeps padding queries from NaN


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def forward_last(model, idx, pos, key_real, cache):
    """Logits (B, V) of the last column for idx (B, T) at positions pos (B, T); key_real (B, S + T) bool."""
    tr = model.transformer
    B, T = idx.shape
    x = tr.wte(idx) + tr.wpe(pos)
    past = cache[0][0].shape[2] if cache else 0
    causal = torch.arange(past + T).view(1, -1) <= torch.arange(past, past + T).view(-1, 1)  # (T, S + T)
    bias = torch.zeros(T, past + T).masked_fill(~causal, float("-inf"))
    bias = bias + torch.where(key_real, 0.0, PADDING_BIAS).view(B, 1, 1, past + T)  # (B, 1, T, S + T)
    for i, block in enumerate(tr.h):
        h = block.ln_1(x)
        C = h.shape[2]
        H = block.h
        D = C // H
        q, k, v = block.attn.c_attn(h).split(C, dim=2)
        q = q.view(B, T, H, D).transpose(1, 2)  # (B, H, T, D)
        k = k.view(B, T, H, D).transpose(1, 2)
        v = v.view(B, T, H, D).transpose(1, 2)
        if i < len(cache):
            k = torch.cat([cache[i][0], k], 2)
            v = torch.cat([cache[i][1], v], 2)
            cache[i] = (k, v)
        else:
            cache.append((k, v))
        att = ((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D)) + bias).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + block.attn.c_proj(y)
        x = x + block.mlp.c_proj(F.gelu(block.mlp.c_fc(block.ln_2(x))))
    return tr.ln_f(x[:, -1]) @ tr.wte.weight.t()


def generate(model, prompts, n):
    """n greedy tokens per prompt, all rows in one batch: (B, n)."""
    B = len(prompts)
    width = max(len(p) for p in prompts)
    idx = torch.zeros(B, width, dtype=torch.long)
    pos = torch.zeros(B, width, dtype=torch.long)
    real = torch.zeros(B, width, dtype=torch.bool)
    lengths = torch.tensor([len(p) for p in prompts])
    for r, p in enumerate(prompts):
        idx[r, width - len(p):] = torch.tensor(p)
        pos[r, width - len(p):] = torch.arange(len(p))
        real[r, width - len(p):] = True
    cache = []
    logits = forward_last(model, idx, pos, real, cache)
    out = torch.empty(B, n, dtype=torch.long)
    for s in range(n):
        nxt = logits.argmax(-1)
        out[:, s] = nxt
        if s == n - 1:
            break
        real = torch.cat([real, torch.ones(B, 1, dtype=torch.bool)], 1)
        logits = forward_last(model, nxt.view(B, 1), (lengths + s).view(B, 1), real, cache)
    return out


def main(d, threads, rnd):
    torch.set_num_threads(threads)
    header, tensors, _ = read_checkpoint(f"{d}/init.ckpt")
    cfg = header["config"]
    model = GPT(cfg)
    model.load_state_dict({k[len("param/"):]: torch.from_numpy(v) for k, v in tensors.items()
                           if k.startswith("param/")}, strict=True)
    model.eval()
    with open(f"{d}/prompts.json") as f:
        prompts = json.load(f)
    with open(f"{d}/tempered-tokens.json") as f:
        tempered = json.load(f)
    n = len(tempered[0])
    result = {"side": "torch", "device": "cpu", "engine": f"PyTorch {torch.__version__}",
              "threads": torch.get_num_threads(), "new_tokens": n}
    with torch.inference_mode():
        for b in BATCHES:
            rows = prompts[:b]
            out = generate(model, rows, n)  # warm-up
            best = float("inf")
            for _ in range(REPS):
                t = time.perf_counter()
                out = generate(model, rows, n)
                best = min(best, time.perf_counter() - t)
            result[f"batch_{b}_tokens_per_s"] = b * n / best
            if b == BATCHES[-1]:
                ours = out.tolist()
                same = sum(1 for r in range(b) if ours[r] == tempered[r])
                agree = sum(x == y for r in range(b) for x, y in zip(ours[r], tempered[r]))
                result["rows_identical_to_tempered"] = same
                result["tokens_identical_to_tempered"] = agree / (b * n)
    result["peak_rss_mb"] = peak_rss_mb()
    with open(f"{d}/torch-cpu-r{rnd}.json", "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    main(a[0], int(a[1]) if len(a) > 1 else 2, a[2] if len(a) > 2 else "1")
