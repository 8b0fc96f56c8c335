"""Derives the word list of the spelling task from the English pages of the sample corpus.

Reads ../sample.warc.gz (the real web pages of examples/data, see its README), keeps the pages that
sample-manifest.tsv marks English (Python 3.11 docs, PostgreSQL 15 docs, the Debian Handbook's
English pages, the English UDHR), drops markup and code (<script>, <style>, <pre>, <code>, <tt>,
<kbd>, <samp>), and counts lower-case alphabetic words of 3 to 9 letters. A word is kept when it
occurs in at least two of the four sources (so Python- or SQL-only jargon such as "elif" or
"tablespace" stays out) and is ranked by the sum of its relative frequency in each source (so the
large Python docs do not outweigh the rest). The first WORDS of that ranking are written, one per
line, after a comment header naming the source.

Usage (Python 3.8+, standard library only):
    python frequent_words.py ../../../activities/src/main/resources/chat/words/english-frequent.txt
"""

import collections
import gzip
import html
import os
import re
import sys

WORDS = 1000
MIN_LEN, MAX_LEN = 3, 9
HERE = os.path.dirname(os.path.abspath(__file__))
WARC = os.path.join(HERE, "..", "sample.warc.gz")
MANIFEST = os.path.join(HERE, "..", "sample-manifest.tsv")

CODE = re.compile(r"(?is)<(script|style|pre|code|tt|kbd|samp)\b[^>]*>.*?</\1\s*>")
TAG = re.compile(r"(?s)<[^>]+>")
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def english_sources():
    out = {}
    with open(MANIFEST, encoding="utf-8") as f:
        next(f)
        for line in f:
            url, source, lang = line.rstrip("\n").split("\t")[:3]
            if lang == "en":
                out[url] = source
    return out


def responses(path):
    """(target URI, HTTP payload bytes) of each response record of a WARC file."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    pos = 0
    while True:
        start = data.find(b"WARC/1.0\r\n", pos)
        if start < 0:
            return
        head_end = data.index(b"\r\n\r\n", start)
        headers = {}
        for line in data[start:head_end].split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers[b"content-length"])
        body = data[head_end + 4 : head_end + 4 + length]
        pos = head_end + 4 + length
        if headers.get(b"warc-type") == b"response":
            http_end = body.find(b"\r\n\r\n")
            yield headers[b"warc-target-uri"].decode("utf-8").strip("<>"), body[http_end + 4 :]


def words(page):
    text = html.unescape(TAG.sub(" ", CODE.sub(" ", page)))
    for w in WORD.findall(text):
        if w.islower() and w.isalpha() and MIN_LEN <= len(w) <= MAX_LEN:
            yield w


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: frequent_words.py OUTPUT.txt")
    english = english_sources()
    counts = collections.defaultdict(collections.Counter)
    for url, payload in responses(WARC):
        source = english.get(url)
        if source is not None:
            counts[source].update(words(payload.decode("utf-8", errors="replace")))
    totals = {s: sum(c.values()) for s, c in counts.items()}
    score = collections.Counter()
    present = collections.Counter()
    for s, c in counts.items():
        for w, n in c.items():
            score[w] += n / totals[s]
            present[w] += 1
    ranked = sorted((w for w in score if present[w] >= 2), key=lambda w: (-score[w], w))[:WORDS]
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write("# The %d most frequent English words (%d-%d letters) of examples/data/sample.warc.gz's\n" % (len(ranked), MIN_LEN, MAX_LEN))
        out.write("# English pages (%s), each in at least two of them.\n" % ", ".join("%s: %d words" % (s, totals[s]) for s in sorted(totals)))
        out.write("# Written by examples/data/words/frequent_words.py; do not edit by hand.\n")
        for w in ranked:
            out.write(w + "\n")
    print("%d words from %s" % (len(ranked), sorted(totals.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
