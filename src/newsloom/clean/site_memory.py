"""Lines that repeat across pages of one site: the corpus-level memory of site boilerplate.

A footer, a newsletter box or a "Related stories" header looks like any short line on one page; across
three pages of the same site it is plainly furniture. The memory counts, per site, in how many distinct
pages each normalised line occurs. It grows as more pages are seen and is saved in the store, so a site's
furniture learnt in one run helps the next.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

_NON_WORD = re.compile(r"\W+")


def normalise_line(line: str) -> str:
    """Lower-case words only, so re-wrapped or re-punctuated copies of a line compare equal."""
    return _NON_WORD.sub(" ", line.lower()).strip()


def line_key(norm: str) -> str:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def page_line_keys(lines: list[str]) -> list[str]:
    """The keys of a page's distinct non-empty lines: what the memory counts and the store persists."""
    return sorted({line_key(n) for n in (normalise_line(line) for line in lines) if n})


class SiteMemory:
    """Per site, how many distinct pages hold each line.

    >>> memory = SiteMemory(min_pages=3)
    >>> for page in ("a\\nFooter", "b\\nFooter", "c\\nFooter"):
    ...     memory.observe("example.org", page.split("\\n"))
    >>> memory.seen_elsewhere("example.org", normalise_line("Footer"))
    True
    """

    def __init__(self, min_pages: int = 3, counts: dict[str, dict[str, int]] | None = None) -> None:
        self.min_pages = min_pages
        self.counts: dict[str, dict[str, int]] = defaultdict(dict)
        for site, lines in (counts or {}).items():
            self.counts[site].update(lines)

    def observe(self, site: str, lines: list[str]) -> None:
        """Count one page's distinct lines."""
        site_counts = self.counts[site]
        for key in page_line_keys(lines):
            site_counts[key] = site_counts.get(key, 0) + 1

    def seen_elsewhere(self, site: str, norm: str) -> bool:
        """True when the line occurs on at least `min_pages` pages of the site (this one included)."""
        return self.counts.get(site, {}).get(line_key(norm), 0) >= self.min_pages
