"""Shared fixtures: the seeds and the demo corpus run once per test session into temporary databases."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from newsloom import Loom
from newsloom.export import story_to_dict

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "examples" / "corpus"
CORPUS_GOLD = ROOT / "examples" / "corpus-gold.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is a folder of scripts; its loader serves the tests too
from benchmark_scripts import load_benchmark  # noqa: E402

__all__ = ["load_benchmark"]


def require_seeds() -> dict[str, Any]:
    if not (SEEDS / "gold.json").exists():
        pytest.skip(f"seeds not available: {SEEDS} is absent (they live in the shared folder beside the repo)")
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_gold() -> dict[str, Any]:
    return require_seeds()


@pytest.fixture(scope="session")
def seeds_export(tmp_path_factory: pytest.TempPathFactory, seeds_gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The seeds run through the whole pipeline, as exported stories."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Loom(db) as loom:
        report = loom.add_paths([SEEDS])
        assert not report.errors, report.errors
        return [story_to_dict(s) for s in loom.stories()]


@pytest.fixture(scope="session")
def corpus_gold() -> dict[str, Any]:
    return json.loads(CORPUS_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_export(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The demo corpus run through the whole pipeline, as exported stories."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Loom(db) as loom:
        report = loom.add_paths([CORPUS])
        assert not report.errors, report.errors
        return [story_to_dict(s) for s in loom.stories()]


def by_key(stories: list[dict[str, Any]]) -> dict[str, int]:
    """Article id -> the story it ended up in."""
    return {a["id"]: s["id"] for s in stories for a in s["articles"]}


def copy_relations(stories: list[dict[str, Any]]) -> dict[frozenset[str], str]:
    return {frozenset((r["a"], r["b"])): r["kind"] for s in stories for r in s["relations"] if r["kind"] != "independent"}
