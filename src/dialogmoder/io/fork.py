"""Work shared with a process forked from this one, where a second processor is free to
take half of it: reading a large archive is CPU-bound Python (`dialog check`, `dialog
export`), and each half of its meeting folders can be read and looked at on its own.

A bare `os.fork` and a pipe, not `multiprocessing`: the child inherits the work as it
stands (nothing to pickle but what it gives back, no pool process, no threads, no module
imported for them), and dies with `os._exit` once its answer is written.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError
from dialogmoder.exit_codes import USAGE

T = TypeVar("T")

Share = tuple[int, int]  # (i, n): every n-th item from the i-th


def two_processors() -> bool:
    """Whether this process may run on two processors or more, and can fork."""
    if not hasattr(os, "fork"):
        return False  # Windows: one process
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2


def in_two(work: Callable[[Share], T]) -> tuple[T, T]:
    """`work((0, 2))` in this process and `work((1, 2))` in a child forked from it, at the
    same time; both answers, this one's first. What the child raises is raised here (after
    this process's own half is done); what this half raises stops the child."""
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        _answer(write, work)
    os.close(write)
    pipe = os.fdopen(read, "rb")
    try:
        mine = work((0, 2))
        data = pipe.read()
    except BaseException:
        _stop(pid)
        raise
    finally:
        pipe.close()
    os.waitpid(pid, 0)
    if not data:
        # killed from outside (out of memory, a signal): no half answer may pass for all
        raise DialogError(
            besked("the second process (pid {pid}) stopped before it had finished").format(pid=pid),
            exit_code=USAGE,
        )
    ok, theirs = pickle.loads(data)
    if not ok:
        raise theirs
    return mine, theirs


def _answer(fd: int, work: Callable[[Share], object]) -> None:
    """The child's whole life: its half of the work, pickled into the pipe, then exit
    without running anything the parent registered to run at exit."""
    code = 0
    try:
        try:
            outcome: tuple[bool, object] = (True, work((1, 2)))
        except BaseException as e:  # given to the parent, which raises it
            outcome = (False, e)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as e:  # an answer or an exception pickle cannot carry
            data = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _stop(pid: int) -> None:
    """End the child and wait for it, when this half failed or was interrupted."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
