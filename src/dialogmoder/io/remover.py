"""A folder removed all of it, in this process (`remove_tree`) or by a process of its own
that the caller does not wait for (`remove_apart`): the previous site, once a new one is in
its place, is 500 folders and 2,200 files, and removing them took 0.1-0.3 s that the
command's user waited for.

The process runs this file alone (`python -I -S remover.py FOLDER`: the standard library, no
site-packages, no dialog), so that it starts in ~10 ms. It holds the folder's lock while it
removes (as `io.edit.edit_lock` takes it: a `flock` on the folder), so that a build that
starts meanwhile waits for it rather than removing the same files (`swap.remove_dead_builds`);
if it is killed, what it left is such a dead build's folder, which the next build removes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def remove_tree(folder: Path | str) -> None:
    """Remove `folder` and all in it, as far as it can (what is left, is left). The folders
    two levels down (a site's moeder/<id>/) are removed side by side in threads: removing a
    folder waits on the disk (about 2 ms each on ext4 here), so for the site's 550 folders
    one at a time took 1.3 s and eight at a time 0.2 s."""
    from concurrent.futures import ThreadPoolExecutor

    below: list[str] = []
    with contextlib.suppress(OSError), os.scandir(folder) as top:
        for entry in top:
            if entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError), os.scandir(entry.path) as inner:
                    below += [e.path for e in inner if e.is_dir(follow_symlinks=False)]
    if len(below) > 1:
        with ThreadPoolExecutor(max_workers=8) as pool:
            for path in below:
                pool.submit(shutil.rmtree, path, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def remove_apart(folder: Path) -> bool:
    """Start a process of its own that removes `folder` (see the module's description) and
    return without waiting for it; False where it cannot be started (then nothing is
    removed): where the system has no `flock` or there is no Python to run."""
    try:
        import fcntl  # noqa: F401  # the lock the process holds
    except ImportError:
        return False
    if not sys.executable:
        return False
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-I", "-S", __file__, os.fspath(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # never the caller's pipes: whoever reads them would
            stderr=subprocess.DEVNULL,  # wait for this process too
            close_fds=True,
            start_new_session=True,  # not stopped by the terminal's Ctrl-C meant for dialog
        )
    except OSError:
        return False
    return True


def _remove_locked(folder: str) -> None:
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # gone already (a build that started meanwhile removed it)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        remove_tree(folder)
    finally:
        os.close(fd)


if __name__ == "__main__":
    _remove_locked(sys.argv[1])
