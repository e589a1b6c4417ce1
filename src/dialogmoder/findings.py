"""Findings are data: rules return them, printers format them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place: `rule` is a stable id such as DM004."""

    path: str
    line: int | None
    rule: str
    severity: Severity
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_text(self) -> str:
        return f"{self.location()}: {self.severity} {self.rule} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }
