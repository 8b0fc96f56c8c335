"""Word-level precision/recall of trafilatura on the extraction fixtures, for comparison with
ExtractionQualityTest (same fixtures, same tokeniser, same micro averages). Information only.

    python3 -m venv /tmp/trafvenv && /tmp/trafvenv/bin/pip install trafilatura lxml_html_clean
    /tmp/trafvenv/bin/python bench/extract/trafilatura_pr.py

trafilatura gets the page bytes (it detects the charset itself) and runs with its defaults
(favor neither precision nor recall), tables and comments on, as FineWeb's extractor step does
minus the metadata. The tokeniser mirrors WordBag.java: runs of Unicode letters, marks, numbers
and '_', lower-cased; Han, kana, Thai, Lao, Khmer and Myanmar characters count one each.
"""
import collections
import pathlib
import sys
import unicodedata

import trafilatura

ROOT = pathlib.Path(__file__).resolve().parents[2] / "activities" / "src" / "test" / "resources" / "extract"


def unspaced(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FFFF or 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF
            or 0xFF66 <= cp <= 0xFF9F or 0x0E00 <= cp <= 0x0EFF or 0x1780 <= cp <= 0x17FF
            or 0x1000 <= cp <= 0x109F)


def bag(text):
    out, word = collections.Counter(), []
    for ch in text.lower():
        cp = ord(ch)
        if unspaced(cp):
            if word:
                out["".join(word)] += 1
                word = []
            out[ch] += 1
        elif ch == "_" or unicodedata.category(ch)[0] in "LMN":
            word.append(ch)
        elif word:
            out["".join(word)] += 1
            word = []
    if word:
        out["".join(word)] += 1
    return out


def main():
    rows = (ROOT / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]
    shared = extracted = labelled = 0
    print(f"{'page':40} {'label':>7} {'extr':>7} {'shared':>7} {'P':>6} {'R':>6}")
    for row in rows:
        pid, url, _charset = row.split("\t")
        html = (ROOT / "pages" / f"{pid}.html").read_bytes()
        text = trafilatura.extract(html, url=url, include_tables=True, include_comments=True) or ""
        got, want = bag(text), bag((ROOT / "labels" / f"{pid}.txt").read_text(encoding="utf-8"))
        g, w = sum(got.values()), sum(want.values())
        s = sum((got & want).values())
        shared, extracted, labelled = shared + s, extracted + g, labelled + w
        p = f"{s / g:.3f}" if g else "-"
        print(f"{pid:40} {w:7d} {g:7d} {s:7d} {p:>6} {s / w:6.3f}")
    p, r = shared / extracted, shared / labelled
    print(f"micro: P={p:.4f} R={r:.4f} F1={2 * p * r / (p + r):.4f} over {len(rows)} pages "
          f"(trafilatura {trafilatura.__version__})")


if __name__ == "__main__":
    sys.exit(main())
