"""Legal-basis search: officer wording in, 违则/罚则 articles and catalog items out.

One small protocol, ``SearchIndex``, and one implementation over whoosh,
``WhooshIndex``.  Documents arrive pre-tokenised (``kg.analysis.tokenize``,
run by the pipeline in worker processes); the index stores them with a
whitespace analyzer and never runs jieba at index time when tokens are given.

How a query is answered (``WhooshIndex.search``):

1. *Clean*: any input is accepted.  Text is normalised (script, width,
   punctuation), cut to ``MAX_QUERY_CHARS`` (the result says so), and never
   parsed by whoosh's query language: query objects are built here.
2. *Understand*: statute titles and aliases in the query (longest match),
   article numbers (``64条``, ``第六十四条之一``), regions (``浙江``,
   ``深圳市``) and the catalog form "对……的行政处罚" are recognised and
   taken out of the free text.
3. *Expand*: everyday expressions found in the text add the legal phrasing
   of ``ontologies/synonyms.yaml`` with a lower weight than the words typed.
4. *Retrieve*: BM25 over three token fields — the article (its tokens
   carry the statute title and chapter heading, as the pipeline makes
   them), the wording of the articles a 罚则 names as violated (so a 罚则
   that only says "违反本法第四十二条" still matches the behaviour) and
   catalog item names — multiplied by how much of the query the article's
   whole statute covers (a statute is about one subject).  whoosh keeps the
   term dictionary, postings, stored fields and deletions; scoring is
   vectorised (numpy) over posting arrays that each commit saves beside its
   new segments (``yiju_postings_<segment>.npz``), because whoosh's
   pure-Python matcher tree needs seconds for a 40-term query over 150k
   articles.  Filters are boolean masks computed once per searcher and
   cached: the version in force on ``as_of`` (or the latest version of each
   statute), the region (national legislation always, local legislation of
   the user's region), level, statute.
5. *Rank for officers*: penalty articles (罚则) and the articles some 罚则
   names (违则) get a prior, judicial interpretations a lower one; a 罚则
   pulls the 违则 it names next to it and vice versa, and a catalog item
   pulls its basis; a statute or article named in the query comes first;
   the third and later hits of one statute weigh a little less, so a
   second law or the local regulation shows.  Hits are then grouped into
   违则/罚则 pairs.

``plain=True`` is the baseline of ``bench/search_bench.py``: the query's
tokens only, scored by whoosh's own BM25F searcher on the article tokens,
with the same filters — no understanding, synonyms, priors or pairing.

The package, by those steps: ``types`` (documents, hits, the protocol),
``synonyms`` (step 3's vocabulary), ``understand`` (steps 1-3),
``schema`` (the whoosh schema and the ranking parameters), ``postings``
(per-searcher arrays, masks and BM25), ``ranking`` (steps 4-5),
``snippets`` and ``index`` (``WhooshIndex``: lifecycle and ``search``).
"""

# ruff: noqa: F401 - the names callers and tests import from kg.search
from kg.regions import relevant as region_applies  # the rule lives in kg.regions
from kg.search.index import WhooshIndex, _doc_tokens, index_token_texts
from kg.search.postings import _PostingArrays, _State
from kg.search.schema import (  # the ranking parameters stay importable from kg.search
    ARTICLE_MENTION_BOOST,
    BLOCK_LIMIT,
    BULK_SPLIT_DOCS,
    CANDIDATES,
    COMMON_TERM_SHARE,
    COMMON_WEAK_TERM_SHARE,
    COMPOUND_WEIGHT,
    DIVERSITY,
    EXPANSION_WEIGHT,
    EXPANSION_WEIGHT_UNKNOWN,
    FIELD_B,
    FIELD_WEIGHTS,
    ITEM_PRIOR,
    K1,
    LEVEL_PRIOR,
    META_FILE,
    NATIONAL,
    PARTNER_SHARE,
    PENALTY_PRIOR,
    POSTINGS_CACHE,
    PRELOAD_DF,
    RARE_TRIGGER_DF,
    REGION_MENTION_BOOST,
    SINGLE_CHAR_WEIGHT,
    STATUTE_EVIDENCE,
    STATUTE_MENTION_BOOST,
    SUBWORD_WEIGHT,
    TOKEN_FIELDS,
    VIOL_TOKENS,
    VIOLATED_PRIOR,
    WRITER_LIMIT_MB,
    TokensField,
    _schema,
)
from kg.search.snippets import SNIPPET_CHARS, make_snippet
from kg.search.synonyms import QUERY_FILLERS, SYNONYMS_PATH, SynonymEntry, Synonyms, load_synonyms
from kg.search.types import MAX_LIMIT, MAX_QUERY_CHARS, Hit, HitGroup, SearchDoc, SearchIndex, SearchResult

__all__ = [
    "Hit",
    "HitGroup",
    "SearchDoc",
    "SearchIndex",
    "SearchResult",
    "Synonyms",
    "WhooshIndex",
    "index_token_texts",
    "load_synonyms",
]
