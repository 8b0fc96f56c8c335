#!/usr/bin/env python3
"""Peer run of MinHash dedup: datatrove's own four-stage minhash over a TSV of texts.

Reads a TSV with a header and columns doc, url, text (what Tempered's MinHashByHandReport
writes as corpus.tsv), runs datatrove's MinhashDedupSignature, MinhashDedupBuckets and
MinhashDedupCluster with FineWeb's settings (5-grams, 14 buckets x 8 hashes, seed 1, xxhash64),
and prints one line per duplicate cluster: the doc numbers, comma-separated, sorted, clusters in
order of their smallest member (the same format as Tempered's tempered_clusters.tsv).

With --compare FILE it also compares against another cluster file and prints how many clusters
match exactly and the pairwise agreement.

  python -m venv /tmp/dt && /tmp/dt/bin/pip install datatrove==0.10.1 'xxhash<4' spacy regex tokenizers
  /tmp/dt/bin/python bench/curation/datatrove_minhash.py corpus.tsv --compare tempered_clusters.tsv

--tokenizer whitespace swaps spaCy for a whitespace split (what Tempered does), to separate the
effect of word splitting from everything else. xxhash must be below 4: datatrove hashes str and
xxhash 4 only accepts bytes.
"""
import argparse
import csv
import itertools
import os
import struct
import sys
import tempfile

csv.field_size_limit(sys.maxsize)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        if header[:3] != ["doc", "url", "text"]:
            sys.exit(f"{path}: expected header doc, url, text; got {header}")
        return [(int(r[0]), r[1], r[2]) for r in rows]


def datatrove_clusters(docs, tokenizer):
    from datatrove.data import Document
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupSignature,
    )
    from datatrove.utils.word_tokenizers import WordTokenizer

    class WhitespaceTokenizer(WordTokenizer):
        def word_tokenize(self, text):
            return text.split()

        def sent_tokenize(self, text):
            return [text]

        def span_tokenize(self, text):
            return [(0, len(text))]

    config = MinhashConfig()  # FineWeb: 5-grams, 14 x 8, seed 1, xxhash 64-bit
    work = tempfile.mkdtemp(prefix="datatrove-minhash-")
    sigs, buckets, clusters = (os.path.join(work, d) for d in ("sigs", "buckets", "clusters"))
    step1 = MinhashDedupSignature(output_folder=sigs, config=config)
    if tokenizer == "whitespace":
        step1.word_tokenizer = WhitespaceTokenizer("en")
    step1.run((Document(text=t, id=str(i)) for i, _, t in docs), rank=0, world_size=1)
    for b in range(config.num_buckets):
        MinhashDedupBuckets(input_folder=sigs, output_folder=buckets, config=config).run(
            None, rank=b, world_size=config.num_buckets
        )
    MinhashDedupCluster(input_folder=buckets, output_folder=clusters, config=config, save_cluster_id=True).run(None, 0, 1)

    members = {}
    path = os.path.join(clusters, "000000.clusters")
    if os.path.exists(path):
        with open(path, "rb") as f:
            data = f.read()
        for doc, cid in struct.iter_unpack("<2I", data):
            members.setdefault(cid, []).append(docs[doc][0])
    return sorted(sorted(m) for m in members.values())


def read_clusters(path):
    with open(path, encoding="utf-8") as f:
        return sorted(sorted(int(x) for x in line.split(",")) for line in f if line.strip())


def pairs(clusters):
    return {p for c in clusters for p in itertools.combinations(c, 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv")
    ap.add_argument("--tokenizer", choices=["spacy", "whitespace"], default="spacy")
    ap.add_argument("--compare", help="cluster file to compare against (one cluster per line)")
    ap.add_argument("--out", help="write datatrove's clusters here instead of stdout")
    args = ap.parse_args()

    docs = read_tsv(args.tsv)
    ours = datatrove_clusters(docs, args.tokenizer)
    lines = "".join(",".join(map(str, c)) + "\n" for c in ours)
    if args.out:
        with open(args.out, "w") as f:
            f.write(lines)
    else:
        sys.stdout.write(lines)
    if args.compare:
        theirs = read_clusters(args.compare)
        a, b = {tuple(c) for c in ours}, {tuple(c) for c in theirs}
        pa, pb = pairs(ours), pairs(theirs)
        print(
            f"# docs={len(docs)} tokenizer={args.tokenizer} datatrove_clusters={len(a)} other_clusters={len(b)} "
            f"identical_clusters={len(a & b)} only_datatrove={sorted(a - b)} only_other={sorted(b - a)} "
            f"co_cluster_pairs datatrove={len(pa)} other={len(pb)} shared={len(pa & pb)}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
