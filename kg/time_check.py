"""The 时效 part of an authority check, read from the graph (行政处罚法 arts. 36, 37).

``time_answer`` takes the evidence of ``kg.queries.check_authority`` and the
act date (and the decision date when given) and says, for each cited
article, which text applies and what changed by the decision date
(``kg.penalty_time.applicable_rule``), and how the limitation period stands
(``kg.penalty_time.limitation``).  Art. 36 and 37 are quoted from the
行政处罚法 text held in the graph; when it is not held, the answer says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kg.model import Provision, ProvisionId, StatuteVersion
from kg.penalty_time import applicable_rule, limitation
from kg.queries import GraphLookup
from kg.store import GraphStore
from kg.validity import text_for_day

PENALTY_LAW = "行政处罚法"
_ART36_MARK = "不再给予行政处罚"
_ART37_MARK = "适用违法行为发生时"


def _find_article(store: GraphStore, lookup: GraphLookup, version: StatuteVersion, mark: str) -> Provision | None:
    for props in store.find("Provision", version_key=version.key):
        if mark in props["text"]:
            return lookup.provision(ProvisionId.parse(props["key"]))
    return None


def _penalty_law_article(store: GraphStore, lookup: GraphLookup, day: date, mark: str) -> tuple[str, str, bool]:
    """(where, text, held for that day) of the 行政处罚法 article carrying ``mark``, in the text for ``day``."""
    statute = lookup.statute(PENALTY_LAW)
    if statute is None:
        return "", "", False
    version, validity = text_for_day(statute, lookup.versions(PENALTY_LAW), day)
    if version is None:
        return "", "", False
    prov = _find_article(store, lookup, version, mark)
    if prov is None:
        return "", "", False
    return f"《{statute.title}》（{version.version}版本）{prov.label}", prov.text, validity.text_in_force


def _rule_for(lookup: GraphLookup, pid_text: str, act_day: date, decision_day: date | None,
              art37: str) -> dict[str, Any] | None:
    try:
        pid = ProvisionId.parse(pid_text)
    except ValueError:
        return None
    keys = [pid.statute] if lookup.statute(pid.statute) else lookup.statute_keys_for_title(pid.statute)
    statute = lookup.statute(keys[0]) if len(keys) == 1 else None
    if statute is None:
        return None

    def article_of(v: StatuteVersion) -> Provision | None:
        return lookup.provision(ProvisionId(statute.key, v.version, pid.article, pid.suffix))

    return applicable_rule(statute, lookup.versions(statute.key), article_of, act_day, decision_day, art37)


def time_answer(
    store: GraphStore, evidence: Sequence[dict[str, Any]], act_day: date, decision_day: date | None,
    provisions: Sequence[str] = (),
) -> dict[str, Any]:
    """Art. 37 per cited article of the evidence (and per provision asked), and art. 36 from the act date."""
    lookup = GraphLookup(store)
    until = decision_day or date.today()
    where37, text37, _ = _penalty_law_article(store, lookup, until, _ART37_MARK)
    where36, text36, _ = _penalty_law_article(store, lookup, until, _ART36_MARK)
    _, _, held_at_act = _penalty_law_article(store, lookup, act_day, _ART36_MARK)
    seen: set[str] = set()
    rules: list[dict[str, Any]] = []
    asked = [{"provision_id": p, "status": "resolved", "role": "所询条文"} for p in provisions]
    for b in [*asked, *(b for ev in evidence for b in ev.get("basis", ()))]:
        pid_text = b.get("provision_id")
        if not pid_text or b.get("status") != "resolved":
            continue
        try:
            article = ProvisionId.parse(pid_text).article_id().with_version(None)
        except ValueError:
            continue
        if str(article) in seen:  # one answer per article, whatever version or paragraph is cited
            continue
        seen.add(str(article))
        rule = _rule_for(lookup, pid_text, act_day, decision_day,
                         f"{where37}：{text37}" if text37 else "行政处罚法第三十七条未收录")
        if rule is not None:
            rules.append({"provision_id": pid_text, "role": b.get("role"), **rule})
    flags = sorted({r["rule"] for r in rules} - {"act_law"})
    return {
        "act_date": act_day.isoformat(),
        "decision_date": decision_day.isoformat() if decision_day else None,
        "applicable": rules,
        "flags": flags,
        "limitation": limitation(act_day, until, text36, where36, held_at_act),
    }
