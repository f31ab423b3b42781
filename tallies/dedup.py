"""Near-duplicate articles: one wire story republished by ten outlets is one report with ten
copies, so a figure is never counted as corroborated by its own copies.

Each article's text becomes a set of word shingles (3 words by default) and a MinHash
signature (datasketch). An LSH index finds candidates among the articles already seen, at a
low similarity so that trimmed copies are found too; each candidate is then checked on its
signature: a copy is an article whose estimated Jaccard similarity is at least
`reconcile.duplicate_threshold`, or which holds (or is held by) the other to at least
`reconcile.duplicate_containment` (a briefing that keeps the story's first paragraphs).

A new article joins the group of the most similar match; a group is named by its first
article. Signatures are stored with the articles, so an ingest adds to existing groups.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SEED = 1  # the permutations must be the same on every run: signatures are stored
SCHEME = "affine32"
CANDIDATE_THRESHOLD = 0.2  # LSH finds these; the checks below decide
_WORD = re.compile(r"\w+")


def _hash32(data: bytes) -> int:
    # crc32 is in C and stable across processes (str.__hash__ is not); datasketch applies its
    # own random permutations on top
    return zlib.crc32(data)


def shingles(text: str, words: int = 3) -> set[bytes]:
    """The article's word n-grams, lower-cased; a text shorter than n words is one shingle."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) <= words:
        return {" ".join(tokens).encode()}
    return {" ".join(tokens[i:i + words]).encode() for i in range(len(tokens) - words + 1)}


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint64, one per permutation
    shingles: int  # distinct shingles in the text

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> "Signature":
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64), shingles)


@dataclass(frozen=True)
class Match:
    key: str  # the stored article matched
    group: str  # its duplicate group
    jaccard: float
    containment: float  # share of the smaller article found in the larger


class DuplicateIndex:
    """Articles seen so far, to find the near-duplicates of the next one."""

    def __init__(self, threshold: float = 0.5, containment: float = 0.8,
                 permutations: int = 128, shingle_words: int = 3):
        self.threshold = threshold
        self.containment = containment
        self.permutations = permutations
        self.shingle_words = shingle_words
        # made once: building a MinHash draws its permutations again
        self._perms = MinHash(num_perm=permutations, seed=SEED, scheme=SCHEME).permutations
        self._lsh = MinHashLSH(threshold=min(CANDIDATE_THRESHOLD, threshold),
                               num_perm=permutations)
        self._seen: dict[str, tuple[str, Signature, int]] = {}  # key -> group, signature, order

    @classmethod
    def from_settings(cls, settings) -> "DuplicateIndex":
        r = settings.reconcile
        return cls(float(r["duplicate_threshold"]), float(r["duplicate_containment"]),
                   int(r["minhash_permutations"]), int(r["shingle_words"]))

    def __len__(self) -> int:
        return len(self._seen)

    def signature(self, text: str) -> Signature:
        grams = shingles(text, self.shingle_words)
        m = MinHash(num_perm=self.permutations, seed=SEED, hashfunc=_hash32,
                    permutations=self._perms, scheme=SCHEME)
        m.update_batch(list(grams))
        return Signature(m.hashvalues.copy(), len(grams))

    def add(self, key: str, group: str, signature: Signature) -> None:
        if key in self._seen:
            self._lsh.remove(key)
        self._seen[key] = (group, signature, len(self._seen))
        self._lsh.insert(key, self._minhash(signature))

    def match(self, signature: Signature) -> Match | None:
        """The most similar stored article that this one is a copy of, if any."""
        best: Match | None = None
        best_rank: tuple = ()
        for key in self._lsh.query(self._minhash(signature)):
            group, other, order = self._seen[key]
            j = float(np.mean(signature.hashvalues == other.hashvalues))
            small, large = sorted((signature.shingles, other.shingles))
            # |A∩B| = J(|A|+|B|)/(1+J): the share of the smaller set found in the larger
            c = j * (small + large) / ((1 + j) * small) if small else 0.0
            if j < self.threshold and c < self.containment:
                continue
            rank = (max(j, c), j, -order)  # the most similar; on a tie the earliest stored
            if best is None or rank > best_rank:
                best, best_rank = Match(key, group, j, min(c, 1.0)), rank
        return best

    def _minhash(self, signature: Signature) -> MinHash:
        return MinHash(num_perm=self.permutations, seed=SEED, hashvalues=signature.hashvalues,
                       permutations=self._perms, scheme=SCHEME)
