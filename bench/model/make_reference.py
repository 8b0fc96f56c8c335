#!/usr/bin/env python3
"""Loss parity reference for Tempered's GPT (activities/.../model/Gpt.java).

Builds the same nanoGPT-style model in PyTorch (learned positions, pre-LayerNorm blocks, causal
attention written out as in nanoGPT's slow path, 4x GELU MLP, LM head tied to the token
embedding), loads Tempered's initial weights from its own checkpoint format
(`tempered.checkpoint v1`), trains 20 steps on the same batches with torch.optim.AdamW (decay on
>=2-D tensors only), nanoGPT's warmup + cosine schedule, gradient accumulation over the
micro-batches and clip_grad_norm_, and writes the per-step losses and gradient norms to
activities/src/test/resources/model/reference-losses.json.

Setup (a throwaway venv; the PyPI wheel, CPU is enough):
    python3 -m venv /tmp/model-venv && /tmp/model-venv/bin/pip install torch==2.7.1 numpy
    cd /work/wt/model   # the repository root
    mvn -B -q test -pl activities -am -Dtest=ModelReferenceExport \
        -Dsurefire.failIfNoSpecifiedTests=false -Dtempered.model.exportDir=/tmp/model-ref
    /tmp/model-venv/bin/python bench/model/make_reference.py /tmp/model-ref \
        activities/src/test/resources/model/reference-losses.json

torch 2.7.1 is the libtorch that DJL 0.36's pytorch-native-cpu bundles, so both sides run the
same kernels; threads are set to 2 like the Java tests.
"""
import hashlib
import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MAGIC = b"tempered.checkpoint v1\n"


def read_checkpoint(path):
    """Reads Tempered's checkpoint format: magic line, LE uint64 header length, JSON, float32 data."""
    with open(path, "rb") as f:
        blob = f.read()
    if not blob.startswith(MAGIC):
        sys.exit(f"{path}: not a tempered.checkpoint v1 file")
    (hlen,) = struct.unpack_from("<Q", blob, len(MAGIC))
    start = len(MAGIC) + 8
    header = json.loads(blob[start:start + hlen])
    data = blob[start + hlen:]
    if len(data) != header["dataBytes"] or hashlib.sha256(data).hexdigest() != header["dataSha256"]:
        sys.exit(f"{path}: tensor data truncated or corrupt")
    floats = np.frombuffer(data, dtype="<f4")
    tensors = {}
    for t in header["tensors"]:
        n = int(np.prod(t["shape"]))
        tensors[t["name"]] = floats[t["offset"]:t["offset"] + n].reshape(t["shape"]).copy()
    return header, tensors, hashlib.sha256(blob).hexdigest()


class Block(nn.Module):
    def __init__(self, c, h):
        super().__init__()
        self.h = h
        self.ln_1 = nn.LayerNorm(c)
        self.attn = nn.Module()
        self.attn.c_attn = nn.Linear(c, 3 * c)
        self.attn.c_proj = nn.Linear(c, c)
        self.ln_2 = nn.LayerNorm(c)
        self.mlp = nn.Module()
        self.mlp.c_fc = nn.Linear(c, 4 * c)
        self.mlp.c_proj = nn.Linear(4 * c, c)

    def attention(self, x):
        B, T, C = x.shape
        D = C // self.h
        q, k, v = self.attn.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.h, D).transpose(1, 2)  # (B, H, T, D)
        k = k.view(B, T, self.h, D).transpose(1, 2)
        v = v.view(B, T, self.h, D).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D))
        mask = torch.arange(T).view(1, T) <= torch.arange(T).view(T, 1)
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.attn.c_proj(y)

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp.c_proj(F.gelu(self.mlp.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        c = cfg["width"]
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(cfg["vocabSize"], c)
        self.transformer.wpe = nn.Embedding(cfg["contextLength"], c)
        self.transformer.h = nn.ModuleList(Block(c, cfg["heads"]) for _ in range(cfg["layers"]))
        self.transformer.ln_f = nn.LayerNorm(c)

    def forward(self, idx):
        T = idx.shape[1]
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(T))
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        return x @ self.transformer.wte.weight.t()  # tied LM head


def lr_at(step, s):
    if step < s["warmupSteps"]:
        return s["peak"] * (step + 1) / (s["warmupSteps"] + 1)
    if step > s["decaySteps"]:
        return s["floor"]
    ratio = (step - s["warmupSteps"]) / (s["decaySteps"] - s["warmupSteps"])
    return s["floor"] + 0.5 * (1 + math.cos(math.pi * ratio)) * (s["peak"] - s["floor"])


def main(ref_dir, out_path):
    torch.set_num_threads(2)
    header, tensors, init_sha = read_checkpoint(f"{ref_dir}/init.ckpt")
    with open(f"{ref_dir}/batches.json") as f:
        batches = json.load(f)
    cfg, opt_cfg = header["config"], header["optimizer"]
    model = GPT(cfg)
    state = {k[len("param/"):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("param/")}
    model.load_state_dict(state, strict=True)

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": opt_cfg["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=1.0, betas=(opt_cfg["beta1"], opt_cfg["beta2"]), eps=opt_cfg["epsilon"])

    B, T = batches["batchSize"], batches["length"]
    steps = []
    for step, micro in enumerate(batches["steps"]):
        lr = lr_at(step, batches["schedule"])
        for g in opt.param_groups:
            g["lr"] = lr
        loss_sum = 0.0
        for mb in micro:
            x = torch.tensor(mb["x"], dtype=torch.long).view(B, T)
            y = torch.tensor(mb["y"], dtype=torch.long).view(B, T)
            logits = model(x)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
            loss_sum += loss.item()
            (loss / len(micro)).backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), batches["clip"]).item()
        opt.step()
        opt.zero_grad(set_to_none=True)
        steps.append({"step": step + 1, "loss": loss_sum / len(micro), "gradNorm": norm, "learningRate": lr})
        print(f"step {step + 1:2d} loss {loss_sum / len(micro):.6f} grad norm {norm:.4f} lr {lr:.6f}")

    out = {
        "generator": "bench/model/make_reference.py",
        "torch": torch.__version__,
        "initCheckpointSha256": init_sha,
        "batchesSha256": batches["sha256"],
        "steps": steps,
    }
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_reference.py REF_DIR OUT_JSON")
    main(sys.argv[1], sys.argv[2])
