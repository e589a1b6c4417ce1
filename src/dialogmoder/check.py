"""`dialog check`: everything wrong with a repository, as findings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dialogmoder.findings import Finding
from dialogmoder.repository import Repository, load_repository


def check_repository(
    root: Path, only: Iterable[Path] | None = None
) -> tuple[Repository, list[Finding]]:
    """Load the repository and return every finding, sorted by file and line."""
    repo = load_repository(root, only)
    findings = list(repo.findings)
    return repo, sorted(findings, key=lambda f: (f.path, f.line or 0, f.rule, f.message))
