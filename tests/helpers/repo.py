"""A real dialog repository in a folder: files from a {path: text} dict, git-initialised and
committed (copier's tests/helpers.py builds its trees the same way); a tree git built once
in a test process is copied after that."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
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


# What in the environment could change what git makes of a tree (its configuration)
_ENVIRONMENT = ("GIT_", "HOME", "XDG_CONFIG_HOME")
_store: list[Path] = []  # this process's own folder of repositories git built
_built: dict[str, Path] = {}  # a tree's key: the repository git built from it, never changed


def _key(name: str, tree: Files) -> str:
    digest = hashlib.sha256(name.encode())
    for rel, content in sorted(tree.items()):
        if content is not None:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            digest.update(f"\0{rel}\0{isinstance(content, bytes)}\0{len(data)}\0".encode())
            digest.update(data)
    for variable, value in sorted(os.environ.items()):
        if variable.startswith(_ENVIRONMENT):
            digest.update(f"\0{variable}={value}".encode())
    return digest.hexdigest()


def _new_folder() -> Path:
    """A new folder in this process's store (removed when the process ends)."""
    if not _store:
        _store.append(Path(tempfile.mkdtemp(prefix="dialog-test-repos-")))
        atexit.register(shutil.rmtree, _store[0], True)
    return Path(tempfile.mkdtemp(dir=_store[0]))


def _built_by_git(tree: Files) -> Path:
    """The repository that `git init`, `git add -A` and `git commit` make of `tree`, built
    once in this process and kept unchanged; its .git as `git init` made it is a copy of one
    `git init` (which writes nothing of the folder it is run in)."""
    key, empty = _key("tree", tree), _key("init", {})
    if empty not in _built:
        root = _new_folder()
        git(root, "init", "-q", "-b", "main")
        _built[empty] = root
    if key not in _built:
        root = _new_folder()
        shutil.copytree(_built[empty] / ".git", root / ".git", symlinks=True)
        write_files(root, tree)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "fixture")
        _built[key] = root  # only once git built all of it
    return _built[key]


def write_repo(root: Path, files: Files | None = None, *, with_meeting: bool = True) -> Path:
    """Write a git repository at root from {path: text}, committed, over the default files
    (`default_files`); `None` as a file's text leaves a default file out. Real git builds
    each tree once in a test process; root is a copy of what it built (files, index, objects
    and commit alike): the suite asks for the same trees hundreds of times, three git
    processes each."""
    root.mkdir()
    tree = default_files(with_meeting=with_meeting) | (files or {})
    shutil.copytree(_built_by_git(tree), root, symlinks=True, dirs_exist_ok=True)
    return root


def generated_archive(tmp_path: Path, files: int) -> Path:
    """An archive of about `files` files made by the benchmarks' generator
    (benchmarks/generate.py), in tmp_path/archive."""
    target = tmp_path / "archive"
    subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(target),
         "--files", str(files)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target
