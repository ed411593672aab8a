"""Cleaning quality, speed and memory: trafilatura alone, newsloom's HTML and text modes, and the raw page text.

    python benchmarks/cleaning.py                          # every page, markdown tables on stdout
    python benchmarks/cleaning.py --split dev --limit 20   # a quick look while working on the cleaners
    python benchmarks/cleaning.py --split dev --systems newsloom-text --corpora article-extraction-benchmark
    python benchmarks/cleaning.py --verbose --json figures.json
    python benchmarks/cleaning.py --write-baseline         # re-pin benchmarks/baselines/cleaning.json (the gate)

The same pages go through four systems, side by side:

- `trafilatura`: `trafilatura.extract` with the settings of each benchmark's own trafilatura run, so its row
  can be checked against the published figure (article-extraction-benchmark: `extract(html, include_comments=False)`
  on the utf-8 text, as its `extractors/run_trafilatura.py`; trafilatura-eval: the "standard" runner of
  trafilatura's `tests/eval_common.py` on the raw bytes).
- `newsloom-html`: `clean_html(html).article_text`, the pipeline's HTML mode (body and subheadings: both
  benchmarks count subheadings as article text).
- `newsloom-text`: `clean_text(page_text(parse_page(html))).article_text`, the pipeline's text mode fed what a
  plain scraper would dump.
- `page-text`: that dump itself, everything visible (the html-text baseline of the benchmarks): the ceiling
  for recall and the floor for precision.

Corpora (read from ../shared at run time, never copied): the article-extraction-benchmark (181 pages, 4-gram
shingle precision/recall averaged over pages, exactly as its `evaluate.py`), trafilatura's evaluation corpus
(990 pages, "with"/"without" segments counted over the corpus, as `tests/eval_common.py`), and the five seeds
(line labels, scored as `../shared/tools/eval_seeds.py` does). Pages are split into dev and test by the first
hex digit of the sha1 of their id (0-7 dev), so the split never changes when pages are added.

Speed and memory: each system runs in a fresh process of its own (spawned, so `ru_maxrss` is that system's),
which loads the pages, warms up with one untimed pass over them (lazy loads such as dateparser's per-language
data would otherwise land on whichever page first needs them; `--warm-up N` shortens it to N pages), times
`--passes` passes (3 by default; the first one's outputs are scored) and keeps the fastest, then runs one more
under tracemalloc for the peak of Python allocations (lxml's C memory is not traced; the resident-set peak shows
it). Time is the process's CPU time (`time.process_time`, one core), not the wall clock: on a machine shared
with other work the wall clock counts their time too, and the best of a few passes is the least disturbed.
Text mode is timed on pre-rendered page texts: rendering belongs to the scraper and is the `page-text` row.

A page that raises or runs past `--timeout` counts as empty output with a note; a worker that dies counts
every page of that system as failed. The run goes on either way.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import shlex
import signal
import statistics
import sys
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import trafilatura

import newsloom.clean.html
import newsloom.clean.site_memory
import newsloom.clean.text
import newsloom.read.decode
from newsloom.clean.html import clean_html, page_text, parse_page
from newsloom.clean.site_memory import SiteMemory
from newsloom.clean.text import TextCleaning, clean_text
from newsloom.read.decode import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
SEEDS = SHARED / "seeds"
BASELINE = ROOT / "benchmarks" / "baselines" / "cleaning.json"

AEB = "article-extraction-benchmark"
TEV = "trafilatura-eval"
SYSTEMS = ("trafilatura", "newsloom-html", "newsloom-text", "page-text")
NEWSLOOM_MODES = ("newsloom-html", "newsloom-text")
SPLITS = ("dev", "test")
WORSE_BY = 0.05
"""Per-page F1 gap against trafilatura that counts as a page where newsloom is worse (or better)."""

GATE_PAGES = {AEB: 30, TEV: 100}
"""The gate's fixed subset: the first pages (sorted by id) of the dev split of each corpus."""
GATE_METRICS = {AEB: ("f1",), TEV: ("f1",), "seeds": ("body_kept", "boilerplate_removed")}
"""What the gate holds: F1 only, so a change trading some recall for more precision (or back) is not a failure."""
GATE_TOLERANCE = 0.01

TRAFILATURA_SETTINGS: dict[str, dict[str, Any]] = {
    AEB: {"include_comments": False},
    TEV: {"fast": False, "include_comments": False, "include_tables": True, "include_formatting": False},
}
"""Each benchmark's own trafilatura run, so the trafilatura row can be checked against the published one."""


def _cleaner_sha() -> str:
    """The cleaner sources as this process imported them: they may be edited while a long run goes on."""
    digest = hashlib.sha1()
    for module in (newsloom.clean.html, newsloom.clean.text, newsloom.clean.site_memory, newsloom.read.decode):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


CLEANER_SHA = _cleaner_sha()


# ---------------------------------------------------------------------------------------------------- pages


@dataclass
class Page:
    """One page as each system receives it: trafilatura the benchmark's own input, newsloom a decoded str."""

    id: str
    raw: str | bytes
    html: str | None
    input_error: str = ""
    rendered: str | None = None
    render_error: str = ""


def split_of(page_id: str) -> str:
    """dev or test, from the id alone: stable when pages are added or the corpus is re-ordered."""
    return "dev" if hashlib.sha1(page_id.encode("utf-8")).hexdigest()[0] in "01234567" else "test"


def select(ids: list[str], split: str, limit: int | None) -> list[str]:
    """The first `limit` ids (sorted) of a split; "all" keeps both."""
    chosen = [i for i in sorted(ids) if split == "all" or split_of(i) == split]
    return chosen[:limit] if limit is not None else chosen


def fingerprint(ids: list[str]) -> str:
    """Names a page subset in the baseline file, so a gate never compares scores of different pages."""
    return hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()[:16]


@cache
def aeb_gold() -> dict[str, dict[str, str]]:
    return json.loads((DATASETS / AEB / "ground-truth.json").read_text(encoding="utf-8"))


@cache
def tev_gold() -> dict[str, dict[str, Any]]:
    return json.loads((DATASETS / TEV / "evaldata.json").read_text(encoding="utf-8"))


def corpus_ids(corpus: str) -> list[str]:
    return sorted(aeb_gold() if corpus == AEB else tev_gold())


def load_pages(corpus: str, ids: list[str]) -> list[Page]:
    return [_load_aeb(i) if corpus == AEB else _load_tev(i) for i in ids]


def _load_aeb(page_id: str) -> Page:
    """Read as the benchmark's extractors do: gzip, utf-8 text, the same str for every system."""
    with gzip.open(DATASETS / AEB / "html" / f"{page_id}.html.gz", "rt", encoding="utf8") as f:
        html = f.read()
    return Page(page_id, html, html)


def _load_tev(url: str) -> Page:
    """trafilatura gets the bytes (its evaluation does); newsloom the text its own reader would decode."""
    name = tev_gold()[url]["file"]
    path = next(p for p in (DATASETS / TEV / sub / f"{name}.gz" for sub in ("cache", "eval")) if p.is_file())
    raw = gzip.decompress(path.read_bytes())
    try:
        return Page(url, raw, decode_bytes(raw, name))
    except Exception as exc:
        return Page(url, raw, None, input_error=f"decode: {_describe(exc)}")


def render_pages(pages: list[Page], timeout: float) -> None:
    """Render each page as a plain scraper would, the input of text mode; a failure is noted on the page."""
    for page in pages:
        text, error, _ = guarded(lambda p: page_text(parse_page(_newsloom_input(p))), page, timeout)
        page.rendered, page.render_error = (None, error) if error else (text, "")


# ---------------------------------------------------------------------------------------------------- systems


def _newsloom_input(page: Page) -> str:
    if page.html is None:
        raise ValueError(page.input_error)
    return page.html


def _rendered_input(page: Page) -> str:
    if page.rendered is None:
        raise ValueError(f"page_text: {page.render_error or 'not rendered'}")
    return page.rendered


def extractor(corpus: str, system: str) -> Callable[[Page], str | None]:
    """The function one system applies to one page."""
    if system == "trafilatura":
        settings = TRAFILATURA_SETTINGS[corpus]
        return lambda page: trafilatura.extract(page.raw, **settings)
    if system == "newsloom-html":
        return lambda page: clean_html(_newsloom_input(page)).article_text
    if system == "newsloom-text":
        return lambda page: clean_text(_rendered_input(page)).article_text
    if system == "page-text":
        return lambda page: page_text(parse_page(_newsloom_input(page)))
    raise ValueError(f"unknown system {system!r}")


class PageTimeout(BaseException):
    """A BaseException, so an extractor's own `except Exception` cannot swallow the time limit."""


def _raise_timeout(signum: int, frame: object) -> None:
    raise PageTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds`; a no-op off the main thread or where there is no SIGALRM."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


def guarded(fn: Callable[[Page], str | None], page: Page, timeout: float) -> tuple[str, str, float]:
    """(output, error, CPU seconds) for one page: one bad page costs that page, never the run. The time limit
    is wall-clock time, the seconds reported are this process's CPU time (see the module docstring)."""
    start = time.process_time()
    try:
        with time_limit(timeout):
            output = fn(page)
    except PageTimeout:
        return "", f"timed out after {timeout:g} s", time.process_time() - start
    except Exception as exc:
        return "", _describe(exc), time.process_time() - start
    return output or "", "", time.process_time() - start


@dataclass
class SystemRun:
    """One system over one corpus: outputs (scored), per-page errors and seconds, memory figures."""

    system: str
    outputs: list[str]
    errors: list[str]
    seconds: list[float]
    decode_seconds: float = 0.0
    rss_loaded_mib: float | None = None
    rss_peak_mib: float | None = None
    traced_peak_mib: float | None = None
    traced_worst_page: str | None = None
    cleaner_sha: str = CLEANER_SHA

    @classmethod
    def failed(cls, system: str, count: int, why: str) -> SystemRun:
        return cls(system, [""] * count, [why] * count, [0.0] * count)


def run_pages(fn: Callable[[Page], str | None], pages: list[Page], timeout: float) -> tuple[list[str], list[str], list[float]]:
    results = [guarded(fn, page, timeout) for page in pages]
    return [r[0] for r in results], [r[1] for r in results], [r[2] for r in results]


def extract_all(corpus: str, system: str, pages: list[Page], timeout: float) -> SystemRun:
    """Outputs of one system on pages already loaded (text mode renders them first): no timing, no memory."""
    if system == "newsloom-text" and any(p.rendered is None and not p.render_error for p in pages):
        render_pages(pages, timeout)
    outputs, errors, seconds = run_pages(extractor(corpus, system), pages, timeout)
    return SystemRun(system, outputs, errors, seconds)


def _rss_mib() -> float:
    """The process's resident-set peak so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_system(
    corpus: str, system: str, ids: list[str], timeout: float, trace: bool, warm_up: int | None = None, passes: int = 3
) -> SystemRun:
    """Load, warm up (on `warm_up` pages, None: all), `passes` timed passes (the fastest kept, the first one's
    outputs scored), then one traced pass; meant to run alone in a fresh process."""
    started = time.perf_counter()
    pages = load_pages(corpus, ids)
    decode_seconds = time.perf_counter() - started if corpus == TEV else 0.0
    if system == "newsloom-text":
        render_pages(pages, timeout)
    fn = extractor(corpus, system)
    rss_loaded = _rss_mib()
    run_pages(fn, pages[:warm_up], timeout)
    outputs, errors, seconds = run_pages(fn, pages, timeout)
    for _ in range(passes - 1):
        again = run_pages(fn, pages, timeout)[2]
        seconds = min(seconds, again, key=sum)
    run = SystemRun(system, outputs, errors, seconds, decode_seconds, rss_loaded, _rss_mib())
    if trace:
        run.traced_peak_mib, run.traced_worst_page = _traced_peak(fn, pages, timeout)
    return run


def _traced_peak(fn: Callable[[Page], str | None], pages: list[Page], timeout: float) -> tuple[float, str | None]:
    """The peak of Python allocations over all pages, and the page where it happened."""
    peak, worst = 0, None
    tracemalloc.start()
    try:
        for page in pages:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            guarded(fn, page, timeout)
            page_peak = tracemalloc.get_traced_memory()[1] - base
            if page_peak > peak:
                peak, worst = page_peak, page.id
    finally:
        tracemalloc.stop()
    return peak / 2**20, worst


def measure_isolated(corpus: str, system: str, ids: list[str], args: argparse.Namespace) -> SystemRun:
    """`measure_system` in a freshly spawned process, so its resident-set peak belongs to that system alone."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(measure_system, corpus, system, ids, args.timeout, not args.no_memory, args.warm_up, args.passes).result()
        except BrokenProcessPool as exc:
            return SystemRun.failed(system, len(ids), f"worker process died: {exc}")


# ---------------------------------------------------------------------------------------------------- scoring: article-extraction-benchmark

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
"""evaluate.py's tokenizer, flags included."""


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """evaluate.py's `_ngrams`: a text shorter than n tokens is one short shingle, an empty one has none."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str | None, pred: str | None) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum 1 so long pages weigh no more than short ones."""
    gold, got = shingles(true), shingles(pred)
    tp = float(sum((gold & got).values()))
    fp = float(sum((got - gold).values()))
    fn = float(sum((gold - got).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def page_f1(counts: tuple[float, float, float]) -> float:
    """One page's F1, for the per-page comparison (evaluate.py only averages P and R over pages)."""
    p, r = precision_score(*counts), recall_score(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def _mean(values: list[float]) -> float:
    """statistics.mean, but 0.0 on no values (evaluate.py would raise; only reachable on tiny --limit runs)."""
    return statistics.mean(values) if values else 0.0


def shingle_metrics(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """evaluate.py's `metrics_from_tp_fp_fns`: precision over pages with any prediction, recall over pages with gold."""
    precision = _mean([precision_score(*c) for c in counts if c[0] + c[1] > 0])
    recall = _mean([recall_score(*c) for c in counts if c[0] + c[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def aeb_score(gold: dict[str, str], predicted: dict[str, str], n_bootstrap: int = 0, seed: int = 0) -> dict[str, float]:
    """F1, precision, recall, accuracy (exact token sequence), and their bootstrap std as evaluate.py reports them."""
    keys = list(gold)
    counts = [shingle_match(gold[k], predicted.get(k, "")) for k in keys]
    accuracies = [float(tokenize(gold[k]) == tokenize(predicted.get(k, ""))) for k in keys]
    metrics = shingle_metrics(counts) | {"accuracy": _mean(accuracies)}
    if n_bootstrap > 1 and keys:
        metrics |= _bootstrap_std(counts, accuracies, n_bootstrap, random.Random(seed))
    return metrics


def _bootstrap_std(counts: list[tuple[float, float, float]], accuracies: list[float], n: int, rng: random.Random) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(n):
        picks = [rng.randrange(len(counts)) for _ in counts]
        drawn = shingle_metrics([counts[i] for i in picks]) | {"accuracy": _mean([accuracies[i] for i in picks])}
        for key, value in drawn.items():
            samples.setdefault(key, []).append(value)
    return {f"{key}_std": statistics.stdev(values) for key, values in samples.items()}


# ---------------------------------------------------------------------------------------------------- scoring: trafilatura-eval


def _ws(text: str) -> str:
    """trafilatura's `norm`: whitespace variants must not cost a segment."""
    return re.sub(r"\s+", " ", text).strip()


def segment_counts(item: dict[str, Any], output: str) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: "with" segments found are true positives, "without" found false ones."""
    text = _ws(output)
    tp = sum(1 for w in item["with"] if _ws(w) in text) if text else 0
    fp = sum(1 for w in item["without"] if _ws(w) in text) if text else 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def segment_score(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    """Precision, recall, accuracy and F1 over all segments of all pages, as trafilatura's ConfusionMatrix."""
    tp, fp, fn, tn = (sum(c[i] for c in counts) for i in range(4))
    total = tp + fp + fn + tn
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
        "with": tp + fn,
        "without": fp + tn,
    }


# ---------------------------------------------------------------------------------------------------- scoring: both corpora


def page_scores(corpus: str, ids: list[str], outputs: list[str]) -> dict[str, Any]:
    """Per page: shingle counts and F1 (article-extraction-benchmark) or segment counts (trafilatura-eval)."""
    if corpus == AEB:
        gold = aeb_gold()
        return {i: _aeb_page(gold[i]["articleBody"], out) for i, out in zip(ids, outputs, strict=True)}
    items = tev_gold()
    return {i: dict(zip(("tp", "fp", "fn", "tn"), segment_counts(items[i], out), strict=True)) for i, out in zip(ids, outputs, strict=True)}


def _aeb_page(gold: str, output: str) -> dict[str, float]:
    counts = shingle_match(gold, output)
    return {"tp": counts[0], "fp": counts[1], "fn": counts[2], "f1": page_f1(counts)}


def corpus_score(corpus: str, ids: list[str], outputs: list[str], n_bootstrap: int = 0) -> dict[str, float]:
    """The corpus's own headline metrics over these pages."""
    if corpus == AEB:
        gold = aeb_gold()
        return aeb_score({i: gold[i]["articleBody"] for i in ids}, dict(zip(ids, outputs, strict=True)), n_bootstrap)
    items = tev_gold()
    return segment_score([segment_counts(items[i], out) for i, out in zip(ids, outputs, strict=True)])


# ---------------------------------------------------------------------------------------------------- seeds


@dataclass
class SeedScore:
    """One seed file, scored with eval_seeds.py's rule, plus the metadata text mode found."""

    name: str
    body_kept: float
    boilerplate_removed: float
    removed_without_memory: float
    title: str
    dateline: str
    published: str


def _norm(text: str) -> str:
    """eval_seeds.py's `norm`: lower-case words only."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def seed_scores() -> list[SeedScore]:
    """Text mode on the seeds, with the site memory filled from all five first, as `Loom.add_paths` does."""
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    names = sorted(gold["articles"])
    raws = {n: (SEEDS / n).read_text(encoding="utf-8") for n in names}
    site, memory = f"dir:{SEEDS}", SiteMemory()
    for raw in raws.values():
        memory.observe(site, raw.split("\n"))
    return [_seed_score(n, raws[n], gold["articles"][n], clean_text(raws[n], site, memory), clean_text(raws[n])) for n in names]


def _seed_score(name: str, raw: str, gold: dict[str, Any], found: TextCleaning, alone: TextCleaning) -> SeedScore:
    lines = raw.split("\n")
    labels = gold["line_labels"]
    kept, removed = _line_shares(lines, labels, found.text)
    return SeedScore(
        name=name,
        body_kept=kept,
        boilerplate_removed=removed,
        removed_without_memory=_line_shares(lines, labels, alone.text)[1],
        title=_seed_title(gold.get("title"), found.title),
        dateline=_seed_dateline([lines[i - 1] for i in labels.get("dateline", [])], found),
        published=_seed_published(gold.get("published"), found.published),
    )


def _line_shares(lines: list[str], labels: dict[str, list[int]], text: str) -> tuple[float, float]:
    """Share of gold body lines kept and of boilerplate lines (2+ words, not body text) removed."""
    clean = _norm(text)
    body = [_norm(lines[i - 1]) for i in labels.get("body", [])]
    joined = " ".join(body)
    boiler = [b for b in (_norm(lines[i - 1]) for i in labels.get("boilerplate", [])) if len(b.split()) >= 2 and b not in joined]
    kept = sum(1 for line in body if line and line in clean) / (len(body) or 1)
    removed = sum(1 for line in boiler if line not in clean) / len(boiler) if boiler else 1.0
    return kept, removed


def _seed_title(wanted: str | None, got: str | None) -> str:
    if not wanted:
        return "n/a"
    return "yes" if got and _norm(got) == _norm(wanted) else f"no ({got!r})"


def _seed_dateline(wanted: list[str], found: TextCleaning) -> str:
    if not wanted:
        return "n/a"
    labelled = {_norm(s.text) for s in found.spans if s.label == "dateline"}
    return "yes" if all(_norm(line) in labelled for line in wanted) else "no"


def _seed_published(wanted: str | None, got: datetime | None) -> str:
    """Same instant when both carry a zone; a time without zone matching the wall clock is said so."""
    if not wanted:
        return "n/a"
    expected = datetime.fromisoformat(wanted)
    if got is None:
        return "no (none)"
    if got.tzinfo is not None:
        return "yes" if got == expected else f"no ({got.isoformat()})"
    return "wall clock only, no zone" if got == expected.replace(tzinfo=None) else f"no ({got.isoformat()})"


# ---------------------------------------------------------------------------------------------------- the gate


def gate_scores(timeout: float = 60.0) -> dict[str, Any]:
    """newsloom's two modes on the gate's fixed subset (and the seeds when present): what the baseline pins."""
    scores: dict[str, Any] = {}
    for corpus, count in GATE_PAGES.items():
        ids = select(corpus_ids(corpus), "dev", count)
        pages = load_pages(corpus, ids)
        systems = {}
        for system in NEWSLOOM_MODES:
            run = extract_all(corpus, system, pages, timeout)
            metrics = corpus_score(corpus, ids, run.outputs)
            systems[system] = {k: round(v, 4) for k, v in metrics.items()} | {"failures": sum(1 for e in run.errors if e)}
        scores[corpus] = {"pages": len(ids), "fingerprint": fingerprint(ids), "systems": systems}
    if (SEEDS / "gold.json").is_file():
        seeds = seed_scores()
        means = {"body_kept": _mean([s.body_kept for s in seeds]), "boilerplate_removed": _mean([s.boilerplate_removed for s in seeds])}
        scores["seeds"] = {"pages": len(seeds), "systems": {"newsloom-text": {k: round(v, 4) for k, v in means.items()}}}
    return scores


def regressions(current: dict[str, Any], baseline: dict[str, Any], tolerance: float = GATE_TOLERANCE) -> list[str]:
    """Every gated score more than `tolerance` below its baseline, and every subset that no longer matches."""
    problems = []
    for corpus, pinned in baseline["scores"].items():
        now = current.get(corpus)
        if now is None:
            continue
        if pinned.get("fingerprint") != now.get("fingerprint"):
            problems.append(f"{corpus}: the gate subset changed (fingerprint {now.get('fingerprint')} != {pinned.get('fingerprint')})")
            continue
        for system, metrics in pinned["systems"].items():
            for metric in GATE_METRICS[corpus]:
                got, floor = now["systems"][system][metric], metrics[metric]
                if got < floor - tolerance:
                    problems.append(f"{corpus} {system} {metric}: {got:.4f}, baseline {floor:.4f} (allowed drop {tolerance})")
    return problems


def write_baseline(path: Path, allow_regression: bool) -> int:
    """Re-pin the gate from an actual run; lowering a pinned score takes --allow-regression."""
    current = gate_scores()
    if path.is_file() and not allow_regression:
        problems = regressions(current, json.loads(path.read_text(encoding="utf-8")), tolerance=0.0)
        if problems:
            print("not written, scores would go down (use --allow-regression to accept):\n- " + "\n- ".join(problems))
            return 1
    baseline = {
        "about": "newsloom cleaning scores on a fixed subset, held by tests/test_cleaning_gate.py; "
        "re-pin with `python benchmarks/cleaning.py --write-baseline`",
        "written": date.today().isoformat(),
        "subset": {corpus: f"first {count} pages (sorted ids) of the dev split" for corpus, count in GATE_PAGES.items()},
        "gated": {corpus: list(metrics) for corpus, metrics in GATE_METRICS.items()},
        "tolerance": GATE_TOLERANCE,
        "versions": versions(),
        "scores": current,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}:\n{json.dumps(current, indent=2)}")
    return 0


# ---------------------------------------------------------------------------------------------------- the full run


@dataclass
class CorpusResult:
    """Everything measured on one corpus: the runs of all systems on the same pages, and their scores."""

    corpus: str
    ids: list[str]
    runs: dict[str, SystemRun]
    scores: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)


def run_corpus(corpus: str, ids: list[str], args: argparse.Namespace) -> CorpusResult:
    """Every system in its own process on the same pages, then the scores per split."""
    runs = {}
    for system in getattr(args, "systems", None) or SYSTEMS:
        print(f"  {corpus}: {system} on {len(ids)} pages", file=sys.stderr, flush=True)
        runs[system] = measure_isolated(corpus, system, ids, args)
    result = CorpusResult(corpus, ids, runs)
    for system, run in runs.items():
        result.pages[system] = page_scores(corpus, ids, run.outputs)
        output = dict(zip(ids, run.outputs, strict=True))
        result.scores[system] = {
            split: corpus_score(corpus, chosen, [output[i] for i in chosen], args.bootstrap)
            for split, chosen in splits(ids, args.split).items()
        }
    return result


def splits(ids: list[str], split: str) -> dict[str, list[str]]:
    """The page ids of each reported split: dev, test and all for a full run, else just the one asked for."""
    if split != "all":
        return {split: ids}
    return {"dev": [i for i in ids if split_of(i) == "dev"], "test": [i for i in ids if split_of(i) == "test"], "all": ids}


def versions() -> dict[str, str]:
    return {
        "trafilatura": version("trafilatura"),
        "newsloom": version("newsloom"),
        "cleaner_sha": CLEANER_SHA,
        "python": platform.python_version(),
    }


# ---------------------------------------------------------------------------------------------------- markdown


def table(headers: list[str], rows: list[list[str]], right_from: int = 1) -> str:
    """A markdown table; columns from `right_from` on are right-aligned (numbers)."""
    align = ["---" if i < right_from else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _pm(metrics: dict[str, float], key: str) -> str:
    std = metrics.get(f"{key}_std")
    return f"{metrics[key]:.3f} ± {std:.3f}" if std is not None else f"{metrics[key]:.3f}"


LABELS = {"newsloom-html": "newsloom HTML mode", "newsloom-text": "newsloom text mode", "page-text": "page text (everything visible)"}
SPEED_LABELS = {
    "trafilatura": "trafilatura",
    "newsloom-html": "newsloom HTML mode",
    "newsloom-text": "newsloom text mode (clean_text on rendered text)",
    "page-text": "render page text (parse_page + page_text)",
}


def _label(corpus: str, system: str) -> str:
    if system == "trafilatura":
        settings = ", ".join(f"{k}={v}" for k, v in TRAFILATURA_SETTINGS[corpus].items())
        return f"trafilatura {version('trafilatura')} (extract, {settings})"
    return LABELS[system]


def _failures(run: SystemRun, chosen: set[str], ids: list[str]) -> tuple[int, int]:
    """(errors, empty outputs without error) among the chosen pages."""
    pairs = [(e, o) for i, e, o in zip(ids, run.errors, run.outputs, strict=True) if i in chosen]
    return sum(1 for e, _ in pairs if e), sum(1 for e, o in pairs if not e and not o.strip())


def aeb_table(result: CorpusResult, split: str) -> str:
    rows = []
    for system, run in result.runs.items():
        for name, chosen in splits(result.ids, split).items():
            m = result.scores[system][name]
            errors, empty = _failures(run, set(chosen), result.ids)
            scores = [_pm(m, k) for k in ("f1", "precision", "recall", "accuracy")]
            rows.append([_label(AEB, system), name, str(len(chosen)), *scores, str(errors), str(empty)])
    return table(["system", "split", "pages", "F1", "precision", "recall", "accuracy", "errors", "empty"], rows, 2)


def comparison(result: CorpusResult) -> dict[str, dict[str, list[str]]]:
    """Per newsloom mode, the pages worse (and better) than trafilatura by more than WORSE_BY in page F1."""
    found: dict[str, dict[str, list[str]]] = {}
    if "trafilatura" not in result.pages:
        return found  # a run of some systems only (--systems)
    base = result.pages["trafilatura"]
    for mode in (m for m in NEWSLOOM_MODES if m in result.pages):
        mine = result.pages[mode]
        found[mode] = {
            "worse": [i for i in result.ids if mine[i]["f1"] < base[i]["f1"] - WORSE_BY],
            "better": [i for i in result.ids if mine[i]["f1"] > base[i]["f1"] + WORSE_BY],
        }
    return found


def comparison_table(result: CorpusResult, split: str) -> str:
    rows = []
    for mode, sides in comparison(result).items():
        for name, chosen in splits(result.ids, split).items():
            pick = set(chosen)
            worse, better = (sum(1 for i in sides[k] if i in pick) for k in ("worse", "better"))
            rows.append([_label(AEB, mode), name, str(len(chosen)), str(worse), str(better)])
    headers = ["newsloom mode", "split", "pages", f"worse than trafilatura by > {WORSE_BY} F1", f"better by > {WORSE_BY} F1"]
    return table(headers, rows, 2)


def comparison_list(result: CorpusResult) -> str:
    """--verbose: each page where a newsloom mode loses to trafilatura, with its id, URL and both F1s."""
    urls = {i: aeb_gold()[i].get("url", "") for i in result.ids}
    rows = []
    for mode, sides in comparison(result).items():
        for i in sorted(sides["worse"], key=lambda i: result.pages[mode][i]["f1"] - result.pages["trafilatura"][i]["f1"]):
            error = result.runs[mode].errors[result.ids.index(i)]
            mine, base = result.pages[mode][i]["f1"], result.pages["trafilatura"][i]["f1"]
            rows.append([mode, split_of(i), i[:16], urls[i], error, f"{mine:.3f}", f"{base:.3f}"])
    return table(["mode", "split", "id (first 16)", "url", "error", "newsloom F1", "trafilatura F1"], rows, 5)


def tev_table(result: CorpusResult, split: str) -> str:
    rows = []
    for system, run in result.runs.items():
        for name, chosen in splits(result.ids, split).items():
            m = result.scores[system][name]
            errors, empty = _failures(run, set(chosen), result.ids)
            segments = f"{int(m['with'])} / {int(m['without'])}"
            scores = [f"{m[k]:.3f}" for k in ("precision", "recall", "accuracy", "f1")]
            rows.append([_label(TEV, system), name, str(len(chosen)), segments, *scores, str(errors), str(empty)])
    headers = ["system", "split", "pages", "with / without segments", "precision", "recall", "accuracy", "F1", "errors", "empty"]
    return table(headers, rows, 2)


def speed_table(results: list[CorpusResult]) -> str:
    rows = [[r.corpus, SPEED_LABELS[system], *_speed_cells(run)] for r in results for system, run in r.runs.items()]
    headers = ["corpus", "system", "pages", "s", "pages/s", "median ms", "slowest ms"]
    return table([*headers, "tracemalloc peak MiB", "ru_maxrss MiB", "over loaded MiB"], rows, 2)


def _speed_cells(run: SystemRun) -> list[str]:
    total, count = sum(run.seconds), len(run.seconds)
    if not count or not total:
        return [str(count)] + ["-"] * 7
    growth = None if run.rss_peak_mib is None or run.rss_loaded_mib is None else run.rss_peak_mib - run.rss_loaded_mib
    timing = [f"{total:.2f}", f"{count / total:,.1f}", f"{statistics.median(run.seconds) * 1000:.1f}", f"{max(run.seconds) * 1000:.0f}"]
    return [str(count), *timing, _mib(run.traced_peak_mib), _mib(run.rss_peak_mib), _mib(growth)]


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def seeds_table(scores: list[SeedScore]) -> str:
    rows = []
    for s in scores:
        passes = "yes" if s.body_kept >= 0.98 and s.boilerplate_removed >= 0.90 else "no"
        shares = [f"{v:.2f}" for v in (s.body_kept, s.boilerplate_removed, s.removed_without_memory)]
        rows.append([s.name, *shares, passes, s.title, s.dateline, s.published])
    headers = ["seed", "body kept", "boilerplate removed", "removed, no site memory", "passes (≥0.98 / ≥0.90)"]
    return table([*headers, "title", "dateline", "published"], rows, 1)


def failure_notes(result: CorpusResult, verbose: bool) -> list[str]:
    """Per system, the pages that raised and the pages left empty (all with --verbose, else the first few)."""
    notes = []
    for system, run in result.runs.items():
        failed = [(i, e) for i, e in zip(result.ids, run.errors, strict=True) if e]
        if failed:
            kinds = ", ".join(f"{k} ×{n}" for k, n in Counter(e.split(":")[0] for _, e in failed).most_common())
            notes.append(f"- {system}: {len(failed)} pages raised or timed out ({kinds})")
            notes += [f"  - {i}: {e}" for i, e in (failed if verbose else failed[:3])]
        empty = [i for i, e, o in zip(result.ids, run.errors, run.outputs, strict=True) if not e and not o.strip()]
        if empty:
            notes.append(f"- {system} returned nothing on {len(empty)} pages: " + ", ".join(empty if verbose else empty[:5]))
    return notes or ["- none"]


def report(command: str, results: list[CorpusResult], seeds: list[SeedScore] | None, args: argparse.Namespace, wall: float) -> str:
    v = versions()
    parts = [
        "# Cleaning benchmark",
        "",
        f"    {command}",
        "",
        f"{date.today().isoformat()}, trafilatura {v['trafilatura']}, Python {v['python']}, {os.cpu_count()} cores, "
        f"{wall:.0f} s wall in all, cleaner sources {CLEANER_SHA}. Split: sha1(page id) first hex digit 0-7 is dev, 8-f test.",
    ]
    mixed = mixed_sources(results)
    if mixed:
        parts += ["", f"**Warning: the cleaner sources changed during this run ({mixed}); the figures mix versions, run again.**"]
    for result in results:
        parts += _corpus_section(result, args)
    if seeds is not None:
        parts += ["", "## seeds: text mode, line labels (../shared/tools/eval_seeds.py rule)", "", seeds_table(seeds)]
    heading = f"## speed and memory (each system in its own process, same pages; CPU time, fastest of {args.passes} passes after a warm-up)"
    parts += ["", heading, ""]
    parts += [speed_table(results)]
    parts += [
        "",
        "ru_maxrss is the process's high-water mark, pages loaded (and, for text mode, rendered) included; "
        '"over loaded" is what the timed pass added to it, 0 when it stayed under the loading\'s peak.',
    ]
    tev = next((r for r in results if r.corpus == TEV), None)
    if tev is not None:
        decode = next(iter(tev.runs.values())).decode_seconds
        note = f"newsloom gets decoded text (`decode_bytes`: {decode:.2f} s for {len(tev.ids)} pages, not in its rows)"
        parts += ["", f"trafilatura-eval: trafilatura gets the bytes, {note}."]
    return "\n".join(parts)


def mixed_sources(results: list[CorpusResult]) -> str:
    """The systems whose process imported other cleaner sources than this one, if any."""
    odd = [f"{r.corpus} {s}: {run.cleaner_sha}" for r in results for s, run in r.runs.items() if run.cleaner_sha != CLEANER_SHA]
    return ", ".join(odd)


def _corpus_section(result: CorpusResult, args: argparse.Namespace) -> list[str]:
    if result.corpus == AEB:
        title = "## article-extraction-benchmark: article body, 4-gram shingles (its evaluate.py), ± bootstrap std"
        parts = ["", title, "", aeb_table(result, args.split), "", "### per page, against trafilatura", ""]
        parts += [comparison_table(result, args.split)]
        if args.verbose:
            parts += ["", comparison_list(result)]
    else:
        title = "## trafilatura-eval: with / without segments (trafilatura's tests/eval_common.py)"
        parts = ["", title, "", tev_table(result, args.split)]
    return [*parts, "", f"Failures on {result.corpus}:", "", *failure_notes(result, args.verbose)]


def figures(command: str, results: list[CorpusResult], seeds: list[SeedScore] | None, wall: float) -> dict[str, Any]:
    """Everything measured, for --json: scores per split, per-page scores, errors and speed per system."""
    out: dict[str, Any] = {"command": command, "date": date.today().isoformat(), "versions": versions(), "wall_s": wall}
    out |= {"cleaner_sha": CLEANER_SHA, "mixed_sources": mixed_sources(results), "corpora": {}}
    for result in results:
        out["corpora"][result.corpus] = {
            "pages": [{"id": i, "split": split_of(i)} for i in result.ids],
            "scores": result.scores,
            "per_page": result.pages,
            "comparison_with_trafilatura": comparison(result) if result.corpus == AEB else None,
            "errors": {s: {i: e for i, e in zip(result.ids, r.errors, strict=True) if e} for s, r in result.runs.items()},
            "speed": {s: _speed_figures(r) for s, r in result.runs.items()},
            "seconds_per_page": {s: dict(zip(result.ids, r.seconds, strict=True)) for s, r in result.runs.items()},
        }
    if seeds is not None:
        out["seeds"] = [s.__dict__ for s in seeds]
    return out


def _speed_figures(run: SystemRun) -> dict[str, Any]:
    total = sum(run.seconds)
    return {
        "pages": len(run.seconds),
        "seconds": total,
        "pages_per_s": len(run.seconds) / total if total else None,
        "median_ms": statistics.median(run.seconds) * 1000 if run.seconds else None,
        "tracemalloc_peak_mib": run.traced_peak_mib,
        "tracemalloc_worst_page": run.traced_worst_page,
        "ru_maxrss_mib": run.rss_peak_mib,
        "ru_maxrss_loaded_mib": run.rss_loaded_mib,
        "decode_s": run.decode_seconds,
    }


# ---------------------------------------------------------------------------------------------------- command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all", help="pages to run (all: dev, test, all reported)")
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted ids) of the split, per corpus")
    parser.add_argument("--verbose", action="store_true", help="list every page worse than trafilatura and every failure")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one page may take before it counts as failed")
    parser.add_argument("--warm-up", type=int, help="untimed warm-up pages per system (default: every page, once)")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per system, the fastest reported (default 3)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap samples for the ± of the shingle metrics")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass (about halves the run)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS), help="only these systems (default: all four)")
    parser.add_argument("--corpora", nargs="+", choices=[AEB, TEV], default=[AEB, TEV], help="only these corpora (default: both)")
    parser.add_argument("--write-baseline", action="store_true", help=f"score the gate subset and write {BASELINE.relative_to(ROOT)}")
    parser.add_argument("--allow-regression", action="store_true", help="with --write-baseline: accept lower scores")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not DATASETS.is_dir():
        print(f"{DATASETS} is absent: nothing to benchmark", file=sys.stderr)
        return 2
    if args.write_baseline:
        return write_baseline(BASELINE, args.allow_regression)
    command = "python benchmarks/cleaning.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    results = [run_corpus(c, select(corpus_ids(c), args.split, args.limit), args) for c in args.corpora]
    seeds = seed_scores() if (SEEDS / "gold.json").is_file() else None
    wall = time.perf_counter() - started
    print(report(command.strip(), results, seeds, args, wall))
    if args.json:
        args.json.write_text(json.dumps(figures(command.strip(), results, seeds, wall), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
