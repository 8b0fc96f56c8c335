#!/usr/bin/env python3
"""Runs datatrove's own heuristic filters over a TSV of texts and prints each decision.

Input TSV: one text per line, `id<TAB>text`, with backslash, tab, newline and carriage return
escaped as \\\\, \\t, \\n, \\r (what CorpusDump in the activities tests writes).
Output TSV on stdout: `id<TAB>filter<TAB>keep|drop<TAB>reason`, one line per text and filter.

    python3 -m venv /tmp/dtvenv && /tmp/dtvenv/bin/pip install "datatrove[processing]==0.10.1" spacy
    /tmp/dtvenv/bin/python bench/curation/datatrove_filters.py corpus.tsv > datatrove.tsv

Filters (datatrove 0.10.1 defaults, language en): gopher_repetition, gopher_quality, c4_quality,
c4_quality_fineweb (filter_no_terminal_punct=False, as examples/fineweb.py), fineweb_quality.
Each filter sees the original text, so C4's line removal does not feed the later filters.

    ... datatrove_filters.py --urls urls.tsv   # `id<TAB>url` lines through URLFilter() instead
"""
import sys

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)


def unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


FILTERS = {
    "gopher_repetition": GopherRepetitionFilter(),
    "gopher_quality": GopherQualityFilter(),
    "c4_quality": C4QualityFilter(),
    "c4_quality_fineweb": C4QualityFilter(filter_no_terminal_punct=False),
    "fineweb_quality": FineWebQualityFilter(),
}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc_id, _, escaped = line.rstrip("\n").partition("\t")
            text = unescape(escaped)
            for name, flt in FILTERS.items():
                doc = Document(text=text, id=doc_id, metadata={})
                try:
                    result = flt.filter(doc)
                except ZeroDivisionError:
                    result = (False, "zero_division")
                keep, reason = (result, "") if isinstance(result, bool) else result
                print(f"{doc_id}\t{name}\t{'keep' if keep else 'drop'}\t{reason or ''}")


def main_urls(path: str) -> None:
    from datatrove.pipeline.filters import URLFilter

    flt = URLFilter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc_id, _, url = line.rstrip("\n").partition("\t")
            result = flt.filter(Document(text="", id=doc_id, metadata={"url": url}))
            keep, reason = (result, "") if isinstance(result, bool) else result
            print(f"{doc_id}\turl_filter\t{'keep' if keep else 'drop'}\t{reason or ''}")


if __name__ == "__main__":
    if sys.argv[1] == "--urls":
        main_urls(sys.argv[2])
    else:
        main(sys.argv[1])
