"""Fixtures: small real dialog repositories in tmp_path (git-initialised), and `dialog` run
through its real entry point. What they are built from is in tests/helpers/."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from helpers.canary import canary_files
from helpers.ci_runner import dependencies, wheelhouse  # noqa: F401  (the runner's, shared)
from helpers.configs import PUBLIC
from helpers.groups import groups, shared_fixtures
from helpers.meetings import DIR
from helpers.repo import Files, write_repo
from helpers.run import Result, run_dialog, run_dialog_process
from helpers.site import build_site

# Hypothesis profiles (HYPOTHESIS_PROFILE=NAME): without it, hypothesis's own `default`, or
# its `ci` where CI=true (derandomised: the same examples on every CI run); `thorough` tries
# ten times each property's count (helpers.examples) and gives the others 1,000.
settings.register_profile("thorough", max_examples=1000, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture(autouse=True)
def _dialogs_own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """dialog's cache (io/cache.py) in the session's temporary folder, not the user's (dialog
    makes it). Function-scoped: a session-scoped fixture every test uses would join every
    test in one xdist group (helpers.groups), and the whole suite would run on one worker."""
    os.environ["DIALOG_CACHE"] = str(tmp_path_factory.getbasetemp() / "dialog-cache")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Build a git repository in tmp_path/repo (see helpers.repo.write_repo)."""

    def build(files: Files | None = None, *, with_meeting: bool = True) -> Path:
        return write_repo(tmp_path / "repo", files, with_meeting=with_meeting)

    return build


@pytest.fixture
def dialog() -> Callable[..., Result]:
    """Run `dialog ARGS` in-process through cli.main, the console script's entry point."""
    return run_dialog


@pytest.fixture
def dialog_process() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m dialogmoder ARGS` as a real separate process."""
    return run_dialog_process


@pytest.fixture
def canary_site(make_repo: Callable[..., Path], dialog: Callable[..., Result]) -> Path:
    """The site of the canary meeting (helpers.canary), Direktionen published; a closed
    punkt's file name and bilag file carry the canary too."""
    files = canary_files(PUBLIC, closed="03-kanarifilnavn.md")  # a file name is content too
    files[f"{DIR}/bilag/kanarifil.pdf"] = b"%PDF-1.4 kanariindhold"
    return build_site(dialog, make_repo(files))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that share a module- or session-scoped fixture run on one pytest-xdist worker
    (helpers.groups). First: a worker's xdist reads the `xdist_group` marks in its own
    hook, and named no group when this ran after it."""
    found = groups({item.nodeid: shared_fixtures(item) for item in items})
    for item in items:
        if item.nodeid in found:
            item.add_marker(pytest.mark.xdist_group(found[item.nodeid]))
