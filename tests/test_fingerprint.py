"""Fingerprints: content hashes, MinHash estimates and LSH candidates, and the multilingual embeddings."""

from __future__ import annotations

import re

import numpy as np
import pytest

from newsloom.fingerprint import (
    LSHIndex,
    band_keys,
    content_hash,
    embed,
    estimated_jaccard,
    lsh_candidates,
    minhash,
    minhash_many,
    shingle_hashes,
)

TEXT = (
    "The regional council approved a budget of 14 million euros for the new tram line on Thursday, after a debate "
    "that lasted most of the night and ended with a narrow vote of 31 to 28 in favour of the plan."
)


def test_content_hash_ignores_spacing_case_and_punctuation() -> None:
    assert content_hash(TEXT) == content_hash(TEXT.upper().replace(" ", "  ").replace(",", ""))
    assert content_hash(TEXT) != content_hash(TEXT.replace("14", "15"))


def test_minhash_estimates_jaccard_of_shingles() -> None:
    other = TEXT.replace("Thursday", "Friday").replace("narrow", "slim")
    a, b = set(shingle_hashes(TEXT, 3).tolist()), set(shingle_hashes(other, 3).tolist())
    true = len(a & b) / len(a | b)
    estimate = estimated_jaccard(minhash(TEXT, 256, 3), minhash(other, 256, 3))
    assert abs(estimate - true) < 0.12
    assert estimated_jaccard(minhash(TEXT, 128, 3), minhash(TEXT, 128, 3)) == 1.0


def test_lsh_pairs_near_duplicates_only() -> None:
    unrelated = "A heavy storm closed the mountain pass overnight and the ski lifts will stay shut until the wind drops below gale force."
    signatures = {1: minhash(TEXT, 128, 5), 2: minhash(TEXT + " The mayor welcomed it.", 128, 5), 3: minhash(unrelated, 128, 5)}
    assert lsh_candidates(signatures, 32) == {(1, 2)}


EDGE_TEXTS = [
    "",
    "!!! ... --- ",
    "one",
    "two words",
    "a b c d",
    "a b c d e",
    "Größe über Straße, „Zitat“ und “quoted” — naïve café; 東京タワー ＡＢＣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 mixed_under_score 42x",
    "x" * 5000,
    TEXT,
    TEXT.upper().replace(" ", "\n"),
]


def _words(rng: np.random.Generator, count: int) -> list[str]:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return ["".join(rng.choice(letters, int(rng.integers(3, 10)))) for _ in range(count)]


def test_batch_path_equals_single_path() -> None:
    rng = np.random.default_rng(3)
    vocabulary = _words(rng, 400)
    texts = EDGE_TEXTS + [" ".join(rng.choice(vocabulary, int(rng.integers(1, 700)))) for _ in range(60)]
    batch = minhash_many(texts, 128, 5)
    assert batch.shape == (len(texts), 128) and batch.dtype == np.uint32
    for text, row in zip(texts, batch, strict=True):
        assert np.array_equal(row, minhash(text, 128, 5))
    assert np.array_equal(minhash_many(texts[::-1], 128, 5), batch[::-1])  # a text's neighbours do not matter
    assert minhash_many([], 128, 5).shape == (0, 128)
    assert (minhash("", 128, 5) == 0xFFFFFFFF).all() and (minhash("!!!", 64, 3) == 0xFFFFFFFF).all()


def test_words_are_regex_words_of_the_lower_cased_text() -> None:
    for text in EDGE_TEXTS:
        words = re.findall(r"\w+", text.lower())
        for size in (1, 3, 5):
            expected = {tuple(words[i : i + size]) for i in range(len(words) - size + 1)} or ({tuple(words)} if words else set())
            assert len(shingle_hashes(text, size)) == len(expected), (text[:40], size)
    # curly quotes and dashes separate words, accents and other scripts belong to them, case does not matter
    assert np.array_equal(shingle_hashes("“Naïve” — CAFÉ", 1), shingle_hashes("naïve café", 1))


def test_minhash_estimate_is_unbiased_with_binomial_spread() -> None:
    """Over many pairs of known Jaccard the estimate's mean error is ~0 and its spread that of 128 coin flips."""
    rng = np.random.default_rng(11)
    pool = np.array(_words(rng, 4000))
    texts, true = [], []
    for target in (0.2, 0.5, 0.8):
        for _ in range(150):
            n = int(rng.integers(150, 400))
            shared = round(2 * n * target / (1 + target))
            chosen = rng.choice(pool, 2 * n - shared, replace=False)
            a, b = chosen[:n], np.concatenate([chosen[:shared], chosen[n:]])
            texts += [" ".join(a), " ".join(rng.permutation(b))]
            true.append(len(set(a) & set(b)) / len(set(a) | set(b)))
    signatures = minhash_many(texts, 128, 1)
    estimates = (signatures[0::2] == signatures[1::2]).mean(axis=1)
    errors = (estimates - np.array(true)).reshape(3, -1)
    for target, row in zip((0.2, 0.5, 0.8), errors, strict=True):
        binomial = np.sqrt(target * (1 - target) / 128)
        assert abs(row.mean()) < 3 * binomial / np.sqrt(row.size) + 0.002, (target, row.mean())
        assert 0.75 * binomial < row.std() < 1.3 * binomial, (target, row.std(), binomial)


def _near_duplicates(seed: int) -> tuple[list[str], dict[tuple[int, int], float]]:
    """300 originals and 100 copies with 1-6% of their words replaced; the exact 5-shingle Jaccard of every pair
    of texts that share an original (an original and its copy, two copies of one original)."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array(_words(rng, 3000))
    weights = 1 / np.arange(1, vocabulary.size + 1)
    texts = [" ".join(rng.choice(vocabulary, int(rng.integers(300, 600)), p=weights / weights.sum())) for _ in range(300)]
    families: dict[int, list[int]] = {}
    for _ in range(100):
        source = int(rng.integers(300))
        words = texts[source].split()
        for position in np.flatnonzero(rng.random(len(words)) < rng.uniform(0.01, 0.06)):
            words[position] = str(rng.choice(vocabulary))
        families.setdefault(source, [source]).append(len(texts))
        texts.append(" ".join(words))
    truth = {}
    for members in families.values():
        sets = {i: set(shingle_hashes(texts[i], 5).tolist()) for i in members}
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                truth[(a, b)] = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
    return texts, truth


def test_lsh_index_finds_near_duplicates_in_batches() -> None:
    texts, truth = _near_duplicates(5)
    signatures = minhash_many(texts, 128, 5)
    index = LSHIndex(32)
    for start in range(0, len(texts), 128):  # batches of any size give the same pairs
        index.add(signatures[start : start + 128])
    assert len(index) == len(texts) and index.nbytes == len(texts) * (32 * 8 + 8)
    found = {tuple(pair) for pair in index.pairs().tolist()}
    high = [pair for pair, jaccard in truth.items() if jaccard >= 0.6]
    assert len(high) > 50
    assert sum(pair in found for pair in high) / len(high) >= 0.97
    assert len(found - set(truth)) <= 2  # hardly any candidate that is no copy
    one_batch = LSHIndex(32)
    one_batch.add(signatures)
    assert np.array_equal(one_batch.pairs(), index.pairs())
    assert lsh_candidates(dict(enumerate(signatures)), 32) == found


def test_lsh_index_ids_and_uneven_bands() -> None:
    texts, _ = _near_duplicates(6)
    signatures = minhash_many(texts, 128, 5)
    ids = np.arange(len(texts)) * 7 + 1000
    index = LSHIndex(30)  # 128 rows in 30 bands: 8 bands of 5 rows, then 22 of 4, as np.array_split cuts them
    index.add(signatures[:200], ids[:200])
    index.add(signatures[200:], ids[200:])
    expected = lsh_candidates({int(i): s for i, s in zip(ids, signatures, strict=True)}, 30)
    assert {tuple(pair) for pair in index.pairs().tolist()} == expected and expected
    with pytest.raises(ValueError):
        index.add(signatures[:3], ids[:2])


def test_band_keys_are_equal_exactly_when_bands_are() -> None:
    rng = np.random.default_rng(2)
    signatures = rng.integers(0, 1 << 32, size=(50, 12), dtype=np.uint32)
    signatures[1, :4] = signatures[0, :4]
    for bands in (3, 6, 12, 5):
        keys = band_keys(signatures, bands)
        bounds = np.cumsum([0] + [len(part) for part in np.array_split(np.arange(12), bands)])
        for band in range(bands):
            rows = signatures[:, bounds[band] : bounds[band + 1]]
            same_rows = (rows[:, None, :] == rows[None, :, :]).all(axis=2)
            assert np.array_equal(keys[:, band][:, None] == keys[:, band][None, :], same_rows)


def test_embeddings_bring_translations_together() -> None:
    english, german, other = embed(
        [
            "The river burst its banks and flooded the old town overnight.",
            "Der Fluss trat über die Ufer und überschwemmte in der Nacht die Altstadt.",
            "The central bank raised interest rates by half a percentage point.",
        ]
    )
    assert np.isclose(np.linalg.norm(english), 1.0, atol=1e-4)
    assert english @ german > 0.7 > english @ other + 0.2


def test_embedding_in_parts_on_threads_equals_one_text_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch split over threads gives each text the vector it gets alone, in the order given."""
    import newsloom.fingerprint as fingerprint

    monkeypatch.setattr(fingerprint, "EMBED_CHUNK", 3)
    words = ["ferry", "storm", "strike", "tram", "fire", "flood", "bridge"]
    texts = [f"Sentence number {k} about the {word} in the harbour town." for k, word in enumerate(words)]
    together = embed(texts)
    alone = np.concatenate([embed([text]) for text in texts])
    assert together.shape == (7, 512)
    assert np.allclose(together, alone, atol=1e-5)
    assert len({row.tobytes() for row in together}) == 7
