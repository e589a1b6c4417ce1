"""What `dialog`'s exit code tells a script or a CI job, decided here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

CLEAN = 0
# findings with an error, or files that could not be read (the rest was still done)
FINDINGS = 1
# a usage error, or a repository that cannot be read at all (no or an invalid dialog.yaml)
USAGE = 2
# a bug in dialog: error_handler names the log file
INTERNAL_ERROR = 3
# Ctrl-C: 128 + SIGINT, as a shell reports it
INTERRUPTED = 130


class Graded(Protocol):
    """A finding as far as the exit code cares: its severity."""

    @property
    def severity(self) -> str: ...


def for_findings(findings: Iterable[Graded], *, strict: bool = False, failed: bool = False) -> int:
    """FINDINGS when one of them is an error (with `strict`, when there is any) or the
    command `failed` otherwise (a stale CODEOWNERS), else CLEAN."""
    found = list(findings)
    errors = any(f.severity == "error" for f in found) or (strict and bool(found))
    return FINDINGS if errors or failed else CLEAN
