#!/usr/bin/env python3
"""The PyTorch twin's training and no-cache greedy sampling speed, to set beside
ModelByHandReport (Tempered's side) on the same machine in the same minute.

    OMP_WAIT_POLICY=PASSIVE /tmp/model-venv/bin/python bench/model/torch_twin_speed.py 8192

Same model as make_reference.py (demo size: 2 layers, width 128, 4 heads, context 128), batch
16 x 128, AdamW, clipping, 2 threads.
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import GPT  # noqa: E402


def main(vocab):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    B, T = 16, 128
    m = GPT(dict(width=128, vocabSize=vocab, contextLength=T, heads=4, layers=2))
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3)
    x = torch.randint(0, vocab, (B, T))
    y = torch.randint(0, vocab, (B, T))

    def step():
        loss = F.cross_entropy(m(x).view(-1, vocab), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        opt.zero_grad()

    for _ in range(5):
        step()
    n = 30
    t = time.time()
    for _ in range(n):
        step()
    dt = (time.time() - t) / n
    print(f"PyTorch {torch.__version__} V={vocab}: {dt * 1000:.1f} ms/step, {B * T / dt:,.0f} tokens/s")
    with torch.no_grad():
        for _ in range(2):  # the first round warms up
            idx = torch.tensor([[1, 2, 3, 4]])
            t = time.time()
            for _ in range(T - 4):
                logits = m(idx)[:, -1]
                idx = torch.cat([idx, logits.argmax(-1, keepdim=True)], 1)
        print(f"PyTorch greedy without KV cache: {(T - 4) / (time.time() - t):,.0f} tokens/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8192)
