"""The cleaning benchmark as a regression gate, as trafilatura keeps its own: newsloom's HTML and text modes on a
small fixed subset (benchmarks/cleaning.py's GATE_PAGES, plus the seeds), held against
benchmarks/baselines/cleaning.json. A score more than 0.01 below its baseline fails; after a real improvement,
re-pin with `python benchmarks/cleaning.py --write-baseline`.

The scorer itself is checked too: on the predictions stored with the article-extraction-benchmark it must give
the figures that benchmark publishes, or a gate on it would hold the wrong thing.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import load_benchmark

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
SCRIPT = ROOT / "benchmarks" / "cleaning.py"
BASELINE = ROOT / "benchmarks" / "baselines" / "cleaning.json"

pytestmark = pytest.mark.skipif(
    not (DATASETS / "article-extraction-benchmark").is_dir() or not (DATASETS / "trafilatura-eval").is_dir(),
    reason=f"benchmark datasets not available: {DATASETS} is absent (they live in the shared folder beside the repo)",
)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark(SCRIPT)


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current(bench: ModuleType) -> dict[str, Any]:
    """One scoring run of the gate subset, shared by the tests below (about 20 s on 2 cores)."""
    return bench.gate_scores()


def _cases() -> list[tuple[str, str, str]]:
    """(corpus, system, metric) for every gated score in the baseline file."""
    if not BASELINE.is_file():
        return []
    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))
    return [
        (corpus, system, metric)
        for corpus, scores in pinned["scores"].items()
        for system in scores["systems"]
        for metric in pinned["gated"].get(corpus, [])
    ]


CASES = _cases()


@pytest.mark.parametrize(("corpus", "system", "metric"), CASES, ids=["/".join(c) for c in CASES])
def test_score_not_below_baseline(corpus: str, system: str, metric: str, current: dict[str, Any], baseline: dict[str, Any]) -> None:
    if corpus not in current:
        pytest.skip(f"{corpus}: not available on this machine")
    pinned, now = baseline["scores"][corpus], current[corpus]
    assert now.get("fingerprint") == pinned.get("fingerprint"), (
        f"{corpus}: the gate's page subset changed; re-pin with `python benchmarks/cleaning.py --write-baseline`"
    )
    got, floor = now["systems"][system][metric], pinned["systems"][system][metric]
    assert got >= floor - baseline["tolerance"], (
        f"{corpus} {system} {metric} dropped to {got:.4f} from the baseline {floor:.4f} (allowed drop {baseline['tolerance']})"
    )


def test_no_page_fails_outright(current: dict[str, Any], baseline: dict[str, Any]) -> None:
    """A cleaner that starts raising on pages it handled before is a regression even when the averages hold."""
    for corpus in ("article-extraction-benchmark", "trafilatura-eval"):
        for system, pinned in baseline["scores"][corpus]["systems"].items():
            failures = current[corpus]["systems"][system]["failures"]
            assert failures <= pinned["failures"], f"{corpus} {system}: {failures} pages raise, {pinned['failures']} in the baseline"


@pytest.mark.parametrize(
    ("name", "published"),
    [("trafilatura", (0.958, 0.938, 0.978, 0.293)), ("html-text", (0.665, 0.500, 0.994, 0.000))],
)
def test_shingle_metric_reproduces_the_published_figures(bench: ModuleType, name: str, published: tuple[float, ...]) -> None:
    """The benchmark's stored predictions, scored by our copy of its evaluate.py, give its README's numbers."""
    folder = DATASETS / "article-extraction-benchmark"
    gold = {k: v["articleBody"] for k, v in json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")).items()}
    stored = json.loads((folder / "output" / f"{name}.json").read_text(encoding="utf-8"))
    predicted = {k: v.get("articleBody") or "" for k, v in stored.get("output", stored).items()}
    metrics = bench.aeb_score(gold, predicted)
    assert tuple(round(metrics[k], 3) for k in ("f1", "precision", "recall", "accuracy")) == published


def test_segment_metric_counts_as_trafilatura_does(bench: ModuleType) -> None:
    """Whitespace-normalised substring matching; "with" found is a true positive, "without" found a false one."""
    item = {"with": ["the  main\ntext", "missing part"], "without": ["Cookie banner", "Newsletter"]}
    assert bench.segment_counts(item, "Intro. The main text. Newsletter") == (0, 1, 2, 1)  # case counts
    assert bench.segment_counts(item, "the main text and a Cookie banner") == (1, 1, 1, 1)
    assert bench.segment_counts(item, "") == (0, 0, 2, 2)
    scores = bench.segment_score([(1, 1, 1, 1)])
    assert (scores["precision"], scores["recall"], scores["accuracy"], scores["f1"]) == (0.5, 0.5, 0.5, 0.5)


def test_split_is_stable_and_roughly_even(bench: ModuleType) -> None:
    ids = bench.corpus_ids("trafilatura-eval")
    dev = [i for i in ids if bench.split_of(i) == "dev"]
    assert 0.4 < len(dev) / len(ids) < 0.6
    assert bench.select(ids, "dev", 5) == sorted(dev)[:5]


def test_regressions_flag_a_drop_beyond_the_tolerance_and_a_changed_subset(bench: ModuleType) -> None:
    pinned = {"scores": {"trafilatura-eval": {"fingerprint": "abc", "systems": {"newsloom-html": {"f1": 0.90}}}}}

    def now(f1: float, fingerprint: str = "abc") -> dict[str, Any]:
        return {"trafilatura-eval": {"fingerprint": fingerprint, "systems": {"newsloom-html": {"f1": f1}}}}

    assert bench.regressions(now(0.895), pinned) == []
    assert len(bench.regressions(now(0.885), pinned)) == 1
    assert "subset changed" in bench.regressions(now(0.95, "def"), pinned)[0]


def test_a_failing_or_hanging_page_counts_as_empty_with_a_note(bench: ModuleType) -> None:
    page = bench.Page("p1", "<p>x</p>", "<p>x</p>")

    def hangs(_: object) -> str:
        while True:
            pass

    assert bench.guarded(lambda _: 1 / 0, page, 5)[:2] == ("", "ZeroDivisionError: division by zero")
    assert bench.guarded(hangs, page, 0.2)[:2] == ("", "timed out after 0.2 s")
    assert bench.guarded(lambda _: None, page, 5)[:2] == ("", "")
