"""Instructions, not seconds: `dialog check` and the floor counted by valgrind's callgrind.

python benchmarks/instructions.py ROOT [--dialog OTHER/.venv/bin/dialog]

On a shared machine CPU seconds move with whatever else runs (the same script's floor has
measured 0.69-1.11 s in one morning); the number of instructions a run executes does not.
This counts them for the floor (`floor.py`) and for `dialog check` in one process (its
CPU set narrowed to one processor, so that it does not split), and prints their ratio:
the part of "CPU <= 1.5 x the floor" that code can change. A split check (two processes)
runs the same instructions (callgrind gives a forked child the parent's count up to the
fork, which this subtracts); what a split adds is the machine's: page faults and two
processors sharing caches. It takes about a minute at 5,000 files. Needs valgrind.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-01-15"


def instructions(command: list[str]) -> int:
    """The instructions the command's first process executed (callgrind's 'Collected')."""
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.%p", *command],
            capture_output=True,
            text=True,
            check=False,
        )
    counts = re.findall(r"Collected : (\d+)", done.stderr)
    if done.returncode not in (0, 1) or not counts:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return int(counts[0])


def one_process(dialog: str, root: Path) -> list[str]:
    """`dialog check` on one processor: `check` splits only with two or more."""
    python = Path(dialog).read_text(encoding="utf-8").split("\n", 1)[0][2:].strip()
    script = (
        "import os, sys; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        " sys.argv = ['dialog'] + sys.argv[1:];"
        " from dialogmoder.__main__ import main; main()"
    )
    return [python, "-c", script, "check", "--root", str(root), "--today", TODAY]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--dialog", default=shutil.which("dialog") or "dialog")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    floor = instructions([sys.executable, str(HERE / "floor.py"), str(args.root)])
    check = instructions(one_process(args.dialog, args.root))
    print(f"floor            {floor / 1e9:7.2f} G instructions")
    print(f"check, 1 process {check / 1e9:7.2f} G instructions = {check / floor:.2f} x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
