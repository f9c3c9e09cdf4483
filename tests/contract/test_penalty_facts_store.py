"""Penalty facts (issue 15) survive every store: sanctions' per/subject, how the body was found, inferred 违则
with confidence and reason, self-referencing 违则 (a PENALIZES self-loop)."""

from __future__ import annotations

from datetime import date

from kg.graph_build import provision_from_props, statutes_bundle
from kg.model import (
    InferredPair,
    Level,
    ParsedStatute,
    Provision,
    ProvisionId,
    Sanction,
    SanctionKind,
    Statute,
    StatuteVersion,
)
from kg.queries import provision_view
from kg.store import GraphStore

V = date(2016, 12, 12)
KEY = "衢州市城市市容和环境卫生管理条例"


def _parsed() -> ParsedStatute:
    pid = ProvisionId(KEY, V, 12)
    fine = Sanction(SanctionKind.FINE, "对单位处五百元以上一千元以下罚款", min_amount=500.0, max_amount=1000.0,
                    per="每平方米", subject="单位")
    provs = (
        Provision(ProvisionId(KEY, V, 4), "第四条 市、县（市、区）人民政府市容环境卫生主管部门负责本行政区域内…"),
        Provision(ProvisionId(KEY, V, 9), "第九条 任何单位和个人不得在道路两侧擅自设摊。"),
        Provision(pid, "第十二条 …\n在道路两侧…应当按照规定的地点…\n违反本条第二款规定的，对单位处五百元以上一千元以下罚款。",
                  sanctions=(fine,), competent_body="市、县（市、区）人民政府市容环境卫生主管部门",
                  competent_body_source="inferred", competent_body_basis=ProvisionId(KEY, V, 4),
                  violated=(ProvisionId(KEY, V, 12, paragraph=2),),
                  violated_inferred=(ProvisionId(KEY, V, 9),),
                  violated_inferred_notes=(InferredPair(ProvisionId(KEY, V, 9), 0.8, "行为“擅自设摊”与该条用语相合（80%）"),)),
    )
    statute = Statute(key=KEY, title=KEY, level=Level.LOCAL_REGULATION, region="浙江省衢州市", aliases=(KEY,))
    version = StatuteVersion(statute_key=KEY, version=V, source="x.md", valid_from=V)
    return ParsedStatute(statute, version, provs, ())


def test_penalty_fields_round_trip(store: GraphStore) -> None:
    parsed = _parsed()
    store.write(statutes_bundle([parsed]))
    back = provision_from_props(store.get("Provision", str(parsed.provisions[2].id)))
    assert back == parsed.provisions[2]
    assert back.is_penalty and back.sanctions[0].per == "每平方米" and back.sanctions[0].subject == "单位"


def test_show_lists_self_reference_and_inferred_pair(store: GraphStore) -> None:
    store.write(statutes_bundle([_parsed()]))
    view = provision_view(store, f"{KEY}@{V.isoformat()}/art_12")
    assert view["is_penalty"] and view["competent_body_source"] == "inferred"
    assert view["competent_body_basis"] == f"{KEY}@{V.isoformat()}/art_4"
    assert view["sanctions"][0]["per"] == "每平方米" and view["sanctions"][0]["subject"] == "单位"
    got = {(v["cited_as"], v["inferred"], v.get("confidence")) for v in view["violated"]}
    assert got == {(f"{KEY}@{V.isoformat()}/art_12/para_2", False, None),
                   (f"{KEY}@{V.isoformat()}/art_9", True, 0.8)}
