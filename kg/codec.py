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
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from kg.model import ProvisionId

T = TypeVar("T")


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})  # exact types: StrEnum members are not str here


def _field_names_uncached(cls: type) -> tuple[str, ...] | None:
    """Field names of a dataclass type (None for other types); ``dataclasses.fields`` is slow per call."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


# cached; typed through Callable (mypy does not count a class as Hashable for functools.cache)
_field_names: Callable[[type], tuple[str, ...] | None] = cache(_field_names_uncached)


def _plain(value: Any) -> Any:
    """JSON-able form of a value (used inside JSON blobs)."""
    tp = type(value)
    if tp in _SCALAR_TYPES:
        return value
    if tp is ProvisionId:
        return str(value)
    if tp is tuple or tp is list:
        return [_plain(v) for v in value]
    names = _field_names(tp)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ProvisionId):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def to_props(obj: Any, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Flat properties of a dataclass instance (fields in ``exclude`` left out)."""
    out: dict[str, Any] = {}
    names = _field_names(type(obj))
    if names is None:
        raise TypeError(f"not a dataclass instance: {obj!r}")
    for name in names:
        if name in exclude:
            continue
        value = _plain(getattr(obj, name))
        if isinstance(value, dict) or (
            isinstance(value, list) and not all(_is_scalar(v) and v is not None for v in value)
        ):
            value = json.dumps(value, ensure_ascii=False)
        out[name] = value
    return out


Reviver = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@cache
def _reviver(tp: Any) -> Reviver:
    """A function turning a stored value back into ``tp``; built once per type."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _reviver(args[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        item = _reviver(typing.get_args(tp)[0])

        def revive_tuple(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, str):
                v = json.loads(v)
            return tuple(item(x) for x in v)

        return revive_tuple
    if tp is date:
        return lambda v: None if v is None else date.fromisoformat(v)
    if tp is ProvisionId:
        return lambda v: None if v is None else ProvisionId.parse(v)
    if isinstance(tp, type) and issubclass(tp, Enum):
        members = {m.value: m for m in tp}
        return lambda v: None if v is None else members[v]
    if dataclasses.is_dataclass(tp):
        def revive_dataclass(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, str):
                v = json.loads(v)
            return from_props(tp, v)  # type: ignore[arg-type]

        return revive_dataclass
    if tp is float:
        return lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
    return _identity


def _plan_uncached(cls: type) -> tuple[tuple[str, Reviver], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _reviver(hints[f.name])) for f in dataclasses.fields(cls))


# cached; typed through Callable (mypy does not count a class as Hashable for functools.cache)
_plan: Callable[[type], tuple[tuple[str, Reviver], ...]] = cache(_plan_uncached)


def _absent_is_none_uncached(cls: type) -> tuple[str, ...]:
    """Fields without a default that may be None: an absent property means None.

    (Neo4j stores no nulls: a property set to None is not there when read back.)
    """
    hints = typing.get_type_hints(cls)
    return tuple(
        f.name for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        and typing.get_origin(hints[f.name]) in (typing.Union, types.UnionType)
        and type(None) in typing.get_args(hints[f.name])
    )


# cached; typed through Callable (mypy does not count a class as Hashable for functools.cache)
_absent_is_none: Callable[[type], tuple[str, ...]] = cache(_absent_is_none_uncached)


def from_props(cls: type[T], props: dict[str, Any]) -> T:
    """Rebuild a dataclass from ``to_props`` output; unknown keys are ignored.

    A missing property of a field that may be None is None, as a stored null
    would be (stores may drop nulls); other missing fields take their defaults.
    """
    kwargs = {name: revive(props[name]) for name, revive in _plan(cls) if name in props}
    for name in _absent_is_none(cls):
        if name not in kwargs:
            kwargs[name] = None
    return cls(**kwargs)
