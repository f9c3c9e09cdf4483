"""违则 of every consequence-setting article: 罚则 and 处理依据 (issue 15), on real corpus wording."""

from __future__ import annotations

from ingest.pipeline import with_inferred_pairs
from ingest.statutes import parse_statute
from kg.model import Provision
from kg.search.types import Hit

# 城乡规划法 (2019) arts. 41, 64 and 65, cut small: art. 65 only orders (责令停止建设、限期改正 … 拆除)
CXGH_MD = """# 中华人民共和国城乡规划法

<!-- INFO END -->

第四十条 在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。

第四十一条 在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设的，建设单位或者个人应当向乡、镇人民政府提出申请，由乡、镇人民政府报城市、县人民政府城乡规划主管部门核发乡村建设规划许可证。

第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，由县级以上地方人民政府城乡规划主管部门责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款。

第六十五条 在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的，由乡、镇人民政府责令停止建设、限期改正；逾期不改正的，可以拆除。

第七十条 本法自2008年1月1日起施行。
"""

# 新乡市城市绿化条例 (2019) arts. 18 and 46, cut small: an order with an explicit 违则
ORDER_EXPLICIT_MD = """# 新乡市城市绿化条例

<!-- INFO END -->

第十八条 新建居住区内绿地的面积和位置应当在房屋买卖合同中予以明示。

居住区附属绿化工程验收合格后，建设单位应当制作绿地平面图标牌，在居住区的显著位置进行公示。

第四十六条 违反本条例第十八条规定，建设单位未按照要求对绿地平面图进行公示的，由市、县（市）城市绿化行政主管部门责令限期改正。

第五十条 本条例自2019年3月1日起施行。
"""


def _arts(md: str, source: str) -> dict[int, Provision]:
    ps = with_inferred_pairs(parse_statute(md, source))
    return {p.id.article: p for p in ps.provisions}


def test_order_only_article_is_a_processing_basis_with_its_inferred_rule() -> None:
    arts = _arts(CXGH_MD, "行政法/城乡规划法(2019-04-23).md")
    art65, art64 = arts[65], arts[64]
    assert art65.sanctions and not art65.is_penalty
    assert [t.article for t in art65.violated_inferred] == [41]
    assert art64.is_penalty and [t.article for t in art64.violated_inferred] == [40]


def test_order_only_article_keeps_its_explicit_rule() -> None:
    art46 = _arts(ORDER_EXPLICIT_MD, "地方性法规/河南/新乡市城市绿化条例(2019-01-21).md")[46]
    assert not art46.is_penalty and art46.sanctions
    assert [t.article for t in art46.violated] == [18]


def test_articles_that_set_nothing_stay_unpaired() -> None:
    arts = _arts(CXGH_MD, "行政法/城乡规划法(2019-04-23).md")
    assert not arts[41].violated and not arts[41].violated_inferred


def _hit(**kw: object) -> Hit:
    base: dict[str, object] = dict(provision_id="x@2019-04-23/art_65", kind="provision", statute_key="x",
                                   statute_title="x", article="第六十五条", version=None, level="法律", region=None,
                                   score=1.0, snippet="", text="", is_penalty=False)
    base.update(kw)
    return Hit(**base)  # type: ignore[arg-type]


def test_search_hit_role_names_a_processing_basis_honestly() -> None:
    assert _hit(violated=("x@2019-04-23/art_41",)).role == "处理依据"
    assert _hit(is_penalty=True, violated=("x@2019-04-23/art_41",)).role == "罚则"
    assert _hit(penalized_by=("x@2019-04-23/art_65",)).role == "违则"
    assert _hit().role == "条文"
