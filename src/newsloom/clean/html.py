"""HTML mode cleaning: a saved page in, the article out, through trafilatura.

trafilatura finds the main content and the usual metadata; newsloom adds what it leaves out: the published
time with its zone (trafilatura keeps only the day), the page language, and the removed blocks. The page is
also rendered to plain text, one visible block per line (`page_text`), so removed clutter can be shown as spans
of that rendering, exactly as in text mode.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document
from trafilatura.utils import load_html, remove_control_characters

from newsloom.clean.site_memory import normalise_line
from newsloom.clean.text import COMMENTS_HEADER_HINT, is_comments_header
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
SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
LIST_BULLET = re.compile(r"^-\s+")
"""trafilatura's plain text marks a list item with a dash; the item itself is the paragraph."""
SHORT_SHARE = 0.1
"""A precise extraction under this share of the page's visible text (in characters) probably missed the
article, so `_article` runs the balanced one as well. A share, not a word count: a 200-word brief on a light
page is complete, 200 words of a long page are not (a 250-word threshold sent a fifth of all pages through a
second extraction)."""
BALANCED_GAIN = 2.0
"""The balanced extraction replaces the precise one only when it is at least this many times longer: a
little more text is as likely clutter as article."""
STANDFIRST_CHARS = 50
"""A paragraph this long (about a sentence) inside an article's <header> is a standfirst, not page chrome."""
NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
"""A <noscript> element up to its end tag: a browser that runs scripts reads it as raw text, never as markup."""


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
    """Parse leniently, as trafilatura does (broken markup is the norm), so one parse serves both of us.

    <noscript> blocks go first, as a browser running scripts never parses them (and neither page text nor
    trafilatura keeps them): lxml parses them as markup, so one left open inside (`<noscript><div></noscript>`)
    swallowed the rest of the page into the invisible block, and the article with it.
    """
    html = NOSCRIPT.sub("", html)
    tree = load_html(html)
    if tree is not None:
        return tree
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.fromstring("<html></html>")


def page_text(tree: lxml.html.HtmlElement) -> str:
    """Every visible block of the page on its own line, as a plain scraper would dump it.

    The walk runs in libxslt when it can (a whole document): a Python walk pays for one lxml.html element
    proxy per node, which made this rendering cost a tenth of the trafilatura extraction. Both walks give
    the same text: text and tails in document order, a line break around each block, invisible subtrees
    and comments skipped.
    """
    if tree.getparent() is None and tree.tail is None:
        try:
            raw = str(_render_stylesheet()(tree))
        except etree.XSLTApplyError:  # libxslt's template depth limit, on absurdly nested pages
            raw = _walk_text(tree)
    else:
        raw = _walk_text(tree)
    return "\n".join(filter(None, map(str.strip, SPACES.sub(" ", raw).split("\n"))))


_RENDER_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:apply-templates select="*"/></xsl:template>
<xsl:template match="{"|".join(INVISIBLE_TAGS)}"/>
<xsl:template match="{"|".join(sorted(BLOCK_TAGS))}">
<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""
"""`_walk_text` as a stylesheet: the built-in templates copy text nodes and drop comments and PIs."""
_stylesheets = threading.local()


def _render_stylesheet() -> etree.XSLT:
    """One compiled stylesheet per thread: lxml does not promise that threads may share one."""
    stylesheet = getattr(_stylesheets, "render", None)
    if stylesheet is None:
        stylesheet = _stylesheets.render = etree.XSLT(etree.XML(_RENDER_XSLT))
    return stylesheet


def _walk_text(tree: lxml.html.HtmlElement) -> str:
    """The rendering before whitespace is tidied, in Python: for a fragment (an element inside a larger
    tree, which the stylesheet would render whole) or a page too deep for libxslt."""
    parts: list[str] = []
    walker = etree.iterwalk(tree, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            if node.tag in INVISIBLE_TAGS:
                walker.skip_subtree()  # its "end" still comes, with the tail
                continue
            if node.tag in BLOCK_TAGS:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
        elif event == "end":
            if node.tag in BLOCK_TAGS:
                parts.append("\n")
            if node.tail:
                parts.append(node.tail)
        elif node.tail:  # a comment or processing instruction: its text is not visible, its tail is
            parts.append(node.tail)
    return "".join(parts)


def clean_html(html: str, url: str | None = None) -> HtmlCleaning:
    """Extract the article of one HTML page with trafilatura; read the metadata from the page's own tags."""
    tree = parse_page(html)
    rendered, meta = page_text(tree), read_metadata(tree, url)
    _open_standfirsts(tree)  # after our own reading of the page; trafilatura works on copies of the tree
    _drop_empty_inline(tree)
    _wrap_loose_text(tree)
    doc = _article(tree, url, len(rendered))
    title = meta.title
    body, headings, article = _paragraphs(doc, title)
    _restore_subheadings(tree, rendered, headings, article, title)
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


@dataclass
class Extraction:
    """trafilatura's main content: its plain text, one block a line, and which of those lines are headings."""

    text: str
    headings: set[str]


def _article(tree: lxml.html.HtmlElement, url: str | None, page_chars: int) -> Extraction | None:
    """trafilatura's extraction: precise and fast, then balanced only if that came up short.

    Fast skips trafilatura's comparison of its own rules with readability and jusText. That comparison takes
    a third of the time, and on the benchmark's dev pages it changed the precise result on 35 pages of 575,
    nearly all with less than `SHORT_SHARE` of the page: where the balanced run (which compares) takes over.
    """
    doc = _extract(tree, url, precise=True, fast=True)
    if _length(doc) >= SHORT_SHARE * page_chars and _length(doc):
        return doc
    balanced = _extract(tree, url, precise=False, fast=False)
    if balanced is not None and BALANCED_GAIN * _length(doc) <= len(balanced.text):
        return balanced
    return doc


def _length(doc: Extraction | None) -> int:
    return len(doc.text) if doc else 0


def _extract(tree: lxml.html.HtmlElement, url: str | None, precise: bool, fast: bool) -> Extraction | None:
    """One trafilatura main-content extraction, precise (fewer stray blocks) or balanced (more text).

    Plain text, not markdown: trafilatura's markdown escapes and re-spaces the prose (``inter\\*``,
    ``entitled**Beautiful Code**``), which lost about one article segment in fifty; the headings are read
    from the extracted tree instead, cleaned of control characters (soft hyphens) as trafilatura cleans its
    text lines. trafilatura copies the tree it is given, so one parse serves every call.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            with_metadata=False,
            include_comments=False,
            include_formatting=False,
            favor_precision=precise,
        )
    if not isinstance(doc, Document):
        return None
    heads = doc.body.iter("head") if doc.body is not None else ()
    headings = {_one_line(remove_control_characters("".join(head.itertext()))) for head in heads}
    return Extraction(_before_comments(doc.text or ""), headings)


def _open_standfirsts(tree: lxml.html.HtmlElement) -> None:
    """Turn an article's <header> holding a paragraph of prose into a plain <div>.

    trafilatura's precise mode drops every <header>, which is right for the page's masthead but loses the
    standfirst that many news pages put in the article's own header, next to the headline.
    """
    for header in list(tree.iter("header")):
        in_article = any(parent.tag in ("article", "main") for parent in header.iterancestors())
        if in_article and any(len(p.text_content().strip()) >= STANDFIRST_CHARS for p in header.iter("p")):
            header.tag = "div"


EMPTY_INLINE_TAGS = ("span", "i", "b", "em", "strong", "q")
"""Inline elements that pages leave empty (an icon, an anchor, a drop-cap hook) right before text."""
TEXT_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote")
"""Where such an element is unwrapped: inside a paragraph or a heading, its text is the article's; an icon
before a line of a box (a date, a price, a "sponsored" label) is left as it was."""


def _drop_empty_inline(tree: lxml.html.HtmlElement) -> None:
    """Unwrap the empty inline elements that text follows, keeping the text.

    trafilatura's precise mode deletes every empty element together with its tail, so the words after an
    icon (``<i class="icon"></i> Opening hours``) or an anchor (``<h2><span id="costs"></span>Who pays?</h2>``)
    went with it: a table of contents' anchors took every subheading out of an article.
    """
    empty = [e for e in tree.iter(EMPTY_INLINE_TAGS) if e.text is None and not len(e) and e.tail and e.tail.strip()]
    for element in empty:
        parent = element.getparent()
        if parent is not None and parent.tag in TEXT_BLOCK_TAGS:
            element.drop_tag()


LOOSE_CONTAINERS = ("div", "td", "article", "section", "main", "body", "form", "center", "blockquote", "li", "dd")
LOOSE_TEXT = etree.XPath(
    "//*[" + " or ".join(f"self::{tag}" for tag in LOOSE_CONTAINERS) + "]/text()[string-length(normalize-space()) > 1]"
)
"""Text standing directly in a container (its own text or a child's tail), where `_wrap_loose_text` looks."""
LOOSE_CHARS = 30
"""Loose text this long (about five words, links left out) after a block is a paragraph written without its <p>."""
WRAP_BLOCKS = BLOCK_TAGS - {"br"}
TEXT_OWNERS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "blockquote", "li"}
"""Blocks of text whose tail is left loose: a heading or paragraph stays in the extraction, and its tail with it."""
PARAGRAPH_TEXT = etree.XPath("//p//text()")
PARAGRAPH_CHARS = 500
"""On a page with less paragraph text than this (twice trafilatura's MIN_EXTRACTED_SIZE) trafilatura reads
<div>s as paragraphs; new <p>s would switch that off and lose the page's text, so loose text is left as it is."""


def _wrap_loose_text(tree: lxml.html.HtmlElement) -> None:
    """Wrap the text that stands loose after a block (`<form>..</form> Text <b>more</b> <div>`) in a <p>.

    A browser shows such a run as a paragraph of its own, but to trafilatura it is the tail of the block
    before it, and its precise mode deletes some blocks together with their tails (an element left empty by
    its cleaning, such as a podcast player's form; a link-dense table): an article's opening paragraph went with
    a player, a paragraph after a picture's caption table with the table. The tail of a heading or a paragraph
    is safe (those stay) and is left as it is.
    """
    if sum(map(len, PARAGRAPH_TEXT(tree))) < PARAGRAPH_CHARS:
        return
    containers: dict[lxml.html.HtmlElement, None] = {}  # in document order, each once
    for node in LOOSE_TEXT(tree):
        parent = node.getparent()
        container = parent.getparent() if node.is_tail else parent
        if container is not None:
            containers[container] = None
    for container in containers:
        for block, inline in _loose_runs(container):
            paragraph = etree.Element("p")
            paragraph.text, block.tail = block.tail, None
            block.addnext(paragraph)
            paragraph.extend(inline)


def _loose_runs(container: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, list[lxml.html.HtmlElement]]]:
    """The runs of loose text in `container` worth a paragraph: the block (not a text block) whose tail starts
    the run, and the inline elements that go on with it up to the next block."""
    runs: list[tuple[lxml.html.HtmlElement, list[lxml.html.HtmlElement]]] = []
    for child in container:
        if isinstance(child.tag, str) and child.tag in WRAP_BLOCKS:
            runs.append((child, []))
        elif runs:
            runs[-1][1].append(child)
    wanted = []
    for block, inline in runs:
        if block.tag in TEXT_OWNERS:
            continue
        loose = len((block.tail or "").strip()) + sum(len((c.tail or "").strip()) for c in inline)
        inner = sum(len(c.text_content().strip()) for c in inline if isinstance(c.tag, str) and c.tag != "a")
        if loose and loose + inner >= LOOSE_CHARS:
            wanted.append((block, inline))
    return wanted


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _before_comments(text: str) -> str:
    """The article without a readers' comment thread that trafilatura took for more of it."""
    if not COMMENTS_HEADER_HINT.search(text.lower()):  # one cheap test for the whole text, as most have none
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index and is_comments_header(line.strip()):
            return "\n".join(lines[:index])
    return text


def _paragraphs(doc: Extraction | None, title: str | None) -> tuple[list[str], list[str], list[str]]:
    """Split trafilatura's text into body paragraphs, subheadings (structure, not body), and the whole
    article in reading order (both). The headline itself is the title, neither body nor subheading."""
    body: list[str] = []
    headings: list[str] = []
    article: list[str] = []
    if doc is None:
        return body, headings, article
    for line in doc.text.split("\n"):
        block = line.strip()
        if not block:
            continue
        if _one_line(block) in doc.headings:
            if block != (title or "").strip():
                headings.append(block)
                article.append(block)
            continue
        paragraph = LIST_BULLET.sub("", block)
        body.append(paragraph)
        article.append(paragraph)
    return body, headings, article


SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
SUBHEADING_WORDS = 25
"""A heading longer than this is not a subheading but a paragraph set in a heading tag."""


def _restore_subheadings(tree: lxml.html.HtmlElement, rendered: str, headings: list[str], article: list[str], title: str | None) -> None:
    """Put back the subheadings trafilatura's precise mode dropped from between two paragraphs it kept.

    Its precision rules delete headings by link density and position, which takes a question-style
    subheading ("Who pays for the repairs?") out of the middle of an article. A heading of the page whose
    line in the rendering sits between two paragraphs that follow each other in the article belongs there;
    one holding a link or inside one, or inside a list item, is left out (a card teasing another story).
    """
    candidates = {}
    for head in tree.iter(SUBHEADING_TAGS):
        text = _one_line(head.text_content())
        linked = head.find(".//a") is not None or any(up.tag in ("a", "li") for up in head.iterancestors())
        if text and len(text.split()) <= SUBHEADING_WORDS and not linked:
            candidates[text] = head
    if not candidates:
        return
    present = {_one_line(block) for block in article}
    missing = candidates.keys() - present - {_one_line(title or "")}
    if not missing:
        return
    lines = rendered.split("\n")
    for k in range(1, len(lines) - 1):
        line = lines[k]
        if line not in missing:
            continue
        before, after = lines[k - 1], lines[k + 1]
        position = {_one_line(block): index for index, block in enumerate(article)}
        if before in position and after in position and position[after] == position[before] + 1 and _introduces(candidates[line], after):
            article.insert(position[after], line)
            headings.append(line)
            missing.discard(line)


def _introduces(head: lxml.html.HtmlElement, paragraph: str) -> bool:
    """Whether the paragraph after a heading sits in the heading's own container: a box's heading (its
    stories filled in by script, or taken out) shares no container with the article text after the box."""
    parent = head.getparent()
    return parent is not None and paragraph in _one_line(parent.text_content())


def _removed_blocks(rendered: str, body: list[str], headings: list[str], title: str | None) -> list[Span]:
    """Lines of the page rendering that did not make it into the article, as spans of the rendering.

    A line counts as kept when its normalised words occur anywhere in the kept body, so a paragraph the page
    split over several lines (a <br>, an inline <div>) is kept piece by piece. A line that is a whole body
    paragraph, as most kept lines are, is known kept without normalising it or searching the body for it.
    """
    kept = normalise_line(" ".join(body))
    paragraphs, subheadings = set(body), set(headings)
    title_norm = normalise_line(title) if title else None
    spans, offset = [], 0
    for line in rendered.split("\n"):
        norm = "" if line in paragraphs else normalise_line(line)
        if norm and norm not in kept:
            if norm == title_norm:
                label, reason = "title", "headline"
            elif line.strip() in subheadings:
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
