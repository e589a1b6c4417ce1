"""Every call to git, and the one place a git failure becomes a sentence: the deletions
staged for the next commit (`dialog check`); a revision's commit, the merge base with the
main branch, the files a change touches and a revision's files (`dialog diff`); the commits
that added lines and their signatures (`dialog verify`); a new repository (`dialog init`).

A missing git, a folder outside any repository and a revision that names no commit are a
GitError: a DialogError (exit 2) whose message says what is wrong, never a traceback.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError

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
# seconds a git command may take before it is given up: a history walk of a big archive
# takes seconds, so ten minutes means git is stuck (waiting on a lock, a network mount)
_TIMEOUT = 600


class GitError(DialogError):
    """git is missing, is not in a repository, or refused a command (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


def _run(
    root: Path, *args: str, stdin: bytes | None = None, timeout: float = _TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """git `args` in `root`, whatever its exit code; GitError when git cannot be run."""
    try:
        return subprocess.run(
            ["git", *_PLAIN, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(
            besked("git {args} took more than {timeout:.0f} s in {root}").format(
                args=args[0], timeout=timeout, root=root
            )
        ) from None
    except (OSError, subprocess.SubprocessError) as e:
        reason = aarsag(e) if isinstance(e, OSError) else str(e)
        raise GitError(
            besked("cannot run git ({reason}); is it installed?").format(reason=reason)
        ) from None


# git dies of SIGPIPE when an ssh-keygen it verifies a signature with ends before reading
# the commit git writes to it (an allowed signers line it refuses; seen under load): a race,
# and git sets the signal back to its default itself, so such a run is made again
_SIGPIPE: int | None = getattr(signal, "SIGPIPE", None)
_TRIES = 5


def _git(root: Path, *args: str, stdin: bytes | None = None, racy: bool = False) -> bytes:
    """git's output; GitError with git's own last line (after the folder) when it refuses.
    `racy`: a read-only command that may die of SIGPIPE (above) is run again."""
    done = _run(root, *args, stdin=stdin)
    tries = 1
    while racy and _SIGPIPE is not None and done.returncode == -_SIGPIPE and tries < _TRIES:
        done = _run(root, *args, stdin=stdin)
        tries += 1
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        command = next((a for a in args if not a.startswith("-") and "=" not in a), "")
        raise GitError(f"{root}: {lines[-1] if lines else f'git {command} failed'}")
    return done.stdout


def _names(output: bytes) -> list[str]:
    """The paths of a `-z` listing, as str."""
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


# --- the repository and its revisions --------------------------------------------------


def init_work_tree(target: Path, branch: str = "main") -> bool:
    """`git init` in `target` unless it is one already, on `branch` (GitHub's default, what
    the workflows dialog init writes trigger on, whatever git's own default is); False when
    git is missing or fails (a new dialog repository works without git, so this is never an
    error)."""
    if (target / ".git").exists():
        return False
    try:
        if _run(target, "init", "-q", ".").returncode != 0:
            return False
        return _run(target, "symbolic-ref", "HEAD", f"refs/heads/{branch}").returncode == 0
    except GitError:
        return False


def current_branch(root: Path) -> str | None:
    """The branch HEAD is on (before its first commit too), or None (detached, no git)."""
    try:
        done = _run(root, "symbolic-ref", "--short", "-q", "HEAD")
    except GitError:
        return None
    name = done.stdout.decode("utf-8", "replace").strip()
    return name if done.returncode == 0 and name else None


def default_branch(root: Path) -> str | None:
    """The repository's own default branch: the remote's HEAD (`origin/HEAD`), else git's
    `init.defaultBranch` when that branch exists, else `main`, else `master` (each as a
    local branch, else the remote's: a CI checkout has only those); None when none of them
    names a commit."""
    try:
        done = _run(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD")
        if done.returncode == 0:
            ref = done.stdout.decode("utf-8", "replace").strip()
            if ref.startswith("refs/remotes/") and find_commit(root, ref) is not None:
                return ref.removeprefix("refs/remotes/")
        configured = _run(root, "config", "--get", "init.defaultBranch")
        candidates = [configured.stdout.decode("utf-8", "replace").strip()]
    except GitError:
        return None
    for name in [*candidates, "main", "master"]:
        if not name:
            continue
        if find_commit(root, f"refs/heads/{name}") is not None:
            return name
        if find_commit(root, f"refs/remotes/origin/{name}") is not None:
            return f"origin/{name}"
    return None


def commit_of(root: Path, rev: str) -> str:
    """The full id of the commit `rev` names; GitError when it names none, or when `root`
    is in no git repository (in git's words)."""
    if rev.startswith("-"):
        raise GitError(
            besked("unknown revision '{rev}': a revision cannot start with -").format(rev=rev)
        )
    _git(root, "rev-parse", "--show-toplevel")  # git's own words when there is no repository
    found = find_commit(root, rev)
    if found is None:
        raise GitError(
            besked(
                "unknown revision '{rev}': git knows no commit by that name in {root} (no"
                " commits yet, or a misspelt name)"
            ).format(rev=rev, root=root)
        )
    return found


def find_commit(root: Path, rev: str) -> str | None:
    """The full id of the commit `rev` names, or None when it names none."""
    done = _run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    return done.stdout.decode().strip() if done.returncode == 0 else None


def file_versions(root: Path, path: str) -> list[bytes]:
    """The contents of one file (`path` from `root`) at each first-parent commit of HEAD
    that changed it, newest first, following renames. [] when there is no history: no
    git, no repository, no commit, or the file was never committed."""
    try:
        done = _run(
            root, "log", "--first-parent", "--follow", "--format=%H", "--name-only", "--", path
        )
    except GitError:
        return []
    if done.returncode != 0:
        return []
    wanted: list[str] = []
    commit = None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if re.fullmatch(r"[0-9a-f]{40,64}", line):
            commit = line
        elif line and commit is not None:
            wanted.append(f"{commit}:{line}")
            commit = None
    if not wanted:
        return []
    out = _run(root, "cat-file", "--batch", stdin="".join(f"{w}\n" for w in wanted).encode())
    versions: list[bytes] = []
    data, at = out.stdout, 0
    while at < len(data):
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<object> missing": a version git cannot give
            continue
        size = int(header[2])
        versions.append(data[at : at + size])
        at += size + 1
    return versions


def merge_base(root: Path, one: str, other: str) -> str | None:
    """The best common ancestor of two commits, or None (unrelated or shallow history)."""
    done = _run(root, "merge-base", one, other)
    return done.stdout.decode().strip() if done.returncode == 0 else None


def prefix_in_work_tree(root: Path) -> str:
    """The folder `root` is in the git work tree, as `kommune/` ('' at the top); GitError
    when it is in no git repository."""
    done = _run(root, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(
            besked("{root} is not in a git repository ({x})").format(
                root=root, x=message[0] if message else "git failed"
            )
        )
    return done.stdout.decode().strip()


def changed_files(root: Path, base: str, head: str | None) -> list[str] | None:
    """The files under `root` that differ between `base` and `head` (None: the working
    tree, untracked files included), relative to `root`; None when git cannot say."""
    diffed = _run(root, "diff", "--name-only", "-z", "--no-renames", "--relative", base,
                  *([head] if head else []), "--")  # fmt: skip
    if diffed.returncode != 0:
        return None
    names = _names(diffed.stdout)
    if head is None:
        untracked = _run(root, "ls-files", "--others", "--exclude-standard", "-z")
        if untracked.returncode != 0:
            return None
        names += _names(untracked.stdout)
    return names


def archive(root: Path, commit: str) -> bytes | None:
    """The files of `root`'s folder as they are in `commit`, as a tar archive with paths
    from `root`; None when the folder is not in that commit (it did not exist yet)."""
    prefix = prefix_in_work_tree(root)
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    # git archives a subfolder's tree only when asked from the top of the work tree
    done = _run(Path(top), "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit)
    return done.stdout if done.returncode == 0 else None


def tree_files(root: Path, rev: str, target: Path) -> None:
    """Write the files of the root's folder as they are in `rev` into `target`."""
    import io
    import tarfile

    commit = commit_of(root, rev)
    data = archive(root, commit)
    if data is None:
        raise GitError(
            besked("{root}: the folder is not in {rev} ({commit})").format(
                root=root, rev=rev, commit=commit[:12]
            )
        )
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")


def staged_deletions(root: Path) -> list[Path]:
    """Files under `root` that the index deletes (`git rm`), as paths under `root`.

    pre-commit passes a hook no deleted files, so without this a commit that deletes a
    punkt is never checked for the gap it leaves. Outside a git work tree, or without
    git, there are none.
    """
    return staged_deletions_later(root)()


def staged_deletions_later(root: Path) -> Callable[[], list[Path]]:
    """`staged_deletions(root)`, with git started now and its answer waited for when the
    function returned is called: git reads a large index while dialog goes on (the
    pre-commit hook's check imports and loads meanwhile)."""
    try:
        child = subprocess.Popen(
            ["git", *_PLAIN, "diff", "--cached", "--name-only", "--diff-filter=D",
             "--relative", "-z"],
            cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):  # no git: nothing is staged
        return lambda: []

    def answer() -> list[Path]:
        try:
            output, _ = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            return []
        return [root / name for name in _names(output)] if child.returncode == 0 else []

    return answer


def text_is_committed(root: Path, path: Path) -> bool | None:
    """Whether the bytes of `path` are committed: HEAD holds them in the same folder (under
    this name, or under another, as after a renumbering). None when `root` is in no git
    work tree (or git is missing)."""
    try:
        hashed = _run(root, "hash-object", "--", os.fspath(path), timeout=60)
        listed = _run(root, "ls-tree", "HEAD", "--", os.fspath(path.parent) + os.sep, timeout=60)
    except GitError:
        return None
    if hashed.returncode != 0:
        return None
    if listed.returncode != 0:
        inside = _run(root, "rev-parse", "--is-inside-work-tree", timeout=60)
        return False if inside.returncode == 0 else None  # no commit yet: nothing is
    blob = hashed.stdout.strip()
    return any(line.split(b"\t")[0].split(b" ")[-1] == blob for line in listed.stdout.splitlines())


def stage_renames(root: Path, moves: list[tuple[Path, Path | None]]) -> bool:
    """Record in git's index that each file of `moves` now has its new name (None: it is
    removed), as `git mv` and `git rm --cached` do: the index entry moves with its staged
    content, and changes that were not staged stay unstaged. Files git does not track are
    left alone. False when `root` is in no git work tree (or git is missing)."""
    try:
        top = _run(root, "rev-parse", "--show-toplevel", timeout=60)
    except GitError:
        return False
    if top.returncode != 0:
        return False
    base = Path(os.fsdecode(top.stdout.strip())).resolve()
    rel = {}
    for old, new in moves:
        rel[old] = old.resolve().relative_to(base).as_posix()
        if new is not None:
            rel[new] = (new.parent.resolve() / new.name).relative_to(base).as_posix()
    olds = [rel[old] for old, _new in moves]
    listed = _run(base, "ls-files", "-s", "-z", "--full-name", "--", *olds, timeout=60)
    if listed.returncode != 0:
        return False
    staged = {}
    for entry in listed.stdout.split(b"\0"):
        if entry:
            info, _, name = entry.partition(b"\t")
            mode, blob, _stage = info.split(b" ")
            staged[os.fsdecode(name)] = (mode, blob)
    removed, added = [], []  # every removal first: a new name can be another's old one
    for old, new in moves:
        if rel[old] not in staged:
            continue
        mode, blob = staged[rel[old]]
        removed.append(b"0 " + b"0" * len(blob) + b"\t" + os.fsencode(rel[old]))
        if new is not None:
            added.append(mode + b" " + blob + b"\t" + os.fsencode(rel[new]))
    lines = removed + added
    if lines:
        _git(base, "update-index", "-z", "--index-info", stdin=b"\0".join(lines) + b"\0")
    return True


# --- approvals in history (dialog verify) -----------------------------------------------


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
    newest commit first, in one pass over history (`git log -G -p`, renames followed).

    A merge commit counts too: the lines it adds relative to git's own automatic merge of
    its parents (`--remerge-diff`, git 2.36 and newer), so an approval restored inside a
    merge (an "evil merge") is the merge author's, not the old commit's it was copied from.
    A clean merge adds nothing; a resolved conflict adds only what neither side had.
    """
    done = _run(
        root,
        "log",
        "--remerge-diff",
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
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("remerge-diff" in line for line in message):
            raise GitError(
                besked(
                    "{root}: dialog verify reads merge commits with git log --remerge-diff,"
                    " which needs git 2.36 or newer ({x}); update git"
                ).format(root=root, x=_version(root))
            )
        raise GitError(f"{root}: {message[-1] if message else 'git log failed'}")
    out = done.stdout
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


def _version(root: Path) -> str:
    """`git version 2.34.1`, or what git said instead."""
    done = _run(root, "version")
    return done.stdout.decode("utf-8", "replace").strip() or besked("git version unknown")


@dataclass(frozen=True)
class Signature:
    """What git says of a commit's signature: `status` is %G? (G good and the key listed,
    U good but not listed, N none, B bad, ...); `key` the key's fingerprint (%GF or %GK)."""

    status: str
    key: str


# Commits per `git log` call when signatures are verified; more run side by side, one a core.
_SIGNATURES_PER_CALL = 64


def signatures(root: Path, commits: Iterable[str], allowed_signers: str) -> dict[str, Signature]:
    """The signature of each commit, as git's `%G?` and `%GF` give it with `allowed_signers`
    (the text of a gpg.ssh.allowedSignersFile).

    git runs ssh-keygen twice for each SSH-signed commit (~15 ms), so the commits are read
    with one `git cat-file --batch` and their SSH signatures checked here (io/sshsig.py)
    with git's own answer; a commit that module does not model (another signature format,
    a security key, an allowed signers line with more than `namespaces=`, a gpg.ssh.program
    or gpg.ssh.revocationKeyring in the user's git config) is left to git.
    """
    wanted = sorted(set(commits))
    if not wanted:
        return {}
    found, rest = signatures_here(root, wanted, allowed_signers)
    if rest:
        found.update(signatures_by_git(root, rest, allowed_signers))
    return found


def signatures_here(
    root: Path, wanted: list[str], allowed_signers: str
) -> tuple[dict[str, Signature], list[str]]:
    """The signatures this process can tell as git would, and the commits left to git:
    the commits are read with one `git cat-file --batch`, their SSH signatures checked by
    io/sshsig.py."""
    out = _git(root, "cat-file", "--batch", stdin="\n".join(wanted).encode() + b"\n")
    found: dict[str, Signature] = {}
    rest: list[str] = []
    signed: dict[str, tuple[bytes, bytes]] = {}
    at = 0
    for commit in wanted:
        newline = out.find(b"\n", at)
        fields = out[at:newline].split()
        if newline < 0 or len(fields) != 3 or fields[1] != b"commit":
            # `missing`, or not a commit: git log says what it says of it
            rest.append(commit)
            at = newline + 1 if newline >= 0 else len(out)
            if len(fields) == 3 and fields[2].isdigit():
                at += int(fields[2]) + 1
            continue
        size = int(fields[2])
        raw = out[newline + 1 : newline + 1 + size]
        at = newline + 1 + size + 1
        split = split_signed(raw, b"gpgsig-sha256" if len(commit) == 64 else b"gpgsig")
        if split is None:
            found[commit] = Signature("N", "")
        else:
            signed[commit] = split
    if not signed:  # nothing to check: the cryptography is not even imported
        return found, rest
    from dialogmoder.io import sshsig

    signers = sshsig.AllowedSigners.parse(allowed_signers)
    if signers is None or _own_ssh_program(root):
        return found, rest + list(signed)
    for commit, (payload, signature) in signed.items():
        told = sshsig.verify(payload, signature, signers)
        if told is None:
            rest.append(commit)
        else:
            found[commit] = Signature(*told)
    return found, rest


def split_signed(raw: bytes, header: bytes) -> tuple[bytes, bytes] | None:
    """A commit object's signed payload and its signature, split as git does
    (commit.c parse_buffer_signed_by_header): the `header` lines (`gpgsig`, or
    `gpgsig-sha256` in a SHA-256 repository) and their continuation lines (a leading space)
    are the signature; every other header starting `gpgsig` is left out of both; the rest
    is the payload. None when the commit is not signed."""
    payload: list[bytes] = []
    signature: list[bytes] = []
    in_signature = other = saw = False
    start, end = 0, len(raw)
    while start < end:
        newline = raw.find(b"\n", start)
        stop = end if newline < 0 else newline + 1
        line = raw[start:stop]
        sig: bytes | None = None
        if in_signature and line[:1] == b" ":
            sig = line[1:]
        elif line.startswith(header) and line[len(header) : len(header) + 1] == b" ":
            sig = line[len(header) + 1 :]
            other = False
        elif line.startswith(b"gpgsig"):
            other = True
        elif other and line[:1] != b" ":
            other = False
        if sig is not None:
            signature.append(sig)
            saw = in_signature = True
        else:
            if line[:1] == b"\n":  # the blank line: the message follows, all of it payload
                stop = end
                line = raw[start:stop]
            if not other:
                payload.append(line)
            in_signature = False
        start = stop
    return (b"".join(payload), b"".join(signature)) if saw else None


def _own_ssh_program(root: Path) -> bool:
    """The user's git verifies SSH signatures with its own program or revocation list, so
    only git can say what it makes of them."""
    done = _run(root, "config", "-z", "--get-regexp", r"^gpg\.ssh\.(program|revocationkeyring)$")
    for entry in done.stdout.split(b"\0"):
        name, _, value = entry.partition(b"\n")
        if name == b"gpg.ssh.revocationkeyring" and value:
            return True
        if name == b"gpg.ssh.program" and value not in (b"", b"ssh-keygen"):
            return True
    return False


def signatures_by_git(root: Path, wanted: list[str], allowed_signers: str) -> dict[str, Signature]:
    """The signatures as git's `git log --format=%G?` tells them: a long list is split
    over one `git log` per core, run at the same time."""
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
            outs = [_git(root, *command, stdin="\n".join(wanted).encode() + b"\n", racy=True)]
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(parts) as pool:
                outs = list(
                    pool.map(
                        lambda part: _git(
                            root, *command, stdin="\n".join(part).encode() + b"\n", racy=True
                        ),
                        [wanted[i::parts] for i in range(parts)],
                    )
                )
    found: dict[str, Signature] = {}
    for line in b"".join(outs).decode("utf-8", "replace").splitlines():
        fields = line.split("\0")
        if len(fields) == 4:
            found[fields[0]] = Signature(fields[1], fields[2] or fields[3])
    return found


# --- when files last changed -----------------------------------------------------------------


def last_commit_times(root: Path, folder: str) -> dict[str, int]:
    """The commit time (Unix seconds) of the newest commit that touched each file under
    `folder` (paths relative to `root`), in one pass over the history; {} when `root` is in
    no git repository, has no commits, or git is missing (the caller falls back on files'
    modification times)."""
    try:
        done = _run(
            root, "log", "--format=%x01%ct", "--name-only", "--relative", "--no-renames",
            "--", folder,
        )  # fmt: skip
    except GitError:
        return {}
    if done.returncode != 0:
        return {}
    times: dict[str, int] = {}
    current = 0
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("\x01"):
            current = int(line[1:] or 0)
        elif line:
            times.setdefault(line, current)  # the log is newest first
    return times
