"""The extractive summariser's choices on small hand-written stories: which sentences are eligible, what the
concepts a sentence adds weigh, and the citation and novelty guarantees (newsloom.summarise)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from conftest import prepared_article
from newsloom.config import Config
from newsloom.fingerprint import embed
from newsloom.link import decide
from newsloom.summarise import _candidates, _concept_weights, _concepts, summarise

_article = prepared_article


FERRY = [
    _article(
        1,
        "Ferry with 212 passengers runs aground off Lindholm island. Coastguard takes dozens of passengers ashore by boat",
        "The ferry Saga Nord ran aground on a sandbank off Lindholm island on Tuesday morning with 212 passengers on board.",
        "Coastguard boats took 48 passengers ashore before the tide lifted the ferry free in the afternoon.",
        "He said the crossing would resume on Thursday.",
    ),
    _article(
        2,
        "Saga Nord ferry aground off Lindholm",
        "A ferry carrying 212 passengers ran aground off Lindholm island on Tuesday, the coastguard said.",
        '"We felt a long scrape under the hull and then everything stopped," said one passenger, Ilse Brandt.',
        "the operator had been warned about the shifting sandbank in a report published last spring.",
    ),
    _article(
        3,
        "Lindholm ferry freed by the afternoon tide",
        "The Saga Nord ferry was refloated by the afternoon tide after running aground off Lindholm island with 212 people aboard.",
        "The island's harbour master blamed a buoy that had drifted out of place during last week's storm.",
    ),
]
GROUPS = {a.id: a.id for a in FERRY if a.id is not None}


def test_headline_parts_dangling_starts_and_fragments_are_not_candidates() -> None:
    texts = [c.text for a in FERRY for c in _candidates(a)]
    # The two-sentence headline is split in two by the sentence splitter; neither half is a sentence of the body.
    assert not any(t.startswith(("Ferry with 212", "Coastguard takes dozens")) for t in texts)
    assert not any(t.startswith(("He said", "the operator")) for t in texts)
    # A sentence that opens with a quote mark is a sentence like any other.
    assert any(t.startswith('"We felt a long scrape') for t in texts)
    first = next(c for c in _candidates(FERRY[0]))
    assert first.position == 0 and first.text.startswith("The ferry Saga Nord")


def test_concepts_weigh_what_several_sources_and_their_headlines_share() -> None:
    weights = _concept_weights(FERRY, GROUPS)
    # In all three texts and headlines; in two texts and one headline; in one text and no headline.
    assert weights["lindholm"] > weights["passenger"] > 0
    assert "buoy" not in weights
    # A concept is the word, not its inflection.
    assert "passengers" not in weights and _concepts("The passenger's luggage; passengers") == {"passenger", "luggage"}
    # A copy counts once: with articles 1 and 2 one source, no other source's text says "passengers".
    merged = _concept_weights(FERRY, {1: 1, 2: 1, 3: 3})
    assert merged["passenger"] < weights["passenger"]


def test_summary_cites_close_sentences_and_does_not_repeat_itself() -> None:
    config = replace(Config(), summary_sentences=3)
    summary = summarise(FERRY, GROUPS, config)
    assert 2 <= len(summary) <= 3
    vectors = embed([s.text for s in summary])
    similarity = vectors @ vectors.T
    assert float(np.max(similarity - 2 * np.eye(len(summary)))) <= config.redundancy_similarity
    by_id = {a.id: a for a in FERRY}
    for sentence, vector in zip(summary, vectors, strict=True):
        assert sentence.article in sentence.citations
        for cited in sentence.citations:
            assert float(np.max(by_id[cited].sentence_vectors @ vector)) >= config.citation_similarity - 1e-4  # type: ignore[operator]
    # The gist every source reports leads the choice: one of the three reports of the grounding is in it.
    assert any("aground" in s.text or "refloated" in s.text for s in summary)


def test_a_wire_dateline_is_taken_off_a_summary_sentence() -> None:
    filed = _article(
        7,
        "Dam gates opened above Tarrow",
        "TARROW, Lindmark (Reuters) - Engineers opened all six gates of the Tarrow dam on Friday after a week of heavy rain.",
        "KESSEL – Die Behörden haben am Freitag alle sechs Schleusen des Staudamms geöffnet, um die Stadt zu schützen.",
        "NATO - the word alone, then a lower-case clause, is not a dateline and stays as it is in the sentence.",
    )
    texts = [c.text for c in _candidates(filed)]
    assert texts[0] == "Engineers opened all six gates of the Tarrow dam on Friday after a week of heavy rain."
    assert texts[1] == "Die Behörden haben am Freitag alle sechs Schleusen des Staudamms geöffnet, um die Stadt zu schützen."
    assert texts[2].startswith("NATO - the word alone")


def test_a_translation_is_cited_for_the_sentences_the_copy_stage_aligned() -> None:
    """Embeddings of two languages lie further apart than the citation bar, so the translation is cited through
    the copy relation's aligned sentences, not through closeness alone."""
    english = _article(
        11,
        "Tram depot fire in Korvell destroys 14 trams",
        "A fire at the tram depot in Korvell destroyed 14 trams on Sunday night, the city transport company said.",
        "Firefighters needed four hours to bring the blaze under control, and nobody was injured.",
        "The company said a faulty charging unit was the most likely cause of the fire.",
        "Trams on three lines will be replaced by buses for at least two weeks.",
    )
    german = _article(
        12,
        "Brand im Straßenbahndepot von Korvell zerstört 14 Bahnen",
        "Ein Feuer im Straßenbahndepot von Korvell hat am Sonntagabend 14 Straßenbahnen zerstört, teilten die Verkehrsbetriebe mit.",
        "Die Feuerwehr brauchte vier Stunden, um den Brand unter Kontrolle zu bringen; verletzt wurde niemand.",
        "Als wahrscheinlichste Ursache nannte das Unternehmen ein defektes Ladegerät.",
        "Auf drei Linien fahren mindestens zwei Wochen lang Busse statt Straßenbahnen.",
    )
    relation = decide(english, german, Config())
    assert relation.kind == "translation"
    groups = {11: 11, 12: 11}  # a copy counts once
    without = summarise([english, german], groups, Config())
    with_relation = summarise([english, german], groups, Config(), [relation])
    assert [s.text for s in with_relation] == [s.text for s in without]
    aligned_english = {first for first, _, _ in relation.evidence}
    gained = 0
    for before, after in zip(without, with_relation, strict=True):
        index = next(s.index for s in english.sentences if after.text in s.text)
        assert set(before.citations) <= set(after.citations) <= {11, 12}
        assert (12 in after.citations) == (12 in before.citations or index in aligned_english), after.text
        gained += 12 in after.citations and 12 not in before.citations
    assert gained >= 2  # the counterparts below the citation bar (cosine 0.63-0.75 here)
