"""Running dialog as people and CI do: through its real entry point, in-process or as a
process, on a terminal, or from a shell with the environment's programs on PATH."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.cli import main

from helpers import forkrun
from helpers.repo import GIT_IDENTITY

# From an editable install (as the tests run) `dialog init` writes a wheel of the running
# dialog into the repository; most tests name the source themselves, which is quicker.
SPEC = ("--install-spec", "dialogmoder==0.1.0")

BIN = Path(sys.executable).parent  # dialog and pre-commit of the environment under test


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_dialog(*args: str | Path, cwd: Path | None = None) -> Result:
    """Run `dialog ARGS` in-process through cli.main, the console script's entry point."""
    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, Path.cwd()
    sys.argv = ["dialog", *map(str, args)]
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.out + result.err, result.err
    return result


def run_dialog_process(
    *args: str | Path, cwd: Path | None = None, timeout: float = 120, fresh: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `python -m dialogmoder ARGS` as a real separate process: forked from the tests'
    zygote (helpers.forkrun), or with `fresh` started as a new interpreter."""
    done = (subprocess.run if fresh else forkrun.run)(
        [sys.executable, "-m", "dialogmoder", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def run_on_a_terminal(root: Path, *args: str) -> bytes:
    """Run dialog with stdout on a real pseudo-terminal; what the terminal received."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env["TERM"] = "xterm-256color"
    import pty  # POSIX only: imported here, so the other helpers load on Windows too

    master, slave = pty.openpty()
    try:
        forkrun.run(  # stdout on a terminal: a new interpreter, not a fork
            [sys.executable, "-m", "dialogmoder", *args],
            cwd=root,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=120,
            check=False,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(master)


def run_command(cwd: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a program (git, pre-commit) as a person's shell would, with this environment's
    dialog and pre-commit first on PATH and pre-commit's cache in `home`."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(home),  # never the user's cache
        **GIT_IDENTITY,
    }
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
