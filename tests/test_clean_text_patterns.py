"""Text mode on page shapes that line-by-line tests alone get wrong; every page here is invented.

Each test builds a dump the way a plain scraper writes one (menus, the article, a sidebar, a footer, each
visible block on a line of its own) and checks what `clean_text` keeps.
"""

from __future__ import annotations

from newsloom.clean.text import clean_text

MENU = ["Home", "Results", "Calendar", "Drivers", "Teams", "Forum", "Contact"]

SIDEBAR = [
    "Latest column",
    "Our columnist looks back on a season of surprises, rain delays and a title decided on the very last lap.",
    "Power ranking",
    "See how the drivers stand after the latest round, from the leader down to the rookies at the back of the grid.",
    "Podcast",
    "A long talk about everything that has happened in motor sport this month, with listeners' questions at the end.",
]


def _standings_page() -> str:
    rows = [["1", "Ann Lee", "412", "5"], ["2", "Bo Chen", "398", "3"], ["3", "Cy Diaz", "350", "2"]]
    rows += [[str(n), f"Driver {chr(64 + n)}", str(300 - 10 * n), "0"] for n in range(4, 16)]
    cells = ["Pos.", "Driver", "Points", "Wins"] + [cell for row in rows for cell in row]
    lines = [
        *MENU,
        "Championship standings",
        "This page always shows the championship standings after the latest race of the season!",
        "The final standings of the championship this year after twenty races of the season:",
        *cells,
        *SIDEBAR,
        "Privacy policy",
        "About us",
    ]
    return "\n".join(lines)


def test_table_below_a_lead_in_is_the_article() -> None:
    """A table the renderer put one cell a line, led into by a paragraph, is the article: it outweighs a sidebar
    of teaser paragraphs, and its cells are kept in order."""
    result = clean_text(_standings_page())
    assert "1\n\nAnn Lee\n\n412" in result.article_text
    assert "Driver O" in result.article_text
    assert result.article_text.startswith("This page always shows")


def test_menu_of_numbers_without_a_lead_in_is_no_table() -> None:
    """Short lines with numbers and no paragraph leading into them (a pager, a scoreboard box) join no article."""
    body = [
        "The council voted on Tuesday to close the old bridge to cars, after engineers found cracks in two of its piers.",
        "Cyclists and people on foot may still cross it, the mayor said, while the repairs go on over the winter.",
        "The work is expected to cost about two million euros and to take until the spring of next year.",
    ]
    pager = [str(n) for n in range(1, 16)]
    result = clean_text("\n".join([*MENU, "Bridge to close", *body, "Pages", *pager, "Privacy policy"]))
    assert result.article_text == "\n\n".join(body)


def test_long_teaser_that_orders_a_click_is_furniture() -> None:
    """A line that starts with "click" in any of several languages sends the reader elsewhere, however long it is."""
    body = [
        "The council voted on Tuesday to close the old bridge to cars, after engineers found cracks in two of its piers.",
        "Cyclists and people on foot may still cross it, the mayor said, while the repairs go on over the winter.",
    ]
    teasers = [
        "Clique na imagem acima e veja como ficou a classificação dos pilotos depois da última corrida da temporada de 2024.",
        "Click the picture on the left to see every date, place and starting time of all the races and practice sessions of the year.",
    ]
    result = clean_text("\n".join([*MENU, "Bridge to close", *body, *teasers, "Privacy policy"]))
    assert result.article_text == "\n\n".join(body)


BRIDGE = [
    "The council voted on Tuesday to close the old bridge to cars, after engineers found cracks in two of its piers.",
    "Cyclists and people on foot may still cross it, the mayor said, while the repairs go on over the winter.",
    "The work is expected to cost about two million euros and to take until the spring of next year.",
    "Shops on both banks fear they will lose customers, and some have asked the council for help with their rent.",
    "A temporary footbridge was ruled out last year as too costly, though several residents have asked for one again.",
    "Engineers first raised concerns about the piers in a report to the council two years ago, which was not made public.",
    "The opposition has called for an inquiry into why the report took so long to reach the members of the council.",
]


def test_headlines_in_a_row_below_furniture_are_a_box() -> None:
    """Two or more headlines one under the other below "Related articles" or a subheading in capitals are links to
    other stories set into the article."""
    lines = [
        *MENU,
        "Bridge to close",
        *BRIDGE[:3],
        "Related articles",
        "Storm damage: town counts the cost after the worst floods in decades",
        "Ferry fares to rise again as operators blame the price of fuel",
        *BRIDGE[3:5],
        "DON'T MISS",
        "Mayor under fire over new parking rules in the old town [LATEST]",
        "Rail strike: what it means for your journey to work [EXPLAINED]",
        *BRIDGE[5:],
        "Privacy policy",
    ]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join(BRIDGE)


def test_list_items_below_a_paragraph_stay() -> None:
    """Lines of a list the article holds, unbulleted and headline-long, stand below its paragraph: they stay."""
    items = ["Fish of any kind, from the sea or a river", "Eggs of any kind, boiled or fried or poached"]
    lines = [*MENU, "Bridge to close", *BRIDGE[:2], *items, *BRIDGE[2:], "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE[:2], *items, *BRIDGE[2:]])


def test_caption_above_an_agency_credit_is_no_paragraph() -> None:
    """The line right above "Photo: Getty Images" or a lone "Reuters" is the agency's caption of its picture."""
    caption = "A ferry leaves the harbour at dawn as commuters wait on the quay for the first crossing of the day."
    second = "Engineers inspect one of the cracked piers from a boat below the bridge."
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], caption, "Photo: Getty Images", *BRIDGE[3:5], second, "Reuters", *BRIDGE[5:]]
    result = clean_text("\n".join([*lines, "Privacy policy"]))
    assert result.article_text == "\n\n".join(BRIDGE)
    assert {span.text for span in result.spans if span.label == "caption"} >= {caption, second}


def test_paragraph_above_a_photographer_credit_stays() -> None:
    """A photographer's own credit ("Foto: Jane Roe") often stands under a paragraph, above the picture it names."""
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], "Foto: Jane Roe", *BRIDGE[3:], "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join(BRIDGE)


def test_embedded_tweet_is_the_article_text() -> None:
    """A post the article quotes from Twitter, its text ending in its link and its signature below, stays in the
    article, though the signature holds a date and the text ends in what looks like a credit."""
    tweet = [
        "Nobody asked for a new bridge, we asked for the old one to be fixed https://t.co/Ab12Cd34",
        "— Jane Roe (@janeroe) March 3, 2024",
    ]
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], *tweet, *BRIDGE[3:], "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE[:3], *tweet, *BRIDGE[3:]])


def test_last_paragraphs_past_an_ad_line_stay() -> None:
    """The article's last two paragraphs, below a call to action set into it, are too short to outweigh it alone;
    a blurb below a name ("Jane Roe", then her biography) is no part of the article."""
    ending = ["“We will not give up,” one of the shop owners said on Tuesday.", "The council meets again in May to decide."]
    bio = "Jane Roe writes about transport and the city for the paper. She has covered the council since 2015 and lives by the river."
    lines = [*MENU, "Bridge to close", *BRIDGE, "CLICK HERE TO GET OUR APP", *ending, "Share", "Tweet", "Print", "Jane Roe", bio]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE, *ending])
    lines = [*MENU, "Bridge to close", *BRIDGE, "Share", "Print", "Jane Roe", bio, "Contact"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join(BRIDGE)


def test_pitch_at_the_edge_of_the_article_is_furniture() -> None:
    """A long paragraph opening or closing the article that pitches a newsletter (two calls to action or more) is
    the outlet's promotion; one call to action in a paragraph inside the article may be news."""
    pitch = (
        "Start your day with the Morning Brief, the newsletter that readers all over the city trust for the news."
        " Sign up for it today, it is free and comes every morning."
    )
    news = (
        "The council also changed its privacy rules last year, after complaints from residents"
        " about the cameras it had put up on both ends of the bridge."
    )
    lines = [*MENU, "Bridge to close", pitch, *BRIDGE[:3], news, *BRIDGE[3:], pitch, "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE[:3], news, *BRIDGE[3:]])


def test_quoted_words_with_a_call_to_action_stay() -> None:
    """A report quoting someone keeps the sentence, though it holds a call to action's words ("privacy",
    "subscribe"); a pitch that quotes only a title ("the "Morning Brief" newsletter") is no quote of words."""
    quote = "Privacy is not “something you bolt on later,” the mayor said, and the cameras would go."
    pitch = "Subscribe to our weekly “Morning Brief” newsletter for the latest news from the city."
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], quote, *BRIDGE[3:5], pitch, *BRIDGE[5:], "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE[:3], quote, *BRIDGE[3:]])


def test_plea_to_follow_on_a_social_network_is_furniture() -> None:
    """ "Follow ... on Facebook" closing an article is a plea; a sentence on a follow-up at Twitter is news."""
    news = "Follow-up talks between the council and Twitter about the city's account are planned for the spring."
    plea = "Follow the city desk on Facebook, Twitter and Instagram for more news from the council and the courts."
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], news, *BRIDGE[3:], plea, "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join([*BRIDGE[:3], news, *BRIDGE[3:]])


def test_links_to_other_stories_in_several_languages_are_furniture() -> None:
    """ "Lea también: ...", "VEA TAMBIÉN: ..." set into the article link to other stories."""
    links = ["Lea también: El puente viejo cierra al tráfico por las grietas", "VEA TAMBIÉN: Suben otra vez las tarifas del ferry"]
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], links[0], *BRIDGE[3:5], links[1], *BRIDGE[5:], "Privacy policy"]
    assert clean_text("\n".join(lines)).article_text == "\n\n".join(BRIDGE)


def test_caption_with_its_credit_glued_on_is_no_paragraph() -> None:
    """A caption whose credit the renderer glued to its end ("...on Monday.Credit...Jane Roe/The Paper", "... in
    2019.John Doe / AP file") is a caption, not a paragraph or a subheading."""
    captions = [
        "The mayor speaks to reporters at the old bridge on Monday.Credit...Jane Roe/The Harbour Times",
        "Engineers inspect the cracked pier from a boat, in March 2024.John Doe / AP file",
    ]
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], captions[0], *BRIDGE[3:5], captions[1], *BRIDGE[5:], "Privacy policy"]
    result = clean_text("\n".join(lines))
    assert result.article_text == "\n\n".join(BRIDGE)
    assert {span.text for span in result.spans if span.label == "caption"} >= set(captions)


def test_caption_below_its_screen_reader_label_is_no_paragraph() -> None:
    """ "Image caption" over a line, or "Media caption" glued to its start, marks a picture's caption."""
    captions = ["The mayor speaks to reporters at the old bridge on Monday morning", "Media captionWhat the engineers found"]
    lines = [*MENU, "Bridge to close", *BRIDGE[:3], "Image caption", captions[0], *BRIDGE[3:5], captions[1], *BRIDGE[5:]]
    result = clean_text("\n".join([*lines, "Privacy policy"]))
    assert result.article_text == "\n\n".join(BRIDGE)
