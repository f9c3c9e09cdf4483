"""Reading the graph by the domain's names: provision ids, days, statutes and their versions.

The small read helpers that every view and the authority check share
(kg.queries, kg.authority_check).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import date
from typing import Any

from kg.codec import from_props
from kg.errors import InvalidInput, NotFound
from kg.graph_build import (
    provision_from_props,
)
from kg.model import (
    Provision,
    ProvisionId,
    Statute,
    StatuteVersion,
    statute_key,
)
from kg.store import GraphStore
from kg.validity import validity_fields, version_validity


def parse_provision_id(text: str) -> ProvisionId:
    try:
        return ProvisionId.parse(text)
    except ValueError:
        raise InvalidInput(
            f"条文标识「{text[:80]}」格式不正确，应形如「城乡规划法@2019-04-23/art_64/para_1」",
            code="INVALID_PROVISION_ID",
        ) from None


def parse_day(text: str | None, field: str = "date") -> date | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"日期「{text[:40]}」格式不正确，应为 YYYY-MM-DD", code="INVALID_DATE", field=field) from None


def iso_day(d: date | None) -> str | None:
    return d.isoformat() if d else None


class GraphLookup:
    """Statute lookups over a store (implements ``ingest.resolve.StatuteLookup``)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._aliases: dict[str, set[str]] | None = None
        self._versions: dict[str, list[StatuteVersion]] = {}
        self._provisions: dict[str, Provision | None] = {}

    def alias_map(self) -> dict[str, set[str]]:
        if self._aliases is None:
            aliases: dict[str, set[str]] = defaultdict(set)
            for props in self.store.find("Statute"):
                s = from_props(Statute, props)
                for name in {s.key, s.title, *s.aliases}:
                    aliases[statute_key(name)].add(s.key)
            self._aliases = dict(aliases)
        return self._aliases

    def statute_keys_for_title(self, title: str) -> list[str]:
        return sorted(self.alias_map().get(statute_key(title), ()))

    def statute(self, key: str) -> Statute | None:
        props = self.store.get("Statute", key)
        return from_props(Statute, props) if props else None

    def versions(self, key: str) -> list[StatuteVersion]:
        if key not in self._versions:
            rows = self.store.find("StatuteVersion", statute_key=key)
            self._versions[key] = [from_props(StatuteVersion, r) for r in rows]
        return self._versions[key]

    def provision(self, pid: ProvisionId) -> Provision | None:
        key = str(pid.article_id())
        if key not in self._provisions:
            props = self.store.get("Provision", key)
            self._provisions[key] = provision_from_props(props) if props else None
        return self._provisions[key]

    def resolve_statute(self, name: str) -> Statute:
        keys = self.statute_keys_for_title(name)
        if not keys:
            close = difflib.get_close_matches(statute_key(name), list(self.alias_map()), n=3, cutoff=0.5)
            hint = f"，您是否要找：{'、'.join(close)}" if close else ""
            raise NotFound(f"未找到法规「{name[:60]}」{hint}", code="STATUTE_NOT_FOUND")
        statute = self.statute(keys[0])
        assert statute is not None
        return statute




def provision_validity(lookup: GraphLookup, pid: ProvisionId, day: date) -> dict[str, Any]:
    """``status``, ``valid_from``, ``valid_to`` (and the deciding text) of the version a provision id names."""
    statute = lookup.statute(pid.statute)
    versions = lookup.versions(pid.statute)
    version = next((v for v in versions if v.version == pid.version), None)
    if statute is None or version is None:
        return {"status": None, "valid_from": None, "valid_to": None, "status_basis": "",
                "status_note": "法规库中没有该版本，无法判断时效性"}
    return validity_fields(version_validity(statute, version, day))


