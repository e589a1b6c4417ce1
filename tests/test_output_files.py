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
