"""Every Cypher statement Yiju sends to Neo4j, as named, parameterized constants.

Labels and relationship types are spliced into the text only from the fixed
schema in ``kg.store`` (``LABELS``, ``SCHEMA``, ``INDEXED``) when this module
is imported; values -- keys, property values, search terms -- always travel
as parameters (``$rows``, ``$key``, ``$where`` ...).  Nothing here is ever
formatted with user input at run time.

Layout in the database:

- a node is ``(:Label {key, _gen, ...props})``; ``(key, _gen)`` is unique per
  label.  ``_gen`` is the *graph generation*: the serving one is
  ``(:_YijuGraph {key: 'graph'}).gen`` and every query reads only nodes of it
  (edges only ever join nodes of one generation).  ``replace_all`` loads a new
  graph as generation ``gen + 1`` next to the serving one, in transactions of
  bounded size, then switches by setting that one property -- one tiny
  transaction, so readers see the old graph or the new one, never a mix, and a
  failed load leaves the serving graph untouched; the old generation is
  deleted afterwards in batches.
- an edge is ``(:Src)-[:TYPE {key, ...props}]->(:Dst)``; the edge key that
  tells parallel edges apart (``Edge.key``, ``""`` by default) is the
  relationship property ``key``.
- ``INDEXED`` properties are indexed through a shadow property ``_ix_<prop>``
  (see ``IX_PREFIX``).
- Provision and PenaltyItem nodes may carry ``_fulltext`` (``FULLTEXT_PROPERTY``:
  space-joined jieba terms, the whoosh index's own) indexed by the full-text
  index ``FULLTEXT_INDEX`` (whitespace analyzer, so Lucene sees the same terms
  as whoosh).  ``replace_all`` fills it from the search index; a node written
  with a ``tokens`` property gets a copy of it there.  Reads never return it.

>>> NODE_GET["Statute"]
"MATCH (m:_YijuGraph {key: 'graph'}) MATCH (n:Statute {key: $key, _gen: m.gen}) RETURN properties(n) AS p"
>>> sorted(EDGES["HOLDS"])
['all', 'both', 'dst', 'src']
"""

from __future__ import annotations

import re

from kg.store import INDEXED, LABELS, SCHEMA

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _ident(name: str) -> str:
    """A schema name checked to be a plain identifier (defence in depth)."""
    if not _IDENT.match(name):
        raise ValueError(f"not a schema identifier: {name!r}")
    return name


for _name in (*LABELS, *SCHEMA, *(p for props in INDEXED.values() for p in props)):
    _ident(_name)

# -- schema ---------------------------------------------------------------------

META = "_YijuGraph"  # the one node holding the serving generation
GEN = "_gen"  # node property: the generation a node belongs to
#: Shadow property holding the indexed form of an ``INDEXED`` property: the value
#: itself, or a digest when it is too long for a RANGE index (entries are limited
#: to ~8 kB, and Neo4j refuses to store a value its index cannot hold -- a
#: catalog key or an item name is user text of any length).  Finds seek on the
#: shadow and compare the real property too.
IX_PREFIX = "_ix_"
#: The node property the full-text index reads: space-joined jieba terms.
FULLTEXT_PROPERTY = "_fulltext"
FULLTEXT_INDEX = "yiju_fulltext"
FULLTEXT_LABELS = ("Provision", "PenaltyItem")

CONSTRAINTS: tuple[str, ...] = (
    f"CREATE CONSTRAINT yiju_graph_key IF NOT EXISTS FOR (m:{META}) REQUIRE m.key IS UNIQUE",
) + tuple(
    f"CREATE CONSTRAINT {label.lower()}_key_gen IF NOT EXISTS FOR (n:{label}) REQUIRE (n.key, n.{GEN}) IS UNIQUE"
    for label in LABELS
)

INDEXES: tuple[str, ...] = tuple(
    f"CREATE INDEX {label.lower()}{IX_PREFIX}{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{IX_PREFIX}{prop})"
    for label, props in INDEXED.items()
    for prop in props
) + (
    (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{'|'.join(FULLTEXT_LABELS)}) ON EACH [n.{FULLTEXT_PROPERTY}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: true}}"
    ),
)
# No relationship-property index: every edge lookup is anchored on an endpoint
# found through the unique (key, _gen) constraint, and the edge key only tells
# apart the few parallel edges between two nodes.

#: Schema of pre-release versions of this module (single-property key constraints
#: would forbid two generations of a node); dropped if present.
LEGACY_DROPS: tuple[str, ...] = tuple(
    f"DROP CONSTRAINT {name.lower()}_key IF EXISTS" for label in LABELS for name in (label, "_Stage" + label)
) + tuple(f"DROP INDEX {label.lower()}_{prop} IF EXISTS" for label, props in INDEXED.items() for prop in props) + (
    "DROP INDEX yiju_tokens IF EXISTS",  # the full-text index on the public ``tokens`` property
)

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
#: Waits until the full-text index has taken in every committed write (it is updated
#: asynchronously, beside the writes, not inside their commits: see ``kg.neo4j_store``).
FULLTEXT_REFRESH = "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"
#: Creates the generation pointer of an empty database (generation 0).
META_INIT = f"MERGE (m:{META} {{key: 'graph'}}) ON CREATE SET m.gen = 0 RETURN m.gen AS gen"
META_GEN = f"MATCH (m:{META} {{key: 'graph'}}) RETURN m.gen AS gen"
#: The switch of ``replace_all``: only from the generation the load started from.
META_SWITCH = f"MATCH (m:{META} {{key: 'graph'}}) WHERE m.gen = $old SET m.gen = $new RETURN m.gen AS gen"

_SERVING = f"MATCH (m:{META} {{key: 'graph'}}) "

# -- writes (``$gen``: the serving generation, read at the start of the transaction) ---

#: ``UNWIND $rows AS row`` where ``row`` is the node's full stored property map
#: (with ``key``, ``_gen`` and the index shadows).
NODE_UPSERT: dict[str, str] = {
    label: f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key, {GEN}: $gen}}) SET n = row" for label in LABELS
}

#: ``$rows``: ``{src, dst, key, p}`` (``p``: the properties, with ``key``); returns
#: how many rows found both endpoints.
EDGE_UPSERT: dict[str, str] = {
    etype: (
        f"UNWIND $rows AS row "
        f"MATCH (a:{src} {{key: row.src, {GEN}: $gen}}) MATCH (b:{dst} {{key: row.dst, {GEN}: $gen}}) "
        f"MERGE (a)-[r:{etype} {{key: row.key}}]->(b) SET r = row.p "
        f"RETURN count(*) AS matched"
    )
    for etype, (src, dst) in SCHEMA.items()
}

#: The first edge rows (of ``$rows``) whose source or target node is missing.
EDGE_MISSING_ENDPOINT: dict[str, str] = {
    etype: (
        f"UNWIND $rows AS row "
        f"OPTIONAL MATCH (a:{src} {{key: row.src, {GEN}: $gen}}) "
        f"OPTIONAL MATCH (b:{dst} {{key: row.dst, {GEN}: $gen}}) "
        f"WITH row, a, b WHERE a IS NULL OR b IS NULL "
        f"RETURN row.src AS src, row.dst AS dst, a IS NULL AS no_src, b IS NULL AS no_dst LIMIT 1"
    )
    for etype, (src, dst) in SCHEMA.items()
}

#: ``$where``: a property map; a null value matches an absent property.
_WHERE_ALL = "all(k IN keys($where) WHERE CASE WHEN $where[k] IS NULL THEN n[k] IS NULL ELSE n[k] = $where[k] END)"

NODE_DELETE_KEY: dict[str, str] = {
    label: f"MATCH (n:{label} {{key: $key, {GEN}: $gen}}) WHERE {_WHERE_ALL} DETACH DELETE n" for label in LABELS
}
NODE_DELETE_WHERE: dict[str, str] = {
    label: f"MATCH (n:{label}) WHERE n.{GEN} = $gen AND {_WHERE_ALL} DETACH DELETE n" for label in LABELS
}


def _anchored(then: str, *, serving: bool = True) -> dict[str, dict[str, str]]:
    """Per label and indexed property: match on its shadow value ``$value``, check all of ``$where``, then ``then``.

    Reads see the serving generation; with ``serving=False`` the nodes of ``$gen``
    (a write reads the serving generation at its start and passes it).
    """
    head, gen = (_SERVING, "m.gen") if serving else ("", "$gen")
    return {
        label: {
            prop: f"{head}MATCH (n:{label}) WHERE n.{IX_PREFIX}{prop} = $value AND n.{GEN} = {gen} AND {_WHERE_ALL} {then}"
            for prop in INDEXED.get(label, ())
        }
        for label in LABELS
    }


#: Deletes anchored on one indexed property (``$value``: its shadow value), all of ``$where`` checked.
NODE_DELETE_BY: dict[str, dict[str, str]] = _anchored("DETACH DELETE n", serving=False)

#: Removes every graph node (all generations), in batches (auto-commit transaction only).
CLEAR_BATCHED = f"MATCH (n) WHERE NOT n:{META} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF $batch ROWS"

# -- bulk load (replace_all) ---------------------------------------------------------

#: Creates nodes of generation ``$gen`` (rows carry ``_gen``) and returns their
#: element ids, ``[key, id]`` pairs in one list (a record each would cost the
#: driver ~40 µs apiece): the load draws edges by id.
LOAD_NODES: dict[str, str] = {
    label: f"UNWIND $rows AS row CREATE (n:{label}) SET n = row RETURN collect([row.key, elementId(n)]) AS ids"
    for label in LABELS
}
#: ``$rows``: ``{s, d, p}`` -- source and target element ids, properties with ``key``.
LOAD_EDGES: dict[str, str] = {
    etype: (
        f"UNWIND $rows AS row "
        f"MATCH (a:{src}) WHERE elementId(a) = row.s "
        f"MATCH (b:{dst}) WHERE elementId(b) = row.d "
        f"CREATE (a)-[r:{etype}]->(b) SET r = row.p "
        f"RETURN count(*) AS matched"
    )
    for etype, (src, dst) in SCHEMA.items()
}
#: Nodes of any generation but the serving one: a load in progress, a failed or
#: crashed load, or the previous graph after a switch.
OTHER_GEN_COUNT: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} <> m.gen RETURN count(n) AS n" for label in LABELS
}
#: Deletes them in batches (auto-commit transaction only).
OTHER_GEN_DROP: dict[str, str] = {
    label: (
        f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} <> m.gen "
        f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF $batch ROWS"
    )
    for label in LABELS
}

# -- reads (always of the serving generation) ------------------------------------------

NODE_GET: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label} {{key: $key, {GEN}: m.gen}}) RETURN properties(n) AS p" for label in LABELS
}
NODE_GET_MANY: dict[str, str] = {
    label: f"{_SERVING}UNWIND $keys AS k MATCH (n:{label} {{key: k, {GEN}: m.gen}}) RETURN properties(n) AS p"
    for label in LABELS
}
NODE_ALL: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} = m.gen RETURN properties(n) AS p" for label in LABELS
}
NODE_FIND: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} = m.gen AND {_WHERE_ALL} RETURN properties(n) AS p"
    for label in LABELS
}

#: Finds anchored on one indexed property (``$value``: its shadow value), all of ``$where`` checked.
NODE_FIND_BY: dict[str, dict[str, str]] = _anchored("RETURN properties(n) AS p")
NODE_COUNT: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} = m.gen RETURN count(n) AS n" for label in LABELS
}


def _edges(etype: str, src: str, dst: str) -> dict[str, str]:
    ret = "RETURN a.key AS src, b.key AS dst, properties(r) AS p"
    return {
        "all": f"{_SERVING}MATCH (a:{src})-[r:{etype}]->(b:{dst}) WHERE a.{GEN} = m.gen {ret}",
        "src": f"{_SERVING}MATCH (a:{src} {{key: $src, {GEN}: m.gen}})-[r:{etype}]->(b:{dst}) {ret}",
        "dst": f"{_SERVING}MATCH (a:{src})-[r:{etype}]->(b:{dst} {{key: $dst, {GEN}: m.gen}}) {ret}",
        "both": (
            f"{_SERVING}MATCH (a:{src} {{key: $src, {GEN}: m.gen}})-[r:{etype}]->"
            f"(b:{dst} {{key: $dst, {GEN}: m.gen}}) {ret}"
        ),
    }


#: ``EDGES[type][mode]``, mode one of ``all``, ``src``, ``dst``, ``both``.
EDGES: dict[str, dict[str, str]] = {etype: _edges(etype, *ends) for etype, ends in SCHEMA.items()}

# -- projections (node_rows / edge_rows) -------------------------------------------------
#
# ``$fields`` names the properties to read (``n[f]``: a missing one is null).  Rows
# come back collected into a few big lists, not one record each: the Python driver
# spends ~40 µs on a record and well under 1 µs on a list element (measured on
# the 533k HOLDS edges of the report benchmark's province).

_NODE_ROW = "[n.key] + [f IN $fields | n[f]]"

#: Every node of a label: one record, ``rows``: ``[key, values...]``.
NODE_ROWS_ALL: dict[str, str] = {
    label: f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} = m.gen RETURN collect({_NODE_ROW}) AS rows"
    for label in LABELS
}
#: Nodes whose properties equal ``$where`` (as ``NODE_FIND``).
NODE_ROWS_WHERE: dict[str, str] = {
    label: (
        f"{_SERVING}MATCH (n:{label}) WHERE n.{GEN} = m.gen AND {_WHERE_ALL} RETURN collect({_NODE_ROW}) AS rows"
    )
    for label in LABELS
}
#: The node with key ``$key``, if it matches ``$where`` too.
NODE_ROWS_KEY: dict[str, str] = {
    label: (
        f"{_SERVING}MATCH (n:{label} {{key: $key, {GEN}: m.gen}}) WHERE {_WHERE_ALL} "
        f"RETURN collect({_NODE_ROW}) AS rows"
    )
    for label in LABELS
}
#: Anchored on one indexed property (``$value``: its shadow value), all of ``$where`` checked.
NODE_ROWS_BY: dict[str, dict[str, str]] = _anchored(f"RETURN collect({_NODE_ROW}) AS rows")


def _edge_rows(etype: str, src: str, dst: str) -> dict[str, str]:
    # Rows are grouped by endpoint and values: ``[srcs, dsts, values]`` stands for every
    # (src, dst) of the two lists, so the many edges that share values (a catalog's
    # holdings) cost the driver one string each.  Only ``$fields`` are read, not even the
    # edge key: each property read costs the server about as much as the edge itself.
    vals = "[f IN $fields | r[f]] AS vals"
    by_src = f"WITH a, {vals}, collect(b.key) AS dsts RETURN collect([[a.key], dsts, vals]) AS groups"
    return {
        # ``$batch`` source nodes per record, produced as the server goes (the client
        # decodes one batch while the server reads the next)
        "all": (
            f"{_SERVING}MATCH (a:{src}) WHERE a.{GEN} = m.gen WITH collect(a) AS sources "
            f"UNWIND range(0, size(sources) - 1, $batch) AS i "
            f"CALL (sources, i) {{ UNWIND sources[i..i + $batch] AS a MATCH (a)-[r:{etype}]->(b:{dst}) {by_src} }} "
            f"RETURN groups"
        ),
        "src": f"{_SERVING}MATCH (a:{src} {{key: $src, {GEN}: m.gen}})-[r:{etype}]->(b:{dst}) {by_src}",
        "dst": (
            f"{_SERVING}MATCH (a:{src})-[r:{etype}]->(b:{dst} {{key: $dst, {GEN}: m.gen}}) "
            f"WITH b, {vals}, collect(a.key) AS srcs RETURN collect([srcs, [b.key], vals]) AS groups"
        ),
        "both": (
            f"{_SERVING}MATCH (a:{src} {{key: $src, {GEN}: m.gen}})-[r:{etype}]->"
            f"(b:{dst} {{key: $dst, {GEN}: m.gen}}) {by_src}"
        ),
    }


#: ``EDGE_ROWS[type][mode]``, mode one of ``all``, ``src``, ``dst``, ``both``.
EDGE_ROWS: dict[str, dict[str, str]] = {etype: _edge_rows(etype, *ends) for etype, ends in SCHEMA.items()}
#: ``$dsts``: target keys; the groups of ``EDGE_ROWS[type]["dst"]`` for all of them at once.
EDGE_ROWS_TO: dict[str, str] = {
    etype: (
        f"{_SERVING}UNWIND $dsts AS k MATCH (a:{src})-[r:{etype}]->(b:{dst} {{key: k, {GEN}: m.gen}}) "
        f"WITH b, [f IN $fields | r[f]] AS vals, collect(a.key) AS srcs RETURN collect([srcs, [b.key], vals]) AS groups"
    )
    for etype, (src, dst) in SCHEMA.items()
}

# -- full text -----------------------------------------------------------------------

#: ``$query``: a Lucene query built by ``kg.neo4j_rows.lucene_query``; ``$where``
#: filters on node properties; ties in score are broken by key.
FULLTEXT_QUERY = (
    f"{_SERVING}"
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node AS n, score "
    f"WITH n, score WHERE n.{GEN} = m.gen AND {_WHERE_ALL} "
    "RETURN n.key AS key, score ORDER BY score DESC, key LIMIT $limit"
)

# -- health --------------------------------------------------------------------------

PING = "RETURN 1 AS ok"
