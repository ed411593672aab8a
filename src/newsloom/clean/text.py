"""Text mode cleaning: classify each line of a page-to-text dump and keep the body.

A scraper's text dump has one visible block per line: banners, ad markers, the title, a dateline, captions,
the body paragraphs, subheadings, share bars, teasers and footers. Each line is labelled from what people
use to tell them apart: its shape (length, final punctuation, bullets), its position relative to the block of
body paragraphs, calls to action in several languages, first/second-person address outside quotes (appeals
speak to "you" and about "us"; news reports do not, unless that is the voice of the whole page, as in a blog),
repetition inside the page, and repetition across other pages of the same site (`SiteMemory`).

The order of work, in `clean_text`:

1. `_split_lines`: non-empty lines, hard-wrapped paragraphs joined (also on pages wrapped at a fixed width).
2. `_mark_boilerplate`: clutter recognised line by line (repeats, templates, calls to action, teasers).
3. `_body_blocks`: the article as the densest run of prose (maximum subsequence segmentation over line
   scores), with the parts a box cut off from it.
4. `_label_head` and `_label_block`: title, dateline, byline, captions and key points above the body; body,
   subheadings, list items, captions inside it; everything after it is boilerplate.

Words are counted per script: runs of letters, and about two characters a word in Chinese and Japanese.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from newsloom.clean.site_memory import SiteMemory
from newsloom.model import Span

CALL_TO_ACTION_PHRASES = (
    r"advertise?ment", r"anzeige\b", r"werbung\b", r"publicit[ée]", r"publicidad", r"sponsored", r"newsletter",
    r"(?:un)?subscri(?:be|ption)", r"abonnier", r"abonnez", r"suscr[íi]b", r"sign up", r"sign in", r"log in", r"anmelden",
    r"inscrivez", r"donat", r"spenden\b", r"support us", r"unterst[üu]tzen sie", r"soutenez",
    r"share (?:this|on|article)", r"teilen\b", r"partager", r"follow us", r"folgen sie", r"cookies?\b", r"privacy",
    r"datenschutz", r"impressum", r"terms of (?:use|service)", r"nutzungsbedingungen", r"all rights reserved",
    r"alle rechte vorbehalten", r"tous droits r[ée]serv[ée]s", r"copyright\b", r"download (?:our|the) app",
    r"app herunterladen", r"read more", r"weiterlesen", r"lire la suite", r"mehr zum thema",
    r"related (?:stories|articles|coverage)", r"recent articles", r"most read", r"meistgelesen", r"skip to", r"zum inhalt",
    r"read and post comments", r"dmca", r"correction notice", r"your inbox", r"e-?mail address", r"e-mail-adresse",
    r"enter your e-?mail", r"postfach\b", r"remind me later", r"payment methods", r"paiment", r"click here",
    r"hier klicken", r"trademarks? of", r"registered trademark",
    r"\d+\s+(?:comments?|responses?|replies|kommentare|commentaires|comentários|comentarios)\b", r"says:\s*$", r"podcast\b",
)  # fmt: skip
"""Calls to action and site furniture in several languages, each starting at a word start."""


def _by_first_letter(phrases: tuple[str, ...]) -> str:
    """The alternation of `phrases`, those that start with the same letter grouped behind it ("s(?:ign up|ign in)"):
    the regex engine tries one group per position instead of every phrase. Only the letter is taken out, so
    each phrase keeps its own pattern; a phrase that starts otherwise (a group, a digit class) stays whole."""
    groups: dict[str, list[str]] = {}
    whole: list[str] = []
    for phrase in phrases:
        if phrase[0].isalpha() and phrase[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(phrase[0], []).append(phrase[1:])
        else:
            whole.append(phrase)
    return "|".join([f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items()] + whole)


CALL_TO_ACTION = re.compile(r"\b(?=\w)(?:" + _by_first_letter(CALL_TO_ACTION_PHRASES) + ")")
"""Matched against the lower-cased line: one word-start test per position lets the regex engine skip the inside
of words, five times faster than a case-insensitive search for the same phrases anywhere. Every phrase starts
with a word character, so only a word's start is tried, not its end too: a third faster again."""
CALL_TO_ACTION_LEAD = re.compile(r"(?:tags?:|comments?\b|(?:facebook|twitter|whatsapp|linkedin|e-?mail)\b)")
"""Furniture recognised by how the line starts (matched at the start of the lower-cased line)."""
STORY_LINK_LEAD = re.compile(
    r"\W{0,2}(?:related|see also|also|read also|lire aussi|voir aussi|siehe auch|lesen sie auch|auch interessant"
    r"|lea(?: también| más)?|lee también|vea también|ver también|leia também|veja também|leggi anche|czytaj (?:też|także))\s*:"
)
"""How a link to another story set into the article starts ("Related: ...", "[Also: ...]"), matched at the start
of the lower-cased line: not article text, though no clutter that cuts the article either."""
CLICK_WORDS = frozenset(("click", "clique", "cliquez", "clica", "clicca", "cliccate", "klicken", "klick", "klicke", "pincha"))
""""Click" as a line's first word, in several languages ("Clique na imagem acima e veja ..."): a teaser that
sends the reader elsewhere, however long; a report tells what happened, it does not start with an order to click."""
FOLLOW_WORDS = frozenset(("follow", "folgen", "suivez", "siga", "sigue", "seguici", "segui", "volg"))
SOCIAL_NETWORKS = frozenset(("facebook", "twitter", "instagram", "youtube", "linkedin", "tiktok", "telegram", "pinterest"))
"""An order to follow (`FOLLOW_WORDS`) that names one of these is a plea to follow the outlet, never news."""
LEAD_WORDS = CLICK_WORDS | FOLLOW_WORDS
"""The first words `_sends_elsewhere` looks for: a set lookup spares the call on every other line."""
CALL_TO_ACTION_REASON = "call to action or site furniture"
"""The reason given to furniture recognised line by line; `_mark_boxes` looks for it inside the article."""
ADDRESS_WORDS = re.compile(
    r"\b(?=\w)(?:[Ww]e|[Uu]s|[Oo]ur|[Yy]ou|[Yy]our|[Yy]ours|[Ww]ir|[Uu]ns|[Uu]nser\w*|[Ee]uch|[Nn]ous|[Nn]otre|[Nn]os|[Vv]ous|[Vv]otre|[Vv]os)\b"
    r"|(?<=\w )(?:Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihnen|Sie)\b"
)
"""First and second person; the German formal address (Sie, Ihr) only when capitalised mid-sentence. As in
`CALL_TO_ACTION`, the lookahead spares the alternatives at the ends of words."""
ADDRESS_TOKENS = frozenset(
    ("we", "us", "our", "you", "your", "yours", "wir", "uns", "unser", "unsere", "unserer", "unseren", "unserem",
     "unseres", "euch", "nous", "notre", "nos", "vous", "votre", "vos", "ihr", "ihre", "ihrem", "ihren", "ihrer",
     "ihnen", "sie")
)  # fmt: skip
"""The words `ADDRESS_WORDS` matches, lower-cased: counted among a line's tokens, a cheap test first."""
OUTLET_VOICE = frozenset(
    ("we", "us", "our", "ours", "wir", "uns", "unser", "unsere", "unserer", "unseren", "unserem", "unseres", "nous", "notre", "nos")
)  # fmt: skip
"""First person plural: an outlet speaking for itself ("we need your help"), where a report's last paragraph
that turns to the reader ("if you plan to visit, book early") says only "you"."""
QUOTED = re.compile(r"[\"“„«‚‘](?:[^\"“”„«»‚‘’]{0,800})[\"”“»‘’]")
CREDIT = re.compile(r"\b(?:photo|foto|image|bild|picture|credit)s?\s*(?:[:/©]|\.\.\.|…)|getty images|\bkeystone\b")
"""A picture credit, matched against the lower-cased line ("Photo: ...", "Credit...Jane Roe")."""
CREDIT_HINTS = ("photo", "foto", "image", "bild", "picture", "credit", "keystone")
"""The words one of which every `CREDIT` match holds ("getty images" holds "image"): see `_may_hold_credit`."""
CREDIT_TAIL = re.compile(
    r"\((?:ap|afp|dpa|reuters|getty)[^)]*\)$|/\s*[a-z][\w.]+(?: file| photo| pool)?\s*$|\b[\w-]+\.(?:ru|com|org|de|net|gov)\s*$"
)
"""Credits that end a line ("(AP Photo/Jane Roe)", "/ dpa", "/ AP file", "tass.ru"): searched in the last characters of the
lower-cased line."""
CREDIT_TAIL_ENDS = (")", ".ru", ".com", ".org", ".de", ".net", ".gov")
"""How a `CREDIT_TAIL` match ends, but for the "/ dpa" kind, which has a slash: cheap tests before the pattern."""
CREDIT_TAIL_CHARS = 120
CREDIT_NAMES = frozenset(
    ("getty", "getty images", "reuters", "epa", "afp", "ap", "pa", "dpa", "shutterstock", "istock", "alamy", "statista",
     "bloomberg", "efe", "xinhua", "imago", "anadolu", "ap photo", "pa media", "pa wire", "afp getty images", "epa efe")
)  # fmt: skip
"""A picture agency's name standing alone on a line, under a picture: its credit, normalised as `_Line.norm`."""
CREDIT_NAME_WORDS = 3
AGENCY_WORDS = frozenset(word for name in CREDIT_NAMES for word in name.split()) - {"images", "photo", "media", "wire"}
"""The agencies' own names: a credit naming one comes under a caption the agency wrote for its picture."""
CAPTION_CREDIT_WORDS = 8
TWEET_SIGNATURE_LEADS = ("—", "–", "-")
"""How an embedded tweet's signature line starts, before the author's name, handle and date."""
CAPTION_WORDS = 60
CAPTION_LABELS = ("image caption", "media caption", "bildunterschrift")
"""Labels a page writes for screen readers over a picture's caption, lower-cased."""
"""Words of a picture's caption at most: two or three sentences; a longer paragraph above a credit is the article's."""
"""Words of a credit line at most: a longer line with a credit is a caption that holds its own."""
CREDIT_END = re.compile(r"\b(?:photo|foto|image|bild|picture|credit)s?\s*:\s*[^.!?:]{1,40}$")
"""A credit that ends the line ("Credit: 20th Century Fox", "Foto: dpa"), matched against its lower-cased end."""
BREADCRUMB = re.compile(r"(?:\s[|›»>/]\s.*){2}")
"""Three or more items split by bars or arrows ("Business | Shipping | Labour"): a section trail, not a headline."""
TRAIL_SEPARATOR = re.compile(r"\s[|›»>/]\s")
TRAIL_ITEM_WORDS = 2
"""A line of two or more items split by bars or arrows, none longer than this ("Science | Space"), is a section
trail too: a headline split by a bar has a sentence on one side ("Comet found in a garden | The Ledger")."""
BULLET = re.compile(r"^\s*(?:[•●▪◦*·–-]|\d+[.)])\s+")
BULLET_MARKS = "•●▪◦*·–-"
"""The marks `BULLET` takes; a numbered item starts with a digit."""
MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?"
)
DATE_LIKE = re.compile(rf"\b(?:{MONTHS})\b\.?|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d")
"""A month name or a numeric date, matched against the lower-cased line."""
MONTH_WORDS = frozenset(
    ("jan", "january", "januar", "feb", "february", "februar", "mar", "march", "märz", "apr", "april", "may", "mai",
     "jun", "june", "juni", "jul", "july", "juli", "aug", "august", "sep", "sept", "september", "oct", "october",
     "okt", "oktober", "nov", "november", "dec", "december", "dez", "dezember")
)  # fmt: skip
"""Every word `MONTHS` matches: the month half of `DATE_LIKE` is one of the line's tokens being one of them."""
NUMERIC_DATE = re.compile(r"\b(?=\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{4}-\d\d-\d\d)")
"""The other half of `DATE_LIKE`, searched only in lines with a date separator; tried only where a number starts."""
BYLINE = re.compile(r"^(?:by|von|par|por)\s+[A-ZÄÖÜ]", re.IGNORECASE)
TEASER_ENDS = ("...", "…")
SENTENCE_STOPS = ".!?…。！？"
QUOTE_CLOSERS = '"”’»」』'
TITLE_SUFFIX = re.compile(r"\s+[–—|-]\s+[\w ]{2,25}$")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
WORD_CHARS = re.compile(r"\w+")
WORD_JOINER = re.compile(r"[’'-](?<=\w.)(?=\w)")
"""An apostrophe or hyphen inside a word ("don't", "e-mail"): `WORD` counts one word where the runs of word
characters are two. Written to start with the character class, so the regex engine skips ahead to one."""
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
"""Kana and CJK ideographs: scripts written without spaces between words."""
CJK_CHARS_PER_WORD = 2
CJK_LEAD_BYTES = tuple(bytes([lead]) for lead in (*range(0xE3, 0xEA), 0xEF))
"""The UTF-8 lead bytes of the `CJK_RUN` ranges (U+3040-U+9FFF: E3-E9, U+F900-U+FAFF: EF)."""
DIGIT = re.compile(r"\d")
DIGITS = re.compile(r"\d+")
LETTERS = re.compile(r"[^\W\d_]+")
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
ZONES: dict[str, int | tzinfo] = {
    **ZONE_OFFSETS,
    "ET": ZoneInfo("America/New_York"), "CT": ZoneInfo("America/Chicago"), "PT": ZoneInfo("America/Los_Angeles"),
    "UK": ZoneInfo("Europe/London"),
}  # fmt: skip
"""Zone names of datelines: fixed offsets, and the US and UK names whose offset follows daylight saving time."""
INVISIBLE = " \t\r\f\v\xa0\u200b\u200c\u200d\u2060\ufeff"
"""Characters that make a line look non-empty to `str.strip` but show nothing."""
WRAP_STOPS = '.!?:;"”»)…|。！？：；」』'
"""A line ending in one of these is a whole paragraph, not one hard-wrapped onto the next."""
WRAP_MIN_WORDS = 8
"""A line hard-wrapped onto the next holds at least this many words (a wrapping width of some 50 characters)."""
WRAP_WIDTH = 100
"""Wrapped text keeps nearly all its lines under this many characters; a page with paragraphs on lines of their
own has many longer ones."""
WRAP_RAGGED = 20
WRAP_LOWER_SHARE = 0.25
"""Wrapped prose that goes on with a capital ("... minister Kaspar" / "Nordahl said ...") still has this share of
its words in lower case on both lines; a headline or a menu has next to none."""
WRAPPED_SHARE_NEAR_WIDTH = 0.8
"""Lines wrapped at one width end within `WRAP_RAGGED` characters of it (the length of a long word or two)."""
WRAPPED_LINES = 3
WRAPPED_SHARE = 0.3
"""A page is wrapped throughout when this share of its long lines (and at least `WRAPPED_LINES`) end
mid-sentence with more text right below them."""
PROSE_PUNCTUATION = re.compile(r"[,;:]\s|\.\s+[A-Z]")
LOWER_SHARE = 0.5
PROSE_MIN_WORDS = 8
"""A body paragraph holds at least this many words (see `_Line.prose`)."""
"""A long line with no stop and no inner punctuation is prose when this share of its words start in lower case."""
COMMENTS_HEADER = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|kommentare?|commentaires?|comentários?|comentarios?|commenti|"
    r"reacties|komentarze)\W*(?:\(\d+\))?\W*$|\b(?:leave a (?:reply|comment)|top rated comments|join the discussion|"
    r"(?:show|view|load) (?:all )?comments|\d+ (?:responses|comments) to|kommentar schreiben|ajouter un commentaire)\b",
    re.IGNORECASE,
)
COMMENTS_HEADER_HINTS = (
    "comment", "respons", "repl", "reaction", "kommentar", "komentarz", "reacties", "discussion", "comentári", "comentario",
    "commenti",
)  # fmt: skip
"""Words one of which every `COMMENTS_HEADER` match holds, found in the lower-cased line: a cheap test first."""
COMMENTS_HEADER_HINT = re.compile("|".join(COMMENTS_HEADER_HINTS))
COMMENTS_HEADER_NEEDLES = ("omment", "oment", "respons", "repl", "reac", "discussion")
"""Each of `COMMENTS_HEADER_HINTS` holds one of these: six page-wide searches instead of eleven."""
APPEAL_SHARE = 0.25
"""An appeal to the reader costs half its words: enough to keep a donation box off a news article's ends,
not enough to cut a blog post, whose every other line says "you", into pieces."""
VOICE_SHARE = 0.35
"""When this share of the words of a page's paragraphs address the reader, that is the page's voice (see
`_speaks_to_reader`): a donation box in a news report holds far fewer, a blog post far more."""
COMMENTS_WEIGHT = 0.3
"""How much a run counts when it follows a comment-section header that follows an article-sized run."""
ARTICLE_WORDS = 100
"""A run this strong can be the article; a comment header after it starts readers' comments, not the story."""
BYLINE_WORDS = 12
"""An author line inside the article block is short: "By Jane Roe and John Doe, Harbour Correspondents"."""
HEAD_WORDS = 30
"""A paragraph this long starts the article proper: author and date lines come before it."""
PART_SHARE = 0.15
"""A run at least this strong (against the best one) next to the article is more of it, cut off by a box."""
PART_GAP_LINES = 80
"""How many lines a box between two parts of one article may hold."""
PART_MIN_WORDS = 25
TAIL_GAP_LINES = 3
TAIL_MIN_WORDS = 20
"""A part of an article holds at least a couple of paragraphs; a lone teaser beside it does not join."""
BOX_LINES = 4
"""A call to action inside the article followed by this many lines before the next paragraph opens a box of
links (see `_mark_boxes`)."""
GALLERY_CAPTIONS = 2
"""At most this many lines end an article and come again below it as a gallery's captions."""
SHOUTED_WORDS = 8
"""A line this long in capitals inside the article, not a sentence, is a link to another story ("GET FOX BUSINESS
ON THE GO BY CLICKING HERE"): a subheading in capitals is a few words."""
LEAD_IN_WORDS = 12
"""A line this long that ends in a colon is a paragraph leading into a list or a quote, not a label."""
KEY_POINT_LINES = 3
KEY_POINT_MIN = 2
KEY_POINT_WORDS = 8
KEY_POINT_MAX_WORDS = 45
"""A key point is one sentence, a long one at most."""
KEY_POINT_SHARE = 0.5
AUTHOR_NAME_WORDS = 4
AUTHOR_BOX_WORDS = 2
"""Words besides the name in the box's heading ("Über", "À propos de")."""
AUTHOR_BOX_LINES = 4
"""The author's box is a heading and a paragraph or two at the very end of the article."""
LIST_MIN_ITEMS = 3
LIST_ITEM_LINES = 1
"""Lines of an item's own (a link, a price) after it, in a list the article leads into."""
LIST_ITEM_WORDS = 12
HEADLINE_LIST_WORDS = 6
"""Words of a line that reads as a headline, not a short subheading ("Background", "What happens next")."""
PROMO_PHRASES = 2
QUOTING_WORDS = 12
SPOKEN_QUOTE_END = re.compile(r"[,.!?…][\"”“’»]")
"""The end of a quote of words spoken: a comma or a stop inside its closing mark ("...," she said)."""
"""Distinct calls to action in a paragraph at the article's edge that make it a promotion."""
TABLE_CELL_WORDS = 4
"""A table the renderer put one cell a line holds short lines: a number, a name, a column's header."""
TABLE_MIN_CELLS = 12
TABLE_NUMBER_SHARE = 0.3
"""Of a table's cells, the share that are numbers at least: a menu of short links holds few."""
TABLE_REASON = "table cell after a lead-in"
LINE_PENALTY = 8.0
"""What a line that is neither body nor clutter (a heading, a caption, a menu item) costs the article block."""
TEMPLATE_REPEATS = 3
SHAPE_WORDS = 8
"""Template lines are short: a user name and a time stamp, a date over a link."""
"""A short line shape seen this often on one page is a template (see `_shape`)."""
CLUTTER_PENALTY = 20.0
"""What a line recognised as clutter costs, on top of its words."""


Run = tuple[int, int, float]
"""A run of lines: first, last, total score."""

ARTICLE_LABELS = ("body", "heading", "list")
"""The labels of the article as a reader sees it: paragraphs, subheadings and list items in reading order."""


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


class _cached:
    """functools.cached_property without its lock: a line belongs to one call of `clean_text`, and the lock
    costs more than most of the tests it guards."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.compute(instance)
        instance.__dict__[self.name] = value  # shadows this descriptor from now on
        return value


@dataclass(eq=False)
class _Line:
    """One line of the dump. Its text is final once `_split_lines` has joined hard-wrapped lines; the tests
    on it are computed on first use and kept, since the labelling passes ask them many times per line."""

    start: int
    text: str
    low: str
    """The text lower-cased, which most tests search: cheaper than a case-insensitive pattern."""
    tokens: list[str]
    """Runs of word characters of `low`."""
    norm: str
    """The tokens one space apart: the line's normalised form, as `normalise_line` makes it."""
    words: int
    """Words as `WORD` counts them ("don't" is one)."""
    after_blank: bool = False
    """A blank line stands right above it in the dump: it starts a paragraph, whatever its shape."""
    comments_header: bool = False
    tweet: bool = False
    """A post embedded from Twitter, see `_find_tweets`; set for all lines at once."""
    """Opens a readers' comment section, see `is_comments_header`; set for all lines at once by `_find_comment_headers`."""
    label: str = ""
    reason: str = ""

    @_cached
    def appeal(self) -> bool:
        """Speaks to the reader ("we need your help"): clutter on a news page, the voice of a blog post."""
        return _is_appeal(self)

    @_cached
    def sentence_end(self) -> bool:
        return _ends_sentence(self.text.rstrip())

    @_cached
    def bullet(self) -> bool:
        lead = self.text.lstrip()[:1]  # the cheap test first: few lines start with a mark or a digit
        return bool(lead) and (lead in BULLET_MARKS or lead.isdecimal()) and bool(BULLET.match(self.text))

    @_cached
    def credit(self) -> bool:
        if self.words <= CREDIT_NAME_WORDS and self.norm in CREDIT_NAMES:
            return True
        low = self.low
        if _may_hold_credit(low) and CREDIT.search(low):
            return True
        tail = low[-CREDIT_TAIL_CHARS:].rstrip()
        return ("/" in tail or tail.endswith(CREDIT_TAIL_ENDS)) and bool(CREDIT_TAIL.search(tail))

    @_cached
    def date_like(self) -> bool:
        """As `DATE_LIKE.search(low)`, from the tokens first: the regex costs several times more."""
        if not MONTH_WORDS.isdisjoint(self.tokens):
            return True
        low = self.low
        return ("-" in low or "." in low or "/" in low) and bool(NUMERIC_DATE.search(low))

    @_cached
    def call_to_action(self) -> bool:
        low = self.low
        if "©" in low or "kommentare" in low:  # marks found anywhere, inside German compounds too ("Leserkommentare")
            return True
        return bool(CALL_TO_ACTION_LEAD.match(low) or CALL_TO_ACTION.search(low))

    @_cached
    def prose(self) -> bool:
        """Shaped like a body paragraph: a sentence of some length, not a bullet or a credit."""
        if self.words < PROSE_MIN_WORDS:
            return False  # too short for either shape below
        if self.sentence_end:
            shaped = True
        elif self.words >= LEAD_IN_WORDS and self.text.rstrip().endswith(":"):
            shaped = True  # a paragraph that leads into a list or a quote
        else:
            shaped = self.words >= 20 and (bool(PROSE_PUNCTUATION.search(self.text)) or _mostly_lower(self.text))
        if not shaped or (self.bullet and self.words < 40):
            return False
        return not self.credit or (self.words >= 30 and not self.credit_at_end)

    @_cached
    def credit_at_end(self) -> bool:
        """The line ends in a credit ("... during the cruise phase. Credit: ESA"): a caption, however long."""
        return bool(CREDIT_END.search(self.low[-CREDIT_TAIL_CHARS:]))


def _may_hold_credit(low: str) -> bool:
    """Whether the lower-cased line holds one of `CREDIT_HINTS`: `str` searches, written out, cost less than
    one regex search for the same words (and far less than `CREDIT`'s)."""
    return "photo" in low or "foto" in low or "image" in low or "bild" in low or "picture" in low or "credit" in low or "keystone" in low


def is_comments_header(line: str, low: str | None = None) -> bool:
    """Whether `line` opens a readers' comment section ("12 Comments", "Leave a reply"); `low` is the line
    lower-cased when the caller has it. The cheap hint comes first: most lines hold none of its words."""
    return bool(COMMENTS_HEADER_HINT.search(line.lower() if low is None else low)) and bool(COMMENTS_HEADER.search(line))


def clean_text(raw: str, site: str | None = None, memory: SiteMemory | None = None) -> TextCleaning:
    """Label every line of `raw` and return the body paragraphs joined by blank lines."""
    low = raw.lower()  # once for the page: lower-casing letter by letter is no cheap step
    lines = _split_lines(raw, low)
    _find_comment_headers(lines, raw, low)
    _find_tweets(lines, low)
    counts = _mark_boilerplate(lines, site, memory)
    _mark_tables(lines)
    blocks = _body_blocks(lines, counts)
    blocks[-1] = (blocks[-1][0], _end_before_repeats(lines, *blocks[-1], counts))
    blocks[-1] = (blocks[-1][0], _list_after_lead_in(lines, blocks[-1][1]))
    for line in lines[: blocks[0][0]]:
        if line.reason == TABLE_REASON:
            line.label, line.reason = "boilerplate", "table above the article"
    title = _label_head(lines, blocks[0][0])
    labelled_captions = "caption" in low or "bildunterschrift" in low  # most pages hold no such label: one search
    for (first, last), following in zip(blocks, [*blocks[1:], (len(lines), -1)], strict=True):
        _label_block(lines, first, last)
        if labelled_captions:
            _mark_labelled_captions(lines, first, last)
        for line in lines[last + 1 : following[0]]:
            if not line.label or line.reason == TABLE_REASON:
                line.label, line.reason = "boilerplate", "between parts of the article" if following[1] >= 0 else "after the article body"
    _mark_author_box(lines, blocks[0][0], blocks[-1][1])
    _mark_edge_promos(lines, blocks[0][0], blocks[-1][1])
    _mark_key_points(lines, blocks[0][0], blocks[-1][1])
    body = [ln.text.strip() for ln in lines if ln.label == "body"]  # merged lines hold spaces, not newlines
    spans = [Span(ln.start, ln.start + len(ln.text), ln.text, ln.label, ln.reason) for ln in lines if ln.label != "body"]
    dateline = next((ln.text for ln in lines if ln.label == "dateline"), None)
    byline_line = next((ln for ln in lines if ln.label == "byline"), None)
    byline = byline_line.text.strip() if byline_line else None
    if dateline is None and byline_line is not None and byline_line.date_like:
        dateline = byline_line.text  # "By Saul Ingram | 27 January 2023": the date on the author's line
    article = [ln.text.strip() for ln in lines if ln.label in ARTICLE_LABELS]
    return TextCleaning(title, "\n\n".join(body), "\n\n".join(article), parse_dateline(dateline), byline, spans)


def _mark_tables(lines: list[_Line]) -> None:
    """The cells of a table that a paragraph leads into ("The standings after 36 races:", then "Pos.", "Driver",
    "Points", "1", "Jane Roe", "5040", ...), which the renderer put one a line: each looks like furniture (short,
    a number repeated on the page), but together they are the article's. `TABLE_MIN_CELLS` or more lines of at
    most `TABLE_CELL_WORDS` words right below a lead-in, `TABLE_NUMBER_SHARE` of them numbers, are labelled as a
    list; the body score counts their words, so the table can carry the article (see `_body_score`)."""
    leads = [index for index, line in enumerate(lines) if line.words >= LEAD_IN_WORDS and ":" in line.text[-3:]]
    for index in leads:  # the cheap test first, in one comprehension: few lines end in a colon
        if lines[index].label or not lines[index].text.rstrip().endswith(":"):
            continue
        end = index + 1
        while end < len(lines) and lines[end].words <= TABLE_CELL_WORDS and not lines[end].comments_header:
            end += 1
        cells = lines[index + 1 : end]
        numbers = sum(1 for cell in cells if cell.norm.replace(" ", "").isdigit())
        if len(cells) >= TABLE_MIN_CELLS and numbers >= TABLE_NUMBER_SHARE * len(cells):
            for cell in cells:
                if cell.words:
                    cell.label, cell.reason = "list", TABLE_REASON


def _list_after_lead_in(lines: list[_Line], last: int) -> int:
    """The article's last line, taking in the list that its last paragraph leads into ("Here are the offers:",
    then "1) ...", a link, "2) ...", a link): the items look like furniture one by one (short, repeated in
    shape), but a paragraph that ends in a colon promises them. `LIST_MIN_ITEMS` or more numbered or bulleted
    items in a row, each followed by at most `LIST_ITEM_LINES` lines of its own, all go on the article."""
    lead = lines[last] if 0 <= last < len(lines) else None
    if lead is None or lead.words < LEAD_IN_WORDS or not lead.text.rstrip().endswith(":"):
        return last
    end, index, items, extras, since_item = last, last + 1, 0, 0, 0
    while index < len(lines) and not lines[index].comments_header:
        line = lines[index]
        if line.bullet:
            items, since_item, end = items + 1, 0, index
        elif items and since_item < LIST_ITEM_LINES and line.words <= LIST_ITEM_WORDS and line.reason != CALL_TO_ACTION_REASON:
            since_item, extras = since_item + 1, extras + 1
        else:
            break
        index += 1
    if items < LIST_MIN_ITEMS:
        return last
    if since_item and extras == items * LIST_ITEM_LINES:  # every item has its line, the last one too
        end += since_item
    for line in lines[last + 1 : end + 1]:
        line.label, line.reason = "list", "list the article leads into"
    return end


def _mark_edge_promos(lines: list[_Line], first: int, last: int) -> None:
    """The article's first and last paragraph, when it holds `PROMO_PHRASES` or more calls to action ("Sign up
    for the free daily newsletter", "delivered to your inbox"), is the outlet's promotion, however long: one such
    phrase may be news ("the privacy rules"), two in a paragraph at the article's edge are a pitch."""
    body = [line for line in lines[first : last + 1] if line.label == "body"]
    for line in body[:1] + body[-1:] if len(body) > 1 else body:
        if len(set(CALL_TO_ACTION.findall(line.low))) >= PROMO_PHRASES:
            line.label, line.reason = "boilerplate", "promotion at the edge of the article"


def _mark_key_points(lines: list[_Line], first: int, last: int) -> None:
    """The paragraphs that open the article and say again what it says below ("Key points": a summary in a few
    sentences, each reworded from one of the article's) are its key points, not its text: `KEY_POINT_MIN` to
    `KEY_POINT_LINES` of them, each with `KEY_POINT_SHARE` of its word triples in the article's later paragraphs."""
    body = [index for index in range(first, last + 1) if lines[index].label == "body"]
    if len(body) <= KEY_POINT_LINES or not all(_key_point_length(lines[index]) for index in body[:KEY_POINT_MIN]):
        return  # the cheap test first: most articles open with no key points
    triples = [_word_triples(lines[index]) for index in body[:KEY_POINT_LINES]]
    later: set[tuple[str, ...]] = set()
    for index in body[KEY_POINT_LINES:]:
        later |= _word_triples(lines[index])
    shared = []  # from the last candidate up: each is compared with every body line below it
    for own in reversed(triples):
        shared.append(len(own & later) >= KEY_POINT_SHARE * len(own) if own else False)
        later |= own
    points = []
    for index, repeats in zip(body[:KEY_POINT_LINES], reversed(shared), strict=True):
        if not _key_point_length(lines[index]) or not repeats:
            break
        points.append(lines[index])
    if len(points) >= KEY_POINT_MIN:  # one such paragraph is a standfirst, which pages write from the article too
        for line in points:
            line.label, line.reason = "keypoints", "key point repeating the article below"


def _key_point_length(line: _Line) -> bool:
    return KEY_POINT_WORDS <= line.words <= KEY_POINT_MAX_WORDS


def _word_triples(line: _Line) -> set[tuple[str, ...]]:
    """The line's runs of three consecutive words."""
    tokens = line.tokens
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _mark_author_box(lines: list[_Line], first: int, last: int) -> None:
    """A subheading near the article's end that is its author's name and a word or two ("Sobre Carlos Nadalim",
    "About Jane Roe"), and what follows it to the end, is the author's box, not the article. The name is that of
    a line above the body that gives only a name (the byline, "By" taken off, or a line of two to four
    capitalised words next to the dateline) and is not in the headline, so no word list is needed in any language.
    Only the last `AUTHOR_BOX_LINES` lines of the article are searched."""
    names = set()
    title = next((line.text for line in lines[:first] if line.label == "title"), "")
    datelines = {at for at, line in enumerate(lines[:first]) if line.label == "dateline"}
    for at, line in enumerate(lines[:first]):
        if line.label != "byline" and at - 1 not in datelines and at + 1 not in datelines:
            continue
        text = BYLINE.sub(lambda m: m.group()[-1], line.text.strip()) if line.label == "byline" else line.text.strip()
        words = text.split()
        if 2 <= len(words) <= AUTHOR_NAME_WORDS and all(word[:1].isupper() for word in words) and line.words == len(words):
            names.add(text)
    names = {name for name in names if name not in title}  # a name in the headline is what the article is about
    if not names:
        return
    for index in range(max(first, last - AUTHOR_BOX_LINES + 1), last + 1):
        line = lines[index]
        if line.label == "heading" and any(
            name in line.text and 0 < line.words - name.count(" ") - 1 <= AUTHOR_BOX_WORDS for name in names
        ):
            for boxed in lines[index : last + 1]:
                if boxed.label in ARTICLE_LABELS:
                    boxed.label, boxed.reason = "boilerplate", "the author's box at the end of the article"
            return


def _end_before_repeats(lines: list[_Line], first: int, last: int, counts: Counter[str]) -> int:
    """The article's last line, leaving out the lines at its end that come again below it: captions of a
    picture gallery repeated in the gallery, not paragraphs (a teaser below an article repeats its opening).
    `counts` holds how often each normalised line stands on the page."""
    if last < first or last + 1 >= len(lines) or counts[lines[last].norm] < 2:
        return last
    below = {line.norm for line in lines[last + 1 :]}
    end = last
    while end > first and lines[end].norm in below and lines[end].words:
        end -= 1
    return end if last - end <= GALLERY_CAPTIONS else last  # more of the article below: a second copy of it


def _split_lines(raw: str, low: str | None = None) -> list[_Line]:
    """Non-empty lines; a paragraph hard-wrapped over several lines becomes one line, newlines read as spaces.

    A line that does not end a sentence, followed at once by one that starts in lower case, is wrapped. On a
    page wrapped throughout (a fixed-width dump: many long lines end mid-sentence with the next line right
    below), the next line may start with a capital too ("... minister Kaspar" / "Nordahl said ...").
    `low` is `raw` lower-cased, when the caller has it.
    """
    rows = _raw_lines(raw, raw.lower() if low is None else low)
    if len(rows) < 2:
        return rows
    wrapped_page = _wrapped_throughout(rows)
    lines, last = [rows[0]], rows[0]
    for row in rows[1:]:
        # Most lines of a page dump are short (menus, links), too short to wrap: the cheap test first.
        if last.words >= WRAP_MIN_WORDS and not row.after_blank and _continues(last, row.text, wrapped_page):
            last.text += " " + row.text  # the space keeps the words of both lines apart
            last.low += " " + row.low
            last.tokens += row.tokens
            last.norm = " ".join(last.tokens)
            last.words += row.words
        else:
            lines.append(row)
            last = row
    return lines


def _raw_lines(raw: str, low_page: str) -> list[_Line]:
    """The non-empty lines of the dump as they stand, before hard-wrapped lines are joined."""
    rows: list[_Line] = []
    offset, previous_blank = 0, True
    unspaced = _may_hold_unspaced(low_page)
    for text, low in zip(raw.split("\n"), low_page.split("\n"), strict=True):  # lower() keeps every newline
        if text.strip(INVISIBLE):
            tokens = WORD_CHARS.findall(low)
            words = len(tokens)
            if "-" in low or "'" in low or "’" in low:
                words -= len(WORD_JOINER.findall(low))
            if unspaced and not low.isascii():
                words += _unspaced_words(low)
            rows.append(_Line(offset, text, low, tokens, " ".join(tokens), words, previous_blank))
            previous_blank = False
        else:
            previous_blank = True
        offset += len(text) + 1
    return rows


def _find_comment_headers(lines: list[_Line], raw: str, low_page: str | None = None) -> None:
    """Set `comments_header` on the lines that open a comment section. The hint words are looked up in the whole
    page with `str.find`, far faster than a regex search per line; only the few lines holding one are tested.
    `low_page` is `raw` lower-cased, when the caller has it."""
    low_page = raw.lower() if low_page is None else low_page
    if len(low_page) != len(raw):  # a letter that lower-cases to two ("İ") moves the offsets: line by line then
        for line in lines:
            line.comments_header = is_comments_header(line.text, line.low)
        return
    starts = [line.start for line in lines]
    hinted: set[int] = set()
    for needle in COMMENTS_HEADER_NEEDLES:
        at = low_page.find(needle)
        while at >= 0:
            hinted.add(bisect_right(starts, at) - 1)
            at = low_page.find(needle, at + 1)
    for index in hinted:
        if index >= 0:
            lines[index].comments_header = is_comments_header(lines[index].text, lines[index].low)


def _find_tweets(lines: list[_Line], low_page: str) -> None:
    """Set `tweet` on the lines of a post embedded from Twitter: its text, ending in its link ("... https://t.co/Ab12"),
    or its signature ("— Jane Roe (@janeroe) November 18, 2019"). The article quotes it, so it is the article's text.
    Most pages hold none: the page is searched first, the lines only when it holds one."""
    if "t.co/" not in low_page and "pic.twitter.com" not in low_page and "(@" not in low_page:
        return
    for line in lines:
        low = line.low
        signature = "(@" in low and low.lstrip()[:1] in TWEET_SIGNATURE_LEADS and line.date_like
        line.tweet = signature or "t.co/" in low or "pic.twitter.com" in low


def _may_hold_unspaced(page: str) -> bool:
    """Whether the page may hold Chinese or Japanese: a few byte searches of its UTF-8 for the first bytes of their
    characters, against a regex search of every character (five times slower) or a line by line one."""
    data = page.encode("utf-8", "surrogatepass")
    return any(lead in data for lead in CJK_LEAD_BYTES)


def _unspaced_words(low: str) -> int:
    """Words of Chinese and Japanese text, written without spaces: a run of their characters is one `WORD`
    however long, so a paragraph would count as a word or two. About two characters make a word."""
    return sum(max(len(run) // CJK_CHARS_PER_WORD - 1, 0) for run in CJK_RUN.findall(low))


def _wrapped_throughout(rows: list[_Line]) -> bool:
    """Whether most long lines end mid-sentence with more text right below them: a hard-wrapped dump."""
    long_lines = [i for i, row in enumerate(rows) if row.words >= WRAP_MIN_WORDS]
    if not long_lines:
        return False
    widths = sorted(len(rows[i].text.rstrip()) for i in long_lines)
    if widths[int(0.95 * (len(widths) - 1))] > WRAP_WIDTH:
        return False  # paragraphs on lines of their own, as a web page renders them
    mid_sentence = [i for i in long_lines if i + 1 < len(rows) and not rows[i + 1].after_blank and not _ends_paragraph(rows[i].text)]
    if len(mid_sentence) < WRAPPED_LINES or len(mid_sentence) < WRAPPED_SHARE * len(long_lines):
        return False
    # Most words are lower case, so most wrapped lines go on in lower case; a list of headlines and dates does not.
    lower_next = sum(1 for i in mid_sentence if rows[i + 1].text.lstrip()[:1].islower())
    widths = [len(rows[i].text.rstrip()) for i in mid_sentence]
    near_width = sum(1 for width in widths if width >= max(widths) - WRAP_RAGGED)  # one width wraps every line close to it
    return lower_next >= WRAPPED_SHARE * len(mid_sentence) and near_width >= WRAPPED_SHARE_NEAR_WIDTH * len(mid_sentence)


def _continues(previous: _Line, current: str, wrapped_page: bool = False) -> bool:
    """Whether `current` goes on with the paragraph of `previous`. A capital after the break joins only on a
    page wrapped throughout, and only between lines of sentence case: a line mostly in capitalised words is a
    headline or a section trail ("HomeLatest NewsFerry Fares Rise"), not the start of a wrapped paragraph."""
    stripped = current.lstrip()
    if not stripped or previous.words < WRAP_MIN_WORDS or not (stripped[0].islower() or wrapped_page):
        return False
    if _ends_paragraph(previous.text) or BULLET.match(current):
        return False
    return stripped[0].islower() or (_lower_share(previous.text) >= WRAP_LOWER_SHARE and _lower_share(stripped) >= WRAP_LOWER_SHARE)


def _lower_share(text: str) -> float:
    """The share of the words of `text` that start in lower case (0 for a text without words)."""
    words = WORD.findall(text)
    return sum(1 for word in words if word[0].islower()) / len(words) if words else 0.0


def _ends_paragraph(text: str) -> bool:
    """Ends in a stop (`WRAP_STOPS`): the line is whole, not hard-wrapped onto the next one."""
    return text.rstrip()[-1:] in WRAP_STOPS


def _outside_quotes(text: str) -> str:
    return QUOTED.sub(" ", text)


def _is_appeal(line: _Line) -> bool:
    """A plea to the reader: first/second-person address outside quotes, as news reporting never does."""
    if ADDRESS_TOKENS.isdisjoint(line.tokens):
        return False
    cheap = sum(map(ADDRESS_TOKENS.__contains__, line.tokens))
    if cheap < 2:
        return False  # the exact test below finds no more than this cheap one
    # Each `ADDRESS_WORDS` match is a whole token: of `ADDRESS_TOKENS`, or one starting "unser" ("unsereins").
    most = cheap if "unser" not in line.low else sum(1 for t in line.tokens if t in ADDRESS_TOKENS or t.startswith("unser"))
    if not _addresses_reader(most, line.words):
        return False  # not even with every such token outside quotes: spares the regex on long paragraphs
    return _addresses_reader(len(ADDRESS_WORDS.findall(_outside_quotes(line.text))), line.words)


def _addresses_reader(hits: int, words: int) -> bool:
    """Enough first/second-person words among `words` to be an appeal (never fewer with more hits)."""
    share = hits / max(words, 1)
    return (hits >= 3 and share >= 0.05) or (hits >= 2 and share >= 0.12)


def _mark_boilerplate(lines: list[_Line], site: str | None, memory: SiteMemory | None) -> Counter[str]:
    """Label the clutter recognised line by line; returns how often each normalised line stands on the page."""
    texts = [ln.norm for ln in lines]
    page = _PageTexts(texts)
    counts = Counter(texts)
    shapes = [_shape(ln) if ln.words <= SHAPE_WORDS else None for ln in lines]
    shape_counts = Counter(shapes)
    seen: set[str] = set()
    for line, shape in zip(lines, shapes, strict=True):
        norm = line.norm
        first_time = norm not in seen
        seen.add(norm)
        if line.words == 0:
            line.label, line.reason = "boilerplate", "no words"
        elif counts[norm] > 1 and (line.words <= 6 or not first_time):
            # Ad markers and footers repeat as they are; a body sentence repeated later is a teaser of it.
            line.label, line.reason = "boilerplate", "repeated on the page"
        elif shape is not None and shape_counts[shape] >= TEMPLATE_REPEATS:
            line.label, line.reason = "boilerplate", "template line repeated on the page (comments, listings)"
        elif ((line.words < 25 or not line.sentence_end) and line.call_to_action and not _quotes_someone(line)) or (
            line.tokens and line.tokens[0] in LEAD_WORDS and _sends_elsewhere(line)
        ):
            # long lines only when not sentences, or when they send the reader elsewhere
            line.label, line.reason = "boilerplate", CALL_TO_ACTION_REASON
        elif line.text.rstrip().endswith(TEASER_ENDS) and page.repeats_another_line(norm):
            line.label, line.reason = "boilerplate", "teaser repeating the article"
        elif memory and site and memory.seen_elsewhere(site, norm) and (line.words < 12 or not _sentence_like(line)):
            line.label, line.reason = "boilerplate", "repeated across pages of this site"
    return counts


def _quotes_someone(line: _Line) -> bool:
    """A sentence of `QUOTING_WORDS` or more that quotes someone's words (a quote closed after a comma or a stop:
    "Privacy is not a "bolt-on thing," Cook said."): a report's, whatever call to action its words hold. A title
    in quotes ("Subscribe to "Space Weekly"") is no quote of words spoken. The regex runs only on the few lines
    that hold a call to action."""
    return line.words >= QUOTING_WORDS and line.sentence_end and bool(SPOKEN_QUOTE_END.search(line.text))


def _sends_elsewhere(line: _Line) -> bool:
    """Whether the line starts with "click" (`CLICK_WORDS`), or with "follow" and names a social network ("Follow
    the Opinion desk on Facebook, Twitter and Instagram."): a teaser or a plea, however long it is."""
    if not line.tokens:
        return False
    lead = line.tokens[0]
    if lead in CLICK_WORDS:
        return True
    # "Follow-up talks on Twitter's ..." is news: the word alone, then a space, is the order
    return lead in FOLLOW_WORDS and line.low.lstrip().startswith(lead + " ") and not SOCIAL_NETWORKS.isdisjoint(line.tokens)


def _ends_sentence(text: str) -> bool:
    """Ends with a full stop, a question or exclamation mark, or one of them inside a closing quote or bracket.
    A quote closed with no stop before it ends a headline ("… as panic begins – 'The plague is coming'"): a
    sentence ends inside its quote, or after it ("… he said „no“.")."""
    last = text[-1:]
    if not last:
        return False
    return last in SENTENCE_STOPS or ((last in QUOTE_CLOSERS or last == ")") and text[-2:-1] in SENTENCE_STOPS and len(text) > 1)


def _sentence_like(line: _Line) -> bool:
    return line.words >= 8 and line.sentence_end


def _shape(line: _Line) -> str | None:
    """The shape of a short line with a number or a final colon: "solo681 says:" and "joe says:" share one.

    Such lines repeating on a page are a template (user names and time stamps over comments, dates over a
    list of links), not article text. Other lines have no shape, so they never count as repeats.
    """
    if line.words > SHAPE_WORDS:
        return None
    text = line.text.strip()
    # Digits are word characters: tokens of letters alone (`isalpha`) spare the regex.
    if not (text.endswith(":") or (not line.norm.replace(" ", "").isalpha() and DIGIT.search(text))):
        return None
    return DIGITS.sub("0", LETTERS.sub("a", text))


class _PageTexts:
    """The normalised lines of a page, and the page as one string of them, built on first use: a teaser's opening
    is looked up in the page by `str.find` instead of line by line."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = ""
        self.starts: list[int] = []

    def repeats_another_line(self, norm: str) -> bool:
        """Whether another line (not a copy of this one) holds this line's first 60 characters (20 at least)."""
        head = norm[:60]
        if len(head) < 20:
            return False
        if not self.starts:
            self.joined = "\n".join(self.texts)  # a line break can be in no head: every match lies inside one line
            self.starts = list(accumulate((len(t) + 1 for t in self.texts[:-1]), initial=0))
        joined, starts, texts = self.joined, self.starts, self.texts
        at = joined.find(head)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if texts[index] != norm:
                return True
            at = joined.find(head, starts[index] + len(texts[index]) + 1)
        return False


def _mostly_lower(text: str) -> bool:
    """Whether a long line that ends in a word, not a stop, reads as a sentence that lost its full stop: half its
    words or more start in lower case, as a paragraph's do, where a menu's or a headline's start in capitals.
    A line ending in a bracket or quote is left out: a caption ending in its credit ("[Jane Roe/AP]")."""
    if not text.rstrip()[-1:].isalnum():
        return False
    return _lower_share(text) >= LOWER_SHARE


def _is_body(line: _Line) -> bool:
    return not line.label and line.words >= PROSE_MIN_WORDS and line.prose  # the cheap test first: most lines are short


def _body_blocks(lines: list[_Line], counts: Counter[str]) -> list[tuple[int, int]]:
    """The first and last line of each part of the article: the densest run of body text on the page, and the
    strong runs beside it that a box (related stories, a newsletter sign-up) cut off from it.

    Candidate runs come from maximum subsequence segmentation (Pasternack and Roth, 2009) over lines: a
    body-like line scores its word count, anything else a penalty, clutter a bigger one, and each run ends where
    its total peaks. An article with a subheading, a caption or an ad box inside stays one run, since its
    paragraphs outweigh the few lines between them; a menu or a comment thread (short remarks between user
    names and time stamps) does not join it. Runs never cross a comment-section header. Among the runs, the
    winner has the most body words weighted by how unbroken they are: a list of related stories (a headline,
    a teaser, a headline, a teaser) can hold as many words as the article, but only half its lines are prose.
    A run whose every paragraph stands again on the article's far side (`counts` holds how often each normalised
    line stands on the page) is a notice printed above and below it, never a part.
    """
    runs, carried = _candidate_runs(lines)
    comments_from = _comment_section_start(lines, runs)
    scored = [(_run_score(lines, run, comments_from), run) for run in runs]
    best_score, best = max(scored, default=(0.0, (len(lines), -1, 0.0)))
    if best_score <= 0:
        return [(len(lines), -1)]
    blocks = [best]
    for score, run in sorted(scored, reverse=True):
        if run is best or score < PART_SHARE * best_score or score < PART_MIN_WORDS:
            continue
        if _frames_the_article(lines, run, best, counts):
            continue
        if any(_near(run, block) for block in blocks) and not _in_comment_section(run, blocks, comments_from):
            blocks.append(run)
    blocks += _gap_parts(lines, carried, blocks, best_score, comments_from)
    blocks += _tail_part(lines, runs + carried, blocks, comments_from)
    return sorted((start, end) for start, end, _ in blocks)


def _tail_part(lines: list[_Line], runs: list[Run], blocks: list[Run], comments_from: int) -> list[Run]:
    """The paragraphs right below the article, past a line or two of clutter ("CLICK HERE TO GET THE APP"): the
    article's last words, too few to outweigh the clutter before them. A run of prose at most `TAIL_GAP_LINES`
    below the article's end, with `TAIL_MIN_WORDS` or more, every line of it a paragraph, joins it, unless a
    name stands right above it (see `_may_be_a_name`)."""
    last = max(b[1] for b in blocks)
    near = [run for run in runs if last < run[0] <= last + TAIL_GAP_LINES + 1 and run[0] <= comments_from and run[2] >= TAIL_MIN_WORDS]
    for start, end, total in near:
        if all(_is_body(line) for line in lines[start : end + 1]) and not _may_be_a_name(lines[start - 1]):
            return [(start, end, total)]
    return []


def _may_be_a_name(line: _Line) -> bool:
    """A line of a few capitalised words ("Jane Roe", "Mäscot"): over a paragraph below the article, the name
    that heads its author's or the site's blurb, not furniture the article goes on after."""
    return line.words <= AUTHOR_NAME_WORDS and not line.text.isupper() and _lower_share(line.text) == 0


def _frames_the_article(lines: list[_Line], run: Run, best: Run, counts: Counter[str]) -> bool:
    """Whether every paragraph of `run` stands again on the far side of the article `best`: a notice printed at
    the top and the foot of the page ("Quotes delayed at least 15 minutes ..."), which is no part of the article.
    A paragraph printed twice on one side of it (a standfirst in a banner and again in the article's header) may be."""
    prose = [line.norm for line in lines[run[0] : run[1] + 1] if _is_body(line)]
    if not prose or any(counts[norm] < 2 for norm in prose):
        return False  # the cheap test first: most parts hold a paragraph seen once
    far = lines[best[1] + 1 :] if run[0] < best[0] else lines[: best[0]]
    far_side = {line.norm for line in far}
    return all(norm in far_side for norm in prose)


def _gap_parts(lines: list[_Line], carried: list[Run], blocks: list[Run], best_score: float, comments_from: int) -> list[Run]:
    """The runs a stronger run carried through (see `_candidate_runs`) that lie between two parts of the article
    and are as strong as a part: paragraphs between picture captions. Beyond the article's ends such a run is
    more often a footer or a teaser box, so there it joins nothing."""
    first, last = min(b[0] for b in blocks), max(b[1] for b in blocks)
    return [
        run
        for run in carried
        if first < run[0]
        and run[1] < last
        and not _in_comment_section(run, blocks, comments_from)
        and (score := _run_score(lines, run, comments_from)) >= PART_SHARE * best_score
        and score >= PART_MIN_WORDS
    ]


def _run_score(lines: list[_Line], run: tuple[int, int, float], comments_from: int) -> float:
    start, end, total = run
    prose = sum(1 for line in lines[start : end + 1] if _is_body(line) or line.reason == TABLE_REASON)
    score = total * prose / (end - start + 1)
    return score * COMMENTS_WEIGHT if comments_from < start else score


def _near(run: tuple[int, int, float], block: tuple[int, int, float]) -> bool:
    gap = run[0] - block[1] if run[0] > block[1] else block[0] - run[1]
    return 0 < gap <= PART_GAP_LINES


def _in_comment_section(run: tuple[int, int, float], blocks: list[tuple[int, int, float]], comments_from: int) -> bool:
    """Whether the run, or a part of the article found so far, lies below the comment section's header: readers'
    talk joins no article, however strong."""
    return run[0] > comments_from or any(b[0] > comments_from for b in blocks)


def _comment_section_start(lines: list[_Line], runs: list[tuple[int, int, float]]) -> int:
    """The first comment-section header below an article-sized run (past the end when there is none)."""
    article_ends = [end for _, end, total in runs if total >= ARTICLE_WORDS]
    if not article_ends:
        return len(lines)
    first_end = min(article_ends)
    return next((i for i in range(first_end + 1, len(lines)) if lines[i].comments_header), len(lines))


def _candidate_runs(lines: list[_Line]) -> tuple[list[Run], list[Run]]:
    """The maximal runs as Kadane's algorithm restarts, and the runs they carried: a run ends at its peak, but
    its total stays above zero for a while after it, and those lines (two paragraphs between picture captions
    in the middle of a report) may hold runs of their own, found by scanning each such tail again."""
    voice = _speaks_to_reader(lines)
    runs, tails = _maximal_runs(lines, 0, len(lines), voice)
    carried: list[Run] = []
    while tails:
        inner, more = _maximal_runs(lines, *tails.pop(), voice)
        carried += inner
        tails += more
    return runs, carried


def _maximal_runs(lines: list[_Line], lo: int, hi: int, voice: bool) -> tuple[list[Run], list[tuple[int, int]]]:
    """(first, last, total score) of each run of `lines[lo:hi]` as Kadane's algorithm restarts, and the tail
    after each run's peak, up to where the next run starts."""
    runs: list[Run] = []
    tails: list[tuple[int, int]] = []
    running, start, peak = 0.0, lo, (lo, lo - 1, 0.0)
    for index in range(lo, hi):
        line = lines[index]
        barrier = line.comments_header
        if running <= 0 or barrier:
            if peak[2] > 0:
                runs.append(peak)
                tails.append((peak[1] + 1, index))
            running, start, peak = 0.0, index, (index, index - 1, 0.0)
            if barrier:
                continue
        running += _body_score(line, voice, running > 0)
        if running > peak[2]:
            peak = (start, index, running)
    if peak[2] > 0:
        runs.append(peak)
        tails.append((peak[1] + 1, hi))
    return runs, [(first, end) for first, end in tails if first < end]


def _speaks_to_reader(lines: list[_Line]) -> bool:
    """Whether addressing the reader is the voice of the page (a blog post, a recipe, a how-to), not a plea
    boxed into a news report: then an appeal is body like any other paragraph."""
    prose = [line for line in lines if _is_body(line)]
    words = sum(line.words for line in prose)
    return words > 0 and sum(line.words for line in prose if line.appeal) >= VOICE_SHARE * words


def _body_score(line: _Line, voice: bool = False, continuing: bool = False) -> float:
    if line.reason == TABLE_REASON:
        return float(line.words)
    if line.label == "boilerplate":
        return -(CLUTTER_PENALTY + line.words) if line.words else -1.0
    if line.tweet:
        return float(line.words)
    if not voice and line.appeal and not (continuing and not line.call_to_action and OUTLET_VOICE.isdisjoint(line.tokens)):
        return -APPEAL_SHARE * line.words
    if _is_body(line):
        return float(line.words)
    if line.words <= 14 and line.date_like:
        return -2 * LINE_PENALTY  # time stamps stand over comments and lists of links, rarely inside a report
    if line.words >= 4 and line.sentence_end:
        return 1.0
    return -LINE_PENALTY


def _label_head(lines: list[_Line], first: int) -> str | None:
    """Label the lines above the body: the headline nearest the body, datelines, bylines, captions, clutter."""
    head = [i for i in range(first) if not lines[i].label]
    # The last headline-shaped line wins: searched from the body up, so the menus above it are not all tested.
    chosen = next((i for i in reversed(head) if _looks_like_headline(lines[i])), head[0] if head else None)
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
        and not line.bullet
        and not BYLINE.match(text)
        and not line.credit
        and not (line.words <= 14 and line.date_like)
        and not BREADCRUMB.search(text)
        and not _is_section_trail(text)
    )


def _is_section_trail(text: str) -> bool:
    """Whether `text` is two or more short items split by bars or arrows ("Science | Space", "Home › World")."""
    items = TRAIL_SEPARATOR.split(text)
    return len(items) >= 2 and all(len(WORD.findall(item)) <= TRAIL_ITEM_WORDS for item in items)


def _label_aside(line: _Line, where: str) -> None:
    if line.bullet:
        line.label, line.reason = "keypoints", "bullet point"
    elif BYLINE.match(line.text.strip()):
        line.label, line.reason = "byline", "author line"
    elif _is_dateline(line):
        line.label, line.reason = "dateline", "date line"
    elif line.credit:
        line.label, line.reason = "caption", "picture caption with credit"
    elif line.words >= 8 and line.sentence_end:
        line.label, line.reason = "caption", f"sentence {where}"
    else:
        line.label, line.reason = "boilerplate", f"short line {where}"


def _is_dateline(line: _Line) -> bool:
    """A short line that is mostly a date ("PUBLISHED: 00:01, Tue, Nov 19, 2019"), not a sentence with one."""
    return line.words <= 14 and line.date_like and not (line.words >= 6 and line.text.rstrip().endswith("."))


def _label_block(lines: list[_Line], first: int, last: int) -> None:
    """Inside the body block, a line is body unless it is clutter, a caption, a bullet or a subheading."""
    _mark_boxes(lines, first, last)
    in_head = True  # bylines and datelines stand above the first paragraph, even inside the block
    for line in lines[first : last + 1]:
        if line.label:
            continue
        if line.tweet:
            line.label, line.reason = "body", ""
        elif in_head and line.words <= BYLINE_WORDS and BYLINE.match(line.text.strip()):
            line.label, line.reason = "byline", "author line"
        elif in_head and _is_dateline(line):
            line.label, line.reason = "dateline", "date line"
        elif _is_body(line) or (line.words >= 4 and line.sentence_end and not line.credit):
            line.label, line.reason = "body", ""
            in_head = in_head and line.words < HEAD_WORDS
        elif line.bullet:
            line.label, line.reason = "list", "list item inside the article"
        elif line.credit:
            line.label, line.reason = "caption", "picture caption with credit"
        elif line.words >= SHOUTED_WORDS and not line.sentence_end and line.text.isupper():
            line.label, line.reason = "boilerplate", "a link in capitals inside the article"
        elif STORY_LINK_LEAD.match(line.low):
            line.label, line.reason = "boilerplate", "a link to another story inside the article"
        else:
            line.label, line.reason = "heading", "subheading inside the article"
    _mark_headline_lists(lines, first, last)
    _mark_captions_above_credits(lines, first, last)


def _mark_labelled_captions(lines: list[_Line], first: int, last: int) -> None:
    """The line below a screen reader's label "Image caption" (`CAPTION_LABELS`), or one that starts with such a
    label glued on ("Media captionThe minister arrives ..."), is a picture's caption, not the article's text."""
    for index in range(first, last + 1):
        line = lines[index]
        if line.label not in ARTICLE_LABELS:
            continue
        above = lines[index - 1].norm if index > 0 else ""
        if above in CAPTION_LABELS or line.low.startswith(CAPTION_LABELS):
            line.label, line.reason = "caption", "caption below its label"


def _agency_credit(line: _Line) -> bool:
    """A credit naming a picture agency and nothing else: a few words, each capitalised ("Photo: Getty Images",
    "Jane Roe | Bloomberg"). An agency's picture comes with its caption; a photographer's own credit ("Foto: Jane
    Roe") often stands under a paragraph, above the picture it belongs to."""
    if line.words > CAPTION_CREDIT_WORDS or AGENCY_WORDS.isdisjoint(line.tokens):
        return False
    return line.credit and _lower_share(line.text) == 0


def _mark_captions_above_credits(lines: list[_Line], first: int, last: int) -> None:
    """A paragraph right above a picture agency's credit ("Photo: Getty Images", "Jane Roe | Bloomberg") is the
    picture's caption: a renderer writes the caption and then its credit, one under the other. A caption that
    ends in its credit ("The harbour at dawn (Image: Getty)") holds its own text, so the paragraph above it stays."""
    for index in range(first, last):
        line, below = lines[index], lines[index + 1]
        if line.label == "body" and line.words <= CAPTION_WORDS and below.label == "caption" and _agency_credit(below):
            line.label, line.reason = "caption", "picture caption above its credit"


def _mark_headline_lists(lines: list[_Line], first: int, last: int) -> None:
    """Headlines one under the other inside the article, below a line of furniture ("Related articles", "DON'T
    MISS"), are a box of links to other stories, not subheadings: a subheading leads into paragraphs of its own,
    so two of `HEADLINE_LIST_WORDS` words or more never stand in a row. Items of a list the article itself holds
    stand below a paragraph or a subheading in sentence case, never below furniture."""
    index = first + 1
    while index <= last:
        end = index
        while end <= last and lines[end].label == "heading" and lines[end].words >= HEADLINE_LIST_WORDS:
            end += 1
        if end - index >= 2 and _is_box_header(lines[index - 1]):
            for line in lines[index - 1 : end]:
                line.label, line.reason = "boilerplate", "headlines in a row below furniture inside the article"
        index = end + 1


def _is_box_header(line: _Line) -> bool:
    """Furniture that heads a box: clutter, or a short subheading in capitals ("DON'T MISS")."""
    return line.label == "boilerplate" or (line.label == "heading" and line.words < HEADLINE_LIST_WORDS and line.text.isupper())


def _mark_boxes(lines: list[_Line], first: int, last: int) -> None:
    """A box set into the article ("Most read in world news", then a list of headlines) ends at the next
    paragraph: the lines after a call to action, when `BOX_LINES` or more of them come before that paragraph, are
    the box's. One short line after an ad marker is the subheading that goes on with the article."""
    index = first
    while index <= last:
        if lines[index].reason != CALL_TO_ACTION_REASON:
            index += 1
            continue
        end = index + 1
        while end <= last and not _is_body(lines[end]) and not (lines[end].words >= 4 and lines[end].sentence_end):
            end += 1
        if end - index - 1 >= BOX_LINES:
            for line in lines[index + 1 : end]:
                if not line.label:
                    line.label, line.reason = "boilerplate", "box inside the article"
        index = end


def parse_dateline(line: str | None) -> datetime | None:
    """A publication time from a dateline such as 'Monday, 06 December 2021 12:50 PM EST' or
    'Dienstag, 14. März 2023, 09:40 Uhr' (dateutil, fuzzy; about a hundred times faster than dateparser)."""
    if not line:
        return None
    cleaned = BYLINE.sub("", line).split("|")[-1].strip()
    cleaned = FOREIGN_MONTH.sub(lambda m: FOREIGN_MONTHS[m.group().lower()], cleaned).replace("Uhr", "")
    try:
        with warnings.catch_warnings():
            # A zone name it does not know ("AMT") leaves the time naive, which is all we can say; not a warning.
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            moment, skipped = dateutil_parser.parse(cleaned, fuzzy_with_tokens=True, tzinfos=ZONES)
    except (ValueError, OverflowError):
        return None
    words_skipped = sum(len(WORD.findall(token)) for token in skipped)
    return moment if words_skipped <= DATELINE_OTHER_WORDS else None  # a date inside a sentence is no dateline
