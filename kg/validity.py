"""Validity periods: the one "in force on a day" rule.

A period is ``[valid_from, valid_to)``: in force from ``valid_from``
(inclusive) until ``valid_to`` (exclusive, the day the next version or the
repeal takes effect).  ``None`` at either end means open: no known start, or
not ended.  Statute versions, catalog editions and holdings (承接关系) all use
this rule; callers in ``kg.model``, ``kg.graph_build``, ``kg.search`` and
``kg.reports`` ask here instead of comparing dates themselves.

Dates may be ``datetime.date`` or ISO strings (``"2019-04-23"``, as the
search index stores them): ISO dates compare as their strings do.  Both ends
and the day must be of one kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # kg.model imports this module: the domain types are for annotations only
    from collections.abc import Sequence

    from kg.model import Statute, StatuteVersion

__all__ = [
    "Validity", "ValidityStatus", "in_force", "live", "periods_overlap", "status_on", "statute_validity",
    "text_for_day", "validity_fields", "version_validity",
]

Day = TypeVar("Day", date, str)


def in_force(valid_from: Day | None, valid_to: Day | None, day: Day) -> bool:
    """Whether a period ``[valid_from, valid_to)`` covers ``day`` (``None`` = open).

    >>> d = date(2019, 4, 23)
    >>> in_force(d, None, d), in_force(None, d, d), in_force(None, None, d)
    (True, False, True)
    >>> in_force(date(2015, 4, 24), date(2019, 4, 23), date(2019, 4, 22))
    True
    >>> in_force(date(2020, 1, 1), None, date(2019, 12, 31))
    False
    >>> in_force("2015-04-24", "2019-04-23", "2019-04-23"), in_force("2015-04-24", None, "2024-01-01")
    (False, True)
    """
    return (valid_from is None or valid_from <= day) and (valid_to is None or day < valid_to)


def live(valid_from: date | None, valid_to: date | None, day: date | None, today: date) -> bool:
    """In force on ``day``; without a day, current or still to come (not ended by ``today``).

    >>> today = date(2025, 6, 1)
    >>> live(date(2026, 1, 1), None, None, today), live(None, date(2025, 6, 1), None, today)
    (True, False)
    >>> live(date(2026, 1, 1), None, date(2025, 6, 1), today)
    False
    """
    if day is None:
        return valid_to is None or valid_to > today
    return in_force(valid_from, valid_to, day)


def periods_overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    """Whether two periods ``[from, to)`` share a day (``None`` = open).

    >>> y = date
    >>> periods_overlap((y(2020, 1, 1), y(2022, 1, 1)), (y(2021, 1, 1), None))
    True
    >>> periods_overlap((y(2020, 1, 1), y(2021, 1, 1)), (y(2021, 1, 1), None))
    False
    >>> periods_overlap((None, None), (None, y(2000, 1, 1)))
    True
    """
    a0, a1 = a[0] or date.min, a[1] or date.max
    b0, b1 = b[0] or date.min, b[1] or date.max
    return a0 < b1 and b0 < a1


# --------------------------------------------------------------------------
# 时效性: status on a day (现行有效 / 已修改 / 已废止 / 尚未生效)
# --------------------------------------------------------------------------


class ValidityStatus(StrEnum):
    """时效性 of a statute or of one of its versions on a given day."""

    CURRENT = "现行有效"
    AMENDED = "已修改"  # a later version replaced this text
    REPEALED = "已废止"
    NOT_YET = "尚未生效"


@dataclass(frozen=True)
class Validity:
    """时效性 of a statute or version on one day, with the text that decides it.

    ``text_in_force`` is False when the text shown is not the one in force
    that day (a later version of a statute in force, whose earlier text is
    not held; or a text that is repealed, amended or not yet in force);
    ``note`` then says so in Chinese.
    """

    status: ValidityStatus
    day: date
    valid_from: date | None
    valid_to: date | None
    basis: str
    text_in_force: bool
    note: str = ""
    certain: bool = True  # False when valid_from is presumed




def status_on(day: date, valid_from: date | None, valid_to: date | None = None,
              repealed_on: date | None = None) -> ValidityStatus:
    """The one rule for 时效性: 尚未生效 before the start, 已废止 from the repeal, 已修改 from the next version.

    >>> status_on(date(2015, 6, 1), date(2019, 4, 23)).value
    '尚未生效'
    >>> status_on(date(2024, 1, 1), date(1997, 3, 1), date(2022, 6, 5), repealed_on=date(2022, 6, 5)).value
    '已废止'
    >>> status_on(date(2020, 1, 1), date(2015, 4, 24), date(2019, 4, 23)).value
    '已修改'
    >>> status_on(date(2019, 4, 23), date(2019, 4, 23)).value
    '现行有效'
    """
    if not in_force(valid_from, None, day):
        return ValidityStatus.NOT_YET
    if not in_force(None, repealed_on, day):
        return ValidityStatus.REPEALED
    if not in_force(None, valid_to, day):
        return ValidityStatus.AMENDED
    return ValidityStatus.CURRENT


def statute_validity(statute: Statute, day: date) -> Validity:
    """The statute's own status on ``day``: from its first 施行 date to its repeal."""
    status = status_on(day, statute.in_force_from, None, statute.repealed_on)
    if status is ValidityStatus.REPEALED:
        basis, note = statute.repeal_text, f"《{statute.title}》已于{statute.repealed_on}废止"
    elif status is ValidityStatus.NOT_YET:
        basis, note = statute.in_force_from_basis, f"《{statute.title}》自{statute.in_force_from}起施行，{day}尚未生效"
    else:
        basis, note = statute.in_force_from_basis, ""
    return Validity(status, day, statute.in_force_from, statute.repealed_on, basis, status is ValidityStatus.CURRENT,
                    note, statute.in_force_from_certain)


def version_validity(statute: Statute, version: StatuteVersion, day: date) -> Validity:
    """Status on ``day`` of the text of one version, and whether it is the text in force then.

    >>> from kg.model import Level, Statute, StatuteVersion
    >>> s = Statute("城乡规划法", "中华人民共和国城乡规划法", Level.LAW, in_force_from=date(2008, 1, 1),
    ...             in_force_from_basis="附则：“本法自2008年1月1日起施行。”", in_force_from_certain=True)
    >>> v = StatuteVersion("城乡规划法", date(2019, 4, 23), "a.md", valid_from=date(2019, 4, 23))
    >>> val = version_validity(s, v, date(2015, 6, 1))
    >>> val.status.value, val.text_in_force
    ('尚未生效', False)
    >>> val.note
    '该日《中华人民共和国城乡规划法》有效（自2008-01-01起施行），但该日施行的文本未收录；所示为2019-04-23版本（自2019-04-23起施行）'
    """
    status = status_on(day, version.valid_from, version.valid_to, statute.repealed_on)
    shown = f"{version.version.isoformat() if version.version else '未注明日期的'}版本"
    note = ""
    basis = version.valid_from_basis
    if status is ValidityStatus.NOT_YET:
        law = statute_validity(statute, day)
        if law.status is ValidityStatus.CURRENT:
            note = (f"该日《{statute.title}》有效（自{statute.in_force_from}起施行），但该日施行的文本未收录；"
                    f"所示为{shown}（自{version.valid_from}起施行）")
        else:
            note = f"所示{shown}自{version.valid_from}起施行，{day}尚未生效"
    elif status is ValidityStatus.REPEALED:
        basis = statute.repeal_text
        note = f"《{statute.title}》已于{statute.repealed_on}废止"
    elif status is ValidityStatus.AMENDED:
        basis = version.valid_to_basis
        note = f"所示{shown}已于{version.valid_to}被修改（{version.valid_to_basis}），不是该日施行的文本"
    elif not version.valid_from_certain:
        note = f"施行日期为推定：{version.valid_from_basis}"
    return Validity(status, day, version.valid_from, version.valid_to, basis, status is ValidityStatus.CURRENT,
                    note, version.valid_from_certain)


def text_for_day(
    statute: Statute, versions: Sequence[StatuteVersion], day: date,
) -> tuple[StatuteVersion | None, Validity]:
    """The held text to show for ``day`` and its validity.

    The version in force that day; when the statute is in force but that
    text is not held (only a later version is), the earliest later version,
    labelled as not the text in force; None when the statute is repealed or
    not yet in force that day (the validity says which).
    """
    law = statute_validity(statute, day)
    current = [v for v in versions if status_on(day, v.valid_from, v.valid_to, statute.repealed_on)
            is ValidityStatus.CURRENT]
    if current:
        best = max(current, key=lambda v: (v.valid_from or v.version or date.min, v.source))
        return best, version_validity(statute, best, day)
    if law.status is not ValidityStatus.CURRENT or not versions:
        return None, law
    later = [v for v in versions if v.valid_from is not None and v.valid_from > day]
    if not later:
        return None, law
    first = min(later, key=lambda v: (v.valid_from or date.min, v.source))
    return first, version_validity(statute, first, day)


def validity_fields(v: Validity) -> dict[str, Any]:
    """The fields every answer carries: ``status``, ``valid_from``, ``valid_to`` and the deciding text."""
    return {"status": v.status.value, "valid_from": v.valid_from.isoformat() if v.valid_from else None,
            "valid_to": v.valid_to.isoformat() if v.valid_to else None, "status_basis": v.basis,
            "text_in_force": v.text_in_force, "status_note": v.note, "status_certain": v.certain,
            "status_date": v.day.isoformat()}
