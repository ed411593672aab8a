"""The REST API: JSON over the same store the pages show, described by the OpenAPI schema at /openapi.json.

Stories and articles come in the export format (`export.story_to_dict`), so an API client, an export file and
the report agree field for field. Bad input is a 4xx with a one-line `detail`; see `app.py` for the handlers.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from newsloom.errors import InputError
from newsloom.export import article_to_dict, story_to_dict
from newsloom.loom import RunReport
from newsloom.model import RawArticle
from newsloom.read import article_from_record
from newsloom.store import StoryFilter
from newsloom.web.service import Service, posted

Sort = Literal["newest", "biggest", "relevance"]
Status = Literal["stored", "duplicate", "refused"]
MAX_BATCH = 1000
"""Articles one POST may carry; more is a client's bulk load, which `newsloom run` does better."""
STORY_ID = Annotated[int, Path(ge=1, le=2**62, description="A story id, as listed by GET /api/stories.")]

ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "minLength": 1, "description": "The article as plain text (a page dump is fine: clutter is removed)."},
        "html": {"type": "string", "minLength": 1, "description": "The article as a saved HTML page (used when `text` is absent)."},
        "id": {"type": "string", "description": "Your id for the article (default: one made from its content)."},
        "url": {"type": "string"},
        "title": {"type": "string"},
        "published": {"type": "string", "description": "ISO 8601 time, e.g. 2021-12-07T15:00:00Z."},
        "outlet": {"type": "string"},
        "language": {"type": "string", "description": "ISO 639-1 code; detected from the text when it can be."},
    },
    "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
}
POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        ARTICLE_SCHEMA,
                        {"type": "array", "items": ARTICLE_SCHEMA, "minItems": 1, "maxItems": MAX_BATCH},
                        {
                            "type": "object",
                            "properties": {"articles": {"type": "array", "items": ARTICLE_SCHEMA, "minItems": 1, "maxItems": MAX_BATCH}},
                            "required": ["articles"],
                        },
                    ]
                }
            }
        },
    }
}


class Problem(BaseModel):
    detail: str = Field(description="What was wrong, in one line.")


class ArticleOutcome(BaseModel):
    index: int = Field(description="Position of the article in the request (0 for a single object).")
    id: str = Field(description="The article's id: yours, or the one newsloom gave it.")
    status: Status
    article_id: Annotated[int | None, Field(description="Database id of the stored article (the earlier one for a duplicate).")] = None
    error: str | None = None
    url: Annotated[str | None, Field(description="Where the article can be read: GET this for its story once analysed.")] = None


class IngestResult(BaseModel):
    stored: int
    duplicates: int
    refused: int
    articles: list[ArticleOutcome]
    detail: Annotated[str | None, Field(description="The first refusal, when nothing was stored.")] = None


class StoryRow(BaseModel):
    id: int
    title: str
    start: str | None
    end: str | None
    articles: int
    sources: int = Field(description="Independent sources: copies of one origin count once.")
    languages: list[str]
    outlets: list[str]
    url: str


class StoryPage(BaseModel):
    total: int
    limit: int
    offset: int
    stories: list[StoryRow]


class ArticleHit(BaseModel):
    article_id: int
    id: str
    title: str
    outlet: str | None
    published: str | None
    language: str
    story_id: int | None
    snippet_html: str = Field(description="The matching passage, HTML-escaped, the matched words in <mark>.")


class SearchResult(BaseModel):
    query: str
    stories: list[StoryRow]
    articles: list[ArticleHit]


class Health(BaseModel):
    status: str
    articles: int
    stories: int
    pending: int = Field(description="Articles stored but not yet analysed into stories.")
    analyser: dict[str, Any]


def build_router(service: Service) -> APIRouter:
    # every validation error is answered as a Problem (app.py), not FastAPI's default list of errors
    router = APIRouter(responses={422: {"model": Problem, "description": "A parameter or the body is not valid."}})
    errors: dict[int | str, dict[str, Any]] = {400: {"model": Problem}, 413: {"model": Problem}, 422: {"model": Problem}}

    @router.post(
        "/api/articles",
        status_code=201,
        response_model=IngestResult,
        responses={200: {"model": IngestResult, "description": "Nothing new: every article was stored before."}, **errors},
        openapi_extra=POST_BODY,
        summary="Add one article or a batch",
    )
    async def post_articles(request: Request) -> JSONResponse:
        """Store the articles before answering; each joins its story once the background analysis has run
        (GET its `url` to see `story_id`). One bad article in a batch is refused alone."""
        body = await read_capped_body(request, service.config.max_input_bytes)
        raws, refused = parse_articles(body)
        report = await run_in_threadpool(service.add, [r for _, r in raws]) if raws else RunReport()
        result = ingest_result(raws, refused, report)
        code = 201 if result.stored else (422 if result.refused else 200)
        return JSONResponse(result.model_dump(), status_code=code)

    @router.get("/api/stories", response_model=StoryPage, responses={422: {"model": Problem}}, summary="List and search stories")
    def get_stories(
        q: Annotated[str | None, Query(max_length=500, description="Full-text search over titles, texts and entities.")] = None,
        language: Annotated[str | None, Query(max_length=20)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        entity: Annotated[str | None, Query(max_length=200, description="A person, organisation or place the story names.")] = None,
        since: Annotated[date | None, Query(description="Stories with an article on or after this day (UTC).")] = None,
        until: Annotated[date | None, Query(description="Stories with an article on or before this day (UTC).")] = None,
        sort: Annotated[Sort | None, Query(description="Default: relevance with q, else newest.")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> StoryPage:
        wanted = StoryFilter(q, language, outlet, entity, since, until)
        total, rows = service.loom.store.list_stories(wanted, sort or ("relevance" if q else "newest"), limit, offset)
        return StoryPage(total=total, limit=limit, offset=offset, stories=[story_row(r) for r in rows])

    @router.get("/api/stories/{story_id}", responses={404: {"model": Problem}}, summary="One story, in the export format")
    def get_story(story_id: STORY_ID) -> dict[str, Any]:
        story = service.loom.story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        return story_to_dict(story)

    @router.get("/api/articles/{article_id}", responses={404: {"model": Problem}}, summary="One article by database id or your id")
    def get_article(article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
        article = service.loom.article(article_id)
        if article is None or article.id is None:
            raise HTTPException(404, f"no article {article_id!r}")
        analysed = service.loom.store.is_analysed(article.id)
        return {"article_id": article.id, "story_id": article.story_id, "analysed": analysed, **article_to_dict(article)}

    @router.get("/api/search", response_model=SearchResult, responses={422: {"model": Problem}}, summary="Search stories and articles")
    def search(q: Annotated[str, Query(min_length=1, max_length=500)], limit: Annotated[int, Query(ge=1, le=100)] = 10) -> SearchResult:
        store = service.loom.store
        _, rows = store.list_stories(StoryFilter(query=q), "relevance", limit)
        hits = [article_hit(h) for h in store.search_articles(q, limit)]
        return SearchResult(query=q, stories=[story_row(r) for r in rows], articles=hits)

    @router.get("/healthz", response_model=Health, summary="Liveness, with counts and the analyser's state")
    def healthz() -> Health:
        return Health(**service.health())

    return router


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes (never read whole first)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_articles(body: bytes) -> tuple[list[tuple[int, RawArticle]], list[tuple[int, str, str]]]:
    """The posted articles (index, raw) and the refused ones (index, id, one-line reason). A body that is not
    JSON, or not an article, a list of them or {"articles": [...]}, is a 400 for the whole request."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = f"{exc.msg} at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise HTTPException(400, f"request body is not valid JSON ({problem})") from exc
    if isinstance(payload, dict) and "articles" in payload:
        payload = payload["articles"]
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise HTTPException(400, 'no articles given: send an article object, a list of them, or {"articles": [...]}')
    if len(records) > MAX_BATCH:
        raise HTTPException(422, f"{len(records):,} articles in one request; the limit is {MAX_BATCH:,}")
    raws, refused = [], []
    for index, record in enumerate(records):
        source = f"article {index}" if len(records) > 1 else "article"
        try:
            raw = article_from_record(record, source, default_key="")
        except InputError as exc:
            key = record.get("id") if isinstance(record, dict) else None
            refused.append((index, str(key or index), str(exc)))
            continue
        raws.append((index, posted(raw)))
    return raws, refused


def ingest_result(raws: list[tuple[int, RawArticle]], refused: list[tuple[int, str, str]], report: RunReport) -> IngestResult:
    """One outcome per posted article, in the order posted: what `store_articles` did, and the refusals
    `parse_articles` made before it."""
    rows = [ArticleOutcome(index=i, id=key, status="refused", error=reason) for i, key, reason in refused]
    for (index, raw), outcome in zip(raws, report.outcomes, strict=True):
        url = f"/api/articles/{outcome.article_id}" if outcome.article_id is not None else None
        status = cast(Status, outcome.status)
        row = ArticleOutcome(index=index, id=raw.key, status=status, article_id=outcome.article_id, error=outcome.error, url=url)
        rows.append(row)
    rows.sort(key=lambda r: r.index)
    counts = {status: sum(r.status == status for r in rows) for status in ("stored", "duplicate", "refused")}
    first_error = next((r.error for r in rows if r.error), None)
    return IngestResult(
        stored=counts["stored"], duplicates=counts["duplicate"], refused=counts["refused"], articles=rows,
        detail=first_error if not counts["stored"] and counts["refused"] else None,
    )  # fmt: skip


def story_row(row: dict[str, Any]) -> StoryRow:
    return StoryRow(**row, url=f"/api/stories/{row['id']}")


def article_hit(row: dict[str, Any]) -> ArticleHit:
    snippet = escape(row["snippet"] or "").replace("\x02", "<mark>").replace("\x03", "</mark>")
    return ArticleHit(
        article_id=row["id"], id=row["key"], title=row["title"], outlet=row["outlet"], published=row["published"],
        language=row["language"], story_id=row["story_id"], snippet_html=snippet,
    )  # fmt: skip
