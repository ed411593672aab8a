"""Stage 10, store: where articles, relations and stories live. SQLite by default (one file)."""

from newsloom.store.sqlite import SqliteStore

__all__ = ["SqliteStore"]
