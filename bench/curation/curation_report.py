#!/usr/bin/env python3
"""Compares one run of CurationBench (Tempered) with one of datatrove_fineweb.py on the same WARC:
docs/s per core for both, where the CPU goes, and keep/drop agreement per step. Standard library
only. Prints a report and a markdown summary; writes JSON (format tempered-bench-curation v1).

    curation_report.py TEMPERED_DIR DATATROVE_DIR OUT.json [--examples 3]

Pages are matched by URL. A page that datatrove's reader never yields (it could not decode it)
counts as dropped at step `read` on that side. Agreement for a step is computed on the pages that
reach it on both sides: the share of them that both keep or both drop there. For `language` a page
also needs the same top language to agree.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

FORMAT = "tempered-bench-curation v1"
STEPS = ["read", "url_filter", "extract", "language", "gopher_repetition", "gopher_quality", "c4_quality",
         "fineweb_quality"]
KEPT = len(STEPS)  # index of "kept to the end"
FILTERS = STEPS[3:]
WORD = re.compile(r"\w+")
# Extracted texts this similar (word-multiset Jaccard) count as "similar text". Not the same text:
# line breaks differ (trafilatura keeps hard-wrapped source lines), and C4's and FineWeb's line
# rules see lines, so the filters are compared on identical text separately (identical_text.py).
SAME_TEXT = 0.9


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def stop_index(decision):
    """Index in STEPS of the step that dropped the page, KEPT if none did."""
    if decision is None:
        return 0
    return KEPT if decision["step"] is None else STEPS.index(decision["step"])


def text_similarity(a, b):
    """Word-multiset Jaccard of two texts, 0..1: how much of the same text both extractors kept."""
    if a is None or b is None:
        return None
    ca, cb = Counter(WORD.findall(a.lower())), Counter(WORD.findall(b.lower()))
    union = sum((ca | cb).values())
    return sum((ca & cb).values()) / union if union else 1.0


def source(url):
    # Sample URLs look like http://127.0.0.1:18080/<origin host>/<path>; name the origin.
    parts = url.split("/")
    return parts[3] if len(parts) > 3 and parts[2].startswith("127.0.0.1") else parts[2]


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def speed(tm_timing, dt_timing, pages):
    tm = [p for p in tm_timing["passes"] if p["measured"]]
    dt = [p for p in dt_timing["passes"] if p["measured"]]
    tm_thread = mean([p["thread_cpu_ns"] for p in tm]) / 1e9
    tm_process = mean([p["process_cpu_ns"] for p in tm]) / 1e9
    dt_cpu = mean([p["cpu_ns"] for p in dt]) / 1e9
    out = {
        "pages": pages,
        "measured_passes": {"tempered": len(tm), "datatrove": len(dt)},
        "tempered": {"thread_cpu_s": tm_thread, "process_cpu_s": tm_process,
                     "docs_per_core_s": pages / tm_thread, "docs_per_core_s_process": pages / tm_process,
                     "wall_s": mean([p["wall_s"] for p in tm])},
        "datatrove": {"cpu_s": dt_cpu, "docs_per_core_s": pages / dt_cpu, "wall_s": mean([p["wall_s"] for p in dt]),
                      "pages_read": dt[0].get("pages_read"), "extraction_timeouts": mean([len(p["timeouts"]) for p in dt])},
    }
    out["ratio"] = out["tempered"]["docs_per_core_s"] / out["datatrove"]["docs_per_core_s"]
    out["ratio_process"] = out["tempered"]["docs_per_core_s_process"] / out["datatrove"]["docs_per_core_s"]

    # Breakdown in ms of CPU per page. Tempered: its instrumented pass. datatrove: the measured
    # passes; extraction is the sandbox process plus the parent's side of it (send, wait, receive).
    b = tm_timing["breakdown"]
    tm_ms = {k: v / 1e6 / b["pages"] for k, v in b["steps_ns"].items()}
    tm_ms["read"] = b["reader_ns"] / 1e6 / b["pages"]
    tm_ms["total"] = b["thread_cpu_ns"] / 1e6 / b["pages"]
    dt_ms = {}
    for k in ["url_filter", "extract"] + FILTERS:
        dt_ms[k] = mean([p["steps_ns"].get(k, 0) for p in dt]) / 1e6 / pages
    dt_ms["extract"] += mean([p["sandbox_cpu_ns"] for p in dt]) / 1e6 / pages
    dt_ms["read"] = mean([p["reader_ns"] for p in dt]) / 1e6 / pages
    dt_ms["total"] = dt_cpu * 1e3 / pages
    for ms in (tm_ms, dt_ms):
        ms["filters"] = sum(ms.get(k, 0) for k in FILTERS)
        ms["rest"] = ms["total"] - ms["extract"]
        ms["other"] = ms["total"] - ms["extract"] - ms["filters"] - ms["read"] - ms.get("url_filter", 0)
    out["cpu_ms_per_page"] = {"tempered": tm_ms, "datatrove": dt_ms}
    return out


def agreement(tm, dt, tm_texts, dt_texts):
    urls = list(tm)  # every page Tempered read; datatrove reads no page Tempered does not
    steps = {}
    for i, step in enumerate(STEPS):
        both = [u for u in urls if stop_index(tm[u]) >= i and stop_index(dt.get(u)) >= i]
        agree, differ = 0, []
        reasons_same = reasons_both = 0
        similar = similar_agree = 0
        for u in both:
            tm_drop, dt_drop = stop_index(tm[u]) == i, stop_index(dt.get(u)) == i
            same = tm_drop == dt_drop
            if step == "language" and same:
                same = tm[u].get("lang") == dt[u].get("lang")
            if tm_drop and dt_drop and step not in ("read", "extract"):
                reasons_both += 1
                reasons_same += tm[u]["reason"] == dt[u]["reason"]
            if same:
                agree += 1
            else:
                differ.append(u)
            sim = text_similarity(tm_texts.get(u), dt_texts.get(u)) if step in FILTERS else None
            if sim is not None and sim >= SAME_TEXT:
                similar += 1
                similar_agree += same
        steps[step] = {"pages": len(both), "agree": agree, "agreement": agree / len(both) if both else None,
                       "tempered_drops": sum(stop_index(tm[u]) == i for u in both),
                       "datatrove_drops": sum(stop_index(dt.get(u)) == i for u in both),
                       "reason_agreement": reasons_same / reasons_both if reasons_both else None,
                       "pages_same_text": similar,
                       "agreement_same_text": similar_agree / similar if similar else None,
                       "disagreements": [explain(u, tm[u], dt.get(u), tm_texts, dt_texts) for u in differ],
                       "disagreements_by_source": dict(Counter(source(u) for u in differ).most_common())}
    e2e_agree = sum((stop_index(tm[u]) == KEPT) == (stop_index(dt.get(u)) == KEPT) for u in urls)
    e2e = {"pages": len(urls), "agree": e2e_agree, "agreement": e2e_agree / len(urls),
           "kept_tempered": sum(stop_index(tm[u]) == KEPT for u in urls),
           "kept_datatrove": sum(stop_index(dt.get(u)) == KEPT for u in urls),
           "kept_both": sum(stop_index(tm[u]) == KEPT and stop_index(dt.get(u)) == KEPT for u in urls)}
    # Where each side's pages end up, for the funnel table.
    funnel = {side: Counter(STEPS[stop_index(d.get(u))] if stop_index(d.get(u)) < KEPT else "kept" for u in urls)
              for side, d in (("tempered", tm), ("datatrove", dt))}
    # Pages whose end-to-end fate differs, by the first step where the two sides part.
    parted = Counter()
    for u in urls:
        a, b = stop_index(tm[u]), stop_index(dt.get(u))
        if (a == KEPT) != (b == KEPT):
            parted[STEPS[min(a, b)]] += 1
    e2e["first_divergence"] = dict(parted.most_common())
    return steps, e2e, funnel


def explain(url, tm, dt, tm_texts, dt_texts):
    sim = text_similarity(tm_texts.get(url), dt_texts.get(url))
    return {"url": url,
            "tempered": describe(tm), "datatrove": describe(dt),
            "tempered_chars": len(tm_texts[url]) if url in tm_texts else None,
            "datatrove_chars": len(dt_texts[url]) if url in dt_texts else None,
            "text_similarity": sim}


def describe(d):
    if d is None:
        return "read: not yielded by the reader"
    s = "kept" if d["step"] is None else f"{d['step']}: {d['reason']}"
    if d.get("lang"):
        s += f" [{d['lang']} {d['lang_score']:.2f}]"
    return s


def print_report(r, n_examples):
    sp = r["speed"]
    tm, dt = sp["tempered"], sp["datatrove"]
    print(f"\n== curation bench: {sp['pages']} pages, {sp['measured_passes']['tempered']} measured pass(es) each ==")
    print(f"{'':12}{'CPU s/pass':>12}{'docs/s/core':>13}{'wall s':>9}")
    print(f"{'tempered':12}{tm['thread_cpu_s']:12.2f}{tm['docs_per_core_s']:13.1f}{tm['wall_s']:9.2f}   "
          f"(process CPU incl. GC/JIT: {tm['process_cpu_s']:.2f} s, {tm['docs_per_core_s_process']:.1f} docs/s)")
    print(f"{'datatrove':12}{dt['cpu_s']:12.2f}{dt['docs_per_core_s']:13.1f}{dt['wall_s']:9.2f}   "
          f"(process + Trafilatura sandbox; {dt['extraction_timeouts']:.0f} extraction timeouts/pass)")
    print(f"ratio: {sp['ratio']:.2f}x (on Tempered's process CPU: {sp['ratio_process']:.2f}x)")
    print("\nCPU ms per page")
    cm = sp["cpu_ms_per_page"]
    for k in ["read", "url_filter", "extract", "language", "gopher_repetition", "gopher_quality", "c4_quality",
              "fineweb_quality", "other", "rest", "total"]:
        a, b = cm["tempered"].get(k, 0), cm["datatrove"].get(k, 0)
        print(f"  {k:18}{a:9.3f}{b:10.3f}{(b / a if a > 0 else float('nan')):9.1f}x")
    print("\nAgreement (pages reaching the step on both sides)")
    for step, s in r["steps"].items():
        if not s["pages"]:
            continue
        ra = f"  reasons {s['reason_agreement']:.1%}" if s["reason_agreement"] is not None else ""
        if s["agreement_same_text"] is not None:
            ra += f"  similar text: {s['agreement_same_text']:.1%} of {s['pages_same_text']}"
        ident = r.get("identical_text", {}).get(step)
        if ident and ident["texts"]:
            ra += f"  identical text: {ident['agreement']:.1%} of {ident['texts']}"
        print(f"  {step:18}{s['agreement']:8.1%}  ({s['agree']}/{s['pages']}; drops T {s['tempered_drops']}, "
              f"D {s['datatrove_drops']}){ra}")
        for ex in s["disagreements"][:n_examples]:
            sim = "" if ex["text_similarity"] is None else f", text similarity {ex['text_similarity']:.2f}"
            print(f"      {ex['url']}\n        T {ex['tempered']} ({ex['tempered_chars']} chars)\n"
                  f"        D {ex['datatrove']} ({ex['datatrove_chars']} chars{sim})")
    e = r["end_to_end"]
    print(f"  {'end to end':18}{e['agreement']:8.1%}  ({e['agree']}/{e['pages']}; kept T {e['kept_tempered']}, "
          f"D {e['kept_datatrove']}, both {e['kept_both']}); first divergence: {e['first_divergence']}")


def markdown(r):
    sp = r["speed"]
    tm, dt = sp["tempered"], sp["datatrove"]
    lines = ["| side | CPU s / pass | docs/s per core | wall s |", "|---|---:|---:|---:|",
             f"| Tempered | {tm['thread_cpu_s']:.2f} | {tm['docs_per_core_s']:.1f} | {tm['wall_s']:.2f} |",
             f"| datatrove | {dt['cpu_s']:.2f} | {dt['docs_per_core_s']:.1f} | {dt['wall_s']:.2f} |",
             "", f"Ratio {sp['ratio']:.2f}x ({sp['ratio_process']:.2f}x on Tempered's process CPU).", "",
             f"| step | pages on both | agreement | drops T / D | agreement, similar text (>= {SAME_TEXT}) "
             "| filters on identical text (texts) |",
             "|---|---:|---:|---:|---:|---:|"]
    for step, s in r["steps"].items():
        if s["pages"]:
            st = "" if s["agreement_same_text"] is None else f"{s['agreement_same_text']:.1%} ({s['pages_same_text']})"
            ident = r.get("identical_text", {}).get(step)
            it = f"{ident['agreement']:.1%} ({ident['texts']})" if ident and ident["texts"] else ""
            lines.append(f"| {step} | {s['pages']} | {s['agreement']:.1%} | {s['tempered_drops']} / "
                         f"{s['datatrove_drops']} | {st} | {it} |")
    e = r["end_to_end"]
    lines.append(f"| end to end | {e['pages']} | {e['agreement']:.1%} | kept {e['kept_tempered']} / {e['kept_datatrove']} | | |")
    x = r["extraction"]
    lines += ["", f"Extraction, apart from the filters: {x['pages_extracted_both']} pages extracted by both; Tempered "
              f"keeps {x['chars_kept_vs_datatrove']:.1%} of datatrove's characters (whitespace aside, capped per page), "
              f"{x['pages_under_half']} pages under half of datatrove's."]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tempered")
    ap.add_argument("datatrove")
    ap.add_argument("out")
    ap.add_argument("--examples", type=int, default=3, help="disagreements printed per step")
    ap.add_argument("--identical-text", help="identical_text.py compare's JSON: the filters on identical text")
    a = ap.parse_args()
    tm = {d["url"]: d for d in load_jsonl(os.path.join(a.tempered, "decisions.jsonl"))}
    dt = {d["url"]: d for d in load_jsonl(os.path.join(a.datatrove, "decisions.jsonl"))}
    extra = set(dt) - set(tm)
    if extra:
        sys.exit(f"datatrove decided {len(extra)} pages Tempered never read, e.g. {sorted(extra)[0]}: not the same WARC?")
    tm_texts = {t["url"]: t["text"] for t in load_jsonl(os.path.join(a.tempered, "texts.jsonl"))}
    dt_texts = {t["url"]: t["text"] for t in load_jsonl(os.path.join(a.datatrove, "texts.jsonl"))}
    with open(os.path.join(a.tempered, "timing.json")) as f:
        tm_timing = json.load(f)
    with open(os.path.join(a.datatrove, "timing.json")) as f:
        dt_timing = json.load(f)
    steps, e2e, funnel = agreement(tm, dt, tm_texts, dt_texts)
    both_texts = [text_similarity(tm_texts[u], dt_texts[u]) for u in tm_texts if u in dt_texts]
    # Extraction on its own: characters kept relative to datatrove's trafilatura, whitespace aside
    # (hard-wrapped lines and block separators do not count), capped per page so extra text on one
    # page does not hide a loss on another.
    nonspace = lambda t: len(re.sub(r"\s+", "", t or ""))
    pairs = [(nonspace(tm_texts[u]), nonspace(dt_texts[u])) for u in tm_texts if u in dt_texts]
    theirs_total = sum(d for _, d in pairs)
    chars_kept = sum(min(t, d) for t, d in pairs) / theirs_total if theirs_total else None
    under_half = sum(1 for t, d in pairs if d >= 200 and t < 0.5 * d)
    identical = {}
    if a.identical_text:
        with open(a.identical_text) as f:
            identical = json.load(f)["filters"]
    r = {"format": FORMAT, "speed": speed(tm_timing, dt_timing, len(tm)), "steps": steps, "end_to_end": e2e,
         "funnel": {k: dict(v) for k, v in funnel.items()},
         "extraction": {"pages_extracted_both": len(both_texts),
                        "text_similarity_mean": mean(both_texts),
                        "text_similarity_below_0_5": sum(s < 0.5 for s in both_texts),
                        "chars_kept_vs_datatrove": chars_kept, "pages_under_half": under_half},
         "identical_text": identical,
         "tempered_run": {k: v for k, v in tm_timing.items() if k != "passes"} | {"passes": tm_timing["passes"]},
         "datatrove_run": dt_timing}
    print_report(r, a.examples)
    print(f"\nextraction, apart from the filters: {len(both_texts)} pages extracted by both, mean word-multiset "
          f"similarity {mean(both_texts):.2f} ({r['extraction']['text_similarity_below_0_5']} below 0.5); Tempered keeps "
          f"{chars_kept or 0:.1%} of datatrove's characters, {under_half} pages under half")
    print("funnel (where pages stop):")
    for side, c in r["funnel"].items():
        print(f"  {side:10} " + ", ".join(f"{k} {c.get(k, 0)}" for k in STEPS + ["kept"]))
    print("\n" + markdown(r))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(r, f, indent=1, ensure_ascii=False)
    print(f"\nwrote {a.out}")


if __name__ == "__main__":
    main()
