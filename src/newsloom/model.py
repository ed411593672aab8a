"""The core records that flow through the pipeline.

`RawArticle` is what a reader yields; the per-article stages (clean, identify, fingerprint, extract) turn it into
an `Article`; the per-story stages (link, cluster, compare, summarise) produce `Relation`s and `Story` records.
Every derived record keeps the character span it came from, so a UI can highlight it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np


@dataclass
class RawArticle:
    """One input article before cleaning: text or HTML plus whatever metadata the input carried."""

    key: str
    """The caller's id: the JSONL `id`, or the input file name."""
    source: str
    """Where it came from: a file path (with `:line` for JSONL) or a URL."""
    body: str
    is_html: bool = False
    title: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    site: str | None = None
    """The key under which repeated page lines are remembered (outlet, host or folder)."""


@dataclass
class Span:
    """A line or block of the raw input that is not body text, with its label and why.

    `label` is one of title, dateline, byline, caption, keypoints, heading (metadata and structure) or
    boilerplate (clutter); `start`/`end` are offsets into `Article.raw`.
    """

    start: int
    end: int
    text: str
    label: str
    reason: str


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    """A sentence of the clean text; `start`/`end` are offsets into `Article.text`."""


@dataclass
class Mention:
    """A named entity mention in one article."""

    text: str
    label: str
    start: int
    end: int


@dataclass
class Quote:
    """A direct or indirect quote: `start`/`end` span what was said, `speaker_start`/`speaker_end` the mention of
    who said it in this article's text ("she" in "she told AFP", while `speaker` is the person it resolves to);
    no speaker span when the speaker is carried over from an earlier paragraph."""

    text: str
    speaker: str | None
    cue: str | None
    start: int
    end: int
    direct: bool = True
    article: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass
class Number:
    """A number stated in an article, with what it counts (`unit`) and the sentence it sits in."""

    value: float
    unit: str
    surface: str
    start: int
    end: int
    sentence: int
    approximate: bool = False


@dataclass
class ClockTime:
    """A clock time stated in an article: local `HH:MM` and the IANA zone when the text names one.

    UTC is computed at compare time, when the date (and so daylight saving) is known from the story.
    """

    surface: str
    local: str
    zone: str | None
    start: int
    end: int
    sentence: int


@dataclass
class Article:
    """A cleaned, identified, fingerprinted and annotated article."""

    key: str
    source: str
    title: str
    text: str
    raw: str
    content_hash: str
    language: str = "und"
    published: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    removed: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None
    vector: np.ndarray | None = None
    minhash: np.ndarray | None = None
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    times: list[ClockTime] = field(default_factory=list)
    id: int | None = None
    story_id: int | None = None

    def page_segments(self) -> list[tuple[str, Span | None]]:
        """The page text (`raw`) cut at the spans the cleaner labelled, in order: `(text, None)` for what the
        article kept as it was, `(text, span)` for each labelled span. A span overlapping an earlier one is
        left out, so the pieces joined give the page back exactly."""
        pieces: list[tuple[str, Span | None]] = []
        cursor = 0
        for span in sorted(self.removed, key=lambda s: s.start):
            if span.start < cursor:
                continue
            if span.start > cursor:
                pieces.append((self.raw[cursor : span.start], None))
            pieces.append((self.raw[span.start : span.end], span))
            cursor = span.end
        if cursor < len(self.raw):
            pieces.append((self.raw[cursor:], None))
        return pieces


@dataclass
class Relation:
    """`b` is a copy of `a` (`a` is the origin when times are known), or the two are `independent`."""

    a: int
    b: int
    kind: str
    score: float
    evidence: list[tuple[int, int, float]] = field(default_factory=list)
    """Aligned sentence pairs: (sentence index in a, sentence index in b, cosine)."""


@dataclass
class Entity:
    name: str
    label: str
    variants: list[str]
    articles: list[int]


@dataclass
class Claim:
    """A number several articles may state: `articles` are the ones that state it."""

    value: float
    unit: str
    articles: list[int]
    sources: int
    """Independent sources among `articles`: copies of one origin count once."""
    sentences: list[str]


@dataclass
class ConflictValue:
    text: str
    value: str
    articles: list[int]


@dataclass
class Conflict:
    about: str
    values: list[ConflictValue]


@dataclass
class SummarySentence:
    text: str
    article: int
    citations: list[int]


@dataclass
class Story:
    """One real-world event: its articles and everything the per-story stages found."""

    id: int
    title: str
    articles: list[Article]
    start: datetime | None = None
    end: datetime | None = None
    relations: list[Relation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    evidence: dict[str, list[Any]] = field(default_factory=dict)
    """Why its articles are one story: `shared` names and the `closest` sentence pairs across articles."""
    generation: dict[str, Any] = field(default_factory=dict)
    """Empty for an extractive summary; for a generative one the `model` and the `dropped` sentences with the
    reason each failed its checks."""

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.articles})

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.articles if a.outlet})


@dataclass
class StoryEvent:
    """A change to stories already stored: `merge` (others folded into story) or `split` (story gave up others)."""

    kind: str
    story: int
    others: list[int]
    articles: list[int]
