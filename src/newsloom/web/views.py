"""What the pages show, computed from the core records: plain dicts and lists a template only has to lay out.

Kept apart from the routes so each piece (which sentence supports a citation, where an article sits on the
story's timeline, how a page splits into kept and removed text) can be tested without a server.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from newsloom.cluster import as_utc
from newsloom.compare import copy_tree, independent_sources
from newsloom.export import format_value
from newsloom.model import Article, Quote, Relation, Story, SummarySentence

WORD = re.compile(r"\w+")


@dataclass
class Support:
    """The sentence of a cited article that backs a summary sentence."""

    article: Article
    sentence: int
    text: str
    similarity: float


def citation_support(sentence: SummarySentence, articles: dict[int, Article]) -> list[Support]:
    """For each article a summary sentence cites, its sentence closest to the summary sentence.

    Closeness is the embedding cosine when the summary sentence is one of its source article's sentences
    (extractive mode); otherwise (a generated sentence) the share of the summary sentence's words it holds.
    """
    vector = _sentence_vector(sentence, articles.get(sentence.article))
    found = []
    for cited in sentence.citations:
        article = articles.get(cited)
        if article is None or not article.sentences:
            continue
        if vector is not None and article.sentence_vectors is not None:
            scores = article.sentence_vectors @ vector
        else:
            scores = np.array([_word_share(sentence.text, s.text) for s in article.sentences])
        best = int(np.argmax(scores))
        found.append(Support(article, best, article.sentences[best].text, round(float(scores[best]), 3)))
    return found


def _sentence_vector(sentence: SummarySentence, source: Article | None) -> np.ndarray | None:
    if source is None or source.sentence_vectors is None:
        return None
    for s in source.sentences:
        if s.text == sentence.text:
            return np.asarray(source.sentence_vectors[s.index])
    return None


def _word_share(wanted: str, text: str) -> float:
    words = {w.lower() for w in WORD.findall(wanted)}
    return len(words & {w.lower() for w in WORD.findall(text)}) / max(len(words), 1)


def timeline(articles: list[Article]) -> list[dict[str, Any]]:
    """The story's articles in time order, each with its place (0-100) between the first and the last."""
    dated = sorted(
        ((as_utc(a.published), a) for a in articles if a.published is not None and a.id is not None), key=lambda p: (p[0], p[1].id)
    )
    if not dated:
        return []
    first, last = dated[0][0], dated[-1][0]
    span = (last - first).total_seconds() or 1.0
    return [{"article": a, "at": at, "position": round(100 * (at - first).total_seconds() / span, 1)} for at, a in dated]


@dataclass
class QuoteGroup:
    """One remark as several articles report it: the first wording seen, and every article carrying it."""

    quote: Quote
    articles: list[int]


def quotes_by_speaker(quotes: list[Quote]) -> list[tuple[str, list[QuoteGroup]]]:
    """Quotes under their speaker, the most quoted first and unattributed ones last; the same words in several
    articles (a copy, or two outlets quoting one statement) are listed once with all their articles."""
    groups: dict[str, dict[str, QuoteGroup]] = defaultdict(dict)
    for quote in quotes:
        words = " ".join(WORD.findall(quote.text.lower()))
        group = groups[quote.speaker or ""].setdefault(words, QuoteGroup(quote, []))
        if quote.article is not None and quote.article not in group.articles:
            group.articles.append(quote.article)
    ordered = sorted(((s, list(g.values())) for s, g in groups.items() if s), key=lambda item: (-len(item[1]), item[0]))
    return ordered + ([("", list(groups[""].values()))] if "" in groups else [])


def story_view(story: Story) -> dict[str, Any]:
    """Everything the story page lays out."""
    articles = {a.id: a for a in story.articles if a.id is not None}
    groups = independent_sources(list(articles), story.relations)
    return {
        "story": story,
        "sources": len(set(groups.values())),
        "origin": {ident: articles[origin] for ident, origin in groups.items()},
        "summary": [{"sentence": s, "support": citation_support(s, articles)} for s in story.summary],
        "timeline": timeline(story.articles),
        "copies": copy_tree(list(articles), story.relations),
        "quotes": quotes_by_speaker(story.quotes),
        "facts": sorted(story.claims, key=lambda c: (-c.sources, -len(c.articles))),
        "articles_by_id": articles,
    }


def paragraphs(article: Article) -> list[list[tuple[int | None, str]]]:
    """The clean text as paragraphs of pieces: `(sentence index, text)` for a sentence, `(None, text)` for what
    lies between sentences, so each sentence can carry an anchor the story page links to."""
    result: list[list[tuple[int | None, str]]] = []
    start = 0
    sentences = sorted(article.sentences, key=lambda s: s.start)
    for block in article.text.split("\n"):
        end = start + len(block)
        pieces: list[tuple[int | None, str]] = []
        cursor = start
        for s in sentences:
            if s.start < start or s.start >= end or s.start < cursor:
                continue
            if s.start > cursor:
                pieces.append((None, article.text[cursor : s.start]))
            stop = min(s.end, end)
            pieces.append((s.index, article.text[s.start : stop]))
            cursor = stop
        if cursor < end:
            pieces.append((None, article.text[cursor:end]))
        if block.strip():
            result.append(pieces)
        start = end + 1
    return result


def alignments(article: Article, relations: list[Relation], others: dict[int, Article]) -> list[dict[str, Any]]:
    """For each copy relation of the article: the other article, the kind, and the aligned sentence pairs
    (this article's sentence, the other's, their cosine)."""
    rows = []
    for r in relations:
        if r.kind == "independent" or article.id not in (r.a, r.b) or (r.b if r.a == article.id else r.a) not in others:
            continue
        mine_first = r.a == article.id
        other = others[r.b if mine_first else r.a]
        pairs = []
        for i, j, similarity in r.evidence:
            here, there = (i, j) if mine_first else (j, i)
            if here < len(article.sentences) and there < len(other.sentences):
                pairs.append((article.sentences[here].text, other.sentences[there].text, similarity))
        rows.append({"other": other, "kind": r.kind, "origin": not mine_first, "score": r.score, "pairs": pairs})
    return rows


def when(value: datetime | str | None) -> str:
    """A time as a reader scans it: 2021-12-07 15:00 UTC (UTC where the zone is known)."""
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def claim_value(value: float, unit: str) -> str:
    return format_value(value, unit)
