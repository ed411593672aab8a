"""What a reader asks the store for: a full-text query and filters over stories, as SQL pieces.

Search runs on SQLite FTS5 (`article_search` over titles and clean texts, `story_search` over story titles,
entity names and outlets). A reader's words never reach FTS5's query language unquoted: `Biden AND`, a lone
`"` or `NEAR(` would otherwise be a syntax error, and a search box must not fail on what people type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SORTS = ("newest", "biggest", "relevance")
TERM = re.compile(r'"([^"]*)"|([^\s"]+)')
WORD = re.compile(r"\w+")


def fts_query(text: str) -> str | None:
    """The reader's query as an FTS5 expression: every word must match, "quoted words" as a phrase, the last
    word as a prefix (so results follow the typing). None when there is no word to look for.

    >>> fts_query('kyiv "red line" talk')
    '"kyiv" AND "red line" AND "talk"*'
    """
    parts = []
    for phrase, bare in TERM.findall(text):
        words = WORD.findall(phrase or bare)
        if words:
            parts.append('"' + " ".join(words) + '"')
    if not parts:
        return None
    if not parts[-1].count(" "):
        parts[-1] += "*"  # a prefix query: the word itself and its longer forms
    return " AND ".join(parts)


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a listing shows; every field left None lets all stories through."""

    query: str | None = None
    language: str | None = None
    outlet: str | None = None
    entity: str | None = None
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions on `stories s` (ANDed) and their arguments."""
        conditions: list[str] = []
        args: list[Any] = []
        if self.language:
            conditions.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.language = ?)")
            args.append(self.language)
        if self.outlet:
            conditions.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.outlet = ? COLLATE NOCASE)")
            args.append(self.outlet)
        if self.entity:
            conditions.append(
                "EXISTS (SELECT 1 FROM json_each(s.entities) e, json_each(json_extract(e.value, '$.variants')) v"
                " WHERE json_extract(e.value, '$.name') = ? COLLATE NOCASE OR v.value = ? COLLATE NOCASE)"
            )
            args += [self.entity, self.entity]
        if self.since:
            conditions.append("s.end >= ?")
            args.append(self.since.isoformat())
        if self.until:
            conditions.append("s.start < ?")  # stored times are UTC ISO strings: before the next day's date sorts first
            args.append((self.until + timedelta(days=1)).isoformat())
        return conditions, args
