"""Cleaning: the seeds' hand labels, and hand-written pages with the usual clutter."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, SEEDS, require_seeds
from newsloom.clean import SiteMemory, clean_html, clean_text
from newsloom.clean.text import parse_dateline


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_body_lines_kept_and_boilerplate_removed(name: str) -> None:
    gold = require_seeds()
    file = next(SEEDS.glob(f"{name}_*.txt"))
    labels = gold["articles"][file.name]["line_labels"]
    lines = file.read_text(encoding="utf-8").split("\n")
    clean = _norm(clean_text("\n".join(lines)).text)
    body = [_norm(lines[i - 1]) for i in labels.get("body", [])]
    joined = " ".join(body)
    boiler = [b for b in (_norm(lines[i - 1]) for i in labels.get("boilerplate", [])) if len(b.split()) >= 2 and b not in joined]
    kept = sum(1 for line in body if line in clean) / len(body)
    removed = sum(1 for line in boiler if line not in clean) / len(boiler) if boiler else 1.0
    assert kept >= 0.98, f"{file.name}: body kept {kept:.2f}"
    assert removed >= 0.90, f"{file.name}: boilerplate removed {removed:.2f}"


def test_seed_titles_and_dateline() -> None:
    gold = require_seeds()
    for file in sorted(SEEDS.glob("0*.txt")):
        result = clean_text(file.read_text(encoding="utf-8"))
        assert _norm(result.title or "") == _norm(gold["articles"][file.name]["title"]), file.name
    dated = clean_text(next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8"))
    assert dated.published is not None and dated.published.isoformat() == gold["articles"][next(SEEDS.glob("004_*.txt")).name]["published"]


def test_text_mode_keeps_body_and_labels_clutter() -> None:
    result = clean_text((FIXTURES / "lakeside_ferry.txt").read_text(encoding="utf-8"))
    assert result.title == "Ferry service on Lake Orvand resumes after three-week repair"
    assert result.text.startswith("The passenger ferry between Kessdorf and Lindmark")
    assert "Commuters had relied" in result.text
    for clutter in ("Advertisement", "Sign up for our newsletter", "All rights reserved"):
        assert clutter not in result.text
        assert any(s.text.strip() == clutter or clutter in s.text for s in result.spans if s.label == "boilerplate")


def test_site_memory_removes_a_line_repeated_across_pages_of_a_site() -> None:
    first = "The council met on {day} evening and agreed, after a long debate, to repair the old bridge by June."
    second = "Work on the bridge will close the eastern approach for four weeks, the town engineer said."
    slogan = "Local news you can rely on, every day."
    pages = [f"Title {day}\n\n{first.format(day=day)}\n\n{slogan}\n\n{second}" for day in ("Monday", "Tuesday", "Friday")]
    memory = SiteMemory(min_pages=3)
    for page in pages:
        memory.observe("gazette", page.split("\n"))
    assert slogan in clean_text(pages[0]).text  # on one page it reads like a short body sentence...
    assert slogan not in clean_text(pages[0], "gazette", memory).text  # ...but the site prints it on every page


def test_html_mode_extracts_article_and_metadata() -> None:
    page = clean_html((FIXTURES / "kessdorf_market.html").read_text(encoding="utf-8"))
    assert page.title == "Kessdorf market hall reopens after fire"
    assert page.outlet == "Orvand Gazette" and page.language == "en" and page.byline == "Ada Brenner"
    assert page.published is not None and page.published.isoformat() == "2024-05-18T10:15:00+02:00"
    assert page.url == "https://orvand-gazette.example/kessdorf-market"
    assert "About 60 traders moved back" in page.text and "Traders return" not in page.text
    removed = " ".join(s.text for s in page.spans if s.label == "boilerplate")
    assert "Enter your email" not in page.text and "Related stories" in removed
    assert any(s.label == "heading" and s.text == "Traders return" for s in page.spans)


ARTICLE = [
    "Council approves new tram line to the harbour",
    "By Ada Brenner",
    "The city council approved a new tram line to the harbour on Tuesday after a debate that lasted most of the evening.",
    "The line will run for 6.4 kilometres from the central station to the ferry terminal, with nine stops on the way.",
    "Construction is due to start next spring and the first trams should run in late 2027, the transport department said.",
    "Opponents argued that buses would serve the harbour district just as well at a fraction of the cost of the project.",
]


def test_comment_thread_after_the_article_is_not_article() -> None:
    comments = ["12 Comments"]
    for n, user in enumerate(["harbourfan", "tramhater", "kessdorf_mum"]):
        comments += [f"{user} says:", f"November {n + 3}, 2024 at 9:1{n} am"]
        comments += [
            f"Comment {n}: this is long overdue and I for one will happily take the tram to the ferry every single day of the week."
        ]
    result = clean_text("\n".join(ARTICLE + comments))
    assert "Opponents argued" in result.text
    assert "overdue" not in result.text and "says:" not in result.text


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = [
        *ARTICLE[:2],
        "The city council approved a new tram line to the harbour on Tuesday after a",
        "debate that lasted most of the evening.",
        *ARTICLE[3:],
    ]
    result = clean_text("\n".join(wrapped))
    assert "on Tuesday after a debate that lasted" in result.text


def test_related_stories_teasers_lose_to_the_article() -> None:
    teasers = []
    for n in range(6):
        teasers += [
            f"Related headline number {n} about the harbour",
            f"A teaser sentence that sums up related story number {n} about the harbour district and its many ferries.",
        ]
    result = clean_text("\n".join([*ARTICLE, "Read next", *teasers]))
    assert "Opponents argued" in result.text and "teaser sentence" not in result.text


def test_blog_voice_is_not_cut_as_an_appeal() -> None:
    post = [
        "How I learned to love the morning ferry",
        "You might think a ferry commute is a chore, but I have come to love the forty minutes on the water every morning.",
        "If you have ever watched the fog lift over the lake with a coffee in your hand, you know what I mean by that.",
        "We moved to Lindmark three years ago and I have taken the 7:10 boat almost every working day since we arrived.",
        "Here is what I have learned about making the most of it, whether you commute by boat or by any other slow means.",
    ]
    assert clean_text("\n".join(post)).text.count("\n\n") == 3


def test_datelines_parse_with_zone_and_sentences_with_dates_do_not() -> None:
    assert parse_dateline("Monday, 06 December 2021 12:50 PM EST").isoformat() == "2021-12-06T12:50:00-05:00"  # type: ignore[union-attr]
    assert parse_dateline("Dienstag, 14. März 2023, 09:40 Uhr").isoformat() == "2023-03-14T09:40:00"  # type: ignore[union-attr]
    assert parse_dateline("Since July 1, 2024, we have disabled all ads to improve your reading experience.") is None


PARAGRAPHS = [
    "The harbour authority of Corvane said on Tuesday that the northern breakwater will be rebuilt over two summers, "
    "at a cost of 14 million crowns, after winter storms opened a gap of thirty metres in it.",
    "Engineers found that the old stone core had shifted by almost a metre, the authority's chief engineer, Ilse Marrow, "
    "told reporters at the harbour office, and that patching it again would only buy a year or two.",
    "Fishing boats will use the southern basin while the work goes on, which the fishermen's association said was "
    "cramped but workable, as long as the ferry keeps to its winter timetable.",
    "The first contracts will be signed in March, and the authority expects the quarry at Hollin Head to deliver "
    "about 60,000 tonnes of granite for the new core and the armour stones around it.",
]


def test_text_mode_joins_an_article_cut_in_two_by_a_box_of_related_stories() -> None:
    related = [f"Related: Corvane {topic}" for topic in ("council budget", "ferry timetable", "school year", "market day")]
    related += [f"{day} March 2023" for day in ("1", "2", "3", "4")]
    page = "\n".join(["Menu", "Home", "Harbour", "Breakwater to be rebuilt", *PARAGRAPHS[:2], *related, *PARAGRAPHS[2:], "Contact us"])
    result = clean_text(page)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.article_text
    assert "Related: Corvane" not in result.article_text
    assert any(s.reason == "between parts of the article" for s in result.spans)


def test_text_mode_keeps_list_items_inside_the_article_and_finds_a_byline_in_the_block() -> None:
    items = [
        "- 14 million crowns over two summers",
        "- 60,000 tonnes of granite from Hollin Head",
        "- the southern basin for fishing boats",
    ]
    page = "\n".join(
        ["Breakwater to be rebuilt", "By Tomas Reyl, Corvane Post", PARAGRAPHS[0], "The plan in short:", *items, *PARAGRAPHS[1:]]
    )
    result = clean_text(page)
    for item in items:
        assert item in result.article_text
    assert result.byline == "By Tomas Reyl, Corvane Post"
    assert "Tomas Reyl" not in result.article_text


def test_dateline_zone_names_follow_daylight_saving_time() -> None:
    winter = parse_dateline("Updated 10:43 AM ET, Tue November 19, 2019")
    summer = parse_dateline("Updated 10:43 AM ET, Fri July 19, 2019")
    assert winter is not None and winter.utcoffset() is not None and winter.utcoffset().total_seconds() == -5 * 3600  # type: ignore[union-attr]
    assert summer is not None and summer.utcoffset() is not None and summer.utcoffset().total_seconds() == -4 * 3600  # type: ignore[union-attr]


def test_an_appeal_box_in_a_news_report_goes_but_the_same_voice_throughout_a_how_to_stays() -> None:
    appeal = "We need your help: if you value our reporting, please support us with a small monthly gift so we can keep going."
    report = clean_text("\n".join(["Breakwater to be rebuilt", *PARAGRAPHS, appeal]))
    assert appeal not in report.article_text
    assert all(paragraph in report.article_text for paragraph in PARAGRAPHS)
    how_to = [
        "You will need a sharp knife, a board and about twenty minutes before you start on the fish for the stew tonight.",
        "We always begin with the onions, because you want them soft and sweet before anything else goes into the pot.",
        "Your stock should be hot when you add it, otherwise the pot stops simmering and we lose the gentle boil we want.",
        "Add the fish last and let it poach for six minutes; you will see the flesh turn white and flake at the edges.",
    ]
    post = clean_text("\n".join(["Harbour fish stew, step by step", *how_to]))
    assert all(step in post.article_text for step in how_to)


def test_a_report_that_ends_by_turning_to_the_reader_keeps_that_paragraph_but_not_the_plea_after_it() -> None:
    """The last paragraph says "you" only, as a report's advice does; the box after it speaks for the outlet ("we")
    without a call-to-action word, and still goes."""
    advice = "If you plan to walk along the breakwater this winter, you should check the tide tables first, as your route may flood."
    plea = "We have a small favour to ask of you: our newsroom relies on readers like you, and we would be grateful for your help."
    report = clean_text("\n".join(["Breakwater to be rebuilt", *PARAGRAPHS, advice, plea, "Home"]))
    assert all(paragraph in report.article_text for paragraph in [*PARAGRAPHS, advice])
    assert plea not in report.article_text
    opening = clean_text("\n".join(["Breakwater to be rebuilt", advice, *PARAGRAPHS]))
    assert advice not in opening.article_text  # above the report, the same words start no article


def test_paragraphs_between_two_boxes_of_picture_credits_in_the_middle_of_a_report_are_kept() -> None:
    """The first part's total carries through the middle paragraphs without a new peak, so they are no run of
    their own until the tail after the peak is scanned again; between two parts of the article they join it."""
    first = [
        "The ferry operator of Lenhaven said on Monday that it will retire its two oldest boats next spring, after "
        "inspectors found corrosion in the hull of one of them during the autumn checks.",
        "The boats, both built in 1979, carry most of the island's commuters on the morning crossings to the mainland.",
        "A spokesman for the operator said that no crossing had been unsafe and that the inspections were routine.",
    ]
    middle = [
        "Passengers on the early crossing said they had noticed rust on the rails for years but thought little of it.",
        "One commuter said the news came as a relief, since the winter crossings had felt rougher every year.",
    ]
    last = [
        "The operator has ordered one new boat from a yard in the north, due to arrive before the summer timetable starts.",
        "Until then, a chartered boat from a neighbouring island will run the extra morning crossing on weekdays only.",
        "The island council said it would ask the regional government to help pay for a second new boat next year.",
        "Tickets bought for crossings after the change will stay valid on the chartered boat, the operator added.",
    ]
    credits = ["Image copyright", "Lenhaven Photo Agency", "Image caption"]
    page = ["Lenhaven ferries to be retired", *first, *credits[:2], *middle, *credits, "Image copyright", *last, "Home"]
    article = clean_text("\n".join(page)).article_text
    assert all(paragraph in article for paragraph in [*first, *middle, *last])
    assert "Image caption" not in article


def test_a_dump_wrapped_at_a_fixed_width_is_joined_even_where_a_line_goes_on_with_a_name() -> None:
    import textwrap

    wrapped = [textwrap.fill(paragraph, 68) for paragraph in PARAGRAPHS]
    wrapped[1] = wrapped[1].replace("chief engineer, Ilse Marrow,", "chief engineer, Ilse\nMarrow,")
    result = clean_text("\n\n".join(["Breakwater to be rebuilt", *wrapped]))
    assert result.text.split("\n\n") == [" ".join(p.split()) for p in PARAGRAPHS]


def test_a_section_trail_between_headline_and_body_is_not_the_title() -> None:
    page = "\n".join(
        ["Breakwater to be rebuilt", "By Tomas Reyl | 6 March 2023", "News | Harbour | Works", "Share this article", *PARAGRAPHS]
    )
    assert clean_text(page).title == "Breakwater to be rebuilt"


def test_a_trail_of_two_short_sections_is_not_the_title_and_the_date_on_the_byline_is_the_published_day() -> None:
    page = "\n".join(
        ["Harbour authority to rebuild the north breakwater", "By Tomas Reyl | 6 March 2023", "News | Harbour",
         "Share this article", *PARAGRAPHS]
    )  # fmt: skip
    result = clean_text(page)
    assert result.title == "Harbour authority to rebuild the north breakwater"
    assert any(s.text == "News | Harbour" and s.label == "boilerplate" for s in result.spans)
    assert result.published is not None and result.published.date().isoformat() == "2023-03-06"
    undated = clean_text("\n".join(["Breakwater to be rebuilt", "By Tomas Reyl", *PARAGRAPHS]))
    assert undated.byline == "By Tomas Reyl" and undated.published is None


def test_chinese_paragraphs_count_their_words_though_written_without_spaces() -> None:
    paragraphs = [
        "科尔万港务局周二表示，北防波堤将在两个夏季内重建，费用为一千四百万克朗，因为冬季风暴在防波堤上冲开了一个三十米宽的缺口。",
        "港务局总工程师伊尔瑟·马罗告诉记者，旧石芯已经移动了将近一米，再次修补只能维持一两年。",
        "施工期间，渔船将使用南港池，渔民协会说那里虽然拥挤，但只要渡轮保持冬季时刻表，还可以使用。",
    ]
    page = "\n".join(["首页", "新闻", "港口", "科尔万港防波堤将重建", *paragraphs, "联系我们", "关于我们"])
    result = clean_text(page)
    assert result.text.split("\n\n") == paragraphs
    assert result.title == "科尔万港防波堤将重建"


def test_a_headline_with_a_quote_closed_without_a_stop_is_not_a_sentence() -> None:
    page = ["Home", "Ferries: Lenhaven council says ‘The boats are safe’", *ARTICLE[2:]]
    result = clean_text("\n".join(page))
    assert result.title == "Ferries: Lenhaven council says ‘The boats are safe’"
    assert "The boats are safe" not in result.article_text


def test_a_long_line_ending_in_a_colon_leads_into_a_list_of_the_article() -> None:
    lead_in = "The council listed the changes that passengers of the morning ferries will notice from next spring:"
    items = ["A second boat on the early crossing", "Tickets valid on both boats", "A new waiting room at the quay"]
    result = clean_text("\n".join([*ARTICLE, lead_in, *items, "Home"]))
    assert lead_in in result.text


def test_links_set_into_the_article_are_not_article_text() -> None:
    shouted = "MORE FERRY NEWS: LENHAVEN COUNCIL VOTES ON THE NEW HARBOUR TIMETABLE"
    related = "Related: Lenhaven council votes on the harbour timetable"
    box = ["Most read in local news", "Council row", "Mayor quits over ferry fares", "Storm", "Quay flooded again", "Fares"]
    page = ["Breakwater to be rebuilt", *PARAGRAPHS[:3], shouted, related, *box, *PARAGRAPHS[3:], *ARTICLE[2:], "Home"]
    article = clean_text("\n".join(page)).article_text
    assert all(paragraph in article for paragraph in [*PARAGRAPHS, *ARTICLE[2:]])
    assert shouted not in article and related not in article
    assert not any(line in article for line in box[1:])


def test_captions_that_end_the_article_and_come_again_in_a_gallery_below_it_are_not_article_text() -> None:
    caption = "Ferry crews of Lenhaven check the boats at the quay before the first crossing of the day, on Monday morning."
    page = [*ARTICLE, caption, "Image 1 of 3", "Gallery", caption, "Back to gallery"]
    article = clean_text("\n".join(page)).article_text
    assert ARTICLE[5] in article and caption not in article


def test_a_list_that_the_last_paragraph_leads_into_goes_on_the_article() -> None:
    # each item is short and shaped like the others, with a link line of its own: furniture one by one, but the
    # paragraph ending in a colon promises them
    lead = "The authority published the winter works, with the cost of each part and where to read the contract:"
    items = [line for n, part in enumerate(["Core of granite", "Armour stones", "New lighthouse"], 1)
             for line in (f"{n}) {part}", f"https://corvane.example/c{n}")]  # fmt: skip
    page = "\n".join(["Breakwater to be rebuilt", *PARAGRAPHS, lead, *items, "About us", "Contact", "Privacy policy"])
    result = clean_text(page)
    assert result.article_text.split("\n\n")[-7:] == [lead, *items]
    assert "Privacy policy" not in result.article_text
    unled = clean_text(page.replace(lead, lead.replace(":", ".")))
    assert "Core of granite" not in unled.article_text


def test_the_authors_box_at_the_end_is_not_article_text_in_any_language() -> None:
    bio = "Als Ingenieurin leitet Ilse Marrow seit 2015 die Hafenbauten von Corvane und schreibt über Küstenschutz."
    page = ["Ilse Marrow", "27/09/2018", "Breakwater to be rebuilt", *PARAGRAPHS, "Über Ilse Marrow", bio, "Impressum"]
    result = clean_text("\n".join(page))
    assert result.article_text.split("\n\n") == PARAGRAPHS
    assert any(s.text == bio and s.reason.startswith("the author's box") for s in result.spans)
    # a name in the headline is what the article is about: its heading at the end stays
    about = ["Ilse Marrow", "27/09/2018", "Ilse Marrow rebuilds the breakwater", *PARAGRAPHS, "Über Ilse Marrow", bio]
    assert bio in clean_text("\n".join(about)).article_text


def test_a_long_caption_that_ends_in_its_credit_is_not_article_text() -> None:
    caption = (
        "A cross-section of the new breakwater showing the granite core, the armour stones and the walkway on top, "
        "with the old stone core that shifted by almost a metre during the winter storms drawn in grey beside it. "
        "Credit: Corvane Harbour Authority"
    )
    page = ["Breakwater to be rebuilt", *PARAGRAPHS[:2], caption, *PARAGRAPHS[2:]]
    result = clean_text("\n".join(page))
    assert result.article_text.split("\n\n") == PARAGRAPHS
    assert any(s.text == caption and s.label == "caption" for s in result.spans)
    credited = PARAGRAPHS[0].replace("on Tuesday", "on Tuesday (photo: the harbour, seen from the north)")
    assert credited in clean_text("\n".join(["Breakwater to be rebuilt", credited, *PARAGRAPHS[1:]])).text


def test_key_points_that_repeat_the_article_below_are_not_its_text() -> None:
    points = [
        "The harbour authority of Corvane will rebuild the northern breakwater over two summers at a cost of 14 million crowns.",
        "The first contracts will be signed in March, and the quarry at Hollin Head is to deliver the granite.",
    ]  # fmt: skip
    page = ["Breakwater to be rebuilt", "Key Points", *points, *PARAGRAPHS, "About us"]
    result = clean_text("\n".join(page))
    assert result.article_text.split("\n\n") == PARAGRAPHS
    assert [s.text for s in result.spans if s.label == "keypoints"] == points
    standfirst = clean_text("\n".join(["Breakwater to be rebuilt", points[0], *PARAGRAPHS]))
    assert standfirst.article_text.startswith(points[0])  # one such paragraph is a standfirst: it stays


def test_paragraphs_that_lost_their_full_stops_are_still_the_article_and_the_headline_stays_the_title() -> None:
    paragraphs = [
        "The harbour authority of Corvane will rebuild the northern breakwater over the next two summers after the winter "
        "storms opened a wide gap in it",
        "Engineers found that the old stone core had shifted by almost a metre and that patching it once more would only "
        "buy the town a year or two",
        "Fishing boats will use the southern basin while the work goes on and the ferry keeps to its winter timetable "
        "until the new core is in place",
    ]  # fmt: skip
    menu = " ".join(["Home", "News", "Sport", "Weather", "Travel", "Business", "Culture", "Opinion", "Video", "Audio"] * 2)
    result = clean_text("\n".join(["Home", "Breakwater To Be Rebuilt After Storms", "6 March 2023", *paragraphs, menu]))
    assert result.article_text.split("\n\n") == paragraphs
    assert result.title == "Breakwater To Be Rebuilt After Storms"


def test_on_a_wrapped_dump_a_headline_in_capitalised_words_is_not_joined_onto_the_article() -> None:
    import textwrap

    headline = "Harbour Authority Of Corvane To Rebuild The Northern Breakwater"
    wrapped = [textwrap.fill(paragraph, 68) for paragraph in PARAGRAPHS]
    result = clean_text("\n".join(["Home", f"HomeHarbour News{headline}", headline, "The Ledger", "6 March 2023", *wrapped]))
    assert result.article_text.split("\n\n") == [" ".join(p.split()) for p in PARAGRAPHS]
    assert headline not in result.article_text


def test_a_notice_printed_above_and_below_the_article_is_not_a_part_of_it() -> None:
    notice = (
        "Fares shown are those of the day of booking and may change before travel; timetables are supplied by the "
        "operators and are checked once a week by the editors of this page."
    )
    furniture = ["© 2023 The Ledger. All rights reserved.", "Harbour", "Published 1 day ago", "Print", "By Tomas Reyl"]
    page = ["Breakwater to be rebuilt", notice, *furniture, *PARAGRAPHS, "Home", notice]
    result = clean_text("\n".join(page))
    assert result.article_text.split("\n\n") == PARAGRAPHS
    twice_above = clean_text("\n".join(["Breakwater to be rebuilt", notice, *furniture, notice, *PARAGRAPHS, "Home"]))
    assert twice_above.article_text.split("\n\n")[-4:] == PARAGRAPHS and notice in twice_above.article_text
