"""Attributions the reporting verb's subject does not make: agentless passive cues, whose report belongs to nobody
in particular; nouns of stance inside a preposition, owned by the verb's subject; and what any verb is "about"."""

from __future__ import annotations

from newsloom.extract import extract
from newsloom.model import Article, Quote


def _quotes(text: str) -> list[Quote]:
    article = Article(key="t", source="t", title="", text=text, raw=text, content_hash="t", language="en")
    extract(article)
    return [q for q in article.quotes if not q.direct]


def test_agentless_passive_cue_attributes_its_subject_and_infinitive_to_nobody() -> None:
    quotes = _quotes("The new ferry, which is expected to carry four hundred cars, was launched in Ostrava.")
    quote = next(q for q in quotes if q.cue == "expect")
    assert quote.speaker is None and quote.speaker_start is None
    assert quote.text.startswith("which") and quote.text.endswith("four hundred cars")


def test_it_is_believed_reports_only_the_clause() -> None:
    quotes = _quotes("It is widely believed that the harbour tunnel will close in the spring.")
    assert [q.text for q in quotes if q.cue == "believe"] == ["that the harbour tunnel will close in the spring"]


def test_passive_with_an_agent_still_names_the_agent() -> None:
    quotes = _quotes("The tunnel plan was criticised by Mayor Petra Lindqvist at the council meeting.")
    assert any((q.speaker or "").endswith("Petra Lindqvist") for q in quotes)


def test_noun_of_stance_in_a_preposition_belongs_to_the_verb_subject() -> None:
    quotes = _quotes("Senator Arvid Holm came out in support of the harbour tunnel on Monday.")
    quote = next(q for q in quotes if q.cue == "support")
    assert (quote.speaker or "").endswith("Arvid Holm")
    assert quote.text.startswith("the harbour tunnel")


def test_what_a_verb_is_about_is_reported_by_its_subject() -> None:
    quotes = _quotes("Councillor Mira Svensson lied about the cost of the harbour tunnel.")
    assert {q.text: q.speaker or "" for q in quotes}.get("the cost of the harbour tunnel", "").endswith("Mira Svensson")


def test_being_interviewed_about_a_topic_is_not_the_subject_speaking() -> None:
    quotes = _quotes("The station interviewed Mira Svensson about the harbour tunnel.")
    assert not any(q.text == "the harbour tunnel" for q in quotes)


def test_adjective_of_resolve_reports_its_preposition() -> None:
    quotes = _quotes("The mayor is intent on reopening the harbour tunnel before the summer.")
    assert {q.text: q.speaker for q in quotes}.get("reopening the harbour tunnel before the summer") == "The mayor"
