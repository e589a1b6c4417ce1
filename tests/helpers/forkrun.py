"""`dialog` as a real process without paying Python's start-up and dialog's imports each
time: `run` and `Popen` take subprocess's arguments, and a `python -m dialogmoder ARGS` or
`python -c PROGRAM ARGS` is forked from a zygote (helpers/zygote.py: one per test process,
dialog imported once). The child is a real process: its own pid, exit code and signals
(`kill()` kills it, a SIGKILL shows as -9), the stdin, stdout, stderr, working folder,
environment and arguments the call gives, and the interpreter's own way of ending.

What a fork cannot give is a fresh interpreter: dialog's modules are imported already (and
with them whatever they read at import). So a call is forked only where that cannot
matter, and otherwise run as a plain subprocess (the same result, slower): on systems
without fork and pidfd (Windows, macOS), with another program or interpreter options, with
a terminal as stdin/stdout/stderr, with options subprocess has that the zygote does not
take, or with an environment that differs from the one the zygote started with in a
variable that counts at start-up (PYTHON*, LANG, LC_*, TZ, and every one that the imports
read). A PROGRAM run with `-c` must not depend on what is imported when it starts (a
program that blocks a module before importing dialog needs `subprocess`)."""

from __future__ import annotations

import array
import atexit
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ZYGOTE = Path(__file__).with_name("zygote.py")
START_ENV = dict(os.environ)  # the zygote's environment: the test process's as it began
STARTUP = ("PYTHON", "LC_", "LANG", "TZ")  # variables that count when an interpreter starts

_lock = threading.Lock()
_zygote: _Zygote | None = None


class _Zygote:
    def __init__(self) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE.read_text("utf-8"), str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            cwd="/",
            env=START_ENV,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        theirs.close()
        ready = self.control.recv(1 << 20).decode()
        if not ready.startswith("ready "):
            raise RuntimeError(f"the zygote did not start: {ready!r}")
        self.read = set(json.loads(ready[len("ready ") :]))
        atexit.register(self.close)

    def serves(self, env: dict[str, str]) -> bool:
        """Whether a child with this environment is as a fresh interpreter would be."""
        names = {n for n in env.keys() | START_ENV.keys() if n.startswith(STARTUP)}
        return all(env.get(n) == START_ENV.get(n) for n in names | self.read)

    def start(self, request: dict[str, Any], fds: list[int]) -> None:
        message = json.dumps(request).encode()
        rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
        self.control.sendmsg([message], rights)

    def close(self) -> None:
        self.control.close()  # the zygote ends when it reads the end
        self.process.wait(timeout=30)


def _zygote_for(env: dict[str, str]) -> _Zygote | None:
    global _zygote
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return None
    with _lock:
        if _zygote is None:
            _zygote = _Zygote()
    return _zygote if _zygote.serves(env) else None


def _forkable(args: Any, kwargs: dict[str, Any]) -> bool:
    if isinstance(args, (str, bytes, os.PathLike)) or len(args) < 2:
        return False
    args = [os.fspath(a) for a in args]
    if args[0] != sys.executable or args[1] not in ("-m", "-c") or len(args) < 3:
        return False
    if args[1] == "-m" and args[2] != "dialogmoder":
        return False
    plain = {
        "shell": False,
        "executable": None,
        "preexec_fn": None,
        "pass_fds": (),
        "start_new_session": False,
        "process_group": None,
        "user": None,
        "group": None,
        "extra_groups": None,
        "umask": -1,
        "close_fds": True,
        "restore_signals": True,
    }
    return all(kwargs.get(name, value) == value for name, value in plain.items())


class _Forked(subprocess.Popen):  # type: ignore[type-arg]
    """A Popen whose process is a child of the zygote: subprocess's pipes, timeouts,
    communicate and kill, with the wait status read from the zygote."""

    def _execute_child(  # type: ignore[override]
        self, args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo,
        creationflags, shell, p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, *rest,
    ) -> None:  # fmt: skip
        env = dict(os.environ if env is None else env)
        zygote = _zygote_for(env)
        assert zygote is not None  # Popen below asked first
        request = {
            "argv": [os.fspath(a) for a in args[1:]],
            "cwd": os.path.abspath(os.fspath(cwd)) if cwd is not None else os.getcwd(),
            "env": {os.fsdecode(k): os.fsdecode(v) for k, v in env.items()},
        }
        self._answer, theirs = socket.socketpair()
        self._buffer = b""
        stdio = [p2cread, c2pwrite, errwrite]
        stdio = [fd if fd != -1 else own for fd, own in zip(stdio, (0, 1, 2), strict=True)]
        try:
            zygote.start(request, [*stdio, theirs.fileno()])
        finally:
            theirs.close()
            self._close_pipe_fds(p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite)
        self.pid = int(self._line(block=True))
        self._child_created = True

    def _line(self, *, block: bool) -> str | None:
        while b"\n" not in self._buffer:
            try:
                chunk = self._answer.recv(64, 0 if block else socket.MSG_DONTWAIT)
            except BlockingIOError:
                return None
            if not chunk:
                raise ChildProcessError("the zygote stopped before the process ended")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:
        line = self._line(block=not wait_flags & os.WNOHANG)
        if line is None:
            return (0, 0)
        self._answer.close()
        return (self.pid, int(line))

    def _internal_poll(self, _deadstate: int | None = None, **_: Any) -> int | None:
        if self.returncode is None and self._waitpid_lock.acquire(False):
            try:
                if self.returncode is None and self._answer.fileno() != -1:
                    pid, status = self._try_wait(os.WNOHANG)
                    if pid == self.pid:
                        self._handle_exitstatus(status)
            finally:
                self._waitpid_lock.release()
        return self.returncode


def _tty(stream: Any) -> bool:
    if stream is None:
        return False
    fd = stream if isinstance(stream, int) else stream.fileno()
    return fd >= 0 and os.isatty(fd)


def Popen(args: Any, **kwargs: Any) -> subprocess.Popen:  # type: ignore[type-arg]
    """subprocess.Popen, forked from the zygote where that gives the same process."""
    env = dict(os.environ if kwargs.get("env") is None else kwargs["env"])
    if (
        _forkable(args, kwargs)
        and not any(_tty(kwargs.get(s)) for s in ("stdin", "stdout", "stderr"))
        and _zygote_for(env) is not None
    ):
        return _Forked(args, **kwargs)
    return subprocess.Popen(args, **kwargs)


def run(
    args: Any,
    *,
    input: Any = None,  # subprocess.run's name
    capture_output: bool = False,
    timeout: float | None = None,
    check: bool = False,
    **kwargs: Any,
) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """subprocess.run, forked from the zygote where that gives the same process."""
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    if capture_output:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    with Popen(args, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        except BaseException:
            process.kill()
            raise
        code = process.poll()
        assert code is not None
        if check and code:
            raise subprocess.CalledProcessError(code, process.args, stdout, stderr)
    return subprocess.CompletedProcess(process.args, code, stdout, stderr)
