"""Stage 8, compare: line up what the story's sources say.

Copies are provenance, not corroboration: articles linked by a copy relation form one source. Numbers become
claims (same value, same counted thing, across articles); a claim's `sources` counts independent sources.
Conflicts are where independent sources differ: clock times that disagree once normalised to UTC, and one
person's name spelt differently by different sources.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from newsloom.extract import to_utc
from newsloom.extract.entities import similar_spelling
from newsloom.extract.numbers import SHARE
from newsloom.model import Article, Claim, Conflict, ConflictValue, Entity, Relation

UNIT_SYNONYMS = {
    "soldier": "troop", "troops": "troop", "servicemen": "troop", "soldaten": "troop", "soldat": "troop",
    "people": "person", "persons": "person", "menschen": "person", "tote": "dead", "killed": "dead",
    "verletzte": "injured", "wounded": "injured", "prozent": "percentage", "percent": "percentage",
}  # fmt: skip


def independent_sources(article_ids: list[int], relations: list[Relation]) -> dict[int, int]:
    """Article id -> the id of its source group: copies (of copies) share one group."""
    parent = {i: i for i in article_ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in relations:
        if r.kind != "independent" and r.a in parent and r.b in parent:
            parent[find(r.b)] = find(r.a)
    return {i: find(i) for i in article_ids}


def count_sources(article_ids: list[int], relations: list[Relation]) -> int:
    """How many independent sources the articles come from: the copies of one origin count once."""
    return len(set(independent_sources(article_ids, relations).values()))


def provenance(article_ids: list[int], relations: list[Relation]) -> dict[int, tuple[int, str] | None]:
    """Article id -> (the article it copies, the kind of copy), or None for an independent source.

    Copies of copies form a tree: each copy hangs under its closest origin (the copy relation with the highest
    score; a relation's `a` is the origin, the earlier article). An update found inside one article, and
    relations that would close a cycle, are not edges of the tree.
    """
    parent: dict[int, tuple[int, str] | None] = dict.fromkeys(article_ids)
    best: dict[int, float] = {}
    for r in sorted(relations, key=lambda r: -r.score):
        if r.kind == "independent" or r.a == r.b or r.a not in parent or r.b not in parent or r.b in best:
            continue
        if _descends(r.a, r.b, parent):
            continue
        parent[r.b], best[r.b] = (r.a, r.kind), r.score
    return parent


def copy_tree(article_ids: list[int], relations: list[Relation]) -> list[dict[str, Any]]:
    """The `provenance` tree as nested nodes: each independent source is a root `{"article": id, "kind": None,
    "copies": [...]}`, and each copy a node under its origin with the kind of copy."""
    parent = provenance(article_ids, relations)
    children: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for child, up in parent.items():
        if up is not None:
            children[up[0]].append((child, up[1]))

    def node(ident: int, kind: str | None) -> dict[str, Any]:
        return {"article": ident, "kind": kind, "copies": [node(c, k) for c, k in sorted(children[ident])]}

    return [node(i, None) for i in article_ids if parent[i] is None]


def _descends(node: int, ancestor: int, parent: dict[int, tuple[int, str] | None]) -> bool:
    """Whether `ancestor` is `node` or above it in the tree built so far."""
    seen: set[int] = set()
    while node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        up = parent.get(node)
        if up is None:
            return False
        node = up[0]
    return True


def unit_key(unit: str) -> str:
    """One name per counted thing, so "soldiers" and "troops" (or "share of soldier" and "share of troop") meet."""
    unit = unit.lower()
    if unit.startswith(SHARE):
        return SHARE + unit_key(unit.removeprefix(SHARE))
    return UNIT_SYNONYMS.get(unit, unit)


def compare_claims(articles: list[Article], groups: dict[int, int]) -> list[Claim]:
    """Numbers stated in the story, grouped by value and counted thing, most independent sources first."""
    stated: dict[tuple[float, str], dict[int, str]] = defaultdict(dict)
    for article in articles:
        assert article.id is not None
        for number in article.numbers:
            sentence = article.sentences[number.sentence].text if 0 <= number.sentence < len(article.sentences) else number.surface
            stated[(number.value, unit_key(number.unit))].setdefault(article.id, sentence)
    claims = []
    for (value, unit), where in stated.items():
        ids = sorted(where)
        sources = len({groups[i] for i in ids})
        claims.append(Claim(value, unit, ids, sources, [where[i] for i in ids]))
    return sorted(claims, key=lambda c: (-c.sources, -len(c.articles), c.unit, c.value))


def time_conflicts(articles: list[Article], groups: dict[int, int], story_day: date | None) -> list[Conflict]:
    """Clock times of the story that independent sources state differently once converted to UTC."""
    values: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for article in articles:
        day = article.published.date() if article.published else story_day
        for clock in article.times:
            utc = to_utc(clock.local, clock.zone, day)
            if utc is not None and article.id is not None:
                values[utc].append((clock.surface, article.id))
    if len(values) < 2:
        return []
    sources_per_value = [{groups[i] for _, i in stated} for stated in values.values()]
    if all(a == b for a in sources_per_value for b in sources_per_value):
        return []
    return [
        Conflict(
            "clock time (UTC)",
            [
                ConflictValue(" / ".join(sorted({s for s, _ in stated})), utc, sorted({i for _, i in stated}))
                for utc, stated in sorted(values.items())
            ],
        )
    ]


def name_conflicts(entities: list[Entity], articles: list[Article]) -> list[Conflict]:
    """One person's name spelt differently by different articles (Ash / Ashe)."""
    conflicts = []
    for entity in entities:
        if entity.label != "PERSON" or len(entity.variants) < 2:
            continue
        spelled: dict[str, list[int]] = defaultdict(list)
        for article in articles:
            for mention in article.mentions:
                if mention.text in entity.variants and article.id is not None:
                    spelled[mention.text].append(article.id)
        surnames: dict[str, set[int]] = defaultdict(set)
        for name, ids in spelled.items():
            surnames[name.split()[-1]].update(ids)
        distinct = [s for s in surnames if any(similar_spelling(s, o) for o in surnames if o != s)]
        if len(distinct) >= 2:
            conflicts.append(Conflict(f"spelling of {entity.name}", [ConflictValue(s, s, sorted(surnames[s])) for s in sorted(distinct)]))
    return conflicts
