"""The filter chains on identical text: each side's extracted text given to both sides' filters.

The curation bench's per-step agreement mixes two things: extraction (the two extractors keep
different text) and the filters (the same text judged differently). This isolates the filters:
every text either side extracted and sent to its quality filters is judged by Tempered's filters
(FiltersOnTexts) and by datatrove's (datatrove_filters.py), and the decisions are compared.

    identical_text.py make TEMPERED_DIR DATATROVE_DIR TEXTS.tsv      # the shared input
    identical_text.py compare OURS.tsv DATATROVE.tsv OUT.json        # per filter agreement

Texts are keyed `T|url` (Tempered's extraction) and `D|url` (datatrove's), so a disagreement can
be traced to the text it happened on. datatrove's C4 filter is taken with
filter_no_terminal_punct=False (its `c4_quality_fineweb` row), as FineWeb runs it.
"""
import json
import os
import sys
from collections import defaultdict

FILTERS = ["gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"]


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def reached_filters(decision):
    return decision["step"] is None or decision["step"] in FILTERS


def make(tempered, datatrove, out):
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for tag, side in (("T", tempered), ("D", datatrove)):
            decisions = {d["url"]: d for d in load_jsonl(os.path.join(side, "decisions.jsonl"))}
            for t in load_jsonl(os.path.join(side, "texts.jsonl")):
                d = decisions.get(t["url"])
                if d is not None and reached_filters(d) and t["text"]:
                    f.write(f"{tag}|{t['url']}\t{escape(t['text'])}\n")
                    n += 1
    print(f"{n} texts for the identical-text comparison", file=sys.stderr)


def read_decisions(path, rename=None):
    out = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc_id, name, verdict, reason = (line.rstrip("\n").split("\t") + [""])[:4]
            if rename:
                if name not in rename:
                    continue
                name = rename[name]
            out[doc_id][name] = "keep" if verdict == "keep" else (reason or "drop")
    return out


def compare(ours_tsv, dt_tsv, out):
    ours = read_decisions(ours_tsv)
    theirs = read_decisions(dt_tsv, {"gopher_repetition": "gopher_repetition", "gopher_quality": "gopher_quality",
                                     "c4_quality_fineweb": "c4_quality", "fineweb_quality": "fineweb_quality"})
    result = {"format": "tempered-bench-identical-text v1", "texts": len(ours), "filters": {}}
    for name in FILTERS:
        ids = [i for i in ours if name in ours[i] and name in theirs.get(i, {})]
        agree = [i for i in ids if (ours[i][name] == "keep") == (theirs[i][name] == "keep")]
        differ = [{"text": i, "tempered": ours[i][name], "datatrove": theirs[i][name]} for i in ids if i not in agree]
        result["filters"][name] = {"texts": len(ids), "agree": len(agree),
                                   "agreement": len(agree) / len(ids) if ids else None,
                                   "drops_tempered": sum(ours[i][name] != "keep" for i in ids),
                                   "drops_datatrove": sum(theirs[i][name] != "keep" for i in ids),
                                   "disagreements": differ}
    with open(out, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    for name, r in result["filters"].items():
        if r["texts"]:
            print(f"  {name:18} {r['agreement']:7.1%}  ({r['agree']}/{r['texts']}; drops T {r['drops_tempered']}, "
                  f"D {r['drops_datatrove']})", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(*sys.argv[2:5])
    elif sys.argv[1] == "compare":
        compare(*sys.argv[2:5])
    else:
        sys.exit(__doc__)
