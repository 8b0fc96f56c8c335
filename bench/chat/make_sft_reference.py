#!/usr/bin/env python3
"""SFT loss parity reference for Tempered's masked training step (GptTrainer.stepMasked).

Loads the same initial weights from Tempered's checkpoint (`tempered.checkpoint v1`) into the
PyTorch twin of bench/model/make_reference.py (same model, same AdamW with decay on >=2-D tensors,
same clipping), and trains 8 steps on the same packed conversation batches with nanochat's SFT loss:
targets whose mask is 0 become -1 and F.cross_entropy(..., ignore_index=-1) averages over the rest,
per micro-batch, each divided by the number of micro-batches. The learning rate is SFT's schedule
(linear warmup, then linear decay to 0 at the run's length). Writes per-step losses and gradient
norms to activities/src/test/resources/chat/sft-reference-losses.json.

Run from the repository root (torch 2.7.1 = the libtorch DJL 0.36 bundles):
    mvn -o -q test -pl activities -am -Dtest=SftReferenceExport -Dsurefire.failIfNoSpecifiedTests=false \
        -DfailIfNoTests=false -Dtempered.sft.exportDir=/tmp/sft-ref
    /work/venv-torch/bin/python bench/chat/make_sft_reference.py /tmp/sft-ref \
        activities/src/test/resources/chat/sft-reference-losses.json
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from make_reference import GPT, read_checkpoint  # noqa: E402  (the pretraining twin, reused as is)


def lr_at(step, s):
    """SFT's schedule (SftSchedule.java): warmup to peak, then a straight line to 0 at `steps`."""
    if step < s["warmupSteps"]:
        return s["peak"] * (step + 1) / (s["warmupSteps"] + 1)
    if step >= s["steps"]:
        return 0.0
    return s["peak"] * (s["steps"] - step) / (s["steps"] - s["warmupSteps"])


def masked_loss(logits, y, mask):
    """nanochat's SFT loss: untrained targets are ignore_index -1, the mean is over the trained ones."""
    targets = torch.where(mask > 0, y, torch.full_like(y, -1))
    return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


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
            mask = torch.tensor(mb["mask"], dtype=torch.long).view(B, T)
            loss = masked_loss(model(x), y, mask)
            loss_sum += loss.item()
            (loss / len(micro)).backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), batches["clip"]).item()
        opt.step()
        opt.zero_grad(set_to_none=True)
        masked = sum(sum(mb["mask"]) for mb in micro)
        steps.append({"step": step + 1, "loss": loss_sum / len(micro), "gradNorm": norm, "learningRate": lr,
                      "maskedTokens": masked})
        print(f"step {step + 1:2d} loss {loss_sum / len(micro):.6f} grad norm {norm:.4f} lr {lr:.6f} masked {masked}")

    out = {
        "generator": "bench/chat/make_sft_reference.py",
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
        sys.exit("usage: make_sft_reference.py REF_DIR OUT_JSON")
    main(sys.argv[1], sys.argv[2])
