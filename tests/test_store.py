"""The store: idempotent ingestion, interrupted runs, and never losing what is stored."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES
from newsloom import Loom, StoreError
from newsloom.model import RawArticle
from newsloom.read import read_paths


def test_same_inputs_twice_add_nothing(tmp_path: Path) -> None:
    with Loom(tmp_path / "n.db") as loom:
        first = loom.add_paths([FIXTURES])
        second = loom.add_paths([FIXTURES, FIXTURES / "lakeside_ferry.txt"])
        assert (first.added, second.added, second.duplicates) == (2, 0, 3)
        assert loom.store.count_articles() == 2
        assert len(list(loom.stories())) == 2


def test_interrupted_analysis_is_completed_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "n.db"
    jsonl = CORPUS / "wire_feed.jsonl"

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with Loom(db) as loom:
        monkeypatch.setattr(loom.store, "save_analysis", crash)
        with pytest.raises(KeyboardInterrupt):
            loom.add_paths([jsonl])
    monkeypatch.undo()
    with Loom(db) as loom:
        assert loom.store.count_articles() == 5 and loom.store.pending_ids() and not list(loom.stories())
        report = loom.add_paths([jsonl])
        assert report.added == 0 and report.duplicates == 5
        assert not loom.store.pending_ids()
        assert sum(len(s.articles) for s in loom.stories()) == 5


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="not a newsloom database"):
        Loom(notes)
    assert notes.read_bytes().startswith(b"these are my notes")


def test_database_passes_integrity_check_after_bad_batch(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ferry.txt").write_text((FIXTURES / "lakeside_ferry.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with Loom(tmp_path / "n.db") as loom:
        loom.add_paths([tmp_path / "in"])
    with sqlite3.connect(tmp_path / "n.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM articles WHERE analysed = 1").fetchone()[0] == 1


def test_rerun_adds_nothing_even_when_site_memory_has_grown(tmp_path: Path) -> None:
    """Cleaning learns from a site's other pages, so a re-run may clean a page differently: still no new article."""
    folder = tmp_path / "site"
    folder.mkdir()
    body = (FIXTURES / "lakeside_ferry.txt").read_text(encoding="utf-8")
    for day in ("Saturday", "Sunday"):
        page = body.replace("Saturday", day).replace("\n\nThe vessel", "\n\nLocal news you can rely on, every day.\n\nThe vessel")
        (folder / f"{day}.txt").write_text(page, encoding="utf-8")
    with Loom(tmp_path / "n.db") as loom:
        assert loom.add_paths([folder]).added == 2
        for _ in range(2):
            again = loom.add_paths([folder])
            assert (again.added, again.duplicates) == (0, 2)
        assert loom.store.count_articles() == 2


def test_signatures_of_another_minhash_scheme_are_recomputed_on_open(tmp_path: Path) -> None:
    from newsloom.config import Config
    from newsloom.fingerprint import minhash

    db = tmp_path / "n.db"
    with Loom(db) as loom:
        loom.add_paths([FIXTURES])
    with sqlite3.connect(db) as con:  # as an older newsloom left it: other signatures, no scheme recorded
        con.execute("UPDATE articles SET minhash = zeroblob(512)")
        con.execute("DELETE FROM meta WHERE key = 'minhash_scheme'")
    config = Config()
    with Loom(db) as loom:
        articles = loom.store.load_articles()
        assert articles and all(
            a.minhash is not None and (a.minhash == minhash(a.text, config.minhash_permutations, config.shingle_size)).all()
            for a in articles
        )
        assert loom.store.meta("minhash_scheme") is not None


def test_site_memory_reads_only_the_sites_asked_for(tmp_path: Path) -> None:
    """A one-page batch loads its own site's boilerplate memory, not every site's: the lines stored for the
    demo corpus's sites come back per site, and a site never seen comes back empty."""
    with Loom(tmp_path / "n.db") as loom:
        loom.store_articles([raw for raw in read_paths([CORPUS], loom.config.max_input_bytes) if isinstance(raw, RawArticle)])
        every = loom.store.db.execute("SELECT site, COUNT(*) FROM site_lines GROUP BY site").fetchall()
        assert len(every) >= 2
        (site, lines), *_ = every
        memory = loom.store.site_memory([site, "never.example"])
        assert set(memory.counts) == {site, "never.example"}
        assert len(memory.counts[site]) == lines and memory.counts["never.example"] == {}


def test_a_second_analyser_waits_for_the_first(tmp_path: Path) -> None:
    """Two analysers on one file (a server and a run beside it) take turns: while one holds the analysis lock,
    the other's pass does not start, and it finishes the pending articles once the lock is free."""
    db = tmp_path / "n.db"
    with Loom(db) as first:
        first.store_articles([raw for raw in read_paths([FIXTURES], first.config.max_input_bytes) if isinstance(raw, RawArticle)])
        assert first.store.count_pending() == 2
        finished = threading.Event()

        def second_analyser() -> None:
            with Loom(db) as second:
                second.analyse()
            finished.set()

        with first.store.analysis_lock():
            worker = threading.Thread(target=second_analyser)
            worker.start()
            assert not finished.wait(3)
            assert first.store.count_pending() == 2
        worker.join(120)
        assert finished.is_set() and first.store.count_pending() == 0
