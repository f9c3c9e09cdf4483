"""BM25 over one searcher's posting lists: per article and field, and a statute's coverage of the query."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from kg.search.postings import _Postings
from kg.search.schema import FIELD_WEIGHTS, K1


class _BM25(_Postings):
    """``_State``'s scoring: field-weighted BM25, and how much of the query a statute covers."""

    n: int
    total: int
    has_field: dict[str, bool]
    norm: dict[str, np.ndarray]
    version_names: list[str]

    def bm25(self, terms: dict[str, float], fields_: Sequence[str], mask: np.ndarray) -> np.ndarray:
        """Sum over terms and fields of weight * idf * saturated tf, masked."""
        scores = np.zeros(self.n, dtype=np.float32)
        n_docs = max(self.total, 1)
        fields_ = [f for f in fields_ if self.has_field[f]]
        for tok, w in terms.items():
            for f in fields_:
                p = self.postings(f, tok)
                if p is None:
                    continue
                ids, tf = p
                df = len(ids)
                idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
                scores[ids] += (w * FIELD_WEIGHTS[f] * idf) * (tf * (K1 + 1.0) / (tf + self.norm[f][ids]))
        scores *= mask
        return scores

    def statute_evidence(self, terms: dict[str, float], mask: np.ndarray) -> np.ndarray:
        """Per document, how much of the query its whole statute version covers (0..1).

        A statute is about one subject: a version whose articles, taken together, contain
        many of the query's words (weighted by how few versions contain them) is likely the
        law the officer means, even when no single article has them all.
        """
        nv = len(self.version_names)
        if not nv:
            return np.zeros(self.n, dtype=np.float32)
        allowed_versions = np.zeros(nv, dtype=bool)
        allowed_versions[self.version_code[mask]] = True
        n_versions = max(int(allowed_versions.sum()), 1)
        cover = np.zeros(nv, dtype=np.float32)
        for tok, w in terms.items():
            vs = self.versions_with(tok)
            if vs is None:
                continue
            vs = vs[allowed_versions[vs]]
            k = len(vs)
            if not k:
                continue
            cover[vs] += w * math.log(1.0 + (n_versions - k + 0.5) / (k + 0.5))
        top = float(cover.max())
        if top <= 0:
            return np.zeros(self.n, dtype=np.float32)
        out: np.ndarray = (cover / top)[self.version_code]
        return out
