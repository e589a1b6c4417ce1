"""Time `dialog verify` on a repository with many approvals across many commits.

    python benchmarks/verify_history.py [--approvals 1000] [--commits 5000] [--repeat 3]

The history is written with `git fast-import`: strategic meetings (generate.py's, three
approved products each), each created, edited as drafts by a chef, and approved one
product per commit by the fagdirektør, whose address dialog.yaml lists. Prints the best
of --repeat runs of `dialog verify` as a separate process; it must find nothing (exit 0).
Target (issue 13): 1,000 approvals across 5,000 commits in under 5 s.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import best, dialog_command  # noqa: E402

APPROVER = "Viggo Dam <vd@kommune.dk>"
AUTHOR = "Ole Carl <oc@kommune.dk>"
CONFIG = generate.CONFIG.replace(
    "  vd: {navn: Viggo Dam, titel: Velfærdsdirektør, rolle: fagdirektoer, github: vdam}\n",
    "  vd: {navn: Viggo Dam, titel: Velfærdsdirektør, rolle: fagdirektoer, github: vdam,"
    " email: vd@kommune.dk}\n",
)
PRODUCTS = ("program.md", "baggrundsnotat.md", "opfoelgningsnotat.md")


def draft(text: str, n: int) -> str:
    """The product before its approval: no approval keys, a body still being written."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("godkendt")]
    return "".join(lines).replace("status: godkendt\n", "status: udkast\n") + f"\nUdkast {n}.\n"


class Stream:
    """A git fast-import stream of commits on refs/heads/main."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.count = 0
        self.clock = 1_700_000_000

    def commit(self, who: str, message: str, files: dict[str, str]) -> None:
        self.count += 1
        self.clock += 60
        data = message.encode()
        self.parts.append(
            f"commit refs/heads/main\nauthor {who} {self.clock} +0000\n"
            f"committer {who} {self.clock} +0000\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
        for path, text in files.items():
            blob = text.encode()
            self.parts.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        self.parts.append(b"\n")


def build(target: Path, approvals: int, commits: int) -> None:
    rng = random.Random(13)
    meetings = -(-approvals // len(PRODUCTS))
    edits = max(0, commits - 1 - meetings - approvals)  # draft edits, spread evenly
    stream = Stream()
    stream.commit(AUTHOR, "dialog.yaml", {"dialog.yaml": CONFIG})
    day = date(2025, 12, 4)
    for m in range(meetings):
        day -= timedelta(days=28)
        folder = f"meetings/{day:%Y}/{day.isoformat()}-strategisk-{m}"
        tree = generate.strategisk(rng, day)
        products = {p: tree[p] for p in PRODUCTS}
        stream.commit(AUTHOR, f"{folder}: new", {f"{folder}/meeting.md": tree["meeting.md"]})
        for n in range(edits // meetings + (m < edits % meetings)):
            p = PRODUCTS[n % len(PRODUCTS)]
            stream.commit(AUTHOR, f"{folder}: draft", {f"{folder}/{p}": draft(products[p], n)})
        for p in PRODUCTS[: approvals - m * len(PRODUCTS)]:
            stream.commit(APPROVER, f"{folder}: approve {p}", {f"{folder}/{p}": products[p]})
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=target, input=b"".join(stream.parts), check=True
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    print(f"{stream.count} commits, {approvals} approvals in {target}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dialog-verify-bench-") as folder:
        root = Path(folder) / "repo"
        build(root, args.approvals, args.commits)
        figure = best([*dialog_command(), "verify", "--root", str(root)], args.repeat)
    seconds = figure["seconds"]
    print(
        f"dialog verify, {args.approvals} approvals across {args.commits} commits:"
        f" {seconds:.2f} s (best of {args.repeat}; target < 5 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
