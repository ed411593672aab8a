"""Copy linking: the monotone sentence alignment and the relation decision on hand-made articles."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from newsloom.config import Config
from newsloom.fingerprint import article_vector, embed, minhash
from newsloom.identify import split_sentences
from newsloom.link import decide, in_runs, inner_update, link_copies, monotone_alignment, pair_similarity, shingle_containment
from newsloom.model import Article, Span

ORIGINAL = (
    "Fire crews spent the night fighting a blaze at a timber yard on the edge of Kessdorf. "
    "The fire started shortly after 9 p.m. in a storage shed and spread to two stacks of pine boards. "
    "About 80 firefighters from six stations were called in, the district fire service said. "
    "Residents of twelve nearby houses were asked to keep their windows closed because of the smoke. "
    "No one was injured, and the cause of the fire is not yet known."
)
REWORDED = (
    "Firefighters battled a blaze through the night at a lumber yard on the outskirts of Kessdorf. "
    "The fire broke out soon after 9 p.m. in a storage shed and then spread to two piles of pine planks. "
    "Some 80 firefighters from six stations were deployed, according to the district fire service. "
    "People living in twelve houses nearby were told to keep their windows shut due to the smoke. "
    "Nobody was hurt, and what caused the fire remains unclear."
)
GERMAN = (
    "Die Feuerwehr kämpfte die ganze Nacht gegen einen Brand auf einem Holzlager am Rand von Kessdorf. "
    "Das Feuer brach kurz nach 21 Uhr in einem Lagerschuppen aus und griff auf zwei Stapel Kiefernbretter über. "
    "Rund 80 Feuerwehrleute aus sechs Wachen waren im Einsatz, teilte die Kreisfeuerwehr mit. "
    "Die Bewohner von zwölf Häusern in der Nähe wurden gebeten, wegen des Rauchs die Fenster geschlossen zu halten. "
    "Verletzt wurde niemand, die Brandursache ist noch unklar."
)
OWN_REPORTING = (
    "A timber yard in Kessdorf burned on Tuesday night, sending smoke over the northern districts. "
    "Neighbours said they heard explosions before the flames rose above the sheds. "
    "The yard's owner, who took over the business from his father in 2009, said he was insured. "
    "The town council will discuss fire safety at industrial sites next month."
)


def _article(ident: int, text: str, language: str = "en", outlet: str | None = None, hour: int | None = None) -> Article:
    sentences = split_sentences(text, language)
    vectors = embed([s.text for s in sentences])
    published = datetime(2024, 5, 14, hour, tzinfo=UTC) if hour is not None else None
    return Article(
        key=f"a{ident}", source="test", title="", text=text, raw=text, content_hash=str(ident), language=language, outlet=outlet,
        published=published, sentences=sentences, sentence_vectors=vectors, vector=article_vector(vectors),
        minhash=minhash(text, 128, 5), id=ident,
    )  # fmt: skip


def test_monotone_alignment_keeps_order() -> None:
    similarity = np.array([[0.9, 0.1, 0.8], [0.1, 0.2, 0.1], [0.1, 0.95, 0.1]])
    assert [(i, j) for i, j, _ in monotone_alignment(similarity, 0.7)] == [(0, 0), (2, 1)]


def test_relations_by_kind() -> None:
    config = Config()
    original = _article(1, ORIGINAL, outlet="Gazette", hour=8)
    assert decide(original, _article(2, REWORDED, outlet="Farm", hour=9), config).kind == "rewrite"
    assert decide(original, _article(3, GERMAN, "de", outlet="Kurier", hour=10), config).kind == "translation"
    assert decide(original, _article(4, ORIGINAL + " Police have opened an inquiry.", outlet="Wire", hour=11), config).kind == "verbatim"
    update = ORIGINAL.replace("No one was injured", "Two firefighters were treated for smoke inhalation")
    assert decide(original, _article(5, update, outlet="Gazette", hour=12), config).kind == "update"
    assert decide(original, _article(6, OWN_REPORTING, outlet="Courier", hour=9), config).kind == "independent"


def test_origin_is_the_earlier_article() -> None:
    relation = decide(_article(7, REWORDED, hour=15), _article(8, ORIGINAL, hour=7), Config())
    assert (relation.a, relation.b) == (8, 7)


def test_only_aligned_pairs_in_runs_count() -> None:
    aligned = [(0, 0, 0.9), (1, 1, 0.8), (5, 9, 0.7), (9, 12, 0.8), (10, 14, 0.9)]
    assert [(i, j) for i, j, _ in in_runs(aligned, 2)] == [(0, 0), (1, 1), (9, 12), (10, 14)]
    assert in_runs([(3, 4, 0.9)], 2) == []


def test_a_shared_quote_and_agency_line_keep_reports_independent() -> None:
    shared = (
        '"We will not rest until the cause of this fire is known," the district fire chief said. '
        "About 80 firefighters from six stations were called in, the district fire service said. "
    )
    own = (
        "Kessdorf's mayor visited the timber yard on Wednesday morning and promised help for the owner. "
        "The yard employs 35 people, most of whom live in the town. "
        "Insurers have sent assessors, and the owner hopes to reopen within a month. "
    )
    config = Config()
    first = _article(11, ORIGINAL + " " + shared, outlet="Gazette", hour=8)
    second = _article(12, shared + own, outlet="Courier", hour=9)
    relation = decide(first, second, config)
    assert relation.kind == "independent"


def test_trimmed_wire_copy_is_verbatim_and_a_rewrite_is_not() -> None:
    config = Config()
    original = _article(21, ORIGINAL, outlet="Wire", hour=8)
    trimmed = " ".join(s.text for s in split_sentences(ORIGINAL, "en")[:4])
    assert shingle_containment(ORIGINAL, trimmed, 5) == 1.0
    assert shingle_containment(ORIGINAL, REWORDED, 5) < config.verbatim_containment
    assert decide(original, _article(22, trimmed, outlet="Post", hour=9), config).kind == "verbatim"


def test_update_inside_one_article_below_an_earlier_story_line() -> None:
    update = ORIGINAL.replace("No one was injured, and the cause", "Two firefighters were treated for smoke inhalation; the cause")
    lead = "The fire at the Kessdorf timber yard was put out on Wednesday morning after burning for eleven hours. "
    page = lead + update + "\nEarlier story:\n" + ORIGINAL
    text = lead + update + "\n" + ORIGINAL
    article = _article(31, text, outlet="Gazette", hour=12)
    marker = page.index("Earlier story:")
    article.raw = page
    article.removed = [Span(marker, marker + len("Earlier story:"), "Earlier story:", "heading", "subheading inside the article")]
    relation = inner_update(article, Config())
    assert relation is not None and relation.kind == "update" and (relation.a, relation.b) == (31, 31)
    assert relation.evidence and all(i >= 6 > j for i, j, _ in relation.evidence)
    assert inner_update(_article(32, ORIGINAL + " " + OWN_REPORTING), Config()) is None


def test_link_copies_reports_the_update_inside_a_new_article_only() -> None:
    config = Config()
    article = _article(41, ORIGINAL + "\n" + REWORDED + "\n" + OWN_REPORTING)
    relations = link_copies([article, _article(42, GERMAN, "de")], {41, 42}, config)
    assert [(r.a, r.b, r.kind) for r in relations if r.a == r.b] == [(41, 41, "update")]
    assert not [r for r in link_copies([article], set(), config) if r.a == r.b]


def test_pair_similarity_is_the_aligners_cosine() -> None:
    sentences = [s.text for s in split_sentences(ORIGINAL, "en")]
    reworded = [s.text for s in split_sentences(REWORDED, "en")]
    similarity = pair_similarity(sentences, reworded)
    vectors = embed(sentences) @ embed(reworded).T
    assert np.allclose(similarity, np.diag(vectors), atol=1e-5)
    assert (similarity >= Config().aligned_sentence_similarity).all()
