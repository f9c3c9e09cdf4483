"""Vocabularies (``ontologies/*.yaml``): departments, domains and the negative list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kg.errors import InvalidInput
from kg.reports.types import ONTOLOGIES

# --------------------------------------------------------------------------
# Vocabularies (ontologies/*.yaml)
# --------------------------------------------------------------------------


def _norm(text: str) -> str:
    """NFKC, no whitespace: the key form of names (as ``ingest.catalogs.normalize_name``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class DepartmentVocabulary:
    names: tuple[str, ...]  # standard names
    aliases: tuple[tuple[str, str], ...]  # (normalised alias or name, standard name), longest first
    domains: dict[str, tuple[str, ...]]

    def canonical(self, name: str | None) -> str | None:
        return _dept_canonical(self, name) if name else None

    def _canonical(self, name: str) -> str | None:
        """The standard name a department cell means, or None.

        >>> v = department_vocabulary()
        >>> v.canonical("深圳市规划和自然资源局龙华管理局"), v.canonical("柯城区市场监管局"), v.canonical("有关部门")
        ('自然资源和规划局', '市场监督管理局', None)
        """
        n = _norm(name)
        for alias, standard in self.aliases:
            if alias in n:
                return standard
        return None

    def all_names(self) -> list[str]:
        return sorted({a for a, _ in self.aliases})


@cache
def department_vocabulary(path: Path = ONTOLOGIES / "departments.yaml") -> DepartmentVocabulary:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    domains: dict[str, tuple[str, ...]] = {}
    names: list[str] = []
    for entry in raw.get("departments", []):
        name = str(entry["name"])
        names.append(name)
        domains[name] = tuple(entry.get("domains") or ())
        for alias in [name, *(entry.get("aliases") or [])]:
            a = _norm(str(alias))
            if len(a) >= 2:
                pairs.append((a, name))
    pairs.sort(key=lambda p: (-len(p[0]), p[0]))
    return DepartmentVocabulary(tuple(names), tuple(pairs), domains)


@dataclass(frozen=True)
class DomainVocabulary:
    names: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...]  # longest first
    statute_keywords: tuple[tuple[str, tuple[str, ...]], ...]  # file order

    def canonical(self, text: str | None) -> str | None:
        return _domain_canonical(self, text) if text else None

    def _canonical(self, text: str) -> str | None:
        """The standard domain a catalog's domain cell means.

        >>> v = domain_vocabulary()
        >>> v.canonical("市容环境卫生"), v.canonical("城乡规划"), v.canonical("其他")
        ('市容环卫', '城乡规划', None)
        """
        n = _norm(text)
        for alias, standard in self.aliases:
            if alias == n:
                return standard
        for alias, standard in self.aliases:
            if alias in n:
                return standard
        return None

    def of_statute(self, title: str) -> str | None:
        """The domain of a statute from its title.

        >>> domain_vocabulary().of_statute("中华人民共和国固体废物污染环境防治法")
        '生态环境'
        """
        t = _norm(title)
        for name, words in self.statute_keywords:
            if any(w in t for w in words):
                return name
        return None


_CANONICAL_CACHE: dict[tuple[int, str], str | None] = {}


def _dept_canonical(vocab: DepartmentVocabulary, name: str) -> str | None:
    key = (id(vocab), name)
    if key not in _CANONICAL_CACHE:
        if len(_CANONICAL_CACHE) > 100_000:
            _CANONICAL_CACHE.clear()
        _CANONICAL_CACHE[key] = vocab._canonical(name)
    return _CANONICAL_CACHE[key]


def _domain_canonical(vocab: DomainVocabulary, text: str) -> str | None:
    key = (id(vocab), "\x00" + text)
    if key not in _CANONICAL_CACHE:
        if len(_CANONICAL_CACHE) > 100_000:
            _CANONICAL_CACHE.clear()
        _CANONICAL_CACHE[key] = vocab._canonical(text)
    return _CANONICAL_CACHE[key]


@cache
def domain_vocabulary(path: Path = ONTOLOGIES / "domains.yaml") -> DomainVocabulary:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    keywords: list[tuple[str, tuple[str, ...]]] = []
    names: list[str] = []
    for entry in raw.get("domains", []):
        name = str(entry["name"])
        names.append(name)
        for alias in [name, *(entry.get("aliases") or [])]:
            a = _norm(str(alias))
            if a:
                pairs.append((a, name))
        keywords.append((name, tuple(_norm(str(w)) for w in entry.get("statute_keywords") or ())))
    pairs.sort(key=lambda p: (-len(p[0]), p[0]))
    return DomainVocabulary(tuple(names), tuple(pairs), tuple(keywords))


@dataclass(frozen=True)
class NegativeRule:
    id: str
    kind: str  # sanction | keyword
    values: tuple[str, ...]
    reason: str
    basis: str
    certain: bool
    note: str = ""
    # phrases of the cited 罚则 that make the rule certain for that item, and the ground they give
    certain_when: tuple[str, ...] = ()
    certain_basis: str = ""


@cache
def negative_rules(path: Path = ONTOLOGIES / "negative_list.yaml") -> tuple[NegativeRule, ...]:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    out = []
    for r in raw.get("rules", []):
        kind = str(r["kind"])
        if kind not in ("sanction", "keyword"):
            raise InvalidInput(f"负面清单规则 {r.get('id')} 的 kind 应为 sanction 或 keyword", code="NEGATIVE_LIST_INVALID")
        values = r.get("sanctions") if kind == "sanction" else r.get("keywords")
        out.append(NegativeRule(str(r["id"]), kind, tuple(str(v) for v in values or ()), str(r["reason"]),
                                str(r.get("basis") or ""), bool(r.get("certain", False)), str(r.get("note") or ""),
                                tuple(str(v) for v in r.get("certain_when") or ()), str(r.get("certain_basis") or "")))
    return tuple(out)


