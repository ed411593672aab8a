"""Stage 1, read: files and folders to `RawArticle`s, one reader per format.

Folders are walked in name order; files with other suffixes inside a folder are ignored (a README beside the
articles is not an article), but a file named explicitly must be readable. Every problem is yielded as an
`InputError` in place of the article, so the caller reports it and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsloom.errors import InputError
from newsloom.model import RawArticle
from newsloom.read.decode import read_text_file
from newsloom.read.html import read_html
from newsloom.read.jsonl import article_from_record, read_jsonl
from newsloom.read.text import read_text

Reader = Callable[[Path, str], "RawArticle | InputError | Iterator[RawArticle | InputError]"]
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}

__all__ = ["READERS", "article_from_record", "expand_paths", "parse_document", "read_paths", "unsupported"]


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named, and the readable files inside folders named, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if child.suffix.lower() in READERS:
                    yield child
        elif not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif path.suffix.lower() not in READERS:
            yield unsupported(path)
        else:
            yield path


def read_paths(paths: Iterable[str | Path], max_bytes: int) -> Iterator[RawArticle | InputError]:
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            text = read_text_file(item, max_bytes)
        except InputError as exc:
            yield exc
            continue
        yield from parse_document(item, text)


def unsupported(path: Path) -> InputError:
    return InputError(str(path), f"unsupported file type '{path.suffix}' (use .txt, .html or .jsonl)")


def parse_document(path: Path, text: str) -> Iterator[RawArticle | InputError]:
    """The articles of one decoded file, read by its suffix (a JSON Lines file holds many): what the CLI reads
    from disk and the web form from an upload."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield unsupported(path)
        return
    result = reader(path, text)
    if isinstance(result, RawArticle | InputError):
        yield result
    else:
        yield from result
