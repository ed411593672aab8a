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

import numpy as np

from newsloom.config import Config
from newsloom.fingerprint import estimated_jaccard, lsh_candidates
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


def decide(a: Article, b: Article, config: Config) -> Relation:
    """The relation between two candidate articles, with the aligned sentences as evidence."""
    first, second = _in_time_order(a, b)
    assert first.id is not None and second.id is not None
    if first.sentence_vectors is None or second.sentence_vectors is None or not len(first.sentences) or not len(second.sentences):
        return Relation(first.id, second.id, "independent", 0.0)
    similarity = first.sentence_vectors @ second.sentence_vectors.T
    aligned = monotone_alignment(similarity, config.aligned_sentence_similarity)
    coverage = len(aligned) / min(len(first.sentences), len(second.sentences))
    if coverage < config.copy_coverage:
        return Relation(first.id, second.id, "independent", round(coverage, 3), aligned)
    return Relation(first.id, second.id, _copy_kind(first, second, config), round(coverage, 3), aligned)


def _copy_kind(first: Article, second: Article, config: Config) -> str:
    if first.language != second.language:
        return "translation"
    if first.outlet and first.outlet == second.outlet and first.published and second.published and first.published != second.published:
        return "update"
    if (
        first.minhash is not None
        and second.minhash is not None
        and estimated_jaccard(first.minhash, second.minhash) >= config.verbatim_jaccard
    ):
        return "verbatim"
    if _containment(first, second) >= config.verbatim_jaccard:
        return "verbatim"
    return "rewrite"


def _containment(first: Article, second: Article) -> float:
    """Share of the shorter article's sentences found word for word in the other: trimmed wire copies."""
    short, long_ = sorted((first, second), key=lambda x: len(x.sentences))
    other = {s.text for s in long_.sentences}
    return sum(1 for s in short.sentences if s.text in other) / max(len(short.sentences), 1)


def _in_time_order(a: Article, b: Article) -> tuple[Article, Article]:
    """The origin first: the earlier publication when both are dated, else the earlier arrival."""
    if a.published and b.published and a.published.tzinfo is not None and b.published.tzinfo is not None and a.published != b.published:
        return (a, b) if a.published < b.published else (b, a)
    return (a, b) if (a.id or 0) <= (b.id or 0) else (b, a)


def link_copies(articles: list[Article], new_ids: set[int], config: Config) -> list[Relation]:
    by_id = {a.id: a for a in articles}
    return [decide(by_id[x], by_id[y], config) for x, y in sorted(candidate_pairs(articles, new_ids, config))]
