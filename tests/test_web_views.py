"""What the pages compute, without a server: citations' supporting sentences, the timeline, quotes grouped by
speaker, the clean text cut into anchored sentences, and the page cut at its removed spans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np

from newsloom.model import Article, Quote, Relation, Sentence, Span, SummarySentence
from newsloom.store import fts_query
from newsloom.web.views import alignments, citation_support, paragraphs, quotes_by_speaker, timeline, when

T0 = datetime(2023, 3, 6, 10, 0, tzinfo=UTC)


def make_article(ident: int, sentences: list[str], published: datetime | None = None, vectors: list[list[float]] | None = None) -> Article:
    text = " ".join(sentences)
    spans, start = [], 0
    for index, sentence in enumerate(sentences):
        spans.append(Sentence(index, start, start + len(sentence), sentence))
        start += len(sentence) + 1
    array = None if vectors is None else np.array(vectors, dtype=np.float32)
    return Article(key=f"a{ident}", source="test", title=f"Article {ident}", text=text, raw=text, content_hash=str(ident),
                   sentences=spans, sentence_vectors=array, id=ident, published=published)  # fmt: skip


def test_a_citation_is_backed_by_the_closest_sentence_of_the_cited_article() -> None:
    source = make_article(1, ["The port closed.", "Ships waited offshore."], vectors=[[1, 0], [0, 1]])
    cited = make_article(2, ["Vessels queued at sea.", "The harbour shut."], vectors=[[0.1, 0.99], [0.99, 0.1]])
    [support] = citation_support(SummarySentence("Ships waited offshore.", 1, [2]), {1: source, 2: cited})
    assert support.text == "Vessels queued at sea." and support.sentence == 0
    assert 0.98 < support.similarity <= 1.0


def test_a_generated_sentence_is_backed_by_word_overlap() -> None:
    cited = make_article(2, ["The harbour shut at noon.", "Ships waited offshore for days."], vectors=[[1, 0], [0, 1]])
    [support] = citation_support(SummarySentence("Ships had to wait offshore for days.", -1, [2]), {2: cited})
    assert support.text == "Ships waited offshore for days."


def test_the_timeline_orders_articles_and_places_them_between_first_and_last() -> None:
    late = make_article(3, ["Late."], T0 + timedelta(hours=10))
    tied = [make_article(2, ["Tied."], T0), make_article(1, ["Also tied."], T0)]  # equal times must not be compared as articles
    middle = make_article(4, ["Middle."], T0 + timedelta(hours=5))
    undated = make_article(5, ["Undated."])
    points = timeline([late, *tied, middle, undated])
    assert [p["article"].id for p in points] == [1, 2, 4, 3]
    assert [p["position"] for p in points] == [0.0, 0.0, 50.0, 100.0]


def test_one_remark_in_several_articles_is_one_quote_with_all_its_articles() -> None:
    quotes = [
        Quote("We will not accept this offer.", "Teodor Brascu", "said", 0, 10, article=1),
        Quote("We will NOT accept this offer", "Teodor Brascu", "told", 0, 10, article=2),
        Quote("Talks resume on Monday.", "Hedda Korsgaard", "said", 0, 10, article=1),
        Quote("Nobody knows.", None, None, 0, 10, article=3),
        Quote("The strike goes on.", "Teodor Brascu", "said", 0, 10, article=3),
    ]
    grouped = quotes_by_speaker(quotes)
    assert [speaker for speaker, _ in grouped] == ["Teodor Brascu", "Hedda Korsgaard", ""]
    first = grouped[0][1]
    assert len(first) == 2 and first[0].articles == [1, 2] and first[1].articles == [3]


def test_paragraphs_anchor_every_sentence_and_keep_every_character() -> None:
    article = make_article(1, ["First one.", "Second one."])
    article.text = "First one. Second one.\nThird here."
    article.sentences.append(Sentence(2, 23, 34, "Third here."))
    parts = paragraphs(article)
    assert [[idx for idx, _ in p if idx is not None] for p in parts] == [[0, 1], [2]]
    assert "\n".join("".join(text for _, text in p) for p in parts) == article.text


def test_page_segments_give_the_page_back_with_each_span_marked() -> None:
    raw = "Title\nShare this\nBody text here.\nSubscribe now"
    article = make_article(1, ["Body text here."])
    article.raw = raw
    article.removed = [Span(6, 16, "Share this", "boilerplate", "share bar"), Span(33, 46, "Subscribe now", "boilerplate", "cta"),
                       Span(8, 12, "are ", "boilerplate", "overlaps the first")]  # fmt: skip
    pieces = article.page_segments()
    assert "".join(text for text, _ in pieces) == raw
    assert [text for text, span in pieces if span] == ["Share this", "Subscribe now"]


def test_alignments_show_each_copy_with_its_sentence_pairs_from_either_side() -> None:
    origin = make_article(1, ["A one.", "A two."])
    copy = make_article(2, ["B one.", "B two."])
    relation = Relation(1, 2, "reworded", 0.9, [(0, 0, 0.91), (1, 1, 0.88)])
    [from_copy] = alignments(copy, [relation], {1: origin})
    assert from_copy["origin"] is True and from_copy["pairs"][0] == ("B one.", "A one.", 0.91)
    assert alignments(origin, [Relation(1, 2, "independent", 0.1)], {2: copy}) == []


def test_times_read_in_utc() -> None:
    assert when(datetime(2023, 3, 6, 11, 20, tzinfo=timezone(timedelta(hours=1)))) == "2023-03-06 10:20 UTC"
    assert when("2023-03-06T10:20:00") == "2023-03-06 10:20" and when(None) == ""


def test_search_words_are_quoted_so_no_query_is_an_fts5_syntax_error() -> None:
    assert fts_query('biden AND "red line" put') == '"biden" AND "AND" AND "red line" AND "put"*'
    assert fts_query('"" * ( -') is None
    assert fts_query("covid-19 NEAR(x") == '"covid 19" AND "NEAR x"'  # a hyphenated word stays one phrase
