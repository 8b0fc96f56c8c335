#!/usr/bin/env python3
"""The PyTorch twin's side of run-rl-bench.sh: the two halves of a PPO step as TRL's PPO trainer
runs them, on the same model, weights, prompts, rollouts, settings and threads as RlBench
(Tempered's side), measured the same way (one warm-up run, then the best of at least 3 timed runs
and 4 seconds). Writes <dir>/torch-cpu-r<round>.json.

    rl_twin.py DIR [threads] [round]

DIR holds what RlBench wrote: init.ckpt (the policy's weights and config; the frozen reference and
the value head's trunk start from the same), critic.json (the value head's weight and bias),
prompts.json (64 prompts of 8..48 random ids) and rollouts.json (Tempered's 16 sampled replies
with fixed scores, which both sides train on).

- rollout: one reply of 48 tokens per prompt for 16 and 64 prompts, sampled at temperature 0.7
  (softmax and torch.multinomial), through chat_bench.py's batched KV-cache generation
  (left-padded prefill, per-row positions, preallocated cache, LM head on the last position).
- optimisation (trl/trainer/ppo_trainer.py after generation): under no_grad the policy's and the
  reference's log-probabilities of the sampled tokens (LM head over every position, log_softmax
  over the response tokens only, as TRL) and the value head's values; k1 KL,
  non-score reward -kl_coef * kl plus the score on the last response token; GAE (gamma 1,
  lambda 0.95) backwards over the response; masked_whiten; then epochs x minibatches of: policy
  and value forward, clipped policy loss + vf_coef * clipped value loss, backward,
  clip_grad_norm_(1.0), AdamW (betas 0.9/0.95, eps 1e-8, no decay, lr 1e-4) over policy and value
  head together; statistics (clip fractions, approx KL, entropy) under no_grad, as TRL does.
"""
import copy
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "model"))
sys.path.insert(0, os.path.join(here, "..", "chat"))
from make_reference import GPT, read_checkpoint  # noqa: E402
from chat_bench import MIN_REPS, MIN_SECONDS, generate, write_result  # noqa: E402

# PPO's defaults as RlBench uses them (PpoParams.DEFAULTS).
PROMPTS_PER_STEP, NEW_TOKENS, TEMPERATURE = 16, 48, 0.7
EPOCHS, MINIBATCHES, LR, KL_COEF = 4, 2, 1e-4, 0.05
GAMMA, LAM, CLIP, CLIP_VALUE, VF_COEF, GRAD_CLIP = 1.0, 0.95, 0.2, 0.2, 0.1, 1.0
ROLLOUT_BATCHES = (16, 64)


class Critic(nn.Module):
    """The value head: a GPT trunk (its output after ln_f) and a linear map to one number per position."""

    def __init__(self, gpt, weight, bias):
        super().__init__()
        self.gpt = gpt
        self.head = nn.Linear(weight.shape[1], 1)
        with torch.no_grad():
            self.head.weight.copy_(weight)
            self.head.bias.copy_(bias)

    def forward(self, idx):
        tr = self.gpt.transformer
        x = tr.wte(idx) + tr.wpe(torch.arange(idx.shape[1]))
        for block in tr.h:
            x = block(x)
        return self.head(tr.ln_f(x)).squeeze(-1)  # (B, T)


def best_seconds(run):
    best, rep, until = float("inf"), 0, time.perf_counter() + MIN_SECONDS
    while rep < MIN_REPS or time.perf_counter() < until:
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
        rep += 1
    return best


def sample(logits):
    return torch.multinomial(F.softmax(logits / TEMPERATURE, dim=-1), 1).squeeze(-1)


def policy_batch(rollouts):
    """As Tempered's PolicyBatch: right-padded inputs and next-token targets, mask 1 on reply targets."""
    length = max(len(r["prompt"]) + len(r["reply"]) - 1 for r in rollouts)
    n = len(rollouts)
    x = torch.zeros(n, length, dtype=torch.long)
    y = torch.zeros(n, length, dtype=torch.long)
    mask = torch.zeros(n, length)
    for row, r in enumerate(rollouts):
        seq = r["prompt"] + r["reply"]
        x[row, :len(seq) - 1] = torch.tensor(seq[:-1])
        y[row, :len(seq) - 1] = torch.tensor(seq[1:])
        mask[row, len(r["prompt"]) - 1:len(seq) - 1] = 1
    return x, y, mask


def masked_mean(x, mask):
    return (x * mask).sum() / mask.sum()


def masked_whiten(x, mask):
    mean = masked_mean(x, mask)
    var = masked_mean((x - mean) ** 2, mask) * mask.sum() / (mask.sum() - 1)  # unbiased, as TRL's masked_var
    return (x - mean) * torch.rsqrt(var + 1e-8)


def response_logprobs(model, x, y, mask):
    """TRL's shape: the LM head over every position, log_softmax over the response tokens only
    (TRL slices logits[:, context_length - 1 : -1] before selective_log_softmax). Returns the
    log-probabilities of the targets as (B, T), 0 off the response, and all of them as (M, V)."""
    sel = mask.bool()
    all_logp = F.log_softmax(model(x)[sel], dim=-1)  # (M, V)
    logp = all_logp.gather(-1, y[sel].unsqueeze(-1)).squeeze(-1)  # (M)
    return torch.zeros_like(mask).masked_scatter(sel, logp), all_logp


def learn(policy, reference, critic, opt, params, batch, scores, epochs, minibatches, gen):
    """One PPO optimisation phase; returns (mean loss over updates, mean sequence KL)."""
    x, y, mask = batch
    B, T = x.shape
    with torch.no_grad():
        old_logp = response_logprobs(policy, x, y, mask)[0]
        ref_logp = response_logprobs(reference, x, y, mask)[0]
        values = critic(x) * mask
    kl = (old_logp - ref_logp) * mask  # k1 = -log r
    rewards = -KL_COEF * kl
    last = (mask * torch.arange(T)).argmax(-1)  # each row's last response target
    rewards[torch.arange(B), last] += scores
    first = int(mask.argmax(-1).min())  # before every row's first response target all is 0
    lastgaelam = torch.zeros(B)
    reversed_adv = []
    for t in reversed(range(first, T)):
        nextvalues = values[:, t + 1] if t < T - 1 else 0.0
        delta = rewards[:, t] + GAMMA * nextvalues - values[:, t]
        lastgaelam = (delta + GAMMA * LAM * lastgaelam) * mask[:, t]
        reversed_adv.append(lastgaelam)
    advantages = F.pad(torch.stack(reversed_adv[::-1], dim=1), (first, 0))
    returns = advantages + values
    advantages = masked_whiten(advantages, mask) * mask

    losses = []
    for _ in range(epochs):
        order = torch.randperm(B, generator=gen)
        for m in range(minibatches):
            rows = order[m * B // minibatches:(m + 1) * B // minibatches]
            mx, my, mm = x[rows], y[rows], mask[rows]
            logp, all_logp = response_logprobs(policy, mx, my, mm)
            diff = logp - old_logp[rows]
            ratio = diff.exp()
            adv = advantages[rows]
            pg1, pg2 = -adv * ratio, -adv * ratio.clamp(1 - CLIP, 1 + CLIP)
            pg_loss = masked_mean(torch.max(pg1, pg2), mm)
            vpred = critic(mx)
            old_v = values[rows]
            vclipped = torch.max(torch.min(vpred, old_v + CLIP_VALUE), old_v - CLIP_VALUE)
            ret = returns[rows]
            vf_loss = 0.5 * masked_mean(torch.max((vpred - ret) ** 2, (vclipped - ret) ** 2), mm)
            loss = pg_loss + VF_COEF * vf_loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, GRAD_CLIP)
            opt.step()
            opt.zero_grad(set_to_none=True)
            with torch.no_grad():  # TRL's logged statistics, the same ones Tempered computes
                stats = [masked_mean((pg2 > pg1).float(), mm), 0.5 * masked_mean(diff ** 2, mm),
                         (-(all_logp.exp() * all_logp).sum(-1)).mean()]
                [s.item() for s in stats]
            losses.append(loss.item())
    return sum(losses) / len(losses), (kl.sum(1)).mean().item()


def main(d, threads, rnd):
    torch.set_num_threads(threads)
    header, tensors, _ = read_checkpoint(f"{d}/init.ckpt")
    state = {k[len("param/"):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("param/")}
    policy = GPT(header["config"])
    policy.load_state_dict(state, strict=True)
    with open(f"{d}/prompts.json") as f:
        prompts = json.load(f)
    with open(f"{d}/rollouts.json") as f:
        rollouts = json.load(f)
    with open(f"{d}/critic.json") as f:
        head = json.load(f)
    result = {"side": "torch", "device": "cpu", "engine": f"PyTorch {torch.__version__}",
              "threads": torch.get_num_threads(), "new_tokens": NEW_TOKENS}

    torch.manual_seed(1)
    with torch.inference_mode():
        for b in ROLLOUT_BATCHES:
            rows = prompts[:b]
            generate(policy, rows, NEW_TOKENS, sample)  # warm-up
            best = best_seconds(lambda: generate(policy, rows, NEW_TOKENS, sample))
            result[f"rollout_batch_{b}_tokens_per_s"] = b * NEW_TOKENS / best
        generate(policy, prompts, NEW_TOKENS)  # the batch-64 rollout decoded greedily: what sampling costs
        result["greedy_batch_64_tokens_per_s"] = 64 * NEW_TOKENS / best_seconds(
            lambda: generate(policy, prompts, NEW_TOKENS))

    batch = policy_batch(rollouts)
    scores = torch.tensor([r["score"] for r in rollouts], dtype=torch.float32)
    result["rollout_rows_trained"] = len(rollouts)
    # As RlBench: one reference (frozen, the starting weights) and one critic for both timings.
    reference = copy.deepcopy(policy)
    for p in reference.parameters():
        p.requires_grad_(False)
    critic = Critic(copy.deepcopy(policy), torch.tensor([head["weight"]]), torch.tensor([head["bias"]]))
    for name, epochs, minibatches in (("minibatch", 1, 1), ("ppo_step", EPOCHS, MINIBATCHES)):
        params = list(policy.parameters()) + list(critic.parameters())
        opt = torch.optim.AdamW(params, lr=LR, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.0)
        gen = torch.Generator().manual_seed(1337)
        first_loss, first_kl = learn(policy, reference, critic, opt, params, batch, scores, epochs, minibatches, gen)
        best = best_seconds(lambda: learn(policy, reference, critic, opt, params, batch, scores, epochs,
                                          minibatches, gen))
        result[f"{name}_updates"] = epochs * minibatches
        result[f"{name}_trained_tokens"] = int(batch[2].sum().item())
        result[f"{name}_first_loss"] = first_loss
        result[f"{name}_first_kl"] = first_kl
        result[f"{name}_ms"] = best * 1000
    write_result(d, rnd, result)


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    main(a[0], int(a[1]) if len(a) > 1 else 2, a[2] if len(a) > 2 else "1")
