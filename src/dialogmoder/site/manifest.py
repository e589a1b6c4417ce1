"""What lets a rebuild of the site skip the meetings that did not change: a content hash per
meeting, kept in the site's folder (MANIFEST, beside the MARKER).

A meeting's hash covers everything its page, PDF and bilag show: the meeting folder's files,
the bilag files its public edition names, its public edition as assembled (which holds what
it shows of other meetings, e.g. the kommende møder, and the logo), whether it is published
as referat or dagsorden, and the build's own hash: dialog's version, code and Danish wording
(its catalogue), the rendering libraries' versions, dialog.yaml and every template in use
(the packaged ones and the repository's templates/). A meeting whose hash is in the previous
site's manifest has its files taken from there (hard links), and is not scanned for CPR
numbers again (it passed that scan when the previous site was built: the hash covers all
the scan reads); any other meeting is scanned and rendered.
The pages that show every meeting (index, årsplan, feeds, data.json) are always rendered. A
manifest that is missing or unreadable only means a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import weakref
from pathlib import Path

from dialogmoder.danish.catalogue import catalogue_path
from dialogmoder.domain.bilagsfil import read_regular
from dialogmoder.domain.repository import Repository
from dialogmoder.io.layout import TEMPLATES_DIR
from dialogmoder.io.templating import packaged_templates
from dialogmoder.site.content import MEETINGS_DIR, Listed, PublishedMeeting
from dialogmoder.site.inputs import RENDERING_LIBRARIES, versions
from dialogmoder.version import __version__

MANIFEST = ".dialog-site-manifest.json"
FORMAT = 1


def build_hash(repo: Repository) -> str:
    """What every page and PDF depends on: dialog's version, code and catalogue, the versions
    of the libraries that render (typst, Jinja, Markdown), dialog.yaml, the templates. Made
    once per repository read (a build asks for it twice)."""
    known = _BUILD.get(id(repo))
    if known is not None and known[0]() is repo:
        return known[1]
    made = _build_hash(repo)
    _BUILD.clear()
    _BUILD[id(repo)] = (weakref.ref(repo), made)
    return made


# the last repository asked about, weakly
_BUILD: dict[int, tuple[weakref.ref[Repository], str]] = {}


def known_build_hash(repo: Repository, build: str) -> None:
    """`build_hash(repo)` is `build`: known already (site/rebuild.py keeps it beside the
    site, for the inputs it is made of)."""
    _BUILD.clear()
    _BUILD[id(repo)] = (weakref.ref(repo), build)


def _build_hash(repo: Repository) -> str:
    digest = hashlib.sha256(f"dialog {__version__}\0format {FORMAT}\0".encode())
    digest.update(versions(RENDERING_LIBRARIES).encode())
    # the code too: an install from git between two releases has the same version
    _add_tree(digest, "code", Path(__file__).resolve().parent.parent, "*.py")
    _add_file(digest, "wording", catalogue_path(".mo"))  # every Danish word on a page
    _add_file(digest, "dialog.yaml", repo.root / "dialog.yaml")
    for label, folder in (("packaged", packaged_templates()), ("own", repo.root / TEMPLATES_DIR)):
        _add_tree(digest, label, folder)
    return digest.hexdigest()


def meeting_hashes(repo: Repository, published: list[PublishedMeeting]) -> dict[str, str]:
    """Each published meeting's `meeting_hash`, by its id."""
    build = build_hash(repo)
    return {item.id: meeting_hash(repo, build, item) for item in published}


def meeting_hash(repo: Repository, build: str, item: PublishedMeeting) -> str:
    """Everything one meeting's files on the site show (see the module's description)."""
    digest = hashlib.sha256(f"{build}\0{item.kind}\0{item.forum_navn}\0{item.edition}\0".encode())
    digest.update(f"{item.opdateret.isoformat()}\0".encode())  # its "Senest opdateret"
    digest.update(repr(item.document).encode("utf-8"))
    digest.update(repr(item.mappe).encode("utf-8"))
    _add_tree(digest, "meeting", repo.root / item.folder.path)
    for punkt in item.document.punkter:
        for bilag in punkt.bilag:
            if bilag.fil is not None:
                _add_file(digest, bilag.fil, repo.root / bilag.fil)
    return digest.hexdigest()


def _add_file(digest: hashlib._Hash, name: str, path: Path) -> None:
    read = read_regular(path)  # never a pipe, which would wait forever
    data = b"\0unreadable" if read is None else read
    digest.update(f"\0file {name} {len(data)}\0".encode())
    digest.update(data)


def _add_tree(digest: hashlib._Hash, label: str, folder: Path, pattern: str = "*") -> None:
    digest.update(f"\0tree {label}\0".encode())
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        _add_file(digest, path.relative_to(folder).as_posix(), path)


Identity = tuple[int, int] | None  # of a site's manifest (`identity`)


def reuse_unchanged(
    previous: Path | None, folder: Path, published: list[Listed], hashes: dict[str, str]
) -> tuple[set[str], Identity]:
    """The ids of the meetings whose page and open data were linked from the `previous`
    site into `folder` because their hash is the one it was built with (their folders,
    `reuse_folders`, are linked next); the others are to render. A previous site replaced
    meanwhile (another build swapped in) is not used at all. Also the previous site's
    identity when it began, for `reuse_folders`."""
    if previous is None:
        return set(), None
    before = identity(previous)
    built = read_manifest(previous)
    made: set[str] = set()
    reused = {
        item.id
        for item in published
        if built.get(item.id) == hashes[item.id]
        and reuse(previous, folder, item, [item.page, _data_file(item)], made)
    }
    if reused and identity(previous) != before:
        for item in published:
            if item.id in reused:
                for rel in meeting_outputs(item):
                    remove(folder / rel)
        return set(), before
    return reused, before


def reuse_folders(
    previous: Path | None, folder: Path, published: list[Listed], before: Identity
) -> set[str]:
    """The ids of the meetings (those `reuse_unchanged` linked) whose folder (PDF, bilag)
    was linked from the `previous` site, still the site it was `before`; nothing is left
    of the others. Apart from their pages, for the search index needs only the pages and a
    new folder takes long (~0.5 ms on ext4 here; the 5k site has 500)."""
    if previous is None or identity(previous) != before:
        return set()
    linked = set()
    with contextlib.suppress(OSError):
        os.makedirs(folder / MEETINGS_DIR, exist_ok=True)
    for item in published:
        # their pages were linked (`reuse_unchanged`), so their folders were there: no
        # look at each again (a stat of the page and of the folder, 1,000 calls)
        rel = f"{MEETINGS_DIR}/{item.files}"
        try:
            link_tree(previous / rel, folder / rel)
        except OSError:
            remove(folder / rel)
            continue
        linked.add(item.id)
    if linked and identity(previous) != before:
        for item in published:
            if item.id in linked:
                remove(folder / MEETINGS_DIR / item.files)
        return set()
    return linked


def identity(site: Path) -> tuple[int, int] | None:
    try:
        stat = (site / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def read_manifest(site: Path) -> dict[str, str]:
    """The meeting hashes of a site this command built, or {} (then everything is rendered)."""
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    meetings = data.get("meetings")
    if not isinstance(meetings, dict):
        return {}
    return {k: v for k, v in meetings.items() if isinstance(k, str) and isinstance(v, str)}


def manifest_bytes(hashes: dict[str, str], search: dict[str, str] | None = None) -> bytes:
    data: dict[str, object] = {"format": FORMAT, "meetings": dict(sorted(hashes.items()))}
    if search is not None:
        data["search"] = dict(sorted(search.items()))  # the keys of pagefind/'s indexes
    return (json.dumps(data, indent=1) + "\n").encode("utf-8")


def meeting_outputs(item: Listed) -> list[str]:
    """A meeting's page, its folder (PDF and bilag) and its open data, from the site's root."""
    from dialogmoder.site.feeds import meeting_data_file

    return [item.page, f"{MEETINGS_DIR}/{item.files}", meeting_data_file(item)]


def reuse(
    previous: Path, folder: Path, item: Listed, outputs: list[str], made: set[str] | None = None
) -> bool:
    """Link these of a meeting's files (`meeting_outputs`) from the previous site into the
    new one; False (and nothing of them left behind) when the meeting's are not all there.
    `made`: the folders of the new site made already (by the caller's earlier calls)."""
    page, files = meeting_outputs(item)[:2]
    if not (previous / page).is_file() or not (previous / files).is_dir():
        return False
    made = set() if made is None else made
    try:
        for rel in outputs:
            source, target = f"{previous}/{rel}", f"{folder}/{rel}"
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            if rel == files:  # the folder (`meeting_outputs`), the others are files
                link_tree(source, target)
            else:
                link(source, target)
    except OSError:
        for rel in outputs:
            remove(folder / rel)
        return False
    return True


def link_tree(source: str | Path, target: str | Path) -> None:
    """A new folder `target` of `source`'s files, each hard-linked (`link`), its folders
    made anew. Not shutil.copytree: its copy of each folder's mode, times and extended
    attributes took three more calls a folder, and the site's 500 folders are made as a
    build makes them."""
    os.mkdir(target)
    with os.scandir(source) as listing:
        entries = list(listing)
    for entry in entries:
        inside = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False):
            link_tree(entry.path, inside)
        elif entry.is_symlink() and entry.is_dir():  # as copytree does: what it points to
            shutil.copytree(entry.path, inside, copy_function=link)
        else:
            link(entry.path, inside)


def _data_file(item: Listed) -> str:
    from dialogmoder.site.feeds import meeting_data_file

    return meeting_data_file(item)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def link(source: str | Path, target: str | Path) -> None:
    """A hard link (same bytes, same file); a copy where the system cannot link."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
