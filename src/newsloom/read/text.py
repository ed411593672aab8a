"""Plain-text pages, one file per article, as scrapers dump them (title on the first line)."""

from __future__ import annotations

from pathlib import Path

from newsloom.model import RawArticle


def read_text(path: Path, text: str) -> RawArticle:
    """The cleaner finds the title, dateline and body; the reader only says where the page came from."""
    return RawArticle(key=path.name, source=str(path), body=text, site=f"dir:{path.parent}")
