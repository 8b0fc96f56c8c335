#!/usr/bin/env python3
"""The PyTorch twin's side of run-model-bench.sh: same model, weights, data, batch and threads
as ModelBench (Tempered's side), measured the same way. Writes <dir>/torch-<cpu|gpu>-r<round>.json.

    model_bench.py DIR [cpu|cuda] [threads] [steps] [round]

DIR holds what ModelBench wrote: init.ckpt (Tempered's initial weights and config), tokens.bin
(the token stream, int32 LE) and the first batch with the loss Tempered computed on it. The model
is make_reference.py's GPT (nanoGPT's layout, attention written out, LM head tied), trained with
torch.optim.AdamW (decay on >=2-D tensors) and clip_grad_norm_ at 1.0, lr 1e-3 like ModelBench.
Sampling is greedy from a 4-token prompt to the context length, with a KV cache (below) and
without one (the whole prefix each token), like Tempered's Sampler.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import GPT, read_checkpoint  # noqa: E402

WARMUP_STEPS = 5
SAMPLE_REPS = 3


def peak_rss_mb():
    """VmHWM of this process, the number ModelBench reads for itself."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def forward_cached(model, idx, cache, past):
    """Logits (B, T, V) for idx (B, T) at positions past.., appending each block's keys and values to cache."""
    tr = model.transformer
    T = idx.shape[1]
    x = tr.wte(idx) + tr.wpe(torch.arange(past, past + T, device=idx.device))
    for i, block in enumerate(tr.h):
        h = block.ln_1(x)
        B, _, C = h.shape
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
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D))  # (B, H, T, past + T)
        mask = torch.arange(past + T, device=idx.device).view(1, -1) <= torch.arange(past, past + T, device=idx.device).view(-1, 1)
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + block.attn.c_proj(y)
        x = x + block.mlp.c_proj(F.gelu(block.mlp.c_fc(block.ln_2(x))))
    return tr.ln_f(x) @ tr.wte.weight.t()


def generate(model, prompt, n, use_cache, device):
    idx = torch.tensor([prompt], device=device)
    cache, past = [], 0
    for _ in range(n):
        if use_cache:
            logits = forward_cached(model, idx[:, past:], cache, past)[:, -1]
            past = idx.shape[1]
        else:
            logits = model(idx)[:, -1]
        idx = torch.cat([idx, logits.argmax(-1, keepdim=True)], 1)
    sync(device)
    return idx


def matmul_flops(device, n):
    best = 0.0
    for rep in range(4):
        a = torch.randn(n, n, device=device)
        b = torch.randn(n, n, device=device)
        (a @ b)[0, 0].item()
        t = time.perf_counter()
        for _ in range(10):
            c = a @ b
        c[0, 0].item()
        if rep > 0:
            best = max(best, 10 * 2.0 * n ** 3 / (time.perf_counter() - t))
    return best


def main(d, device_name, threads, steps, rnd):
    torch.set_num_threads(threads)
    device = torch.device(device_name)
    header, tensors, _ = read_checkpoint(f"{d}/init.ckpt")
    cfg = header["config"]
    model = GPT(cfg)
    model.load_state_dict({k[len("param/"):]: torch.from_numpy(v) for k, v in tensors.items()
                           if k.startswith("param/")}, strict=True)
    model.to(device)
    V, T = cfg["vocabSize"], cfg["contextLength"]
    tokens = torch.from_numpy(np.fromfile(f"{d}/tokens.bin", dtype="<i4").astype(np.int64))
    x0 = torch.from_numpy(np.fromfile(f"{d}/batch0-x.bin", dtype="<i4").astype(np.int64)).view(-1, T).to(device)
    y0 = torch.from_numpy(np.fromfile(f"{d}/batch0-y.bin", dtype="<i4").astype(np.int64)).view(-1, T).to(device)
    B = x0.shape[0]
    # Like make_reference.py (settings from the checkpoint), with the bench's constant learning rate.
    o = header["optimizer"]
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": o["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-3, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])
    gen = torch.Generator().manual_seed(1)

    def batch():
        starts = torch.randint(0, len(tokens) - T - 1, (B,), generator=gen)
        xs = torch.stack([tokens[s:s + T] for s in starts]).to(device)
        ys = torch.stack([tokens[s + 1:s + T + 1] for s in starts]).to(device)
        return xs, ys

    def step(x, y):
        loss = F.cross_entropy(model(x).view(-1, V), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss

    first_loss = step(x0, y0).item()
    for _ in range(WARMUP_STEPS - 1):
        step(*batch())
    batches = [batch() for _ in range(steps)]  # built outside the timed loop, as ModelBench's loader is cheap
    sync(device)
    t = time.perf_counter()
    for x, y in batches:
        step(x, y)
    sync(device)
    train_s = time.perf_counter() - t

    model.eval()
    prompt, n = [1, 2, 3, 4], T - 4
    result = {}
    with torch.no_grad():
        for use_cache in (True, False, True, False):
            generate(model, prompt, n, use_cache, device)
        for use_cache in (True, False):
            t = time.perf_counter()
            for _ in range(SAMPLE_REPS):
                generate(model, prompt, n, use_cache, device)
            result["sample_kv_tokens_per_s" if use_cache else "sample_nokv_tokens_per_s"] = \
                SAMPLE_REPS * n / (time.perf_counter() - t)
        mm = matmul_flops(device, 4096 if device.type == "cuda" else 1024)

    out = {
        "side": "torch",
        "device": device_name,
        "engine": f"PyTorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "batch": B,
        "first_batch_loss": first_loss,
        "train_steps": steps,
        "train_tokens_per_s": steps * B * T / train_s,
        **result,
        "sample_tokens": n,
        "matmul_flops_per_s": mm,
        "peak_rss_mb": peak_rss_mb(),
    }
    if device.type == "cuda":
        out["peak_gpu_mb"] = torch.cuda.max_memory_allocated() / 2 ** 20
    with open(f"{d}/torch-{'gpu' if device.type == 'cuda' else 'cpu'}-r{rnd}.json", "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    main(a[0], a[1] if len(a) > 1 else "cpu", int(a[2]) if len(a) > 2 else 2, int(a[3]) if len(a) > 3 else 30,
         a[4] if len(a) > 4 else "1")
