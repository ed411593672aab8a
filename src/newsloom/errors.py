"""One small error hierarchy: every message names the input and the problem, on one line."""

from __future__ import annotations


class NewsloomError(Exception):
    """Base class of every error newsloom raises on purpose."""


class InputError(NewsloomError):
    """An input (file, JSONL line, API payload) that cannot become an article.

    The batch goes on without it; the message is meant to be printed as is, one line per input.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StoreError(NewsloomError):
    """The database cannot be opened or does not hold a newsloom store."""
