"""Does a township hold the power for a matter (职权核查): candidates, verdicts and their evidence.

Each candidate item gets its own verdict with the text that decides it; the
answer is ``holds`` / ``does_not_hold`` only when plausible candidates agree,
else ``ambiguous`` (行政处罚法 arts. 18, 20, 24; 管罚分离 kept per item).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kg.authority import TOWNSHIP, body_type, region_covers
from kg.errors import InvalidInput, NotFound
from kg.graph_build import (
    STATUTORY_CATALOG,
    holding_from_edge,
    item_from_props,
)
from kg.lookup import GraphLookup, iso_day, parse_provision_id, provision_validity
from kg.model import (
    AuthoritySource,
    BasisRole,
    Duty,
    Holding,
    Level,
    PenaltyItem,
    PowerType,
    ProvisionId,
    Resolution,
    ReviewKind,
    ReviewRequirement,
    Statute,
    Verdict,
)
from kg.review import derive_review, load_thresholds, review_duties
from kg.store import GraphStore, Props
from kg.validity import text_for_day

# -- authority check --------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    item: PenaltyItem
    why: str


def find_township(store: GraphStore, name: str) -> dict[str, Any]:
    key = name.strip()
    props = store.get("Township", key)
    if props is not None:
        return props
    towns = store.find("Township")
    matches = [t for t in towns if key and (key in t["name"] or t["name"].startswith(key.rstrip("镇乡街道")))]
    if len(matches) == 1:
        return matches[0]
    names = [t["name"] for t in towns]
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.3)
    hint = f"，相近的有：{'、'.join(close)}" if close else ""
    if len(matches) > 1:
        raise InvalidInput(f"乡镇「{name}」不唯一：{'、'.join(t['name'] for t in matches[:5])}", code="TOWNSHIP_AMBIGUOUS")
    raise NotFound(f"未找到乡镇（街道）「{name[:40]}」{hint}", code="TOWNSHIP_NOT_FOUND")


def _items_by_code(store: GraphStore, code: str) -> list[PenaltyItem]:
    rows = store.find("PenaltyItem", code=code.strip())
    if not rows:
        props = store.get("PenaltyItem", code.strip())
        rows = [props] if props else []
    return [item_from_props(r) for r in rows]


def _items_by_provision(store: GraphStore, pid_text: str, day: date | None) -> list[PenaltyItem]:
    pid = parse_provision_id(pid_text)
    keys: list[str]
    if pid.version is None:
        lookup = GraphLookup(store)
        statute_keys = lookup.statute_keys_for_title(pid.statute) or [pid.statute]
        keys = []
        for sk in statute_keys:
            for v in lookup.versions(sk):
                keys.append(str(ProvisionId(sk, v.version, pid.article, pid.suffix)))
    else:
        keys = [str(pid.article_id())]
    # a suggested link is never basis: an item that only a search suggested for this article is no candidate
    srcs = list(dict.fromkeys(src for src, _, status in store.edge_rows_to("BASIS", ("status",), keys)
                              if status != Resolution.SUGGESTED.value))
    found = store.get_many("PenaltyItem", srcs)
    return [item_from_props(found[k]) for k in srcs if k in found]


#: How the per-item verdicts read, for messages.
_VERDICT_CN = {Verdict.HOLDS: "持有", Verdict.HOLDS_WITHIN_SCOPE: "在限定范围内持有", Verdict.DOES_NOT_HOLD: "不持有",
               Verdict.UNKNOWN: "无法判断", Verdict.AMBIGUOUS: "结论不一致"}
_HOLDS = (Verdict.HOLDS, Verdict.HOLDS_WITHIN_SCOPE)


def check_authority(
    store: GraphStore,
    township: str,
    *,
    item_code: str | None = None,
    provision: str | None = None,
    items: list[PenaltyItem] | None = None,
    day: date | None = None,
) -> dict[str, Any]:
    """Does the township hold this power on ``day``?  With the evidence chain.

    Exactly one of ``item_code``, ``provision`` or ``items`` (found by a text
    query through the search index) names the power.  Each candidate item
    gets its own verdict; candidates of catalogs outside the township's
    region are left out (an answer never names their holders or
    departments).  The overall verdict is a candidate verdict only when all
    candidates agree (``holds`` and ``holds_within_scope`` agree that the
    township holds); otherwise it is ``ambiguous`` and ``candidates`` lists
    each item's verdict so the user picks the item.
    """
    if sum(x is not None for x in (item_code, provision, items)) != 1:
        raise InvalidInput("请在事项编码、条文标识、描述中指定一项", code="CHECK_TARGET_REQUIRED")
    day = day or date.today()
    town = find_township(store, township)
    if item_code is not None:
        candidates = _items_by_code(store, item_code)
        asked = f"事项编码 {item_code}"
    elif provision is not None:
        candidates = _items_by_provision(store, provision, day)
        asked = f"条文 {provision}"
    else:
        candidates = list(items or [])
        asked = "描述"
    result: dict[str, Any] = {
        "township": {"key": town["key"], "name": town["name"], "region": town.get("region")},
        "date": day.isoformat(), "asked": asked,
    }
    reads = _EvidenceReads(store, candidates, town)
    local = [i for i in candidates if reads.in_region(i)]
    left_out = len(candidates) - len(local)
    result["candidates_outside_region"] = left_out
    if not local:
        why = f"（另有{left_out}个其他地区目录中的事项，不适用于本乡镇，未列出）" if left_out else ""
        return {**result, "verdict": Verdict.UNKNOWN, "source": None, "evidence": [], "candidates": [],
                "message": f"本乡镇所在地区的目录和法律法规中没有与{asked}对应的事项，无法判断{why}"}
    evidence = [_item_evidence(reads, town, item, day) for item in local]
    verdicts = {e["verdict"] for e in evidence}
    result["candidates"] = [
        {"item_key": e["item"]["key"], "code": e["item"]["code"], "name": e["item"]["name"],
         "catalog": e["catalog"]["title"] or e["catalog"]["key"], "verdict": e["verdict"],
         "source": e["holding"]["source"] if e["holding"] else None, "reason": e["verdict_reason"]}
        for e in evidence
    ]
    name = town["name"]
    if verdicts <= set(_HOLDS):
        best = min(evidence, key=lambda e: (e["holding"]["scope_note"] is not None,
                                            _SOURCE_RANK[e["holding"]["source"]]))
        verdict = (Verdict.HOLDS_WITHIN_SCOPE if any(e["verdict"] == Verdict.HOLDS_WITHIN_SCOPE for e in evidence)
                   else Verdict.HOLDS)
        source = best["holding"]["source"]
        scopes = list(dict.fromkeys(f"{e['holding']['scope_note']}（{e['item']['code'] or e['item']['key']}）"
                                    for e in evidence if e["holding"]["scope_note"]))
        message = f"{name}于 {day} 持有该职权（{source}）" + (f"，限于：{'；'.join(scopes)}" if scopes else "")
        if best["holding"].get("clause"):
            message += f"。法律规定：“{best['holding']['clause']}”"
        evidence = [best] + [e for e in evidence if e is not best]
    elif verdicts == {Verdict.DOES_NOT_HOLD}:
        verdict, source = Verdict.DOES_NOT_HOLD, None
        reasons = [e["verdict_reason"] for e in evidence if not e["verdict_reason"].endswith("不持有本事项")]
        message = (f"{name}于 {day} 不持有该职权" + "".join(f"：{r}" for r in dict.fromkeys(reasons))
                   + _who_decides(evidence))
    elif len(verdicts) == 1:
        verdict, source = Verdict.UNKNOWN, None
        message = f"无法判断{name}于 {day} 是否持有该职权：" + "；".join(
            dict.fromkeys(e["verdict_reason"] for e in evidence))
    else:
        verdict, source = Verdict.AMBIGUOUS, None
        listed = "；".join(f"{c['code'] or c['item_key']} {c['name']}：{_VERDICT_CN[c['verdict']]}"
                          for c in result["candidates"])
        message = f"与{asked}对应的{len(evidence)}个事项结论不一致，请选择具体事项：{listed}"
    return {**result, "verdict": verdict, "source": source, "message": message, "evidence": evidence}


def _who_decides(evidence: list[dict[str, Any]]) -> str:
    """Who decides instead of the township: departments (or the 综合行政执法 body), entrustment, other holders."""
    parts = []
    deciders = list(dict.fromkeys(d for e in evidence for d in e["separation"]["执法"] if d))
    if deciders:
        parts.append(f"由{'、'.join(deciders)}行使")
    entrusted = [e["entrustment"] for e in evidence if e.get("entrustment")]
    for en in entrusted:
        parts.append(f"本乡镇受{en['entrusting_department']}委托，可在委托范围内以{en['decides_in_name_of']}的名义实施，"
                     f"法律后果由{en['responsible']}承担（委托期限：{en['term']}）")
    holders = sorted({d for e in evidence for d in e["held_by"]})
    if holders:
        parts.append(f"同一目录中持有该职权的乡镇：{'、'.join(holders[:10])}")
    return "；" + "；".join(parts) if parts else ""


_SOURCE_RANK = {AuthoritySource.STATUTORY.value: 0, AuthoritySource.DELEGATED.value: 1,
                AuthoritySource.ENTRUSTED.value: 2}

#: Catalog kinds (``Catalog.kind``) that are not lists of a township's powers.
PROVINCE_LIST_KIND = "省级指导目录"  # = ingest.catalogs.PROVINCE_LIST
ENFORCEMENT_KIND = "综合行政执法目录"  # = ingest.catalogs.ENFORCEMENT_LIST

#: The properties of a HOLDS edge: a Holding's fields but its two ends.
_HOLDING_FIELDS = tuple(f.name for f in dataclasses.fields(Holding) if f.name not in ("township", "item"))


class _EvidenceReads:
    """What the evidence of several candidate items needs, read once for all of them.

    The holdings of every candidate in one ``edge_rows_to``; catalogs, statute
    versions and articles read once each however many items cite them.
    """

    def __init__(self, store: GraphStore, items: Sequence[PenaltyItem], town: Props | None = None) -> None:
        self.store = store
        self.lookup = GraphLookup(store)
        self.town = town or {}
        self._catalogs: dict[str, Props] = {}
        self._holdings: dict[str, list[Holding]] = {i.key: [] for i in items}
        self._towns: dict[str, Props | None] = {}
        self._special: dict[str, list[Props]] | None = None
        for town_key, item, *values in store.edge_rows_to("HOLDS", _HOLDING_FIELDS, list(self._holdings)):
            self._holdings[item].append(holding_from_edge(town_key, item, dict(zip(_HOLDING_FIELDS, values, strict=True))))
        self._town_catalogs: set[str] | None = None

    def catalog(self, key: str) -> Props:
        if key not in self._catalogs:
            self._catalogs[key] = self.store.get("Catalog", key) or {}
        return self._catalogs[key]

    def holdings(self, item_key: str) -> list[Holding]:
        return self._holdings[item_key]

    def township(self, key: str) -> Props | None:
        if key not in self._towns:
            self._towns[key] = self.store.get("Township", key)
        return self._towns[key]

    def town_catalogs(self) -> set[str]:
        """The catalogs that list the asking township as a holder: they are of its region by construction."""
        if self._town_catalogs is None:
            key = self.town.get("key")
            self._town_catalogs = {e.props.get("catalog") or "" for e in self.store.edges("HOLDS", src=key)} if key else set()
        return self._town_catalogs

    def in_region(self, item: PenaltyItem) -> bool:
        """Whether the item can concern the asking township: its law or its catalog is of the township's region."""
        region = self.town.get("region")
        if item.catalog_key == STATUTORY_CATALOG:
            statutes = {link.provision.statute for link in item.basis if link.provision}
            return any(region_covers((self.lookup.statute(s) or Statute(s, s, Level.OTHER)).region, region) is True
                       for s in statutes)
        if item.catalog_key in self.town_catalogs():
            return True
        return region_covers(self.catalog(item.catalog_key).get("region"), region) is True

    def special_catalogs(self, kind: str) -> list[Props]:
        """Catalogs of a kind (province lists, 综合行政执法 catalogs) whose region covers the township's."""
        if self._special is None:
            self._special = defaultdict(list)
            for c in self.store.find("Catalog"):
                self._special[c.get("kind") or ""].append(c)
        region = self.town.get("region")
        return [c for c in self._special.get(kind, []) if region_covers(c.get("region"), region) is True]

    def same_matter(self, item: PenaltyItem, catalogs: list[Props]) -> list[PenaltyItem]:
        """Items of ``catalogs`` for the same matter: a shared resolved basis article, or the same name."""
        keys = {c["key"] for c in catalogs}
        if not keys:
            return []
        bases = sorted({str(link.provision.article_id()) for link in item.basis
                        if link.provision and link.status is Resolution.RESOLVED})
        srcs = [src for src, _, status in self.store.edge_rows_to("BASIS", ("status",), bases)
                if status == Resolution.RESOLVED.value and src != item.key] if bases else []
        found = self.store.get_many("PenaltyItem", list(dict.fromkeys(srcs)))
        out = [item_from_props(p) for p in found.values() if p.get("catalog_key") in keys]
        if not out:
            for key in keys:
                out.extend(item_from_props(p) for p in self.store.find("PenaltyItem", catalog_key=key, name=item.name))
        return out


def _basis_entries(lookup: GraphLookup, item: PenaltyItem, day: date
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The item's cited articles with their text and 时效性 on ``day``; suggested links apart (建议, never basis)."""
    basis: list[dict[str, Any]] = []
    suggested: list[dict[str, Any]] = []
    for link in item.basis:
        entry: dict[str, Any] = {"role": link.role.value, "citation": link.citation, "status": link.status.value,
                                 "reason": link.reason, "provision_id": str(link.provision) if link.provision else None,
                                 "in_force_on_date": None, "text": None}
        if link.provision is not None and link.status in (Resolution.RESOLVED, Resolution.SUGGESTED):
            versions = lookup.versions(link.provision.statute)
            version = next((v for v in versions if v.version == link.provision.version), None)
            entry["validity"] = provision_validity(lookup, link.provision, day)
            entry["in_force_on_date"] = entry["validity"].get("text_in_force") if version else None
            statute = lookup.statute(link.provision.statute)
            current, law = text_for_day(statute, versions, day) if statute is not None else (None, None)
            entry["version_in_force_on_date"] = (
                iso_day(current.version) if current is not None and law is not None and law.text_in_force else None)
            art = lookup.provision(link.provision)
            entry["text"] = art.part_text(link.provision) if art else None
        if link.status is Resolution.SUGGESTED:  # 建议: shown apart, never basis
            suggested.append({**entry, "label": "建议（检索推荐，未经人工确认，不作为法律依据）", "score": link.score})
        else:
            basis.append(entry)
    return basis, suggested


def _review_requirements(store: GraphStore, lookup: GraphLookup, item: PenaltyItem, region: str | None
                         ) -> list[ReviewRequirement]:
    """The review requirements recorded for the item; a statutory power's are derived for the asking region."""
    requirements = [ReviewRequirement(ReviewKind(e.dst), e.props.get("reason") or "",
                                      Duty(e.props.get("status") or Duty.DEPENDS.value), e.props.get("rule") or "")
                    for e in store.edges("REQUIRES", src=item.key)]
    if item.catalog_key == STATUTORY_CATALOG:
        # a statutory power is every township's in the law's region: the hearing figures are the asking township's
        cited = [link.provision for link in item.basis if link.provision and link.status is Resolution.RESOLVED]
        arts = [(lookup.provision(pid), pid) for pid in cited]
        pairs = [(a, pid) for a, pid in arts if a is not None and a.is_penalty]
        requirements = list(derive_review([a for a, _ in pairs], load_thresholds(region), (),
                                          cited=[pid for _, pid in pairs]))
    return requirements


def _duties(item: PenaltyItem, requirements: list[ReviewRequirement], region: str | None, day: date
            ) -> dict[str, Any]:
    penalty_known = any(link.status is Resolution.RESOLVED and link.role in (BasisRole.PENALTY, BasisRole.SETTING)
                        for link in item.basis)
    return review_duties(requirements, is_penalty=item.power_type is PowerType.PENALTY,
                         penalty_basis_known=penalty_known, region=region,
                         thresholds=load_thresholds(region), day=day)


def item_review_duties(store: GraphStore, item: PenaltyItem, region: str | None, day: date) -> dict[str, Any]:
    """法制审核 / 集体讨论 / 听证 of an item in ``region`` on ``day``: the same rule the authority check applies."""
    return _duties(item, _review_requirements(store, GraphLookup(store), item, region), region, day)


def _item_evidence(reads: _EvidenceReads, town: Props | str, item: PenaltyItem, day: date) -> dict[str, Any]:
    store = reads.store
    township_key = town if isinstance(town, str) else town["key"]
    if isinstance(town, str):
        town_props: Props = reads.township(town) or {"key": town, "name": town}
    else:
        town_props = town
    catalog = reads.catalog(item.catalog_key)
    holdings = reads.holdings(item.key)
    mine = [h for h in holdings if h.township == township_key and h.in_force(day)]
    mine.sort(key=lambda h: (_SOURCE_RANK[h.source.value], h.valid_from or date.min))
    # other holders are named only when they are listed by the same catalog (the same county's publication)
    held_by = sorted({h.township for h in holdings if h.in_force(day)
                      and (h.catalog == item.catalog_key != STATUTORY_CATALOG and item.catalog_key in reads.town_catalogs()
                           or region_covers(town_props.get("region"), (reads.township(h.township) or {}).get("region"))
                           is True)})
    lookup = reads.lookup
    basis, suggested = _basis_entries(lookup, item, day)
    time_basis = _deciding_basis(basis)
    region = town_props.get("region") or catalog.get("region")
    requirements = _review_requirements(store, lookup, item, region)
    reviews = [{"kind": r.kind.value, "reason": r.reason, "status": r.status.value, "rule": r.rule}
               for r in requirements]
    duties = _duties(item, requirements, region, day)
    holding = None
    entrustment = None
    verdict, verdict_reason = Verdict.DOES_NOT_HOLD, f"{town_props.get('name', township_key)}不持有本事项"
    own = [h for h in mine if h.source is not AuthoritySource.ENTRUSTED]
    if own:
        h = own[0]
        holding = _holding_view(h, item)
        scope = holding["scope_note"]
        verdict = Verdict.HOLDS_WITHIN_SCOPE if scope else Verdict.HOLDS
        verdict_reason = {AuthoritySource.STATUTORY: "法律、法规直接规定由乡镇人民政府（街道办事处）决定",
                          AuthoritySource.DELEGATED: f"经{catalog.get('title') or item.catalog_key}赋权，以本乡镇名义实施"
                          }[h.source] + (f"，限于：{scope}" if scope else "")
    elif mine:  # 委托 only: the department keeps the power; the township acts in its name
        h = mine[0]
        holding = _holding_view(h, item)
        entrustment = _entrustment(reads, township_key, item, h, catalog)
        verdict_reason = (f"本事项是{entrustment['entrusting_department']}委托实施的事项，本乡镇不持有该处罚权，"
                          f"只能以{entrustment['decides_in_name_of']}的名义实施（《行政处罚法》第二十条）")
    if not mine and item.catalog_key == STATUTORY_CATALOG:
        verdict_reason = _statutory_not_held(item, town_props)
    province = _province_list_check(reads, item, holding)
    if province["status"] == "not_listed" and verdict in _HOLDS:
        verdict, verdict_reason = Verdict.UNKNOWN, province["reason"]
    enforcement = None
    if not own and not mine:
        enforcement = _enforcement_body(reads, item, day)
    return {
        "verdict": verdict,
        "verdict_reason": verdict_reason,
        "item": {"key": item.key, "code": item.code, "name": item.name, "power_type": item.power_type.value,
                 "domain": item.domain, "department": item.department, "scope_note": item.scope_note,
                 "basis_text": item.basis_text,
                 "source": {"file": item.source.file, "sheet": item.source.sheet, "row": item.source.row}},
        "catalog": {"key": catalog.get("key"), "title": catalog.get("title"), "issuer": catalog.get("issuer"),
                    "doc_number": catalog.get("doc_number"), "effective": catalog.get("effective"),
                    "authority": catalog.get("authority"), "region": catalog.get("region")},
        "holding": holding,
        "entrustment": entrustment,
        "held_by": held_by,
        "basis": basis,
        # 时效性 of the item's basis: its 罚则 (else the first resolved citation) on the day asked
        "status": time_basis["validity"]["status"] if time_basis else None,
        "valid_from": time_basis["validity"]["valid_from"] if time_basis else None,
        "valid_to": time_basis["validity"]["valid_to"] if time_basis else None,
        "status_basis": time_basis["validity"].get("status_basis", "") if time_basis else "",
        "status_note": (time_basis["validity"].get("status_note", "") if time_basis
                        else "事项没有已定位的法律依据，无法判断时效性"),
        "status_provision": time_basis["provision_id"] if time_basis else None,
        "suggested": suggested,
        "review": reviews,
        "needs_legal_review": any(r["kind"] == "法制审核" for r in reviews),
        "needs_hearing": any(r["kind"] == "听证" for r in reviews),
        "legal_review": duties["legal_review"],
        "collective_decision": duties["collective_decision"],
        "hearing": duties["hearing"],
        "county_reserved": duties["county_reserved"],
        "province_list": province,
        "separation": power_separation(store, item, holding=holding, townships=[town_props.get("name") or township_key],
                                       enforcement=enforcement),
    }


def _deciding_basis(basis: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The basis entry whose 时效性 speaks for the item: a resolved 罚则, else any resolved citation."""
    resolved = [b for b in basis if b.get("validity") and b["status"] == Resolution.RESOLVED.value]
    penalty = [b for b in resolved if b["role"] == "罚则"]
    chosen = penalty or resolved
    return chosen[0] if chosen else None


def _statutory_not_held(item: PenaltyItem, town: Props) -> str:
    """Why a township does not hold a power the law gives townships: the law names another kind of body."""
    name = town.get("name") or town.get("key") or ""
    named = list(dict.fromkeys(m.group() for link in item.basis for m in TOWNSHIP.finditer(link.reason or "")))
    if named and body_type(name) not in {body_type(b) for b in named}:
        return f"法律规定由{'、'.join(named)}决定，{name}不是该类主体（街道办事处不是乡、镇人民政府，反之亦然）"
    return f"{name}不在该法律、法规规定的乡镇范围内"


def _holding_view(h: Holding, item: PenaltyItem) -> dict[str, Any]:
    return {"source": h.source.value, "catalog": h.catalog, "valid_from": iso_day(h.valid_from),
            "valid_to": iso_day(h.valid_to), "scope_note": h.scope_note or item.scope_note, "clause": h.clause,
            "provenance": json.loads(h.provenance) if isinstance(h.provenance, str) else (
                {"file": h.provenance.file, "sheet": h.provenance.sheet, "row": h.provenance.row}
                if h.provenance else None)}


def _department_name(store: GraphStore, key: str | None) -> str | None:
    if not key:
        return None
    props = store.get("Department", key)
    return props.get("name") if props else key


def _entrustment(reads: _EvidenceReads, township_key: str, item: PenaltyItem, h: Holding,
                 catalog: Props) -> dict[str, Any]:
    """What the 委托书 says (行政处罚法 art. 20): the items entrusted, scope, term, and who answers for them."""
    dept = _department_name(reads.store, item.department) or "委托机关（目录未载明）"
    same = [e.dst for e in reads.store.edges("HOLDS", src=township_key)
            if e.props.get("source") == AuthoritySource.ENTRUSTED.value and e.props.get("catalog") == h.catalog]
    found = reads.store.get_many("PenaltyItem", same)
    listed = [p.get("code") or p["name"] for p in found.values()
              if not item.department or p.get("department") == item.department]
    term = f"{iso_day(h.valid_from) or '未载明'}至{iso_day(h.valid_to) or '未载明'}"
    return {
        "entrusting_department": dept, "decides_in_name_of": dept, "responsible": dept,
        "catalog": catalog.get("title") or h.catalog, "doc_number": catalog.get("doc_number"),
        "items": sorted(listed)[:50], "item_count": len(listed),
        "scope": h.scope_note or item.scope_note or "委托书未载明范围限制",
        "term": term, "valid_from": iso_day(h.valid_from), "valid_to": iso_day(h.valid_to),
        "term_stated": h.valid_to is not None,
        "rule": "《行政处罚法》第二十条：受委托组织在委托范围内，以委托行政机关名义实施行政处罚；"
                "委托行政机关对该行为的后果承担法律责任",
    }


def _province_list_check(reads: _EvidenceReads, item: PenaltyItem, holding: dict[str, Any] | None) -> dict[str, Any]:
    """A county's 赋权 item must come from the province-approved list (行政处罚法 art. 24; 浙江省综合行政执法条例 art. 9)."""
    if holding is None or holding["source"] != AuthoritySource.DELEGATED.value:
        return {"status": "not_applicable", "reason": "仅对赋权事项核对省级目录"}
    lists = reads.special_catalogs(PROVINCE_LIST_KIND)
    if not lists:
        return {"status": "not_checked",
                "reason": "未导入省级乡镇（街道）综合行政执法事项指导目录，未核对本赋权事项是否在省级批准的范围内"}
    match = reads.same_matter(item, lists)
    if match:
        m = match[0]
        cat = reads.catalog(m.catalog_key)
        return {"status": "listed", "catalog": cat.get("title") or m.catalog_key, "item": m.code or m.name,
                "reason": f"本事项见于{cat.get('title') or m.catalog_key}（{m.code or m.name}）"}
    titles = "、".join(c.get("title") or c["key"] for c in lists)
    return {"status": "not_listed", "catalog": titles,
            "reason": f"本赋权事项未见于省级目录（{titles}）：县级只能在省人民政府批准的目录中选择事项交由乡镇实施"
                      f"（《行政处罚法》第二十四条；《浙江省综合行政执法条例》第九条第二款），赋权依据存疑，"
                      f"请核对（目录按共同依据条文或事项名称比对，可能漏配）"}


def _enforcement_body(reads: _EvidenceReads, item: PenaltyItem, day: date) -> dict[str, Any] | None:
    """相对集中行政处罚权 (art. 18): a 综合行政执法 catalog in force moves the department's power to its body."""
    lists = [c for c in reads.special_catalogs(ENFORCEMENT_KIND)
             if (not c.get("effective") or date.fromisoformat(c["effective"]) <= day)
             and (not c.get("valid_to") or day < date.fromisoformat(c["valid_to"]))]
    match = reads.same_matter(item, lists) if lists else []
    if not match:
        return None
    cat = reads.catalog(match[0].catalog_key)
    body = cat.get("enforcement_body") or cat.get("issuer") or "综合行政执法部门"
    return {"body": body, "catalog": cat.get("title") or cat["key"],
            "rule": "《行政处罚法》第十八条第二款：省级人民政府可以决定一个行政机关行使有关行政机关的行政处罚权"}


def power_separation(store: GraphStore, item: PenaltyItem, *, holding: dict[str, Any] | None = None,
                     townships: Sequence[str] = (), enforcement: dict[str, Any] | None = None) -> dict[str, Any]:
    """管罚分离: who approves, who supervises, who penalises this matter.

    Approval and supervision stay with the competent department unless a
    catalog lists them as items of their own for the same matter (same
    department and a shared basis article).  Who penalises (执法):

    - 法定 or 赋权: the township, in its own name (行政处罚法 art. 24); the
      department keeps 审批 and 监管;
    - 委托: the department, in whose name the township acts (art. 20);
    - a 综合行政执法 catalog (art. 18): its enforcement body;
    - otherwise the competent department.
    """
    bases = sorted({str(link.provision.article_id()) for link in item.basis
                    if link.provision and link.status is not Resolution.SUGGESTED})
    others = [src for src, _, status in store.edge_rows_to("BASIS", ("status",), bases)
              if src != item.key and status != Resolution.SUGGESTED.value]
    found = store.get_many("PenaltyItem", others)
    related: dict[str, list[str]] = defaultdict(list)
    for src in others:
        props = found.get(src)
        if props and props.get("power_type") != PowerType.PENALTY.value:
            related[props["power_type"]].append(props.get("department") or "")
    dept = [item.department] if item.department else []
    source = holding["source"] if holding else None
    out: dict[str, Any] = {
        "审批": sorted(set(related.get(PowerType.LICENSING.value, []))) or dept,
        "监管": sorted(set(related.get(PowerType.INSPECTION.value, []))) or dept,
    }
    who = "、".join(townships)
    if source in (AuthoritySource.DELEGATED.value, AuthoritySource.STATUTORY.value) and townships:
        out["执法"] = list(townships)
        out["说明"] = (f"{who}以自己的名义作出处罚决定并承担责任；" if source == AuthoritySource.DELEGATED.value
                     else f"法律、法规直接规定由{who}决定；") + ("审批、监管仍由原部门负责（管罚分离）" if dept else "")
    elif source == AuthoritySource.ENTRUSTED.value:
        out["执法"] = dept
        out["受委托实施"] = list(townships)
        out["说明"] = "委托实施：以委托部门名义作出决定，由委托部门承担法律后果"
    elif enforcement is not None:
        out["执法"] = [enforcement["body"]]
        out["说明"] = f"相对集中行政处罚权：{enforcement['catalog']}将该事项的处罚权交由{enforcement['body']}行使"
    else:
        out["执法"] = dept
    return out


