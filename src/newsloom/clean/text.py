"""Text mode cleaning: classify each line of a page-to-text dump and keep the body.

A scraper's text dump has one visible block per line: banners, ad markers, the title, a dateline, captions,
the body paragraphs, subheadings, share bars, teasers and footers. Each line is labelled from what people
use to tell them apart: its shape (length, final punctuation, bullets), its position relative to the block of
body paragraphs, calls to action in several languages, first/second-person address outside quotes (appeals
speak to "you" and about "us"; news reports do not), repetition inside the page, and repetition across other
pages of the same site (`SiteMemory`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as dateutil_parser

from newsloom.clean.site_memory import SiteMemory, normalise_line
from newsloom.model import Span

CALL_TO_ACTION = re.compile(
    r"advertise?ment|\banzeige\b|\bwerbung\b|publicit[ée]|publicidad|sponsored|\bnewsletter|subscribe|abonnier|"
    r"abonnez|suscr[íi]b|sign up|sign in|log in|\banmelden|inscrivez|\bdonat|\bspenden\b|support us|"
    r"unterst[üu]tzen sie|soutenez|share (?:this|on|article)|\bteilen\b|partager|follow us|folgen sie|"
    r"\bcookies?\b|privacy|datenschutz|impressum|terms of (?:use|service)|nutzungsbedingungen|"
    r"all rights reserved|alle rechte vorbehalten|tous droits r[ée]serv[ée]s|©|\bcopyright\b|"
    r"download (?:our|the) app|\bapp herunterladen|read more|weiterlesen|lire la suite|mehr zum thema|"
    r"related (?:stories|articles|coverage)|recent articles|most read|meistgelesen|skip to|zum inhalt|"
    r"^tags?:|read and post comments|^comments?\b|kommentare|dmca|correction notice|your inbox|"
    r"e-?mail address|e-mail-adresse|enter your e-?mail|\bpostfach\b|remind me later|payment methods|paiment|click here|hier klicken|"
    r"trademarks? of|registered trademark|\b\d+\s+(?:comments?|responses?|replies|kommentare|commentaires|comentários|comentarios)\b|"
    r"\bsays:\s*$|\bpodcast\b|^(?:facebook|twitter|whatsapp|linkedin|e-?mail)\b",
)
"""Calls to action and site furniture in several languages; matched against the lower-cased line (matching
case-insensitively costs twice the time, and this is the most expensive test of text mode)."""
ADDRESS_WORDS = re.compile(
    r"\b(?:[Ww]e|[Uu]s|[Oo]ur|[Yy]ou|[Yy]our|[Yy]ours|[Ww]ir|[Uu]ns|[Uu]nser\w*|[Ee]uch|[Nn]ous|[Nn]otre|[Nn]os|[Vv]ous|[Vv]otre|[Vv]os)\b"
    r"|(?<=\w )(?:Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihnen|Sie)\b"
)
"""First and second person; the German formal address (Sie, Ihr) only when capitalised mid-sentence."""
QUOTED = re.compile(r"[\"“„«‚‘](?:[^\"“”„«»‚‘’]{0,800})[\"”“»‘’]")
CREDIT = re.compile(
    r"(?:\b(?:photo|foto|image|bild|picture|credit)s?\s*[:/©]|\((?:ap|afp|dpa|reuters|getty)[^)]*\)$|"
    r"getty images|\bkeystone\b|/\s*[A-Z][\w.]+\s*$|\b[\w-]+\.(?:ru|com|org|de|net|gov)\s*$)",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[•●▪◦*·–-]|\d+[.)])\s+")
MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?"
)
DATE_LIKE = re.compile(rf"\b(?:{MONTHS})\b\.?|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d", re.IGNORECASE)
BYLINE = re.compile(r"^(?:by|von|par|por)\s+[A-ZÄÖÜ]", re.IGNORECASE)
TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
SENTENCE_END = re.compile(r"[.!?…][\"”’»)]?\s*$|[\"”’»]\s*$")
TITLE_SUFFIX = re.compile(r"\s+[–—|-]\s+[\w ]{2,25}$")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
FOREIGN_MONTHS = {
    "januar": "January", "jänner": "January", "februar": "February", "märz": "March", "mai": "May", "juni": "June",
    "juli": "July", "oktober": "October", "dezember": "December", "janvier": "January", "février": "February",
    "mars": "March", "avril": "April", "juin": "June", "juillet": "July", "août": "August", "septembre": "September",
    "octobre": "October", "novembre": "November", "décembre": "December",
}  # fmt: skip
FOREIGN_MONTH = re.compile(r"\b(?:" + "|".join(FOREIGN_MONTHS) + r")\b", re.IGNORECASE)
DATELINE_OTHER_WORDS = 3
"""Words besides the date a dateline may hold ("Updated", a weekday, "Uhr")."""
ZONE_OFFSETS = {
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "GMT": 0, "UTC": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "MEZ": 3600, "MESZ": 7200, "MSK": 3 * 3600,
}  # fmt: skip
INVISIBLE = " \t\r\f\v\xa0\u200b\u200c\u200d\u2060\ufeff"
"""Characters that make a line look non-empty to `str.strip` but show nothing."""
WRAP_STOP = re.compile(r"[.!?:;\"”»)…|]\s*$")
PROSE_PUNCTUATION = re.compile(r"[,;:]\s|\.\s+[A-Z]")
COMMENTS_HEADER = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|kommentare?|commentaires?|comentários?|comentarios?|commenti|"
    r"reacties|komentarze)\W*(?:\(\d+\))?\W*$|\b(?:leave a (?:reply|comment)|top rated comments|join the discussion|"
    r"(?:show|view|load) (?:all )?comments|\d+ (?:responses|comments) to|kommentar schreiben|ajouter un commentaire)\b",
    re.IGNORECASE,
)
APPEAL_SHARE = 0.25
"""An appeal to the reader costs half its words: enough to keep a donation box off a news article's ends,
not enough to cut a blog post, whose every other line says "you", into pieces."""
COMMENTS_WEIGHT = 0.3
"""How much a run counts when it follows a comment-section header that follows an article-sized run."""
ARTICLE_WORDS = 100
"""A run this strong can be the article; a comment header after it starts readers' comments, not the story."""
LINE_PENALTY = 8.0
"""What a line that is neither body nor clutter (a heading, a caption, a menu item) costs the article block."""
TEMPLATE_REPEATS = 3
"""A short line shape seen this often on one page is a template (see `_shape`)."""
CLUTTER_PENALTY = 20.0
"""What a line recognised as clutter costs, on top of its words."""


@dataclass
class TextCleaning:
    """What text mode found in one dump: the body, the title and dateline, and every non-body line."""

    title: str | None
    text: str
    """Body paragraphs only, joined by blank lines."""
    article_text: str
    """Body paragraphs and subheadings in reading order: the article as a reader sees it."""
    published: datetime | None
    byline: str | None
    spans: list[Span]


@dataclass
class _Line:
    start: int
    text: str
    words: int
    label: str = ""
    reason: str = ""
    appeal: bool = False
    """Speaks to the reader ("we need your help"): clutter on a news page, the voice of a blog post."""


def clean_text(raw: str, site: str | None = None, memory: SiteMemory | None = None) -> TextCleaning:
    """Label every line of `raw` and return the body paragraphs joined by blank lines."""
    lines = _split_lines(raw)
    _mark_boilerplate(lines, site, memory)
    first, last = _body_block(lines)
    title = _label_head(lines, first)
    _label_block(lines, first, last)
    for line in lines[last + 1 :]:
        if not line.label:
            line.label, line.reason = "boilerplate", "after the article body"
    body = [ln.text.strip() for ln in lines if ln.label == "body"]  # merged lines hold spaces, not newlines
    spans = [Span(ln.start, ln.start + len(ln.text), ln.text, ln.label, ln.reason) for ln in lines if ln.label != "body"]
    dateline = next((ln.text for ln in lines if ln.label == "dateline"), None)
    byline = next((ln.text.strip() for ln in lines if ln.label == "byline"), None)
    article = [ln.text.strip() for ln in lines if ln.label in ("body", "heading")]
    return TextCleaning(title, "\n\n".join(body), "\n\n".join(article), parse_dateline(dateline), byline, spans)


def _split_lines(raw: str) -> list[_Line]:
    """Non-empty lines; a paragraph hard-wrapped over several lines (a line that does not end a sentence,
    followed at once by one that starts in lower case) becomes one line, newlines read as spaces."""
    lines: list[_Line] = []
    offset, previous_blank = 0, True
    for text in raw.split("\n"):
        if text.strip(INVISIBLE):
            last = lines[-1] if lines else None
            if last is not None and not previous_blank and _continues(last.text, text):
                last.text += " " + text
                last.words = len(WORD.findall(last.text))
            else:
                lines.append(_Line(offset, text, len(WORD.findall(text))))
        previous_blank = not text.strip(INVISIBLE)
        offset += len(text) + 1
    return lines


def _continues(previous: str, current: str) -> bool:
    stripped = current.lstrip()
    wrapped = len(WORD.findall(previous)) >= 8 and not WRAP_STOP.search(previous)
    return wrapped and bool(stripped) and stripped[0].islower() and not BULLET.match(current)


def _outside_quotes(text: str) -> str:
    return QUOTED.sub(" ", text)


def _is_appeal(line: _Line) -> bool:
    """A plea to the reader: first/second-person address outside quotes, as news reporting never does."""
    free = _outside_quotes(line.text)
    hits = len(ADDRESS_WORDS.findall(free))
    share = hits / max(line.words, 1)
    return (hits >= 3 and share >= 0.05) or (hits >= 2 and share >= 0.12)


def _mark_boilerplate(lines: list[_Line], site: str | None, memory: SiteMemory | None) -> None:
    counts = Counter(normalise_line(ln.text) for ln in lines)
    shapes = Counter(_shape(ln) for ln in lines)
    texts = [normalise_line(ln.text) for ln in lines]
    seen: set[str] = set()
    for line, norm in zip(lines, texts, strict=True):
        line.appeal = _is_appeal(line)
        shape = _shape(line)
        sentence_like = line.words >= 8 and bool(SENTENCE_END.search(line.text))
        first_time = norm not in seen
        seen.add(norm)
        if line.words == 0:
            line.label, line.reason = "boilerplate", "no words"
        elif counts[norm] > 1 and (line.words <= 6 or not first_time):
            # Ad markers and footers repeat as they are; a body sentence repeated later is a teaser of it.
            line.label, line.reason = "boilerplate", "repeated on the page"
        elif shape is not None and shapes[shape] >= TEMPLATE_REPEATS:
            line.label, line.reason = "boilerplate", "template line repeated on the page (comments, listings)"
        elif (line.words < 25 or not sentence_like) and CALL_TO_ACTION.search(line.text.lower()):
            line.label, line.reason = "boilerplate", "call to action or site furniture"
        elif TEASER_END.search(line.text) and _repeats_another_line(norm, texts):
            line.label, line.reason = "boilerplate", "teaser repeating the article"
        elif memory and site and memory.seen_elsewhere(site, norm) and (line.words < 12 or not sentence_like):
            line.label, line.reason = "boilerplate", "repeated across pages of this site"


def _shape(line: _Line) -> str | None:
    """The shape of a short line with a number or a final colon: "solo681 says:" and "joe says:" share one.

    Such lines repeating on a page are a template (user names and time stamps over comments, dates over a
    list of links), not article text. Other lines have no shape, so they never count as repeats.
    """
    text = line.text.strip()
    if line.words > 8 or not (re.search(r"\d", text) or text.endswith(":")):
        return None
    return re.sub(r"\d+", "0", re.sub(r"[^\W\d_]+", "a", text))


def _repeats_another_line(norm: str, texts: list[str]) -> bool:
    head = norm[: min(len(norm), 60)]
    return len(head) >= 20 and sum(1 for t in texts if t != norm and head in t) > 0


def _is_body(line: _Line) -> bool:
    if line.label:
        return False
    if BULLET.match(line.text) and line.words < 40:
        return False
    if CREDIT.search(line.text) and line.words < 30:
        return False
    if SENTENCE_END.search(line.text):
        return line.words >= 8
    return line.words >= 20 and bool(PROSE_PUNCTUATION.search(line.text))


def _body_block(lines: list[_Line]) -> tuple[int, int]:
    """The first and last line of the article: the densest run of body text on the page.

    Candidate runs come from maximum subsequence segmentation (Pasternack and Roth, 2009) over lines: a
    body-like line scores its word count, anything else a penalty, clutter a bigger one, and each run ends where
    its total peaks. An article with a subheading, a caption or an ad box inside stays one run, since its
    paragraphs outweigh the few lines between them; a menu or a comment thread (short remarks between user
    names and time stamps) does not join it. Runs never cross a comment-section header. Among the runs, the
    winner has the most body words weighted by how unbroken they are: a list of related stories (a headline,
    a teaser, a headline, a teaser) can hold as many words as the article, but only half its lines are prose.
    """
    best_score, best = 0.0, (len(lines), -1)
    headers = [i for i, line in enumerate(lines) if COMMENTS_HEADER.search(line.text)]
    runs = _candidate_runs(lines)
    for start, end, total in runs:
        run = lines[start : end + 1]
        prose = sum(1 for line in run if _is_body(line))
        score = total * prose / len(run)
        if any(h < start and any(e < h and t >= ARTICLE_WORDS for _, e, t in runs) for h in headers):
            score *= COMMENTS_WEIGHT  # below a comment header that itself follows an article-sized run
        if score > best_score:
            best_score, best = score, (start, end)
    return best


def _candidate_runs(lines: list[_Line]) -> list[tuple[int, int, float]]:
    """(first, last, total score) of each maximal run, as Kadane's algorithm restarts."""
    runs: list[tuple[int, int, float]] = []
    running, start, peak = 0.0, 0, (0, -1, 0.0)
    for index, line in enumerate(lines):
        barrier = bool(COMMENTS_HEADER.search(line.text))
        if running <= 0 or barrier:
            if peak[2] > 0:
                runs.append(peak)
            running, start, peak = 0.0, index, (index, index - 1, 0.0)
            if barrier:
                continue
        running += _body_score(line)
        if running > peak[2]:
            peak = (start, index, running)
    if peak[2] > 0:
        runs.append(peak)
    return runs


def _body_score(line: _Line) -> float:
    if line.label == "boilerplate":
        return -(CLUTTER_PENALTY + line.words) if line.words else -1.0
    if line.appeal:
        return -APPEAL_SHARE * line.words
    if _is_body(line):
        return float(line.words)
    if DATE_LIKE.search(line.text) and line.words <= 14:
        return -2 * LINE_PENALTY  # time stamps stand over comments and lists of links, rarely inside a report
    if line.words >= 4 and SENTENCE_END.search(line.text):
        return 1.0
    return -LINE_PENALTY


def _label_head(lines: list[_Line], first: int) -> str | None:
    """Label the lines above the body: the headline nearest the body, datelines, bylines, captions, clutter."""
    head = [i for i in range(first) if not lines[i].label]
    shaped = [i for i in head if _looks_like_headline(lines[i])]
    chosen = shaped[-1] if shaped else (head[0] if head else None)
    for i in head:
        if i == chosen:
            lines[i].label, lines[i].reason = "title", "headline above the body"
        else:
            _label_aside(lines[i], "above the article body")
    if chosen is None:
        return None
    title = lines[chosen].text.strip()
    return TITLE_SUFFIX.sub("", title) if lines[chosen].words > 6 else title


def _looks_like_headline(line: _Line) -> bool:
    text = line.text.strip()
    return (
        2 <= line.words <= 30
        and not text.endswith(".")
        and not BULLET.match(text)
        and not BYLINE.match(text)
        and not CREDIT.search(text)
        and not (DATE_LIKE.search(text) and line.words <= 14)
    )


def _label_aside(line: _Line, where: str) -> None:
    if BULLET.match(line.text):
        line.label, line.reason = "keypoints", "bullet point"
    elif BYLINE.match(line.text.strip()):
        line.label, line.reason = "byline", "author line"
    elif DATE_LIKE.search(line.text) and line.words <= 14 and not (line.words >= 6 and line.text.rstrip().endswith(".")):
        line.label, line.reason = "dateline", "date line"
    elif CREDIT.search(line.text):
        line.label, line.reason = "caption", "picture caption with credit"
    elif line.words >= 8 and SENTENCE_END.search(line.text):
        line.label, line.reason = "caption", f"sentence {where}"
    else:
        line.label, line.reason = "boilerplate", f"short line {where}"


def _label_block(lines: list[_Line], first: int, last: int) -> None:
    """Inside the body block, a line is body unless it is clutter, a caption, a bullet or a subheading."""
    for line in lines[first : last + 1]:
        if line.label:
            continue
        if _is_body(line) or (line.words >= 4 and SENTENCE_END.search(line.text) and not CREDIT.search(line.text)):
            line.label, line.reason = "body", ""
        elif BULLET.match(line.text):
            line.label, line.reason = "keypoints", "bullet point"
        elif CREDIT.search(line.text):
            line.label, line.reason = "caption", "picture caption with credit"
        else:
            line.label, line.reason = "heading", "subheading inside the article"


def parse_dateline(line: str | None) -> datetime | None:
    """A publication time from a dateline such as 'Monday, 06 December 2021 12:50 PM EST' or
    'Dienstag, 14. März 2023, 09:40 Uhr' (dateutil, fuzzy; about a hundred times faster than dateparser)."""
    if not line:
        return None
    cleaned = BYLINE.sub("", line).split("|")[-1].strip()
    cleaned = FOREIGN_MONTH.sub(lambda m: FOREIGN_MONTHS[m.group().lower()], cleaned).replace("Uhr", "")
    try:
        moment, skipped = dateutil_parser.parse(cleaned, fuzzy_with_tokens=True, tzinfos=ZONE_OFFSETS)
    except (ValueError, OverflowError):
        return None
    words_skipped = sum(len(WORD.findall(token)) for token in skipped)
    return moment if words_skipped <= DATELINE_OTHER_WORDS else None  # a date inside a sentence is no dateline
