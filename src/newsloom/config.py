"""One `Config` object holds every tunable of the pipeline; it is passed down explicitly, never global.

The defaults are one configuration for all corpora: a stage must not need per-dataset tuning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """Settings of a newsloom run. Create with keyword arguments to override a default."""

    # read
    max_input_bytes: int = 20_000_000
    """Inputs larger than this are refused: no single news page is this big, a dump of many is."""
    max_article_chars: int = 300_000
    """Clean text longer than this is many articles or none (a log, a book): refused, not half-parsed."""
    page_seconds: float = 60.0
    """CPU seconds one input may take through the per-article stages before it is skipped (0: no limit)."""
    min_article_words: int = 30
    """Below this many words of clean text an input is not an article (an error page, a stub)."""

    # fingerprint
    shingle_size: int = 5
    minhash_permutations: int = 128
    lsh_bands: int = 32
    """128 permutations in 32 bands of 4 rows: pairs with Jaccard >= ~0.4 collide with high probability."""

    # link copies (thresholds chosen on the dev half of the copy set: `python benchmarks/copies.py --split dev`)
    neighbours: int = 10
    """Nearest articles in embedding space considered as copy candidates for each article."""
    candidate_similarity: float = 0.5
    """Article-embedding cosine below which a neighbour is not a copy candidate."""
    aligned_sentence_similarity: float = 0.6
    """Sentence cosine above which two sentences count as saying the same thing (a reworded or translated
    counterpart; also the F1-best threshold on MSRP's train split)."""
    alignment_gap: int = 2
    """Aligned sentences count only in runs: the next aligned pair at most this many sentences on in both."""
    min_aligned_sentences: int = 3
    """Fewer aligned sentences than this is never a copy: one shared quote or agency line keeps reports independent."""
    copy_coverage: float = 0.45
    """Share of the shorter article's sentences that must align, in order and in runs, for a copy."""
    verbatim_containment: float = 0.4
    """Share of the shorter text's word shingles found in the other above which a copy is verbatim, not reworded."""
    min_update_part_sentences: int = 4
    """An earlier version appended to an update must have, like the update, at least this many sentences."""

    # cluster stories
    story_similarity: float = 0.55
    """Cosine between the two halves of an article needed to read them as one story (an update and its earlier
    version, `link.inner_update`)."""
    story_link: float = 0.1
    """Average probability of being one event, over all pairs of two groups of articles, needed to join them."""
    story_window_days: float = 4.0
    """Two dated articles further apart than this are never one story's direct neighbours."""

    # summarise
    summary_sentences: int = 5
    citation_similarity: float = 0.8
    """An article is cited for a summary sentence when one of its sentences is at least this close."""
    redundancy_similarity: float = 0.7
    """Two summary sentences closer than this say the same thing; the later one is dropped."""

    # generative summaries (opt-in; `newsloom.generative`)
    llm_url: str | None = None
    """An OpenAI-compatible chat endpoint (e.g. llama.cpp's llama-server at http://127.0.0.1:8080); unset, the
    summary stays extractive. `NEWSLOOM_LLM_URL` sets it when the config does not."""
    llm_model: str = "local"
    llm_key: str | None = None
    """Bearer token for the endpoint; `NEWSLOOM_LLM_KEY` when unset."""
    llm_timeout: float = 120.0
