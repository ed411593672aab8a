"""The web UI: server-rendered pages over the same `Service` the API uses. No build step: Jinja templates,
one stylesheet and one small script (citations, the clutter toggle, waiting for a new article's story)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import UploadFile

from newsloom.errors import InputError
from newsloom.model import RawArticle
from newsloom.read import READERS, article_from_record, parse_document, unsupported
from newsloom.read.decode import decode_bytes
from newsloom.store import SORTS, StoryFilter
from newsloom.web import views
from newsloom.web.service import Service, posted

PAGE_SIZE = 25
MAX_UPLOAD_FILES = 100


def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("newsloom.web", "templates"), autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True
    )
    env.filters["when"] = views.when
    env.filters["claim_value"] = views.claim_value
    return Jinja2Templates(env=env)


def build_router(service: Service) -> APIRouter:
    router = APIRouter()
    pages = templates()

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return pages.TemplateResponse(request, name, context, status_code=status)

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request) -> HTMLResponse:
        params = request.query_params
        problems: list[str] = []
        since, until = _day(params.get("since"), "from", problems), _day(params.get("until"), "to", problems)
        query = (params.get("q") or "").strip() or None
        language, outlet, entity = (params.get(name) or None for name in ("language", "outlet", "entity"))
        wanted = StoryFilter(query, language, outlet, entity, since, until)
        sort = params.get("sort") or ""
        sort = sort if sort in SORTS else ("relevance" if query else "newest")
        page = max(1, int(params["page"])) if params.get("page", "").isdigit() else 1
        store = service.loom.store
        total, rows = store.list_stories(wanted, sort, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        hits = store.search_articles(query, 5) if query else []
        return render(
            request, "stories.html.j2", rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)), wanted=wanted,
            sort=sort, facets=store.facets(), problems=problems, hits=hits, health=service.health(),
        )  # fmt: skip

    @router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: int) -> HTMLResponse:
        story = service.loom.story(story_id) if 0 < story_id < 2**62 else None
        if story is None:
            raise HTTPException(404, f"There is no story {story_id}.")
        return render(request, "story.html.j2", **views.story_view(story))

    @router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        store = service.loom.store
        found = store.load_articles([article_id]) if 0 < article_id < 2**62 else []
        if not found:
            raise HTTPException(404, f"There is no article {article_id}.")
        article = found[0]
        relations = store.relations_of(article_id)
        others = {a.id or 0: a for a in store.load_articles(sorted({r.a for r in relations} | {r.b for r in relations} - {article_id}))}
        story = store.story_title(article.story_id) if article.story_id else None
        return render(
            request, "article.html.j2", article=article, paragraphs=views.paragraphs(article), segments=article.page_segments(),
            alignments=views.alignments(article, relations, others), story_title=story, analysed=store.is_analysed(article_id),
        )  # fmt: skip

    @router.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        return render(request, "add.html.j2", outcomes=None, problems=[])

    @router.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_submit(request: Request) -> HTMLResponse:
        limit = service.config.max_input_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            too_big = f"The upload is {int(declared):,} bytes; the limit is {limit:,}."
            return render(request, "add.html.j2", 413, outcomes=None, problems=[too_big])
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20, max_part_size=limit)
        raws, problems = await _form_articles(form)
        if not raws and not problems:
            problems.append("Paste an article's text or choose at least one file.")
        report = await run_in_threadpool(service.add, raws) if raws else None
        outcomes = report.outcomes if report else []
        status = 201 if report and report.added else (422 if problems or (report and report.errors) else 200)
        return render(request, "add.html.j2", status, outcomes=outcomes, problems=problems)

    return router


def _day(value: str | None, name: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"“{value}” is not a date (use YYYY-MM-DD); the {name} filter was left out.")
        return None


async def _form_articles(form: Any) -> tuple[list[RawArticle], list[str]]:
    """The articles of the add form: the pasted text with its metadata fields, and every uploaded file read
    as the CLI reads it. Problems are one line each, naming the input."""
    raws: list[RawArticle] = []
    problems: list[str] = []
    text = str(form.get("text") or "")
    if text.strip():
        fields = {k: str(form.get(k) or "").strip() or None for k in ("title", "outlet", "url", "published", "language", "id")}
        try:
            raws.append(posted(article_from_record({**fields, "text": text}, "pasted text", default_key="")))
        except InputError as exc:
            problems.append(str(exc))
    for upload in form.getlist("files"):
        if isinstance(upload, UploadFile) and upload.filename:
            found, errors = await _upload_articles(upload)
            raws += found
            problems += errors
    return raws, problems


async def _upload_articles(upload: UploadFile) -> tuple[list[RawArticle], list[str]]:
    path = Path(Path(upload.filename or "upload").name)
    if path.suffix.lower() not in READERS:  # said before the bytes are read: a picture is the wrong file, not bad text
        return [], [str(unsupported(path))]
    try:
        text = decode_bytes(await upload.read(), str(path))
    except InputError as exc:
        return [], [str(exc)]
    items = list(parse_document(path, text))
    return [posted(i) for i in items if isinstance(i, RawArticle)], [str(i) for i in items if isinstance(i, InputError)]
