"""Stage 5, link copies: which articles are copies of which, and what kind of copy.

Candidate pairs come from blocking, never from all pairs: MinHash LSH buckets (near-verbatim text) and each
article's nearest neighbours by article embedding (rewrites, translations). For a candidate pair the decision
aligns sentences: a monotone alignment (the longest chain of sentence pairs above a similarity threshold that
keeps both articles' order). A copy covers most of the shorter article, in order; then

- `translation` when the languages differ,
- `update` when the same outlet published both at different times,
- `verbatim` when the word shingles mostly agree (wire copies, maybe trimmed),
- `rewrite` otherwise (reworded sentence by sentence),

and `independent` when the alignment is thin: same story, own reporting. The aligned pairs are the evidence.
"""

from __future__ import annotations

import re

import numpy as np

from newsloom.config import Config
from newsloom.fingerprint import article_vector, embed, lsh_candidates, shingle_hashes
from newsloom.model import Article, Relation


def candidate_pairs(articles: list[Article], new_ids: set[int], config: Config) -> set[tuple[int, int]]:
    """Pairs (lower id, higher id) with at least one new article, from LSH buckets and nearest neighbours."""
    by_id = {a.id: a for a in articles if a.id is not None}
    signatures = {i: a.minhash for i, a in by_id.items() if a.minhash is not None}
    pairs = {p for p in lsh_candidates(signatures, config.lsh_bands) if p[0] in new_ids or p[1] in new_ids}
    ids = [i for i, a in by_id.items() if a.vector is not None]
    if len(ids) < 2:
        return pairs
    matrix = np.stack([by_id[i].vector for i in ids])  # type: ignore[misc]
    k = min(config.neighbours, len(ids) - 1)
    for row, ident in enumerate(ids):
        if ident not in new_ids:
            continue
        sims = matrix @ matrix[row]
        sims[row] = -1.0
        for col in np.argpartition(-sims, k - 1)[:k]:
            if sims[col] >= config.candidate_similarity:
                other = ids[int(col)]
                pairs.add((min(ident, other), max(ident, other)))
    return pairs


def monotone_alignment(similarity: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """The heaviest chain of sentence pairs above `threshold` that is increasing in both articles."""
    rows, cols = similarity.shape
    score = np.zeros((rows + 1, cols + 1), dtype=np.float32)
    gain = np.where(similarity >= threshold, similarity, 0.0)
    for i in range(1, rows + 1):
        diagonal = score[i - 1, :-1] + gain[i - 1]
        row = np.maximum(score[i - 1, 1:], diagonal)
        score[i, 1:] = np.maximum.accumulate(row)
    pairs = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if score[i, j] == score[i - 1, j]:
            i -= 1
        elif score[i, j] == score[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1, float(similarity[i - 1, j - 1])))
            i, j = i - 1, j - 1
    return pairs[::-1]


def in_runs(aligned: list[tuple[int, int, float]], gap: int) -> list[tuple[int, int, float]]:
    """The aligned pairs that have a neighbour in the alignment at most `gap` sentences on in both articles.

    A copy aligns in runs along the diagonal (a rewrite may merge, split or drop a sentence here and there);
    two reports of one event share scattered sentences (a quote, an agency line, a figure) that the monotone
    alignment can still string together, but not in runs. A lone shared sentence is never evidence of a copy.
    """
    keep: set[int] = set()
    for k in range(len(aligned) - 1):
        (i, j, _), (i2, j2, _) = aligned[k], aligned[k + 1]
        if i2 - i <= gap and j2 - j <= gap:
            keep.update((k, k + 1))
    return [aligned[k] for k in sorted(keep)]


def align(first: Article, second: Article, config: Config) -> tuple[float, list[tuple[int, int, float]]]:
    """Share of the shorter article's sentences aligned in order (in runs), and the aligned pairs."""
    if first.sentence_vectors is None or second.sentence_vectors is None or not len(first.sentences) or not len(second.sentences):
        return 0.0, []
    return _aligned_share(first.sentence_vectors @ second.sentence_vectors.T, config)


def _aligned_share(similarity: np.ndarray, config: Config) -> tuple[float, list[tuple[int, int, float]]]:
    aligned = in_runs(monotone_alignment(similarity, config.aligned_sentence_similarity), config.alignment_gap)
    if len(aligned) < config.min_aligned_sentences:
        return 0.0, aligned
    return len(aligned) / min(similarity.shape), aligned


def decide(a: Article, b: Article, config: Config) -> Relation:
    """The relation between two candidate articles, with the aligned sentences as evidence."""
    first, second = _in_time_order(a, b)
    assert first.id is not None and second.id is not None
    coverage, aligned = align(first, second, config)
    if coverage < config.copy_coverage:
        return Relation(first.id, second.id, "independent", round(coverage, 3), aligned)
    return Relation(first.id, second.id, _copy_kind(first, second, config), round(coverage, 3), aligned)


def _copy_kind(first: Article, second: Article, config: Config) -> str:
    if first.language != second.language:
        return "translation"
    if first.outlet and first.outlet == second.outlet and first.published and second.published and first.published != second.published:
        return "update"
    if shingle_containment(first.text, second.text, config.shingle_size) >= config.verbatim_containment:
        return "verbatim"
    return "rewrite"


def shingle_containment(text_a: str, text_b: str, size: int) -> float:
    """Share of the shorter text's word shingles found in the other: near 1 for a wire copy, trimmed or not, even
    under other clutter or a cleaner that dropped a line; near 0.1 for a rewrite (names and quotes survive)."""
    a, b = shingle_hashes(text_a, size), shingle_hashes(text_b, size)
    if not a.size or not b.size:
        return 0.0
    return float(np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size))


EARLIER_VERSION = re.compile(
    r"^\W*(?:(?:earlier|previous|original|older|first)\s+(?:story|version|report|article|dispatch)"
    r"|(?:frühere|vorherige|ursprüngliche|ältere)\s+(?:fassung|version|meldung|artikel)"
    r"|(?:version|article|dépêche)\s+(?:précédente?|originale?|initiale?))\b[\W]*$",
    re.IGNORECASE,
)
"""A line that introduces an earlier version of the story appended below its update."""


def inner_update(article: Article, config: Config) -> Relation | None:
    """An update with its earlier version in the same page: the `update` relation inside one article, or None.

    Where a line such as "Earlier story:" (kept by the cleaner as a subheading) splits the page, the part below
    it is the earlier version when both parts are long enough and tell the same story (their article vectors
    as close as `story_similarity` asks of a story's members); the pairs that align are the evidence. Without
    such a line, a cut after which the page restates what came before it, in order and in runs, as a copy
    would (`align`'s rule and thresholds), is taken as the boundary. `a` and `b` are both the article; evidence
    pairs are (sentence in the earlier version, sentence in the update).
    """
    vectors, count = article.sentence_vectors, len(article.sentences)
    low = config.min_update_part_sentences
    if article.id is None or vectors is None or count < 2 * low:
        return None
    similarity = vectors @ vectors.T
    cut = _marked_cut(article)
    if cut is not None and low <= cut <= count - low:
        if float(article_vector(vectors[:cut]) @ article_vector(vectors[cut:])) < config.story_similarity:
            return None
        aligned = monotone_alignment(similarity[cut:, :cut], config.aligned_sentence_similarity)
        share = len(aligned) / min(cut, count - cut)
        return Relation(article.id, article.id, "update", round(share, 3), [(cut + i, j, s) for i, j, s in aligned])
    best: tuple[float, int, list[tuple[int, int, float]]] | None = None
    for cut in range(low, count - low + 1):
        coverage, aligned = _aligned_share(similarity[cut:, :cut], config)
        if coverage >= config.copy_coverage and (best is None or coverage > best[0]):
            best = (coverage, cut, aligned)
    if best is None:
        return None
    coverage, cut, aligned = best
    return Relation(article.id, article.id, "update", round(coverage, 3), [(cut + i, j, s) for i, j, s in aligned])


def _marked_cut(article: Article) -> int | None:
    """Index of the first sentence below an earlier-version line of the page (a removed span or a body line)."""
    for span in article.removed:
        if span.label != "boilerplate" and EARLIER_VERSION.match(span.text.strip()):
            following = article.raw[span.end :].lstrip()[:60].split("\n")[0]
            position = article.text.find(following) if following else -1
            if position >= 0:
                return next((s.index for s in article.sentences if s.end > position), None)
    for line in re.finditer(r"[^\n]+", article.text):
        if EARLIER_VERSION.match(line.group().strip()):
            return next((s.index for s in article.sentences if s.start >= line.end()), None)
    return None


def _in_time_order(a: Article, b: Article) -> tuple[Article, Article]:
    """The origin first: the earlier publication when both are dated, else the earlier arrival."""
    if a.published and b.published and a.published.tzinfo is not None and b.published.tzinfo is not None and a.published != b.published:
        return (a, b) if a.published < b.published else (b, a)
    return (a, b) if (a.id or 0) <= (b.id or 0) else (b, a)


def link_copies(articles: list[Article], new_ids: set[int], config: Config) -> list[Relation]:
    """Relations of the candidate pairs with a new article, and the updates found inside new articles."""
    by_id = {a.id: a for a in articles}
    relations = [decide(by_id[x], by_id[y], config) for x, y in sorted(candidate_pairs(articles, new_ids, config))]
    inside = (inner_update(by_id[i], config) for i in sorted(new_ids) if i in by_id)
    return relations + [r for r in inside if r is not None]


def pair_similarity(texts_a: list[str], texts_b: list[str]) -> np.ndarray:
    """The aligner's similarity of each sentence pair (texts_a[i], texts_b[i]): the cosine of their embeddings."""
    return np.einsum("ij,ij->i", embed(texts_a), embed(texts_b))
