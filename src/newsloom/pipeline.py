"""The stage order, written down once.

    read -> clean -> identify -> fingerprint -> extract          per article, as it arrives (`prepare_article`)
         -> link copies -> cluster stories -> compare -> summarise   per story, over what is stored (`analyse`)
         -> store / show

Per-article stages need nothing but the article (and the site's line memory), so they can run anywhere, in
any order. Per-story stages need the stored corpus: they run over the articles not yet analysed and rewrite
the stories those articles touch, in one transaction.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import cache

import numpy as np

from newsloom.clean import SiteMemory, clean_html, clean_text
from newsloom.cluster import as_utc, assign_story_ids, cluster_articles
from newsloom.compare import compare_claims, independent_sources, name_conflicts, time_conflicts
from newsloom.config import Config
from newsloom.errors import InputError
from newsloom.extract import extract, resolve_entities
from newsloom.extract import load_models as load_extract_models
from newsloom.fingerprint import article_vector, content_hash, embed, load_encoder, minhash, normalise_rows
from newsloom.generative import Endpoint, GenerationError, generate_summary
from newsloom.identify import detect_language, split_sentences
from newsloom.limits import time_limit
from newsloom.link import link_copies
from newsloom.model import Article, Entity, Quote, RawArticle, Relation, Story
from newsloom.store import SqliteStore
from newsloom.summarise import summarise

LOG = logging.getLogger("newsloom")

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as a stage advances."""


def clean_article(raw: RawArticle, config: Config, memory: SiteMemory | None = None) -> Article:
    """Stage 2, clean: the article's text and metadata; `InputError` when no article text is found."""
    if raw.is_html:
        page = clean_html(raw.body, raw.url)
        text, title, published, byline = page.text, page.title, page.published, page.byline
        outlet, language, url, page_text, spans = page.outlet, page.language, page.url, page.page_text, page.spans
    else:
        dump = clean_text(raw.body, raw.site, memory)
        text, title, published, byline, spans = dump.text, dump.title, dump.published, dump.byline, dump.spans
        outlet, language, url, page_text = None, None, None, raw.body
    words = len(re.findall(r"\w+", text))
    if words < config.min_article_words:
        raise InputError(raw.source, f"no article text found ({words} words after cleaning)")
    if len(text) > config.max_article_chars:
        raise InputError(
            raw.source, f"too long for one article ({len(text):,} characters after cleaning; the limit is {config.max_article_chars:,})"
        )
    return Article(
        key=raw.key, source=raw.source, title=raw.title or title or text.split("\n")[0][:120], text=text,
        raw=page_text, content_hash=content_hash(raw.body), language=raw.language or language or "und",
        published=raw.published or published, outlet=raw.outlet or outlet, url=raw.url or url, byline=byline,
        removed=spans,
    )  # fmt: skip


def identify(article: Article, config: Config) -> None:
    """Stage 3: the language (detected from the text; the page's own claim only when detection cannot tell)."""
    detected = detect_language(article.text)
    if detected != "und":
        article.language = detected
    article.sentences = split_sentences(article.text, article.language)


def fingerprint(article: Article, config: Config) -> None:
    """Stage 4: sentence and article embeddings, and the MinHash signature (the content hash is set by clean)."""
    article.sentence_vectors = embed([s.text for s in article.sentences])
    article.vector = article_vector(article.sentence_vectors)
    article.minhash = minhash(article.text, config.minhash_permutations, config.shingle_size)


def extract_facts(article: Article, config: Config) -> None:
    """Stage 7 (per article): entities, quotes, numbers and clock times."""
    extract(article)


ARTICLE_STAGES: tuple[tuple[str, Callable[[Article, Config], None]], ...] = (
    ("identify", identify),
    ("fingerprint", fingerprint),
    ("extract", extract_facts),
)
"""The per-article stages after cleaning, in order; each fills in its part of the `Article`."""


@cache
def load_models() -> None:
    """Load every model the per-article stages use, once per process (later calls return at once).

    `prepare_article` calls it before its time limit starts: on a busy machine the first load can take longer
    than one page may, and that must not be charged to (and refuse) whichever page came first."""
    detect_language("newsloom loads its language model with this sentence.")
    load_encoder()
    load_extract_models()


def prepare_article(raw: RawArticle, config: Config, memory: SiteMemory | None = None) -> Article:
    """Run one raw article through every per-article stage, within the time one page may take."""
    load_models()
    with time_limit(config.page_seconds, raw.source):
        article = clean_article(raw, config, memory)
        for _, stage in ARTICLE_STAGES:
            stage(article, config)
    return article


def analyse(store: SqliteStore, config: Config, progress: Progress | None = None) -> list[int]:
    """Link, cluster, compare and summarise the stored articles not yet analysed; returns touched story ids.
    One pass at a time per database file, across processes (`SqliteStore.analysis_lock`)."""
    with store.analysis_lock():
        return _analyse(store, config, progress)


def _analyse(store: SqliteStore, config: Config, progress: Progress | None) -> list[int]:
    if not store.count_pending():
        return []
    articles = store.load_articles()
    # pending is read again after the articles: one stored in between waits for the next pass instead of
    # being clustered here without its copy links
    pending = store.pending_ids() & {a.id for a in articles}
    report = progress or (lambda stage, done, total: None)
    report("link copies", 0, 1)
    new_relations = link_copies(articles, pending, config)
    relations = _merge_relations(store.relations(), new_relations)
    report("link copies", 1, 1)
    report("cluster stories", 0, 1)
    scope = story_scope(articles, pending, config)
    clustering = cluster_articles(scope, relations, config)
    previous = {a.id: a.story_id for a in scope if a.id is not None}
    assigned, events = assign_story_ids(clustering.stories, previous, store.next_story_id())
    report("cluster stories", 1, 1)
    by_id = {a.id: a for a in scope}
    losers = {old for a, old in previous.items() if old is not None and assigned.get(a) != old}
    changed = [
        ids for ids in clustering.stories if assigned[ids[0]] in losers or any(i in pending or previous.get(i) != assigned[i] for i in ids)
    ]
    stories = []
    # changed: stories with a new or moved article, and stories that gave articles away (`losers`)
    for done, ids in enumerate(changed, start=1):
        members = [by_id[i] for i in ids]
        stories.append(build_story(assigned[ids[0]], members, relations, config, clustering.evidence.get(ids[0], {})))
        report("compare and summarise", done, len(changed))
    gone = sorted({s for s in previous.values() if s is not None} - set(assigned.values()))
    store.save_analysis(new_relations, assigned, stories, events, gone)
    return [s.id for s in stories]


def story_scope(articles: list[Article], pending: set[int], config: Config) -> list[Article]:
    """The articles new ones can change the stories of: those within the story window of a new article (all
    of them when a new article is undated, as it could belong anywhere), with every member of their stories."""
    new = [a for a in articles if a.id in pending]
    moments = [as_utc(a.published) for a in new if a.published is not None]
    if len(moments) < len(new):
        return articles
    window = timedelta(days=config.story_window_days)
    low, high = min(moments) - window, max(moments) + window
    near = {a.id for a in articles if a.id in pending or a.published is None or low <= as_utc(a.published) <= high}
    touched = {a.story_id for a in articles if a.id in near and a.story_id is not None}
    return [a for a in articles if a.id in near or a.story_id in touched]


def _merge_relations(old: list[Relation], new: list[Relation]) -> list[Relation]:
    merged = {(r.a, r.b): r for r in old}
    merged.update({(r.a, r.b): r for r in new})
    return list(merged.values())


def build_story(story_id: int, members: list[Article], relations: list[Relation], config: Config, evidence: dict | None = None) -> Story:
    """Everything the per-story stages say about one story's articles."""
    story = compare_story(story_id, members, relations)
    story.evidence = evidence or {}
    ids = [a.id for a in members if a.id is not None]
    story.summary = summarise(members, independent_sources(ids, story.relations), config, story.relations)
    endpoint = Endpoint.from_config(config)
    if endpoint is not None and story.summary:
        _generate(story, endpoint, config)
    return story


def _generate(story: Story, endpoint: Endpoint, config: Config) -> None:
    """Replace the extractive summary with a generated one whose sentences passed their checks; keep the
    extractive one when the endpoint fails or every generated sentence was dropped."""
    try:
        generated = generate_summary(endpoint, story.articles, story.summary, config.summary_sentences)
    except GenerationError as exc:
        LOG.warning("story %s keeps its extractive summary: %s", story.id, exc)
        return
    if generated.sentences:
        story.summary = generated.sentences
        dropped = [{"text": d.text, "reason": d.reason} for d in generated.dropped]
        story.generation = {"model": endpoint.model, "dropped": dropped}


def compare_story(story_id: int, members: list[Article], relations: list[Relation]) -> Story:
    """Stage 8: entities resolved across the story, its quotes, claims and conflicts (no summary yet)."""
    ids = [a.id for a in members if a.id is not None]
    inside = [r for r in relations if r.a in ids and r.b in ids]
    groups = independent_sources(ids, inside)
    entities = resolve_entities(members)
    moments = sorted(as_utc(a.published) for a in members if a.published is not None)
    start, end = (moments[0], moments[-1]) if moments else (None, None)
    story = Story(id=story_id, title=headline(members), articles=members, start=start, end=end)
    story.relations = inside
    story.entities = entities
    story.quotes = _story_quotes(members, entities)
    story.claims = compare_claims(members, groups)
    story.conflicts = time_conflicts(members, groups, start.date() if start else None) + name_conflicts(entities, members)
    return story


WIRE_DESK_PREFIX = re.compile(r"^(?:(?:UPDATE|WRAPUP|REFILE|CORRECTED|RPT|EXCLUSIVE|BREAKING|EIL)(?: \d+)?\s*[-:–—]\s*)+")
"""Wire desks' slugs before a headline ("UPDATE 2-", "REFILE-", "EXCLUSIVE-"): they say which version of a copy
this is, not what happened, so a story's title goes without them."""


def headline(members: list[Article]) -> str:
    """The title of the article nearest the story's centroid (the most typical headline), among the articles in
    the story's main language (the language of its summary), without a wire desk's slug."""
    titled = [a for a in members if a.title] or members
    language = Counter(a.language for a in titled).most_common(1)[0][0]
    candidates = [a for a in titled if a.language == language]
    vectors = [a.vector for a in members if a.vector is not None]
    if vectors:
        centroid = normalise_rows(np.mean(vectors, axis=0, keepdims=True))[0]
        candidates.sort(key=lambda a: float(centroid @ a.vector) if a.vector is not None else -1.0, reverse=True)
    title = candidates[0].title
    return WIRE_DESK_PREFIX.sub("", title) or title


def _story_quotes(members: list[Article], entities: list[Entity]) -> list[Quote]:
    """Every quote of the story, with its speaker's canonical name (one person, one name across sources)."""
    canonical = {variant: entity.name for entity in entities for variant in entity.variants}
    quotes = []
    for article in members:
        for quote in article.quotes:
            speaker = canonical.get(quote.speaker, quote.speaker) if quote.speaker else None
            quotes.append(replace(quote, speaker=speaker, article=article.id))
    return quotes
