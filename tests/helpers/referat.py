"""An approved referat: the meeting.md of the Direktionen meeting of 5 March 2025 (afholdt)
with a `referat_godkendt` whose hash is computed, as `dialog approve MEETING` would, over
the repository the default files and `files` make."""

from __future__ import annotations

import tempfile
from pathlib import Path

from dialogmoder.domain.approval import referat_hash
from dialogmoder.domain.repository import load_repository

from helpers.meetings import DIR, direktionen
from helpers.repo import Files, default_files, write_files


def approved_referat(by: str, files: Files | None = None, dato: str = "2025-03-06") -> str:
    """meeting.md (afholdt) with the referat approved by `by` over these files."""
    meeting = direktionen("afholdt")
    tree = default_files() | {f"{DIR}/meeting.md": meeting} | (files or {})
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root, tree)
        repo = load_repository(root)
        digest = referat_hash(repo.config, repo.meeting(DIR), by)
    line = f'referat_godkendt: {{af: {by}, dato: {dato}, hash: "{digest}"}}\n'
    return meeting.removesuffix("---\n") + line + "---\n"
