"""The whoosh schema and the ranking parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import columns, fields
from whoosh.system import pack_uint

# --------------------------------------------------------------------------
# whoosh schema
# --------------------------------------------------------------------------


class TokensField(fields.TEXT):  # type: ignore[misc]
    """A TEXT field fed with a list of tokens: term counts, no analysis (fast bulk writes)."""

    def __init__(self) -> None:
        super().__init__(phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, str):
            value = value.split()
        counts: dict[str, int] = {}
        for tok in value:
            counts[tok] = counts.get(tok, 0) + 1
        for tok, freq in counts.items():
            yield tok.encode("utf-8"), freq, float(freq), pack_uint(freq)


TOKEN_FIELDS = ("text", "viol", "name")
FIELD_WEIGHTS = {"text": 1.0, "viol": 0.35, "name": 1.0}
FIELD_B = {"text": 0.6, "viol": 0.3, "name": 0.3}  # length normalisation per field
K1 = 1.2
VIOL_TOKENS = 150  # distinct words taken over from the articles a 罚则 names as violated
WRITER_LIMIT_MB = 2048  # postings of the whole corpus fit in memory: one in-memory sort, no run merging
BLOCK_LIMIT = 1024  # postings per block: fewer, larger blocks read faster into arrays
BULK_SPLIT_DOCS = 20_000  # from this many documents a new index is written by two processes, two segments
CANDIDATES = 60
RERANK_CANDIDATES = 150  # the learned ranker (kg.search.learned) orders a wider pool
DIVERSITY = 0.8  # the third hit of a statute weighs 0.8, the fourth 0.64 … when ranked
STATUTE_EVIDENCE = 0.8  # an article's score grows by up to this share when its statute covers the query
PENALTY_PRIOR = 1.3  # a 罚则 is what the officer needs
# what officers cite: laws and regulations first; local legislation close behind (it applies only
# where the filter lets it through); judicial interpretations and the constitution are rarely a basis
LEVEL_PRIOR = {"地方性法规": 0.9, "地方政府规章": 0.9, "司法解释": 0.7, "宪法": 0.5, "其他": 0.8}
ITEM_PRIOR = 0.9  # a catalog item ranks just below an article that matches as well (it brings its basis along)
VIOLATED_PRIOR = 1.1  # an article that some 罚则 names as violated
PARTNER_SHARE = 0.92  # a partner's score is at least this share of its anchor's
STATUTE_MENTION_BOOST = 1.8
REGION_MENTION_BOOST = 1.25
ARTICLE_MENTION_BOOST = 1.4
EXPANSION_WEIGHT = 0.45
EXPANSION_WEIGHT_UNKNOWN = 0.8  # the trigger is (almost) absent from the statutes: its legal wording stands in
RARE_TRIGGER_DF = 30
SINGLE_CHAR_WEIGHT = 0.3
COMPOUND_WEIGHT = 0.6
SUBWORD_WEIGHT = 0.35
COMMON_TERM_SHARE = 0.2  # in long queries, terms in more than this share of documents are dropped
COMMON_WEAK_TERM_SHARE = 0.06  # … and expansions or sub-words in more than this share
POSTINGS_CACHE = 8192  # terms whose posting arrays stay in memory (besides preloaded ones)
PRELOAD_DF = 300  # warm() loads the posting arrays of terms in at least this many articles
META_FILE = "yiju_meta.json"
NATIONAL = "_national"
_SEP = "\x1f"


def _schema() -> Any:
    """Token fields take lists of tokens; per-document attributes live in one column."""
    return fields.Schema(
        # stored, not indexed: 146k one-posting terms cost seconds to write; a document added again
        # replaces the earlier one by its number (see WhooshIndex.commit)
        doc_id=fields.STORED(),
        catalog_term=fields.ID(),  # items only: lets delete_catalog delete by term
        text=TokensField(),
        viol=TokensField(),
        name=TokensField(),
        data=fields.STORED(),
        # doc_id, kind, statute, version, region, level, catalog, article, flags, lengths — joined by \x1f
        meta=fields.COLUMN(columns.VarBytesColumn()),
    )


def _codec() -> Any:
    from whoosh.codec.whoosh3 import W3Codec

    # blocks are not compressed: zlib costs ~20 µs a call on ~200k mostly tiny blocks, and Yiju
    # reads postings from its own arrays (yiju_postings_*.npz), not from these blocks
    return W3Codec(blocklimit=BLOCK_LIMIT, compression=0)

