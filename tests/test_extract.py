"""Extraction on hand-written sentences: quotes and speakers, numbers, clock times, entities."""

from __future__ import annotations

from datetime import date

from newsloom.extract import extract, to_utc
from newsloom.extract.entities import resolve_entities
from newsloom.identify import split_sentences
from newsloom.model import Article, Mention

PARAGRAPHS = [
    "Mayor Lena Hartwig opened the rebuilt market hall on Friday, saying the town had waited too long.",
    '"This hall is the heart of Kessdorf and it beats again," Hartwig said at the ceremony.',
    "Tomas Ekberg, who sells cheese, was among the first traders back.",
    "“We sold vegetables from a car park for almost a year,” he told the Orvand Gazette.",
    "Ingrid Sollberg, head of the traders' association, said rents would stay frozen until 2026.",
    '"Nobody will pay more than before the fire. That was our promise."',
    "About 60 traders and more than 1,200 visitors came; the rebuild cost 4.2 million euros.",
    "The hall opens at 7 a.m. local time, and a concert starts at 3 p.m. London time.",
]


def _english(text: str) -> Article:
    article = Article(key="t", source="t", title="", text=text, raw=text, content_hash="t", language="en")
    article.sentences = split_sentences(text, "en")
    extract(article)
    return article


def _reported(text: str) -> dict[str, str | None]:
    """The reported (indirect) speech of an English text: what was said -> who said it."""
    return {q.text: q.speaker for q in _english(text).quotes if not q.direct}


def test_direct_quotes_with_named_pronoun_and_continued_speakers() -> None:
    article = _english("\n\n".join(PARAGRAPHS))
    direct = {q.text[:20]: q.speaker for q in article.quotes if q.direct}
    assert direct["This hall is the hea"] == "Lena Hartwig"
    assert direct["We sold vegetables f"] == "Tomas Ekberg"
    assert direct["Nobody will pay more"] == "Ingrid Sollberg"


def test_indirect_speech_has_speaker_and_content() -> None:
    article = _english("\n\n".join(PARAGRAPHS))
    indirect = [q for q in article.quotes if not q.direct]
    assert any(q.speaker == "Ingrid Sollberg" and "rents would stay frozen" in q.text for q in indirect)


def test_speaker_span_is_the_mention_in_the_text() -> None:
    text = "\n\n".join(PARAGRAPHS)
    article = _english(text)
    quote = next(q for q in article.quotes if q.text.startswith("We sold vegetables"))
    assert quote.speaker == "Tomas Ekberg"
    assert quote.speaker_start is not None and text[quote.speaker_start : quote.speaker_end] == "he"


INDIRECT = [
    "The ferry service will resume on Monday, the harbour master said.",
    "Councillor Ada Brenn criticised the decision to close the northern pier.",
    "Fares will rise by a tenth next year, according to the operator's annual report.",
    "Pilot Jonas Mere refused to sail in the storm, saying the crossing was too dangerous.",
]


def test_reported_speech_before_the_cue_according_to_objects_and_inherited_speakers() -> None:
    text = "\n\n".join(INDIRECT)
    reported = {q.text: text[q.speaker_start : q.speaker_end] for q in _english(text).quotes if q.speaker_start is not None}
    assert reported["The ferry service will resume on Monday"] == "the harbour master"
    assert reported["the decision to close the northern pier"] == "Councillor Ada Brenn"
    assert reported["Fares will rise by a tenth next year"] == "the operator's annual report"
    assert reported["the crossing was too dangerous"] == "Pilot Jonas Mere"


def test_numbers_with_what_they_count() -> None:
    article = _english("\n\n".join(PARAGRAPHS))
    numbers = {(n.value, n.unit) for n in article.numbers}
    assert {(60.0, "trader"), (1200.0, "visitor"), (2026.0, "year")} <= numbers
    assert any(n.value == 1200.0 and n.approximate for n in article.numbers)


def test_german_numbers_by_rule() -> None:
    text = "Bis zu 175.000 Soldaten stehen an der Grenze, rund 2,5 Millionen Menschen sind betroffen."
    article = Article(key="d", source="d", title="", text=text, raw=text, content_hash="d", language="de")
    article.sentences = split_sentences(text, "de")
    extract(article)
    assert {(n.value, n.unit) for n in article.numbers} >= {(175000.0, "soldaten"), (2_500_000.0, "menschen")}


def test_fractions_are_shares_of_what_follows_or_of_what_was_counted_before() -> None:
    text = (
        "The navy moved 4,000 sailors, supply ships and helicopters to the strait in early 2025. "
        "Officials said about half of those crews were already at sea. "
        "A third of voters stayed home, and two-thirds of the budget went on roads. "
        "Sales fell in the second half of the year, and the council cut the deficit in half."
    )
    shares = {(round(n.value, 2), n.unit, n.approximate) for n in _english(text).numbers if n.value < 1}
    assert shares == {(0.5, "share of sailor", True), (0.33, "share of voter", False), (0.67, "share of budget", False)}


def test_clock_times_and_zones_to_utc() -> None:
    article = _english("\n\n".join(PARAGRAPHS))
    times = {t.surface: (t.local, t.zone) for t in article.times}
    assert times["7 a.m."] == ("07:00", None)
    assert times["3 p.m."] == ("15:00", "Europe/London")
    assert to_utc("10:00", "America/New_York", date(2021, 12, 7)) == "15:00"
    assert to_utc("10:00", "America/New_York", date(2021, 7, 7)) == "14:00"  # daylight saving
    assert to_utc("12:00", "Europe/London", None) is None


def test_entities_resolve_surnames_and_spelling_variants() -> None:
    first = Article(key="a", source="a", title="", text="", raw="", content_hash="a", id=1)
    second = Article(key="b", source="b", title="", text="", raw="", content_hash="b", id=2)
    first.mentions = [Mention("Timothy Ash", "PERSON", 0, 1), Mention("Ash", "PERSON", 0, 1), Mention("Kiev", "GPE", 0, 1)]
    second.mentions = [Mention("Timothy Ashe", "PERSON", 0, 1), Mention("Kyiv", "GPE", 0, 1), Mention("Jens Stoltenberg", "PERSON", 0, 1)]
    entities = {e.name: e for e in resolve_entities([first, second])}
    ash = next(e for e in entities.values() if "Timothy Ash" in e.variants)
    assert set(ash.variants) == {"Timothy Ash", "Timothy Ashe", "Ash"} and ash.articles == [1, 2]
    assert any({"Kiev", "Kyiv"} <= set(e.variants) for e in entities.values())
    assert "Jens Stoltenberg" in entities


SPLIT_AND_LABELLED = [
    "“The new pier will not open before spring,” harbour master Ines Varga said. “We found cracks in two pylons.”",
    "''Nobody wants another winter of delays,'' Councillor Ada Brenn told reporters on Monday.",
    "VARGA: We will publish the engineers' report in full next week.",
    "Photo: the northern pier seen from the ferry terminal",
]


def test_split_quote_is_one_remark_and_double_apostrophes_quote() -> None:
    text = "\n\n".join(SPLIT_AND_LABELLED)
    quotes = _english(text).quotes
    pier = next(q for q in quotes if q.text.startswith("The new pier"))
    assert pier.speaker == "Ines Varga" and pier.text.endswith("We found cracks in two pylons.")
    assert text[pier.end - 1] == "”" and not any(q.text.startswith("We found cracks") for q in quotes)
    assert any(q.direct and q.speaker == "Councillor Ada Brenn" and q.text.startswith("Nobody wants another winter") for q in quotes)


def test_speaker_label_line_is_a_quote_and_a_page_label_is_not() -> None:
    text = "\n\n".join(SPLIT_AND_LABELLED)
    quotes = _english(text).quotes
    labelled = next(q for q in quotes if q.text.startswith("We will publish"))
    assert labelled.speaker == "VARGA" and text[labelled.speaker_start : labelled.speaker_end] == "VARGA"
    assert not any("northern pier seen" in q.text for q in quotes)


STANCES = [
    "Most residents voted for the harbour bypass in the spring referendum.",
    "The fishermen's union talked about the rising cost of diesel.",
    "Mayor Lena Hartwig blasted the ferry operator's new timetable.",
]


def test_verbs_of_stance_report_their_object_or_prepositional_object() -> None:
    text = "\n\n".join(STANCES)
    reported = {q.text: text[q.speaker_start : q.speaker_end] for q in _english(text).quotes if q.speaker_start is not None}
    assert reported["the harbour bypass"] == "Most residents"
    assert reported["the rising cost of diesel"] == "The fishermen's union"
    assert reported["the ferry operator's new timetable"] == "Mayor Lena Hartwig"


ATTITUDES = [
    "Councillor Ada Brenn is confident that the bypass will open on time.",
    "Ingrid Sollberg voiced concern about the rising harbour fees.",
    "The new timetable, the ferry operator said, will apply from the first of May.",
    "The plan was drafted by Tomas Ekberg, who said the northern pier would close for a month.",
    'Harbour master Ines Varga said the repair "was never properly costed" by the council.',
]


def test_adjectives_and_nouns_of_attitude_interrupting_cues_and_relative_speakers() -> None:
    text = "\n\n".join(ATTITUDES)
    quotes = _english(text).quotes
    reported = {q.text: (q.speaker, text[q.speaker_start : q.speaker_end]) for q in quotes if q.speaker_start is not None}
    assert reported["that the bypass will open on time"] == ("Councillor Ada Brenn", "Councillor Ada Brenn")
    assert reported["the rising harbour fees"] == ("Ingrid Sollberg", "Ingrid Sollberg")
    interrupted = next(q for q in quotes if q.text.startswith("The new timetable"))
    assert interrupted.text == "The new timetable will apply from the first of May" and interrupted.speaker == "the ferry operator"
    assert reported["the northern pier would close for a month"] == ("Tomas Ekberg", "who")


def test_quoted_fragment_belongs_to_its_reported_clause() -> None:
    text = "\n\n".join(ATTITUDES)
    quotes = _english(text).quotes
    assert not any(q.direct and q.text.startswith("was never properly costed") for q in quotes)
    assert any(not q.direct and "was never properly costed" in q.text and "Ines Varga" in (q.speaker or "") for q in quotes)


def test_noun_of_a_copula_and_a_participle_cue_take_their_source() -> None:
    text = "Councillor Ada Brenn is a fierce critic of the harbour bypass.\n\nThe union issued a statement saying the strike would go on."
    quotes = _english(text).quotes
    reported = {q.text: text[q.speaker_start : q.speaker_end] for q in quotes if q.speaker_start is not None}
    assert reported["the harbour bypass"] == "Councillor Ada Brenn"
    assert reported["the strike would go on"] == "a statement"


def test_quote_runs_passive_stance_as_clauses_and_quoted_titles() -> None:
    text = "\n".join(
        [
            'Mayor Lena Hovik arrived at the depot on Friday. "We will repair every bridge in the valley." '
            '"We will not wait for the next flood to do it," Hovik said.',
            "The new toll was criticized by the drivers' union of the northern region.",
            "As the regional paper reported last week, the depot will close for good in the spring.",
            'The band played "Songs From The Old Mill Road" for the visitors at the fair.',
        ]
    )
    quotes = {q.text: text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None for q in _english(text).quotes}
    run = next(t for t in quotes if t.startswith("We will repair"))
    assert run.endswith("to do it,") and quotes[run] == "Hovik"  # two quotes in a row, one remark
    assert quotes["The new toll"] == "the drivers' union of the northern region"
    assert quotes["the depot will close for good in the spring"] == "the regional paper"
    assert not any(t.startswith("Songs From") for t in quotes)


def test_quote_running_over_paragraphs_is_one_remark() -> None:
    text = (
        "Governor Petra Lind spoke to the miners at the pit gate on Monday.\n\n"
        '"We built this valley with our hands. Nobody will take the pits from us without a fight.\n\n'
        '"And when the new shafts open, you will be the first to work in them," Lind said.\n\n'
        "The miners cheered."
    )
    quotes = [q for q in _english(text).quotes if q.direct]
    assert len(quotes) == 1 and quotes[0].speaker == "Petra Lind"
    assert quotes[0].text.startswith("We built this valley") and quotes[0].text.endswith("to work in them,")


def test_a_line_break_ends_the_sentence_before_a_cue() -> None:
    text = (
        "“Every word I said there is true. No one has disputed a word I said.”\n\n"
        "Despite challenging the honesty of the majority leader, Senator Arlo Quist said if elected president he could "
        "work effectively with the party leadership."
    )
    quotes = _reported(text)
    assert quotes.get("if elected president he could work effectively with the party leadership") == "Senator Arlo Quist"


def test_appearance_and_hearsay_are_attributions_with_no_speaker() -> None:
    text = (
        "It appears, though, that the harbour vote was never close.\n\n"
        "The ferry company seemed unperturbed by the result.\n\n"
        "The mayor was reportedly on the last ferry with her family, but she returned two days later.\n\n"
        "The mayor appeared on the evening news."
    )
    quotes = _reported(text)
    assert quotes["that the harbour vote was never close"] is None
    assert quotes["The ferry company seemed unperturbed by the result"] is None
    assert quotes["The mayor was reportedly on the last ferry with her family"] is None
    assert not any(t.startswith("The mayor appeared") for t in quotes)


def test_mislemmatised_cue_verbs_still_report() -> None:
    text = "Councillor Ada Brenn is hoping to reopen the harbour bypass before the winter storms arrive."
    quotes = _reported(text)
    assert quotes.get("to reopen the harbour bypass before the winter storms arrive") == "Councillor Ada Brenn"


def test_a_preposition_read_as_a_clause_marker_still_reports() -> None:
    text = "Senator Arlo Quist is calling for the harbour authority to close the northern pier before the storms."
    quotes = _reported(text)
    assert quotes.get("the harbour authority to close the northern pier before the storms") == "Senator Arlo Quist"


def test_cues_that_rarely_report() -> None:
    text = (
        "The harbour movement continues to battle against the council over the bypass.\n\n"
        "Councillor Ada Brenn is known for her tough stance on the harbour bypass."
    )
    assert not [q for q in _english(text).quotes if not q.direct]


def test_object_without_its_aside_and_a_clause_split_by_the_parser() -> None:
    text = (
        "Mayor Lena Hovik praised Ingrid Sollberg, who announced she is leaving the traders' association.\n\n"
        "Councillor Ada Brenn said the traders released by the court were in some cases close to paying their debts."
    )
    quotes = _reported(text)
    assert quotes.get("Ingrid Sollberg") == "Mayor Lena Hovik"
    assert quotes.get("the traders released by the court were in some cases close to paying their debts") == "Councillor Ada Brenn"
