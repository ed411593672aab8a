"""Saved HTML pages, one file per article."""

from __future__ import annotations

import re
from pathlib import Path

from newsloom.errors import InputError
from newsloom.model import RawArticle

OWN_PAGE = re.compile(r"<meta\s+name=[\"']?generator[\"']?\s+content=[\"']?newsloom\b", re.IGNORECASE)
"""The mark newsloom's report and web pages carry: a report written inside the folder of articles it was made
from (`--report report` run from there) would otherwise come back as an article on the next run."""
HEAD_CHARS = 4096


def read_html(path: Path, html: str) -> RawArticle | InputError:
    if OWN_PAGE.search(html[:HEAD_CHARS]):
        return InputError(str(path), "a newsloom report or web page, not an article (skipped)")
    return RawArticle(key=path.name, source=str(path), body=html, is_html=True, site=f"dir:{path.parent}")
