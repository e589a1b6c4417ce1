"""Time rendering the bundled referat to PDF (issue 5's target: under 1 second).

    python benchmarks/render_pdf.py [--repeat 5] [--in-process]

Default: each run is a separate `dialog render referat 2025-01-29-direktionen --format pdf`
process, so the figure includes Python's start, the imports, loading the repository,
typst's compile and the write: what a person waits for. Best of --repeat.
With --in-process: one process, one warm-up render, then the best of --repeat renders
(loading the repository included), to see the cost without start-up and imports.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MEETING = "2025-01-29-direktionen"


def dialog_command() -> list[str]:
    script = Path(sys.executable).parent / "dialog"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dialogmoder"]


def separate_processes(repeat: int, out: Path) -> list[float]:
    command = [*dialog_command(), "render", "referat", MEETING, "--format", "pdf", "-o", str(out)]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def in_process(repeat: int, out: Path) -> list[float]:
    from dialogmoder.render import render_meeting

    render_meeting(PROJECT, "referat", MEETING, "pdf", output=str(out))  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_meeting(PROJECT, "referat", MEETING, "pdf", output=str(out))
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "referat.pdf"
        run = in_process if args.in_process else separate_processes
        times = run(args.repeat, out)
    how = "in-process after warm-up" if args.in_process else "separate processes"
    print(
        f"render referat {MEETING} --format pdf ({how}): best {min(times):.3f} s,"
        f" median {sorted(times)[len(times) // 2]:.3f} s of {len(times)} runs; target < 1 s"
    )
    return 0 if min(times) < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
