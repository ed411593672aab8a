"""The web UI as a person uses it: Debian's chromium, headless, driven by Playwright, against a real
`newsloom serve` over a copy of the demo corpus. Each test keeps a screenshot under build/screenshots/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import ROOT, copy_db, newsloom_server

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
# Without the background-networking flags chromium keeps trying hosts this closed network refuses.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]  # fmt: skip

FOLLOW_UP = (
    "Dunmere comet confirmed by two observatories\n"
    "The comet that a retired teacher spotted from her garden observatory near Dunmere has been confirmed by"
    " two professional observatories, which measured its orbit over three clear nights this week.\n"
    "Astronomers said the comet will pass closest to the Sun in about nine months and may become visible"
    " through binoculars in the evening sky. The discoverer said she had checked her photographs five times"
    " before she reported the faint smudge she had found.\n"
)


@pytest.fixture(scope="module")
def base_url(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = copy_db(corpus_db, tmp_path_factory.mktemp("ui") / "ui.db")
    with newsloom_server(db) as server:
        yield server.base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: `make browser` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def test_the_stories_page_lists_every_story(page: Page, base_url: str, corpus_export: list[dict[str, Any]]) -> None:
    page.goto(base_url)
    expect(page.locator("table.stories tbody tr")).to_have_count(len(corpus_export))
    expect(page.get_by_role("link", name=corpus_export[0]["title"])).to_be_visible()


def test_search_narrows_the_stories(page: Page, base_url: str, corpus_export: list[dict[str, Any]]) -> None:
    comet = next(s for s in corpus_export if "comet" in s["title"].lower())
    page.goto(base_url)
    page.get_by_label("Search stories").fill("comet")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_contain_text("comet")
    rows = page.locator("table.stories tbody tr")
    expect(rows.first).to_contain_text(comet["title"])
    assert rows.count() < len(corpus_export)
    expect(page.locator(".hits mark").first).to_be_visible()


def test_a_citation_shows_its_supporting_sentence(page: Page, base_url: str, corpus_export: list[dict[str, Any]]) -> None:
    story = max(corpus_export, key=lambda s: len(s["articles"]))
    page.goto(base_url)
    page.get_by_role("link", name=story["title"]).click()
    expect(page.locator("h1")).to_have_text(story["title"])
    citation = page.locator("button.cite").first
    panel = page.locator(f"#{citation.get_attribute('aria-controls')}")
    expect(panel).to_be_hidden()
    citation.click()
    expect(citation).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    first_summary = page.locator(".summary-text").first.inner_text()
    words = set(re.findall(r"\w+", first_summary.lower()))
    supporting = set(re.findall(r"\w+", panel.locator("p").inner_text().lower()))
    assert len(words & supporting) >= 0.5 * len(words)  # the sentence shown backs the summary sentence


def test_removed_clutter_can_be_shown_struck_through(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/api/articles/valmora_herald_footbridge.txt")
    article_id = page.evaluate("() => JSON.parse(document.body.innerText).article_id")
    page.goto(f"{base_url}/articles/{article_id}")
    toggle = page.get_by_role("button", name=re.compile("Show removed clutter"))
    removed = page.locator("del.removed")
    expect(removed.first).to_be_hidden()
    expect(page.locator("#clean-view")).not_to_contain_text("Share this article")
    toggle.click()
    expect(removed.first).to_be_visible()
    expect(page.locator("#page-view del.removed", has_text="Share this article").first).to_be_visible()


def test_an_article_added_in_the_form_appears_in_its_story(page: Page, base_url: str, corpus_export: list[dict[str, Any]]) -> None:
    comet = next(s for s in corpus_export if "comet" in s["title"].lower())
    page.goto(f"{base_url}/add")
    page.get_by_label("Text (clutter and all: it is cleaned)").fill(FOLLOW_UP)
    page.get_by_label("Outlet").fill("Skywatch Weekly")
    page.get_by_label("Published (ISO 8601)").fill(comet["start"])
    page.get_by_role("button", name="Add").click()
    stored = page.locator(".outcome.stored a")
    expect(stored).to_have_count(1)
    stored.click()
    story_link = page.locator("#story-status a")
    expect(story_link).to_be_visible(timeout=120_000)  # the page polls until the analyser has placed it
    story_link.click()
    expect(page.locator("h1")).to_have_text(re.compile("comet", re.IGNORECASE))
    expect(page.locator("table.sources")).to_contain_text("Skywatch Weekly")
    assert page.url.endswith(f"/stories/{comet['id']}")


def test_uploaded_files_are_added_and_bad_ones_named(page: Page, base_url: str, tmp_path: Path) -> None:
    report = tmp_path / "kessdorf_ferry.txt"
    report.write_text(
        "Kessdorf ferry returns after repairs\n"
        "The car ferry between Kessdorf and Orrin Point returned to service on Thursday after six weeks of repairs"
        " to its bow doors, the operator said. The first crossing carried 38 cars and two coaches, and the timetable"
        " will run every forty minutes until the summer season, when a second ship joins the route.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page.goto(f"{base_url}/add")
    page.get_by_label(".txt, .html or .jsonl files").set_input_files([str(report), str(empty), str(picture)])
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".outcome.stored")).to_have_count(1)
    expect(page.locator(".outcome.stored")).to_contain_text("kessdorf_ferry.txt")
    problems = page.locator(".problem")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("empty.txt: file is empty")
    expect(problems.nth(1)).to_contain_text("photo.png: unsupported file type '.png'")
    page.get_by_label(".txt, .html or .jsonl files").set_input_files([str(report)])  # the same file again
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".outcome.duplicate")).to_contain_text("already stored")
