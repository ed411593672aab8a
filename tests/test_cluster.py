"""Story clustering: the partition does not depend on arrival order, related events stay apart, average linkage
cuts where it should, story ids stay stable through merges and splits, and the store records both."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS
from newsloom import Loom
from newsloom import cluster as story_clustering
from newsloom.cluster import assign_story_ids, average_linkage, cluster_articles, components
from newsloom.config import Config
from newsloom.fingerprint import article_vector, embed
from newsloom.model import Article, Story, StoryEvent
from newsloom.pipeline import identify
from newsloom.store import SqliteStore

FLOOD = (
    "Floodwater from the river Amsel closed 140 homes in Kerrow on Tuesday, the Kerrow district office said. "
    "Mayor Odile Fenwick asked residents of the lower town to stay with relatives until the water falls. "
    "The Amsel rose 2.4 metres in six hours after two days of rain, gauges at the Kerrow weir showed."
)
FLOOD_OTHER_OUTLET = (
    "About 140 households in Kerrow had to leave on Tuesday as the Amsel burst its banks, district officials said. "
    "Odile Fenwick, Kerrow's mayor, told families in the lower town to move in with relatives for now. "
    "Gauges at the weir recorded a rise of 2.4 metres within six hours after heavy rain."
)
FIRE = (
    "A fire at the Lisker paper mill in Dunmore sent smoke over the harbour on Sunday, firefighters said. "
    "Chief officer Ravi Castell said 60 firefighters fought the blaze for five hours. "
    "The mill's owner, Brandt Papier, said no worker was hurt and production would stop for a week."
)


def make_article(ident: int, title: str, text: str, published: datetime | None = None) -> Article:
    body = f"{title}\n\n{text}"
    article = Article(key=f"a{ident}", source=f"a{ident}", title=title, text=body, raw=body, content_hash=str(ident), published=published)
    article.id = ident
    identify(article, Config())
    article.sentence_vectors = embed([s.text for s in article.sentences])
    article.vector = article_vector(article.sentence_vectors)
    return article


def test_two_reports_of_one_event_are_one_story_and_another_event_is_not() -> None:
    day = datetime(2024, 5, 7, 9, tzinfo=UTC)
    articles = [
        make_article(1, "Amsel floods Kerrow", FLOOD, day),
        make_article(2, "Kerrow households leave as river rises", FLOOD_OTHER_OUTLET, day + timedelta(hours=3)),
        make_article(3, "Fire at Dunmore paper mill", FIRE, day + timedelta(hours=1)),
    ]
    clustering = cluster_articles(articles, [], Config())
    assert sorted(clustering.stories) == [[1, 2], [3]]
    evidence = clustering.evidence[1]
    assert {"Kerrow", "Amsel"} <= set(evidence["shared"])
    assert evidence["closest"] and evidence["closest"][0]["cosine"] > 0.5


def test_the_same_report_a_fortnight_later_is_another_story() -> None:
    """The window: the same place and people two weeks on is a new event, however alike the words."""
    day = datetime(2024, 5, 7, 9, tzinfo=UTC)
    articles = [
        make_article(1, "Amsel floods Kerrow", FLOOD, day),
        make_article(2, "Kerrow households leave as river rises", FLOOD_OTHER_OUTLET, day + timedelta(days=15)),
    ]
    assert sorted(cluster_articles(articles, [], Config()).stories) == [[1], [2]]


def test_figures_are_read_whole_with_what_they_count() -> None:
    found = story_clustering.figures("Some 778,000 workers filed claims; the plan spends $579 billion, 5.4% more than in 2019.")
    assert {("worker", 778000.0), ("$", 579e9), ("%", 5.4), (story_clustering.YEAR, 2019.0)} <= found
    assert not {v for _, v in found} & {778.0, 0.0}
    assert story_clustering.weekdays("Signed on Thursday, announced am Montag") == 0b1001


CLAIMS = (
    "The number of Americans filing new claims for unemployment benefits fell to 684,000 last week, the Labor "
    "Department said on Thursday. Claims had stood at 781,000 a week earlier."
)
CLAIMS_OTHER_OUTLET = (
    "Initial jobless claims dropped to 684,000 in the latest week, from 781,000, the Labor Department reported "
    "Thursday, the fewest since the pandemic began."
)
CLAIMS_NEXT_MONTH = (
    "The number of Americans filing new claims for unemployment benefits rose to 744,000 last week, the Labor "
    "Department said on Thursday. Claims had stood at 728,000 a week earlier."
)


def test_shared_figures_count_for_a_pair_and_conflicting_ones_against() -> None:
    """Two weeks of the weekly jobless claims share nearly every word; one week's reports share its figures and the
    next week's give other values for the same counts."""
    articles = [
        make_article(1, "Jobless claims fall to 684,000", CLAIMS),
        make_article(2, "US jobless claims drop to 684,000", CLAIMS_OTHER_OUTLET),
        make_article(3, "Jobless claims rise to 744,000", CLAIMS_NEXT_MONTH),
    ]
    profiles = story_clustering.build_profiles(articles)
    features, _ = story_clustering.pair_features(profiles, np.array([[0, 1], [0, 2]]))
    shared, conflicting = (story_clustering.PAIR_FEATURES.index(f) for f in ("shared figures", "conflicting figures"))
    assert features[0, shared] > 0 and features[0, conflicting] == 0
    assert features[1, shared] == 0 and features[1, conflicting] >= 1
    weighted = features * story_clustering.PAIR_WEIGHTS
    assert weighted[0, shared] > 0 > weighted[1, conflicting]


def test_average_linkage_counts_missing_pairs_as_zero() -> None:
    """A strong chain a-b-c with no a~c evidence does not make one story when the average falls below the cut."""
    edges = {(0, 1): 0.9, (1, 2): 0.8}
    assert average_linkage([0, 1, 2], edges, min_link=0.6) == [[0, 1], [2]]
    assert average_linkage([0, 1, 2], edges, min_link=0.4) == [[0, 1, 2]]
    assert average_linkage([5], {}, min_link=0.1) == [[5]]


def test_two_tight_groups_with_a_loose_link_stay_apart_but_a_lone_report_joins() -> None:
    """Two events of one kind: each one's reports close (0.9), across them 0.2 on average, above the cut (0.1) but
    short of their cohesion; a lone report linked at 0.15 still joins the group it fits."""
    edges = {(a, b): 0.9 for group in ((0, 1, 2), (3, 4, 5)) for a in group for b in group if a < b}
    edges.update({(a, b): 0.2 for a in (0, 1, 2) for b in (3, 4, 5)})
    edges.update({(a, 6): 0.15 for a in (0, 1, 2)})
    assert average_linkage(list(range(7)), edges, min_link=0.1) == [[0, 1, 2, 6], [3, 4, 5]]


def test_average_linkage_matches_the_plain_quadratic_algorithm() -> None:
    rng = random.Random(3)
    for _ in range(20):
        n = rng.randint(2, 14)
        edges = {(i, j): rng.random() for i in range(n) for j in range(i + 1, n) if rng.random() < 0.4}
        assert average_linkage(list(range(n)), edges, 0.3) == _naive_average_linkage(n, edges, 0.3)


def _naive_average_linkage(n: int, edges: dict[tuple[int, int], float], cut: float) -> list[list[int]]:
    groups = [[i] for i in range(n)]

    def link(a: list[int], b: list[int]) -> float:
        return sum(edges.get((min(x, y), max(x, y)), 0.0) for x in a for y in b) / (len(a) * len(b))

    def cohesion(a: list[int]) -> float:
        return sum(edges.get((x, y), 0.0) for x in a for y in a if x < y) / (len(a) * (len(a) - 1) / 2)

    def allowed(a: list[int], b: list[int]) -> bool:
        if min(len(a), len(b)) < story_clustering.COHESION_SIZE:
            return True
        return link(a, b) >= story_clustering.COHESION * min(cohesion(a), cohesion(b))

    while len(groups) > 1:
        scores = [(link(groups[i], groups[j]), i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
        score, i, j = max((s for s in scores if allowed(groups[s[1]], groups[s[2]])), default=(-1.0, 0, 0))
        if score < cut:
            break
        groups[i] = groups[i] + groups[j]
        del groups[j]
    return sorted(sorted(g) for g in groups)


def test_components_and_oversized_components_fall_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    assert components(5, [(0, 1), (3, 4)]) == [[0, 1], [2], [3, 4]]
    monkeypatch.setattr(story_clustering, "COMPONENT_LIMIT", 3)
    edges = {(0, 1): 0.9, (1, 2): 0.9, (2, 3): 0.1, (3, 4): 0.9, (4, 5): 0.9}
    pieces = story_clustering._split_large([0, 1, 2, 3, 4, 5], edges)
    assert sorted(pieces) == [[0, 1, 2], [3, 4, 5]]


def test_approximate_neighbours_find_what_exact_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond the exact-search limit the HNSW index proposes the candidates; on clustered vectors it must find
    nearly every pair an exact search finds."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(60, 64))
    vectors = np.repeat(centres, 5, axis=0) + rng.normal(scale=0.3, size=(300, 64))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    exact = story_clustering._neighbour_pairs(vectors)
    monkeypatch.setattr(story_clustering, "EXACT_SEARCH_LIMIT", 10)
    approximate = story_clustering._neighbour_pairs(vectors)
    assert len(exact & approximate) / len(exact) >= 0.95


def test_story_ids_stay_stable_and_merges_and_splits_are_named() -> None:
    assigned, events = assign_story_ids([[1, 2, 3, 4]], {1: 10, 2: 10, 3: 11, 4: None}, next_id=12)
    assert assigned == {1: 10, 2: 10, 3: 10, 4: 10}
    assert events == [StoryEvent("merge", 10, [11], [1, 2, 3, 4])]
    assigned, events = assign_story_ids([[1, 2], [3]], {1: 10, 2: 10, 3: 10}, next_id=12)
    assert assigned == {1: 10, 2: 10, 3: 12}
    assert events == [StoryEvent("split", 10, [12], [1, 2, 3])]
    assigned, events = assign_story_ids([[5]], {5: None}, next_id=12)
    assert assigned == {5: 12} and events == []


def test_the_store_records_events_drops_merged_stories_and_never_reuses_their_ids(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "events.db")
    store.save_analysis([], {}, [Story(id=7, title="old", articles=[])])
    assert store.next_story_id() == 8
    store.save_analysis([], {}, [], [StoryEvent("merge", 3, [7], [1, 2])], gone=[7])
    assert store.load_story(7) is None
    assert store.story_events(7) == [StoryEvent("merge", 3, [7], [1, 2])]
    assert store.next_story_id() == 8
    store.close()


def test_a_later_batch_gives_the_stories_of_one_run(tmp_path: Path) -> None:
    """The demo corpus in one run, and in two batches with the second half first: the same stories."""
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    one_run = _stories(tmp_path / "one.db", [files])
    two_batches = _stories(tmp_path / "two.db", [files[len(files) // 2 :], files[: len(files) // 2]])
    assert one_run == two_batches
    assert len(one_run) >= 5


def _stories(db: Path, batches: list[list[Path]]) -> list[list[str]]:
    with Loom(db) as loom:
        for batch in batches:
            report = loom.add_paths(batch)
            assert not report.errors, report.errors
        stories = [loom.store.load_story(s) for s in loom.store.story_ids()]
        listed = sorted(sorted(a.key for a in s.articles) for s in stories if s is not None)
        kept = {a.story_id for a in loom.store.load_articles()}
        assert kept == {s.id for s in stories if s is not None}, "every stored story has articles and every article a story"
    return listed
