"""What a parser returns: the parsed statute, and the problems found while reading input."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model.provisions import Provision
from kg.model.statutes import Statute, StatuteVersion


@dataclass(frozen=True)
class Diagnostic:
    """A problem found while reading input: where, and why, in Chinese."""

    source: str
    line: int | None
    code: str
    message: str
    severity: str = "error"  # error: record rejected; warning: kept with a caveat
    sheet: str | None = None


@dataclass(frozen=True)
class ParsedStatute:
    """What the statute parser returns for one file."""

    statute: Statute
    version: StatuteVersion
    provisions: tuple[Provision, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
