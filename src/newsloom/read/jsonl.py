"""JSON Lines: one article per line with `text` or `html`, and optional `id`, `url`, `title`, `published`,
`outlet`, `language`. A bad line is reported with its line number; the other lines go on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from newsloom.errors import InputError
from newsloom.model import RawArticle

FIELDS = ("id", "url", "title", "published", "outlet", "language", "text", "html")


def read_jsonl(path: Path, text: str) -> Iterator[RawArticle | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            yield article_from_record(json.loads(line), source, default_key=f"{path.name}:{number}")
        except json.JSONDecodeError as exc:
            yield InputError(source, f"invalid JSON ({exc.msg} at column {exc.colno})")
        except InputError as exc:
            yield exc


def article_from_record(record: object, source: str, default_key: str) -> RawArticle:
    """One JSON object to a `RawArticle`; shared by the JSONL reader and the API."""
    if not isinstance(record, dict):
        raise InputError(source, "expected a JSON object with `text` or `html`")
    body = record.get("text") or record.get("html")
    if not isinstance(body, str) or not body.strip():
        raise InputError(source, "no `text` or `html` field with content")
    for name in ("id", "url", "title", "published", "outlet", "language"):
        value = record.get(name)
        if value is not None and not isinstance(value, (str, int)):
            raise InputError(source, f"field `{name}` must be a string")
    url, title, outlet, language = (_text(record.get(name)) for name in ("url", "title", "outlet", "language"))
    return RawArticle(
        key=str(record.get("id") or default_key),
        source=str(url or source),
        body=body,
        is_html=not record.get("text"),
        title=title,
        published=_published(record.get("published"), source),
        outlet=outlet,
        language=language,
        url=url,
        site=outlet or _host(url) or f"file:{source.rsplit(':', 1)[0]}",
    )


def _host(url: str | None) -> str | None:
    try:
        return urlparse(url).hostname if url else None
    except ValueError:  # "http://[::1" and the like: not a URL we can take a site from
        return None


def _text(value: object) -> str | None:
    """A metadata field as text: numbers become strings, empty strings count as absent."""
    return str(value).strip() or None if value is not None else None


def _published(value: object, source: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(source, f"`published` is not an ISO 8601 time: {value!r}") from exc
