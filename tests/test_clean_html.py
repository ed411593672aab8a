"""HTML mode: the page rendering, the article trafilatura finds in a page, and the blocks left out."""

from __future__ import annotations

import lxml.html

from newsloom.clean import clean_html
from newsloom.clean.html import _restore_subheadings, _walk_text, page_text, parse_page

SENTENCES = [
    "The covered market hall in Kessdorf reopened on Friday, eleven months after a fire destroyed its roof.",
    "About 60 traders moved back into the hall, which the town rebuilt for 4.2 million euros with a timber roof.",
    "Some of us sold vegetables from a car park for almost a year, said Tomas Ekberg, who runs a cheese stall.",
    "The fire in June last year was caused by a faulty refrigeration unit, investigators found on Monday.",
    "The hall will open six days a week from 7 a.m., and a farmers' market will fill the square on Saturdays.",
]


def _page(article: str, title: str = "Kessdorf market hall reopens after fire") -> str:
    nav = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(8))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title} | Orvand Gazette</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><main><article>{article}</article></main>"
        "<footer><p>© 2024 Orvand Gazette. All rights reserved.</p></footer></body></html>"
    )


def _paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{s} {s}</p>" for s in sentences)


def test_page_text_renders_as_the_python_walk_does() -> None:
    html = (
        "<html><head><title>t</title><style>p {}</style></head><body>"
        "<div>one<!-- a comment -->two<script>var x = 1;</script> three\xa0 four</div>"
        "<p>five<br>six<b>seven</b>eight</p><svg><text>drawn</text></svg>tail text"
        "<ul><li>item\t one</li><li> </li></ul><noscript>enable js</noscript>"
        "<table><tr><td>cell</td><td>other</td></tr></table></body></html>"
    )
    for tree in (parse_page(html), lxml.html.document_fromstring(html)):
        raw = _walk_text(tree)
        expected = "\n".join(line for line in (" ".join(part.split()) for part in raw.split("\n")) if line)
        assert page_text(tree) == expected
    assert page_text(parse_page(html)).split("\n") == [
        "onetwo three four", "five", "sixseveneight", "tail text", "item one", "cell", "other",
    ]  # fmt: skip


def test_page_text_of_a_fragment_renders_only_the_fragment() -> None:
    tree = parse_page("<html><body><div><p>kept <i>here</i></p></div><p>elsewhere</p></body></html>")
    fragment = next(tree.iter("div"))
    assert page_text(fragment) == "kept here"


def test_standfirst_in_the_article_header_is_article_text() -> None:
    standfirst = "Eleven months after the fire, traders are back under a new timber roof and the hall is full again."
    page = clean_html(
        _page(f"<header><h1>Kessdorf market hall reopens after fire</h1><p class='lead'>{standfirst}</p></header>{_paragraphs(SENTENCES)}")
    )
    assert standfirst in page.text
    assert "Kessdorf market hall reopens after fire" not in page.article_text  # the headline is the title


def test_article_text_is_plain_text_with_subheadings() -> None:
    article = (
        f"<h1>Kessdorf market hall reopens after fire</h1>{_paragraphs(SENTENCES[:3])}<h2>Traders return</h2>"
        f"<p>For inter* traders the hall [the old one] had been <em>home</em> for years, the council said in a statement.</p>"
        f"{_paragraphs(SENTENCES[3:])}"
    )
    page = clean_html(_page(article))
    assert "For inter* traders the hall [the old one] had been home for years" in page.text
    assert "Traders return" in page.article_text and "Traders return" not in page.text
    assert page.article_text.index("Traders return") < page.article_text.index("For inter*")
    assert any(s.label == "heading" and s.text == "Traders return" for s in page.spans)
    assert any(s.label == "title" for s in page.spans)


def test_a_paragraph_split_over_lines_is_not_reported_removed() -> None:
    split = "The council will meet again in May<br>to decide on the opening hours of the new hall and its car park."
    page = clean_html(_page(f"{_paragraphs(SENTENCES)}<p>{split}</p>"))
    assert "to decide on the opening hours" in page.text
    removed = " ".join(s.text for s in page.spans)
    assert "to decide on the opening hours" not in removed and "The council will meet again" not in removed
    assert "Section 3" in removed and "All rights reserved" in removed


def test_readers_comments_after_the_article_are_cut() -> None:
    comments = "".join(f"<p>Reader {n} says: this is long overdue and I will shop there every single week, honestly.</p>" for n in range(3))
    page = clean_html(_page(f"{_paragraphs(SENTENCES)}<h3>3 Comments</h3>{comments}"))
    assert SENTENCES[-1] in page.text
    assert "long overdue" not in page.text


def test_an_open_tag_inside_noscript_does_not_hide_the_page() -> None:
    # lxml parses <noscript> as markup: the <div> left open in it used to swallow the whole page
    page = clean_html(_page(_paragraphs(SENTENCES)).replace("<body>", "<body><noscript><div class='no-js'></noscript>"))
    assert SENTENCES[0] in page.page_text and SENTENCES[-1] in page.page_text
    assert SENTENCES[0] in page.text and SENTENCES[-1] in page.text


def test_text_after_an_empty_inline_element_is_kept() -> None:
    # trafilatura's precise mode deletes empty elements with their tail: the anchor took the heading with it
    anchored = "<h2><span class='toc-anchor' id='costs'></span>Who paid for the timber roof?<span class='toc-end'></span></h2>"
    dropcap = f"<p><span class='dropcap'></span>{SENTENCES[3]} {SENTENCES[3]}</p>"
    page = clean_html(_page(f"{_paragraphs(SENTENCES[:3])}{anchored}{dropcap}{_paragraphs(SENTENCES[4:])}"))
    assert "Who paid for the timber roof?" in page.article_text
    assert page.article_text.index("Who paid for the timber roof?") < page.article_text.index(SENTENCES[3])
    assert SENTENCES[3] in page.text


def test_a_subheading_dropped_between_two_kept_paragraphs_is_put_back() -> None:
    first, second = f"{SENTENCES[0]} {SENTENCES[1]}", f"{SENTENCES[2]} {SENTENCES[3]}"
    html = (
        f"<html><body><article><p>{first}</p><h3>Traders return</h3><p>{second}</p>"
        f"<div class='box'><h3>Trending</h3><ul></ul></div><p>{SENTENCES[4]}</p>"
        f"<ul><li><h3>Another story</h3></li></ul><p>{SENTENCES[0]}</p></article></body></html>"
    )
    tree = parse_page(html)
    article = [first, second, SENTENCES[4], SENTENCES[0]]
    headings: list[str] = []
    _restore_subheadings(tree, page_text(tree), headings, article, title=None)
    assert article == [first, "Traders return", second, SENTENCES[4], SENTENCES[0]]
    assert headings == ["Traders return"]  # the empty box's heading and the list item's are not the article's


def test_a_subheading_is_not_put_back_where_the_article_skips_text() -> None:
    first, second = f"{SENTENCES[0]} {SENTENCES[1]}", f"{SENTENCES[2]} {SENTENCES[3]}"
    html = f"<html><body><p>{first}</p><h3>Traders return</h3><p>{second}</p></body></html>"
    tree = parse_page(html)
    article = [second, first]  # not one after the other as on the page
    _restore_subheadings(tree, page_text(tree), [], article, title=None)
    assert article == [second, first]
    article = [first, second]
    _restore_subheadings(tree, page_text(tree), [], article, title="Traders return")  # the headline stays out
    assert article == [first, second]


def test_text_loose_after_a_player_that_cleaning_empties_is_kept() -> None:
    # the opening paragraph is the tail of the podcast player's form; trafilatura's precise mode deleted the
    # form's emptied <div> with that tail
    player = (
        "<div class='player'><audio src='/e.mp3'></audio><form><select><option>MP3 Audio</option></select>"
        f"<button>Download</button></form> {SENTENCES[0]} <b>{SENTENCES[1]}</b></div>"
    )
    page = clean_html(_page(f"{player}<h3>Traders return</h3>{_paragraphs(SENTENCES[2:])}"))
    assert f"{SENTENCES[0]} {SENTENCES[1]}" in page.text
    assert page.text.index(SENTENCES[0]) < page.text.index(SENTENCES[2])
