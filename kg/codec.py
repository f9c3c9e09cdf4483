"""Domain dataclasses <-> flat graph properties.

Graph properties are scalars or lists of scalars (what Neo4j stores).  Dates
become ISO strings, enums their value, ``ProvisionId`` its string; nested
dataclasses and tuples of them become JSON strings.  ``from_props`` reverses
it using the dataclass's type hints, so the two stay in step by construction.

>>> from kg.model import ProvisionId, Sanction, SanctionKind
>>> s = Sanction(SanctionKind.FINE, "处一万元以下罚款", max_amount=10000.0)
>>> from_props(Sanction, to_props(s)) == s
True
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from kg.model import ProvisionId

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """JSON-able form of a value (used inside JSON blobs)."""
    if isinstance(value, ProvisionId):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def to_props(obj: Any) -> dict[str, Any]:
    """Flat properties of a dataclass instance."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = _plain(getattr(obj, f.name))
        if isinstance(value, dict) or (
            isinstance(value, list) and not all(_is_scalar(v) and v is not None for v in value)
        ):
            value = json.dumps(value, ensure_ascii=False)
        out[f.name] = value
    return out


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _revive(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _revive(args[0], value)
    if origin is tuple:
        (inner, *_) = typing.get_args(tp)
        if isinstance(value, str):
            value = json.loads(value)
        return tuple(_revive(inner, v) for v in value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is ProvisionId:
        return ProvisionId.parse(value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if dataclasses.is_dataclass(tp):
        if isinstance(value, str):
            value = json.loads(value)
        return from_props(tp, value)  # type: ignore[arg-type]
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def from_props(cls: type[T], props: dict[str, Any]) -> T:
    """Rebuild a dataclass from ``to_props`` output; unknown keys are ignored."""
    hints = _hints(cls)
    kwargs = {
        f.name: _revive(hints[f.name], props[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in props
    }
    return cls(**kwargs)
