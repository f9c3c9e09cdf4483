"""Legal fixtures for 行政处罚法 arts. 36 and 37, each quoting the text that decides it.

行政处罚法 (2021) 第三十七条："实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，
作出行政处罚决定时，法律、法规、规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。"
第三十六条："违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，
上述期限延长至五年。法律另有规定的除外。"
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.history import with_history
from kg.model import Level, Provision, ProvisionId, Sanction, SanctionKind, Statute, StatuteVersion
from kg.penalty_time import applicable_rule, limitation

# 环境噪声污染防治法 (2018) 第五十八条 (cut); repealed by 噪声污染防治法 第九十条：
# "本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。"
HJZS = Statute("环境噪声污染防治法", "中华人民共和国环境噪声污染防治法", Level.LAW, in_force_from=date(1997, 3, 1),
               in_force_from_certain=True, repealed_on=date(2022, 6, 5), repealed_by="噪声污染防治法@2021-12-24/art_90",
               repeal_text="《中华人民共和国噪声污染防治法》第九十条：“本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止。”")
HJZS_V = StatuteVersion("环境噪声污染防治法", date(2018, 12, 29), "a.md", valid_from=date(2018, 12, 29),
                        valid_to=date(2022, 6, 5), repealed=True)
FINE = (Sanction(SanctionKind.FINE, "处五千元以下罚款", max_amount=5000.0),)
ART58 = Provision(ProvisionId("环境噪声污染防治法", date(2018, 12, 29), 58),
                  "第五十八条 违反本法规定，有下列行为之一的，由公安机关给予警告，可以并处罚款", sanctions=FINE)


def _art(version: StatuteVersion, text: str, sanctions=FINE, number: int = 64) -> Provision:
    return Provision(ProvisionId(version.statute_key, version.version, number), text, sanctions=sanctions)


def test_act_law_applies_when_no_decision_date() -> None:
    r = applicable_rule(HJZS, [HJZS_V], lambda v: ART58, date(2021, 3, 1), None)
    assert r["rule"] == "act_law" and r["at_act"]["status"] == "现行有效"


def test_repealed_by_decision_time_is_a_no_longer_punishes_candidate() -> None:
    r = applicable_rule(HJZS, [HJZS_V], lambda v: ART58, date(2021, 3, 1), date(2023, 1, 1))
    assert r["rule"] == "no_longer_punishes_candidate" and r["lighter"] == "unknown"
    assert "同时废止" in r["message"] and "不能自动判断" in r["message"]


def test_act_before_the_statute_took_effect() -> None:
    # 噪声污染防治法 第九十条 "本法自2022年6月5日起施行": an act of 2021 cannot be punished under it
    zs = Statute("噪声污染防治法", "中华人民共和国噪声污染防治法", Level.LAW, in_force_from=date(2022, 6, 5),
                 in_force_from_basis="附则：“本法自2022年6月5日起施行。”", in_force_from_certain=True)
    v = StatuteVersion("噪声污染防治法", date(2021, 12, 24), "z.md", valid_from=date(2022, 6, 5))
    r = applicable_rule(zs, [v], lambda _: _art(v, "第八十二条 …"), date(2021, 3, 1), date(2023, 1, 1))
    assert r["rule"] == "not_in_force_at_act" and "本法自2022年6月5日起施行" in r["message"]


def _two_versions() -> tuple[Statute, list[StatuteVersion]]:
    s = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW)
    a = StatuteVersion("城乡规划法", date(2015, 4, 24), "a.md", valid_from=date(2015, 4, 24),
                       first_effective=date(2008, 1, 1), first_effective_certain=True)
    b = StatuteVersion("城乡规划法", date(2019, 4, 23), "b.md", valid_from=date(2019, 4, 23))
    statutes, versions, _, _ = with_history({s.key: s}, {s.key: [a, b]})
    return statutes[s.key], versions[s.key]


# 城乡规划法 第六十四条："…处建设工程造价百分之五以上百分之十以下的罚款…"
ART64 = "第六十四条 未取得建设工程规划许可证进行建设的，由县级以上地方人民政府城乡规划主管部门责令停止建设；处建设工程造价百分之五以上百分之十以下的罚款。"


def test_unchanged_article_across_versions_is_the_act_law() -> None:
    s, (a, b) = _two_versions()
    r = applicable_rule(s, [a, b], lambda v: _art(v, ART64), date(2018, 1, 1), date(2020, 1, 1))
    assert r["rule"] == "act_law" and r["changed"] is False and "文字相同" in r["message"]


def test_amended_article_must_be_compared_by_a_person() -> None:
    s, (a, b) = _two_versions()
    lighter = ART64.replace("百分之五以上百分之十以下", "百分之三以上百分之五以下")

    def article_of(v: StatuteVersion) -> Provision:
        return _art(v, ART64 if v is a else lighter)

    r = applicable_rule(s, [a, b], article_of, date(2018, 1, 1), date(2020, 1, 1))
    assert r["rule"] == "compare" and r["lighter"] == "unknown" and "请人工比较" in r["message"]
    assert r["at_act"]["text"] != r["at_decision"]["text"]


def test_article_gone_in_the_later_version_is_a_candidate() -> None:
    s, (a, b) = _two_versions()
    r = applicable_rule(s, [a, b], lambda v: _art(v, ART64) if v is a else None, date(2018, 1, 1), date(2020, 1, 1))
    assert r["rule"] == "no_longer_punishes_candidate" and "没有第六十四条" in r["message"]


def test_act_time_text_not_held_is_unknown() -> None:
    # 城乡规划法 in force since 2008-01-01, the 2015 text held: an act of 2012 has its text missing
    s, (a, b) = _two_versions()
    r = applicable_rule(s, [a, b], lambda v: _art(v, ART64), date(2012, 1, 1), date(2020, 1, 1))
    assert r["rule"] == "unknown" and "未收录" in r["message"]


@pytest.mark.parametrize("act, until, verdict", [
    (date(2023, 1, 1), date(2024, 12, 31), "within"),
    (date(2023, 1, 1), date(2025, 1, 1), "depends"),  # two years are up on 2025-01-01
    (date(2015, 1, 1), date(2024, 1, 1), "depends"),  # only an earlier discovery could save it
])
def test_limitation_two_or_five_years(act: date, until: date, verdict: str) -> None:
    r = limitation(act, until)
    assert r["verdict"] == verdict
    if verdict == "depends":
        assert "五年" in r["message"] and "已被发现" in r["message"]
    assert any("法律另有规定的除外" in c for c in r["caveats"])


def test_limitation_says_when_the_act_time_penalty_law_is_not_held() -> None:
    assert any("未收录" in c for c in limitation(date(2016, 3, 1), date(2021, 1, 1), act_law_held=False)["caveats"])
