"""The two sides of a review diff, each a Repository: a git revision, read into a temporary
folder with `git archive`, or the working tree as it is.

The default base is the merge base of the working tree's HEAD with the repository's own
default branch (the remote's HEAD, else git's `init.defaultBranch`, else `main`, else
`master`: io/git.py `default_branch`), as a pull request's diff has it.
"""

from __future__ import annotations

import contextlib
import io
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.danish import besked
from dialogmoder.domain.repository import Repository, load_repository
from dialogmoder.errors import DialogError
from dialogmoder.io import git
from dialogmoder.io.layout import CONFIG_FILE, MEETINGS_DIR

WORKING_TREE = "arbejdskopi"


@dataclass(frozen=True)
class Side:
    """One side: what it is called (a commit or the working tree) and, when it has a
    dialog.yaml, its Repository (None: no dialog repository at that revision yet)."""

    name: str
    repo: Repository | None


def default_base(root: Path) -> str:
    """The merge base of HEAD with the repository's default branch."""
    branch = git.default_branch(root)
    if branch is None:
        raise DialogError(
            besked(
                "no default branch to compare with in {root} (tried origin/HEAD,"
                " init.defaultBranch, main, master); name the base: dialog diff BASE"
            ).format(root=root),
            exit_code=2,
        )
    base = git.merge_base(root, branch, "HEAD")
    if base is None:
        raise DialogError(
            besked(
                "HEAD and {branch} have no common commit in {root}: the history is"
                " shallow or unrelated; fetch the whole history (actions/checkout:"
                " fetch-depth: 0) or name the base: dialog diff BASE"
            ).format(branch=branch, root=root),
            exit_code=2,
        )
    return base


def changed_meetings(root: Path, base: str, head: str | None) -> list[str] | None:
    """The meeting folders (`meetings/YYYY/ID`) in which a file differs between `base` and
    `head` (None: the working tree, untracked files included), or None when a changed file
    under `meetings/` lies outside every meeting folder (a shared file a link may point at):
    then every meeting is compared."""
    names = git.changed_files(root, base, head)
    if names is None:
        return None
    folders = set()
    for name in names:
        parts = name.split("/")
        if parts[0] != MEETINGS_DIR:
            continue  # dialog.yaml, templates: nothing the diff shows depends on them
        if len(parts) < 4:
            return None
        folders.add("/".join(parts[:3]))
    return sorted(folders)


def _wanted(folders: list[str] | None) -> Callable[[tarfile.TarInfo], bool]:
    """Which members of a revision's archive to extract: all but unchanged meetings."""
    chosen = None if folders is None else set(folders)

    def wanted(member: tarfile.TarInfo) -> bool:
        parts = member.name.split("/")
        if chosen is None or parts[0] != MEETINGS_DIR or len(parts) < 3:
            return True
        return "/".join(parts[:3]) in chosen

    return wanted


@contextlib.contextmanager
def revision(root: Path, rev: str, folders: list[str] | None = None) -> Iterator[Side]:
    """The dialog repository at a git revision, read from a temporary folder; with
    `folders`, only those meeting folders (see `changed_meetings`)."""
    commit = git.commit_of(root, rev)
    data = git.archive(root, commit)
    with tempfile.TemporaryDirectory(prefix="dialog-diff-") as tmp:
        if data is None:  # the folder did not exist yet at that revision
            yield Side(commit[:12], None)
            return
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                members = tar.getmembers()
                linked = any(m.issym() or m.islnk() for m in members)  # may point anywhere
                wanted = _wanted(None if linked else folders)
                tar.extractall(tmp, members=filter(wanted, members), filter="data")
        except tarfile.FilterError as e:  # e.g. a symbolic link that leaves the repository
            raise DialogError(
                besked("{rev}: {e}; dialog diff cannot read that revision").format(rev=rev, e=e)
            ) from None
        tree = Path(tmp)
        if not (tree / CONFIG_FILE).is_file():
            yield Side(commit[:12], None)
            return
        try:
            repo = load_repository(tree, _only(tree, folders))
        except DialogError as e:  # dialog.yaml at that revision cannot be read
            raise DialogError(
                besked("at {rev}: {e}").format(rev=rev, e=e), exit_code=e.exit_code
            ) from None
        yield Side(commit[:12], repo)


def _only(root: Path, folders: list[str] | None) -> list[Path] | None:
    return None if folders is None else [root / folder for folder in folders]


def working_tree(root: Path, folders: list[str] | None = None) -> Side:
    return Side(WORKING_TREE, load_repository(root, _only(root, folders)))
