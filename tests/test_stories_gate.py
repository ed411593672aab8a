"""The story-clustering benchmark as a regression gate: benchmarks/stories.py's fixed subset (ECB+ dev, the
related-events test, and the demo corpus through the whole pipeline), held against benchmarks/baselines/stories.json.
A B-cubed F1 more than 0.01 below its baseline fails, and so does losing to the TF-IDF baseline at its best
threshold on ECB+ dev. After a real improvement, re-pin with `python benchmarks/stories.py --write-baseline`.
About 20 s on 2 cores; ECB+ is skipped when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import load_benchmark

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "stories.py"
BASELINE = ROOT / "benchmarks" / "baselines" / "stories.json"
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def current() -> dict[str, Any]:
    return load_benchmark(SCRIPT).gate_scores()


@pytest.mark.parametrize("corpus", ["ecb-dev", "demo"])
def test_story_f1_holds_its_baseline(corpus: str, current: dict[str, Any]) -> None:
    if corpus not in current:
        pytest.skip(f"{corpus} is not available (ECB+ lives in ../shared/datasets/ecbplus)")
    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))[corpus]["newsloom_f1"]
    assert current[corpus]["newsloom_f1"] >= pinned - TOLERANCE, (corpus, current[corpus], pinned)


def test_newsloom_beats_tfidf_at_its_best_threshold_on_ecb_dev(current: dict[str, Any]) -> None:
    if "ecb-dev" not in current:
        pytest.skip("ECB+ is not available (../shared/datasets/ecbplus)")
    assert current["ecb-dev"]["newsloom_f1"] > current["ecb-dev"]["tfidf_oracle_f1"]
