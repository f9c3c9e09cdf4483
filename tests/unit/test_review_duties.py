"""Legal fixtures: review duties per item (行政处罚法 arts. 57(2), 58, 63), each from the article that sets it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ingest.catalogs import parse_sidecar
from kg.errors import InvalidInput
from kg.model import Duty, Provision, ProvisionId, ReviewKind, Sanction, SanctionKind
from kg.review import HearingThresholds, derive_review, load_thresholds, review_duties

ZJ = load_thresholds("浙江省衢州市柯城区")


def duties(*sanctions: Sanction, region: str = "浙江省衢州市柯城区", day: date = date(2024, 1, 1),
           thresholds: HearingThresholds = ZJ) -> dict:
    reqs = (derive_review([Provision(ProvisionId("某法", None, 1), "…", sanctions=sanctions)], thresholds)
            if sanctions else ())
    return review_duties(reqs, is_penalty=True, penalty_basis_known=True, region=region, thresholds=thresholds,
                         day=day)


def test_revocation_only_requires_the_hearing_notice() -> None:
    # art. 63(1)(三): 降低资质等级、吊销许可证件 — every decision under such an item gives a hearing right
    d = duties(Sanction(SanctionKind.REVOKE_LICENCE, "吊销许可证"))
    assert d["hearing"]["status"] == "required"
    assert d["hearing"]["reasons"][0]["rule"] == "《行政处罚法》第六十三条第一款第（三）项"


def test_revocation_among_smaller_penalties_depends_on_the_decision() -> None:
    d = duties(Sanction(SanctionKind.WARNING, "警告"), Sanction(SanctionKind.REVOKE_LICENCE, "吊销许可证"))
    assert d["hearing"]["status"] == "depends"


def test_a_fine_whose_minimum_reaches_the_threshold_requires_it() -> None:
    # 较大数额罚款 (art. 63(1)(一)): the lowest fine already reaches the province's figure
    fine = Sanction(SanctionKind.FINE, "处十万元以上五十万元以下罚款", min_amount=100_000, max_amount=500_000)
    verified = replace(ZJ, verified=True, source="某省行政处罚听证程序规定第五条")
    assert duties(fine, thresholds=verified)["hearing"]["status"] == "required"


def test_against_an_unverified_threshold_a_large_fine_only_may_need_a_hearing() -> None:
    # the province's 较大数额 figure was not read in its rule (浙江: working default): it may be higher
    assert not ZJ.verified
    d = duties(Sanction(SanctionKind.FINE, "处十万元以上五十万元以下罚款", min_amount=100_000, max_amount=500_000))
    assert d["hearing"]["status"] == "depends"
    assert any("未经核实" in (r.get("reason") or "") + str(r.get("threshold") or "") for r in d["hearing"]["reasons"])


def test_small_fine_no_hearing_but_legal_review_and_collective_decision_depend_on_the_case() -> None:
    # art. 58(1)(一)(三) and art. 57(2) turn on the facts of a case, whatever the sanction
    d = duties(Sanction(SanctionKind.FINE, "处五十元以下罚款", max_amount=50))
    assert d["hearing"]["status"] == "not_required"
    assert d["legal_review"]["status"] == "depends" and d["collective_decision"]["status"] == "depends"


def test_the_zhejiang_rule_applies_from_its_effective_date_only() -> None:
    # 浙江省综合行政执法条例 art. 38: 本条例自2022年1月1日起施行
    before = [r["rule"] for r in duties(day=date(2021, 12, 31))["legal_review"]["reasons"]]
    after = [r["rule"] for r in duties(day=date(2022, 1, 1))["legal_review"]["reasons"]]
    assert "《浙江省综合行政执法条例》第二十条" not in before and "《浙江省综合行政执法条例》第二十条" in after


def test_non_penalty_items_need_none_and_unread_basis_is_unknown() -> None:
    d = review_duties((), is_penalty=False, penalty_basis_known=False, region=None, thresholds=ZJ)
    assert {d[k]["status"] for k in ("legal_review", "collective_decision", "hearing")} == {"not_required"}
    d = review_duties((), is_penalty=True, penalty_basis_known=False, region=None, thresholds=ZJ)
    assert d["hearing"]["status"] == "unknown"


def test_every_reason_is_kept_with_its_status() -> None:
    reqs = derive_review([Provision(ProvisionId("城乡规划法", None, 64), "…", sanctions=(
        Sanction(SanctionKind.FINE, "处建设工程造价百分之五以上百分之十以下的罚款", min_multiple=0.05, max_multiple=0.1,
                 multiple_base="建设工程造价"),
        Sanction(SanctionKind.CONFISCATE_PROPERTY, "没收实物或者违法收入")))], ZJ)
    hearing = [r for r in reqs if r.kind is ReviewKind.HEARING]
    assert len(hearing) == 2 and all(r.status is Duty.DEPENDS for r in hearing)


def test_sidecar_kinds() -> None:
    assert parse_sidecar("kind: province_list\nregion: 浙江省").kind == "省级指导目录"
    meta = parse_sidecar("kind: 综合行政执法目录\nenforcement_body: 衢州市综合行政执法局\nvalid_to: 2026-01-01")
    assert meta.kind == "综合行政执法目录" and meta.valid_to == date(2026, 1, 1)
    with pytest.raises(InvalidInput, match="enforcement_body"):
        parse_sidecar("kind: enforcement_list")
    with pytest.raises(InvalidInput, match="kind"):
        parse_sidecar("kind: 随便")
