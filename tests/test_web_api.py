"""The REST API, through a real HTTP client against a real `newsloom serve` over a copy of the demo corpus."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import copy_db, newsloom_server

FOLLOW_UP = (
    "Port Edrin footbridge: inspectors question the 2021 report\n"
    "By Mira Castelan, Coastline Wire\n"
    "Investigators in Port Edrin on Sunday began examining the wreck of the Gullwing footbridge, which collapsed"
    " into the Edrin Canal during the Winter Lantern Festival fireworks on Saturday evening, killing two people.\n"
    "Fire chief Oskar Demmering said divers would keep searching the canal through the night for the people"
    " still unaccounted for, while Mayor Annelise Vortman promised an independent inquiry into the bridge's last"
    " inspection in 2021.\n"
    "The steel bridge, opened in 1968, was rated for 300 people. Witnesses said several times that number had"
    " gathered on the deck to watch the fireworks when the central span gave way.\n"
)


def wait_for(check: Any, seconds: float = 90, every: float = 0.5) -> Any:
    """Poll `check()` until it returns something true; fail the test when it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    pytest.fail(f"condition not met within {seconds} s")


@pytest.fixture(scope="module")
def api(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db = copy_db(corpus_db, tmp_path_factory.mktemp("api") / "api.db")
    with newsloom_server(db) as server, httpx.Client(base_url=server.base, timeout=120) as client:
        yield client


def article(text: str, **fields: str) -> dict[str, str]:
    return {"text": text, **fields}


def test_health_reports_the_store(api: httpx.Client, corpus_export: list[dict[str, Any]]) -> None:
    health = api.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["stories"] == len(corpus_export)
    assert health["articles"] >= sum(len(s["articles"]) for s in corpus_export)


def test_story_listing_pages_without_overlap(api: httpx.Client, corpus_export: list[dict[str, Any]]) -> None:
    first = api.get("/api/stories", params={"limit": 2}).json()
    second = api.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert first["total"] >= len(corpus_export)
    assert len(first["stories"]) == 2 and len(second["stories"]) == 2
    assert not {s["id"] for s in first["stories"]} & {s["id"] for s in second["stories"]}
    newest = [s["end"] or "" for s in api.get("/api/stories", params={"limit": 200}).json()["stories"]]
    assert newest == sorted(newest, reverse=True)
    sizes = [s["articles"] for s in api.get("/api/stories", params={"sort": "biggest", "limit": 200}).json()["stories"]]
    assert sizes == sorted(sizes, reverse=True)


def test_story_filters(api: httpx.Client, corpus_export: list[dict[str, Any]]) -> None:
    german = api.get("/api/stories", params={"language": "de"}).json()["stories"]
    assert german and all("de" in s["languages"] for s in german)
    expected = {s["id"] for s in corpus_export if "de" in s["languages"]}
    assert {s["id"] for s in german} >= expected
    strike = next(s for s in corpus_export if "strike" in s["title"].lower() or "walk out" in s["title"].lower())
    day = strike["start"][:10]
    on_day = api.get("/api/stories", params={"since": day, "until": day}).json()["stories"]
    assert strike["id"] in {s["id"] for s in on_day}
    assert all(s["start"][:10] <= day <= s["end"][:10] or s["end"][:10] == day for s in on_day)
    named = strike["entities"][0]["name"]
    by_entity = api.get("/api/stories", params={"entity": named}).json()["stories"]
    assert strike["id"] in {s["id"] for s in by_entity}
    assert api.get("/api/stories", params={"entity": "Nobody Ever Named Here"}).json()["total"] == 0


def test_search_finds_stories_and_articles(api: httpx.Client) -> None:
    found = api.get("/api/search", params={"q": "comet"}).json()
    assert any("comet" in s["title"].lower() for s in found["stories"])
    assert found["articles"] and all("<mark>" in a["snippet_html"] for a in found["articles"])
    # what people type must never be an FTS5 syntax error
    for query in ['"', "comet AND", "NEAR(", "*", "comet OR", "(((", "-x"]:
        answer = api.get("/api/search", params={"q": query})
        assert answer.status_code == 200, (query, answer.text)


def test_story_and_article_in_the_export_format(api: httpx.Client, corpus_export: list[dict[str, Any]]) -> None:
    exported = corpus_export[0]
    story = api.get(f"/api/stories/{exported['id']}").json()
    assert story["title"] == exported["title"]
    assert {a["id"] for a in story["articles"]} == {a["id"] for a in exported["articles"]}
    assert story["summary"] and all(s["cites"] for s in story["summary"])
    key = exported["articles"][0]["id"]
    by_key = api.get(f"/api/articles/{key}").json()
    assert by_key["id"] == key and by_key["story_id"] == exported["id"] and by_key["analysed"] is True
    assert api.get(f"/api/articles/{by_key['article_id']}").json()["id"] == key


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("GET", "/api/stories/999999", None, 404, "no story 999999"),
        ("GET", "/api/stories/abc", None, 422, "path parameter `story_id`"),
        ("GET", "/api/articles/no-such-article", None, 404, "no article"),
        ("GET", "/api/stories?limit=0", None, 422, "query parameter `limit`"),
        ("GET", "/api/stories?since=yesterday", None, 422, "query parameter `since`"),
        ("GET", "/api/search", None, 422, "query parameter `q`"),
        ("POST", "/api/articles", b"{not json", 400, "not valid JSON"),
        ("POST", "/api/articles", b"\xff\xfe\x00", 400, "not valid JSON"),
        ("POST", "/api/articles", b"[]", 400, "no articles given"),
        ("POST", "/api/articles", json.dumps({"title": "no text"}).encode(), 422, "no `text` or `html`"),
        ("POST", "/api/articles", json.dumps({"text": "Too short to be an article."}).encode(), 422, "no article text found"),
        ("POST", "/api/articles", json.dumps({"text": FOLLOW_UP, "published": "last week"}).encode(), 422, "not an ISO 8601 time"),
    ],
)
def test_bad_requests_are_clear_4xx(api: httpx.Client, method: str, path: str, body: bytes | None, status: int, message: str) -> None:
    answer = api.request(method, path, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == status, answer.text
    assert message in answer.json()["detail"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(api: httpx.Client) -> None:
    huge = json.dumps({"text": "word " * 4_200_000}).encode()  # 21 MB, over the 20 MB default
    answer = api.post("/api/articles", content=huge, headers={"content-type": "application/json"})
    assert answer.status_code == 413 and "limit" in answer.json()["detail"]
    assert api.get("/healthz").status_code == 200


def test_a_posted_article_joins_its_story_and_a_second_post_is_a_duplicate(api: httpx.Client, corpus_export: list[dict[str, Any]]) -> None:
    bridge = next(s for s in corpus_export if "footbridge" in s["title"].lower())
    follow_up = article(FOLLOW_UP, id="coastline-bridge", outlet="Coastline Wire", published="2023-02-05T16:00:00Z")
    posted = api.post("/api/articles", json=follow_up)
    assert posted.status_code == 201, posted.text
    [outcome] = posted.json()["articles"]
    assert outcome["status"] == "stored" and outcome["id"] == "coastline-bridge"
    stored = wait_for(lambda: (a := api.get(outcome["url"]).json())["analysed"] and a)
    assert stored["story_id"] == bridge["id"]
    story = api.get(f"/api/stories/{bridge['id']}").json()
    assert "coastline-bridge" in {a["id"] for a in story["articles"]}
    again = api.post("/api/articles", json=article(FOLLOW_UP, id="other-id"))
    assert again.status_code == 200
    assert again.json()["articles"][0] == {**again.json()["articles"][0], "status": "duplicate", "article_id": outcome["article_id"]}


def test_a_batch_keeps_its_good_articles_and_names_the_bad_ones(api: httpx.Client) -> None:
    good = article(FOLLOW_UP.replace("Coastline Wire", "Harbour Tribune").replace("Sunday", "Monday"), id="tribune-bridge")
    answer = api.post("/api/articles", json={"articles": [good, {"text": ""}, "not an object", {"html": 5}]})
    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert [a["status"] for a in result["articles"]] == ["stored", "refused", "refused", "refused"]
    assert [a["index"] for a in result["articles"]] == [0, 1, 2, 3]
    assert all(a["error"].startswith(f"article {a['index']}:") for a in result["articles"][1:])


def _distinct_article(n: int) -> dict[str, str]:
    body = (
        f"Regional council {n} approves new cycle lanes\n"
        f"The council of district number {n} voted on Tuesday to build {n + 3} kilometres of protected cycle lanes"
        f" along the old tram route, a plan that residents' groups have backed for {n % 7 + 2} years.\n"
        f"Councillor Petra Lindqvist-{n} said the first section would open in spring and that the works would cost"
        f" about {n * 10 + 150},000 crowns, paid from the district's transport fund.\n"
    )
    return article(body, id=f"cycle-{n}", outlet=f"District Gazette {n}")


def test_concurrent_writers_lose_nothing(api: httpx.Client) -> None:
    before = api.get("/healthz").json()["articles"]
    same = _distinct_article(999)
    payloads = [_distinct_article(n) for n in range(12)] + [same] * 4

    def post(payload: dict[str, str]) -> httpx.Response:
        with httpx.Client(base_url=str(api.base_url), timeout=120) as client:
            return client.post("/api/articles", json=payload)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(post, payloads))
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers if a.status_code >= 300]
    statuses = [a.json()["articles"][0]["status"] for a in answers]
    assert statuses[:12] == ["stored"] * 12
    assert sorted(statuses[12:]) == ["duplicate"] * 3 + ["stored"]
    assert api.get("/healthz").json()["articles"] == before + 13
    for n in range(12):
        assert api.get(f"/api/articles/cycle-{n}").status_code == 200
    wait_for(lambda: api.get("/healthz").json()["pending"] == 0, seconds=180)


def test_an_accepted_article_survives_the_server_being_killed(corpus_db: Path, tmp_path: Path) -> None:
    db = copy_db(corpus_db, tmp_path / "kill.db")
    with newsloom_server(db) as server:
        answer = httpx.post(f"{server.base}/api/articles", json=_distinct_article(4242), timeout=120)
        assert answer.status_code == 201
        server.process.send_signal(signal.SIGKILL)  # no shutdown: whatever was acknowledged must already be on disk
        server.process.wait(timeout=30)
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT COUNT(*) FROM articles WHERE key = 'cycle-4242'").fetchone()[0] == 1
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_posted_markup_is_shown_as_text_never_run(api: httpx.Client) -> None:
    hostile = FOLLOW_UP.replace("Port Edrin footbridge:", "<script>alert(1)</script> Port Edrin footbridge:")
    answer = api.post("/api/articles", json=article(hostile, id="hostile", url="javascript:alert(2)", outlet="<b>Bold Outlet</b>"))
    [outcome] = answer.json()["articles"]
    page = api.get(f"/articles/{outcome['article_id']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "&lt;b&gt;Bold Outlet&lt;/b&gt;" in page
