"""Report ``gaps``: penalty provisions in force that no catalog item cites."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from kg.regions import relevant
from kg.reports.graph import (
    ArticleKey,
    _article_label,
    _day,
    _excerpt,
    _Graph,
    article_key,
)
from kg.reports.types import CATEGORY_LABELS, RESOLVED, UNCLASSIFIED, ReportResult
from kg.reports.vocabularies import department_vocabulary, domain_vocabulary
from kg.store import Props
from kg.validity import in_force

# --------------------------------------------------------------------------
# Report: gaps
# --------------------------------------------------------------------------


def _versions_in_force(g: _Graph) -> tuple[dict[str, Props], dict[str, Props]]:
    """Statutes and their version in force (as_of, else today): statute key -> props, version key -> statute props."""
    statutes = {s["key"]: s for s in g.store.find("Statute")}
    by_statute: dict[str, list[Props]] = defaultdict(list)
    for v in g.store.find("StatuteVersion"):
        by_statute[str(v.get("statute_key"))].append(v)
    day = g.day or g.today
    chosen: dict[str, Props] = {}
    for key, versions in by_statute.items():
        live = [v for v in versions if in_force(_day(v.get("valid_from") or v.get("version")),
                                                _day(v.get("valid_to")), day)
                and not v.get("repealed")]
        if live:
            best = max(live, key=lambda v: (_day(v.get("valid_from") or v.get("version")) or date.min,
                                            str(v.get("source") or "")))
            if key in statutes:
                chosen[best["key"]] = statutes[key]
    return statutes, chosen


def _scope_regions(g: _Graph) -> list[str] | None:
    """Regions whose local statutes apply: the filter, the township's region, else the catalogs' regions."""
    if g.filters.region:
        return [g.filters.region]
    if g.township is not None and g.township.get("region"):
        return [str(g.township["region"])]
    regions = sorted({str(c["region"]) for c in g.catalogs.values() if c.get("region")})
    if g.filters.county:
        regions = [r for r in regions if g.filters.county in r]
    return regions or None


def report_gaps(g: _Graph) -> ReportResult:
    """Penalty provisions in force that no catalog item cites.

    The version of each statute in force on ``as_of`` (else today) is taken;
    national statutes always count, local ones when their region covers the
    region asked for (the filter, the township's region, else the regions of
    the catalogs).  A provision is covered when an item (among those passing
    the filters) has a resolved link to any version of the same article
    (statute, number, suffix).  Findings are grouped by domain (statute title
    → ``ontologies/domains.yaml``) and statute; ``sections["按法规汇总"]`` has
    the totals per statute.
    """
    versions, domain_of = _statutes_in_scope(g)
    covered = _covered_articles(g)
    findings: list[dict[str, Any]] = []
    per_statute: dict[str, dict[str, Any]] = {}
    for p in g.store.find("Provision", is_penalty=True) if versions else []:
        pvkey = str(p.get("version_key"))
        if pvkey not in versions:
            continue
        statute = versions[pvkey]
        skey = str(statute["key"])
        art: ArticleKey = (skey, int(p.get("article") or 0), int(p.get("suffix") or 0))
        row = per_statute.setdefault(skey, {
            "statute": skey, "title": statute.get("title"), "level": statute.get("level"),
            "region": statute.get("region"), "domain": domain_of[skey], "version": pvkey,
            "penalty_provisions": 0, "uncovered": 0, "covered": 0})
        row["penalty_provisions"] += 1
        if art in covered:
            row["covered"] += 1
            continue
        row["uncovered"] += 1
        sanctions = _sanction_kinds(p.get("sanctions"))
        label = str(p.get("label") or _article_label(art))
        body = p.get("competent_body")
        findings.append({
            "category": "uncovered_penalty_provision",
            "category_label": CATEGORY_LABELS["uncovered_penalty_provision"],
            "reason": (f"《{statute.get('title') or skey}》{label}是罚则（可处{'、'.join(sanctions) or '处罚'}），"
                       f"现行版本中未被任何目录事项引用" + (f"；由{body}实施" if body else "")
                       + ("；条文直接规定由乡、镇人民政府实施（法定职权）" if p.get("township_competent") else "")),
            "item_codes": [], "items": [], "rows": [],
            "statute": skey, "statute_title": statute.get("title"), "level": statute.get("level"),
            "region": statute.get("region"), "domain": domain_of[skey], "provision_id": p["key"],
            "article": label, "sanctions": sanctions, "competent_body": body,
            "township_competent": bool(p.get("township_competent")), "text": _excerpt(p.get("text"), 200),
            "_sort": (_domain_rank(domain_of[skey]), skey, art[1], art[2]),
        })
    findings.sort(key=lambda f: f.pop("_sort"))
    statute_rows = sorted(per_statute.values(), key=lambda r: (_domain_rank(r["domain"]), -r["uncovered"], r["statute"]))
    summary = {"statutes_in_force": len(versions),
               "penalty_provisions": sum(r["penalty_provisions"] for r in statute_rows),
               "covered": sum(r["covered"] for r in statute_rows), "findings": len(findings),
               "domains": len({f["domain"] for f in findings})}
    return ReportResult("gaps", "", g.filters, summary, findings, {"按法规汇总": statute_rows})


def _statutes_in_scope(g: _Graph) -> tuple[dict[str, Props], dict[str, str]]:
    """Versions in force of the statutes that apply to the report's scope and pass the domain and department
    filters (version key -> statute props), and each statute's domain."""
    _, in_force = _versions_in_force(g)
    regions = _scope_regions(g)
    vocab = domain_vocabulary()
    wanted_domain = (vocab.canonical(g.filters.domain) or g.filters.domain) if g.filters.domain else None
    dept_domains: set[str] | None = None
    if g.filters.department:
        d = department_vocabulary().canonical(g.filters.department)
        dept_domains = set(department_vocabulary().domains.get(d, ())) if d else set()
        if not dept_domains:
            g.notes.append(f"部门“{g.filters.department}”在部门名录中没有对应领域，空白条文无法按部门筛选")

    def applies(statute: Props) -> bool:
        region = statute.get("region")
        if not region:
            return True
        return regions is None or any(relevant(str(region), r) for r in regions)

    domain_of: dict[str, str] = {}
    versions: dict[str, Props] = {}
    for vkey, statute in in_force.items():
        if not applies(statute):
            continue
        dom = vocab.of_statute(str(statute.get("title") or statute["key"])) or UNCLASSIFIED
        if wanted_domain and dom != wanted_domain:
            continue
        if dept_domains is not None and dom not in dept_domains:
            continue
        domain_of[str(statute["key"])] = dom
        versions[vkey] = statute
    return versions, domain_of


def _covered_articles(g: _Graph) -> set[ArticleKey]:
    """Articles (any version) some item passing the filters cites with a resolved link."""
    covered: set[ArticleKey] = set()
    for item in g.items():
        for lk in item.basis:
            if lk.provision and lk.status == RESOLVED:
                k = article_key(lk.provision)
                if k:
                    covered.add(k)
    return covered


def _domain_rank(domain: str) -> tuple[int, str]:
    names = domain_vocabulary().names
    return (names.index(domain) if domain in names else len(names), domain)


def _sanction_kinds(raw: Any) -> list[str]:
    if not raw:
        return []
    data = json.loads(raw) if isinstance(raw, str) else raw
    return list(dict.fromkeys(str(s.get("kind")) for s in data if isinstance(s, dict) and s.get("kind")))


