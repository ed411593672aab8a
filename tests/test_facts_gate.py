"""The facts benchmark as a regression gate: benchmarks/facts.py's fixed subset (the seeds end to end, and the
first 24 PolNeAR dev articles), held against benchmarks/baselines/facts.json. An attribution F1 more than 0.01
below its baseline fails, and so do fewer seed quotes, facts or conflicts found, more false conflicts, or
newsloom not beating textacy's direct quotations on the subset. After a real improvement, re-pin with
`python benchmarks/facts.py --write-baseline`. About 20 s on 2 cores; skipped when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED, load_benchmark

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "facts.py"
BASELINE = ROOT / "benchmarks" / "baselines" / "facts.json"
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def current() -> dict[str, Any]:
    return load_benchmark(SCRIPT).gate_scores()


@pytest.fixture(scope="module")
def pinned() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def _require(current: dict[str, Any], corpus: str) -> dict[str, Any]:
    if corpus not in current:
        pytest.skip(f"{corpus} is not available: the seeds and PolNeAR live in {SHARED}, beside the repository")
    return current[corpus]


@pytest.mark.parametrize("figure", ["newsloom_content_f1", "newsloom_source_f1"])
def test_attribution_f1_holds_its_baseline(figure: str, current: dict[str, Any], pinned: dict[str, Any]) -> None:
    scores = _require(current, "polnear-dev-subset")
    assert scores[figure] >= pinned["polnear-dev-subset"][figure] - TOLERANCE, (figure, scores, pinned["polnear-dev-subset"])


@pytest.mark.parametrize("kind", ["content", "source"])
def test_newsloom_beats_textacy_direct_quotations(kind: str, current: dict[str, Any]) -> None:
    scores = _require(current, "polnear-dev-subset")
    if f"textacy_{kind}_f1" not in scores:
        pytest.skip("textacy is not installed (it comes with the bench extra)")
    assert scores[f"newsloom_{kind}_f1"] > scores[f"textacy_{kind}_f1"]


def test_seeds_quotes_facts_and_conflicts_hold(current: dict[str, Any], pinned: dict[str, Any]) -> None:
    seeds, wanted = _require(current, "seeds"), pinned["seeds"]
    assert seeds["quotes"] >= wanted["quotes"], seeds
    assert seeds["facts"] >= wanted["facts"], seeds
    assert seeds["conflicts"] >= wanted["conflicts"], seeds
    assert seeds["false_conflicts"] <= max(wanted["false_conflicts"], 3), seeds
