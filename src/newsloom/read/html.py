"""Saved HTML pages, one file per article."""

from __future__ import annotations

from pathlib import Path

from newsloom.model import RawArticle


def read_html(path: Path, html: str) -> RawArticle:
    return RawArticle(key=path.name, source=str(path), body=html, is_html=True, site=f"dir:{path.parent}")
