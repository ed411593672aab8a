"""The server's side of the store: many request threads reading and writing one SQLite file, and one
background worker analysing what they add.

A POST is answered once its articles are stored (cleaned, annotated, committed); clustering, comparison and
summaries follow in `Analyser`, so a client never waits for a whole analysis pass and an accepted article is
never lost: one stored but not yet analysed is still pending after a crash, and the next pass takes it.
Every thread has its own connection (SQLite connections must not be shared across threads); WAL lets the
readers go on while a writer commits, and writes wait for each other through SQLite's own lock.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from newsloom.config import Config
from newsloom.fingerprint import content_hash
from newsloom.loom import Loom, RunReport
from newsloom.model import RawArticle
from newsloom.pipeline import load_models

LOG = logging.getLogger("newsloom.web")


@dataclass
class AnalyserState:
    state: str = "starting"
    passes: int = 0
    last_error: str | None = None
    last_pass_seconds: float | None = None


class Analyser:
    """Runs `analyse` in a background thread whenever articles are pending.

    `wake` is called after each stored batch; the worker waits `settle_seconds` first, so articles posted by
    several clients at once are analysed in one pass. It also looks every `poll_seconds` on its own, to pick
    up articles another process stored.
    """

    def __init__(self, db: str, config: Config, settle_seconds: float = 0.3, poll_seconds: float = 5.0) -> None:
        self.db, self.config = db, config
        self.settle_seconds, self.poll_seconds = settle_seconds, poll_seconds
        self.status = AnalyserState()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsloom-analyser", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the worker to finish its pass and stop. A pass cut short by the process exiting is rolled
        back whole by SQLite, and its articles stay pending."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        load_models()  # so the first client does not wait for the models to load
        with Loom(self.db, self.config) as loom:
            self._wake.set()  # articles left pending by an earlier run
            while not self._stop.is_set():
                self.status.state = "idle" if self.status.last_error is None else "failed"
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                if self._stop.is_set():
                    break
                time.sleep(self.settle_seconds)
                self._analyse_pending(loom)

    def _analyse_pending(self, loom: Loom) -> None:
        while loom.store.count_pending() and not self._stop.is_set():
            self.status.state = "running"
            started = time.perf_counter()
            try:
                loom.analyse()
            except Exception as exc:  # keep serving; the articles stay pending for the next try
                LOG.exception("analysis pass failed")
                self.status.last_error = f"{type(exc).__name__}: {exc}"
                return
            self.status.passes += 1
            self.status.last_pass_seconds = round(time.perf_counter() - started, 3)
            self.status.last_error = None


class Service:
    """What the routes call: reads on the calling thread's own connection, writes, and the analyser."""

    def __init__(self, db: str, config: Config | None = None, analyse: bool = True) -> None:
        self.db = db
        self.config = config or Config()
        self._local = threading.local()
        Loom(db, self.config).close()  # create or upgrade the schema once, before any thread races to
        self.analyser = Analyser(db, self.config) if analyse else None

    @property
    def loom(self) -> Loom:
        """This thread's `Loom` (its own SQLite connection), opened on first use."""
        loom = getattr(self._local, "loom", None)
        if loom is None:
            loom = self._local.loom = Loom(self.db, self.config)
        return loom

    def start(self) -> None:
        if self.analyser:
            self.analyser.start()

    def stop(self) -> None:
        if self.analyser:
            self.analyser.stop()

    def add(self, raws: list[RawArticle]) -> RunReport:
        """Store the articles (committed before this returns) and wake the analyser."""
        report = self.loom.store_articles(raws)
        if report.added and self.analyser:
            self.analyser.wake()
        return report

    def health(self) -> dict[str, Any]:
        store = self.loom.store
        status = self.analyser.status if self.analyser else AnalyserState(state="off")
        return {
            "status": "ok",
            "articles": store.count_articles(),
            "stories": store.count_stories(),
            "pending": store.count_pending(),
            "analyser": {"state": status.state, "passes": status.passes, "last_error": status.last_error},
        }


def posted(raw: RawArticle) -> RawArticle:
    """A posted or uploaded article as it is stored: with an id made from its content when it came without
    one (the same text posted twice gets the same id), and without a site when it names no outlet or URL,
    so unrelated posts do not teach each other what boilerplate looks like."""
    key = raw.key or f"posted-{content_hash(raw.body)[:12]}"
    return replace(raw, key=key, site=raw.site if raw.outlet or raw.url else None)
