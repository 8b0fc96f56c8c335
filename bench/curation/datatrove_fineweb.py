#!/usr/bin/env python3
"""datatrove's FineWeb pipeline (examples/fineweb.py, datatrove 0.10.1) over one WARC, timed in CPU
seconds, with every page's fate written down: the peer side of the curation bench
(bench/curation/run-curation-bench.sh runs it; see bench/curation/README.md).

Pipeline, as FineWeb: WarcReader -> URLFilter -> Trafilatura(favour_precision=True) ->
LanguageFilter(en, 0.65) -> GopherRepetitionFilter -> GopherQualityFilter ->
C4QualityFilter(filter_no_terminal_punct=False) -> FineWebQualityFilter, one task, one worker.
Left out: the JSONL writers of the kept and excluded documents (exclusions are recorded in memory
instead, so neither side pays for output) and everything after FineWebQualityFilter (dedup).

Made to run offline, and nothing else changed:
- LanguageFilter's FT176LID downloads lid.176.bin on first use; here it loads a local model,
  by default Tempered's committed quantised lid.176.ftz (datatrove normally uses the .bin).
- URLFilter's TLDExtract() fetches the public suffix list on first use; here it uses the
  snapshot shipped inside tldextract. Its block lists ship inside datatrove's wheel.
One change to the input's reading (--libmagic turns it off): where a WARC response has no
WARC-Identified-Payload-Type (wget writes none; Common Crawl, FineWeb's input, always does), the
reader is given the HTTP Content-Type as that header instead of sniffing the body with libmagic.

Passes: --warmup passes, then --repeat measured passes over the same WARC. A pass is one call of
the executor's per-task runner on the same pipeline objects (LocalPipelineExecutor.run() would
deep-copy the pipeline, reloading models and lists), so models and lists load in the warm-up
and every pass gets a fresh Trafilatura sandbox process, as a fresh task would (trafilatura's
deduplication cache lives in that process). Decisions and extracted texts come from the first pass.

CPU time: this process (time.process_time) plus the Trafilatura sandbox process (its
/proc/<pid>/schedstat, read just before datatrove ends it). Per step: datatrove's own
track_time() blocks, timed in thread CPU instead of wall time.

    bench/.venv/bin/python bench/curation/datatrove_fineweb.py --warc examples/data/sample.warc.gz \
        --model activities/src/main/resources/lang/lid.176.ftz --out /tmp/dt [--repeat 3] [--warmup 1]

Output in --out: decisions.jsonl (one line per page of the first pass: url, step, reason, lang,
lang_score, chars), texts.jsonl (url and extracted text of each page that got past extraction),
timing.json (format tempered-bench-curation-datatrove v1).
"""
import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time

# Assets datatrove unpacks (URL block lists) go to a folder of this run, not the user's cache.
_ASSETS = tempfile.mkdtemp(prefix="dt-assets-")
os.environ.setdefault("HF_ASSETS_CACHE", _ASSETS)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TLDEXTRACT_CACHE", _ASSETS)

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline import base as dt_base  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.pipeline.extractors import Trafilatura  # noqa: E402
from datatrove.pipeline.extractors import base as dt_extract  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LanguageFilter,
    URLFilter,
)
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.readers import warc as dt_warc  # noqa: E402
from datatrove.utils.lid import FT176LID  # noqa: E402

# Imported here so that a broken install fails at once: inside the sandbox an ImportError only
# shows as a timeout per page.
import trafilatura  # noqa: E402,F401

FORMAT = "tempered-bench-curation-datatrove v1"
STEPS = ["url_filter", "extract", "language", "gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"]

# Module-level state: the executor's runner and datatrove's sandbox only see pipeline objects,
# so the bench's bookkeeping lives here.
STEP_CPU_NS: dict[str, int] = {}  # datatrove step name -> thread CPU inside its track_time()
CHILD_CPU_NS = [0]  # CPU of ended Trafilatura sandbox processes
RECORD = [False]  # record decisions in this pass
DECISIONS: dict[str, dict] = {}  # url -> decision, first measured pass only
TEXTS: list[dict] = []
READ = [0]  # pages the reader let through in this pass
CURRENT_URL = [None]  # the page being extracted (one page is in flight at a time)
TIMEOUTS: set[str] = set()
_LID_MODEL = {}


class _CpuTimer:
    """track_time() replacement: datatrove's wall-clock stats plus this thread's CPU per step."""

    def __init__(self, step: PipelineStep, inner):
        self.step, self.inner = step, inner

    def __enter__(self):
        self.inner.__enter__()
        self.t0 = time.thread_time_ns()

    def __exit__(self, *exc):
        STEP_CPU_NS[self.step.name] = STEP_CPU_NS.get(self.step.name, 0) + time.thread_time_ns() - self.t0
        return self.inner.__exit__(*exc)


_orig_track_time = PipelineStep.track_time
PipelineStep.track_time = lambda self, unit=None: _CpuTimer(self, _orig_track_time(self, unit))


def _schedstat_ns(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


_orig_cleanup = dt_extract.ExtractorSandbox._cleanup_process


def _cleanup_counting(self):
    if self.process is not None and self.process.pid:
        CHILD_CPU_NS[0] += _schedstat_ns(self.process.pid)
    _orig_cleanup(self)


dt_extract.ExtractorSandbox._cleanup_process = _cleanup_counting

_orig_process_document = dt_extract.ExtractorSandbox.process_document


# Trafilatura's timeout counts the sandbox process's CPU time, not wall time: with a wall-clock
# limit a loaded machine (the Java side, the OS) dropped pages that took 0.2 s of CPU, so the
# decisions depended on the load. The sandbox waits up to WALL_LIMIT_S; a page whose extraction
# used more than CPU_LIMIT_S of CPU is then dropped as a timeout, as datatrove drops one.
CPU_LIMIT_S = [1.0]
WALL_LIMIT_S = 120.0


def _process_document_noting_timeouts(self, text, extract_fn):
    pid = self.process.pid if self.process is not None else None
    before = _schedstat_ns(pid) if pid else 0
    try:
        result = _orig_process_document(self, text, extract_fn)
    except TimeoutError:
        if CURRENT_URL[0]:
            TIMEOUTS.add(CURRENT_URL[0])
        raise
    if not pid:
        return result  # the sandbox started during this call: its import time is not this page's
    used = (_schedstat_ns(pid) - before) / 1e9
    if used > CPU_LIMIT_S[0]:
        if CURRENT_URL[0]:
            TIMEOUTS.add(CURRENT_URL[0])
        raise TimeoutError(f"extraction used {used:.2f} s of CPU, over {CPU_LIMIT_S[0]} s")
    return result


dt_extract.ExtractorSandbox.process_document = _process_document_noting_timeouts


_orig_process_record = dt_warc.process_record


def _process_record_with_payload_type(record):
    """Sets WARC-Identified-Payload-Type from the HTTP Content-Type where the WARC has none.

    Common Crawl's WARCs carry that header, so FineWeb's reader never falls back to libmagic;
    wget's do not, and libmagic calls an XHTML page with an <?xml prolog text/xml, which the
    reader skips (340 of the 899 sample pages)."""
    if (record.rec_type == "response" and record.http_headers is not None
            and record.rec_headers.get_header("WARC-Identified-Payload-Type") is None):
        content_type = record.http_headers.get_header("Content-Type")
        if content_type:
            record.rec_headers.add_header("WARC-Identified-Payload-Type", content_type.split(";")[0].strip().lower())
    return _orig_process_record(record)


class LocalFT176(FT176LID):
    """FT176LID reading a local model file instead of downloading lid.176.bin."""

    def __init__(self, languages, path):
        super().__init__(languages)
        self.path = path

    @property
    def model(self):
        if self.path not in _LID_MODEL:
            from fasttext.FastText import _FastText

            _LID_MODEL[self.path] = _FastText(self.path)
        return _LID_MODEL[self.path]


class DecisionLog:
    """Duck-typed exclusion writer: BaseFilter calls `with writer as w: w.write(doc, rank)`."""

    def __init__(self, step: str):
        self.step = step

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, doc: Document, rank: int = 0):
        if RECORD[0]:
            _decide(doc, self.step, doc.metadata.get("filter_reason") or _reason(self.step, doc))


def _reason(step: str, doc: Document) -> str:
    # datatrove's LanguageFilter drops without a reason; name it the way Tempered's does.
    if step == "language":
        lang = doc.metadata.get("language")
        return "language_low_score" if lang == "en" else f"language:{lang}"
    return ""


def _decide(doc: Document, step: str | None, reason: str):
    url = doc.metadata.get("url")
    entry = DECISIONS.setdefault(url, {"url": url})
    entry.update(step=step, reason=reason, lang=doc.metadata.get("language"),
                 lang_score=doc.metadata.get("language_score"))
    if step not in ("url_filter", "extract"):
        entry["chars"] = len(doc.text)


class Tap(PipelineStep):
    """A pass-through step that notes the pages flowing by (read, extracted, kept)."""

    type = "bench"

    def __init__(self, where: str):
        super().__init__()
        self.where = where
        self.name = f"tap:{where}"

    def run(self, data, rank: int = 0, world_size: int = 1):
        for doc in data:
            url = doc.metadata.get("url")
            if self.where == "read":
                READ[0] += 1
                CURRENT_URL[0] = None
                if RECORD[0]:
                    DECISIONS[url] = {"url": url, "step": "extract", "reason": "extract:empty"}
            elif self.where == "before_extract":
                CURRENT_URL[0] = url
            elif self.where == "extracted":
                if RECORD[0]:
                    DECISIONS[url].update(step=None, reason="", chars=len(doc.text))
                    TEXTS.append({"url": url, "text": doc.text})
            elif self.where == "kept" and RECORD[0]:
                _decide(doc, None, "")
            yield doc


def pipeline(warc: str, model: str, timeout: float) -> list:
    url_filter = URLFilter(exclusion_writer=DecisionLog("url_filter"))
    from tldextract import TLDExtract

    url_filter.tldextractor = TLDExtract(suffix_list_urls=(), cache_dir=None)
    language = LanguageFilter(languages=["en"], language_threshold=0.65, exclusion_writer=DecisionLog("language"))
    language.model = LocalFT176(["en"], model)
    return [
        WarcReader(os.path.dirname(os.path.abspath(warc)), glob_pattern=os.path.basename(warc)),
        Tap("read"),
        url_filter,
        Tap("before_extract"),
        Trafilatura(favour_precision=True, timeout=WALL_LIMIT_S),
        Tap("extracted"),
        language,
        GopherRepetitionFilter(exclusion_writer=DecisionLog("gopher_repetition")),
        GopherQualityFilter(exclusion_writer=DecisionLog("gopher_quality")),
        C4QualityFilter(filter_no_terminal_punct=False, exclusion_writer=DecisionLog("c4_quality")),
        FineWebQualityFilter(exclusion_writer=DecisionLog("fineweb_quality")),
        Tap("kept"),
    ]


def cpu_now_ns() -> int:
    return time.process_time_ns() + CHILD_CPU_NS[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warc", required=True)
    ap.add_argument("--model", required=True, help="fastText lid.176 model (.ftz or .bin)")
    ap.add_argument("--out", required=True, help="folder for decisions.jsonl, texts.jsonl, timing.json")
    ap.add_argument("--repeat", type=int, default=1, help="measured passes")
    ap.add_argument("--warmup", type=int, default=1, help="passes before measuring")
    ap.add_argument("--timeout", type=float, default=1.0,
                    help="Trafilatura's per-page limit in seconds of the sandbox's CPU time (datatrove's default "
                         "is 0.1 s of wall time; CPU time keeps the decisions independent of the machine's load)")
    ap.add_argument("--libmagic", action="store_true",
                    help="let datatrove's reader sniff pages without WARC-Identified-Payload-Type with libmagic, "
                         "as it does out of the box, instead of taking the HTTP Content-Type")
    a = ap.parse_args()
    if not a.libmagic:
        dt_warc.process_record = _process_record_with_payload_type
    os.makedirs(a.out, exist_ok=True)
    logs = tempfile.mkdtemp(prefix="dt-logs-")
    CPU_LIMIT_S[0] = a.timeout
    steps = pipeline(a.warc, a.model, a.timeout)
    executor = LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=logs, skip_completed=False)
    step_names = {s.name: n for s, n in zip(steps, [None, None] + ["url_filter", None, "extract", None]
                                                + STEPS[2:] + [None]) if n}

    passes = []
    for p in range(a.warmup + a.repeat):
        # Decisions come from the first measured pass: a warm-up pass pays spaCy's and the
        # sandbox's start-up, which is where timeouts happened.
        RECORD[0] = p == a.warmup
        STEP_CPU_NS.clear()
        READ[0] = 0
        TIMEOUTS.clear()
        c0, w0, s0 = cpu_now_ns(), time.perf_counter(), CHILD_CPU_NS[0]
        with contextlib.redirect_stderr(open(os.devnull, "w")):  # datatrove logs every page's timeout and stats
            executor._run_for_rank(0)
        cpu, wall = cpu_now_ns() - c0, time.perf_counter() - w0
        if RECORD[0]:
            for url in TIMEOUTS:
                DECISIONS[url]["reason"] = "extract:timeout"
        by_step = {step_names[k]: v for k, v in STEP_CPU_NS.items() if k in step_names}
        by_step["extract"] = by_step.get("extract", 0)  # parent side: send, wait, receive
        passes.append({"measured": p >= a.warmup, "pages_read": READ[0], "cpu_ns": cpu,
                       "sandbox_cpu_ns": CHILD_CPU_NS[0] - s0, "wall_s": wall,
                       "reader_ns": sum(v for k, v in STEP_CPU_NS.items() if k not in step_names and "tap" not in k),
                       "steps_ns": by_step, "timeouts": sorted(TIMEOUTS)})
        print(f"datatrove pass {p + 1}/{a.warmup + a.repeat}{' (warm-up)' if p < a.warmup else ''}: "
              f"{cpu / 1e9:.1f} s CPU, {wall:.1f} s wall, {len(TIMEOUTS)} extraction timeouts", file=sys.stderr)

    with open(os.path.join(a.out, "decisions.jsonl"), "w", encoding="utf-8") as f:
        for d in DECISIONS.values():
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "texts.jsonl"), "w", encoding="utf-8") as f:
        for t in TEXTS:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    import datatrove

    timing = {"format": FORMAT, "warc": a.warc, "model": a.model, "timeout_s": a.timeout, "libmagic": a.libmagic,
              "versions": {"python": sys.version.split()[0], "datatrove": getattr(datatrove, "__version__", "0.10.1"),
                           "trafilatura": trafilatura.__version__},
              "passes": passes}
    with open(os.path.join(a.out, "timing.json"), "w") as f:
        json.dump(timing, f, indent=1)
    shutil.rmtree(logs, ignore_errors=True)
    shutil.rmtree(_ASSETS, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
