"""Stage 6, cluster stories: online, in time order, so the same code works on a stream.

Each new article, taken in publication order (arrival order when undated), joins the story it is a copy of,
or else the story whose centroid is nearest in embedding space, if close enough and within the story's time
window; otherwise it starts a new story. The window is what keeps related but different events apart: the same
people at the same place a week later make a new story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from newsloom.config import Config
from newsloom.fingerprint import normalise_rows
from newsloom.model import Article, Relation


@dataclass
class StoryState:
    """What clustering needs to know about a story: members, centroid and time span."""

    id: int
    members: list[int] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None

    @property
    def centroid(self) -> np.ndarray:
        return normalise_rows(np.mean(self.vectors, axis=0, keepdims=True))[0]

    def add(self, article: Article) -> None:
        assert article.id is not None and article.vector is not None
        self.members.append(article.id)
        self.vectors.append(article.vector)
        if article.published is not None:
            moment = as_utc(article.published)
            self.start = moment if self.start is None else min(self.start, moment)
            self.end = moment if self.end is None else max(self.end, moment)


def as_utc(moment: datetime) -> datetime:
    """Naive times are taken as UTC, so dated articles always compare."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def arrival_order(articles: list[Article]) -> list[Article]:
    dated = sorted((a for a in articles if a.published), key=lambda a: (as_utc(a.published), a.id or 0))  # type: ignore[arg-type]
    undated = sorted((a for a in articles if not a.published), key=lambda a: a.id or 0)
    return dated + undated


def assign_stories(
    new: list[Article], stories: list[StoryState], relations: list[Relation], config: Config, next_id: int
) -> list[StoryState]:
    """Place each new article in a story (mutating `stories`); returns the stories that changed."""
    story_of = {member: s for s in stories for member in s.members}
    copies = _copy_neighbours(relations)
    touched: dict[int, StoryState] = {}
    for article in arrival_order(new):
        assert article.id is not None
        story = next((story_of[o] for o in copies.get(article.id, []) if o in story_of), None)
        if story is None:
            story = _nearest_story(article, stories, config)
        if story is None:
            story = StoryState(next_id)
            next_id += 1
            stories.append(story)
        story.add(article)
        story_of[article.id] = story
        article.story_id = story.id
        touched[story.id] = story
    return list(touched.values())


def _copy_neighbours(relations: list[Relation]) -> dict[int, list[int]]:
    neighbours: dict[int, list[int]] = {}
    for r in relations:
        if r.kind != "independent":
            neighbours.setdefault(r.a, []).append(r.b)
            neighbours.setdefault(r.b, []).append(r.a)
    return neighbours


def _nearest_story(article: Article, stories: list[StoryState], config: Config) -> StoryState | None:
    best, best_score = None, config.story_similarity
    for story in stories:
        if not _in_window(article, story, config):
            continue
        score = float(story.centroid @ article.vector)
        if score >= best_score:
            best, best_score = story, score
    return best


def _in_window(article: Article, story: StoryState, config: Config) -> bool:
    if article.published is None or story.start is None or story.end is None:
        return True
    moment = as_utc(article.published)
    window = timedelta(days=config.story_window_days)
    return story.start - window <= moment <= story.end + window
