"""Writes that never lose a person's text: exclusive create and atomic replace."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from dialogmoder.errors import DialogError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(folder: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".dialog-", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a new file gets the usual mode instead
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new file whole or not at all; refuse an existing one unless `force`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if force:
        replace_file(path, text.encode("utf-8"))
        return
    tmp = _write_temp(path.parent, text.encode("utf-8"))
    try:
        os.link(tmp, path)  # atomic, and fails if the name exists: exclusive create
    except FileExistsError:
        raise DialogError(f"{path} already exists; dialog never overwrites a file") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)


def replace_file(path: Path, data: bytes) -> None:
    """Replace a file atomically: a crash leaves either the old or the new file, whole.

    A special file (`/dev/null`, `/dev/stdout`, a named pipe) is written into instead: a
    rename would put a regular file where the device was.
    """
    if _is_special(path):
        with path.open("wb") as handle:
            handle.write(data)
        return
    tmp = _write_temp(path.parent, data)
    try:
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_output(path: Path, data: bytes) -> None:
    """Write a rendering or generated file: folders made, file replaced; OSError as a sentence."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in path.parents if p.is_file()), path.parent)
        raise DialogError(f"cannot write {path}: {blocker} is a file, not a folder") from None
    except OSError as e:
        raise DialogError(f"cannot write {path}: {e.strerror}") from None


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def rename_new(source: Path, target: Path) -> None:
    """Rename without ever replacing an existing file."""
    if target.exists():
        raise DialogError(f"{target} already exists; not renaming {source.name} onto it")
    os.rename(source, target)
