"""Stories as plain JSON-ready dicts: the export format (documented in the README) and the report's input.

Articles are named by the caller's id (the JSONL `id` or the input file name) everywhere in a story, so an
export can be joined back to the inputs without knowing database ids.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from newsloom.compare import copy_tree, independent_sources
from newsloom.extract.numbers import SHARE
from newsloom.model import Article, Story


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def format_value(value: float, unit: str) -> str:
    """A claim's value as people write it: 175,000 troops, 7.5 percent, the year 2014 without a comma, half of
    something as 50%."""
    if unit == "year":
        return f"{value:.0f}"
    if unit.startswith(SHARE):
        return f"{value:.0%}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def article_to_dict(article: Article, source_group: str | None = None) -> dict[str, Any]:
    """One article in the export format; `source_group` is the key of its group's origin, when known."""
    return {
        "id": article.key,
        "path": article.source if not article.url else None,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": _time(article.published),
        "language": article.language,
        "byline": article.byline,
        "source_group": source_group,
        "clean_text": article.text,
        "removed": [asdict(s) for s in article.removed if s.label == "boilerplate"],
        "structure": [asdict(s) for s in article.removed if s.label != "boilerplate"],
    }


def _named(tree: list[dict[str, Any]], name: dict[int | None, str]) -> list[dict[str, Any]]:
    """A `copy_tree` with article keys in place of database ids."""
    return [{"article": name[n["article"]], "kind": n["kind"], "copies": _named(n["copies"], name)} for n in tree]


def _why_together(story: Story, name: dict[int | None, str]) -> dict[str, Any]:
    """The clustering's evidence with article keys: shared rare names and the closest sentence pairs."""
    closest = [
        {**pair, "a": name.get(pair["a"], pair["a"]), "b": name.get(pair["b"], pair["b"])} for pair in story.evidence.get("closest", [])
    ]
    return {"shared_names": story.evidence.get("shared", []), "closest_sentences": closest}


def story_to_dict(story: Story) -> dict[str, Any]:
    """One story in the export format."""
    name = {a.id: a.key for a in story.articles}
    ids = [a.id for a in story.articles if a.id is not None]
    groups = independent_sources(ids, story.relations)
    return {
        "id": story.id,
        "title": story.title,
        "start": _time(story.start),
        "end": _time(story.end),
        "languages": story.languages,
        "outlets": story.outlets,
        "independent_sources": len(set(groups.values())),
        "articles": [article_to_dict(a, name[groups[a.id]]) for a in story.articles if a.id is not None],
        "provenance": _named(copy_tree(ids, story.relations), name),
        "why_together": _why_together(story, name),
        "summary_mode": "generative" if story.generation else "extractive",
        "summary_dropped": story.generation.get("dropped", []),
        "relations": [
            {
                "a": name[r.a],
                "b": name[r.b],
                "kind": r.kind,
                "score": r.score,
                "evidence": [{"a_sentence": i, "b_sentence": j, "similarity": round(s, 3)} for i, j, s in r.evidence],
            }
            for r in story.relations
        ],
        "summary": [
            {"text": s.text, "article": name.get(s.article), "cites": [name[c] for c in s.citations if c in name]} for s in story.summary
        ],
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "cue": q.cue, "direct": q.direct, "article": name.get(q.article)} for q in story.quotes
        ],
        "claims": [
            {
                "value": c.value,
                "unit": c.unit,
                "articles": [name[i] for i in c.articles if i in name],
                "sources": c.sources,
                "sentences": c.sentences,
            }
            for c in story.claims
        ],
        "conflicts": [
            {
                "about": c.about,
                "values": [{"text": v.text, "value": v.value, "articles": [name[i] for i in v.articles if i in name]} for v in c.values],
            }
            for c in story.conflicts
        ],
        "entities": [
            {"name": e.name, "label": e.label, "variants": e.variants, "articles": [name[i] for i in e.articles if i in name]}
            for e in story.entities
        ],
    }
