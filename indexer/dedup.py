"""Near-duplicate detection: MinHash signatures over word shingles, LSH for candidates."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from indexer.normalise import matching_form

NUM_PERM = 64
THRESHOLD = 0.8
SHINGLE = 5
SCHEME = "affine64"  # datasketch >= 2.0 permutation scheme; stored signatures use it


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of the text's matching form, lower-cased."""
    words = re.findall(r"\w+", matching_form(text).lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutation parameters, built once (building them per MinHash dominated its cost)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str) -> MinHash:
    """The MinHash signature of a text."""
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    mh.update_batch(list(shingles(text)))
    return mh


def to_blob(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def from_blob(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64),
                   scheme=SCHEME, permutations=_permutations())


class NearDuplicateFinder:
    """An in-memory LSH over canonical articles' signatures, filled from the store per run."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}

    def add(self, key: str, mh: MinHash) -> None:
        if key not in self._sigs:
            self._lsh.insert(key, mh)
            self._sigs[key] = mh

    def remove(self, key: str) -> None:
        if key in self._sigs:
            self._lsh.remove(key)
            del self._sigs[key]

    def best_match(self, mh: MinHash, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar stored article at or above the threshold, with its Jaccard estimate."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(mh):
            if key == exclude:
                continue
            sim = mh.jaccard(self._sigs[key])
            if sim >= self.threshold and (best is None or sim > best[1] or (sim == best[1] and key < best[0])):
                best = (key, sim)
        return best
