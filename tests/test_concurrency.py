"""No lost edits: two dialog processes at once, and a person's editor saving meanwhile.

The loops start real processes running dialog's entry point together, 25 runs each; one run
that loses an approval, duplicates a number or overwrites a save fails the test.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from dialogmoder.errors import DialogError
from dialogmoder.io import edit
from dialogmoder.workflow.approve import prepare_approval, write_approval

from helpers import forkrun
from helpers.meetings import DIR
from helpers.repo import git
from helpers.strategisk import SDM, sdm

RUNS = 25
BAGGRUND = f"{SDM}/baggrundsnotat.md"


# Each process imports dialog, says it is ready, then waits for the moment the test sends it
# (the same for all) to run `dialog ARGS` through its real entry point, so that Python's
# start-up time does not keep them apart, and no run waits longer than the slowest start-up.
TOGETHER = """
import sys, time
from dialogmoder.cli import main
import dialogmoder.workflow.approve, dialogmoder.domain.repository, dialogmoder.workflow.scaffold
print("ready", flush=True)
time.sleep(max(0.0, float(sys.stdin.readline()) - time.time()))
sys.argv = ["dialog", *sys.argv[1:]]
main()
"""


def _start(*commands: tuple[str, ...], cwd: Path) -> tuple[list[subprocess.Popen[str]], float]:
    """Each `dialog ARGS` in a new process, all run at one moment once every one has started;
    the processes and that moment (time.time())."""
    procs = [
        forkrun.Popen(  # a real process, forked from the tests' zygote
            [sys.executable, "-c", TOGETHER, *args],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    at = time.time() + 0.05
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(f"{at!r}\n")
        proc.stdin.flush()
    return procs, at


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in out + err, err
    return proc.returncode, out, err


def _fresh(make_repo, tmp_path: Path, files=None, **kwargs) -> Path:
    """A new repository per run: the fixture builds one at tmp_path/repo."""
    repo = tmp_path / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    return make_repo(files, **kwargs)


def test_two_concurrent_approvals_record_exactly_one(make_repo, tmp_path) -> None:
    failures = []
    for run in range(RUNS):
        root = _fresh(make_repo, tmp_path, sdm())
        both, _ = _start(
            *[("approve", BAGGRUND, "--by", p, "--date", "2025-04-14") for p in ("anna", "bo")],
            cwd=root,
        )
        results = [_finish(proc) for proc in both]
        codes = sorted(code for code, _, _ in results)
        text = (root / BAGGRUND).read_text(encoding="utf-8")
        winners = [p for p, (code, _, _) in zip(("anna", "bo"), results, strict=True) if code == 0]
        loser_err = "".join(err for code, _, err in results if code != 0)
        ok = (
            codes == [0, 1]
            and f"godkendt_af: {winners[0]}\n" in text
            and f"allerede godkendt af {winners[0]}" in loser_err
        )
        if not ok:
            failures.append((run, codes, loser_err.strip()))
    assert failures == [], f"{len(failures)} of {RUNS} runs lost or misreported an approval"


def test_two_concurrent_add_items_never_share_a_number(make_repo, tmp_path) -> None:
    failures = []
    for run in range(RUNS):
        root = _fresh(make_repo, tmp_path)
        both, _ = _start(*[("add-item", DIR, "--titel", t) for t in ("Alfa", "Beta")], cwd=root)
        codes = [_finish(proc)[0] for proc in both]
        names = sorted(p.name for p in (root / DIR / "punkter").iterdir())
        numbers = [name[:2] for name in names if name.endswith(".md")]
        if codes != [0, 0] or numbers != ["01", "02", "03"]:
            failures.append((run, codes, names))
    assert failures == [], f"{len(failures)} of {RUNS} runs: {failures[:3]}"


def test_an_editor_saving_while_approve_runs_is_never_overwritten(make_repo, tmp_path) -> None:
    """The editor saves once (write a new file, rename it over: as editors do) at a random
    moment while `approve` runs; afterwards the file must hold the editor's text."""
    rng = random.Random(20251201)
    failures = []
    for run in range(RUNS):
        root = _fresh(make_repo, tmp_path, sdm())
        path = root / BAGGRUND
        saved = path.read_text(encoding="utf-8") + f"Gemt af redaktøren, kørsel {run}.\n"
        [proc], at = _start(("approve", BAGGRUND, "--by", "bo", "--date", "2025-04-14"), cwd=root)
        time.sleep(max(0.0, at - time.time()) + rng.uniform(0.0, 0.3))
        tmp = path.with_name(".editor-save")
        tmp.write_text(saved, encoding="utf-8")
        os.replace(tmp, path)
        code, _, err = _finish(proc)
        if "Gemt af redaktøren" not in path.read_text(encoding="utf-8"):
            failures.append((run, code, err.strip()))
    assert failures == [], f"{len(failures)} of {RUNS} runs lost the editor's save"


@pytest.mark.parametrize("swap", ["exchange", "compare-and-rename"])
def test_a_save_while_the_approval_is_written_is_refused_and_kept(
    make_repo, monkeypatch, swap
) -> None:
    """The editor saves while dialog writes (and fsyncs) the approved copy: the last moment
    before the swap. The comparison must come after that, not before; also where the
    system cannot exchange two names and dialog compares, then renames."""
    if swap == "compare-and-rename":
        monkeypatch.setattr(edit, "_renameat2", lambda: None)
    else:
        assert edit._renameat2() is not None, "this Linux has no renameat2"
    root = make_repo(sdm())
    path = root / BAGGRUND
    pending = prepare_approval(root, path, "bo", date(2025, 4, 14))
    saved = path.read_text(encoding="utf-8") + "Gemt imens.\n"
    real_write_temp = edit._write_temp

    def save_meanwhile(folder: Path, data: bytes) -> Path:
        tmp = real_write_temp(folder, data)
        path.write_text(saved, encoding="utf-8")
        return tmp

    monkeypatch.setattr(edit, "_write_temp", save_meanwhile)
    with pytest.raises(DialogError, match="blev ændret på disken, mens den blev godkendt"):
        write_approval(pending)
    assert path.read_text(encoding="utf-8") == saved
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".dialog-")) == []
    assert git(root, "status", "--porcelain") == f" M {BAGGRUND}\n"


def test_a_killed_approve_leaves_the_old_or_the_new_file_whole(make_repo, tmp_path) -> None:
    """`kill -9` at a random moment while `approve` runs: the product is byte for byte the
    draft or the approved file, never a mix, and a leftover temporary file is reported."""
    root = make_repo(sdm())
    path = root / BAGGRUND
    draft = path.read_bytes()
    args = ("approve", BAGGRUND, "--by", "bo", "--date", "2025-04-14")
    code, _, err = _finish(_start(args, cwd=root)[0][0])
    assert code == 0, err
    approved = path.read_bytes()
    rng = random.Random(9)
    seen = {"draft": 0, "approved": 0}
    for _ in range(RUNS):
        path.write_bytes(draft)
        [proc], at = _start(args, cwd=root)
        time.sleep(max(0.0, at - time.time()) + rng.uniform(0.0, 0.12))
        proc.kill()  # SIGKILL: no cleanup of any kind runs
        proc.communicate(timeout=60)
        now = path.read_bytes()
        assert now in (draft, approved), now[:200]
        seen["draft" if now == draft else "approved"] += 1
        leftovers = [p.name for p in path.parent.glob(".dialog-*.tmp")]
        if leftovers:
            check = forkrun.run(
                [sys.executable, "-m", "dialogmoder", "check", "--format", "json"],
                cwd=root,
                capture_output=True,
                text=True,
            )
            assert all(name in check.stdout for name in leftovers), check.stdout
            for name in leftovers:
                (path.parent / name).unlink()
    print(f"after kill -9: {seen}")  # shown with pytest -s
