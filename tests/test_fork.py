"""io.fork.in_two: half of the work here, half in a forked child, both answers back; what
the child raises is raised here, and a child that dies answers with an error, never with
half the work passing for all of it."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from dialogmoder.errors import DialogError
from dialogmoder.io.fork import in_two

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def test_each_half_gets_its_share_and_the_answers_come_back_in_order():
    items = list(range(11))
    mine, theirs = in_two(lambda share: (os.getpid(), items[share[0] :: share[1]]))
    assert mine == (os.getpid(), [0, 2, 4, 6, 8, 10])
    assert theirs[0] != os.getpid()  # a process of its own
    assert theirs[1] == [1, 3, 5, 7, 9]


def test_a_large_answer_comes_through_the_pipe_whole():
    mine, theirs = in_two(lambda share: "æ" * 3_000_000 if share[0] else "")
    assert (mine, theirs) == ("", "æ" * 3_000_000)


def test_what_the_child_raises_is_raised_here_as_it_was():
    def work(share):
        if share[0] == 1:
            raise DialogError("dialog.yaml: kan ikke læses", exit_code=2)
        return "mine"

    with pytest.raises(DialogError, match="kan ikke læses") as raised:
        in_two(work)
    assert raised.value.exit_code == 2


def test_a_child_that_dies_is_an_error_not_an_answer():
    def work(share):
        if share[0] == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return "mine"

    with pytest.raises(DialogError, match=r"\(pid \d+\)"):
        in_two(work)


def test_when_this_half_fails_the_child_is_stopped_and_reaped(tmp_path):
    pids = tmp_path / "pids"

    def work(share):
        if share[0] == 1:
            (tmp_path / "pid").write_text(str(os.getpid()))
            os.replace(tmp_path / "pid", pids)
            time.sleep(60)  # stopped long before this
            return "theirs"
        deadline = time.monotonic() + 60
        while not pids.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        in_two(work)
    child = int(pids.read_text())
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # already reaped: no zombie left
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_the_child_runs_nothing_registered_for_exit(tmp_path):
    """The child leaves with os._exit: the parent's atexit handlers and buffered output are
    the parent's alone."""
    script = (
        "import atexit, sys\n"
        "from dialogmoder.io.fork import in_two\n"
        "atexit.register(lambda: print('exit handler'))\n"
        "print(in_two(lambda share: share[0]))\n"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "(0, 1)\nexit handler\n"
