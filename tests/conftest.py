"""Shared fixtures: the seeds and the demo corpus run once per test session into temporary databases."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsloom import Loom
from newsloom.config import Config
from newsloom.export import story_to_dict
from newsloom.fingerprint import article_vector, embed
from newsloom.model import Article
from newsloom.pipeline import identify

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "examples" / "corpus"
CORPUS_GOLD = ROOT / "examples" / "corpus-gold.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is a folder of scripts; its loader serves the tests too
from benchmark_scripts import free_port, load_benchmark  # noqa: E402

__all__ = ["copy_db", "free_port", "load_benchmark", "newsloom_server"]


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
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the demo corpus run through the whole pipeline. Read it, or copy it (`copy_db`)
    before writing: other tests share it."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Loom(db) as loom:
        report = loom.add_paths([CORPUS])
        assert not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def corpus_export(corpus_db: Path) -> list[dict[str, Any]]:
    """The demo corpus run through the whole pipeline, as exported stories."""
    with Loom(corpus_db) as loom:
        return [story_to_dict(s) for s in loom.stories()]


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a (WAL-mode) database, through SQLite's own backup."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@dataclass
class RunningServer:
    base: str
    process: subprocess.Popen[bytes]


@contextmanager
def newsloom_server(db: Path, seconds: float = 120) -> Iterator[RunningServer]:
    """A real `newsloom serve` over `db` on a free loopback port, ready to answer."""
    port = free_port()
    log = open(db.with_suffix(".server.log"), "wb")  # noqa: SIM115 - it lives as long as the server
    command = [sys.executable, "-m", "newsloom", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + seconds
        while True:
            if process.poll() is not None:
                pytest.fail(f"newsloom serve exited with {process.returncode}: {db.with_suffix('.server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"newsloom serve not answering at {base} after {seconds} s")
                time.sleep(0.3)
        yield RunningServer(base, process)
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def by_key(stories: list[dict[str, Any]]) -> dict[str, int]:
    """Article id -> the story it ended up in."""
    return {a["id"]: s["id"] for s in stories for a in s["articles"]}


def copy_relations(stories: list[dict[str, Any]]) -> dict[frozenset[str], str]:
    return {frozenset((r["a"], r["b"])): r["kind"] for s in stories for r in s["relations"] if r["kind"] != "independent"}


def prepared_article(key: int, title: str, *paragraphs: str) -> Article:
    """An article with the title as its first line, through identify and the sentence embeddings, as the
    pipeline prepares it before clustering and summarising."""
    text = "\n\n".join((title, *paragraphs))
    article = Article(key=f"a{key}", source=f"a{key}", title=title, text=text, raw=text, content_hash=f"a{key}")
    article.id = key
    identify(article, Config())
    article.sentence_vectors = embed([s.text for s in article.sentences])
    article.vector = article_vector(article.sentence_vectors)
    return article
