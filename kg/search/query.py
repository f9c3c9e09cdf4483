"""A query as the search understands it: ``_Query``, which steps 1-3 of ``kg.search`` fill in, and step 1
(``_clean``) that makes it from any input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.analysis import normalize
from kg.search.types import MAX_QUERY_CHARS


@dataclass
class _Query:
    """What the query understanding found."""

    raw: str
    text: str  # normalised, truncated
    free: str  # text with recognised statutes/articles/regions removed
    truncated: bool = False
    statutes: list[str] = field(default_factory=list)
    unknown_titles: list[str] = field(default_factory=list)
    article: tuple[int, int] | None = None
    regions: list[str] = field(default_factory=list)
    places_said: list[str] = field(default_factory=list)  # division names the gazetteer placed, as typed
    penalty_intent: bool = False
    terms: dict[str, float] = field(default_factory=dict)  # token -> weight
    typed: set[str] = field(default_factory=set)  # tokens the user typed
    expansions: list[tuple[str, str]] = field(default_factory=list)
    thesaurus: list[tuple[str, str]] = field(default_factory=list)  # (typed word, statute word) from kg.thesaurus


def _clean(query: Any) -> _Query:
    """Step 1: any input becomes normalised text, cut to ``MAX_QUERY_CHARS`` (the query says so)."""
    raw = query if isinstance(query, str) else ("" if query is None else str(query))
    text = normalize(raw[: MAX_QUERY_CHARS * 20])
    truncated = False
    if len(text) > MAX_QUERY_CHARS:
        text, truncated = text[:MAX_QUERY_CHARS], True
    return _Query(raw=raw, text=text, free=text, truncated=truncated)
