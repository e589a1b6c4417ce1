"""A symbolic link loop or a folder dialog may not read is a DM001 finding on that path;
every other meeting still loads and is checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import forkrun
from helpers.meetings import DIR, DIR_ID, direktionen_on

OTHER = "meetings/2025/2025-04-02-direktionen"
OTHER_MEETING = direktionen_on("2025-04-02")
# a finding in the other meeting proves it was still loaded and checked
OTHER_PUNKT = "---\ntitel: Anden sag\nlukket: false\ntid: 25:00\n---\n"
OTHER_FINDING = f"{OTHER}/punkter/01-sag.md:4: fejl DM004"


def two_meetings(make_repo: Callable[..., Path]) -> Path:
    return make_repo(
        {f"{OTHER}/meeting.md": OTHER_MEETING, f"{OTHER}/punkter/01-sag.md": OTHER_PUNKT}
    )


def test_symlink_loop_among_meetings_is_a_finding(make_repo, dialog):
    root = two_meetings(make_repo)
    os.symlink("loop", root / "meetings/2025/loop")
    result = dialog("check", cwd=root)
    assert result.code == 1, result.err
    assert (
        "meetings/2025/loop: fejl DM001 er et symbolsk link, der peger på sig selv; afvist"
        in result.out
    )
    assert OTHER_FINDING in result.out


def test_symlink_loop_in_a_meeting_folder_is_a_finding(make_repo, dialog):
    root = two_meetings(make_repo)
    os.symlink("b", root / DIR / "a")
    os.symlink("a", root / DIR / "b")
    result = dialog("check", cwd=root)
    assert result.code == 1, result.err
    assert f"{DIR}/a: fejl DM001 er et symbolsk link, der peger på sig selv; afvist" in result.out
    assert OTHER_FINDING in result.out


def test_symlink_loop_in_punkter_is_a_finding(make_repo, dialog):
    root = two_meetings(make_repo)
    os.symlink("02-loop.md", root / DIR / "punkter/02-loop.md")
    result = dialog("check", cwd=root)
    assert result.code == 1, result.err
    assert (
        f"{DIR}/punkter/02-loop.md: fejl DM001 er et symbolsk link, der peger på sig selv"
        in result.out
    )
    assert OTHER_FINDING in result.out


def test_symlink_loop_elsewhere_does_not_stop_rendering_a_meeting(make_repo, dialog):
    root = two_meetings(make_repo)
    os.symlink("loop", root / "meetings/2025/loop")
    result = dialog("render", "dagsorden", DIR_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "Budget" in result.out


@pytest.fixture
def readable_copy(make_repo: Callable[..., Path]) -> Iterator[Callable[[], Path]]:
    """The two-meeting repository copied where an unprivileged user can read it."""
    made: list[Path] = []

    def build() -> Path:
        source = two_meetings(make_repo)
        base = Path(tempfile.mkdtemp(prefix="dialog-unreadable-"))
        base.chmod(0o755)
        root = base / "repo"
        shutil.copytree(source, root, symlinks=True)
        for folder, _, _ in os.walk(root):
            Path(folder).chmod(0o755)
        made.append(base)
        return root

    yield build
    for base in made:
        for folder, _, _ in os.walk(base):
            Path(folder).chmod(0o755)
        shutil.rmtree(base)


def dialog_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`dialog ARGS` as a separate process that file permissions apply to.

    Root ignores them through two capabilities (DAC override and DAC read-search); the
    process runs as root without them, so a folder of mode 000 stops it as it stops anyone,
    while the project, its virtual environment and the repository (root's own files, in
    folders only root may enter, as a CI checkout is) stay readable.
    """
    demote = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    done = forkrun.run(  # under setpriv (as root): a new interpreter, not a fork
        [*(demote if os.geteuid() == 0 else []), sys.executable, "-m", "dialogmoder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.mark.parametrize("rel", [f"{DIR}/punkter", f"{DIR}/bilag", DIR])
def test_unreadable_folder_is_a_finding_and_other_meetings_are_checked(readable_copy, rel):
    root = readable_copy()
    (root / rel).mkdir(exist_ok=True)
    (root / rel).chmod(0)
    done = dialog_unprivileged("check", cwd=root)
    assert done.returncode == 1, done.stderr
    assert f"{rel}: fejl DM001 kan ikke læses: adgang nægtet" in done.stdout
    assert OTHER_FINDING in done.stdout


def test_unreadable_year_folder_is_a_finding(readable_copy):
    root = readable_copy()
    (root / "meetings/2024").mkdir()
    (root / "meetings/2024").chmod(0)
    done = dialog_unprivileged("check", cwd=root)
    assert done.returncode == 1, done.stderr
    assert "meetings/2024: fejl DM001 kan ikke læses: adgang nægtet" in done.stdout
    assert OTHER_FINDING in done.stdout


def test_bilag_fil_that_is_a_symlink_loop_is_a_finding_on_its_line(make_repo, dialog):
    punkt = "---\ntitel: Budget\nlukket: false\nbilag:\n  - titel: Notat\n"
    punkt += "    fil: bilag/a.pdf\n---\n"
    root = two_meetings(make_repo)
    (root / DIR / "punkter/01-budget.md").write_text(punkt, encoding="utf-8")
    (root / DIR / "bilag").mkdir()
    os.symlink("a.pdf", root / DIR / "bilag/a.pdf")
    result = dialog("check", cwd=root)
    assert result.code == 1, result.err
    assert (
        f"{DIR}/punkter/01-budget.md:6: fejl DM504 fil 'bilag/a.pdf' er et symbolsk link,"
        " der peger på sig selv" in result.out
    )
    assert OTHER_FINDING in result.out


def test_symlink_loop_given_as_a_path_is_a_one_line_message(make_repo, dialog):
    root = two_meetings(make_repo)
    os.symlink("loop", root / "meetings/2025/loop")
    result = dialog("render", "referat", "meetings/2025/loop", cwd=root)
    assert result.code == 2, result.err
    assert (
        result.err
        == f"dialog: {root}/meetings/2025/loop: er et symbolsk link, der peger på sig selv\n"
    )
