"""Per-stage throughput and peak memory of the whole pipeline, on the demo corpus and the seeds.

    python benchmarks/pipeline.py                 # both corpora, markdown table on stdout
    python benchmarks/pipeline.py --repeat 3      # best of 3 timings per stage

Each stage runs over the whole batch before the next starts, exactly in the order `pipeline.py` writes down,
so its time and its peak memory (tracemalloc: Python and numpy allocations) are its own. Loading the models
(USE, spaCy, quantulum3) is timed apart, once, since a long-running process pays it once.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsloom.clean.site_memory import SiteMemory
from newsloom.cluster import Clustering, cluster_articles
from newsloom.config import Config
from newsloom.link import link_copies
from newsloom.model import Article, RawArticle, Story
from newsloom.pipeline import ARTICLE_STAGES, clean_article, compare_story, prepare_article
from newsloom.read import read_paths
from newsloom.store import SqliteStore
from newsloom.summarise import summarise

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"demo corpus": ROOT / "examples" / "corpus", "seeds": ROOT.parent / "shared" / "seeds"}


@dataclass
class StageResult:
    stage: str
    seconds: float
    peak_mib: float


def measure(stage: str, work: Callable[[], Any], repeat: int) -> tuple[StageResult, Any]:
    """Best wall time over `repeat` runs and the peak traced memory of the last run."""
    best, result = float("inf"), None
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return StageResult(stage, best, peak / 2**20), result


def warm_up() -> float:
    """Load every model once, on a throwaway article."""
    start = time.perf_counter()
    text = "The council met on Tuesday. " * 3 + '"We will build it," said Mayor Anna Berg, adding that 1,200 homes were flooded at 3 p.m.'
    prepare_article(RawArticle(key="w", source="w", body="Warm-up\n\n" + text * 3), Config())
    return time.perf_counter() - start


def run_corpus(folder: Path, repeat: int) -> tuple[list[StageResult], int]:
    config = Config()
    results: list[StageResult] = []
    read, items = measure("read", lambda: list(read_paths([folder], config.max_input_bytes)), repeat)
    results.append(read)
    raws = [i for i in items if isinstance(i, RawArticle)]

    def clean_all() -> list[Article]:
        memory = SiteMemory()
        for raw in raws:
            if raw.site and not raw.is_html:
                memory.observe(raw.site, raw.body.split("\n"))
        return [clean_article(raw, config, memory) for raw in raws]

    cleaned, articles = measure("clean", clean_all, repeat)
    results.append(cleaned)
    for name, stage in ARTICLE_STAGES:
        result, _ = measure(name, lambda stage=stage: [stage(a, config) for a in articles], repeat)  # type: ignore[misc]
        results.append(result)

    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        stored, _ = measure("store articles", lambda: [store.add_article(a, None, []) for a in articles], 1)
        results.append(stored)
        ids = {a.id for a in articles if a.id is not None}
        linked, relations = measure("link copies", lambda: link_copies(articles, ids, config), repeat)
        results.append(linked)

        def cluster() -> Clustering:
            return cluster_articles(articles, relations, config)

        clustered, clustering = measure("cluster stories", cluster, repeat)
        results.append(clustered)
        by_id = {a.id: a for a in articles}
        members = [[by_id[i] for i in ids] for ids in clustering.stories]
        compared, stories = measure("compare", lambda: [compare_story(k, m, relations) for k, m in enumerate(members, start=1)], repeat)
        results.append(compared)

        def summarise_all() -> list[Story]:
            for story in stories:
                story.summary = summarise(story.articles, {a.id: a.id for a in story.articles if a.id is not None}, config)
            return stories

        summarised, _ = measure("summarise", summarise_all, repeat)
        results.append(summarised)
        saved, _ = measure("store stories", lambda: store.save_analysis(relations, {}, stories), 1)
        results.append(saved)
        store.close()
    return results, len(articles)


def table(name: str, results: list[StageResult], articles: int) -> str:
    total = sum(r.seconds for r in results)
    lines = [
        f"### {name}: {articles} articles, {total:.2f} s in all, {articles / total:.1f} articles/s end to end (models loaded)",
        "",
        "| stage | seconds | articles/s | peak MiB (traced) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {r.stage} | {r.seconds:.3f} | {articles / r.seconds:,.0f} | {r.peak_mib:.1f} |" for r in results]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per stage; the best is kept")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    load = warm_up()
    print(f"model loading (USE, spaCy, quantulum3), once per process: {load:.2f} s\n")
    figures: dict[str, Any] = {"model_loading_s": load, "corpora": {}}
    for name, folder in CORPORA.items():
        if not folder.exists():
            print(f"{name}: skipped, {folder} is absent\n")
            continue
        results, articles = run_corpus(folder, args.repeat)
        print(table(name, results, articles) + "\n")
        figures["corpora"][name] = {"articles": articles, "stages": [r.__dict__ for r in results]}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole process: {rss:.0f} MiB")
    figures["max_rss_mib"] = rss
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
