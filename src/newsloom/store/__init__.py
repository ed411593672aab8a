"""Stage 10, store: where articles, relations and stories live. SQLite by default (one file)."""

from newsloom.store.search import SORTS, StoryFilter, fts_query
from newsloom.store.sqlite import SqliteStore

__all__ = ["SORTS", "SqliteStore", "StoryFilter", "fts_query"]
