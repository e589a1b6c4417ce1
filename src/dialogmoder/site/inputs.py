"""A rebuild that changes nothing costs next to nothing: whether the site in a folder is the
one a build would write now, decided from the files' stat data (and their content hashes
where stat data differ) before the repository is read.

A build that ends clean (no finding of an error, nothing unreadable) writes a record beside
the site's folder, never in it (`record_path`: it names the repository's files, and a closed
punkt's file name is closed content): the key of everything the site was made from, and the
stat data of every file it wrote. A build removes the record before it starts. The key covers

- dialog's version and its code, templates and catalogue (the files of the installed
  package, by content), the versions of Python and of the libraries that render or index;
- the build's day (`--today`), the edition (public or intern) and the repository's place;
- git's HEAD (the pages show when each meeting's record last changed: its last commit);
- the environment's PAGEFIND* and TYPST* variables (which Pagefind runs, for one);
- every file of the repository that a build may read, by path and content: dialog.yaml,
  meetings/ (also by modification time in whole seconds: where git does not know a file, a
  page shows its time), templates/, and every other file outside hidden folders, `build/`
  and the site's own folder; and the logo dialog.yaml names, wherever it is.

A later build whose key is the same, and whose site folder still holds exactly the files
written (same size, same modification time), leaves the site as it is. Anything else, a
missing or unreadable record included, means an ordinary build. A file whose
modification time is within `RACY` of when it was read is hashed every time (it may change
again within the same tick of the clock).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogmoder.domain.bilagsfil import read_regular
from dialogmoder.io import git
from dialogmoder.version import __version__

RECORD = ".{name}.dialog-inputs.json"  # beside the site's folder {name}
FORMAT = 1
RACY = 2_000_000_000  # ns: a modification time this close to the reading is not trusted
# The libraries whose versions a site's keys hold: those that render every page and PDF
# (and pypdf: the personal-data scan reads a bilag PDF's text with it, and a meeting whose
# hash is the previous site's is not scanned again), those that make the search index, and
# all of them (with icalendar) for the no-change decision.
RENDERING_LIBRARIES = ("typst", "jinja2", "markdown-it-py", "nh3", "babel", "pypdf")
SEARCH_LIBRARIES = ("pagefind", "pagefind_bin")
LIBRARIES = (*RENDERING_LIBRARIES, *SEARCH_LIBRARIES, "icalendar")
SKIPPED = {"build", "__pycache__", "node_modules"}  # folders at any depth never read

# (size, mtime_ns, sha256 hex) by path: what the previous build knew of each file
Known = dict[str, tuple[int, int, str]]


@dataclass
class Inputs:
    """The key of a build's inputs and the file records it came from; `base`, the key of
    all of them but the files in meetings/ (site/rebuild.py); `previous`, the record of the
    build of the site in the folder, when there is one."""

    key: str
    files: Known = field(default_factory=dict)
    logo: str | None = None
    base: str = ""
    previous: Record | None = None


MEETING_FILES = "repo:meetings/"  # the names in `Inputs.files` of the files in meetings/


def scan(root: Path, target: Path, today: str, edition: str, known: Known | None = None) -> Inputs:
    """The key of what a build of `root`'s site into `target` on `today` reads; `known`
    (a previous record) spares hashing the files whose stat data are the same."""
    known = known or {}
    now = time.time_ns()
    files: Known = {}
    digest = hashlib.sha256(f"format {FORMAT}\0day {today}\0edition {edition}\0".encode())
    digest.update(f"root {root.resolve()}\0python {sys.version}\0".encode())
    digest.update(f"dialog {__version__}\0{versions(LIBRARIES)}git {_head(root)}\0".encode())
    digest.update(variables(("PAGEFIND", "TYPST")).encode())
    base = digest.copy()
    package = Path(__file__).resolve().parent.parent
    trees = [("code", package), ("repo", root)]
    if not (package / "templates").is_dir():  # a source checkout: its templates/ (io.templating)
        trees.append(("packaged", package.parent.parent / "templates"))
    skip = {target.resolve()}
    record = record_path(target).resolve()
    logo = _logo_name(root)
    for label, folder in trees:
        digest.update(f"\0tree {label}\0".encode())
        for rel, path, st in _walk(folder, skip):
            if rel.endswith(record.name) and Path(path).resolve() == record:
                continue  # the record of a site built inside the repository
            name = f"{label}:{rel}"
            content = _add(digest, files, name, path, st, known, now)
            if name.startswith(MEETING_FILES):
                digest.update(f"{st.st_mtime_ns // 1_000_000_000}\0".encode())
            else:
                base.update(f"{name}\0{st.st_size}\0{content}\0".encode())
    if logo is not None:
        path = str(root / logo)
        try:
            st = os.stat(path)
        except OSError:
            digest.update(f"\0logo {logo} missing\0".encode())
            base.update(f"\0logo {logo} missing\0".encode())
        else:
            content = _add(digest, files, f"logo:{logo}", path, st, known, now)
            base.update(f"logo:{logo}\0{st.st_size}\0{content}\0".encode())
    return Inputs(digest.hexdigest(), files, logo, base.hexdigest())


def _add(
    digest: Any, files: Known, name: str, path: str, st: os.stat_result, known: Known, now: int
) -> str:
    before = known.get(name)
    if (
        before is not None
        and before[0] == st.st_size
        and before[1] == st.st_mtime_ns
        and not stat.S_ISLNK(st.st_mode)  # a link's own stat data say nothing of its target
    ):
        content = before[2]
    else:
        content = _content(path, st)
    mtime = st.st_mtime_ns if now - st.st_mtime_ns > RACY else -1  # -1: hash it next time
    files[name] = (st.st_size, mtime, content)
    digest.update(f"{name}\0{st.st_size}\0{content}\0".encode())
    return content


def _content(path: str, st: os.stat_result) -> str:
    """The SHA-256 of a regular file (a link's: of what it points to, with where it points).
    A named pipe, socket or device is never opened (a pipe would wait for a writer)."""
    prefix = ""
    if stat.S_ISLNK(st.st_mode):
        try:
            prefix = f"link {os.readlink(path)} "
            st = os.stat(path)
        except OSError:
            return prefix + "unreadable"
    if not stat.S_ISREG(st.st_mode):
        return f"{prefix}special {stat.S_IFMT(st.st_mode):o}"
    data = read_regular(Path(path))
    return prefix + ("unreadable" if data is None else hashlib.sha256(data).hexdigest())


def _walk(folder: Path, skip: set[Path]) -> list[tuple[str, str, os.stat_result]]:
    """Every file under `folder` (not in hidden folders, SKIPPED ones or `skip`), sorted by
    its path; a symbolic link or other special file by its own stat data."""
    found: list[tuple[str, str, os.stat_result]] = []
    inodes = set()
    for folder_skipped in skip:
        try:
            inodes.add(os.stat(folder_skipped).st_ino)
        except OSError:
            continue

    def visit(path: str, rel: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    hidden = name.startswith(".") or name in SKIPPED
                    # the site's own folder (its temporary build folder beside it is hidden)
                    if not hidden and not (
                        entry.inode() in inodes and Path(entry.path).resolve() in skip
                    ):
                        visit(entry.path, f"{rel}{name}/")
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found.append((f"{rel}{name}", entry.path, st))

    if folder.is_dir():
        visit(str(folder), "")
    return sorted(found, key=lambda item: item[0])


def versions(libraries: tuple[str, ...]) -> str:
    """Each library's name and installed version ("-" where it is not installed), for a key."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for library in libraries:
        try:
            parts.append(f"{library} {version(library)}\0")
        except PackageNotFoundError:
            parts.append(f"{library} -\0")
    return "".join(parts)


def variables(prefixes: tuple[str, ...]) -> str:
    """The environment's variables that start with one of `prefixes`, for a key (e.g.
    PAGEFIND_BINARY_PATH: which Pagefind indexes)."""
    return "".join(
        f"env {name}={os.environ[name]}\0"
        for name in sorted(os.environ)
        if name.startswith(prefixes)
    )


def _head(root: Path) -> str:
    """git's HEAD commit (the pages' "last changed" come from the history), or why none."""
    try:
        return git.find_commit(root, "HEAD") or "no commit"
    except git.GitError:
        return "no git"


def _logo_name(root: Path) -> str | None:
    """The logo dialog.yaml names, read as text (no YAML parse: dialog.yaml is in the key
    anyway; this only finds a file outside the trees walked)."""
    try:
        text = (root / "dialog.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("logo:"):
            value = line[len("logo:") :].split(" #", 1)[0].strip().strip("'\"")
            return value or None
    return None


@dataclass(frozen=True)
class Record:
    """What a clean build leaves beside the site's folder (`record_path`)."""

    key: str
    meetings: int
    files: int
    inputs: Known
    outputs: dict[str, tuple[int, int]]  # (size, mtime_ns) of every file the build wrote


def outputs(site: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file in `site`, by path from its root."""
    result: dict[str, tuple[int, int]] = {}

    def visit(path: str, rel: str) -> None:
        with os.scandir(path) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, f"{rel}{entry.name}/")
                else:
                    st = entry.stat(follow_symlinks=False)
                    result[f"{rel}{entry.name}"] = (st.st_size, st.st_mtime_ns)

    visit(str(site), "")
    return result


def record_path(site: Path) -> Path:
    """build/.site.dialog-inputs.json beside build/site: the record of its last clean build."""
    return site.parent / RECORD.format(name=site.name)


def forget(site: Path) -> None:
    """No record while a build runs: if it fails half way, the next one is a full build."""
    with contextlib.suppress(FileNotFoundError):
        record_path(site).unlink()


def write_record(site: Path, inputs: Inputs, meetings: int, files: int) -> None:
    """The record of the site just swapped into `site` (see the module's description)."""
    data = {
        "format": FORMAT,
        "key": inputs.key,
        "meetings": meetings,
        "files": files,
        "inputs": {name: list(value) for name, value in sorted(inputs.files.items())},
        "outputs": {name: list(value) for name, value in sorted(outputs(site).items())},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    target = record_path(site)
    temp = target.with_name(target.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)


def read_record(site: Path) -> Record | None:
    try:
        data = json.loads(record_path(site).read_text(encoding="utf-8"))
        if data["format"] != FORMAT:
            return None
        return Record(
            key=str(data["key"]),
            meetings=int(data["meetings"]),
            files=int(data["files"]),
            inputs={str(k): (int(v[0]), int(v[1]), str(v[2])) for k, v in data["inputs"].items()},
            outputs={str(k): (int(v[0]), int(v[1])) for k, v in data["outputs"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def prepare(site: Path, root: Path, today: str, edition: str) -> tuple[Record | None, Inputs]:
    """The previous build's record when the site in `site` is what a build would write now
    (see the module's description), else None; and the key of this build's inputs, read
    before the repository is (a file changed meanwhile only means the next build is full)."""
    from dialogmoder.io.swap import MARKER

    ours = not site.is_symlink() and (site / MARKER).is_file()
    record = read_record(site) if ours else None
    inputs = scan(root, site, today, edition, record.inputs if record else None)
    inputs.previous = record
    if record is None or inputs.key != record.key:
        return None, inputs
    try:
        if outputs(site) != record.outputs:
            return None, inputs
    except OSError:
        return None, inputs
    return record, inputs
