"""Stage 6, cluster stories: one story per real-world event, as a partition that does not depend on arrival order.

Same topic is not same event: two Biden-Putin calls two months apart share every name and every word of
vocabulary. What separates events is the rare material (the names, numbers and word pairs only that event's
reports use), the sentences two reports share, and time. So:

1. Each article gets a profile: word, word-pair and name terms weighted by their rarity in the corpus (TF-IDF:
   the document frequencies of the stored corpus, so names that every story mentions count for little), its
   embedding, its sentence embeddings and its time.
2. Candidate pairs come from the nearest neighbours in embedding space (an HNSW index beyond a few thousand
   articles) and from shared rare names (an inverted index with short postings); never from all pairs. Pairs
   further apart in time than the story window are not candidates.
3. A pair's probability of being one event is a logistic model (`PAIR_WEIGHTS`) over similarities of words,
   names, word pairs, article embeddings, the closest sentence pair and the leads (title or first sentence), and
   over what tells two reports of one kind of event apart: the days of the week they name and the figures they
   give, each read whole ("778,000", "$579 billion"), shared or in conflict. A copy relation is one event outright.
4. Stories are the average-linkage clusters of that graph, cut where the average probability between two groups
   falls below `Config.story_link`: one configuration for every corpus and language. Two formed groups join only
   if the link between them is a fair share of how tightly each holds together (`COHESION`): reports of two
   fights of one boxer are close on average (same names, same words), yet far less close than each fight's
   reports are to one another, and a low cut that lets a lone short report find its story must not join them.

Because the partition is a function of the articles, not of the order they came in, adding a batch later gives
the stories one run would have given (up to ties and the index's approximation). The pipeline reclusters only the
neighbourhood of new articles and keeps story ids stable; when new evidence joins two stories or pulls one apart,
`assign_story_ids` says so and the store records it (`story_events`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np

from newsloom.config import Config
from newsloom.model import Article, Relation, StoryEvent

_TOKEN = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s$")

PAIR_FEATURES = (
    "words",
    "names",
    "word pairs",
    "embedding",
    "closest sentences",
    "weekdays apart",
    "same weekday",
    "shared figures",
    "conflicting figures",
    "years apart",
    "leads' words",
    "leads' embedding",
)
PAIR_WEIGHTS = np.array([14.11, 1.21, 4.9, -3.3, 0.93, -2.88, -0.44, 1.04, -0.35, 0.26, 1.52, 5.33])
PAIR_BIAS = -6.55
"""Logistic weights over `PAIR_FEATURES`, fitted on the candidate pairs of the training splits of NeuS/AllSides
and ECB+ (`python benchmarks/stories.py --fit`, each split weighing the same), then moved one at a time, with the
bias and `COHESION`, while the training splits' B-cubed F1 of the stories themselves rose: a pair model fitted pair
by pair does not know where average linkage will cut. Used unchanged everywhere; val/dev are never fitted on.
The embedding's negative weight is not a mistake: given the closest sentence pair and the leads, which carry the
embedding's evidence, two reports that are close on average as well are more often same-topic reports of other
events. Two reports of one event tell it on the same day of the week ("on Thursday") and in the same figures
("fell to 684,000"); the weekly jobless claims, a monthly jobs report or a second call between two presidents
share every word but those."""

EDGE_MIN = 0.05
"""Pairs less likely than this to be one event are not kept as edges: they could never pull a story together."""
NEIGHBOURS = 24
"""Nearest neighbours in embedding space proposed as candidates for each article."""
EXACT_SEARCH_LIMIT = 4096
"""Up to this many articles the neighbours are found exactly (one matrix product); beyond, by HNSW."""
POSTING_LIMIT = 48
"""Names shared by more articles than this are too common to propose pairs (they still count in the features)."""
COHESION = 0.5
"""Two groups of at least `COHESION_SIZE` articles join only if their average link is at least this share of the
cohesion (average probability over its own pairs) of the less cohesive of the two."""
COHESION_SIZE = 3
"""Smaller groups are not judged by their cohesion: one or two reports say too little about how close their event's
reports are, and a near-copy pair would otherwise hold off the story it belongs to."""
COMPONENT_LIMIT = 3000
"""A connected group larger than this loses its weakest edges until it falls apart: bounds average linkage."""


@dataclass
class Profile:
    """What clustering compares: rarity-weighted term vectors (unit length), embeddings, time."""

    words: dict[str, float]
    names: dict[str, float]
    pairs: dict[str, float]
    vector: np.ndarray
    sentence_vectors: np.ndarray
    moment: datetime | None
    lead_words: dict[str, float] = field(default_factory=dict)
    """Rarity-weighted words of the lead (the title, or the first sentence): what the report says happened."""
    weekdays: int = 0
    """Days of the week the article names, as bits (Monday 1, Tuesday 2, ...)."""
    figures: frozenset[tuple[str, float]] = frozenset()
    """The figures it gives, whole ("778,000", "$579 billion", "5.4%"), each with what it counts (`figures`)."""
    surfaces: dict[str, str] = field(default_factory=dict)
    """Each name term as the article first wrote it, for the evidence the UI shows."""


@dataclass
class Terms:
    words: Counter[str]
    names: Counter[str]
    pairs: Counter[str]
    surfaces: dict[str, str]


def as_utc(moment: datetime) -> datetime:
    """Naive times are taken as UTC, so dated articles always compare."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def article_terms(article: Article) -> Terms:
    """Words, consecutive word pairs and names of an article.

    A name is a capitalised token that does not open its sentence, or a number: the same test in every language
    that capitalises names (in German every noun passes it, and rarity weighting sorts the rare ones out).
    """
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for text in _sentence_texts(article):
        tokens = _TOKEN.findall(text)
        lowered = [t.lower() for t in tokens]
        words.update(t for t in lowered if len(t) > 1)
        pairs.update(f"{a} {b}" for a, b in pairwise(lowered))
        for position, token in enumerate(tokens):
            if token[0].isdigit() or (position > 0 and token[0].isupper()):
                key = _POSSESSIVE.sub("", lowered[position])
                names[key] += 1
                surfaces.setdefault(key, _POSSESSIVE.sub("", token))
    return Terms(words, names, pairs, surfaces)


_DAY_NAMES = (
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
)
WEEKDAYS = {day: k for names in _DAY_NAMES for k, day in enumerate(names)}
_FIGURE = re.compile(
    r"(?<![\w.,])([$€£])?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|(?:percent|per cent|million|billion|trillion|thousand)\b))?"
    r"(?:[\s-]+([A-Za-z]+))?"
)
_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "thousand": 1e3}
_NOT_COUNTED = frozenset(
    {"the", "a", "an", "of", "in", "to", "and", "or", "for", "on", "at", "by", "from", "with", "as", "is", "was", "were", "be", "are"}
    | {"that", "this", "it", "its"}
)
"""Words after a figure that do not say what it counts."""
YEAR = "year"


def figures(text: str) -> set[tuple[str, float]]:
    """Whole figures of a text with what they count: ("$", 579e9) for "$579 billion", ("%", 5.4) for "5.4%",
    ("worker", 778000.0) for "778,000 workers", (YEAR, 2021.0) for a bare 1900-2100, ("", v) when nothing says.
    Parsed whole, so "778,000" is one figure, not "778" and "000"."""
    found = set()
    for match in _FIGURE.finditer(text):
        currency, digits, unit, word = match.groups()
        value = float(digits.replace(",", ""))
        value *= _SCALE.get(unit or "", 1.0)
        if currency or unit in ("%", "percent", "per cent"):
            kind = currency or "%"
        elif 1900 <= value <= 2100 and digits.isdigit():
            kind = YEAR
        else:
            kind = word.lower().rstrip("s") if word and word.lower() not in _NOT_COUNTED else ""
        found.add((kind, value))
    return found


def weekdays(text: str) -> int:
    """The days of the week a text names, as bits."""
    bits = 0
    for token in _TOKEN.findall(text.lower()):
        if token in WEEKDAYS:
            bits |= 1 << WEEKDAYS[token]
    return bits


def _sentence_texts(article: Article) -> list[str]:
    texts = [s.text for s in article.sentences]
    if article.title and not article.text.startswith(article.title):
        texts.insert(0, article.title)
    return texts or [article.text]


class TermWeights:
    """Document frequencies of a corpus's terms, turning term counts into rarity-weighted unit vectors."""

    def __init__(self, terms: Iterable[Terms]) -> None:
        self.words: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.pairs: Counter[str] = Counter()
        self.documents = 0
        for t in terms:
            self.words.update(t.words.keys())
            self.names.update(t.names.keys())
            self.pairs.update(t.pairs.keys())
            self.documents += 1

    def unit(self, counts: Counter[str], frequencies: Counter[str]) -> dict[str, float]:
        """Sublinear term frequency times inverse document frequency, scaled to unit length."""
        n = self.documents
        weights = {term: (1.0 + math.log(k)) * (math.log((1 + n) / (1 + frequencies[term])) + 1.0) for term, k in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items()}


def lead_terms(lead: str) -> Terms:
    """The words of the lead: the title, or the first sentence when there is none (`_sentence_texts`' first)."""
    words = Counter(w for w in (t.lower() for t in _TOKEN.findall(lead)) if len(w) > 1)
    return Terms(words, Counter(), Counter(), {})


def build_profiles(articles: Sequence[Article]) -> list[Profile]:
    """Profiles of articles, term weights from these same articles (the corpus being clustered)."""
    terms = [article_terms(a) for a in articles]
    weights = TermWeights(terms)
    texts = [_sentence_texts(a) for a in articles]
    leads = [lead_terms(t[0]) for t in texts]
    lead_weights = TermWeights(leads)
    profiles = []
    for article, t, lead, sentence_texts in zip(articles, terms, leads, texts, strict=True):
        assert article.vector is not None
        sentences = article.sentence_vectors
        if sentences is None or not len(sentences):
            sentences = article.vector[None, :]
        text = " ".join(sentence_texts)
        profiles.append(
            Profile(
                words=weights.unit(t.words, weights.words),
                names=weights.unit(t.names, weights.names),
                pairs=weights.unit(t.pairs, weights.pairs),
                vector=article.vector,
                sentence_vectors=sentences,
                moment=as_utc(article.published) if article.published else None,
                lead_words=lead_weights.unit(lead.words, lead_weights.words),
                weekdays=weekdays(text),
                figures=frozenset(figures(text)),
                surfaces=t.surfaces,
            )
        )
    return profiles


PAIR_CHUNK = 65536
"""Candidate pairs whose term products are computed together (bounds the sparse intermediate's memory)."""


def pair_features(profiles: Sequence[Profile], pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each pair (i, j) of positions: the features of `PAIR_FEATURES` (one row each), and the closest
    sentence pair (index in i, index in j, cosine). Vectorised: sparse products for the term vectors, one matrix
    product per article for the sentences."""
    features = np.zeros((len(pairs), len(PAIR_FEATURES)))
    if not len(pairs):
        return features, np.zeros((0, 3))
    first, second = pairs[:, 0], pairs[:, 1]
    for column, kind in ((0, "words"), (1, "names"), (2, "pairs"), (10, "lead_words")):
        terms = _term_matrix([getattr(p, kind) for p in profiles])
        features[:, column] = _products(terms, terms, first, second)
    features[:, 3] = _cosines(np.stack([p.vector for p in profiles]), first, second)
    closest = _closest_sentences(profiles, first, second)
    features[:, 4] = closest[:, 2]
    days = np.array([p.weekdays for p in profiles], dtype=np.int64)
    a, b = days[first], days[second]
    features[:, 5] = (a != 0) & (b != 0) & (a & b == 0)
    features[:, 6] = (a & b) != 0
    features[:, 7:10] = _figure_features(profiles, first, second)
    leads = np.stack([p.sentence_vectors[0] for p in profiles])  # the lead's embedding: the first sentence's
    features[:, 11] = _cosines(leads, first, second)
    return features, closest


def _cosines(vectors: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products of rows `first` and `second` of unit vectors, in chunks (a million pairs of 512 floats would
    otherwise be two gigabytes of copies)."""
    out = np.zeros(len(first))
    for start in range(0, len(first), PAIR_CHUNK):
        rows = slice(start, start + PAIR_CHUNK)
        out[rows] = np.einsum("ij,ij->i", vectors[first[rows]], vectors[second[rows]])
    return out


def _products(left: Any, right: Any, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products of rows `first` of one sparse matrix with rows `second` of another (over the same terms),
    pair by pair, in chunks."""
    out = np.zeros(len(first))
    for start in range(0, len(first), PAIR_CHUNK):
        rows = slice(start, start + PAIR_CHUNK)
        out[rows] = np.asarray(left[first[rows]].multiply(right[second[rows]]).sum(axis=1)).ravel()
    return out


CONFLICT_LIMIT = 3
"""Conflicting kinds of figure counted per pair (beyond a few, more say nothing new)."""


def _figure_features(profiles: Sequence[Profile], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Per pair: the shared figures (each by its rarity, years and figures under 10 left out: too common), the
    kinds of figure both give with no value in common ("684,000" claims against "348,000" claims; capped at
    `CONFLICT_LIMIT`), and whether both name years and none the same."""
    n = len(profiles)
    frequency: Counter[tuple[str, float]] = Counter(f for p in profiles for f in p.figures)
    rarity = {f: math.log((1 + n) / (1 + k)) / math.log(1 + n) for f, k in frequency.items() if f[0] != YEAR and f[1] >= 10}
    vocabulary = {f: k for k, f in enumerate(rarity)}
    ones = _term_matrix([{f: 1.0 for f in p.figures if f in rarity} for p in profiles], vocabulary)
    rare = _term_matrix([{f: rarity[f] for f in p.figures if f in rarity} for p in profiles], vocabulary)
    out = np.zeros((len(first), 3))
    out[:, 0] = _products(ones, rare, first, second)
    kinds = [_kinds(p.figures) for p in profiles]
    kind_sets = _term_matrix([{k: 1.0 for k in ks if k and k != YEAR} for ks in kinds])
    both = np.flatnonzero(_products(kind_sets, kind_sets, first, second) > 0)
    for row in both.tolist():
        a, b = kinds[int(first[row])], kinds[int(second[row])]
        apart = sum(1 for k, values in a.items() if k and k != YEAR and k in b and not values & b[k])
        out[row, 1] = min(apart, CONFLICT_LIMIT)
    years = _term_matrix([{f: 1.0 for f in p.figures if f[0] == YEAR} for p in profiles])
    has_years = np.array([any(f[0] == YEAR for f in p.figures) for p in profiles])
    out[:, 2] = has_years[first] & has_years[second] & (_products(years, years, first, second) == 0)
    return out


def _kinds(found: Iterable[tuple[str, float]]) -> dict[str, set[float]]:
    """Figures grouped by what they count."""
    grouped: dict[str, set[float]] = defaultdict(set)
    for kind, value in found:
        grouped[kind].add(value)
    return grouped


def _term_matrix(weights: Sequence[Mapping[Any, float]], vocabulary: dict[Any, int] | None = None) -> Any:
    """Rows of term weights as a sparse matrix over the terms seen (or over a given vocabulary, so two matrices
    share their columns)."""
    from scipy.sparse import csr_matrix

    vocabulary = {} if vocabulary is None else vocabulary
    columns = [vocabulary.setdefault(term, len(vocabulary)) for row in weights for term in row]
    values = [w for row in weights for w in row.values()]
    offsets = np.cumsum([0, *(len(row) for row in weights)])
    return csr_matrix((values, columns, offsets), shape=(len(weights), max(len(vocabulary), 1)))


def _closest_sentences(profiles: Sequence[Profile], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Per pair: (sentence in first, sentence in second, cosine) of its most similar sentence pair. One matrix
    product per article against all its partners' sentences; each partner's best column found by `reduceat`."""
    closest = np.zeros((len(first), 3))
    order = np.argsort(first, kind="stable")
    bounds = np.flatnonzero(np.diff(first[order])) + 1
    for rows in np.split(order, bounds):
        own = profiles[int(first[rows[0]])].sentence_vectors
        others = [profiles[int(j)].sentence_vectors for j in second[rows]]
        lengths = np.array([len(o) for o in others])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        scores = own @ np.concatenate(others).T
        best_row = scores.argmax(axis=0)
        column_best = scores[best_row, np.arange(scores.shape[1])]
        top = np.maximum.reduceat(column_best, starts)
        hits = np.flatnonzero(column_best >= np.repeat(top, lengths))
        column = hits[np.searchsorted(hits, starts)]
        closest[rows, 0] = best_row[column]
        closest[rows, 1] = column - starts
        closest[rows, 2] = top
    return closest


def same_event_probabilities(features: np.ndarray) -> np.ndarray:
    """The logistic model over rows of `PAIR_FEATURES`."""
    return np.asarray(1.0 / (1.0 + np.exp(-(features @ PAIR_WEIGHTS + PAIR_BIAS))))


def candidate_pairs(profiles: Sequence[Profile], config: Config) -> set[tuple[int, int]]:
    """Positions (i < j) worth scoring: embedding neighbours and articles sharing a rare name, within the window."""
    pairs = _neighbour_pairs(np.stack([p.vector for p in profiles])) | _name_pairs(profiles)
    window = timedelta(days=config.story_window_days)
    return {(i, j) for i, j in pairs if _within(profiles[i].moment, profiles[j].moment, window)}


def _within(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    return a is None or b is None or abs(a - b) <= window


def _neighbour_pairs(vectors: np.ndarray) -> set[tuple[int, int]]:
    n = len(vectors)
    k = min(NEIGHBOURS + 1, n)
    if n <= 1:
        return set()
    if n <= EXACT_SEARCH_LIMIT:
        scores = vectors @ vectors.T
        neighbours = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        neighbours = _hnsw_neighbours(vectors, k)
    return {(min(i, int(j)), max(i, int(j))) for i, row in enumerate(neighbours) for j in row if 0 <= j != i}


def _hnsw_neighbours(vectors: np.ndarray, k: int) -> np.ndarray:
    """Approximate k nearest neighbours by inner product (vectors are unit length: cosine)."""
    import faiss  # imported here: only corpora beyond EXACT_SEARCH_LIMIT pay for loading it

    index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 64
    index.hnsw.efSearch = 64
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index.add(data)
    _, neighbours = index.search(data, k)
    return np.asarray(neighbours)


def _name_pairs(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        for term in profile.names:
            postings[term].append(position)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 2 <= len(members) <= POSTING_LIMIT:
            pairs.update((a, b) for k, a in enumerate(members) for b in members[k + 1 :])
    return pairs


@dataclass
class StoryGraph:
    """Scored pairs of a corpus: the probability two articles report one event, and their closest sentences."""

    size: int
    edges: dict[tuple[int, int], float] = field(default_factory=dict)
    closest: dict[tuple[int, int], tuple[int, int, float]] = field(default_factory=dict)


def story_graph(profiles: Sequence[Profile], copies: Iterable[tuple[int, int]], config: Config) -> StoryGraph:
    """Score the candidate pairs; keep those likely enough to matter, and every copy pair at probability 1."""
    graph = StoryGraph(len(profiles))
    pairs = np.array(sorted(candidate_pairs(profiles, config)), dtype=np.int64).reshape(-1, 2)
    features, closest = pair_features(profiles, pairs)
    probabilities = same_event_probabilities(features)
    for (i, j), probability, (si, sj, cosine) in zip(pairs.tolist(), probabilities.tolist(), closest.tolist(), strict=True):
        if probability >= EDGE_MIN:
            graph.edges[(i, j)] = probability
            graph.closest[(i, j)] = (int(si), int(sj), cosine)
    for i, j in copies:
        graph.edges[(min(i, j), max(i, j))] = 1.0
    return graph


def components(size: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of positions (union-find), each sorted, in order of their first member."""
    parent = list(range(size))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(size):
        groups[root(x)].append(x)
    return sorted(groups.values())


def average_linkage(members: list[int], edges: dict[tuple[int, int], float], min_link: float) -> list[list[int]]:
    """Merge the two groups with the highest average pair probability (missing pairs count 0) while it is at
    least `min_link`, except two groups of `COHESION_SIZE` or more whose link falls short of `COHESION` times the
    lower of their cohesions: they stay apart. Each row keeps its best partner, so a merge costs one pass over the
    rows, not the matrix."""
    n = len(members)
    if n == 1:
        return [members]
    local = {m: k for k, m in enumerate(members)}
    sums = np.zeros((n, n))
    for (i, j), p in edges.items():  # the caller passes the edges of this group (or a superset of it)
        if i in local and j in local:
            sums[local[i], local[j]] = sums[local[j], local[i]] = p
    sizes = np.ones(n)
    inner = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    groups = [[m] for m in members]
    averages = sums.copy()
    np.fill_diagonal(averages, -1.0)
    best = averages.argmax(axis=1)
    while True:
        row_best = np.where(alive, averages[np.arange(n), best], -1.0)
        i = int(row_best.argmax())
        if row_best[i] < min_link:
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)
        inner[i] += inner[j] + sums[i, j]
        _merge(i, j, sums, sizes, alive, averages, groups)
        _hold_apart(i, inner, sizes, alive, averages)
        stale = alive & ((best == i) | (best == j))
        stale[i] = True
        for row in np.flatnonzero(stale):
            best[row] = int(averages[row].argmax())
        fresh = alive & (averages[:, i] > averages[np.arange(n), best])
        best[fresh] = i
    return sorted(sorted(g) for g, a in zip(groups, alive, strict=True) if a)


def _merge(i: int, j: int, sums: np.ndarray, sizes: np.ndarray, alive: np.ndarray, averages: np.ndarray, groups: list[list[int]]) -> None:
    """Fold group j into group i and refresh i's row and column of averages."""
    sums[i] += sums[j]
    sums[:, i] += sums[:, j]
    sums[i, i] = 0.0
    sizes[i] += sizes[j]
    alive[j] = False
    groups[i].extend(groups[j])
    averages[j, :] = -1.0
    averages[:, j] = -1.0
    row = np.where(alive, sums[i] / (sizes[i] * sizes), -1.0)
    row[i] = -1.0
    averages[i, :] = row
    averages[:, i] = row


def _hold_apart(i: int, inner: np.ndarray, sizes: np.ndarray, alive: np.ndarray, averages: np.ndarray) -> None:
    """Mark the groups that group i, just grown, may not join (their average set to -1: never the best). Only i's
    cohesion changed, so only its row and column need the test."""
    if sizes[i] < COHESION_SIZE:
        return
    pairs = sizes * (sizes - 1) / 2
    cohesion = np.divide(inner, pairs, out=np.zeros_like(inner), where=pairs > 0)
    apart = alive & (sizes >= COHESION_SIZE) & (averages[i] < COHESION * np.minimum(cohesion[i], cohesion))
    apart[i] = False
    averages[i, apart] = -1.0
    averages[apart, i] = -1.0


def _split_large(members: list[int], edges: dict[tuple[int, int], float]) -> list[list[int]]:
    """Pieces of a component too large for average linkage: drop its weakest edges until each piece fits."""
    local = {m: k for k, m in enumerate(members)}
    floor = EDGE_MIN
    while True:
        floor = min(1.0, floor + 0.05)
        kept = [e for e, p in edges.items() if p >= floor]
        pieces = [[members[k] for k in g] for g in components(len(members), ((local[a], local[b]) for a, b in kept))]
        if max(len(p) for p in pieces) <= COMPONENT_LIMIT or floor >= 1.0:
            return pieces


def cluster_positions(graph: StoryGraph, config: Config) -> list[list[int]]:
    """The stories of a scored graph, as sorted lists of positions."""
    stories: list[list[int]] = []
    groups = components(graph.size, graph.edges)
    for group, edges in zip(groups, edges_by_group(groups, graph.edges), strict=True):
        pieces = _split_large(group, edges) if len(group) > COMPONENT_LIMIT else [group]
        for piece, inside in zip(pieces, edges_by_group(pieces, edges) if len(pieces) > 1 else [edges], strict=True):
            stories.extend(average_linkage(piece, inside, config.story_link))
    return sorted(stories)


def edges_by_group(groups: list[list[int]], edges: dict[tuple[int, int], float]) -> list[dict[tuple[int, int], float]]:
    """The edges inside each group, in one pass over the edges (edges between groups are dropped)."""
    group_of = {m: k for k, members in enumerate(groups) for m in members}
    inside: list[dict[tuple[int, int], float]] = [{} for _ in groups]
    for (i, j), p in edges.items():
        if group_of.get(i, -1) == group_of.get(j, -2):
            inside[group_of[i]][(i, j)] = p
    return inside


@dataclass
class Clustering:
    """The stories of a set of articles, with what the UI shows as the reason each story holds together."""

    stories: list[list[int]]
    """Article ids per story."""
    evidence: dict[int, dict[str, list[Any]]] = field(default_factory=dict)
    """By the story's first article id: `shared` names and `closest` sentence pairs."""


def cluster_articles(articles: Sequence[Article], relations: Iterable[Relation], config: Config) -> Clustering:
    """Partition articles (with ids and vectors) into stories; copy relations bind their two articles."""
    ordered = sorted(articles, key=lambda a: a.id or 0)
    position = {a.id: k for k, a in enumerate(ordered)}
    copies = [(position[r.a], position[r.b]) for r in relations if r.kind != "independent" and r.a in position and r.b in position]
    profiles = build_profiles(ordered)
    _date_copies(profiles, copies)
    graph = story_graph(profiles, copies, config)
    clustering = Clustering([])
    stories = cluster_positions(graph, config)
    for story, closest in zip(stories, _closest_by_story(stories, graph), strict=True):
        ids = [i for i in (ordered[k].id for k in story) if i is not None]
        clustering.stories.append(ids)
        clustering.evidence[ids[0]] = story_evidence(story, ordered, profiles, closest)
    return clustering


def _closest_by_story(stories: list[list[int]], graph: StoryGraph) -> list[list[tuple[tuple[int, int], tuple[int, int, float]]]]:
    story_of = {m: k for k, members in enumerate(stories) for m in members}
    closest: list[list[tuple[tuple[int, int], tuple[int, int, float]]]] = [[] for _ in stories]
    for (i, j), pair in graph.closest.items():
        if story_of[i] == story_of[j]:
            closest[story_of[i]].append(((i, j), pair))
    return closest


def _date_copies(profiles: Sequence[Profile], copies: Iterable[tuple[int, int]]) -> None:
    """An undated copy was published about when what it copies was: give it the earliest time of its dated copy
    partners, so the story window applies to it (an undated wire copy would otherwise bridge two events)."""
    times: dict[int, datetime] = {}
    for i, j in copies:
        for undated, dated in ((i, j), (j, i)):
            moment = profiles[dated].moment
            if profiles[undated].moment is None and moment is not None:
                times[undated] = min(times.get(undated, moment), moment)
    for position, moment in times.items():
        profiles[position].moment = moment


def story_evidence(
    story: list[int],
    articles: Sequence[Article],
    profiles: Sequence[Profile],
    closest_pairs: list[tuple[tuple[int, int], tuple[int, int, float]]],
) -> dict[str, list[Any]]:
    """Why these articles are one story: the rarest names most of them share, and their closest sentences."""
    if len(story) < 2:
        return {"shared": [], "closest": []}
    counts: Counter[str] = Counter(term for k in story for term in profiles[k].names)
    weight = {term: sum(profiles[k].names.get(term, 0.0) for k in story) for term in counts}
    shared = sorted((t for t, c in counts.items() if c >= 2 and not t.isdigit()), key=lambda t: (-weight[t], t))[:8]
    surfaces = [next(profiles[k].surfaces[t] for k in story if t in profiles[k].surfaces) for t in shared]
    closest = []
    for (i, j), (si, sj, cosine) in sorted(closest_pairs, key=lambda x: -x[1][2])[:3]:
        a, b = articles[i], articles[j]
        if si < len(a.sentences) and sj < len(b.sentences):
            texts = {"a_sentence": a.sentences[si].text, "b_sentence": b.sentences[sj].text}
            closest.append({"a": a.id, "b": b.id, **texts, "cosine": round(cosine, 3)})
    return {"shared": surfaces, "closest": closest}


def assign_story_ids(stories: list[list[int]], previous: dict[int, int | None], next_id: int) -> tuple[dict[int, int], list[StoryEvent]]:
    """Give each new story the id of the stored story it keeps most articles of, so ids stay stable; a stored
    story whose articles now lie in several stories is split, several stored stories in one story are merged."""
    assigned: dict[int, int] = {}
    events: list[StoryEvent] = []
    taken: set[int] = set()
    by_size = sorted(range(len(stories)), key=lambda k: (-len(stories[k]), stories[k][0]))
    for k in by_size:
        members = stories[k]
        votes = Counter(previous[a] for a in members if previous.get(a) is not None)
        keep = next((sid for sid, _ in sorted(votes.items(), key=lambda x: (-x[1], x[0])) if sid not in taken), None)
        if keep is None:
            keep, next_id = next_id, next_id + 1
        taken.add(keep)
        others = sorted(sid for sid in votes if sid != keep and sid is not None)
        if len(votes) > 1:
            events.append(StoryEvent("merge", keep, others, members))
        for a in members:
            assigned[a] = keep
    events.extend(_splits(previous, assigned))
    return assigned, events


def _splits(previous: dict[int, int | None], assigned: dict[int, int]) -> list[StoryEvent]:
    spread: dict[int, set[int]] = defaultdict(set)
    for article, old in previous.items():
        if old is not None and article in assigned:
            spread[old].add(assigned[article])
    return [
        StoryEvent("split", old, sorted(new - {old}), sorted(a for a, s in previous.items() if s == old))
        for old, new in sorted(spread.items())
        if len(new) > 1
    ]
