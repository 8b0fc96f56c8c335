#!/usr/bin/env python3
"""Loss references for Tempered's reward, PPO and RLVR stages, from TRL's formulas, on fixed inputs.

Computes in float64 with the Python standard library (no torch: the machines that build Tempered
cannot download the 2.7.1 wheel with its CUDA dependencies in reasonable time; these formulas need no
autograd, so plain arithmetic reproduces them exactly). Each function names the TRL source it follows:

- Bradley-Terry: trl/trainer/reward_trainer.py compute_loss:
    loss = -logsigmoid(r_chosen - r_rejected - margin).mean()
    (+ center_rewards_coefficient * mean((r_chosen + r_rejected) ** 2) when set)
  and InstructGPT's grouped form: the mean over a ranking's C(K,2) pairs, then the mean over rankings.
- KL estimators (trl/experimental/ppo/ppo_trainer.py): logr = ref - logp; k1 = -logr; k3 = (exp(logr) - 1) - logr.
- PPO rewards: non_score_reward = -kl_coef * kl per token, the RM score added at the last response token.
- GAE (same file): lastgaelam = delta + gamma * lam * lastgaelam, delta = r + gamma * v_next - v, returns = adv + v.
- masked_whiten (trl/trainer/utils.py): (x - mean) * rsqrt(var + 1e-8), var with Bessel's correction.
- PPO clipped policy/value losses, clip fractions and approxkl (ppo_trainer.py train loop).
- GRPO group advantages (trl/trainer/grpo_trainer.py): r - mean_group, divided by (std_group + 1e-4)
  when scale_rewards (torch.std: unbiased); the token-level ("dapo") loss
  sum(-min(ratio*A, clip(ratio)*A) + beta*k3) / sum(mask).

Writes activities/src/test/resources/chat/rl/loss-references.json (inputs and expected outputs).
Run from the repository root: python3 bench/rl/make_rl_reference.py
"""
import json
import math
import os
import random

OUT = os.path.join("activities", "src", "test", "resources", "chat", "rl", "loss-references.json")
rng = random.Random(20261206)


def vec(n, lo=-2.0, hi=2.0):
    # Rounded to 4 decimals so that the float32 copies the Java side makes are the same numbers within 1e-7 relative.
    return [round(rng.uniform(lo, hi), 4) for _ in range(n)]


def logsigmoid(x):
    return -math.log1p(math.exp(-x)) if x >= 0 else x - math.log1p(math.exp(x))


def bradley_terry():
    groups = [3, 1, 6, 3]  # pairs per ranking: C(3,2), C(2,2), C(4,2), C(3,2)
    group = [g for g, n in enumerate(groups) for _ in range(n)]
    n = len(group)
    chosen, rejected, margin = vec(n), vec(n), vec(n, 0.0, 0.5)
    per_pair = [-logsigmoid(c - r - m) for c, r, m in zip(chosen, rejected, margin)]
    per_pair_no_margin = [-logsigmoid(c - r) for c, r in zip(chosen, rejected)]
    trl_mean = sum(per_pair) / n
    grouped = 0.0
    for g in range(len(groups)):
        losses = [l for l, gg in zip(per_pair, group) if gg == g]
        grouped += sum(losses) / len(losses)
    grouped /= len(groups)
    centring = 0.01 * sum((c + r) ** 2 for c, r in zip(chosen, rejected)) / n
    return {
        "chosen": chosen, "rejected": rejected, "margin": margin, "group": group,
        "center_coefficient": 0.01,
        "trl_loss_with_margin": trl_mean,
        "trl_loss_no_margin": sum(per_pair_no_margin) / n,
        "grouped_loss_with_margin": grouped,
        "centring_term": centring,
        "accuracy": sum(1 for c, r in zip(chosen, rejected) if c > r) / n,
        "mean_margin": sum(c - r for c, r in zip(chosen, rejected)) / n,
    }


def kl_and_rewards():
    lengths = [5, 3, 7]
    t = 7
    logp = [[round(rng.uniform(-4.0, -0.05), 4) for _ in range(t)] for _ in lengths]
    ref = [[round(x + rng.uniform(-0.6, 0.6), 4) for x in row] for row in logp]
    scores = vec(len(lengths))
    kl_coef = 0.05
    k1, k3, rewards = [], [], []
    for row, (lp, rf, n) in enumerate(zip(logp, ref, lengths)):
        r1, r3, rw = [], [], []
        for i in range(t):
            if i >= n:
                r1.append(0.0); r3.append(0.0); rw.append(0.0)
                continue
            logr = rf[i] - lp[i]
            r1.append(-logr)
            r3.append(math.expm1(logr) - logr)
            rw.append(-kl_coef * (-logr) + (scores[row] if i == n - 1 else 0.0))
        k1.append(r1); k3.append(r3); rewards.append(rw)
    return {"lengths": lengths, "logprobs": logp, "ref_logprobs": ref, "scores": scores, "kl_coef": kl_coef,
            "k1": k1, "k3": k3, "rewards_k1": rewards}


def gae():
    lengths = [6, 2, 4]
    t = 6
    rewards = [[round(rng.uniform(-1, 1), 4) if i < n else 0.0 for i in range(t)] for n in lengths]
    values = [[round(rng.uniform(-1, 1), 4) if i < n else 0.0 for i in range(t)] for n in lengths]
    gamma, lam = 1.0, 0.95
    adv, ret = [], []
    for rw, vl, n in zip(rewards, values, lengths):
        a = [0.0] * t
        last = 0.0
        for i in reversed(range(n)):
            nxt = vl[i + 1] if i < n - 1 else 0.0
            delta = rw[i] + gamma * nxt - vl[i]
            last = delta + gamma * lam * last
            a[i] = last
        adv.append(a)
        ret.append([a[i] + vl[i] if i < n else 0.0 for i in range(t)])
    flat = [adv[r][i] for r, n in enumerate(lengths) for i in range(n)]
    mean = sum(flat) / len(flat)
    var = sum((x - mean) ** 2 for x in flat) / len(flat) * len(flat) / (len(flat) - 1)
    white = [[(adv[r][i] - mean) / math.sqrt(var + 1e-8) if i < n else 0.0 for i in range(t)]
             for r, n in enumerate(lengths)]
    return {"lengths": lengths, "rewards": rewards, "values": values, "gamma": gamma, "lam": lam,
            "advantages": adv, "returns": ret, "whitened_advantages": white}


def ppo_losses():
    lengths = [5, 2, 4]
    t = 5
    mask = [[1.0 if i < n else 0.0 for i in range(t)] for n in lengths]
    old = [[round(rng.uniform(-3, -0.1), 4) for _ in range(t)] for _ in lengths]
    new = [[round(x + rng.uniform(-0.4, 0.4), 4) for x in row] for row in old]
    adv = [[round(rng.uniform(-1.5, 1.5), 4) for _ in range(t)] for _ in lengths]
    vold = [[round(rng.uniform(-1, 1), 4) for _ in range(t)] for _ in lengths]
    vpred = [[round(x + rng.uniform(-0.5, 0.5), 4) for x in row] for row in vold]
    ret = [[round(rng.uniform(-1, 1), 4) for _ in range(t)] for _ in lengths]
    clip, clip_v = 0.2, 0.2
    pg_sum = pg_clip = vf_sum = vf_clip = kl_sq = 0.0
    count = 0
    for r in range(len(lengths)):
        for i in range(t):
            diff = new[r][i] - old[r][i]
            if mask[r][i] == 0:
                continue
            count += 1
            ratio = math.exp(diff)
            l1 = -adv[r][i] * ratio
            l2 = -adv[r][i] * min(max(ratio, 1 - clip), 1 + clip)
            pg_sum += max(l1, l2)
            pg_clip += 1.0 if l2 > l1 else 0.0
            vc = min(max(vpred[r][i], vold[r][i] - clip_v), vold[r][i] + clip_v)
            v1 = (vpred[r][i] - ret[r][i]) ** 2
            v2 = (vc - ret[r][i]) ** 2
            vf_sum += max(v1, v2)
            vf_clip += 1.0 if v2 > v1 else 0.0
            kl_sq += diff * diff
    return {"mask": mask, "old_logprobs": old, "new_logprobs": new, "advantages": adv, "old_values": vold,
            "new_values": vpred, "returns": ret, "cliprange": clip, "cliprange_value": clip_v, "vf_coef": 0.1,
            "pg_loss": pg_sum / count, "pg_clipfrac": pg_clip / count, "vf_loss": 0.5 * vf_sum / count,
            "vf_clipfrac": vf_clip / count, "loss": pg_sum / count + 0.1 * 0.5 * vf_sum / count,
            # TRL's approxkl averages over every position, padding included; ours over response tokens (named in PpoLosses).
            "approxkl_masked": 0.5 * kl_sq / count}


def grpo():
    g = 4
    rewards = [1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0.5, 1, 0, 0.25]
    groups = len(rewards) // g
    unscaled, scaled = [], []
    for k in range(groups):
        rs = rewards[k * g:(k + 1) * g]
        mean = sum(rs) / g
        std = math.sqrt(sum((x - mean) ** 2 for x in rs) / (g - 1))
        for x in rs:
            unscaled.append(x - mean)
            scaled.append((x - mean) / (std + 1e-4))
    # Token-level loss over 3 sequences of one step.
    lengths = [4, 2, 3]
    t = 4
    mask = [[1.0 if i < n else 0.0 for i in range(t)] for n in lengths]
    old = [[round(rng.uniform(-3, -0.1), 4) for _ in range(t)] for _ in lengths]
    new = [[round(x + rng.uniform(-0.3, 0.3), 4) for x in row] for row in old]
    ref = [[round(x + rng.uniform(-0.3, 0.3), 4) for x in row] for row in old]
    adv = [0.75, -0.25, -0.5]
    eps, beta = 0.2, 0.04
    total = 0.0
    tokens = 0
    for r in range(len(lengths)):
        for i in range(lengths[r]):
            ratio = math.exp(new[r][i] - old[r][i])
            clipped = min(max(ratio, 1 - eps), 1 + eps)
            per = -min(ratio * adv[r], clipped * adv[r])
            d = ref[r][i] - new[r][i]
            per += beta * (math.exp(d) - d - 1)
            total += per
            tokens += 1
    return {"group_size": g, "rewards": rewards, "advantages_unscaled": unscaled, "advantages_scaled": scaled,
            "mask": mask, "old_logprobs": old, "new_logprobs": new, "ref_logprobs": ref,
            "sequence_advantages": adv, "epsilon": eps, "beta": beta, "token_level_loss": total / tokens}


def main():
    out = {"source": "bench/rl/make_rl_reference.py (TRL formulas in float64)",
           "bradley_terry": bradley_terry(), "kl": kl_and_rewards(), "gae": gae(), "ppo": ppo_losses(),
           "grpo": grpo()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
