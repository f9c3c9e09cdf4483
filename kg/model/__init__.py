"""The domain model of Yiju: statutes, provisions, catalogs, items, holdings.

Pure data, no IO and no storage library: frozen dataclasses with dates as
``datetime.date`` and periods as ``valid_from`` / ``valid_to`` (``None`` means
open).  The canonical provision identifier is :class:`ProvisionId`.

One idea a module, every name importable from ``kg.model``: ``vocabulary``
(the enums), ``provision_id`` (the identifier and the statute key),
``statutes`` (statutes, versions, amendments, repeals), ``provisions``
(articles, paragraphs, items, sanctions), ``parsed`` (what a parser returns)
and ``catalogs`` (catalogs, items, basis links, holdings, review duties).
"""

from __future__ import annotations

from kg.model.catalogs import (
    BasisLink,
    Catalog,
    Department,
    DiscretionRule,
    Holding,
    PenaltyItem,
    ReviewRequirement,
    SourceRef,
    Township,
)
from kg.model.parsed import (
    Diagnostic,
    ParsedStatute,
)
from kg.model.provision_id import (
    ProvisionId,
    statute_key,
)
from kg.model.provisions import (
    InferredPair,
    Item,
    Paragraph,
    Provision,
    Sanction,
)
from kg.model.statutes import (
    AmendmentDecision,
    RepealMention,
    RepealRelation,
    Statute,
    StatuteVersion,
    VersionEvent,
)
from kg.model.vocabulary import (
    ORDER_KINDS,
    PENALTY_KINDS,
    AuthoritySource,
    BasisRole,
    Duty,
    Level,
    PowerType,
    Resolution,
    ReviewKind,
    SanctionKind,
    Verdict,
)

__all__ = [
    "AmendmentDecision",
    "AuthoritySource",
    "BasisLink",
    "BasisRole",
    "Catalog",
    "Department",
    "Diagnostic",
    "DiscretionRule",
    "Duty",
    "Holding",
    "InferredPair",
    "Item",
    "Level",
    "ORDER_KINDS",
    "PENALTY_KINDS",
    "Paragraph",
    "ParsedStatute",
    "PenaltyItem",
    "PowerType",
    "Provision",
    "ProvisionId",
    "RepealMention",
    "RepealRelation",
    "Resolution",
    "ReviewKind",
    "ReviewRequirement",
    "Sanction",
    "SanctionKind",
    "SourceRef",
    "Statute",
    "StatuteVersion",
    "Township",
    "Verdict",
    "VersionEvent",
    "statute_key",
]
