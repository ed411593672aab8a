"""`Loom`: the Python API. The CLI, the report and the web server are thin layers over it.

>>> from newsloom import Loom
>>> with Loom("newsloom.db") as loom:                  # doctest: +SKIP
...     report = loom.add_paths(["examples/corpus/"])
...     for story in loom.stories():
...         print(story.title, len(story.articles))
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from newsloom.clean.site_memory import SiteMemory, page_line_keys
from newsloom.config import Config
from newsloom.errors import InputError
from newsloom.fingerprint import content_hash, minhash_many, signature_scheme
from newsloom.model import Article, RawArticle, Story
from newsloom.pipeline import Progress, analyse, prepare_article
from newsloom.read import read_paths
from newsloom.store import SqliteStore

MEMORY_CHUNK = 256
"""Raw articles whose lines are counted into the site memory before any of them is cleaned."""


@dataclass
class Outcome:
    """What became of one input: `stored` (as `article_id`), `duplicate` (of the stored `article_id`) or
    `refused` (with the one-line `error`)."""

    key: str
    status: str
    article_id: int | None = None
    error: str | None = None


@dataclass
class RunReport:
    """What one `add_*` call did: articles added, duplicates skipped, inputs refused, stories touched, and the
    outcome of each input given (in the order given; inputs refused before reading have no key but their path)."""

    added: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """True when some inputs could not be used: the run did not take everything it was given."""
        return bool(self.errors)


class Loom:
    """A newsloom corpus in one SQLite file: add articles, get stories."""

    def __init__(self, db: str | Path = "newsloom.db", config: Config | None = None) -> None:
        self.config = config or Config()
        self.store = SqliteStore(db)
        self._refresh_signatures()

    def _refresh_signatures(self) -> None:
        """Recompute the stored MinHash signatures when they follow another scheme than this version's (an older
        newsloom, or other permutations or shingles in the config): mixed schemes would hide every copy."""
        scheme = signature_scheme(self.config.minhash_permutations, self.config.shingle_size)
        if self.store.meta("minhash_scheme") == scheme:
            return
        rows = self.store.article_texts()
        signatures = minhash_many([text for _, text in rows], self.config.minhash_permutations, self.config.shingle_size)
        self.store.replace_minhashes({ident: signatures[k] for k, (ident, _) in enumerate(rows)}, scheme)

    def __enter__(self) -> Loom:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def add_paths(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> RunReport:
        """Read files and folders (.txt, .html, .jsonl), store their articles and update the stories."""
        items = list(read_paths(paths, self.config.max_input_bytes))
        report = RunReport()
        raws: list[RawArticle] = []
        for item in items:
            if isinstance(item, InputError):
                report.outcomes.append(self._refuse(report, item, on_error))
            else:
                raws.append(item)
        return self.add_articles(raws, progress, on_error, report)

    def add_articles(
        self,
        raws: list[RawArticle],
        progress: Progress | None = None,
        on_error: Callable[[InputError], None] | None = None,
        report: RunReport | None = None,
    ) -> RunReport:
        """Store raw articles (each in its own transaction), then analyse everything not yet analysed."""
        report = self.store_articles(raws, progress, on_error, report)
        report.stories = analyse(self.store, self.config, progress)
        return report

    def store_articles(
        self,
        raws: list[RawArticle],
        progress: Progress | None = None,
        on_error: Callable[[InputError], None] | None = None,
        report: RunReport | None = None,
    ) -> RunReport:
        """Clean, annotate and store raw articles without analysing them: each stored article is safe on disk
        when this returns, and waits (as pending) for the next `analyse`. The web server answers a client
        after this and leaves the analysis to its background worker. `report.outcomes` gains one entry per
        raw article, in the order given."""
        report = report or RunReport()
        placed: list[tuple[int, Outcome]] = []
        fresh = self._unseen(raws, report, placed)
        memory = self.store.site_memory(raw.site for _, raw in fresh if raw.site)
        for start in range(0, len(fresh), MEMORY_CHUNK):
            chunk = fresh[start : start + MEMORY_CHUNK]
            self._observe(memory, [raw for _, raw in chunk])
            for offset, (position, raw) in enumerate(chunk):
                placed.append((position, self._add_one(raw, memory, report, on_error)))
                if progress:
                    progress("read and prepare articles", start + offset + 1, len(fresh))
        report.outcomes.extend(outcome for _, outcome in sorted(placed, key=lambda item: item[0]))
        return report

    def _unseen(self, raws: list[RawArticle], report: RunReport, placed: list[tuple[int, Outcome]]) -> list[tuple[int, RawArticle]]:
        """The inputs not stored yet, with their position; the same input twice is stored once.

        The hash is of the input as given, not of the cleaned text: cleaning learns from the site's other
        pages, so its output may change as the corpus grows, but the input does not.
        """
        seen: set[str] = set()
        fresh = []
        for position, raw in enumerate(raws):
            digest = content_hash(raw.body)
            stored = None if digest in seen else self.store.article_with_content(digest)
            if digest in seen or stored is not None:
                placed.append((position, self._duplicate(report, raw.key, stored)))
                continue
            seen.add(digest)
            fresh.append((position, raw))
        return fresh

    @staticmethod
    def _duplicate(report: RunReport, key: str, stored: int | None) -> Outcome:
        report.duplicates += 1
        return Outcome(key, "duplicate", stored)

    def _observe(self, memory: SiteMemory, chunk: list[RawArticle]) -> None:
        for raw in chunk:
            if raw.site and not raw.is_html:
                memory.observe(raw.site, raw.body.split("\n"))

    def _add_one(self, raw: RawArticle, memory: SiteMemory, report: RunReport, on_error: Callable[[InputError], None] | None) -> Outcome:
        try:
            article = prepare_article(raw, self.config, memory)
        except InputError as exc:
            return self._refuse(report, exc, on_error, raw.key)
        except Exception as exc:  # one page that breaks a library must not stop the batch
            return self._refuse(report, InputError(raw.source, f"could not be processed ({type(exc).__name__}: {exc})"), on_error, raw.key)
        line_keys = [] if raw.is_html or not raw.site else page_line_keys(raw.body.split("\n"))
        try:
            article_id = self.store.add_article(article, raw.site, line_keys)
        except sqlite3.IntegrityError:  # another writer stored the same input since `_unseen` looked
            return self._duplicate(report, raw.key, self.store.article_with_content(article.content_hash))
        report.added += 1
        return Outcome(raw.key, "stored", article_id)

    @staticmethod
    def _refuse(report: RunReport, error: InputError, on_error: Callable[[InputError], None] | None, key: str | None = None) -> Outcome:
        report.errors.append(error)
        if on_error:
            on_error(error)
        return Outcome(key or error.source, "refused", error=str(error))

    def analyse(self, progress: Progress | None = None) -> list[int]:
        """Finish analysing stored articles (after an interrupted run, say)."""
        return analyse(self.store, self.config, progress)

    def stories(self) -> Iterator[Story]:
        """Every story, biggest first."""
        for row in self.store.story_rows():
            story = self.store.load_story(row["id"])
            if story is not None:
                yield story

    __iter__ = stories

    def story(self, story_id: int) -> Story | None:
        return self.store.load_story(story_id)

    def article(self, key: str) -> Article | None:
        """One article by the caller's id (the input file name or JSONL `id`) or its database id."""
        found = self.store.find_articles(key)
        return found[0] if found else None
