"""A rebuild of the public site after a change to some meetings reads only those meetings.

A clean build of the public site leaves beside it (ROWS, as site/inputs.py its record) every
meeting's `content.Listed` row, what the pages, feeds and data that show every meeting show
of it, and what tells whether a change to one meeting can change another's edition. A
rebuild whose inputs differ from that build's only in the files of some meeting folders
(`Inputs.base` the same: dialog, dialog.yaml, the templates, --today, git's HEAD, ...)
loads only those meetings (as `check --staged` does), assembles and renders them, and makes
the shared pages of their new rows and the other meetings' kept ones; the others' own files
are linked from the previous site as on any rebuild (site/manifest.py).

It is an ordinary build instead (`rebuild` answers None) when there are no rows, or rows of
another site (its manifest) or of other inputs; when a meeting folder was added or removed,
or a file changed outside the meeting folders; when a changed meeting was not published
before or is not now, or has another id or forum; when a meeting of a changed meeting's forum
shows the kommende møder (`auto: kommende-moeder`: it shows the later meetings); when a
closed bilag's file is not in its meeting's bilag/ (a load of some meetings finds only those,
`closed_files`) or a changed meeting's closed files changed (another meeting's public edition
leaves out an open bilag of the same bytes); or when a meeting's files are missing from the
previous site (`WholeBuild`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dialogmoder.site.content import Listed, listed_data, listed_from

if TYPE_CHECKING:
    from dialogmoder.domain.repository import MeetingFolder, Repository
    from dialogmoder.site import SiteReport
    from dialogmoder.site.content import PublishedMeeting
    from dialogmoder.site.inputs import Inputs, Known

ROWS = ".{name}.dialog-rows.json"  # beside the site's folder {name}
FORMAT = 2  # 2: the build's hash
KOMMENDE = "kommende-moeder"


class WholeBuild(Exception):
    """What changed takes a build of every meeting after all (raised while the site is being
    written: a meeting not assembled could not be linked from the previous site, or a
    changed one can change another's edition)."""


@dataclass(frozen=True)
class Entry:
    """One published meeting in ROWS: its row, whether a punkt of it shows the kommende
    møder, and a digest of its closed bilag's files (their paths and contents: no name of
    a closed file is kept, for a file's name is closed content too)."""

    row: Listed
    upcoming: bool
    closed: str


@dataclass(frozen=True)
class Rows:
    base: str  # `Inputs.base` of the build
    build: str  # its `manifest.build_hash`: the same for the same base
    manifest: str  # the SHA-256 of the site's manifest
    meetings: str  # a digest of every meeting folder's path (`folders_digest`)
    closed_elsewhere: bool  # a closed bilag's file outside its meeting's bilag/
    entries: dict[str, Entry]  # by meeting folder


def rows_path(site: Path) -> Path:
    return site.parent / ROWS.format(name=site.name)


def forget_rows(site: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        rows_path(site).unlink()


def entries(
    repo: Repository,
    published: list[PublishedMeeting],
    rows: list[Listed],
    files: Known,
    closed_named: list[tuple[str, str]] | None = None,
) -> dict[str, Entry]:
    """The ROWS entry of each meeting in `published` (with its row in `rows`);
    `closed_named`: `_closed_named(repo)`, where the caller has it already."""
    by_id = {row.id: row for row in rows}
    named = _closed_named(repo) if closed_named is None else closed_named
    closed = _closed_by_folder(named, files)
    return {
        item.folder.path: Entry(
            by_id[item.id], _upcoming(item.folder), closed.get(item.folder.path, "")
        )
        for item in published
    }


def write_rows(site: Path, rows: Rows) -> None:
    """ROWS beside the site just swapped into `site`, written whole or not at all."""
    data: dict[str, object] = {
        "format": FORMAT,
        "base": rows.base,
        "build": rows.build,
        "manifest": rows.manifest,
        "meetings": rows.meetings,
        "closed_elsewhere": rows.closed_elsewhere,
        "entries": {
            path: {
                "row": listed_data(entry.row),
                "upcoming": entry.upcoming,
                "closed": entry.closed,
            }
            for path, entry in sorted(rows.entries.items())
        },
    }
    # the text `_digest` reads back, and its digest beside it: one encoding, not two
    text = _text(data)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    target = rows_path(site)
    temp = target.with_name(target.name + ".tmp")
    temp.write_text(f'{text[:-1]},"digest":"{digest}"}}', "utf-8")
    os.replace(temp, target)


def read_rows(site: Path) -> Rows | None:
    """ROWS beside `site`, or None when there are none or they cannot be read whole."""
    try:
        data = json.loads(rows_path(site).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data.pop("digest") != _digest(data):
            return None  # another format, or not as written
        read = {
            str(path): Entry(
                listed_from(value["row"]),
                _flag(value["upcoming"]),
                str(value["closed"]),
            )
            for path, value in data["entries"].items()
        }
        return Rows(
            base=str(data["base"]),
            build=str(data["build"]),
            manifest=str(data["manifest"]),
            meetings=str(data["meetings"]),
            closed_elsewhere=_flag(data["closed_elsewhere"]),
            entries=read,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def manifest_digest(site: Path) -> str | None:
    from dialogmoder.site.manifest import MANIFEST

    try:
        return hashlib.sha256((site / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def full_rows(
    repo: Repository,
    site: Path,
    published: list[PublishedMeeting],
    rows: list[Listed],
    inputs: Inputs,
) -> Rows | None:
    """ROWS of a build of every meeting (`published`) just swapped into `site`."""
    from dialogmoder.site.manifest import build_hash

    manifest = manifest_digest(site)
    if manifest is None:
        return None
    closed = _closed_named(repo)
    return Rows(
        base=inputs.base,
        build=build_hash(repo),
        manifest=manifest,
        meetings=folders_digest(repo.meeting_paths),
        closed_elsewhere=any(not _in_bilag(folder, rel) for folder, rel in closed),
        entries=entries(repo, published, rows, inputs.files, closed),
    )


def _digest(data: dict[str, object]) -> str:
    """The SHA-256 of ROWS' data but its digest, as `write_rows` writes them."""
    return hashlib.sha256(_text(data).encode("utf-8")).hexdigest()


def _text(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not a flag")
    return value


def _upcoming(folder: MeetingFolder) -> bool:
    return any(pf.doc is not None and pf.doc.data.auto == KOMMENDE for pf in folder.punkter)


def _closed_named(repo: Repository) -> list[tuple[str, str]]:
    """(meeting folder, file) of every closed bilag's file of the meetings loaded."""
    from dialogmoder.domain.edition import named_files

    root = repo.root.resolve()
    return [
        (folder.path, named.rel)
        for folder in repo.meetings
        for named, closed in named_files(root, folder)
        if closed
    ]


def _closed_by_folder(named: list[tuple[str, str]], files: Known) -> dict[str, str]:
    """A digest of each loaded meeting's closed bilag's files (`named`: `_closed_named`):
    where they are, and their content hashes (`files`); "elsewhere " before it when one is
    not in its bilag/."""
    found: dict[str, list[tuple[str, str]]] = {}
    for folder, rel in named:
        known = files.get(f"repo:{rel}")
        found.setdefault(folder, []).append((rel, known[2] if known else "unknown"))
    result = {}
    for folder, pairs in found.items():
        text = json.dumps(sorted(pairs), ensure_ascii=False)
        where = "" if all(_in_bilag(folder, rel) for rel, _ in pairs) else "elsewhere "
        result[folder] = where + hashlib.sha256(text.encode("utf-8")).hexdigest()
    return result


def folders_digest(paths: list[str]) -> str:
    """A digest of the repository's meeting folders: one added or removed is a whole build."""
    return hashlib.sha256("\0".join(paths).encode("utf-8")).hexdigest()


def _in_bilag(folder: str, rel: str) -> bool:
    return rel.startswith(f"{folder}/bilag/")


# --- the rebuild ----------------------------------------------------------------------------


def changed_meetings(inputs: Inputs) -> set[str] | None:
    """The meeting folders (meetings/YEAR/NAME) whose files differ from the previous build's
    (content, size, or modification time in whole seconds: a page shows it); None when a
    file outside them differs (or there is no previous build to compare with)."""
    from dialogmoder.site.inputs import MEETING_FILES

    before = inputs.previous.inputs if inputs.previous is not None else None
    if before is None:
        return None
    changed: set[str] = set()
    for name in inputs.files.keys() | before.keys():
        now, then = inputs.files.get(name), before.get(name)
        if now is not None and then is not None and _same(name, now, then):
            continue
        if not name.startswith(MEETING_FILES):
            return None
        parts = name[len("repo:") :].split("/")
        if len(parts) < 4:
            return None  # a file in meetings/ or a year's folder itself
        changed.add("/".join(parts[:3]))
    return changed


def _same(name: str, now: tuple[int, int, str], then: tuple[int, int, str]) -> bool:
    """Whether a file is as the previous build read it: by content; a meeting's file also
    by modification time, in whole seconds (unknown, -1, where it was too new to trust)."""
    from dialogmoder.site.inputs import MEETING_FILES

    if now[0] != then[0] or now[2] != then[2]:
        return False
    if not name.startswith(MEETING_FILES):
        return True
    if now[1] < 0 or then[1] < 0:
        return False
    return now[1] // 1_000_000_000 == then[1] // 1_000_000_000


def rebuild(
    root: Path, target: Path, today: date, inputs: Inputs
) -> tuple[SiteReport, Repository] | None:
    """The public site rebuilt into `target` from the changed meetings alone and the
    previous build's rows (see the module's description); None when a whole build is
    needed. Refuses (DialogError) as a whole build would."""
    from dialogmoder.io.swap import MARKER

    if not (target / MARKER).is_file() or target.is_symlink():
        return None
    rows = read_rows(target)
    if rows is None or rows.base != inputs.base or rows.manifest != manifest_digest(target):
        return None
    changed = changed_meetings(inputs)
    if not changed or rows.closed_elsewhere:
        return None
    from dialogmoder.domain.repository import load_repository

    repo = load_repository(root, [root / path for path in sorted(changed)])
    if folders_digest(repo.meeting_paths) != rows.meetings or not changed <= set(
        repo.meeting_paths
    ):
        return None
    return _rebuild(repo, target, today, inputs, rows, changed)


def _rebuild(
    repo: Repository, target: Path, today: date, inputs: Inputs, rows: Rows, changed: set[str]
) -> tuple[SiteReport, Repository] | None:
    from dialogmoder.domain.findings import print_unreadable
    from dialogmoder.site import SiteReport, replace_site, write_site
    from dialogmoder.site.manifest import known_build_hash, read_manifest, reuse_unchanged
    from dialogmoder.site.search import built_keys, is_year

    print_unreadable(repo.findings, sys.stderr)
    # what the build's hash is made of is all in `Inputs.base`, the same as the rows' build's
    # (`rebuild`): not read and hashed again (dialog's code, its templates; 15-25 ms)
    known_build_hash(repo, rows.build)
    built = read_manifest(target)
    unchanged = [entry.row for path, entry in rows.entries.items() if path not in changed]
    kept: dict[str, Entry] = {}

    def build(folder: Path) -> int:
        with ThreadPoolExecutor(max_workers=1) as linker:
            # the unchanged meetings' files linked from the previous site from the start: it
            # waits on the file system (site.write_site), while the changed ones are read
            # those of the changed meetings' years first: the search of those years can
            # begin once they are linked (site.write_site)
            before = {row.id: built.get(row.id, "") for row in unchanged}
            years = {rows.entries[path].row.year for path in changed if path in rows.entries}
            linking = [
                linker.submit(reuse_unchanged, target, folder, part, before)
                for part in (
                    [row for row in unchanged if row.year in years],
                    [row for row in unchanged if row.year not in years],
                )
            ]
            published, every, hashes = _assembled(repo, today, inputs, rows, changed, built, kept)
            # each other year's search key is the previous site's: its pages are those the
            # previous build indexed (all linked, else WholeBuild), by the same build and
            # Pagefind (Inputs.base): not read and hashed again (35 ms beside Pagefind)
            touched = {str(kept[path].row.year) for path in changed} | {str(y) for y in years}
            known = {y: k for y, k in built_keys(target).items() if is_year(y) and y not in touched}
            return write_site(
                repo, published, folder, target, "public", hashes, every, linking, known
            )

    def after(files: int) -> None:
        if not any(f.severity == "error" for f in repo.findings):
            _write_after(target, inputs, files, rows, kept)

    try:
        files = replace_site(target, build, after)
    except WholeBuild:
        return None
    return SiteReport(target, len(kept), files), repo


def _assembled(
    repo: Repository,
    today: date,
    inputs: Inputs,
    rows: Rows,
    changed: set[str],
    built: dict[str, str],
    kept: dict[str, Entry],
) -> tuple[list[PublishedMeeting], list[Listed], dict[str, str]]:
    """The changed meetings assembled (refused as a whole build refuses them), every
    meeting's row, newest first, and every meeting's hash; `kept` filled with every
    meeting's entry. WholeBuild when what changed can change other meetings."""
    from dialogmoder.danish import besked
    from dialogmoder.domain.edition import refuse_personal_data
    from dialogmoder.site import refuse_unreadable
    from dialogmoder.site.content import listed, published_meetings
    from dialogmoder.site.manifest import build_hash, meeting_hash

    published = published_meetings(repo, today, "public")
    if {item.folder.path for item in published} != changed:
        raise WholeBuild  # a changed meeting no longer published (or one not published before)
    fresh = entries(repo, published, [listed(repo, item) for item in published], inputs.files)
    if not _independent(rows, fresh):
        raise WholeBuild
    refuse_unreadable(repo, sorted(changed), today)
    build = build_hash(repo)
    hashes = {e.row.id: built.get(e.row.id, "") for e in rows.entries.values()}
    hashes.update({item.id: meeting_hash(repo, build, item) for item in published})
    editions = [(i.folder, i.document) for i in published if built.get(i.id) != hashes[i.id]]
    refuse_personal_data(repo, editions, besked("the site"), meetings_listed=True)
    kept.update({**rows.entries, **fresh})
    every = sorted((e.row for e in kept.values()), key=lambda r: (r.dato, r.id), reverse=True)
    return published, every, hashes


def _independent(rows: Rows, fresh: dict[str, Entry]) -> bool:
    """Whether no other meeting's edition can show what changed in these (see the module's
    description), each still the meeting it was (id, forum)."""
    for path, entry in fresh.items():
        before = rows.entries.get(path)
        if before is None or before.row.id != entry.row.id or before.row.forum != entry.row.forum:
            return False
        if entry.closed != before.closed or entry.closed.startswith("elsewhere"):
            return False
        forum = entry.row.forum
        others = [e for p, e in rows.entries.items() if p not in fresh and e.row.forum == forum]
        if entry.upcoming or before.upcoming or any(e.upcoming for e in others):
            return False
    return True


def _write_after(
    target: Path,
    inputs: Inputs,
    files: int,
    rows: Rows,
    kept: dict[str, Entry],
) -> None:
    from dialogmoder.site.inputs import write_record

    manifest = manifest_digest(target)
    if manifest is None:
        return
    with contextlib.suppress(OSError):
        write_record(target, inputs, len(kept), files)
        write_rows(
            target,
            Rows(inputs.base, rows.build, manifest, rows.meetings, rows.closed_elsewhere, kept),
        )
