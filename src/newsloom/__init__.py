"""newsloom: articles from many outlets in, stories a reader can trust out.

The public surface is small: `Loom` (the API over one SQLite file), `Config`, the core records `Article` and
`Story`, and the errors. Everything else may change between versions.
"""

from newsloom.config import Config
from newsloom.errors import InputError, NewsloomError, StoreError
from newsloom.loom import Loom, Outcome, RunReport
from newsloom.model import Article, Story

__all__ = ["Article", "Config", "InputError", "Loom", "NewsloomError", "Outcome", "RunReport", "StoreError", "Story"]
__version__ = "0.1.0"
