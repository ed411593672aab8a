"""The ASGI application: the pages, the API, static files, and error answers that never leak a traceback.

`create_app` builds it over one SQLite file; `serve` runs it with uvicorn (what `newsloom serve` calls).
Every error is an answer, not a crash: JSON `{"detail": "..."}` under /api and /healthz, a small HTML page
elsewhere. An unexpected exception is logged with its traceback and answered 500, and the server goes on.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsloom.config import Config
from newsloom.web import api, pages
from newsloom.web.service import Service

LOG = logging.getLogger("newsloom.web")


def create_app(db: str | Path = "newsloom.db", config: Config | None = None, analyse: bool = True) -> FastAPI:
    """The web UI and REST API over the store in `db`; with `analyse`, a background worker turns stored
    articles into stories while the server runs."""
    service = Service(str(db), config, analyse)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start()
        yield
        service.stop()

    app = FastAPI(
        title="newsloom",
        version=version("newsloom"),
        description="Stories from many outlets: cleaned articles, copies recognised, facts lined up, cited summaries.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads its script from a CDN; the schema itself is at /openapi.json
        redoc_url=None,
    )
    app.state.service = service
    app.mount("/static", StaticFiles(packages=[("newsloom.web", "static")]), name="static")
    app.include_router(api.build_router(service))
    app.include_router(pages.build_router(service))
    page_templates = pages.templates()

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(("/api", "/healthz", "/openapi"))

    def problem(request: Request, status: int, detail: str) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status)
        return page_templates.TemplateResponse(request, "error.html.j2", {"status": status, "detail": detail}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return problem(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return problem(request, 422, "; ".join(_describe(error) for error in exc.errors()) or "invalid request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(request, 500, f"internal error ({type(exc).__name__}); the server logged it and goes on")

    return app


def _describe(error: dict) -> str:
    """A validation error in one phrase: "query parameter `limit`: Input should be less than or equal to 200"."""
    where = [str(part) for part in error.get("loc", ())]
    kind = {"query": "query parameter", "path": "path parameter", "body": "body field"}.get(where[0], where[0]) if where else "input"
    name = ".".join(where[1:])
    return f"{kind} `{name}`: {error.get('msg', 'invalid')}" if name else f"{kind}: {error.get('msg', 'invalid')}"


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, config: Config | None = None) -> None:
    """Run the server until interrupted (Ctrl-C stops it after the current analysis pass)."""
    uvicorn.run(create_app(db, config), host=host, port=port, log_level="info", access_log=False)
