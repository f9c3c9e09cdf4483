"""Planner reports (规划人员报表) over any ``GraphStore``.

Each report is one function over the store protocol (``find`` / ``get_many``
/ ``node_rows`` / ``edge_rows`` / ``count``), so the embedded and the Neo4j
backend give the same findings.  A report reads what it needs in a few bulk
calls -- items and holdings as projections of only the properties it uses
(``ITEM_FIELDS``, ``HOLD_FIELDS``) -- and works in memory with hash maps;
nothing compares all pairs of a large set.

Reports (``run_report(store, name, filters)``):

- ``unmapped``: items whose legal basis does not resolve, by reason;
- ``ownerless``: items with no competent department or an unknown one;
- ``overlaps``: one 罚则 claimed by several items, near-identical item names,
  a delegated power still listed by the county, a township holding one power
  twice (行政处罚法 art. 25);
- ``gaps``: penalty provisions in force that no catalog item cites;
- ``negative-list``: delegated or entrusted items a negative-list rule says
  should stay with the county;
- ``stale``: items citing an article that a later version changed,
  renumbered or removed;
- ``coverage``: items held per township and domain, by source, with review
  needs; power types per department (管罚分离).

``api.exports.render_report(result, fmt)`` turns a result into a table,
JSON, CSV, XLSX or PNG.  Findings are plain dicts; every finding carries ``category``,
``reason`` (Chinese), ``item_codes``, ``items`` and ``rows`` (the catalog
rows it comes from: file, sheet, row).

The package: ``types`` (filters, result, labels), ``vocabularies``,
``graph`` (the read model), one module per report, ``names`` (item-name
similarity) and ``registry`` (``REPORTS``, ``run_report``).
"""

from kg.reports.coverage import POWER_GROUPS, report_coverage
from kg.reports.gaps import report_gaps
from kg.reports.graph import (
    BASIS_FIELDS,
    HOLD_FIELDS,
    HOLD_FIELDS_NO_CATALOG,
    ITEM_FIELDS,
    ArticleKey,
    Hold,
    Item,
    Link,
    article_key,
    article_node_key,
    item_domain,
)
from kg.reports.names import normalize_item_name, similar_name_pairs
from kg.reports.negative_list import report_negative_list
from kg.reports.overlaps import report_overlaps
from kg.reports.ownerless import report_ownerless
from kg.reports.registry import REPORTS, ReportFn, report_names, run_report
from kg.reports.stale import normalize_article_text, report_stale, text_similarity
from kg.reports.types import (
    ART25,
    ART25_RULE,
    CATEGORY_LABELS,
    COVERAGE_LIST_LIMIT,
    DELEGATED,
    EMPTY_GRAPH,
    ENTRUSTED,
    HANDED_DOWN,
    NAME_SIMILARITY,
    NO_ITEMS,
    NO_PROVISIONS,
    ONTOLOGIES,
    POWER_PENALTY,
    RENUMBER_MIN,
    RESOLVED,
    ROLE_LABELS,
    ROLE_PENALTY,
    ROLE_VIOLATED,
    STATUS_LABELS,
    SUGGESTED,
    SUGGESTED_ONLY,
    SUMMARY_LABELS,
    TABLE_ROW_LIMIT,
    TEXT_UNCHANGED,
    UNCLASSIFIED,
    ReportFilters,
    ReportResult,
)
from kg.reports.unmapped import report_unmapped
from kg.reports.vocabularies import (
    DepartmentVocabulary,
    DomainVocabulary,
    NegativeRule,
    department_vocabulary,
    domain_vocabulary,
    negative_rules,
)

__all__ = [
    "ART25",
    "ART25_RULE",
    "BASIS_FIELDS",
    "CATEGORY_LABELS",
    "COVERAGE_LIST_LIMIT",
    "DELEGATED",
    "EMPTY_GRAPH",
    "ENTRUSTED",
    "HANDED_DOWN",
    "HOLD_FIELDS",
    "HOLD_FIELDS_NO_CATALOG",
    "ITEM_FIELDS",
    "NAME_SIMILARITY",
    "NO_ITEMS",
    "NO_PROVISIONS",
    "ONTOLOGIES",
    "POWER_GROUPS",
    "POWER_PENALTY",
    "RENUMBER_MIN",
    "REPORTS",
    "RESOLVED",
    "ROLE_LABELS",
    "ROLE_PENALTY",
    "ROLE_VIOLATED",
    "STATUS_LABELS",
    "SUGGESTED",
    "SUGGESTED_ONLY",
    "SUMMARY_LABELS",
    "TABLE_ROW_LIMIT",
    "TEXT_UNCHANGED",
    "UNCLASSIFIED",
    "ArticleKey",
    "DepartmentVocabulary",
    "DomainVocabulary",
    "Hold",
    "Item",
    "Link",
    "NegativeRule",
    "ReportFilters",
    "ReportFn",
    "ReportResult",
    "article_key",
    "article_node_key",
    "department_vocabulary",
    "domain_vocabulary",
    "item_domain",
    "negative_rules",
    "normalize_article_text",
    "normalize_item_name",
    "report_coverage",
    "report_gaps",
    "report_names",
    "report_negative_list",
    "report_overlaps",
    "report_ownerless",
    "report_stale",
    "report_unmapped",
    "run_report",
    "similar_name_pairs",
    "text_similarity",
]
