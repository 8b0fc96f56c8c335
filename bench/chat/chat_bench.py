#!/usr/bin/env python3
"""The PyTorch twin's side of run-chat-bench.sh: batched greedy generation with a KV cache, the
same model, weights, prompts, batch sizes, new-token count and threads as ChatBench (Tempered's
side), measured the same way (one warm-up run, then the best of at least 3 timed runs and 4 seconds,
prefill included).
Writes <dir>/torch-cpu-r<round>.json.

    chat_bench.py DIR [threads] [round]

DIR holds what ChatBench wrote: init.ckpt (Tempered's weights and config), prompts.json (64
prompts of 8..48 random ids) and tempered-tokens.json (what Tempered generated at batch 64).

The generation is what a careful PyTorch engine does (nanochat's engine, nanoGPT's generate):
prompts left-padded to the longest and prefilled in one forward, per-row positions (a row's
first real token has position 0) and a key-padding bias, then one token per row per step with
the keys and values written into a preallocated cache, LM head on the last position only, argmax
on the logits in torch, under torch.inference_mode. The attention is written out (as
make_reference.py and Tempered do).
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
MIN_REPS, MIN_SECONDS = 3, 4  # as ChatBench: the best of at least 3 runs and 4 seconds
PADDING_BIAS = -1e9  # as Tempered's Gpt: a finite bias keeps padding queries from NaN


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def forward_last(model, idx, pos, bias, cache, size):
    """Logits (B, V) of the last column for idx (B, T) at positions pos (B, T), the new keys and
    values written into the cache buffers at slots size..size+T; bias (B, 1, T, size + T)."""
    tr = model.transformer
    B, T = idx.shape
    x = tr.wte(idx) + tr.wpe(pos)
    for block, (kbuf, vbuf) in zip(tr.h, cache):
        h = block.ln_1(x)
        C = h.shape[2]
        H = block.h
        D = C // H
        q, k, v = block.attn.c_attn(h).split(C, dim=2)
        q = q.view(B, T, H, D).transpose(1, 2)  # (B, H, T, D)
        kbuf[:, :, size:size + T] = k.view(B, T, H, D).transpose(1, 2)
        vbuf[:, :, size:size + T] = v.view(B, T, H, D).transpose(1, 2)
        k, v = kbuf[:, :, :size + T], vbuf[:, :, :size + T]  # (B, H, size + T, D) views
        att = ((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D)) + bias).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + block.attn.c_proj(y)
        x = x + block.mlp.c_proj(F.gelu(block.mlp.c_fc(block.ln_2(x))))
    return tr.ln_f(x[:, -1]) @ tr.wte.weight.t()


def generate(model, prompts, n, choose=None):
    """n tokens per prompt, all rows in one batch: (B, n); greedy unless choose maps the last
    logits (B, V) to the next ids (B,) (rl_twin.py samples with a temperature). The cache is preallocated for
    the whole run (nanochat's engine does the same) and the decode steps' padding bias is one
    precomputed row per batch row, sliced each step; only the prefill needs the causal part."""
    B = len(prompts)
    width = max(len(p) for p in prompts)
    cfg_h = model.transformer.h[0].h
    C = model.transformer.wte.weight.shape[1]
    idx = torch.zeros(B, width, dtype=torch.long)
    pos = torch.zeros(B, width, dtype=torch.long)
    pad_bias = torch.zeros(B, 1, 1, width + n)
    lengths = torch.tensor([len(p) for p in prompts])
    for r, p in enumerate(prompts):
        idx[r, width - len(p):] = torch.tensor(p)
        pos[r, width - len(p):] = torch.arange(len(p))
        pad_bias[r, :, :, :width - len(p)] = PADDING_BIAS
    cache = [(torch.zeros(B, cfg_h, width + n, C // cfg_h), torch.zeros(B, cfg_h, width + n, C // cfg_h))
             for _ in model.transformer.h]
    causal = torch.zeros(width, width).masked_fill(
        torch.arange(width).view(1, -1) > torch.arange(width).view(-1, 1), float("-inf"))
    logits = forward_last(model, idx, pos, pad_bias[:, :, :, :width] + causal, cache, 0)
    out = torch.empty(B, n, dtype=torch.long)
    for s in range(n):
        nxt = logits.argmax(-1) if choose is None else choose(logits)
        out[:, s] = nxt
        if s == n - 1:
            break
        size = width + s
        logits = forward_last(model, nxt.view(B, 1), (lengths + s).view(B, 1), pad_bias[:, :, :, :size + 1], cache, size)
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
            best, rep, until = float("inf"), 0, time.perf_counter() + MIN_SECONDS
            while rep < MIN_REPS or time.perf_counter() < until:
                t = time.perf_counter()
                out = generate(model, rows, n)
                best = min(best, time.perf_counter() - t)
                rep += 1
            result[f"batch_{b}_tokens_per_s"] = b * n / best
            if b == BATCHES[-1]:
                ours = out.tolist()
                same = sum(1 for r in range(b) if ours[r] == tempered[r])
                agree = sum(x == y for r in range(b) for x, y in zip(ours[r], tempered[r]))
                result["rows_identical_to_tempered"] = same
                result["tokens_identical_to_tempered"] = agree / (b * n)
    write_result(d, rnd, result)


def write_result(d, rnd, result):
    """Adds the peak RSS, writes DIR/torch-cpu-r<round>.json and prints it (rl_twin.py ends the same way)."""
    result["peak_rss_mb"] = peak_rss_mb()
    with open(f"{d}/torch-cpu-r{rnd}.json", "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    main(a[0], int(a[1]) if len(a) > 1 else 2, a[2] if len(a) > 2 else "1")
