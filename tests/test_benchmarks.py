"""The benchmark generator cannot rot, and the two-process check finds what one process does."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import weakref
from datetime import date
from pathlib import Path

from dialogmoder import check

from helpers.repo import PROJECT, generated_archive


def test_generated_archive_is_clean(tmp_path, dialog_process):
    root = generated_archive(tmp_path, 300)
    assert len(list(root.rglob("*.md"))) >= 290
    done = dialog_process("check", "--root", root, "--today", "2026-01-15")
    assert done.returncode == 0, done.stdout[-2000:]


def test_split_check_finds_exactly_what_one_process_finds(tmp_path, monkeypatch):
    root = generated_archive(tmp_path, 400)
    meetings = sorted((root / "meetings").glob("*/*"))
    (meetings[0] / "meeting.md").write_text("---\nforum: [\n---\n", encoding="utf-8")
    punkt = next(meetings[3].glob("punkter/*.md"))
    punkt.write_text(punkt.read_text("utf-8") + "\nCPR 010203-1234\n", encoding="utf-8")
    (meetings[4] / "noter.txt").write_text("x", encoding="utf-8")
    config = root / "dialog.yaml"
    config.write_text(config.read_text("utf-8") + "regler: {DM999: off}\n", encoding="utf-8")
    today = date(2026, 1, 15)

    monkeypatch.setattr(check, "SPLIT_FROM", 10**9)
    one = check.check_repository(root, today=today)
    monkeypatch.setattr(check, "SPLIT_FROM", 1)
    two = check.check_repository(root, today=today)
    monkeypatch.setattr(check, "MEETINGS_AT_ONCE", 3)  # two processes, each in slices
    sliced = check.check_repository(root, today=today)
    monkeypatch.setattr(check, "SPLIT_FROM", 10**9)  # one process, in slices
    sliced_one = check.check_repository(root, today=today)

    assert {f.rule for f in one} >= {"DM002", "DM006", "DM008"}
    assert two == one
    assert sliced == one
    assert sliced_one == one


def test_a_large_check_holds_one_slice_of_meetings_at_a_time(tmp_path, monkeypatch):
    """Each slice's loaded meetings are let go before the next slice is loaded."""
    root = generated_archive(tmp_path, 300)
    folders = len(list((root / "meetings").glob("*/*")))
    loaded: list[weakref.ref] = []
    alive_at_load: list[int] = []
    real_load = check.load_repository

    def load(*args, **kwargs):
        alive_at_load.append(sum(ref() is not None for ref in loaded))
        repo = real_load(*args, **kwargs)
        loaded.extend(weakref.ref(folder) for folder in repo.meetings)
        return repo

    monkeypatch.setattr(check, "load_repository", load)
    monkeypatch.setattr(check, "SPLIT_FROM", 10**9)
    monkeypatch.setattr(check, "MEETINGS_AT_ONCE", 4)
    check.check_repository(root, today=date(2026, 1, 15))

    assert len(alive_at_load) == -(-folders // 4) > 1
    assert len(loaded) == folders
    assert alive_at_load == [0] * len(alive_at_load)


def test_verify_history_benchmark_builds_a_history_verify_accepts(tmp_path, dialog):
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import verify_history

    root = tmp_path / "repo"
    verify_history.build(root, approvals=12, commits=60)
    assert subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True,
                          text=True, check=True).stdout.strip() == "60"  # fmt: skip
    assert dialog("verify", "--root", root).code == 0
    program = next(root.glob("meetings/*/*/program.md"))
    program.write_text(program.read_text("utf-8").replace("Oplæg", "Oplæg!"), encoding="utf-8")
    result = dialog("approve", program, "--by", "vd", "--date", "2025-12-01", cwd=root)
    assert result.code == 0, result.err
    subprocess.run(["git", "commit", "-qam", "forged", "--author", "M <m@example.dk>"], cwd=root,
                   check=True, env={**os.environ, "GIT_COMMITTER_NAME": "M",
                                    "GIT_COMMITTER_EMAIL": "m@example.dk"})  # fmt: skip
    result = dialog("verify", "--root", root, "--format", "json")
    assert [f["rule"] for f in json.loads(result.out)] == ["DM801"]


def test_site_benchmark_times_a_rebuild_and_restores_the_changed_punkt(tmp_path):
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import run

    root = generated_archive(tmp_path, 300)
    before = {p: p.read_bytes() for p in (root / "meetings").rglob("*.md")}
    figures = run.site_builds(root, repeat=1)
    assert set(figures) == {"site_s", "site_rebuild_s", "site_unchanged_s"}
    assert {p: p.read_bytes() for p in (root / "meetings").rglob("*.md")} == before


def test_run_sums_the_peak_memory_of_every_process_of_a_check():
    """The memory row bounds what all processes held (a forked check is two), not the
    largest one, which is all the operating system's own accounting tells."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import run

    script = (
        "import os, time\n"
        "block = bytearray(os.urandom(1)) * 80_000_000\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    other = bytearray(os.urandom(1)) * 80_000_000\n"
        "    time.sleep(1.5)\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    memory = run.TreeMemory(child.pid)
    memory.start()
    assert child.wait(timeout=60) == 0
    memory.done.set()
    memory.join()
    # KiB: the parent's own peak (~80 MB) and the child's (~160 MB, its copy of the
    # parent's block included), each seen while it lived, added up
    peaks = sorted(memory.peaks.values())
    assert len(peaks) == 2 and peaks[0] >= 78_000 and peaks[1] >= 156_000
    assert memory.kib == sum(peaks)


def test_instructions_benchmark_checks_in_one_process(tmp_path):
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import instructions

    root = generated_archive(tmp_path, 1400)
    assert len(list((root / "meetings").glob("*/*"))) >= check.SPLIT_FROM  # else none splits
    dialog = str(Path(sys.executable).with_name("dialog"))
    command = instructions.one_process(dialog, root)
    trace = ["strace", "-f", "-e", "trace=clone,clone3,fork", "-o", str(tmp_path / "trace")]
    done = subprocess.run(
        [*(trace if shutil.which("strace") else []), *command], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "tjekket:" in done.stderr
    if (tmp_path / "trace").exists():  # no process made (threads are clone with CLONE_THREAD)
        calls = (tmp_path / "trace").read_text().splitlines()
        assert not [c for c in calls if "clone" in c and "CLONE_THREAD" not in c and "= " in c]


def test_generated_bilag_pdfs_are_read_by_check(tmp_path):
    """--bilag-pdf gives every bilag a PDF of that many pages, which DM601 reads."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import generate as generator
    from pypdf import PdfReader

    plain, with_pdfs = tmp_path / "plain", tmp_path / "pdfs"
    generator.generate(plain, 200, 1)
    generator.generate(with_pdfs, 200, 1)
    assert generator.add_bilag_pdfs(with_pdfs, 2, 1) > 10
    for punkt in with_pdfs.glob("meetings/*/*/punkter/*.md"):
        text = punkt.read_text("utf-8")
        same = (plain / punkt.relative_to(with_pdfs)).read_text("utf-8")
        assert [line for line in text.splitlines() if "    fil: " not in line] == same.splitlines()
        for name in re.findall(r"    fil: (bilag/\S+)", text):
            assert len(PdfReader(punkt.parent.parent / name).pages) == 2
    open_bilag = next(
        punkt.parent.parent / match[1]
        for punkt in sorted(with_pdfs.glob("meetings/*/*/punkter/*.md"))
        if "\nlukket: false\n" in (text := punkt.read_text("utf-8"))
        for match in re.finditer(r"    fil: (bilag/\S+)\n    lukket: false\n", text)
    )
    assert check.check_repository(with_pdfs, today=date(2026, 1, 15)) == check.check_repository(
        plain, today=date(2026, 1, 15)
    )
    open_bilag.write_bytes(generator.pdf(["Æblegrød (og kage) for 010203-1234"]))
    found = check.check_repository(with_pdfs, today=date(2026, 1, 15))
    assert [f.rule for f in found if f.severity == "error"] == ["DM601"]


def test_bilag_benchmark_times_a_first_and_a_later_check(tmp_path):
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import run

    figures = run.bilag_checks(80, 1, tmp_path, repeat=1)
    assert figures["bilag_pdfs"] > 5 and figures["bilag_pages"] == 1
    assert figures["bilag_cold_s"] > 0 and figures["bilag_warm_s"] > 0
    assert (tmp_path / "archive-80-bilag1" / "dialog.yaml").exists()  # kept for the next run


def test_run_times_the_floor_check_and_export_in_turn(tmp_path):
    """Issue 21's ratios are paired: the floor and what is compared with it run A B, A B, ...
    so that a drift of the machine's speed falls on both alike, not A A A, B B B."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import run

    log = tmp_path / "order"
    commands = [
        [sys.executable, "-c", f"open({str(log)!r}, 'a').write({letter!r})"] for letter in "ABC"
    ]
    timings = run.in_turn(commands, 3)
    assert log.read_text() == "ABCABCABC"
    for timing in timings:
        assert len(timing["walls"]) == len(timing["cpus"]) == 3
        assert timing["seconds"] == min(timing["walls"]) > 0
    assert run.median_ratio([2.0, 3.0, 9.0], [1.0, 1.0, 3.0]) == 3.0
