"""Attribution patterns of news prose (issue 6, PolNeAR-style spans): headline speakers that the parser reads as
common nouns, a second quote introduced by a reporting verb of its own, the objects of reporting verbs, and the
phrases of the occasion that a verb of stance's report leaves out. Every sentence here is invented."""

from __future__ import annotations

from newsloom.extract import extract
from newsloom.model import Article, Quote


def _quotes(text: str) -> list[Quote]:
    article = Article(key="t", source="t", title="", text=text, raw=text, content_hash="t", language="en")
    extract(article)
    return article.quotes


def test_headline_speaker_read_as_a_common_noun_still_speaks() -> None:
    quotes = _quotes("Survey: Harbour Tunnel Loses Support Among Commuters\n\nThe survey was taken in May.")
    quote = next(q for q in quotes if q.text.startswith("Harbour Tunnel"))
    assert quote.speaker == "Survey"


def test_headline_speaker_with_an_addressee_is_the_first_name() -> None:
    text = "Lindqvist to Ferry Workers: The harbour will stay open.\n\nThe mayor spoke on Monday."
    quote = next(q for q in _quotes(text) if q.text.startswith("The harbour will stay open"))
    assert quote.speaker == "Lindqvist"
    assert text[quote.speaker_start : quote.speaker_end] == "Lindqvist"


def test_a_second_quote_with_its_own_reporting_verb_is_not_a_continuation() -> None:
    text = "“The ferry is late again,” Holm said, adding that the timetable is “a complete fiction for everyone.”"
    quotes = _quotes(text)
    first = next(q for q in quotes if q.direct and q.text.startswith("The ferry is late again"))
    assert "timetable" not in first.text


def test_a_remark_split_by_its_cue_is_still_one_quote() -> None:
    quotes = _quotes("“The ferry is late again,” Holm said, “and nobody on the council seems to care.”")
    direct = [q for q in quotes if q.direct]
    assert len(direct) == 1 and direct[0].text.endswith("seems to care.")


def test_the_object_of_a_reporting_verb_is_what_it_reports() -> None:
    quotes = _quotes("After the count, Mayor Petra Lindqvist declared victory in the harbour district.")
    quote = next(q for q in quotes if q.cue == "declare")
    assert quote.text.startswith("victory")


def test_a_thing_found_is_not_a_report() -> None:
    quotes = _quotes("The ferry company found a new captain for the winter season.")
    assert not any(q.cue == "find" for q in quotes)


def test_a_phrase_of_the_occasion_is_left_out_of_a_verb_of_stance_report() -> None:
    quotes = _quotes("Senator Arvid Holm thanked the volunteers at a rally after the vote.")
    quote = next(q for q in quotes if q.cue == "thank")
    assert quote.text == "the volunteers"


def test_a_name_given_by_nobody_in_particular_is_a_sourceless_report() -> None:
    quotes = _quotes("The old ferry still sails past the chain of small islands known as the Outer Ring.")
    quote = next(q for q in quotes if q.cue == "know")
    assert quote.speaker is None and quote.text.endswith("islands known as the Outer Ring")


def test_a_verb_of_preference_reports_its_infinitive() -> None:
    quotes = _quotes("Councillor Ida Brandt would prefer to delay the harbour vote until spring.")
    quote = next(q for q in quotes if q.cue == "prefer")
    assert quote.text.startswith("to delay the harbour vote")


def test_a_verb_of_disclosure_reports_its_object() -> None:
    quotes = _quotes("The ferry company disclosed its losses for the winter season.")
    quote = next(q for q in quotes if q.cue == "disclose")
    assert quote.text.startswith("its losses")


def test_a_one_word_answer_is_the_report() -> None:
    quotes = _quotes("Asked whether the ferry would run in winter, most of the councillors said yes.")
    quote = next(q for q in quotes if q.cue == "say")
    assert quote.text == "yes"


def test_a_cue_in_a_relative_clause_reports_from_its_pronoun() -> None:
    quotes = _quotes("Mayor Petra Lindqvist criticised the ferry timetable, which she called “a complete fiction” on Monday.")
    quote = next(q for q in quotes if q.cue == "call")
    assert quote.text.startswith("which she called") and "fiction" in quote.text


def test_a_relative_pronoun_that_speaks_is_not_the_report() -> None:
    quotes = _quotes("The harbour master, who said the ferry would run all winter, resigned in March.")
    quote = next(q for q in quotes if q.cue == "say")
    assert quote.text.startswith("the ferry would run")


def test_a_verb_of_belittling_reports_its_object() -> None:
    quotes = _quotes("Councillor Ida Brandt downplayed the ferry company's losses for the winter season.")
    quote = next(q for q in quotes if q.cue == "downplay")
    assert quote.text.startswith("the ferry company's losses")


def test_an_agentless_passive_of_stance_is_a_sourceless_report() -> None:
    quotes = _quotes("At the harbour meeting on Friday, the new ferry timetable was loudly booed.")
    quote = next(q for q in quotes if q.cue == "boo")
    assert quote.speaker is None and quote.text.startswith("the new ferry timetable")


def test_a_cue_after_an_adjective_of_likelihood_speaks_for_the_copula_subject() -> None:
    quotes = _quotes("Ferry passengers were far more likely to say the winter timetable had made their trips longer.")
    quote = next(q for q in quotes if q.cue == "say")
    assert quote.text.startswith("the winter timetable") and quote.speaker == "Ferry passengers"


def test_a_gerund_after_a_cue_is_what_it_reports() -> None:
    quotes = _quotes("The harbour board has proposed raising the ferry fares for tourists in the summer.")
    quote = next(q for q in quotes if q.cue == "propose")
    assert quote.text == "raising the ferry fares for tourists in the summer"


def test_a_cue_the_parser_left_without_a_subject_takes_the_last_one_before_it() -> None:
    text = "Large majorities of ferry passengers in six towns going to the harbour on Monday said they support a plan to cut fares."
    quote = next(q for q in _quotes(text) if q.cue == "say")
    assert quote.text == "they support a plan to cut fares" and quote.speaker == "Large majorities"


def test_a_reporting_noun_equated_with_a_clause_reports_it() -> None:
    quote = next(q for q in _quotes("The mayor's main argument is that the new ferry will pay for itself within ten years."))
    assert quote.cue == "argument" and quote.text == "that the new ferry will pay for itself within ten years"
    assert quote.speaker == "The mayor"


def test_the_writers_question_is_not_a_report() -> None:
    assert not [q for q in _quotes("The question is whether the new ferry will pay for itself within ten years.") if q.cue == "question"]


def test_a_naming_cue_whose_complement_holds_the_object_reports_both() -> None:
    text = "The harbour master responded on Monday, calling the council's plan “reckless” and “dangerous.”"
    quote = next(q for q in _quotes(text) if q.cue == "call")
    assert quote.text.startswith("the council's plan") and "dangerous" in quote.text


def test_rebutting_and_embracing_report_their_object() -> None:
    quotes = _quotes("Councillor Brandt rebutted the harbour master's account of the ferry budget on Monday.")
    quote = next(q for q in quotes if q.cue == "rebut")
    assert quote.text.startswith("the harbour master's account")


def test_taking_a_swipe_at_someone_reports_the_target() -> None:
    quotes = _quotes("Councillor Brandt also took a swipe at the harbour master during the meeting.")
    quote = next(q for q in quotes if q.cue == "take")
    assert quote.text == "the harbour master" and quote.speaker == "Councillor Brandt"


def test_a_quote_paragraph_without_a_cue_continues_the_quote_before_it() -> None:
    text = (
        "“The ferry has been late every single morning this month,” Holm said at the harbour meeting.\n"
        "“Nobody on the council seems to care about the commuters at all.”"
    )
    direct = [q for q in _quotes(text) if q.direct]
    assert len(direct) == 1 and direct[0].text.endswith("at all.") and direct[0].speaker == "Holm"


def test_a_report_ending_in_quoted_words_runs_on_into_the_next_quote() -> None:
    text = (
        "Holm shot back in a statement, saying the ferry has “never once been late this winter.”\n\n"
        "“Frankly, the council should be thanking the crew for their hard work.”"
    )
    quotes = _quotes(text)
    assert len(quotes) == 1 and quotes[0].cue == "say" and quotes[0].text.endswith("their hard work.”")


def test_a_title_case_headline_verb_reports_what_follows_it() -> None:
    text = "Harbour Mayor Ines Lindqvist Endorses Tunnel Toll Plan, Calls Vote\n\nThe mayor spoke on Monday."
    quote = next(q for q in _quotes(text) if q.text.startswith("Tunnel Toll Plan"))
    assert quote.text == "Tunnel Toll Plan"  # the report ends at the headline's next clause
    assert quote.cue == "endorse"
    assert text[quote.speaker_start : quote.speaker_end] == "Harbour Mayor Ines Lindqvist"


def test_a_title_case_passive_or_an_answer_is_not_a_headline_report() -> None:
    passive = "Ferry Captain Praised By Harbour Council\n\nThe council met on Monday."
    assert not any(q.text.startswith("By Harbour") for q in _quotes(passive))
    answer = "Harbour Council Responds To Ferry Strike Threat\n\nThe council met on Monday."
    assert not any(q.text.startswith("To Ferry") for q in _quotes(answer))  # what it answers, not what it says
