"""The five seeds through the whole pipeline, checked against ../shared/seeds/gold.json."""

from __future__ import annotations

import re
from typing import Any

from conftest import copy_relations
from newsloom.config import Config


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_seeds_make_one_story(seeds_export: list[dict[str, Any]], seeds_gold: dict[str, Any]) -> None:
    assert len(seeds_export) == 1
    assert sorted(a["id"] for a in seeds_export[0]["articles"]) == sorted(seeds_gold["articles"])


def test_rewrite_pair_found_and_independent_pairs_not_linked(seeds_export: list[dict[str, Any]], seeds_gold: dict[str, Any]) -> None:
    copies = copy_relations(seeds_export)
    pair = seeds_gold["relations"][0]
    assert copies.get(frozenset((pair["a"], pair["b"]))) == "rewrite"
    for a, b in seeds_gold["relations"][1]["pairs_independent"]:
        assert frozenset((a, b)) not in copies, f"{a} and {b} are independent, found {copies[frozenset((a, b))]}"
    relation = next(r for r in seeds_export[0]["relations"] if r["kind"] == "rewrite")
    assert len(relation["evidence"]) >= 10 and all(e["similarity"] >= Config().aligned_sentence_similarity for e in relation["evidence"])


def test_gold_quotes_found_with_their_speakers(seeds_export: list[dict[str, Any]], seeds_gold: dict[str, Any]) -> None:
    quotes = [(q["article"], _norm(q["text"]), q["speaker"] or "") for q in seeds_export[0]["quotes"]]

    def found_in_export(gold: dict[str, str]) -> bool:
        start, surname = _norm(gold["starts"])[:30], gold["speaker"].split()[-1].lower()
        return any(doc == gold["doc"] and start in text and surname in who.lower() for doc, text, who in quotes)

    found = [g for g in seeds_gold["quotes"] if found_in_export(g)]
    assert len(found) >= 9, f"{len(found)}/12: missing {[g['starts'] for g in seeds_gold['quotes'] if g not in found]}"


def test_troops_claim_has_exactly_its_three_documents(seeds_export: list[dict[str, Any]], seeds_gold: dict[str, Any]) -> None:
    fact = seeds_gold["facts"][0]
    claims = [c for c in seeds_export[0]["claims"] if c["value"] == fact["value"]]
    assert len(claims) == 1
    assert sorted(claims[0]["articles"]) == sorted(fact["docs"])
    assert claims[0]["unit"] == "troop" and claims[0]["sources"] == 3


def test_call_time_conflict_found(seeds_export: list[dict[str, Any]]) -> None:
    conflict = next(c for c in seeds_export[0]["conflicts"] if c["about"].startswith("clock time"))
    values = {v["value"]: set(v["articles"]) for v in conflict["values"]}
    assert set(values) == {"15:00", "17:00"}
    assert {a[:3] for a in values["17:00"]} == {"002"}
    assert {a[:3] for a in values["15:00"]} >= {"000", "004"}


def test_name_spelling_conflict_and_few_false_conflicts(seeds_export: list[dict[str, Any]]) -> None:
    conflicts = seeds_export[0]["conflicts"]
    spelling = [c for c in conflicts if "Ash" in c["about"]]
    assert spelling and {v["text"] for v in spelling[0]["values"]} == {"Ash", "Ashe"}
    assert len(conflicts) - 2 <= 3


def test_summary_sentences_all_cite_articles(seeds_export: list[dict[str, Any]]) -> None:
    summary = seeds_export[0]["summary"]
    assert 3 <= len(summary) <= 7
    assert all(s["cites"] and s["article"] in s["cites"] for s in summary)
