"""Every call to git: the deletions staged for the next commit; for `dialog verify`, the
commits that added lines, their signatures, and the files of a revision."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


# --- approvals in history (dialog verify) -----------------------------------------------

# Settings of the user's git that would change what these commands print; given with -c
# for one call, never written to any config.
_PLAIN = (
    "-c",
    "core.quotePath=false",
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "color.ui=false",
    "-c",
    "color.diff=false",
)


class GitError(Exception):
    """git is missing, or refused a command; the message is git's own last line."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *_PLAIN, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as e:
        raise GitError(f"cannot run git: {e}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed")
    return done.stdout


def commit_of(root: Path, rev: str) -> str:
    """The full id of the commit `rev` names; GitError when it names none."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    _git(root, "rev-parse", "--show-toplevel")  # git's own words when there is no repository
    try:
        found = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except GitError:
        raise GitError(f"'{rev}' names no commit (no commits yet, or a misspelt name)") from None
    return found.decode().strip()


def shallow_commits(root: Path) -> set[str]:
    """The commits whose parents this clone lacks (empty for a full clone)."""
    path = _git(root, "rev-parse", "--git-path", "shallow").decode().strip()
    shallow = root / path
    if not shallow.is_file():
        return set()
    return set(shallow.read_text(encoding="ascii").split())


@dataclass(frozen=True)
class AddedLine:
    """A line a commit added to a file under the root: `path` relative to the root."""

    commit: str
    author_email: str
    path: str
    text: str


def added_lines(root: Path, rev: str, pattern: str) -> Iterator[AddedLine]:
    """Every line matching `pattern` (a regex) added by a commit reachable from `rev`,
    newest commit first, in one pass over history (`git log -G -p`, renames followed)."""
    out = _git(
        root,
        "log",
        "--no-show-signature",
        "--no-color",
        "--format=%x01%H%x00%ae",
        "-p",
        "-M",
        "--unified=0",
        "--no-ext-diff",
        "--no-textconv",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--relative",
        f"-G{pattern}",
        rev,
        "--",
        ".",
    )
    matcher = re.compile(pattern.encode())
    for record in out.split(b"\x01")[1:]:
        header, _, diff = record.partition(b"\n")
        commit, _, email = header.partition(b"\0")
        path = ""
        for line in diff.split(b"\n"):
            if line.startswith(b"+++ "):
                name = line[4:]
                path = os.fsdecode(name[2:]) if name.startswith(b"b/") else ""
            elif line.startswith(b"+") and matcher.search(line[1:]):
                yield AddedLine(
                    commit.decode(),
                    email.decode("utf-8", "replace"),
                    path,
                    line[1:].decode("utf-8", "replace"),
                )


@dataclass(frozen=True)
class Signature:
    """What git says of a commit's signature: `status` is %G? (G good and the key listed,
    U good but not listed, N none, B bad, ...); `key` the key's fingerprint (%GF or %GK)."""

    status: str
    key: str


# Commits per `git log` call when signatures are verified; more run side by side, one a core.
_SIGNATURES_PER_CALL = 64


def signatures(root: Path, commits: Iterable[str], allowed_signers: str) -> dict[str, Signature]:
    """The signature of each commit, verified by git with `allowed_signers` (the text of a
    gpg.ssh.allowedSignersFile) given for these calls only.

    git runs ssh-keygen twice for each SSH-signed commit (~15 ms), so a long list is split
    over one `git log` per core, run at the same time.
    """
    wanted = sorted(set(commits))
    if not wanted:
        return {}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    parts = max(1, min(cores, len(wanted) // _SIGNATURES_PER_CALL))
    with tempfile.TemporaryDirectory(prefix="dialog-verify-") as folder:
        signers = Path(folder) / "allowed_signers"
        signers.write_text(allowed_signers or "\n", encoding="utf-8")
        command = [
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "--no-walk=unsorted",
            "--stdin",
            "--format=%H%x00%G?%x00%GF%x00%GK",
        ]
        if parts == 1:
            outs = [_git(root, *command, stdin="\n".join(wanted).encode() + b"\n")]
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(parts) as pool:
                outs = list(
                    pool.map(
                        lambda part: _git(root, *command, stdin="\n".join(part).encode() + b"\n"),
                        [wanted[i::parts] for i in range(parts)],
                    )
                )
    found: dict[str, Signature] = {}
    for line in b"".join(outs).decode("utf-8", "replace").splitlines():
        fields = line.split("\0")
        if len(fields) == 4:
            found[fields[0]] = Signature(fields[1], fields[2] or fields[3])
    return found


def tree_files(root: Path, rev: str, target: Path) -> None:
    """Write the files of the root's folder as they are in `rev` into `target`."""
    import io
    import tarfile

    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    tree = f"{commit_of(root, rev)}:{prefix}"
    data = _git(root, "-C", top, "archive", "--format=tar", tree)  # from a subfolder: refused
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
