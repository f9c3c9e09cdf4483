"""Review requirements (hearing, legal review, county-reserved) from the sanctions of 罚则."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kg.errors import InvalidInput
from kg.model import Item, Paragraph, Provision, ProvisionId, ReviewKind, Sanction, SanctionKind
from kg.review import (
    DEFAULT_COUNTY_RESERVED,
    DEFAULT_THRESHOLDS,
    THRESHOLDS_FILE,
    HearingThresholds,
    derive_review,
    load_thresholds,
    parse_thresholds,
    sanctions_in_part,
)

# -- real 罚则, with the sanctions a statute parser reads from them -------------------


def prov(statute: str, article: int, *sanctions: Sanction, version: date | None = None) -> Provision:
    return Provision(ProvisionId(statute, version, article), "…", sanctions=sanctions)


# 城乡规划法 第六十四条: 处建设工程造价百分之五以上百分之十以下的罚款 … 没收实物或者违法收入
CXGH_64 = prov(
    "城乡规划法", 64,
    Sanction(SanctionKind.STOP_CONSTRUCTION, "责令停止建设"),
    Sanction(SanctionKind.FINE, "处建设工程造价百分之五以上百分之十以下的罚款",
             min_multiple=0.05, max_multiple=0.1, multiple_base="建设工程造价"),
    Sanction(SanctionKind.DEMOLISH, "限期拆除"),
    Sanction(SanctionKind.CONFISCATE_PROPERTY, "没收实物或者违法收入"),
    version=date(2019, 4, 23),
)
# 城市道路管理条例 第四十二条: 可以处以2万元以下的罚款
DL_42 = prov("城市道路管理条例", 42, Sanction(SanctionKind.FINE, "可以处以2万元以下的罚款", max_amount=20_000))
# 噪声污染防治法 第八十二条: 给予警告，对个人可以处二百元以上一千元以下的罚款 …
ZS_82_PERSON = prov("噪声污染防治法", 82,
                    Sanction(SanctionKind.WARNING, "给予警告"),
                    Sanction(SanctionKind.FINE, "对个人可以处二百元以上一千元以下的罚款", min_amount=200, max_amount=1000))
# 产品质量法 第五十条: 货值金额百分之五十以上三倍以下的罚款 … 没收违法所得 … 吊销营业执照
CPZL_50 = prov(
    "产品质量法", 50,
    Sanction(SanctionKind.CONFISCATE_PROPERTY, "没收违法生产、销售的产品"),
    Sanction(SanctionKind.FINE, "处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款",
             min_multiple=0.5, max_multiple=3, multiple_base="货值金额"),
    Sanction(SanctionKind.CONFISCATE_GAINS, "没收违法所得"),
    Sanction(SanctionKind.REVOKE_LICENCE, "吊销营业执照"),
)
# 大气污染防治法 第一百一十八条第二款: 予以关闭，并处一万元以上十万元以下的罚款
DQ_118 = prov("大气污染防治法", 118,
              Sanction(SanctionKind.CLOSE, "予以关闭"),
              Sanction(SanctionKind.FINE, "并处一万元以上十万元以下的罚款", min_amount=10_000, max_amount=100_000))
# 城市市容和环境卫生管理条例 第三十四条: 可以并处警告、罚款 (no amount)
SR_34 = prov("城市市容和环境卫生管理条例", 34,
             Sanction(SanctionKind.WARNING, "警告"), Sanction(SanctionKind.FINE, "罚款"))
# 噪声污染防治法 第八十一条: 拒不改正的 … 并可以报经有批准权的人民政府批准，责令停业
ZS_81 = prov("噪声污染防治法", 81,
             Sanction(SanctionKind.FINE, "处五千元以上五万元以下的罚款", min_amount=5000, max_amount=50_000),
             Sanction(SanctionKind.SUSPEND_BUSINESS, "责令停业"))

ZJ = load_thresholds("浙江省衢州市柯城区")


def kinds(reqs: tuple[object, ...]) -> list[str]:
    return [r.kind.value for r in reqs]  # type: ignore[attr-defined]


# -- hearing ---------------------------------------------------------------------------


def test_small_fines_and_warnings_need_nothing() -> None:
    assert derive_review([ZS_82_PERSON], ZJ, DEFAULT_COUNTY_RESERVED) == ()
    assert derive_review([], ZJ, DEFAULT_COUNTY_RESERVED) == ()


def test_fine_reaching_the_individual_threshold() -> None:
    reqs = derive_review([DL_42], ZJ, ())
    assert kinds(reqs) == ["听证", "法制审核"]
    hearing = reqs[0].reason
    assert "《城市道路管理条例》第四十二条" in hearing and "最高2万元" in hearing
    assert "达到对个人的较大数额标准" in hearing and "第六十三条第一款第（一）项" in hearing
    assert "浙江省" in hearing and "未经核实" in hearing
    assert "第五十八条第一款第（二）项" in reqs[1].reason


def test_fine_reaching_both_thresholds() -> None:
    reqs = derive_review([DQ_118], ZJ, ())
    fine = next(r for r in reqs if "罚款最高" in r.reason)
    assert "达到对个人和对单位的较大数额标准" in fine.reason
    close = next(r for r in reqs if "责令关闭" in r.reason)
    assert close.kind is ReviewKind.HEARING and "第（四）项" in close.reason


def test_multiples_without_a_cap_are_said_to_be_so() -> None:
    reqs = derive_review([CXGH_64], ZJ, ())
    assert kinds(reqs) == ["听证", "听证", "法制审核"]
    fine = reqs[0].reason
    assert "《城乡规划法》第六十四条" in fine and "建设工程造价" in fine and "没有数额上限" in fine
    assert "没收非法财物" in reqs[1].reason and "第（二）项" in reqs[1].reason
    # 责令停止建设 and 限期拆除 give no hearing right by themselves
    assert not any("停止建设" in r.reason or "拆除" in r.reason for r in reqs)


def test_fine_without_amount_cannot_be_ruled_out() -> None:
    reqs = derive_review([SR_34], ZJ, ())
    assert kinds(reqs) == ["听证", "法制审核"]
    assert "未写明数额幅度" in reqs[0].reason


def test_province_threshold_changes_the_outcome() -> None:
    fine_5000 = prov("某条例", 10, Sanction(SanctionKind.FINE, "处五千元以下罚款", max_amount=5000))
    assert derive_review([fine_5000], ZJ, ()) == ()
    gd = load_thresholds("广东省深圳市")
    assert gd.individual == 5000
    assert kinds(derive_review([fine_5000], gd, ())) == ["听证", "法制审核"]


# -- county-reserved -------------------------------------------------------------------


def test_revocation_is_a_hearing_and_county_reserved() -> None:
    reqs = derive_review([CPZL_50], ZJ, DEFAULT_COUNTY_RESERVED)
    assert kinds(reqs).count("听证") == 4  # confiscation ×2, multiple fine, revocation
    assert kinds(reqs).count("法制审核") == 1
    reserved = [r.reason for r in reqs if r.kind is ReviewKind.COUNTY_RESERVED]
    assert any("“吊销许可证件”" in r and "《产品质量法》第五十条" in r for r in reserved)
    assert any("较大数额罚款" in r for r in reserved)  # the uncapped fine may reach it
    legal = next(r for r in reqs if r.kind is ReviewKind.LEGAL_REVIEW)
    assert "吊销许可证件" in legal.reason


def test_suspension_is_reserved_only_when_the_catalog_says_so() -> None:
    default = derive_review([ZS_81], ZJ, DEFAULT_COUNTY_RESERVED)
    assert any(r.kind is ReviewKind.COUNTY_RESERVED and "责令停产停业" in r.reason for r in default)
    none = derive_review([ZS_81], ZJ, [])
    assert ReviewKind.COUNTY_RESERVED not in {r.kind for r in none}
    assert ReviewKind.HEARING in {r.kind for r in none}
    alias = derive_review([CPZL_50], ZJ, ["吊销许可证或执照"])
    assert [r.kind for r in alias].count(ReviewKind.COUNTY_RESERVED) == 1


def test_reasons_are_unique_and_ordered() -> None:
    reqs = derive_review([DL_42, DL_42], ZJ, DEFAULT_COUNTY_RESERVED)
    assert kinds(reqs) == ["听证", "法制审核", "重大案件由县级部门办理"]


# -- thresholds ------------------------------------------------------------------------


def test_load_thresholds_by_region_prefix() -> None:
    assert load_thresholds("浙江省衢州市柯城区").region == "浙江省"
    assert load_thresholds("浙江").region == "浙江省"
    assert load_thresholds("上海市浦东新区").region == "上海市"
    default = load_thresholds("西藏自治区拉萨市")
    assert (default.region, default.individual, default.organisation, default.verified) == ("默认", 10_000, 100_000, False)
    assert load_thresholds(None).region == "默认"


def test_sector_thresholds_come_from_a_read_rule() -> None:
    police = load_thresholds(None, sector="公安")
    assert (police.individual, police.organisation, police.verified) == (2000, 10_000, True)
    assert "第一百二十三条" in police.source
    with pytest.raises(InvalidInput):
        load_thresholds(None, sector="海关")


def test_every_threshold_entry_has_a_source_and_a_verified_flag() -> None:
    data = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    entries = [data["default"], *data["provinces"].values(), *data["sectors"].values()]
    for e in entries:
        assert e["source"].strip()
        assert isinstance(e["verified"], bool)
        assert e["individual"] > 0 and e["organisation"] > 0
        if not e["verified"]:
            assert e.get("note", "").strip(), e


def test_the_corpus_confirms_the_verified_figure() -> None:
    rule = (Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "laws" / "部门规章" / "公安部"
            / "公安机关办理行政案件程序规定(2019-04-27).md")
    if not rule.exists():
        pytest.skip("shared corpus not present")
    text = rule.read_text(encoding="utf-8")
    assert "是指对个人处以二千元以上罚款，对单位处以一万元以上罚款" in text


@pytest.mark.parametrize(
    "data",
    [
        {"provinces": {}},
        {"default": {"individual": "x", "organisation": 1, "source": "s"}},
        {"default": {"individual": 1, "organisation": 1, "source": ""}},
        {"default": [1, 2]},
    ],
)
def test_bad_threshold_data_is_rejected_in_chinese(data: object) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_thresholds(data, None)
    assert exc.value.code == "THRESHOLDS_INVALID" and "听证数额配置" in exc.value.message


def test_describe_names_figures_and_source() -> None:
    t = HearingThresholds("某省", 5000, 50_000, "某省规章第十条", verified=True)
    assert t.describe() == "某省较大数额罚款标准：个人5000元、单位5万元（某省规章第十条）"
    assert "未经核实" in DEFAULT_THRESHOLDS.describe()


# -- only the cited part counts -------------------------------------------------------

# 大气污染防治法 第一百一十八条, three paragraphs (text cut)
DQ_118_FULL = Provision(
    ProvisionId("大气污染防治法", date(2018, 10, 26), 118), "…",
    (Paragraph("违反本法规定，排放油烟的餐饮服务业经营者……由县级以上地方人民政府确定的监督管理部门责令改正，"
               "处五千元以上五万元以下的罚款；拒不改正的，责令停业整治。"),
     Paragraph("违反本法规定，在居民住宅楼……新建、改建、扩建产生油烟、异味、废气的餐饮服务项目的，……责令改正；"
               "拒不改正的，予以关闭，并处一万元以上十万元以下的罚款。"),
     Paragraph("违反本法规定，在当地人民政府禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地的，"
               "由县级以上地方人民政府确定的监督管理部门责令改正，没收烧烤工具和违法所得，并处五百元以上二万元以下的罚款。")),
    sanctions=(
        Sanction(SanctionKind.FINE, "处五千元以上五万元以下的罚款", 5000, 50_000),
        Sanction(SanctionKind.SUSPEND_BUSINESS, "责令停业"),
        Sanction(SanctionKind.CLOSE, "予以关闭"),
        Sanction(SanctionKind.FINE, "处一万元以上十万元以下的罚款", 10_000, 100_000),
        Sanction(SanctionKind.CONFISCATE_GAINS, "没收烧烤工具和违法所得"),
        Sanction(SanctionKind.FINE, "处五百元以上二万元以下的罚款", 500, 20_000),
    ),
)
# 农药管理条例 第六十条第一款: the fines are in the lead-in, the behaviours in the items
NY_60 = Provision(
    ProvisionId("农药管理条例", date(2022, 3, 29), 60), "…",
    (Paragraph("农药使用者有下列行为之一的，由县级人民政府农业主管部门责令改正，……处5万元以上10万元以下罚款，"
               "农药使用者为个人的，处1万元以下罚款；构成犯罪的，依法追究刑事责任：",
               (Item(1, "（一）不按照农药的标签标注的使用范围……使用农药；"), Item(2, "（二）使用禁用的农药；"))),
     Paragraph("有前款第二项规定的行为的，县级人民政府农业主管部门还应当没收禁用的农药。")),
    sanctions=(Sanction(SanctionKind.FINE, "处5万元以上10万元以下罚款", 50_000, 100_000),
               Sanction(SanctionKind.FINE, "处1万元以下罚款", None, 10_000),
               Sanction(SanctionKind.CONFISCATE_PROPERTY, "没收禁用的农药")),
)


def test_cited_paragraph_limits_the_sanctions() -> None:
    bbq = ProvisionId("大气污染防治法", date(2018, 10, 26), 118, paragraph=3)
    reqs = derive_review([DQ_118_FULL], ZJ, DEFAULT_COUNTY_RESERVED, cited=[bbq])
    text = " ".join(r.reason for r in reqs)
    assert "停业" not in text and "关闭" not in text
    assert "《大气污染防治法》第一百一十八条第三款" in text and "最高2万元" in text
    whole = derive_review([DQ_118_FULL], ZJ, DEFAULT_COUNTY_RESERVED)
    assert any("责令停产停业" in r.reason for r in whole if r.kind is ReviewKind.COUNTY_RESERVED)


def test_cited_item_keeps_the_lead_in() -> None:
    item2 = ProvisionId("农药管理条例", date(2022, 3, 29), 60, paragraph=1, item=2)
    assert [s.text for s in sanctions_in_part(NY_60, item2)] == ["处5万元以上10万元以下罚款", "处1万元以下罚款"]
    para2 = ProvisionId("农药管理条例", date(2022, 3, 29), 60, paragraph=2)
    assert [s.text for s in sanctions_in_part(NY_60, para2)] == ["没收禁用的农药"]
    missing = ProvisionId("农药管理条例", date(2022, 3, 29), 60, paragraph=9)
    assert sanctions_in_part(NY_60, missing) == NY_60.sanctions


def test_fine_for_one_kind_of_party_is_compared_with_its_figure() -> None:
    units = prov("噪声污染防治法", 82, Sanction(SanctionKind.FINE, "对单位可以处二千元以上二万元以下的罚款", 2000, 20_000))
    assert derive_review([units], ZJ, ()) == ()  # 2万 < 10万 for organisations
    people = prov("某条例", 9, Sanction(SanctionKind.FINE, "对个人处一万元以上五万元以下罚款", 10_000, 50_000))
    assert "达到对个人的较大数额标准" in derive_review([people], ZJ, ())[0].reason
