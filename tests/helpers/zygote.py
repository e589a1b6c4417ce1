"""The zygote: a Python process that has imported dialog once and forks a child for each
`python -m dialogmoder ARGS` or `python -c PROGRAM ARGS` the tests ask for (helpers.forkrun
is the tests' side). The child is a real process (its own pid, exit code, signals) that
takes the asker's stdin, stdout, stderr, working folder, environment and arguments, runs
the program as the interpreter would run it, and ends as the interpreter ends (threads
joined, atexit run, streams flushed).

Run as `python -c SOURCE FD` (this file's text, never imported: its folder is not put on
sys.path): FD is a Unix socket to the tests' side. Each request on it is a message with
four file descriptors (stdin, stdout, stderr, and a socket of its own on which the answer
goes: the child's pid on a line, then its wait status on a line once it has ended). On
start the zygote says on FD which environment variables the imports read ("ready" and a
JSON list): a request whose environment differs in one of them is no request for a fork.
"""

import array
import contextlib
import json
import os
import selectors
import socket
import sys
from typing import ClassVar


class _Recording(type(os.environ)):  # type: ignore[misc]
    """os.environ that notes each name read (the same mapping underneath)."""

    read: ClassVar[set[str]] = set()

    def __getitem__(self, key):  # os.getenv and .get go through here
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _preimport() -> set[str]:
    """Import dialog's modules; the environment variables read meanwhile."""
    import importlib
    import pkgutil

    real = os.environ
    recording = _Recording(
        real._data, real.encodekey, real.decodekey, real.encodevalue, real.decodevalue
    )
    os.environ = recording  # noqa: B003  (the same variables: only reads are noted)
    try:
        import dialogmoder
        import dialogmoder.cli

        for info in pkgutil.walk_packages(dialogmoder.__path__, "dialogmoder."):
            if info.name.endswith("__main__"):
                continue  # `-m dialogmoder` runs it as __main__, as the interpreter does
            with contextlib.suppress(ImportError):  # a module for another system
                importlib.import_module(info.name)
    finally:
        os.environ = real  # noqa: B003
    return set(_Recording.read)


def _status(pid: int) -> int:
    """The wait status of an ended child, which is left unreaped (a zombie, as a
    subprocess's child is until it is waited for: its pid is not reused meanwhile)."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    assert info is not None
    if info.si_code == os.CLD_EXITED:
        return (info.si_status & 0xFF) << 8
    return info.si_status | (0x80 if info.si_code == os.CLD_DUMPED else 0)


def _serve(control: socket.socket) -> tuple[dict, list[int]]:
    """Answer requests until the tests' side closes; in a forked child, return its request
    and its three standard file descriptors."""
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ, None)
    children: dict[int, tuple[int, socket.socket]] = {}  # pid: its pidfd, its answer
    while True:
        for key, _ in selector.select():
            if key.data is not None:
                what, pid = key.data
                selector.unregister(key.fileobj)
                pidfd, answer = children[pid]
                if what == "ended":
                    os.close(pidfd)
                    children[pid] = (-1, answer)
                    try:
                        answer.sendall(f"{_status(pid)}\n".encode())
                    except OSError:  # the asker has gone
                        what = "collected"
                    else:  # reaped once the asker has read it and closed its end
                        selector.register(answer, selectors.EVENT_READ, ("collected", pid))
                if what == "collected":
                    answer.close()
                    os.waitpid(pid, 0)
                    del children[pid]
                continue
            fds = array.array("i")
            message, ancillary, _, _ = control.recvmsg(1 << 20, socket.CMSG_SPACE(4 * 4))
            if not message:  # the tests' side has gone
                os._exit(0)
            for level, kind, data in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
            request = json.loads(message)
            *stdio, answer_fd = list(fds)
            answer = socket.socket(fileno=answer_fd)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                for pidfd, other in children.values():
                    if pidfd != -1:
                        os.close(pidfd)
                    other.close()
                selector.close()
                control.close()
                answer.close()
                return request, stdio
            for fd in stdio:
                os.close(fd)
            answer.sendall(f"{pid}\n".encode())
            pidfd = os.pidfd_open(pid)
            children[pid] = (pidfd, answer)
            selector.register(pidfd, selectors.EVENT_READ, ("ended", pid))


def _become(request: dict, stdio: list[int]) -> None:
    """In the child: take the asker's streams, folder, environment and arguments."""
    import time

    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    for fd in set(stdio):
        if fd > 2:
            os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    argv = request["argv"]
    sys.orig_argv = [sys.executable, *argv]
    if argv[0] == "-m":
        sys.argv = [argv[0], *argv[2:]]  # runpy puts the module's file in argv[0]
        sys.path.insert(0, os.getcwd())
    else:
        sys.argv = ["-c", *argv[2:]]
        sys.path.insert(0, "")


def _main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    del sys.path[0]  # '' (the zygote's folder): the child puts its own first entry back
    read = _preimport()
    control.sendall(("ready " + json.dumps(sorted(read)) + "\n").encode())
    request, stdio = _serve(control)
    _become(request, stdio)
    argv = request["argv"]
    if argv[0] == "-m":
        import runpy

        runpy._run_module_as_main(argv[1])
    else:
        import types

        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = main
        exec(compile(argv[1], "<string>", "exec"), main.__dict__)


_main()
