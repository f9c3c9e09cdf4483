"""行政处罚法 arts. 36 and 37 on an act date: which text applies, and the limitation period.

Pure functions over domain objects (the caller reads the graph).  Art. 37
(从旧兼从轻): the rule in force when the act was committed applies, unless at
decision time the rule was amended or repealed and the new rule punishes
more lightly or no longer treats the act as unlawful.  Whether a new rule is
*lighter* is a legal judgment on two texts: this module never decides it,
it shows both texts and says the user must compare; it flags where the later
law no longer has the provision or the statute is repealed (不再处罚
candidates).  Art. 36: no penalty when the act is not discovered within two
years, five where citizens' life, health or financial safety is involved and
harm followed — unless a law provides otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from kg.model import Provision, Statute, StatuteVersion
from kg.validity import ValidityStatus, text_for_day, validity_fields

__all__ = ["applicable_rule", "limitation", "years_after"]

_LABEL = re.compile(r"^第[^条\s]{1,10}条(?:之[一二三四五六七八九十]+)?\s*")
_WS = re.compile(r"\s+")


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February).

    >>> years_after(date(2020, 2, 29), 2)
    datetime.date(2022, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _body(text: str) -> str:
    return _WS.sub("", _LABEL.sub("", text.strip()))


def _side(version: StatuteVersion | None, statute: Statute, day: date, prov: Provision | None) -> dict[str, Any]:
    if version is None:
        return {"version": None, "text": None}
    from kg.validity import version_validity

    return {"version": version.version.isoformat() if version.version else None,
            **validity_fields(version_validity(statute, version, day)),
            "provision_id": str(prov.id) if prov else None, "text": prov.text if prov else None}


def applicable_rule(
    statute: Statute, versions: Sequence[StatuteVersion], article_of: Callable[[StatuteVersion], Provision | None],
    act_day: date, decision_day: date | None, art37: str = "",
) -> dict[str, Any]:
    """Art. 37 for one cited article: the text at the act date, and what changed by the decision date.

    ``article_of`` gives the same-numbered article of a version (None when it
    has none).  ``rule`` is ``act_law`` (the act-time text applies; it is held
    and unchanged), ``compare`` (amended: the user compares the two texts for
    the lighter one), ``no_longer_punishes_candidate`` (repealed, or the
    article is gone), ``not_in_force_at_act`` or ``unknown`` (a text that
    decides is not held).
    """
    act_version, act_val = text_for_day(statute, versions, act_day)
    act_prov = article_of(act_version) if act_version is not None else None
    out: dict[str, Any] = {"statute": statute.title, "act_date": act_day.isoformat(),
                           "decision_date": decision_day.isoformat() if decision_day else None,
                           "at_act": _side(act_version, statute, act_day, act_prov), "at_decision": None,
                           "changed": None, "lighter": "not_applicable", "rule_text": art37}
    if act_version is None:
        return {**out, "rule": "not_in_force_at_act",
                "message": f"违法行为发生时（{act_day}）《{statute.title}》{act_val.status.value}：{act_val.note}"
                           f"（{act_val.basis}），不能作为该行为的处罚依据"}
    if not act_val.text_in_force:
        return {**out, "rule": "unknown",
                "message": f"违法行为发生时施行的《{statute.title}》文本未收录，无法核对当时的条文：{act_val.note}"}
    if act_prov is None:
        return {**out, "rule": "unknown", "message": "违法行为发生时施行的版本中没有所引条文"}
    if decision_day is None or decision_day <= act_day:
        return {**out, "rule": "act_law",
                "message": f"适用违法行为发生时施行的《{statute.title}》{act_version.version}版本{act_prov.label}"
                           "（未给出作出决定日期，未核对其后的修改或废止）"}
    dec_version, dec_val = text_for_day(statute, versions, decision_day)
    if dec_val.status is ValidityStatus.REPEALED or dec_version is None:
        return {**out, "rule": "no_longer_punishes_candidate", "changed": True, "lighter": "unknown",
                "message": f"作出处罚决定时（{decision_day}）《{statute.title}》{dec_val.status.value}（{dec_val.basis}）。"
                           "依第三十七条，新的规定处罚较轻或者不认为是违法的，适用新的规定："
                           "请核对取代它的规定是否仍处罚该行为、处罚是否较轻；系统不能自动判断"}
    dec_prov = article_of(dec_version)
    out["at_decision"] = _side(dec_version, statute, decision_day, dec_prov)
    if dec_version.key == act_version.key:
        return {**out, "rule": "act_law", "changed": False,
                "message": f"行为发生至作出决定期间《{statute.title}》该条未修改（同为{act_version.version}版本），"
                           "适用该版本"}
    if not dec_val.text_in_force:
        return {**out, "rule": "unknown", "changed": True, "lighter": "unknown",
                "message": f"作出决定时施行的《{statute.title}》文本未收录，无法比较新旧规定：{dec_val.note}"}
    if dec_prov is None:
        return {**out, "rule": "no_longer_punishes_candidate", "changed": True, "lighter": "unknown",
                "message": f"作出决定时施行的{dec_version.version}版本中没有{act_prov.label}（可能已删除或重新编号）："
                           "请核对新规定是否仍处罚该行为；不再处罚的，依第三十七条适用新的规定"}
    old, new = _body(act_prov.text), _body(dec_prov.text)
    if old == new:
        return {**out, "rule": "act_law", "changed": False,
                "message": f"{act_prov.label}在{act_version.version}与{dec_version.version}版本中文字相同，适用行为发生时的规定"}
    if act_prov.sanctions and not dec_prov.sanctions:
        return {**out, "rule": "no_longer_punishes_candidate", "changed": True, "lighter": "unknown",
                "message": f"{dec_version.version}版本的{dec_prov.label}不再规定处罚（可能已重新编号）："
                           "请核对新规定是否仍处罚该行为"}
    similar = difflib.SequenceMatcher(None, old, new).ratio()
    renumbered = "；两版本同号条文内容差别较大，可能已重新编号，请先核对对应条文" if similar < 0.5 else ""
    return {**out, "rule": "compare", "changed": True, "lighter": "unknown",
            "message": f"{act_prov.label}在作出决定时已修改（{act_version.version}版本 → {dec_version.version}版本）。"
                       "依第三十七条，新的规定处罚较轻或者不认为是违法的，适用新的规定；"
                       f"是否较轻系统不能自动判断，请人工比较两段条文{renumbered}"}


def limitation(act_day: date, until: date, rule_text: str = "", rule_where: str = "",
               act_law_held: bool = True) -> dict[str, Any]:
    """Art. 36 from the act date to ``until`` (the decision date, else today).

    The period runs to the day the act is *discovered*; the decision date is
    the latest that can be, so within two years of it the period has not run
    out.  Beyond that the answer depends (five years with harm to life,
    health or financial safety; an earlier discovery; another law's rule).

    >>> limitation(date(2023, 1, 1), date(2024, 6, 1))["verdict"]
    'within'
    >>> r = limitation(date(2020, 1, 1), date(2024, 6, 1))
    >>> r["verdict"], r["two_years_end"], r["five_years_end"]
    ('depends', '2022-01-01', '2025-01-01')
    """
    two, five = years_after(act_day, 2), years_after(act_day, 5)
    caveats = ["期限从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算",
               "法律另有规定的除外（如其他法律规定了不同期限）"]
    if not rule_text:
        caveats.append("法规库中没有行政处罚法第三十六条的文本，本结论未能引用原文，请核对")
    if not act_law_held:
        caveats.append("违法行为发生时施行的行政处罚法文本未收录，时效规定以当时的文本为准，请核对")
    if until < two:
        verdict, message = "within", f"自违法行为发生之日（{act_day}）起未满二年（至{two}），未超过处罚时效"
    else:
        verdict = "depends"
        message = (f"自违法行为发生之日（{act_day}）起已满二年（{two}）：若违法行为在{two}前已被发现，未超过时效；"
                   f"涉及公民生命健康安全、金融安全且有危害后果的，期限延长至五年（至{five}）"
                   + ("，该期限也已届满" if until >= five else "") + "；否则不再给予行政处罚")
    return {"rule": rule_where or "行政处罚法第三十六条", "rule_text": rule_text, "act_date": act_day.isoformat(),
            "until": until.isoformat(), "two_years_end": two.isoformat(), "five_years_end": five.isoformat(),
            "verdict": verdict, "condition": "涉及公民生命健康安全、金融安全且有危害后果的，期限为五年",
            "message": message, "caveats": caveats}
