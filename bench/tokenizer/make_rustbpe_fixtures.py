#!/usr/bin/env python3
"""Writes rustbpe's merge lists on the sample corpus as test fixtures for BpeTrainerCorpusTest.

Input: activities/target/tokenizer-sample.txt, the visible text of examples/data/sample.warc.gz as
the test extracts it (documents separated by U+001E). Output: one file per pattern under
activities/src/test/resources/tokenizer/, rustbpe's get_mergeable_ranks() as one hex line per
token id. Prints the input's sha256 for the test's SAMPLE_SHA256.
"""
import hashlib
import pathlib

import rustbpe

# Exactly SplitPatterns.GPT4 (tiktoken 0.7.0's cl100k, rustbpe's GPT4_PATTERN) and
# SplitPatterns.NANOCHAT (nanochat's SPLIT_PATTERN).
GPT4 = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""
NANOCHAT = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,2}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""
# (name, pattern, merges): must match BpeTrainerCorpusTest's @CsvSource.
FIXTURES = [("gpt4", GPT4, 2000), ("nanochat", NANOCHAT, 1000)]

root = pathlib.Path(__file__).resolve().parents[2]
raw = (root / "activities/target/tokenizer-sample.txt").read_bytes()
docs = raw.decode("utf-8").split("\x1e")
out = root / "activities/src/test/resources/tokenizer"
out.mkdir(parents=True, exist_ok=True)
for name, pattern, merges in FIXTURES:
    tok = rustbpe.Tokenizer()
    tok.train_from_iterator(iter(docs), 256 + merges, pattern=pattern)
    ranks = sorted(tok.get_mergeable_ranks(), key=lambda kv: kv[1])
    assert [r for _, r in ranks] == list(range(256 + merges)), "rustbpe learned fewer merges than asked"
    (out / f"rustbpe-sample-{name}.ranks").write_text("".join(bytes(b).hex() + "\n" for b, _ in ranks))
    print(f"{name}: {merges} merges -> {out}/rustbpe-sample-{name}.ranks")
print("SAMPLE_SHA256 =", hashlib.sha256(raw).hexdigest())
