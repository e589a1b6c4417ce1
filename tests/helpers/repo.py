"""A real dialog repository in a folder: files from a {path: text} dict, git-initialised and
committed (copier's tests/helpers.py builds its trees the same way)."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from helpers.configs import CONFIG
from helpers.meetings import BUDGET, BUDGET_PUNKT, DIR, DIR_MEETING

PROJECT = Path(__file__).resolve().parent.parent.parent

# Commits made by the tests carry this name: the machine's own git identity may be unset.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.dk",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.dk",
}

Files = dict[str, str | bytes | None]


def git(cwd: Path, *args: str) -> str:
    """Run git in cwd as the tests' identity; its stdout."""
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def write_files(root: Path, files: Files) -> None:
    """Write {path: text} below root: text dedented, bytes as they are, None left out."""
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")


def default_files(*, with_meeting: bool = True) -> Files:
    """dialog.yaml, and the Direktionen meeting of 5 March 2025 with its punkt Budget."""
    # meetings/ as `dialog init` makes it: git keeps no empty folder, so a .gitkeep
    tree: Files = {"dialog.yaml": CONFIG, "meetings/.gitkeep": ""}
    if with_meeting:
        tree[f"{DIR}/meeting.md"] = DIR_MEETING
        tree[BUDGET] = BUDGET_PUNKT
    return tree


def write_repo(root: Path, files: Files | None = None, *, with_meeting: bool = True) -> Path:
    """Write a git repository at root from {path: text}, committed, over the default files
    (`default_files`); `None` as a file's text leaves a default file out."""
    root.mkdir()
    write_files(root, default_files(with_meeting=with_meeting) | (files or {}))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    return root
