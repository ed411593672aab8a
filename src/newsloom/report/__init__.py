"""The static HTML report: one self-contained page listing every story with its evidence.

It renders the export format (`export.story_to_dict`), so the report shows exactly what an export holds.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from newsloom.export import format_value


def render_report(stories: list[dict[str, Any]]) -> str:
    env = Environment(
        loader=PackageLoader("newsloom.report", "templates"), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True
    )
    env.filters["claim_value"] = format_value
    return env.get_template("index.html.j2").render(stories=stories, generated=datetime.now().isoformat(timespec="seconds"))


def write_report(stories: list[dict[str, Any]], folder: str | Path) -> Path:
    """Write `index.html` into `folder` (created if needed) and return its path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(render_report(stories), encoding="utf-8")
    return path
