"""Language identification (newsloom.identify.detect_language) on short news texts."""

from __future__ import annotations

import pytest

from newsloom.identify import detect_language

TITLE_CASE = """Korvell’s Mayor Didn’t Wait Once For The Council’s Vote On The Tram Depot.

Mayor Ilse Varnholt signed the order to rebuild the Korvell tram depot on Tuesday, a day before the council was
due to vote on it. The depot burned down in March and trams on three lines have been replaced by buses since."""


def test_an_english_article_under_a_title_case_headline_is_english() -> None:
    """Read as it stands, the capitals make this German to the lite model (0.33 against 0.26 for English)."""
    assert detect_language(TITLE_CASE) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Feuerwehr brauchte vier Stunden, um den Brand im Straßenbahndepot von Korvell unter Kontrolle zu bringen.", "de"),
        ("Les pompiers ont mis quatre heures à maîtriser l'incendie du dépôt de tramways de Korvell dimanche soir.", "fr"),
        ("Los bomberos tardaron cuatro horas en controlar el incendio del depósito de tranvías de Korvell.", "es"),
        ("Strażacy przez cztery godziny gasili pożar zajezdni tramwajowej w Korvell w niedzielę wieczorem.", "pl"),
    ],
)
def test_other_languages_keep_their_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("  Korvell  ") == "und"
