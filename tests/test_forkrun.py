"""helpers.forkrun: a process forked from the zygote is what a plain subprocess would be
(exit code, streams, folder, environment, arguments, signals, the interpreter's ending),
and a call the zygote cannot give faithfully is run as a plain subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import forkrun

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the zygote forks on Linux only"
)

SHOW = """
import json, os, sys, threading, atexit
atexit.register(lambda: print("atexit ran", flush=True))
def late():
    import time; time.sleep(0.2); print("thread joined", flush=True)
threading.Thread(target=late).start()
print(json.dumps({
    "argv": sys.argv, "path0": sys.path[0], "cwd": os.getcwd(), "x": os.environ.get("X"),
    "stdin": sys.stdin.read(), "encoding": sys.stdout.encoding, "fds": sorted(
        int(fd) for fd in os.listdir("/proc/self/fd")),
    "main": __name__, "ppid_is_test": os.getppid() == int(sys.argv[1]),
}))
print("to stderr", file=sys.stderr)
sys.exit(int(sys.argv[2]))
"""


def test_a_forked_c_program_is_what_a_fresh_interpreter_gives(tmp_path: Path) -> None:
    argv = [sys.executable, "-c", SHOW, str(os.getpid()), "7", "ø"]
    env = {**os.environ, "X": "æble"}
    kwargs = dict(cwd=tmp_path, env=env, capture_output=True, text=True)
    forked = forkrun.run(argv, input="ind", timeout=60, **kwargs)
    plain = subprocess.run(argv, input="ind", timeout=60, **kwargs)
    assert forked.returncode == plain.returncode == 7
    assert forked.stderr == plain.stderr == "to stderr\n"
    *shown, joined, ran = forked.stdout.splitlines()
    assert (joined, ran) == ("thread joined", "atexit ran")
    seen, fresh = json.loads(shown[0]), json.loads(plain.stdout.splitlines()[0])
    assert fresh["ppid_is_test"] and not seen.pop("ppid_is_test")  # the zygote's child
    fresh.pop("ppid_is_test")
    assert seen == fresh
    assert seen["x"] == "æble" and seen["cwd"] == str(tmp_path) and seen["fds"] == [0, 1, 2, 3]


def test_a_forked_dialog_gives_the_same_exit_code_and_output(make_repo) -> None:
    root = make_repo({"meetings/2025/x.md": "---\ntitel: [\n---\n"})
    for args in (["check", "--today", "2025-06-01"], ["nosuchcommand"], ["--help"]):
        argv = [sys.executable, "-m", "dialogmoder", *args]
        forked = forkrun.run(argv, cwd=root, capture_output=True, text=True, timeout=120)
        plain = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=120)
        assert (forked.returncode, forked.stdout, forked.stderr) == (
            plain.returncode,
            plain.stdout,
            plain.stderr,
        ), args
    assert plain.returncode == 0 and "check" in forked.stdout


def test_an_uncaught_exception_and_a_kill_end_the_process_as_they_would() -> None:
    boom = forkrun.run([sys.executable, "-c", "raise ValueError('bang')"], capture_output=True)
    assert boom.returncode == 1 and b"ValueError: bang" in boom.stderr
    sleeper = forkrun.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert isinstance(sleeper, forkrun._Forked) and sleeper.poll() is None
    os.kill(sleeper.pid, signal.SIGKILL)  # from outside, as the tests do
    assert sleeper.wait(timeout=30) == -signal.SIGKILL
    with pytest.raises(subprocess.TimeoutExpired):
        forkrun.run([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    ctrl_c = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGINT)"]
    # Ctrl-C ends Python with SIGINT, unless it was ignored where the process began (as an
    # xdist worker ignores it): either way the same as for a plain subprocess
    interrupted = forkrun.run(ctrl_c, capture_output=True)
    plain = subprocess.run(ctrl_c, capture_output=True)
    assert interrupted.returncode == plain.returncode in (0, -signal.SIGINT)
    assert interrupted.stderr.endswith(b"KeyboardInterrupt\n") == bool(plain.returncode)


def test_two_forked_processes_run_at_once() -> None:
    """Each answer reaches its own Popen, whichever ends first."""
    slow = forkrun.Popen([sys.executable, "-c", "import sys, time; time.sleep(1); sys.exit(4)"])
    fast = forkrun.Popen([sys.executable, "-c", "import sys; sys.exit(5)"])
    assert fast.wait(timeout=30) == 5
    assert slow.poll() is None
    assert slow.wait(timeout=30) == 4
    assert slow.pid != fast.pid


@pytest.mark.parametrize(
    "change",
    [
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C"},
        {"TZ": "Asia/Tokyo"},
        {"TYPER_USE_RICH": "0"},  # read by an import (typer)
    ],
)
def test_an_environment_that_counts_at_start_up_gets_a_fresh_interpreter(change) -> None:
    argv = [sys.executable, "-c", "import sys, time; print(sys.stdout.encoding, time.tzname)"]
    env = {**os.environ, **change}
    process = forkrun.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    assert not isinstance(process, forkrun._Forked)
    out, _ = process.communicate(timeout=60)
    assert out == subprocess.run(argv, env=env, capture_output=True, text=True).stdout


@pytest.mark.parametrize(
    ("argv", "kwargs"),
    [
        (["-X", "utf8", "-c", "pass"], {}),
        (["-m", "pip", "--version"], {}),
        (["-c", "pass"], {"start_new_session": True}),
        (["-c", "pass"], {"preexec_fn": os.getpid}),
        (["-c", "pass"], {"shell": False, "executable": sys.executable}),
    ],
)
def test_other_programs_and_options_get_a_plain_subprocess(argv, kwargs) -> None:
    process = forkrun.Popen([sys.executable, *argv], stdout=subprocess.DEVNULL, **kwargs)
    assert not isinstance(process, forkrun._Forked)
    assert process.wait(timeout=60) == 0


def test_a_terminal_gets_a_plain_subprocess() -> None:
    import pty

    master, slave = pty.openpty()
    try:
        process = forkrun.Popen([sys.executable, "-c", "print(1)"], stdout=slave)
        assert not isinstance(process, forkrun._Forked)
        assert process.wait(timeout=60) == 0
    finally:
        os.close(slave)
        os.close(master)


def test_an_ended_process_keeps_its_pid_until_it_is_waited_for() -> None:
    """As a subprocess's child: ended, it is a zombie (a signal to it is no error and its pid
    is not reused) until `wait` collects it."""
    done = forkrun.Popen([sys.executable, "-c", "pass"])
    assert isinstance(done, forkrun._Forked)
    stat = Path(f"/proc/{done.pid}/stat")
    for _ in range(600):
        if stat.read_text().split(") ", 1)[1].startswith("Z"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the process did not end")
    os.kill(done.pid, signal.SIGKILL)  # no ProcessLookupError: it is still there
    assert done.wait(timeout=30) == 0
    for _ in range(600):
        if not stat.exists():
            break
        time.sleep(0.05)
    assert not stat.exists()  # collected once waited for
