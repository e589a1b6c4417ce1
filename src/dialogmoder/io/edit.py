"""Writes that never lose a person's text: exclusive create, atomic replace, a lock and
compare-and-swap for edits of people's files, and no output over the repository's sources.

Every writer of people's files (approve, add-item, new-meeting) holds `edit_lock` on the
folder for its whole read-compute-write, so dialog's own writers take turns; an edit of an
existing file goes through `replace_unchanged`, which refuses when the file's bytes are no
longer the ones the change was computed from (an editor saved meanwhile).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError
from dialogmoder.io.layout import CONFIG_FILE, SOURCES


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(folder: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".dialog-", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a new file gets the usual mode instead
        mode = 0o666 & ~_umask()
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # Windows before Python 3.13
            os.chmod(name, mode)
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


def create_file(path: Path, text: str | bytes, *, force: bool = False) -> None:
    """Write a new file whole or not at all; refuse an existing one unless `force`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    if force:
        replace_file(path, data)
        return
    tmp = _write_temp(path.parent, data)
    try:
        os.link(tmp, path)  # atomic, and fails if the name exists: exclusive create
    except FileExistsError:
        raise DialogError(
            besked("{path} already exists; dialog never overwrites a file").format(path=path)
        ) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def edit_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for a whole read-compute-write: dialog's writers take turns.

    Where the system has `fcntl` (Linux, macOS): an advisory `flock` on the folder itself,
    so there is no lock file to leave behind or to keep out of git; the kernel releases it
    when the process ends, even on `kill -9`. Elsewhere (Windows): `filelock`'s lock on a
    file named after the folder in the temporary folder, never inside the repository.
    """
    key = os.path.realpath(folder)
    if key in _HELD:  # re-entrant within a process: a writer that reads the meeting again
        yield
        return
    try:
        import fcntl
    except ImportError:
        with _file_lock(folder):
            _HELD.add(key)
            try:
                yield
            finally:
                _HELD.discard(key)
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as e:
        raise DialogError(
            besked("cannot lock {folder}: {strerror}").format(folder=folder, strerror=aarsag(e))
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.add(key)
        yield
    finally:
        _HELD.discard(key)
        os.close(fd)  # closing the descriptor releases the lock


_HELD: set[str] = set()  # the folders this process holds the lock of


def held_here(folder: Path) -> bool:
    """Whether this process holds `folder`'s lock (`edit_lock`), in any of its threads."""
    return os.path.realpath(folder) in _HELD


@contextlib.contextmanager
def _file_lock(folder: Path) -> Iterator[None]:
    """The lock of `folder` without fcntl: a lock file outside the repository, one per
    folder (named by the hash of its full path), taken with `filelock`."""
    import hashlib

    import filelock

    try:
        key = os.fsencode(os.path.normcase(folder.resolve(strict=True)))
    except OSError as e:
        raise DialogError(
            besked("cannot lock {folder}: {x}").format(folder=folder, x=aarsag(e))
        ) from None
    locks = Path(tempfile.gettempdir()) / "dialogmoder-locks"
    locks.mkdir(exist_ok=True)
    lock = filelock.FileLock(locks / f"{hashlib.sha256(key).hexdigest()[:32]}.lock")
    try:
        lock.acquire()
    except OSError as e:
        raise DialogError(
            besked("cannot lock {folder}: {x}").format(folder=folder, x=aarsag(e))
        ) from None
    try:
        yield
    finally:
        lock.release()


def replace_unchanged(path: Path, expected: bytes, data: bytes, changed: str) -> None:
    """Replace `path` with `data` only while it still holds `expected`, else DialogError.

    The new copy is written and fsynced beside the file, then the two names are swapped
    in one step (Linux `renameat2(RENAME_EXCHANGE)`): the file is never missing, and the
    old name now holds exactly what the file held at the instant of the swap. If that is
    not `expected` (an editor saved meanwhile), the swap is undone, so the save stands.
    Where the system cannot swap, the bytes are compared right before a rename instead,
    which leaves the time of one read and one rename (README, "No lost edits"). A symbolic
    link stays a link; its target is replaced.
    """
    target = _real(path)
    tmp = _write_temp(target.parent, data)
    try:
        os.chmod(tmp, target.stat().st_mode & 0o7777)
        ours = os.stat(tmp).st_ino
        if not _exchange(tmp, target):
            if target.read_bytes() != expected:
                raise DialogError(changed, exit_code=1)
            os.replace(tmp, target)
        elif tmp.read_bytes() != expected:
            _exchange(tmp, target)  # give the file back the text saved meanwhile
            if os.stat(tmp).st_ino != ours:
                _exchange(tmp, target)  # saved again in between: the newest save stays
            raise DialogError(changed, exit_code=1)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # the old text after a swap, ours after a refusal
    _fsync_dir(target.parent)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (Linux, glibc 2.28 and later), or None."""
    import ctypes

    try:  # Windows has no C library to open by None (TypeError) and no renameat2
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap the files named `a` and `b` atomically; False where the system cannot."""
    import ctypes

    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # a file system (or kernel) without the exchange
    raise OSError(err, os.strerror(err), os.fspath(b))


def replace_file(path: Path, data: bytes) -> None:
    """Replace a file atomically: a crash leaves either the old or the new file, whole.

    A special file (`/dev/null`, `/dev/stdout`, a named pipe) is written into instead: a
    rename would put a regular file where the device was. A symbolic link stays a link:
    its target is replaced.
    """
    if _is_special(path):
        with path.open("wb") as handle:
            handle.write(data)
        return
    _swap(_real(path), data)


def _swap(target: Path, data: bytes, before_rename: Callable[[Path], None] | None = None) -> None:
    """Write `data` beside `target` (fsynced, the target's mode), then rename it over it."""
    tmp = _write_temp(target.parent, data)
    try:
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        if before_rename is not None:
            before_rename(target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _real(path: Path) -> Path:
    """The file a symbolic link points to (the link itself is never replaced)."""
    return path.resolve() if path.is_symlink() else path


def guard_output(path: Path, allowed: tuple[str, ...] = ()) -> None:
    """Refuse an output path that is a source of a dialog repository (after resolving links
    and `..`): dialog.yaml, or anything under meetings/, templates/ or .git/; `allowed`
    names the few paths (relative to the repository, such as `.git/allowed_signers`) a
    command may write there all the same."""
    target = path.resolve()
    for root in target.parents:
        if not (root / CONFIG_FILE).is_file():
            continue
        if target.relative_to(root).as_posix() in allowed:
            return
        # the files people write, and git's own
        for name in SOURCES:
            source = root / name
            if target == source or source in target.parents:
                rel = target.relative_to(root).as_posix()
                raise DialogError(
                    besked(
                        "-o {path}: that is {rel} in the dialog repository {root}, where"
                        " people's files live; dialog never writes output there. Write it"
                        " elsewhere (renderings go to build/ by default)"
                    ).format(path=path, rel=rel, root=root)
                )


def write_output(path: Path, data: bytes, allowed: tuple[str, ...] = ()) -> None:
    """Write a rendering or generated file: folders made, file replaced; OSError as a sentence.

    Every `-o` goes through here, so no command can write over the repository's sources
    (but for the paths in `allowed`: see guard_output).
    """
    guard_output(path, allowed)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in path.parents if p.is_file()), path.parent)
        raise DialogError(
            besked("cannot write {path}: {blocker} is a file, not a folder").format(
                path=path, blocker=blocker
            )
        ) from None
    except OSError as e:
        raise DialogError(
            besked("cannot write {path}: {strerror}").format(path=path, strerror=aarsag(e))
        ) from None


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def rename_new(source: Path, target: Path) -> None:
    """Rename without ever replacing an existing file."""
    if target.exists():
        raise DialogError(
            besked("{target} already exists; not renaming {name} onto it").format(
                target=target, name=source.name
            )
        )
    os.rename(source, target)
