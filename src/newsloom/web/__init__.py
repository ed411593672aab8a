"""The web UI and REST API (`newsloom serve`): pages and JSON over one SQLite store, adding articles live."""

from newsloom.web.app import create_app, serve

__all__ = ["create_app", "serve"]
