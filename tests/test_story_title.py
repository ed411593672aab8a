"""A story's title (newsloom.pipeline.headline): the most typical headline of its main language, without the
wire desk's slug a republished copy carries."""

from __future__ import annotations

from conftest import prepared_article
from newsloom.pipeline import headline

_article = prepared_article


BODY = (
    "The regional rail operator cancelled every train on the coastal line on Monday after a landslide buried the"
    " tracks near the harbour town of Selvik, stranding about 3,000 commuters."
)


def test_a_wire_desk_slug_is_taken_off_the_title() -> None:
    copy = _article(1, "UPDATE 2-Landslide buries coastal rail line near Selvik", BODY)
    assert headline([copy]) == "Landslide buries coastal rail line near Selvik"
    refiled = _article(2, "REFILE-UPDATE 1-Landslide buries coastal rail line near Selvik", BODY)
    assert headline([refiled]) == "Landslide buries coastal rail line near Selvik"


def test_a_title_that_only_looks_like_a_slug_is_kept() -> None:
    # Mixed case is a headline's own words, and a title that is nothing but a slug stays as it is.
    kept = _article(1, "Update on the Selvik landslide: trains cancelled", BODY)
    assert headline([kept]) == "Update on the Selvik landslide: trains cancelled"
    bare = _article(2, "UPDATE 1-", BODY)
    assert headline([bare]) == "UPDATE 1-"


def test_the_title_comes_from_the_stories_main_language() -> None:
    german = (
        "Der regionale Bahnbetreiber hat am Montag alle Züge auf der Küstenlinie gestrichen, nachdem ein Erdrutsch"
        " die Gleise nahe der Hafenstadt Selvik verschüttet hatte; rund 3.000 Pendler saßen fest."
    )
    articles = [
        _article(1, "Erdrutsch verschüttet Küstenbahn bei Selvik", german),
        _article(2, "Landslide buries coastal rail line near Selvik", BODY),
        _article(3, "Coastal line closed after landslide near Selvik", BODY.replace("Monday", "Monday morning")),
    ]
    assert articles[0].language == "de" and articles[1].language == "en"
    assert headline(articles) in {articles[1].title, articles[2].title}
