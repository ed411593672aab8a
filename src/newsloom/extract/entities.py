"""Named entities per article, and their resolution across the articles of a story.

English mentions come from spaCy's NER. No NER model for other languages is on the registries here, so those
articles get capitalised name sequences, and, at story level, the names found in the story's English articles
are looked up in them (a gazetteer seeded by the story itself).

Resolution merges a surname with the full name it ends ("Stoltenberg" -> "Jens Stoltenberg") and spelling
variants of one name across sources ("Timothy Ash" / "Timothy Ashe", "Kiev" / "Kyiv"); variants are kept, so
the compare stage can flag a source that spells a name differently.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from newsloom.model import Article, Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
CAPITALISED_NAME = re.compile(r"(?<![.!?]\s)\b([A-ZÄÖÜ][a-zäöüß'’-]+(?:\s+[A-ZÄÖÜ][a-zäöüß'’-]+)+)")
POSSESSIVE = re.compile(r"[’']s$")


def find_mentions(text: str, doc: Doc | None) -> list[Mention]:
    if doc is not None:
        return [
            Mention(POSSESSIVE.sub("", ent.text), ent.label_, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in KEPT_LABELS
        ]
    return [Mention(m.group(1), "MISC", m.start(1), m.end(1)) for m in CAPITALISED_NAME.finditer(text)]


def similar_spelling(a: str, b: str) -> bool:
    """One name spelt two ways: Ash/Ashe, Zakharova/Sakharova, Kiev/Kyiv, Zelenskiy/Zelensky."""
    if a == b or min(len(a), len(b)) < 3:
        return False
    if a[0].lower() != b[0].lower() and len(a) < 6:
        return False
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75


def resolve_entities(articles: list[Article]) -> list[Entity]:
    """One `Entity` per real-world name across the story's articles, most common spelling first."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for mention in article.mentions:
            if mention.label == "MISC":
                continue
            forms[mention.text][mention.text] += 1
            where[mention.text].add(article.id or 0)
            labels[mention.text][mention.label] += 1
    _gazetteer(articles, forms, where, labels)
    canonical = _merge_names(list(forms))
    merged: dict[str, Entity] = {}
    for name, target in canonical.items():
        entity = merged.setdefault(target, Entity(target, "", [], []))
        entity.variants.append(name)
        entity.articles = sorted(set(entity.articles) | where[name])
    for entity in merged.values():
        counts: Counter[str] = Counter()
        for name in entity.variants:
            counts.update(labels[name])
        entity.label = counts.most_common(1)[0][0] if counts else "MISC"
        entity.variants.sort(key=lambda n: (-sum(forms[n].values()), n))
    return sorted(merged.values(), key=lambda e: (-len(e.articles), e.name))


def _gazetteer(
    articles: list[Article], forms: dict[str, Counter[str]], where: dict[str, set[int]], labels: dict[str, Counter[str]]
) -> None:
    """Find the English articles' names in the story's other-language articles."""
    known = list(forms)
    for article in articles:
        if article.language == "en":
            continue
        for name in known:
            last = name.split()[-1]
            pattern = (
                re.compile(rf"\b{re.escape(name)}\b|\b{re.escape(last)}\b") if len(last) > 3 else re.compile(rf"\b{re.escape(name)}\b")
            )
            for match in pattern.finditer(article.text):
                article.mentions.append(Mention(name, labels[name].most_common(1)[0][0], match.start(), match.end()))
                where[name].add(article.id or 0)
                forms[name][name] += 1


def _merge_names(names: list[str]) -> dict[str, str]:
    """Map every name to its canonical form: the longest full name it is part of, or a close spelling."""
    ordered = sorted(names, key=lambda n: (-len(n.split()), -len(n), n))
    canonical: dict[str, str] = {}
    for name in ordered:
        match = next((full for full in canonical if _same_referent(name, full)), None)
        canonical[name] = canonical[match] if match else name
    return canonical


def _same_referent(name: str, full: str) -> bool:
    parts, full_parts = name.split(), full.split()
    if len(parts) < len(full_parts) and full_parts[-len(parts) :] == parts:
        return True
    if len(parts) == len(full_parts) and parts[:-1] == full_parts[:-1] and similar_spelling(parts[-1], full_parts[-1]):
        return True
    return len(parts) == 1 and len(name) >= 4 and similar_spelling(name, full_parts[-1])
