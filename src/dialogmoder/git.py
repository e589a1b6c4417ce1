"""What git knows that the files do not: the deletions staged for the next commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def staged_deletions(root: Path) -> list[Path]:
    """Files under `root` that the index deletes (`git rm`), as paths under `root`.

    pre-commit passes a hook no deleted files, so without this a commit that deletes a
    punkt is never checked for the gap it leaves. Outside a git work tree, or without
    git, there are none.
    """
    try:
        done = subprocess.run(
            ["git", "diff", "--cached", "--name-only", "--diff-filter=D", "--relative", "-z"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [root / os.fsdecode(name) for name in done.stdout.split(b"\0") if name]
