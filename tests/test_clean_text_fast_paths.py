"""Text mode's shortcuts give what the patterns they stand in for give: each test runs both on lines written here.

The shortcuts (token-set tests, plain-word hints, page-wide lookups) exist for speed; a line where one of them
disagreed with its pattern would change labels silently, so each is held against the pattern itself.
"""

from __future__ import annotations

import re

import pytest

from newsloom.clean.text import (
    ADDRESS_TOKENS,
    ADDRESS_WORDS,
    BULLET,
    CALL_TO_ACTION,
    CALL_TO_ACTION_PHRASES,
    COMMENTS_HEADER_HINTS,
    COMMENTS_HEADER_NEEDLES,
    CREDIT,
    CREDIT_HINTS,
    CREDIT_NAME_WORDS,
    CREDIT_NAMES,
    CREDIT_TAIL,
    CREDIT_TAIL_CHARS,
    DATE_LIKE,
    NUMERIC_DATE,
    QUOTED,
    WORD,
    _by_first_letter,
    _find_comment_headers,
    _is_appeal,
    _may_hold_credit,
    _split_lines,
    is_comments_header,
)

LINES = [
    "Published 3 March 2024, 10:15 | Updated 04.03.2024",
    "Am 12. Mai 2023 teilte die Behörde mit, sie werde den Fall prüfen.",
    "Veröffentlicht am 2023-05-12 um 09:40 Uhr",
    "May the best team win, said the coach.",
    "Mayors of six towns met in the hall.",
    "The decade-long project cost 1.5 million euros.",
    "Photo: Jane Roe / Harbour Press",
    "Fotos/Bildrechte: Stadtarchiv",
    "The harbour at dawn (AP Photo/John Doe)",
    "Crowds gather near the square / dpa",
    "Source: example-news.com",
    "Images of the flood spread quickly on social networks.",
    "Getty Images",
    "Reuters",
    "A caption glued to its credit.Credit...Jane Roe/The Harbour Times",
    "Engineers inspect the pier, in March 2024.John Doe / AP file",
    "We need your help: support our reporting, you can give what you want.",
    "„Wir wollen, dass Sie uns vertrauen“, sagte der Minister, und unsere Stadt sei bereit.",
    "Unsereins hat davon nichts gewusst, sagt uns der Wirt, und wir glauben ihm.",
    "Our team will visit you and your family, we promise, said nobody.",
    "Don't miss what we've written for you about e-mail and the long-term plan.",
    "12 Comments",
    "Leave a reply",
    "Kommentare (3)",
    "The replacement bridge opened on Monday.",
    "İstanbul'da yağmur: 3 yorum",
]


def _lines_of(text: str) -> list:
    lines = _split_lines(text)
    _find_comment_headers(lines, text)
    return lines


@pytest.mark.parametrize("text", LINES)
def test_date_and_credit_shortcuts_agree_with_their_patterns(text: str) -> None:
    (line,) = _lines_of(text)
    low = text.lower()
    assert line.date_like == bool(DATE_LIKE.search(low))
    named = line.words <= CREDIT_NAME_WORDS and line.norm in CREDIT_NAMES  # an agency's name alone: a set lookup
    assert line.credit == bool(named or CREDIT.search(low) or CREDIT_TAIL.search(low[-CREDIT_TAIL_CHARS:].rstrip()))


@pytest.mark.parametrize("text", LINES)
def test_word_count_and_appeal_shortcuts_agree_with_their_patterns(text: str) -> None:
    (line,) = _lines_of(text)
    assert line.words == len(WORD.findall(text.lower()))
    assert line.norm == " ".join(re.findall(r"\w+", text.lower()))
    hits = len(ADDRESS_WORDS.findall(QUOTED.sub(" ", text)))
    share = hits / max(line.words, 1)
    regex_says = (hits >= 3 and share >= 0.05) or (hits >= 2 and share >= 0.12)
    assert _is_appeal(line) == (sum(t in ADDRESS_TOKENS for t in line.tokens) >= 2 and regex_says)


@pytest.mark.parametrize("first", ["Weather", "İzmir weather"])
def test_comment_headers_found_page_wide_are_those_found_line_by_line(first: str) -> None:
    """The second page holds a letter that lower-cases to two characters, which moves offsets: the fallback."""
    page = "\n".join([first, *LINES, "", "3 responses to the story", "Reply"])
    lines = _lines_of(page)
    assert [line.comments_header for line in lines] == [is_comments_header(line.text) for line in lines]
    assert sum(line.comments_header for line in lines) >= 4
    assert all(any(needle in hint for needle in COMMENTS_HEADER_NEEDLES) for hint in COMMENTS_HEADER_HINTS)


@pytest.mark.parametrize("text", [*LINES, "Getty Images/iStockphoto", "Bildrechte: Stadtarchiv", "KEYSTONE/Jane Roe"])
def test_credit_hint_written_out_is_every_hint_and_every_credit_holds_one(text: str) -> None:
    low = text.lower()
    assert _may_hold_credit(low) == any(hint in low for hint in CREDIT_HINTS)
    assert not CREDIT.search(low) or _may_hold_credit(low)


def test_calls_to_action_are_tried_at_word_starts_only() -> None:
    """`CALL_TO_ACTION` tries a phrase only where a word starts (`(?=\\w)`): every phrase starts with a word character."""
    assert all(re.match(r"[^\W\d_]|\\d|\(\?:[^\W\d_]+\)\?[^\W\d_]", phrase) for phrase in CALL_TO_ACTION_PHRASES)
    anywhere = re.compile(r"\b(?:" + _by_first_letter(CALL_TO_ACTION_PHRASES) + ")")
    texts = [*LINES, "Sign up for our newsletter -- unsubscribe any time", "12 comments", "jane says:", "(read more)"]
    for low in (text.lower() for text in texts):
        assert CALL_TO_ACTION.findall(low) == anywhere.findall(low)
    assert sum(bool(CALL_TO_ACTION.search(text.lower())) for text in texts) >= 4


def test_word_start_lookaheads_change_no_match() -> None:
    """`ADDRESS_WORDS` and `NUMERIC_DATE` try their words only where one starts (`\\b(?=\\w)`, `\\b(?=\\d)`)."""
    address = re.compile(ADDRESS_WORDS.pattern.replace(r"\b(?=\w)", r"\b", 1))
    numeric = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d\d-\d\d")
    texts = [*LINES, "On 2024-03-04, 4.3.24 and 12/31/2023 we wrote to you and your team.", "x12024-03-04 v2024-03-04"]
    for pattern, plain in ((ADDRESS_WORDS, address), (NUMERIC_DATE, numeric)):
        assert plain.pattern != pattern.pattern
        for text in texts:
            assert pattern.findall(text) == plain.findall(text)
            assert pattern.findall(text.lower()) == plain.findall(text.lower())


@pytest.mark.parametrize(
    "text", [*LINES, "• Item", "  - item", "\u00a0– item", "12) Item", "٣. item", "-5 degrees", "1.5 million", "*", "Item •"]
)
def test_bullet_shortcut_agrees_with_its_pattern(text: str) -> None:
    (line,) = _lines_of(text)
    assert line.bullet == bool(BULLET.match(text))
