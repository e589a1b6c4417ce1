"""dialog's cache of work it need not do again: a folder of the user's own, outside every
repository, safe to delete at any time.

It holds what a run learned about bytes, keyed on their content: `Remembered` answers
"has this been found before?" for a key (one empty file a key). The folder is
`DIALOG_CACHE` when that is set, else the platform's cache folder for the user
(`%LOCALAPPDATA%\\dialogmoder\\Cache` on Windows, `~/Library/Caches/dialogmoder` on macOS,
`$XDG_CACHE_HOME/dialogmoder` or `~/.cache/dialogmoder` elsewhere). Where no folder only
the user can write can be had, nothing is remembered: every run does all its work, as if
the cache were empty, and nothing is an error.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

VARIABLE = "DIALOG_CACHE"


def cache_root() -> Path | None:
    """The user's dialog cache folder (made if missing), or None where it cannot be made or
    others could write in it."""
    configured = os.environ.get(VARIABLE)
    if configured:
        folder = Path(configured)
    elif sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if not local:
            return None
        folder = Path(local) / "dialogmoder" / "Cache"
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Caches" / "dialogmoder"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "dialogmoder"
    if not folder.is_absolute():  # no home folder ("~" as given): never the working folder
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(folder) else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None


def _private(folder: Path) -> bool:
    """Whether only this user can write in `folder`: a cache others can write in could tell
    dialog that a file was read when it was not. (On Windows the user's own profile.)"""
    if not hasattr(os, "getuid"):
        return True
    st = os.stat(folder)
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


class Remembered:
    """The keys a kind of work (`kind`, e.g. `cpr-clean`) has remembered under `version`
    (whatever else the answer depends on: the code and libraries that did the work)."""

    def __init__(self, kind: str, version: str) -> None:
        root = cache_root()
        self.folder = None if root is None else root / kind / version[:32]
        self.here: set[str] = set()  # this process's own, also without a folder

    def __contains__(self, key: str) -> bool:
        if key in self.here:
            return True
        return self.folder is not None and os.path.isfile(self.folder / key[:2] / key)

    def add(self, key: str) -> None:
        """Remember `key`; a cache that cannot be written is passed over."""
        self.here.add(key)
        if self.folder is None:
            return
        folder = self.folder / key[:2]
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(folder / key, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError:
            pass
