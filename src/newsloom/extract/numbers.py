"""Numbers with what they count: "up to 175,000 troops", "13,000 dead", "20%", "$10,000 a month".

English values and physical units come from quantulum3; what a bare number counts is the noun that follows it
in spaCy's parse ("175,000 troops" -> troop). Other languages get a rule for their number format (German
"175.000 Soldaten") and the following word as the counted thing. Years stand alone as unit "year".
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsloom.model import Number, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

APPROXIMATE = re.compile(
    r"(?:up to|more than|over|about|around|nearly|almost|some|roughly|at least|bis zu|mehr als|rund|etwa|fast)\s*$", re.IGNORECASE
)
GERMAN_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:\s*(Millionen|Milliarden|Prozent|%))?(?:\s+([A-ZÄÖÜa-zäöüß][\wäöüß-]+))?"
)
SCALE = {"millionen": 1e6, "milliarden": 1e9}
DIMENSIONLESS = {"dimensionless", ""}
MISREAD_UNITS = {"minute of arc": "minute", "second of arc": "second", "penny": "pence"}
"""quantulum3 reads "11 minutes" as an angle; news means time."""


def load_parser() -> None:
    """Load quantulum3's parser now (once per process)."""
    _quantulum()


@lru_cache(maxsize=1)
def _quantulum() -> Any:
    """quantulum3's parser, always with its rule-based unit disambiguation. When scikit-learn is importable it
    would switch to a pickled classifier instead, which a newer scikit-learn cannot load (every article fails
    with "No module named '_loss'"), and its answers would change with what else is installed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import classifier, parser

    classifier.USE_CLF = False
    return parser


NUMBER_WORD = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?"
    r"|half|thirds?|quarters?)\b",
    re.IGNORECASE,
)
FRACTION_WORD = re.compile(r"\b(?:half|thirds?|quarters?)\b", re.IGNORECASE)
SHARE = "share of "
"""The unit of a fraction of something ("half of these troops": 0.5, "share of troop"): a part, not a count."""
THOSE = "those "
"""Marks a share of something named before ("half of those Russian units"), resolved to what was counted."""


def find_numbers(text: str, sentences: list[Sentence], language: str, doc: Doc | None, skip: list[tuple[int, int]]) -> list[Number]:
    """Numbers outside the `skip` spans (clock times are numbers too, but not counts)."""
    found = _english(text, sentences, doc) if language == "en" and doc is not None else _by_rule(text, sentences)
    return [n for n in found if not any(s < n.end and n.start < e for s, e in skip)]


def _english(text: str, sentences: list[Sentence], doc: Doc) -> list[Number]:
    parser = _quantulum()
    found: list[Number] = []
    for sentence in sentences:
        if not NUMBER_WORD.search(sentence.text):
            continue  # quantulum3 is the slowest step of extraction; most sentences state no number
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(sentence.text)
        for q in quantities:
            start = sentence.start + q.span[0]
            end = sentence.start + q.span[1]
            if not NUMBER_WORD.search(q.surface):
                continue
            value, unit = _value_and_unit(float(q.value), q.unit.name, q.surface, doc, end)
            if unit.startswith(SHARE + THOSE):
                unit = _referred_share(unit, found, sentence.index)
            if not unit:
                continue
            approx = bool(APPROXIMATE.search(text[max(0, start - 14) : start]))
            found.append(Number(value, unit, q.surface, start, end, sentence.index, approx))
    return found


def _referred_share(unit: str, earlier: list[Number], sentence: int) -> str:
    """ "Half of those Russian units", after "175,000 troops, armored units and artillery": a share of what the
    last count of the sentence or the two before it counted, so two sources' wordings of one share line up."""
    for number in reversed(earlier):
        if number.sentence < sentence - 2:
            break
        if number.unit not in ("year", "percentage") and not number.unit.startswith(SHARE):
            return SHARE + number.unit
    return unit.replace(THOSE, "", 1)


def _value_and_unit(value: float, unit: str, surface: str, doc: Doc, end: int) -> tuple[float, str]:
    """quantulum3's reading made news-shaped; an empty unit when the number counts nothing nameable."""
    unit = MISREAD_UNITS.get(unit, unit)
    if unit == "dozen":
        value, unit = value * 12, "dimensionless"
    if unit not in DIMENSIONLESS:
        return value, unit
    if value < 1 and FRACTION_WORD.search(surface):
        whole = _whole_of(doc, end)
        return value, SHARE + whole if whole else ""
    year_like = _is_year(value, surface)
    return value, _counted_noun(doc, end, year_like) or ("year" if year_like else "")


def _counted_noun(doc: Doc, end: int, year_like: bool) -> str | None:
    """The lemma of the noun right after a bare number: what it counts (a year counts nothing singular)."""
    span = doc.char_span(end, min(len(doc.text), end + 40), alignment_mode="expand")
    if span is None:
        return None
    for token in span[:4]:
        if year_like and token.tag_ != "NNS":
            return None
        if token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and token.lower_ in ("dead", "injured", "wounded", "missing")):
            return token.lemma_.lower()
        if token.pos_ not in ("ADJ", "NUM", "PUNCT", "ADV") or token.text in (",", ";", "."):
            return None
    return None


def _whole_of(doc: Doc, end: int) -> str | None:
    """What a fraction is a part of: the noun of the "of" phrase right after it ("half of those Russian units"
    -> unit). A fraction with no "of" ("cut in half") or an ordinal before it ("the second half of the year":
    a stretch of time) states no share of anything."""
    span = doc.char_span(end, min(len(doc.text), end + 60), alignment_mode="expand")
    if span is None or len(span) < 2 or span[0].lower_ != "of":
        return None
    before = doc[span.start - 2] if span.start >= 2 else None
    if before is not None and (before.tag_ in ("JJ", "JJR", "JJS") or before.ent_type_ == "ORDINAL"):
        return None
    demonstrative = span[1].lower_ in ("these", "those")
    for token in span[1:6]:
        if token.pos_ in ("NOUN", "PROPN"):
            if token.dep_ == "compound":
                continue  # a noun modifying the head ("half of the voting age population")
            return (THOSE if demonstrative else "") + token.lemma_.lower()
        if token.pos_ not in ("DET", "ADJ", "NUM", "PRON") or token.lower_ in ("it", "them", "us"):
            return None
    return None


def _is_year(value: float, surface: str) -> bool:
    return value.is_integer() and 1800 <= value <= 2100 and "," not in surface


def _by_rule(text: str, sentences: list[Sentence]) -> list[Number]:
    found = []
    for match in GERMAN_NUMBER.finditer(text):
        whole, fraction, scale, word = match.groups()
        value = float(whole.replace(".", "") + (f".{fraction}" if fraction else ""))
        if scale and scale.lower() in SCALE:
            value *= SCALE[scale.lower()]
        if scale and scale.lower() in ("prozent", "%"):
            unit = "percentage"
        elif word and word[0].isupper():
            unit = word.lower()
        elif _is_year(value, whole):
            unit = "year"
        else:
            continue
        index = next((s.index for s in sentences if s.start <= match.start() < s.end), -1)
        approx = bool(APPROXIMATE.search(text[max(0, match.start() - 14) : match.start()]))
        found.append(Number(value, unit, match.group().strip(), match.start(), match.end(), index, approx))
    return found
