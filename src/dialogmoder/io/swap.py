"""A whole folder replaced at once: built beside its target, then swapped in.

The target is only ever replaced when it is missing, empty, or a site this command built
(it holds MARKER): `dialog site -o .` must not delete a folder of someone's files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import _umask, edit_lock, guard_output, held_here
from dialogmoder.io.remover import remove_apart, remove_tree

MARKER = ".dialog-site"
MARKER_TEXT = b"Built by `dialog site`; the whole folder is replaced on the next build.\n"


def replace_folder(
    target: Path, build: Callable[[Path], int], after: Callable[[int], None] | None = None
) -> int:
    """Run `build` on a new temporary folder beside `target`, then put it in `target`'s
    place (atomically where the system can exchange two names); `build`'s result. `after`
    (given that result) runs once the new folder is in place, while the old is removed."""
    guard_output(target)
    _refuse_foreign(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_dead_builds(target)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError as e:
        raise DialogError(
            besked("cannot write {target}: {strerror}").format(target=target, strerror=aarsag(e))
        ) from None
    swapped = False
    try:
        with edit_lock(temp):  # this build's own: the next build removes it only once dead
            result = build(temp)
            (temp / MARKER).write_bytes(MARKER_TEXT)
            os.chmod(temp, 0o755 & ~_umask())
            _swap_in(temp, target)
        swapped = True
    except OSError as e:
        raise DialogError(
            besked("cannot write {target}: {strerror}").format(target=target, strerror=aarsag(e))
        ) from None
    finally:
        if not swapped or after is None:
            remove_tree(temp)  # the new build, or after a swap the old site
    if after is not None:
        _after_swap(temp, after, result)
    return result


def _after_swap(old: Path, after: Callable[[int], None], result: int) -> None:
    """`after` run while the old folder is removed: by a process of its own, which the
    command does not wait for (io/remover.py), else beside it in a thread."""
    from concurrent.futures import ThreadPoolExecutor

    if remove_apart(old):
        after(result)
        return
    with ThreadPoolExecutor(max_workers=1) as remover:
        remover.submit(remove_tree, old)
        after(result)


def remove_dead_builds(target: Path) -> list[Path]:
    """Remove the temporary folders (`.site-*` beside `build/site`) that a killed build left;
    the removed ones. A running build holds the lock of its folder, so it is waited for,
    never removed from under it: once the lock is free, the folder is dead (or gone)."""
    removed: list[Path] = []
    try:
        names = sorted(os.listdir(target.parent))
    except OSError:
        return removed
    for name in names:
        path = target.parent / name
        if not name.startswith(f".{target.name}-") or path.is_symlink() or not path.is_dir():
            continue
        if held_here(path):
            continue  # a build of this very process, running (its lock is re-entrant here)
        try:
            with edit_lock(path):
                if path.is_dir():
                    shutil.rmtree(path)
                    removed.append(path)
        except (OSError, DialogError):
            continue  # gone meanwhile, or not ours to remove
    return removed


def _swap_in(temp: Path, target: Path) -> None:
    from dialogmoder.io.edit import _exchange  # renameat2(RENAME_EXCHANGE), shared with files

    if not target.exists():
        os.rename(temp, target)
        return
    if _exchange(temp, target):
        return  # `temp` now holds the old site, which the caller removes
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.rename(target, old / "site")
    os.rename(temp, target)
    remove_tree(old)


def _refuse_foreign(target: Path) -> None:
    if target.is_symlink():
        raise DialogError(
            besked(
                "-o {target} is a symbolic link; give the folder itself (the site replaces it)"
            ).format(target=target)
        )
    if target.exists() and not target.is_dir():
        raise DialogError(
            besked("-o {target} is not a folder; give a folder for the site").format(target=target)
        )
    if target.is_dir():
        with contextlib.suppress(OSError):
            if any(target.iterdir()) and not (target / MARKER).is_file():
                raise DialogError(
                    besked(
                        "-o {target} is a folder with files that `dialog site` did not"
                        " write; give a new or empty folder (the site replaces the whole"
                        " folder)"
                    ).format(target=target)
                )
