"""Readers: formats, encodings, and bad input that must be named and skipped, never crash the batch."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES
from newsloom import Loom
from newsloom.errors import InputError
from newsloom.model import RawArticle
from newsloom.read import read_paths
from newsloom.read.decode import decode_bytes
from newsloom.report import write_report

LIMIT = 20_000_000


def test_text_and_html_files_become_raw_articles() -> None:
    items = list(read_paths([FIXTURES], LIMIT))
    assert [type(i) for i in items] == [RawArticle, RawArticle]
    html = next(i for i in items if isinstance(i, RawArticle) and i.is_html)
    assert html.key == "kessdorf_market.html"


def test_jsonl_lines_keep_their_metadata_and_bad_lines_are_named(tmp_path: Path) -> None:
    good = {
        "id": "w-1",
        "url": "https://x.example/a",
        "title": "T",
        "published": "2024-05-18T10:15:00+02:00",
        "outlet": "X",
        "language": "en",
        "text": "Body.",
    }
    lines = [json.dumps(good), "{not json", json.dumps({"id": "w-3"}), json.dumps({**good, "id": "w-4", "published": "last week"})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([path], LIMIT))
    article = items[0]
    assert isinstance(article, RawArticle)
    assert (article.key, article.outlet, article.published and article.published.utcoffset().total_seconds()) == ("w-1", "X", 7200)
    errors = [str(i) for i in items[1:]]
    assert errors[0].startswith(f"{path}:2: invalid JSON")
    assert errors[1] == f"{path}:3: no `text` or `html` field with content"
    assert "`published` is not an ISO 8601 time" in errors[2]


def _bad_folder(folder: Path) -> dict[str, str]:
    """The bad inputs of the issue, plus two good articles; returns file name -> expected problem."""
    folder.mkdir()
    source = (FIXTURES / "lakeside_ferry.txt").read_text(encoding="utf-8")
    (folder / "good.txt").write_text(source, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(source.replace("Orvand Lines", "Orvånd Lines").encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(b"All work and no play makes a dull dump.\n" * (50_000_000 // 40 + 1))
    (folder / "broken.html").write_text("<html><body><div><p>Unclosed <b>tags <div><table><tr><td>", encoding="utf-8")
    html = (FIXTURES / "kessdorf_market.html").read_text(encoding="utf-8")
    (folder / "sloppy.html").write_text(html.replace("</p>", "").replace("</article>", "").replace("</div>", ""), encoding="utf-8")
    return {"empty.txt": "file is empty", "image.html": "binary", "huge.txt": "too large", "broken.html": "no article text"}


def test_bad_inputs_are_named_one_line_each_and_the_rest_is_stored(tmp_path: Path) -> None:
    expected = _bad_folder(tmp_path / "in")
    with Loom(tmp_path / "n.db") as loom:
        report = loom.add_paths([tmp_path / "in"])
        stored = {a.key: a for a in loom.store.load_articles()}
    assert sorted(Path(e.source).name for e in report.errors) == sorted(expected)
    for error in report.errors:
        assert expected[Path(error.source).name] in error.problem
        assert "\n" not in str(error)
    assert report.partial
    assert set(stored) == {"good.txt", "latin1.txt", "sloppy.html"}
    assert "Orvånd" in stored["latin1.txt"].text


def test_explicitly_named_missing_or_unsupported_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_paths([tmp_path / "absent.txt", tmp_path / "notes.pdf"], LIMIT))
    assert all(isinstance(i, InputError) for i in items)
    assert "no such file" in str(items[0]) and "unsupported file type '.pdf'" in str(items[1])


def test_bad_pages_give_one_line_errors_and_never_hang(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "notes.html").write_text(json.dumps({"not": "html"}) * 3, encoding="utf-8")
    article = (FIXTURES / "kessdorf_market.html").read_text(encoding="utf-8")
    # declared Latin-1, really UTF-8; and declared UTF-8, really Windows-1252
    (folder / "declared_latin1.html").write_text(
        article.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Ekberg", "Ekbørg"), encoding="utf-8"
    )
    (folder / "declared_utf8.html").write_bytes(article.replace("Hartwig", "Härtwig").encode("cp1252"))
    endless = "".join(f"Report {i} says the river rose by {i} centimetres overnight, and it is still rising.\n\n" for i in range(60_000))
    (folder / "endless.txt").write_text(endless, encoding="utf-8")
    paragraph = "<p>" + "Nested words without end " * 5 + "</p>"
    (folder / "huge.html").write_text("<html><body>" + "<div>" * 2000 + paragraph * 40_000 + "</body></html>", encoding="utf-8")
    with Loom(tmp_path / "n.db") as loom:
        report = loom.add_paths([folder])
        stored = {a.key: a.text for a in loom.store.load_articles()}
    problems = {Path(e.source).name: e.problem for e in report.errors}
    assert problems["notes.html"].startswith("no article text found")
    assert problems["endless.txt"].startswith("too long for one article")
    assert "huge.html" in problems, "a page of 2,000 nested divs and 40,000 paragraphs is no article"
    assert "Ekbørg" in stored["declared_latin1.html"] and "Härtwig" in stored["declared_utf8.html"]


def test_a_report_written_inside_the_corpus_folder_is_not_read_back_as_an_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for fixture in FIXTURES.iterdir():
        (corpus / fixture.name).write_bytes(fixture.read_bytes())
    report = write_report([], corpus / "report")
    items = list(read_paths([corpus], LIMIT))
    assert sum(isinstance(i, RawArticle) for i in items) == 2
    refused = [i for i in items if isinstance(i, InputError)]
    assert [(e.source, "newsloom report" in str(e)) for e in refused] == [(str(report), True)]


def test_utf8_with_a_few_broken_bytes_stays_utf8_and_legacy_pages_do_not() -> None:
    """One truncated character among many good ones must not send the whole page to a statistical guess, which
    garbled every umlaut; a legacy page, whose high bytes are almost all invalid UTF-8, is still recognised."""
    text = "Die Brücke über die Wendra wird für Fußgänger gesperrt, sagt Bürgermeisterin Müller. " * 20
    damaged = text.encode("utf-8") + b" Gr\xfc\xdfe und ein abgeschnittenes Zeichen: \xc3"
    decoded = decode_bytes(damaged, "page.html")
    assert decoded.startswith(text) and decoded.count("\ufffd") == 3
    legacy = (text + " Grüße").encode("cp1252")
    assert decode_bytes(legacy, "legacy.txt") == text + " Grüße"
