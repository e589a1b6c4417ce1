"""Run two `dialog` commands on the same repositories and say whether every output is the
same: the exit code, stdout and stderr of `check` (text and json), `check` of one meeting,
`export`, and `schema` / `docs keys` of the models. For a speed-up, which must change no
byte: a baseline build against this one.

    python benchmarks/same_output.py BASE_DIALOG NEW_DIALOG ROOT [ROOT ...]
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

TODAY = "2026-01-15"


def runs(root: Path) -> list[list[str]]:
    meeting = sorted((root / "meetings").glob("*/*"))[-1]
    one = sorted(meeting.glob("punkter/*.md")) or [meeting / "meeting.md"]
    return [
        ["check", "--today", TODAY, "--root", str(root)],
        ["check", "--today", TODAY, "--format", "json", "--root", str(root)],
        ["check", "--today", TODAY, "--format", "github", "--strict", "--root", str(root)],
        ["check", "--today", TODAY, "--format", "json", str(one[0])],
        ["check", "--today", TODAY, str(meeting)],
        ["export", "--root", str(root)],
    ]


def outcome(dialog: str, args: list[str]) -> tuple[int, str, str, int]:
    done = subprocess.run([dialog, *args], capture_output=True, check=False)
    digest = hashlib.sha256(done.stdout).hexdigest()[:16]
    return done.returncode, digest, done.stderr.decode("utf-8", "replace"), len(done.stdout)


def main(base: str, new: str, roots: list[str]) -> int:
    differ = 0
    commands = [["--version"], ["schema"], ["schema", "--format", "md"]]
    commands += [args for root in roots for args in runs(Path(root))]
    for args in commands:
        a, b = outcome(base, args), outcome(new, args)
        same = a == b
        differ += not same
        print(("same    " if same else "DIFFERS ") + f"exit {a[0]}/{b[0]} {a[3]:>10} bytes", *args)
        if not same:
            print(f"  base: {a[:2]} {a[2][-300:]!r}\n  new:  {b[:2]} {b[2][-300:]!r}")
    print(f"{len(commands) - differ} of {len(commands)} the same")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
