"""Where `-o` points: special files (a pipe, /dev/null) and a format the name implies."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

MEETING_ID = "2025-03-05-direktionen"


def _read_fifo(path):
    return subprocess.Popen(["cat", str(path)], stdout=subprocess.PIPE)


@pytest.mark.parametrize(
    "args",
    [
        ("render", "referat", MEETING_ID),
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
    result = dialog("render", "referat", MEETING_ID, "-o", tmp_path / "referat.pdf", cwd=root)
    assert result.code == 0, result.err
    assert (tmp_path / "referat.pdf").read_bytes().startswith(b"%PDF")
    dialog("render", "referat", MEETING_ID, "-o", tmp_path / "referat.html", cwd=root)
    assert (tmp_path / "referat.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_format_that_contradicts_the_output_file_name_is_refused(make_repo, dialog, tmp_path):
    root = make_repo()
    target = tmp_path / "referat.pdf"
    result = dialog("render", "referat", MEETING_ID, "-f", "md", "-o", target, cwd=root)
    assert result.code == 2
    assert result.err == (
        f"dialog: -o {target} names a pdf file, but --format is md;"
        " drop --format or name the file .md\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("args", [("render", "referat", MEETING_ID), ("calendar",)])
def test_output_below_a_file_says_which_file_is_in_the_way(make_repo, dialog, args):
    root = make_repo()
    (root / "referater").write_text("not a folder\n", encoding="utf-8")
    result = dialog(*args, "-o", "referater/ud.md", cwd=root)
    assert result.code == 2
    assert result.err == (
        "dialog: cannot write referater/ud.md: referater is a file, not a folder\n"
    )
