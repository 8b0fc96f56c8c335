#!/usr/bin/env python3
"""The PyTorch twin's side of run-sft-bench.sh: SFT training speed on exactly what SftBench
(Tempered's side) trained on: its initial weights (init.ckpt), its packed masked batches
(batches.bin: per step inputs, targets, mask as int32 LE, B x T each) and its optimizer (AdamW,
betas 0.9/0.95, no weight decay, clipping at 1.0, lr 1e-3 decaying linearly to 0). The loss is
nanochat's: untrained targets become -1 and cross_entropy(ignore_index=-1) averages over the rest.
Writes <dir>/torch-r<round>.json.

    sft_twin_speed.py DIR [threads] [steps] [round]
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from make_reference import GPT, read_checkpoint  # noqa: E402

WARMUP_STEPS = 5


def main(out, threads, steps, rnd):
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    header, tensors, _ = read_checkpoint(f"{out}/init.ckpt")
    cfg = header["config"]
    model = GPT(cfg)
    model.load_state_dict({k[len("param/"):]: torch.from_numpy(v) for k, v in tensors.items()
                           if k.startswith("param/")}, strict=True)
    V, T = cfg["vocabSize"], cfg["contextLength"]
    raw = np.fromfile(f"{out}/batches.bin", dtype="<i4")
    total = WARMUP_STEPS + steps
    per_step = raw.size // total
    B = per_step // (3 * T)
    batches = []
    for s in range(total):
        chunk = torch.from_numpy(raw[s * per_step:(s + 1) * per_step].astype(np.int64)).view(3, B, T)
        x, y, m = chunk[0], chunk[1], chunk[2]
        batches.append((x, torch.where(m > 0, y, torch.full_like(y, -1))))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.0)

    def step(s):
        for g in opt.param_groups:
            g["lr"] = 1e-3 * (total - s) / total
        x, y = batches[s]
        loss = F.cross_entropy(model(x).view(-1, V), y.view(-1), ignore_index=-1)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.item()

    first = step(0)
    for s in range(1, WARMUP_STEPS):
        step(s)
    t0 = time.perf_counter()
    last = 0.0
    for s in range(WARMUP_STEPS, total):
        last = step(s)
    sec = time.perf_counter() - t0
    result = {"side": "torch", "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": B,
              "context": T, "first_step_loss": first, "last_step_loss": last, "train_steps": steps,
              "train_tokens_per_s": steps * B * T / sec}
    with open(f"{out}/torch-r{rnd}.json", "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2, int(sys.argv[3]) if len(sys.argv) > 3 else 30,
         sys.argv[4] if len(sys.argv) > 4 else "1")
