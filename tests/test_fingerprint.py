"""Fingerprints: content hashes, MinHash estimates and LSH candidates, and the multilingual embeddings."""

from __future__ import annotations

import numpy as np

from newsloom.fingerprint import content_hash, embed, estimated_jaccard, lsh_candidates, minhash, shingle_hashes

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
