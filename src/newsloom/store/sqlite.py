"""The SQLite store: one file holds the articles, their sentences and vectors, relations and stories.

Writes are transactions: an article with its sentences and site lines lands whole or not at all, and one
analysis pass (relations, story assignments, story records) lands whole or not at all. An interrupted run
therefore leaves a consistent file: articles stored but not yet analysed are picked up by the next run.
Two processes may analyse one file (`newsloom serve` and a `newsloom run` beside it): `analysis_lock` makes
the second wait for the first, so neither writes stories computed from what the other has since changed.
Vectors are stored as float32 blobs beside the rows (this Python's sqlite3 cannot load vector extensions).
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsloom.clean.site_memory import SiteMemory
from newsloom.compare import count_sources
from newsloom.errors import StoreError
from newsloom.model import (
    Article,
    Claim,
    ClockTime,
    Conflict,
    ConflictValue,
    Entity,
    Mention,
    Number,
    Quote,
    Relation,
    Sentence,
    Span,
    Story,
    StoryEvent,
    SummarySentence,
)
from newsloom.store.search import SORTS, StoryFilter, fts_query

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT NOT NULL,
    published TEXT,
    language TEXT NOT NULL,
    byline TEXT,
    raw TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    spans TEXT NOT NULL,
    annotations TEXT NOT NULL,
    vector BLOB,
    minhash BLOB,
    story_id INTEGER,
    analysed INTEGER NOT NULL DEFAULT 0,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_pending ON articles (analysed);
CREATE TABLE IF NOT EXISTS sentences (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS relations (
    a INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    start TEXT,
    end TEXT,
    entities TEXT NOT NULL,
    quotes TEXT NOT NULL,
    claims TEXT NOT NULL,
    conflicts TEXT NOT NULL,
    summary TEXT NOT NULL,
    updated TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}',
    generation TEXT NOT NULL DEFAULT '{}',
    sources INTEGER
);
CREATE TABLE IF NOT EXISTS story_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    story INTEGER NOT NULL,
    others TEXT NOT NULL,
    articles TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5 (
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS story_search USING fts5 (
    title, entities, outlets, tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS site_lines (
    site TEXT NOT NULL,
    line TEXT NOT NULL,
    pages INTEGER NOT NULL,
    PRIMARY KEY (site, line)
);
"""


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _blob(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else np.ascontiguousarray(vector).tobytes()


class SqliteStore:
    """newsloom's default store.

    >>> store = SqliteStore(":memory:")
    >>> store.count_articles()
    0
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA)
            self._add_missing_columns()
            self._fill_search_index()
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a newsloom database ({exc})") from exc

    def _add_missing_columns(self) -> None:
        """Columns later versions added to a table an older newsloom created (the rest of the schema is as it was)."""
        story_columns = {row[1] for row in self.db.execute("PRAGMA table_info(stories)")}
        for column in ("evidence", "generation"):
            if column not in story_columns:
                self.db.execute(f"ALTER TABLE stories ADD COLUMN {column} TEXT NOT NULL DEFAULT '{{}}'")
        if "sources" not in story_columns:
            self.db.execute("ALTER TABLE stories ADD COLUMN sources INTEGER")

    def _fill_search_index(self) -> None:
        """Index what a database from before full-text search holds (new rows are indexed as they are written)."""
        indexed = self.db.execute("SELECT COUNT(*) FROM article_search_docsize").fetchone()[0]
        if indexed < self.count_articles():
            self.db.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")
        stories = self.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        if stories and not self.db.execute("SELECT COUNT(*) FROM story_search").fetchone()[0]:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                for row in self.db.execute("SELECT id, title, entities FROM stories").fetchall():
                    outlets = [r[0] for r in self.db.execute("SELECT DISTINCT outlet FROM articles WHERE story_id = ?", (row[0],)) if r[0]]
                    names = [e["name"] for e in json.loads(row["entities"])]
                    self._index_story(row["id"], row["title"], names, outlets)

    def _index_story(self, story_id: int, title: str, entity_names: list[str], outlets: list[str]) -> None:
        self.db.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))
        self.db.execute("INSERT INTO story_search (rowid, title, entities, outlets) VALUES (?, ?, ?, ?)",
                        (story_id, title, "\n".join(entity_names), "\n".join(outlets)))  # fmt: skip

    @contextmanager
    def analysis_lock(self) -> Iterator[None]:
        """Held for a whole analysis pass: an exclusive lock on `<database>.analyse.lock`, waited for when another
        process (or connection) holds it. The kernel drops it when its holder dies, so a crash leaves no stale
        lock. An in-memory database has no file to share and needs none."""
        if self.path == ":memory:":
            yield
            return
        with open(f"{self.path}.analyse.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        self.db.close()

    # -- articles -------------------------------------------------------------------------------------------

    def has_content(self, content_hash: str) -> bool:
        return self.article_with_content(content_hash) is not None

    def article_with_content(self, content_hash: str) -> int | None:
        """The id of the stored article made from this input, if any."""
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return None if row is None else int(row[0])

    def add_article(self, article: Article, site: str | None, line_keys: list[str]) -> int:
        """Store one article with its sentences and site lines, atomically; returns its id."""
        annotations = {
            "mentions": [asdict(m) for m in article.mentions],
            "quotes": [asdict(q) for q in article.quotes],
            "numbers": [asdict(n) for n in article.numbers],
            "times": [asdict(t) for t in article.times],
        }
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            cursor = self.db.execute(
                "INSERT INTO articles (key, source, url, outlet, title, published, language, byline, raw, text,"
                " content_hash, spans, annotations, vector, minhash, added)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.key, article.source, article.url, article.outlet, article.title,
                    _time(article.published), article.language, article.byline, article.raw, article.text,
                    article.content_hash, json.dumps([asdict(s) for s in article.removed]), json.dumps(annotations),
                    _blob(article.vector), _blob(article.minhash), datetime.now().isoformat(timespec="seconds"),
                ),
            )  # fmt: skip
            article_id = int(cursor.lastrowid or 0)
            self.db.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", (article_id, article.title, article.text))
            vectors = article.sentence_vectors
            self.db.executemany(
                "INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (article_id, s.index, s.start, s.end, s.text, _blob(vectors[s.index]) if vectors is not None else None)
                    for s in article.sentences
                ],
            )
            if site:
                self.db.executemany(
                    "INSERT INTO site_lines VALUES (?, ?, 1) ON CONFLICT (site, line) DO UPDATE SET pages = pages + 1",
                    [(site, key) for key in line_keys],
                )
        article.id = article_id
        return article_id

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def article_texts(self) -> list[tuple[int, str]]:
        """(id, clean text) of every article, in id order: what its fingerprints are computed from."""
        return [(int(row[0]), str(row[1])) for row in self.db.execute("SELECT id, text FROM articles ORDER BY id")]

    def replace_minhashes(self, signatures: dict[int, np.ndarray], scheme: str) -> None:
        """Store recomputed MinHash signatures and the scheme they follow, in one transaction."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("UPDATE articles SET minhash = ? WHERE id = ?", [(_blob(sig), i) for i, sig in signatures.items()])
            self.set_meta("minhash_scheme", scheme)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def count_pending(self) -> int:
        """Articles stored but not yet analysed."""
        return int(self.db.execute("SELECT COUNT(*) FROM articles WHERE analysed = 0").fetchone()[0])

    def pending_ids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles WHERE analysed = 0")}

    def load_articles(self, ids: list[int] | None = None) -> list[Article]:
        """Articles with sentences, vectors and annotations; all of them when `ids` is None."""
        where, args = ("", []) if ids is None else (f"WHERE id IN ({','.join('?' * len(ids))})", list(ids))
        rows = self.db.execute(f"SELECT * FROM articles {where} ORDER BY id", args).fetchall()
        sentence_where = where.replace("WHERE id", "WHERE article_id")
        sentences: dict[int, list[sqlite3.Row]] = {}
        for row in self.db.execute(f"SELECT * FROM sentences {sentence_where} ORDER BY article_id, idx", args):
            sentences.setdefault(row["article_id"], []).append(row)
        return [self._article(row, sentences.get(row["id"], [])) for row in rows]

    def _article(self, row: sqlite3.Row, sentence_rows: list[sqlite3.Row]) -> Article:
        notes = json.loads(row["annotations"])
        vectors = [np.frombuffer(s["vector"], dtype=np.float32) for s in sentence_rows if s["vector"] is not None]
        return Article(
            id=row["id"], key=row["key"], source=row["source"], url=row["url"], outlet=row["outlet"],
            title=row["title"], published=_parse_time(row["published"]), language=row["language"],
            byline=row["byline"], raw=row["raw"], text=row["text"], content_hash=row["content_hash"],
            removed=[Span(**s) for s in json.loads(row["spans"])],
            sentences=[Sentence(s["idx"], s["start"], s["end"], s["text"]) for s in sentence_rows],
            sentence_vectors=np.stack(vectors) if vectors else None,
            vector=np.frombuffer(row["vector"], dtype=np.float32) if row["vector"] else None,
            minhash=np.frombuffer(row["minhash"], dtype=np.uint32) if row["minhash"] else None,
            mentions=[Mention(**m) for m in notes["mentions"]],
            quotes=[Quote(**q) for q in notes["quotes"]],
            numbers=[Number(**n) for n in notes["numbers"]],
            times=[ClockTime(**t) for t in notes["times"]],
            story_id=row["story_id"],
        )  # fmt: skip

    def find_articles(self, key: str) -> list[Article]:
        """Articles by the caller's id (file name or JSONL id), or by database id when `key` is a number."""
        rows = self.db.execute("SELECT id FROM articles WHERE key = ? OR CAST(id AS TEXT) = ? ORDER BY key = ? DESC, id", (key, key, key))
        ids = [row[0] for row in rows]
        return self.load_articles(ids) if ids else []

    def site_memory(self, sites: Iterable[str], min_pages: int = 3) -> SiteMemory:
        """The boilerplate memory of the given sites only: a batch of one page (a POST to the web server) reads
        its own site's lines, not the whole table, which grows with every site and page seen."""
        counts: dict[str, dict[str, int]] = {}
        for site in sorted(set(sites)):
            rows = self.db.execute("SELECT line, pages FROM site_lines WHERE site = ?", (site,))
            counts[site] = dict(rows.fetchall())
        return SiteMemory(min_pages, counts)

    # -- analysis -------------------------------------------------------------------------------------------

    def relations(self, article_ids: list[int] | None = None) -> list[Relation]:
        rows = self.db.execute("SELECT * FROM relations ORDER BY a, b").fetchall()
        wanted = set(article_ids) if article_ids is not None else None
        return [self._relation(r) for r in rows if wanted is None or (r["a"] in wanted and r["b"] in wanted)]

    def relations_of(self, article_id: int) -> list[Relation]:
        """The relations one article takes part in, either side."""
        rows = self.db.execute("SELECT * FROM relations WHERE a = ? OR b = ? ORDER BY a, b", (article_id, article_id)).fetchall()
        return [self._relation(r) for r in rows]

    @staticmethod
    def _relation(row: sqlite3.Row) -> Relation:
        evidence = [(int(i), int(j), float(s)) for i, j, s in json.loads(row["evidence"])]
        return Relation(row["a"], row["b"], row["kind"], row["score"], evidence)

    def story_title(self, story_id: int) -> str | None:
        row = self.db.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else str(row[0])

    def next_story_id(self) -> int:
        """An id no story has had: a merged-away story's id is never given again (`last_story_id` remembers it)."""
        row = self.db.execute(
            "SELECT MAX(m) FROM (SELECT MAX(story_id) AS m FROM articles UNION ALL SELECT MAX(id) FROM stories"
            " UNION ALL SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_story_id')"
        ).fetchone()
        return int(row[0] or 0) + 1

    def save_analysis(
        self,
        relations: list[Relation],
        assigned: dict[int, int],
        stories: list[Story],
        events: Sequence[StoryEvent] = (),
        gone: Sequence[int] = (),
    ) -> None:
        """Relations, story assignments, story records, the merges and splits that happened and the stories
        merged away, of one analysis pass, in one transaction."""
        now = datetime.now().isoformat(timespec="seconds")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            last = max([self.next_story_id() - 1, *gone, *(s.id for s in stories)])
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('last_story_id', ?)", (str(last),))
            self.db.executemany("DELETE FROM stories WHERE id = ?", [(g,) for g in gone])
            self.db.executemany("DELETE FROM story_search WHERE rowid = ?", [(g,) for g in gone])
            self.db.executemany(
                "INSERT INTO story_events (at, kind, story, others, articles) VALUES (?, ?, ?, ?, ?)",
                [(now, e.kind, e.story, json.dumps(e.others), json.dumps(e.articles)) for e in events],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO relations VALUES (?, ?, ?, ?, ?)",
                [(r.a, r.b, r.kind, r.score, json.dumps(r.evidence)) for r in relations],
            )
            self.db.executemany("UPDATE articles SET story_id = ?, analysed = 1 WHERE id = ?", [(s, a) for a, s in assigned.items()])
            for story in stories:
                self._index_story(story.id, story.title, [e.name for e in story.entities], story.outlets)
                self.db.execute(
                    "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        story.id, story.title, _time(story.start), _time(story.end),
                        json.dumps([asdict(e) for e in story.entities]), json.dumps([asdict(q) for q in story.quotes]),
                        json.dumps([asdict(c) for c in story.claims]), json.dumps([asdict(c) for c in story.conflicts]),
                        json.dumps([asdict(s) for s in story.summary]), now, json.dumps(story.evidence), json.dumps(story.generation),
                        count_sources([a.id for a in story.articles if a.id is not None], story.relations),
                    ),
                )  # fmt: skip

    def story_ids(self) -> list[int]:
        """Stories, newest first (by the latest article time, then id)."""
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY COALESCE(end, '') DESC, id")]

    def list_stories(
        self, wanted: StoryFilter | None = None, sort: str = "newest", limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """(number of stories that pass `wanted`, one listing row for each of the page asked for).

        A row holds id, title, start, end, articles, sources (independent ones), languages and outlets; no
        article text is loaded. `sort` is newest (latest article first), biggest or relevance (the best
        full-text match first; newest when there is no query)."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        wanted = wanted or StoryFilter()
        conditions, args = wanted.where()
        hits, hit_args = "", []
        if wanted.query is not None:
            match = fts_query(wanted.query)
            if match is None:
                return 0, []
            hits = (
                ", hits AS (SELECT rowid AS story_id, bm25(story_search, 10.0, 4.0, 1.0) AS rank FROM story_search"
                " WHERE story_search MATCH ? UNION ALL SELECT a.story_id, bm25(article_search, 5.0, 1.0) FROM article_search"
                " JOIN articles a ON a.id = article_search.rowid WHERE article_search MATCH ? AND a.story_id IS NOT NULL),"
                " best AS (SELECT story_id, MIN(rank) AS rank FROM hits GROUP BY story_id)"
            )
            hit_args = [match, match]
        sql = (
            "WITH members AS (SELECT story_id, COUNT(*) AS n, json_group_array(DISTINCT language) AS languages,"
            " json_group_array(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets"
            f" FROM articles WHERE story_id IS NOT NULL GROUP BY story_id){hits}"
            " SELECT s.id, s.title, s.start, s.end, s.sources, m.n AS articles, m.languages, m.outlets"
            f"{', best.rank' if hits else ''} FROM stories s JOIN members m ON m.story_id = s.id"
            f"{' JOIN best ON best.story_id = s.id' if hits else ''}"
            f"{' WHERE ' + ' AND '.join(conditions) if conditions else ''}"
        )
        order = {
            "newest": "COALESCE(s.end, '') DESC, m.n DESC, s.id",
            "biggest": "m.n DESC, COALESCE(s.end, '') DESC, s.id",
            "relevance": "best.rank, COALESCE(s.end, '') DESC, s.id" if hits else "COALESCE(s.end, '') DESC, m.n DESC, s.id",
        }[sort]
        rows = self.db.execute(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*hit_args, *args, limit, offset]).fetchall()
        total = self.db.execute(f"SELECT COUNT(*) FROM ({sql})", [*hit_args, *args]).fetchone()[0]
        return int(total), [self._listing(row) for row in rows]

    def _listing(self, row: sqlite3.Row) -> dict[str, Any]:
        sources = row["sources"]
        if sources is None:  # a story stored before the count was kept
            ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = ?", (row["id"],))]
            sources = count_sources(ids, self.relations(ids))
        return {
            "id": row["id"], "title": row["title"], "start": row["start"], "end": row["end"], "articles": row["articles"],
            "sources": sources, "languages": sorted(json.loads(row["languages"])), "outlets": sorted(json.loads(row["outlets"] or "[]")),
        }  # fmt: skip

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text match, best first, each with a snippet: the matched words sit between
        the control characters \x02 and \x03, for the caller to mark up as it likes."""
        match = fts_query(query)
        if match is None:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.key, a.title, a.outlet, a.published, a.language, a.story_id,"
            " snippet(article_search, 1, char(2), char(3), '…', 16) AS snippet FROM article_search"
            " JOIN articles a ON a.id = article_search.rowid WHERE article_search MATCH ?"
            " ORDER BY bm25(article_search, 5.0, 1.0) LIMIT ?",
            (match, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def facets(self) -> dict[str, list[str]]:
        """The languages and outlets stories can be filtered by."""
        languages = [r[0] for r in self.db.execute("SELECT DISTINCT language FROM articles WHERE story_id IS NOT NULL ORDER BY 1")]
        outlets = [r[0] for r in self.db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1 COLLATE NOCASE")]
        return {"languages": languages, "outlets": outlets}

    def count_stories(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def is_analysed(self, article_id: int) -> bool:
        row = self.db.execute("SELECT analysed FROM articles WHERE id = ?", (article_id,)).fetchone()
        return bool(row and row[0])

    def story_rows(self) -> list[dict[str, Any]]:
        """One summary row per story, for listings: no article texts are loaded."""
        rows = self.db.execute(
            "SELECT s.id, s.title, s.start, s.end, COUNT(a.id) AS articles, GROUP_CONCAT(DISTINCT a.language) AS languages"
            " FROM stories s JOIN articles a ON a.story_id = s.id GROUP BY s.id ORDER BY COUNT(a.id) DESC, s.id"
        ).fetchall()
        return [dict(r) for r in rows]

    def load_story(self, story_id: int) -> Story | None:
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY id", (story_id,))]
        articles = self.load_articles(ids)
        return Story(
            id=row["id"], title=row["title"], articles=articles,
            start=_parse_time(row["start"]), end=_parse_time(row["end"]),
            relations=self.relations(ids),
            entities=[Entity(**e) for e in json.loads(row["entities"])],
            quotes=[Quote(**q) for q in json.loads(row["quotes"])],
            claims=[Claim(**c) for c in json.loads(row["claims"])],
            conflicts=[
                Conflict(c["about"], [ConflictValue(**v) for v in c["values"]]) for c in json.loads(row["conflicts"])
            ],
            summary=[SummarySentence(**s) for s in json.loads(row["summary"])],
            evidence=json.loads(row["evidence"]),
            generation=json.loads(row["generation"]),
        )  # fmt: skip

    def story_events(self, story_id: int | None = None) -> list[StoryEvent]:
        """Merges and splits, oldest first; with a story id, those that story took part in."""
        rows = self.db.execute("SELECT kind, story, others, articles FROM story_events ORDER BY id").fetchall()
        events = [StoryEvent(r["kind"], r["story"], json.loads(r["others"]), json.loads(r["articles"])) for r in rows]
        return [e for e in events if story_id is None or story_id == e.story or story_id in e.others]
