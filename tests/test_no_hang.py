"""No hang and no silent emptiness: special files are never opened, meetings/ that cannot
be read is an error in every command, misspelt folders are errors, and the site is not
built over files it cannot read."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import forkrun
from helpers.configs import PUBLIC
from helpers.meetings import BUDGET, DIR
from helpers.site import TODAY

TIMEOUT = 90  # a hang fails the test instead of stopping the suite

BILAG_PUNKT = """\
---
titel: Budget
lukket: false
bilag:
  - titel: Notat
    fil: bilag/notat.pdf
---
## Beslutning

Drøftet.
"""


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`dialog ARGS` as a real process (forked from the tests' zygote: helpers.forkrun)."""
    done = forkrun.run(
        [sys.executable, "-m", "dialogmoder", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        here = Path.cwd()
        os.chdir(path.parent)  # a socket's path is limited to about 100 bytes
        try:
            server.bind(path.name)
        finally:
            os.chdir(here)
            server.close()
    elif kind == "folder":
        path.mkdir()
        (path / "inde.txt").write_text("x", "utf-8")


def _rules(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(f["rule"], f["path"]) for f in json.loads(done.stdout)]


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_a_bilag_that_is_not_a_regular_file_is_an_error_and_never_opened(make_repo, kind):
    root = make_repo({"dialog.yaml": PUBLIC, BUDGET: BILAG_PUNKT})
    _special(root / DIR / "bilag/notat.pdf", kind)
    check = _run(root, "check", "--format", "json", *TODAY)
    assert check.returncode == 1
    assert ("DM504", BUDGET) in _rules(check)
    for fmt in ("md", "html", "pdf"):
        for public in ([], ["--public"]):
            out = root / f"build/x-{fmt}-{len(public)}.{fmt}"
            done = _run(root, "render", "referat", DIR, "--format", fmt, *public, "-o", str(out))
            assert done.returncode in (0, 1), done.stderr
    site = _run(root, "site", *TODAY)
    assert site.returncode in (0, 1), site.stderr


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_a_logo_that_is_not_a_regular_file_is_an_error_and_never_opened(make_repo, kind):
    config = PUBLIC + "logo: grafik/logo.png\n"
    root = make_repo({"dialog.yaml": config})
    _special(root / "grafik/logo.png", kind)
    check = _run(root, "check", "--format", "json", *TODAY)
    assert check.returncode == 1
    assert ("DM507", "dialog.yaml") in _rules(check)
    for fmt in ("md", "html", "pdf"):
        done = _run(root, "render", "dagsorden", DIR, "--format", fmt, "-o", f"build/d.{fmt}")
        assert done.returncode == 0, done.stderr
    assert _run(root, "site", *TODAY).returncode == 0


def _meetings_loop(root: Path) -> None:
    os.symlink("meetings", root / "meetings")


def _meetings_two_loop(root: Path) -> None:
    os.symlink("andet", root / "meetings")
    os.symlink("meetings", root / "andet")


def _meetings_file(root: Path) -> None:
    (root / "meetings").write_text("ikke en mappe\n", "utf-8")


def _meetings_outside(root: Path) -> None:
    outside = root.parent / "udenfor"
    (outside / "2025").mkdir(parents=True)
    os.symlink(outside, root / "meetings")


def _meetings_missing(root: Path) -> None:
    pass


@pytest.mark.parametrize(
    "make",
    [_meetings_missing, _meetings_loop, _meetings_two_loop, _meetings_file, _meetings_outside],
)
def test_meetings_that_cannot_be_read_is_an_error_in_every_command(tmp_path, make):
    from helpers.repo import write_files

    root = tmp_path / "repo"
    write_files(root, {"dialog.yaml": PUBLIC})
    make(root)
    check = _run(root, "check", "--format", "json", *TODAY)
    assert check.returncode == 1, check.stderr
    assert ("DM001", "meetings") in _rules(check)
    for args in (["status", *TODAY], ["calendar"], ["export"], ["plan", "2025"]):
        done = _run(root, *args)
        assert done.returncode in (1, 2), (args, done.stderr)
        assert "meetings" in done.stderr
    site = _run(root, "site", *TODAY)
    assert site.returncode == 1
    assert not (root / "build/site").exists()


@pytest.mark.parametrize("name", ["Punkter", "PUNKTER", "Bilag", "Meeting.md"])
def test_a_known_folder_in_another_case_is_an_error(make_repo, name):
    root = make_repo()
    path = root / DIR / name
    if name.endswith(".md"):
        (root / DIR / "meeting.md").rename(path)
    elif name.lower() == "punkter":
        (root / DIR / "punkter").rename(path)
    else:
        path.mkdir()
        (path / "notat.pdf").write_bytes(b"%PDF-1.4\n")
    check = _run(root, "check", "--format", "json", *TODAY)
    assert check.returncode == 1
    assert ("DM009", f"{DIR}/{name}") in _rules(check)


def test_the_site_is_not_built_over_a_load_error_in_a_published_meeting(make_repo):
    root = make_repo({"dialog.yaml": PUBLIC, f"{DIR}/punkter/02-x.md": "---\ntitel: [\n---\n"})
    done = _run(root, "site", *TODAY)
    assert done.returncode == 1
    assert "DM002" in done.stderr
    assert not (root / "build/site").exists()


def test_the_site_is_not_built_while_two_meeting_folders_share_a_name(make_repo):
    root = make_repo({"dialog.yaml": PUBLIC})
    copy = root / "meetings/2024" / DIR.rsplit("/", 1)[1]
    copy.mkdir(parents=True)
    (copy / "meeting.md").write_bytes((root / DIR / "meeting.md").read_bytes())
    done = _run(root, "site", *TODAY)
    assert done.returncode == 1
    assert "DM703" in done.stderr
    assert not (root / "build/site").exists()
