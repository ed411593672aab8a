"""The summary benchmark as a regression gate: benchmarks/summary.py's fixed subset (ROUGE of newsloom and of
LexRank on the first 60 stories of NeuS/AllSides val, and the demo corpus's citation and redundancy checks), held
against benchmarks/baselines/summary.json. A figure more than 0.01 (ROUGE as a fraction: one point) below its baseline fails.
After a real improvement, re-pin with `python benchmarks/summary.py --write-baseline`. About 30 s on 2 cores;
NeuS is skipped when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import load_benchmark

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "summary.py"
BASELINE = ROOT / "benchmarks" / "baselines" / "summary.json"
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def current() -> dict[str, Any]:
    return load_benchmark(SCRIPT).gate_scores()


@pytest.fixture(scope="module")
def pinned() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_neus_rouge_holds_its_baseline(current: dict[str, Any], pinned: dict[str, Any]) -> None:
    if "neus-val" not in current:
        pytest.skip("NeuS/AllSides is not available (../shared/datasets/neus-allsides-mds is absent)")
    for metric in ("rouge1", "rouge2", "rougeL"):
        key = f"newsloom_{metric}"
        assert current["neus-val"][key] >= pinned["neus-val"][key] - TOLERANCE, (key, current["neus-val"], pinned["neus-val"])


def test_demo_citations_and_redundancy_hold_their_baseline(current: dict[str, Any], pinned: dict[str, Any]) -> None:
    for key, value in pinned["demo"].items():
        assert current["demo"][key] >= value - TOLERANCE, (key, current["demo"], pinned["demo"])
