"""Where `-o` points: special files (a pipe, /dev/null) and a format the name implies."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from helpers.meetings import DIR, DIR_ID


def _read_fifo(path):
    return subprocess.Popen(["cat", str(path)], stdout=subprocess.PIPE)


@pytest.mark.parametrize(
    "args",
    [
        ("render", "referat", DIR_ID),
        ("calendar",),
        ("codeowners",),
    ],
)
def test_output_to_a_pipe_writes_into_it_and_keeps_the_pipe(make_repo, dialog, tmp_path, args):
    # A named pipe stands in for /dev/null or /dev/stdout: an atomic replace would put a
    # regular file where the device was (as root, even in /dev).
    root = make_repo()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = _read_fifo(fifo)
    try:
        result = dialog(*args, "-o", fifo, cwd=root)
        out, _ = reader.communicate(timeout=10)
    finally:
        reader.kill()
        reader.wait()
    assert result.code in {0, 1}, result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert out


def test_the_format_follows_the_output_file_name(make_repo, dialog, tmp_path):
    root = make_repo()
    result = dialog("render", "referat", DIR_ID, "-o", tmp_path / "referat.pdf", cwd=root)
    assert result.code == 0, result.err
    assert (tmp_path / "referat.pdf").read_bytes().startswith(b"%PDF")
    dialog("render", "referat", DIR_ID, "-o", tmp_path / "referat.html", cwd=root)
    assert (tmp_path / "referat.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_format_that_contradicts_the_output_file_name_is_refused(make_repo, dialog, tmp_path):
    root = make_repo()
    target = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-f", "md", "-o", target, cwd=root)
    assert result.code == 2
    assert result.err == (
        f"dialog: -o {target} er navnet på en pdf-fil, men --format er md;"
        " udelad --format, eller giv filen endelsen .md\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("args", [("render", "referat", DIR_ID), ("calendar",)])
def test_output_below_a_file_says_which_file_is_in_the_way(make_repo, dialog, args):
    root = make_repo()
    (root / "referater").write_text("not a folder\n", encoding="utf-8")
    result = dialog(*args, "-o", "referater/ud.md", cwd=root)
    assert result.code == 2
    assert result.err == (
        "dialog: kan ikke skrive referater/ud.md: referater er en fil, ikke en mappe\n"
    )


SOURCES = {
    "dialog.yaml": "dialog.yaml",
    "meeting.md": f"{DIR}/meeting.md",
    "templates": "templates/render/mine.md.j2",
    "git": ".git/config",
    "dotdot": "build/../dialog.yaml",
}


@pytest.mark.parametrize("where", list(SOURCES))
@pytest.mark.parametrize("args", [("render", "referat", DIR_ID), ("calendar",), ("codeowners",)])
def test_no_output_writes_over_a_file_of_the_repository(make_repo, dialog, args, where):
    root = make_repo({"templates/render/mine.md.j2": "{{ x }}\n"})
    target = SOURCES[where]
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = dialog(*args, "-o", target, cwd=root)
    assert result.code == 2
    assert result.err.startswith(f"dialog: -o {target}: det er ")
    assert "hvor folks filer ligger; dialog skriver aldrig output der" in result.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_output_through_a_symlink_into_meetings_is_refused(make_repo, dialog):
    root = make_repo()
    (root / "build").mkdir()
    (root / "build" / "ud.ics").symlink_to(root / DIR / "meeting.md")
    before = (root / DIR / "meeting.md").read_bytes()
    result = dialog("calendar", "-o", "build/ud.ics", cwd=root)
    assert result.code == 2
    assert f"det er meetings/2025/{DIR_ID}/meeting.md i dialog-arkivet" in result.err
    assert (root / DIR / "meeting.md").read_bytes() == before


def test_schema_into_the_meetings_folder_is_refused_and_writes_nothing(make_repo, dialog):
    root = make_repo()
    result = dialog("schema", "-o", root / "meetings", cwd=root)
    assert result.code == 2
    assert "det er meetings/dialog.schema.json i dialog-arkivet" in result.err
    assert not list((root / "meetings").glob("*.json"))
