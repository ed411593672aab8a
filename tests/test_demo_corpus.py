"""The shipped demo corpus against its gold file (examples/corpus-gold.json): every hard case it was written for."""

from __future__ import annotations

import re
from typing import Any

from conftest import by_key, copy_relations, load_benchmark


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_one_story_per_event_and_related_events_apart(corpus_export: list[dict[str, Any]], corpus_gold: dict[str, Any]) -> None:
    story_of = by_key(corpus_export)
    predicted = sorted(sorted(a["id"] for a in s["articles"]) for s in corpus_export)
    assert predicted == sorted(sorted(s["articles"]) for s in corpus_gold["stories"])
    strike, deal = (next(s for s in corpus_gold["stories"] if s["id"] == name) for name in ("valmora-strike", "valmora-deal"))
    assert story_of[strike["articles"][0]] != story_of[deal["articles"][0]]


def test_every_copy_found_with_its_kind_and_no_false_copies(corpus_export: list[dict[str, Any]], corpus_gold: dict[str, Any]) -> None:
    copies = copy_relations(corpus_export)
    for relation in corpus_gold["relations"]:
        assert copies.get(frozenset((relation["a"], relation["b"]))) == relation["kind"], relation
    assert not [pair for pair in corpus_gold["independent_pairs"] if frozenset(pair) in copies]


def test_update_points_from_the_earlier_version(corpus_export: list[dict[str, Any]]) -> None:
    update = next(r for s in corpus_export for r in s["relations"] if r["kind"] == "update")
    assert update["b"].endswith("-update")


def test_quotes_with_speakers(corpus_export: list[dict[str, Any]], corpus_gold: dict[str, Any]) -> None:
    quotes = [(q["article"], _norm(q["text"]), (q["speaker"] or "").lower()) for s in corpus_export for q in s["quotes"]]
    found = [
        g
        for g in corpus_gold["quotes"]
        if any(d == g["doc"] and _norm(g["starts"])[:30] in t and g["speaker"].split()[-1].lower() in who for d, t, who in quotes)
    ]
    assert len(found) >= 0.85 * len(corpus_gold["quotes"]), f"{len(found)}/{len(corpus_gold['quotes'])}"


def test_clutter_removed_from_text_dumps(corpus_export: list[dict[str, Any]], corpus_gold: dict[str, Any]) -> None:
    articles = {a["id"]: a for s in corpus_export for a in s["articles"]}
    for name, lines in corpus_gold["boilerplate_lines"].items():
        clean = _norm(articles[name]["clean_text"])
        removed = {_norm(r["text"]) for r in articles[name]["removed"]}
        for line in lines:
            assert _norm(line) not in clean or _norm(line) in removed, f"{name}: {line!r} left in the body"


def test_conflicts_between_independent_sources(corpus_export: list[dict[str, Any]]) -> None:
    footbridge = next(s for s in corpus_export if len(s["conflicts"]) >= 2)
    abouts = [c["about"] for c in footbridge["conflicts"]]
    assert any(a.startswith("clock time") for a in abouts)
    assert any("Vortman" in a for a in abouts)


def test_summaries_cite_supporting_articles_and_do_not_repeat(corpus_export: list[dict[str, Any]]) -> None:
    """benchmarks/summary.py's citation checks: every sentence cites, every citation is supported (a sentence of
    the cited article at cosine >= 0.8, or the copy stage's aligned counterpart), no two sentences alike."""
    assert all(3 <= len(story["summary"]) <= 7 for story in corpus_export)
    checks = load_benchmark("summary").citation_checks(corpus_export)
    assert checks["citing_share"] == 1.0
    assert checks["unsupported"] == []
    assert checks["redundant_pairs"] == 0


def test_a_translations_summary_cites_its_original(corpus_export: list[dict[str, Any]]) -> None:
    translations = [(s, r) for s in corpus_export for r in s["relations"] if r["kind"] == "translation"]
    assert translations
    for story, relation in translations:
        pair = {relation["a"], relation["b"]}
        assert any(pair <= set(sentence["cites"]) for sentence in story["summary"]), story["title"]


def test_provenance_tree_hangs_each_copy_under_its_origin(corpus_export: list[dict[str, Any]], corpus_gold: dict[str, Any]) -> None:
    for story in corpus_export:
        edges = _edges(story["provenance"])
        nodes = [root["article"] for root in story["provenance"]] + [child for child, _ in edges]
        assert sorted(nodes) == sorted(a["id"] for a in story["articles"]), "every article appears once in the tree"
        assert len(story["provenance"]) == story["independent_sources"]
    in_tree = {frozenset(edge) for s in corpus_export for edge in _edges(s["provenance"])}
    assert all(frozenset((r["a"], r["b"])) in in_tree for r in corpus_gold["relations"] if r["kind"] == "translation")


def _edges(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(copy, the article it copies) for every edge of the tree below `nodes`."""
    return [(c["article"], n["article"]) for n in nodes for c in n["copies"]] + [e for n in nodes for e in _edges(n["copies"])]
