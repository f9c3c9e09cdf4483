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

from datetime import date
from typing import TypeVar

__all__ = ["in_force", "live", "periods_overlap"]

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
