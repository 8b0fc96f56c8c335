#!/usr/bin/env python3
"""The peers of Tempered's BPE trainer: rustbpe and HF tokenizers, on the same corpus, pattern,
vocabulary sizes and thread count, in the same run as TrainBench (train_bench.sh runs both).

For each vocabulary size V (specials included, S specials), both peers learn V - 256 - S merges:
  rustbpe     Tokenizer().train_from_iterator(docs, V - S, pattern=P)
  tokenizers  BPE model, pre-tokenizer Split(P, "isolated") then ByteLevel(use_regex=False),
              BpeTrainer(vocab_size=V - S, initial_alphabet=ByteLevel.alphabet(), no specials)
Wall time is from documents in memory to the trained model, as on Tempered's side. Thread counts
are set by train_bench.sh through RAYON_NUM_THREADS (rustbpe) and RAYON_RS_NUM_THREADS
(tokenizers) before Python starts.

Then compares merge lists with Tempered's (tempered-V.ranks written by TrainBench): token bytes
by rank, i.e. the order in which byte strings became tokens, which is all that a tiktoken-style
encoder uses. Prints one JSON line per tool and size, a comparison line per size, and a markdown
table of ratios.
"""
import argparse
import json
import os
import pathlib
import sys
import time

import rustbpe
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers


def bytes_to_unicode():
    """GPT-2's byte <-> printable character table, as HF's ByteLevel uses it."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


CHAR_TO_BYTE = {c: b for b, c in bytes_to_unicode().items()}


def train_rustbpe(docs, vocab, pattern):
    tok = rustbpe.Tokenizer()
    t0 = time.perf_counter()
    tok.train_from_iterator(iter(docs), vocab, pattern=pattern)
    wall = time.perf_counter() - t0
    ranks = sorted(tok.get_mergeable_ranks(), key=lambda kv: kv[1])
    return wall, [bytes(b) for b, _ in ranks]


def train_hf(docs, vocab, pattern):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
    t0 = time.perf_counter()
    tok.train_from_iterator(docs, trainer=trainer)
    wall = time.perf_counter() - t0
    merges = json.loads(tok.to_str())["model"]["merges"]
    # Merged token bytes in merge order (HF's own ids order the 256 bytes differently).
    merged = []
    for m in merges:
        left, right = m.split(" ", 1) if isinstance(m, str) else m
        merged.append(bytes(CHAR_TO_BYTE[c] for c in left + right))
    return wall, merged


def compare(name, ours, theirs, counts):
    """First rank where two lists of merged token bytes differ, how many tokens they share, and
    whether they differ only in the order of merges of equal count (tie order): Tempered's counts
    never rise, so merges of one count form one run; two lists differ only in tie order when every
    run holds the same set of tokens in both."""
    first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), None)
    if first is None and len(ours) != len(theirs):
        first = min(len(ours), len(theirs))
    shared = len(set(ours) & set(theirs))
    runs, start = [], 0
    for i in range(1, len(counts) + 1):
        if i == len(counts) or counts[i] != counts[start]:
            runs.append((start, i))
            start = i
    differing = [(s, e) for s, e in runs if set(ours[s:e]) != set(theirs[s:e])]
    out = {"peer": name, "merges_tempered": len(ours), "merges_peer": len(theirs), "identical": first is None,
           "shared_tokens": shared, "equal_count_runs": len(runs),
           "runs_with_other_tokens": [[s, e, counts[s]] for s, e in differing[:5]],
           "runs_with_other_tokens_total": len(differing)}
    if first is not None:
        out["first_difference_at_merge"] = first
        out["tempered_token"] = ours[first].decode("utf-8", "backslashreplace") if first < len(ours) else None
        out["peer_token"] = theirs[first].decode("utf-8", "backslashreplace") if first < len(theirs) else None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="bench/data/tokenizer/corpus.txt")
    ap.add_argument("--vocab", default="4096,32768")
    ap.add_argument("--specials", type=int, default=10)
    ap.add_argument("--results", default="bench/results/tokenizer", help="TrainBench's --out folder")
    ap.add_argument("--skip-hf", action="store_true")
    args = ap.parse_args()

    results = pathlib.Path(args.results)
    pattern = (results / "pattern.txt").read_text(encoding="utf-8")
    docs = pathlib.Path(args.corpus).read_text(encoding="utf-8").split("\x1e")
    threads = os.environ.get("RAYON_NUM_THREADS", "all")
    print(f"peers: {len(docs)} documents, {sum(map(len, docs))} chars, threads {threads}", file=sys.stderr)

    tempered = {}
    for line in (results / "tempered-timings.jsonl").read_text().splitlines():
        rec = json.loads(line)
        tempered.setdefault(rec["vocab"], []).append(rec["wall_s"])

    rows = []
    for vocab in map(int, args.vocab.split(",")):
        ours = [bytes.fromhex(h) for h in (results / f"tempered-{vocab}.ranks").read_text().split()]
        counts = [int(c) for c in (results / f"tempered-{vocab}.counts").read_text().split()]
        wall_r, ranks_r = train_rustbpe(docs, vocab - args.specials, pattern)
        print(json.dumps({"tool": "rustbpe", "vocab": vocab, "wall_s": round(wall_r, 3), "merges": len(ranks_r) - 256}))
        cmp_r = compare("rustbpe", ours[256:], ranks_r[256:], counts)
        print(json.dumps({"vocab": vocab, **cmp_r}))
        wall_h, cmp_h = None, None
        if not args.skip_hf:
            wall_h, merged_h = train_hf(docs, vocab - args.specials, pattern)
            print(json.dumps({"tool": "tokenizers", "vocab": vocab, "wall_s": round(wall_h, 3), "merges": len(merged_h)}))
            cmp_h = compare("tokenizers", ours[256:], merged_h, counts)
            print(json.dumps({"vocab": vocab, **cmp_h}))
        rows.append((vocab, tempered[vocab], wall_r, wall_h, cmp_r, cmp_h))

    print("\nWall times in seconds; ratios use Tempered's first run at each size (the first size's first run"
          " includes JIT warm-up), best in brackets when --repeat > 1.")
    print("| vocab | Tempered | rustbpe | HF tokenizers | Tempered ÷ rustbpe | Tempered ÷ HF | merges vs rustbpe | merges vs HF |")
    print("|---:|---:|---:|---:|---:|---:|---|---|")
    for vocab, t, r, h, cr, ch in rows:
        hf = f"{h:.2f}" if h else "–"
        ratio_h = f"{t[0] / h:.2f}×" if h else "–"

        def same(c):
            if c is None:
                return "–"
            if c["identical"]:
                return "identical"
            runs = c["runs_with_other_tokens_total"]
            last_only = runs == 1 and c["runs_with_other_tokens"][0][1] == c["merges_tempered"]
            how = "tie order only" if runs == 0 else "tie order, and the last run is cut differently" if last_only \
                else f"{runs} equal-count runs hold other tokens"
            return f"differs from merge {c['first_difference_at_merge']}: {how}"
        best = f" ({min(t):.2f})" if len(t) > 1 else ""
        best_r = f" ({min(t) / r:.2f}×)" if len(t) > 1 else ""
        print(f"| {vocab} | {t[0]:.2f}{best} | {r:.2f} | {hf} | {t[0] / r:.2f}×{best_r} | {ratio_h} | {same(cr)} | {same(ch)} |")


if __name__ == "__main__":
    main()
