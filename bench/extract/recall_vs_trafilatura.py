"""Extraction recall against trafilatura on held-out real pages (issue 17's measurement).

For every page of a heldout_pages.py folder: trafilatura 2.0.0's text with its defaults (the
FineWeb recipe's extractor; no timeout, so load never drops a page) and Tempered's text from
ExtractionDump. Characters are counted without whitespace, so hard-wrapped lines and block
separators do not count. Reported per split and source:
  - kept: Tempered's characters / trafilatura's, summed over pages (recall relative to trafilatura);
  - under-half: the share of pages where Tempered keeps < 50 % of trafilatura's characters
    (pages where trafilatura has >= 200 characters);
  - the worst pages, to look at (dev split only: eval is measured, never tuned on).
Relative to trafilatura is not the same as correct: trafilatura keeps footers and tables of
contents that the labelled fixtures call boilerplate; a ratio above 1 is not better either.

Usage: python recall_vs_trafilatura.py PAGES_DIR TEMPERED.jsonl [--worst N] [--json OUT]
"""
import argparse
import json
import re
import sys
from collections import defaultdict

import trafilatura

WS = re.compile(r"\s+")


def chars(text):
    return len(WS.sub("", text or ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("tempered")
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--json")
    a = ap.parse_args()
    rows = [l.rstrip("\n").split("\t") for l in open(f"{a.pages}/pages.tsv", encoding="utf-8")][1:]
    ours = {}
    for line in open(a.tempered, encoding="utf-8"):
        d = json.loads(line)
        ours[d["id"]] = d
    per = []
    for pid, source, split, origin in rows:
        body = open(f"{a.pages}/pages/{pid}.html", "rb").read()
        traf = trafilatura.extract(body, include_comments=False, include_tables=True, deduplicate=False)
        t, o = chars(traf), chars(ours[pid]["text"])
        per.append({"id": pid, "source": source, "split": split, "traf": t, "ours": o,
                    "reason": ours[pid].get("reason")})
    groups = defaultdict(list)
    for p in per:
        groups[(p["split"], p["source"])].append(p)
        groups[(p["split"], "all")].append(p)
    summary = {}
    print(f"{'split':6} {'source':18} {'pages':>5} {'kept':>7} {'under-half':>10} {'failed':>6}")
    for (split, source), ps in sorted(groups.items()):
        t = sum(p["traf"] for p in ps)
        o = sum(min(p["ours"], p["traf"]) for p in ps)  # capped: extra text elsewhere must not hide a loss
        big = [p for p in ps if p["traf"] >= 200]
        under = [p for p in big if p["ours"] < 0.5 * p["traf"]]
        failed = sum(1 for p in ps if p["reason"])
        kept = o / t if t else 0
        summary[f"{split}/{source}"] = {"pages": len(ps), "kept": kept, "under_half": len(under),
                                         "under_half_share": len(under) / max(1, len(big)), "failed": failed}
        print(f"{split:6} {source:18} {len(ps):5d} {kept:7.1%} {len(under):4d} ({len(under) / max(1, len(big)):4.0%}) {failed:6d}")
    dev = sorted((p for p in per if p["split"] == "dev" and p["traf"] >= 200), key=lambda p: p["ours"] / p["traf"])
    print(f"\nworst dev pages (ours/trafilatura characters):")
    for p in dev[: a.worst]:
        print(f"  {p['id']:45} {p['ours']:6d}/{p['traf']:6d} {p['ours'] / p['traf']:5.0%} {p['reason'] or ''}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"format": "tempered-bench-extract-recall v1", "summary": summary, "pages": per}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
