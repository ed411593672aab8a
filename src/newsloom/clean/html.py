"""HTML mode cleaning: a saved page in, the article out, through trafilatura.

trafilatura finds the main content and the usual metadata; newsloom adds what it leaves out: the published
time with its zone (trafilatura keeps only the day), the page language, and the removed blocks. The page is
also rendered to plain text, one visible block per line (`page_text`), so removed clutter can be shown as spans
of that rendering, exactly as in text mode.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document
from trafilatura.utils import load_html

from newsloom.clean.site_memory import normalise_line
from newsloom.clean.text import COMMENTS_HEADER
from newsloom.model import Span

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "button", "option", "label",
}  # fmt: skip
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head")
PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "dc.date.issued",
    "parsely-pub-date", "sailthru.date",
)  # fmt: skip
JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
FALLBACK_WORDS = 250
"""Below this many words, trafilatura's precise mode may have dropped part of a short article: try recall."""
SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


@dataclass
class HtmlCleaning:
    title: str | None
    text: str
    """Body paragraphs only, joined by blank lines."""
    article_text: str
    """Body paragraphs and subheadings in reading order: the article as a reader sees it."""
    page_text: str
    published: datetime | None
    byline: str | None
    outlet: str | None
    language: str | None
    url: str | None
    spans: list[Span]


def parse_page(html: str) -> lxml.html.HtmlElement:
    """Parse leniently, as trafilatura does (broken markup is the norm), so one parse serves both of us."""
    tree = load_html(html)
    if tree is not None:
        return tree
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.fromstring("<html></html>")


def page_text(tree: lxml.html.HtmlElement) -> str:
    """Every visible block of the page on its own line, as a plain scraper would dump it."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in INVISIBLE_TAGS:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(tree)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def clean_html(html: str, url: str | None = None) -> HtmlCleaning:
    """Extract the article of one HTML page with trafilatura; read the metadata from the page's own tags."""
    tree = parse_page(html)
    rendered, meta = page_text(tree), read_metadata(tree, url)  # trafilatura prunes the tree: read it first
    doc = _extract(tree, url, precise=True)
    if doc is None or len((doc.text or "").split()) < FALLBACK_WORDS:
        recall = _extract(parse_page(html), url, precise=False)
        if recall is not None and (doc is None or len(doc.text or "") < 0.5 * len(recall.text or "")):
            doc = recall
    title = meta.title
    body, headings, article = _paragraphs(_before_comments(doc.text or "") if doc else "", title)
    return HtmlCleaning(
        title=title,
        text="\n\n".join(body),
        article_text="\n\n".join(article),
        page_text=rendered,
        published=meta.published,
        byline=meta.byline,
        outlet=meta.outlet,
        language=meta.language,
        url=meta.url,
        spans=_removed_blocks(rendered, body, headings, title),
    )


@dataclass
class PageMetadata:
    title: str | None
    published: datetime | None
    byline: str | None
    outlet: str | None
    language: str | None
    url: str | None


def read_metadata(tree: lxml.html.HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, time, byline, outlet, language and canonical URL from the tags a news page declares them in.

    trafilatura can do this too, but its metadata pass (with htmldate's date search) costs as much as the
    extraction itself; the declared tags are what news pages fill in, and they keep the time zone.
    """
    meta = _meta_tags(tree)
    heading = next((h.text_content().strip() for h in tree.iter("h1") if h.text_content().strip()), None)
    page_title = next((t.text_content().strip() for t in tree.iter("title")), None)
    canonical = next((link.get("href") for link in tree.iter("link") if (link.get("rel") or "").lower() == "canonical"), None)
    return PageMetadata(
        title=meta.get("og:title") or meta.get("twitter:title") or heading or _strip_site(page_title),
        published=_published(tree, meta),
        byline=meta.get("author") or meta.get("article:author") or meta.get("parsely-author") or meta.get("dc.creator"),
        outlet=meta.get("og:site_name") or meta.get("application-name") or _host(canonical or url),
        language=_language(tree),
        url=canonical or meta.get("og:url") or url,
    )


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value:
            tags.setdefault(key, value)
    return tags


def _strip_site(title: str | None) -> str | None:
    """'Port strike ends | Valmora Herald' -> 'Port strike ends'."""
    return re.split(r"\s+[|–—-]\s+[^|–—-]{2,40}$", title)[0].strip() if title else None


def _host(url: str | None) -> str | None:
    return urlparse(url).hostname if url else None


def _extract(tree: lxml.html.HtmlElement, url: str | None, precise: bool) -> Document | None:
    """trafilatura's main-content extraction, precise (fewer stray blocks) or not (more of a short page)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=False,
            include_comments=False,
            include_formatting=True,
            favor_precision=precise,
        )
    return doc if isinstance(doc, Document) else None


def _before_comments(text: str) -> str:
    """The article without a readers' comment thread that trafilatura took for more of it."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index and COMMENTS_HEADER.search(line.lstrip("#").strip()):
            return "\n".join(lines[:index])
    return text


def _paragraphs(markdown: str, title: str | None) -> tuple[list[str], list[str], list[str]]:
    """Split trafilatura's markdown-ish text into body paragraphs, subheadings (structure, not body), and the
    whole article in reading order (both)."""
    body, headings, article = [], [], []
    for block in markdown.split("\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("#"):
            heading = block.lstrip("#").strip()
            if heading and heading != (title or "").strip():
                headings.append(heading)
                article.append(heading)
            continue
        paragraph = re.sub(r"^[-*]\s+", "", block).replace("**", "").replace("*", "")
        body.append(paragraph)
        article.append(paragraph)
    return body, headings, article


def _removed_blocks(rendered: str, body: list[str], headings: list[str], title: str | None) -> list[Span]:
    """Lines of the page rendering that did not make it into the article, as spans of the rendering."""
    kept = normalise_line(" ".join(body))
    spans, offset = [], 0
    for line in rendered.split("\n"):
        norm = normalise_line(line)
        if norm and norm not in kept:
            if title and norm == normalise_line(title):
                label, reason = "title", "headline"
            elif line.strip() in headings:
                label, reason = "heading", "subheading inside the article"
            else:
                label, reason = "boilerplate", "outside the main content"
            spans.append(Span(offset, offset + len(line), line, label, reason))
        offset += len(line) + 1
    return spans


def _published(tree: lxml.html.HtmlElement, meta: dict[str, str]) -> datetime | None:
    """The full publication time with its zone: meta tags, then JSON-LD, then a <time> element."""
    candidates = [meta[key] for key in PUBLISHED_META if key in meta]
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            candidates += JSON_LD_PUBLISHED.findall(script.text or "")
    candidates += [t.get("datetime", "") for t in tree.iter("time") if t.get("datetime")]
    for value in candidates:
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
    return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    lang = tree.get("lang") or next(
        (m.get("content") for m in tree.iter("meta") if m.get("http-equiv", "").lower() == "content-language"), None
    )
    return lang.split("-")[0].lower() if lang else None
