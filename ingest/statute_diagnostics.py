"""The warnings one parse of a statute collects (a :class:`~kg.model.Diagnostic` each)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Diagnostic


@dataclass
class _Collector:
    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int | None, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.source, line, code, message, severity="warning"))
