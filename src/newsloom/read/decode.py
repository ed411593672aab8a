"""Bytes to text without crashing: size limits, empty and binary files, and unknown encodings.

Every problem becomes an `InputError` naming the file, so a batch can report it in one line and go on.
"""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from newsloom.errors import InputError

WESTERN = {"cp1252", "latin_1", "iso8859_15"}
CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
HIGH_BYTES = bytes(range(0x80, 0x100))
BROKEN_UTF8_SHARE = 0.02
"""At most this share of a page's non-ASCII bytes may be invalid UTF-8 for the page to be read as UTF-8."""


def read_text_file(path: Path, max_bytes: int) -> str:
    """The decoded text of `path`, or an `InputError` saying why it cannot be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    return decode_bytes(data, str(path))


def decode_bytes(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError(source, "file is empty")
    if looks_binary(data):
        raise InputError(source, "file is binary, not text or HTML")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(source, "text encoding could not be recognised")
    for match in matches:
        # On a tie, take Windows-1252, the usual legacy encoding of news pages, over its eastern neighbours.
        if match.encoding in WESTERN and match.chaos <= best.chaos and match.coherence >= best.coherence:
            return str(match)
    return str(best)


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a truncated character, a pasted legacy quote mark), decoded as UTF-8
    with those few replaced; None when the broken ones are more than `BROKEN_UTF8_SHARE` of the non-ASCII bytes.

    A legacy single-byte page is almost never valid UTF-8 in its high bytes, so nearly all of them break; a
    UTF-8 page with one bad byte among hundreds of good characters is still UTF-8, and the statistical guess
    that the whole page is some other encoding garbles every one of those characters.
    """
    decoded = data.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(data) - len(data.translate(None, HIGH_BYTES))
    if broken <= non_ascii * BROKEN_UTF8_SHARE:
        return decoded
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB: an image, an archive, an executable."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in CONTROL_BYTES)
    return controls > len(head) * 0.05
