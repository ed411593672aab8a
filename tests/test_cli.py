"""The real `newsloom` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES


def newsloom(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal, so table cells are not wrapped
    return subprocess.run([sys.executable, "-m", "newsloom", *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def test_run_stories_show_export(tmp_path: Path) -> None:
    run = newsloom("run", str(FIXTURES), "--db", "n.db", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Stories" in run.stdout and "2 articles added" in run.stdout
    assert (tmp_path / "report" / "index.html").read_text(encoding="utf-8").count('<section id="story-') == 2
    listing = newsloom("stories", "--db", "n.db", cwd=tmp_path)
    assert "Kessdorf market hall reopens after fire" in listing.stdout
    export = json.loads(newsloom("export", "--db", "n.db", "--format", "json", cwd=tmp_path).stdout)
    story = next(s for s in export["stories"] if s["articles"][0]["id"] == "kessdorf_market.html")
    assert {"articles", "relations", "summary", "quotes", "claims", "conflicts", "entities"} <= set(story)
    show = newsloom("show", str(story["id"]), "--db", "n.db", cwd=tmp_path)
    assert show.returncode == 0 and "Tomas Ekberg" in show.stdout
    article = newsloom("show", "lakeside_ferry.txt", "--removed", "--db", "n.db", cwd=tmp_path).stdout
    assert "Sign up for our newsletter ⟨boilerplate: call to action or site furniture⟩" in article
    assert "Commuters had relied on a replacement bus" in article and "⟨title: headline above the body⟩" in article
    lines = newsloom("export", "--db", "n.db", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["id"] for line in lines)


def test_partial_run_exits_3_and_names_each_bad_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ferry.txt").write_text((FIXTURES / "lakeside_ferry.txt").read_text(encoding="utf-8"), encoding="utf-8")
    run = newsloom("run", "in", "--db", "n.db", "--no-report", cwd=tmp_path)
    assert run.returncode == 3
    errors = [line for line in run.stderr.splitlines() if line.startswith("error")]
    assert errors == [f"error in{'/'}empty.txt: file is empty"]
    assert "1 articles added" in run.stdout


def test_unknown_story_and_bad_database_are_clear_errors(tmp_path: Path) -> None:
    assert newsloom("run", str(FIXTURES), "--db", "n.db", "--no-report", cwd=tmp_path).returncode == 0
    missing = newsloom("show", "999", "--db", "n.db", cwd=tmp_path)
    assert missing.returncode == 1 and "no story 999" in missing.stderr
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    junk = newsloom("stories", "--db", "junk.db", cwd=tmp_path)
    assert junk.returncode == 1 and "not a newsloom database" in junk.stderr


def test_a_missing_database_is_an_error_for_reading_and_made_with_its_folder_for_run(tmp_path: Path) -> None:
    typo = newsloom("stories", "--db", "nws.db", cwd=tmp_path)
    assert typo.returncode == 1 and "nws.db: no such database" in typo.stderr
    assert not (tmp_path / "nws.db").exists()
    run = newsloom("run", str(FIXTURES / "lakeside_ferry.txt"), "--db", "out/corpus/n.db", "--no-report", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "1 articles added" in run.stdout and (tmp_path / "out" / "corpus" / "n.db").is_file()
