"""Fixtures: small real dialog repositories in tmp_path (git-initialised), and `dialog` run
through its real entry point."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogmoder.cli import main

PROJECT = Path(__file__).resolve().parent.parent

# `dialog init` refuses an editable install as the workflow's source (CI cannot reach this
# folder), and the tests run from one: they name the source themselves.
SPEC = ("--install-spec", "dialogmoder==0.1.0")

CONFIG = """\
organisation: Testkommune
personer:
  borgmester: {titel: Borgmester, rolle: borgmester}
  anna: {navn: Anna Andersen, titel: Kommunaldirektør, rolle: kommunaldirektoer, github: anna-a}
  bo: {navn: Bo Berg, titel: Velfærdsdirektør, rolle: fagdirektoer, github: boberg}
  carl: {navn: Carl Crone, titel: Økonomichef, rolle: chef}
fora:
  strategisk-dialogmoede:
    navn: Strategisk dialogmøde
    medlemmer: [borgmester, anna, bo]
    produkter:
      program: {paakraevet: ja, frist: -7, godkendes_af: fagdirektoer}
      baggrundsnotat: {paakraevet: ja, frist: -7}
      facilitering: {paakraevet: ved_behov, frist: -7}
      opfoelgningsnotat: {paakraevet: ja, frist: 14}
    formoede: {frist: -3, med: [borgmester]}
  direktionen:
    navn: Direktionen
    medlemmer: [anna, bo]
temaer:
  vaekst: {navn: Vækst og udvikling}
"""

MEETING = """\
---
forum: direktionen
titel: Direktionen
dato: 2025-03-05
start: "09:00"
slut: "12:00"
sted: Mødelokale 1
---
"""

PUNKT = """\
---
titel: Budget
lukket: false
tid: "09:00"
---
## Sagsfremstilling

Tekst.

## Indstilling

Det indstilles, at budgettet drøftes.

## Beslutning

Drøftet.
"""


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.dk",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.dk",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def write_repo(
    root: Path, files: dict[str, str | bytes | None] | None = None, *, with_meeting: bool = True
) -> Path:
    """Write a git repository at root from {path: text} (dedented), committed; dialog.yaml by
    default. `None` as a file's text leaves a default file out; bytes are written as they are."""
    root.mkdir()
    tree: dict[str, str | bytes | None] = {"dialog.yaml": CONFIG}
    if with_meeting:
        tree["meetings/2025/2025-03-05-direktionen/meeting.md"] = MEETING
        tree["meetings/2025/2025-03-05-direktionen/punkter/01-budget.md"] = PUNKT
    tree.update(files or {})
    for rel, content in tree.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    return root


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Build a git repository in tmp_path/repo (see write_repo)."""

    def build(
        files: dict[str, str | bytes | None] | None = None, *, with_meeting: bool = True
    ) -> Path:
        return write_repo(tmp_path / "repo", files, with_meeting=with_meeting)

    return build


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def dialog() -> Callable[..., Result]:
    """Run `dialog ARGS` in-process through cli.main, the console script's entry point."""

    def run(*args: str | Path, cwd: Path | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        old_argv, old_cwd = sys.argv, Path.cwd()
        sys.argv = ["dialog", *map(str, args)]
        code = 0
        try:
            if cwd is not None:
                os.chdir(cwd)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    main()
                except SystemExit as e:
                    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            sys.argv = old_argv
            os.chdir(old_cwd)
        result = Result(code, out.getvalue(), err.getvalue())
        assert "Traceback" not in result.out + result.err, result.err
        return result

    return run


@pytest.fixture
def dialog_process() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m dialogmoder ARGS` as a real separate process."""

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "dialogmoder", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return done

    return run


# the local GitHub runner's session fixtures, for every test that runs a workflow
from ci_runner import dependencies, wheelhouse  # noqa: E402, F401
