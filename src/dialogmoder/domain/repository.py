"""Find the root, read every file once into a Repository, collect what could not be read.

Nothing downstream reads files again: rules and renderers take a Repository.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dialogmoder.danish import aarsag, besked
from dialogmoder.domain.bilagsfil import Located, locate
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.loader import (
    HYGIENE,
    MEETING_MD_MISSING,
    MISNAMED,
    READ,
    Document,
    LoadError,
    link_problem,
    load_document,
    load_yaml_document,
    read_text,
)
from dialogmoder.domain.models import Config, Meeting, Model, Produkt, Punkt
from dialogmoder.errors import DialogError
from dialogmoder.io.layout import CONFIG_FILE, MEETINGS_DIR
from dialogmoder.io.layout import find_root as find_root  # its home is io.layout
from dialogmoder.io.renumber import JOURNAL as RENUMBER_JOURNAL
from dialogmoder.io.renumber import recover as recover_renumbering

PUNKT_NAME = re.compile(r"^(\d{2,3})-([a-z0-9][a-z0-9-]*)\.md$")
MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)$")
_PRODUKT_FILES = {kind.filename for kind in PRODUKTER.values()}
# the folders and files of a meeting folder by their lower-case names: `Punkter/` or
# `BILAG/` would otherwise be passed over, and the punkter in them be in no rendering
_KNOWN_NAMES = {"punkter": "punkter/", "bilag": "bilag/", "meeting.md": "meeting.md"}


@dataclass
class PunktFile:
    """One file in punkter/: its number from the name, and its document if it loaded."""

    path: str
    nr: int
    slug: str
    doc: Document[Punkt] | None


@dataclass
class MeetingFolder:
    """One meeting: its folder, meeting.md, punkter in number order, products by type.

    `id` is the folder's name (`2025-01-29-direktionen`), which changes when the meeting
    moves to another date; `uid` is the meeting's lasting identity.
    """

    id: str
    path: str
    doc: Document[Meeting] | None
    punkter: list[PunktFile] = field(default_factory=list)
    produkter: dict[str, Document[Produkt]] = field(default_factory=dict)
    bilag_files: list[str] = field(default_factory=list)
    # locate()'s answers, asked of the file system once a load (DM504, DM601, DM605, the
    # closed files and every rendering ask of each bilag's file)
    _located: dict[tuple[str, str], Located] = field(
        default_factory=dict, repr=False, compare=False
    )
    # whether each approved product is current, with the product, meeting and config it was
    # found of (`state.product_state`: DM201, DM202 and DM302 each ask of every product)
    currency: dict[str, tuple[object, object, object, bool]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def meeting(self) -> Meeting | None:
        return self.doc.data if self.doc else None

    @property
    def uid(self) -> str:
        """The meeting's identity, the one place it is decided: meeting.md's `id:` when it
        has one, else the folder's name (what every meeting had before `id:` existed).

        Everything that must stay the same when a meeting's folder is renamed (a new date)
        takes it from here: calendar UIDs, build file names, site pages and feeds, and
        whatever else names a meeting to the world (invitations). DM704 keeps it unique.
        """
        meeting = self.meeting
        return meeting.id if meeting is not None and meeting.id else self.id

    def located(self, root: Path, fil: str) -> Located:
        """Where a bilag of this meeting's `fil` leads (`bilagsfil.locate`)."""
        key = (os.fspath(root), fil)
        found = self._located.get(key)
        if found is None:
            found = self._located[key] = locate(root, self.path, self.bilag_files, fil)
        return found


@dataclass
class Repository:
    root: Path
    config_doc: Document[Config]
    meetings: list[MeetingFolder]
    findings: list[Finding]
    # every meeting folder of the repository, also those not loaded (a check of some paths,
    # or one part of a split check): rules that compare meetings compare with all of them
    meeting_paths: list[str] = field(default_factory=list)

    @property
    def config(self) -> Config:
        return self.config_doc.data

    @functools.cached_property
    def errors_by_path(self) -> dict[str, list[Finding]]:
        """The load errors of each file that has any (see `state.file_errors`)."""
        by_path: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if finding.severity == "error":
                by_path.setdefault(finding.path, []).append(finding)
        return by_path

    def meeting(self, ref: str) -> MeetingFolder:
        """A meeting by its path, its folder's name (`2025-01-29-direktionen`) or its `id:`
        (`MeetingFolder.uid`); DialogError if none, or if the name means two meetings."""
        wanted = ref.rstrip("/").replace(os.sep, "/")
        for folder in self.meetings:  # the common case (the site's 500 lookups: 0.15 s less)
            if folder.path == wanted:
                return folder
        by_path = [f for f in self.meetings if wanted == f.path or wanted.endswith("/" + f.path)]
        if by_path:
            return by_path[0]
        by_id = [f for f in self.meetings if wanted in (f.id, f.uid)]
        if len(by_id) > 1:
            paths = besked(" and ").join(f.path for f in by_id)
            same_folder = all(f.id == wanted for f in by_id)
            raise DialogError(
                besked(
                    "'{ref}' names two meeting folders, {paths}; give the path of the one you mean"
                ).format(ref=ref, paths=paths)
                + (
                    besked(" (and move the other: dialog check reports it as DM703)")
                    if same_folder
                    else besked(" (and give one another id: dialog check reports it as DM704)")
                ),
                exit_code=2,
            )
        if by_id:
            return by_id[0]
        resolved = Path(ref).resolve()
        for folder in self.meetings:
            if resolved == (self.root / folder.path).resolve():
                return folder
        known = ", ".join(f.id for f in self.meetings[-5:]) or "none"
        raise DialogError(
            besked("no meeting '{ref}' in {root}; use a folder id such as {known}").format(
                ref=ref, root=self.root, known=known
            ),
            exit_code=2,
        )

    def uids_among(self, names: Collection[str]) -> dict[str, str]:
        """The uid of every meeting folder of the repository whose uid is one of `names`,
        by path: the loaded meetings and, for a check of some paths or one part of a split
        check, the others too, so that a taken id is found in every mode.

        A meeting not loaded is read only as far as needed: its folder's name is free, and
        an `id:` is written in its meeting.md, so a file that mentions none of `names` is
        passed over; only the others are loaded.
        """
        wanted = set(names)
        found = {f.path: f.uid for f in self.meetings if f.uid in wanted}
        loaded = {f.path for f in self.meetings}
        mentions = _mentions(wanted)
        base = os.fspath(self.root)
        for rel in self.meeting_paths:
            if rel in loaded:
                continue
            if rel[rel.rfind("/") + 1 :] not in wanted:
                raw = _bytes_unless_link(f"{base}/{rel}/meeting.md")
                if raw is not None and not mentions(raw):
                    continue
            uid = _uid_of(self.root, rel)
            if uid in wanted:
                found[rel] = uid
        return found


_WORD = re.compile(rb"[a-z0-9][a-z0-9-]*")  # a meeting id, wherever the file writes one


def _mentions(names: set[str]) -> Callable[[bytes], bool]:
    """Whether a file's bytes hold one of `names`: a few names are searched for, many (one
    part of a split check) matched against the file's words in one pass."""
    if not names:
        return lambda raw: False
    if len(names) <= 8:
        search = re.compile(b"|".join(re.escape(name.encode()) for name in sorted(names))).search
        return lambda raw: search(raw) is not None
    words = {name.encode() for name in names}
    return lambda raw: not words.isdisjoint(_WORD.findall(raw))


def _uid_of(root: Path, rel: str) -> str:
    """The uid of a meeting folder that is not loaded, from its meeting.md read alone."""
    meeting_md = f"{rel}/meeting.md"
    doc = None  # as when it is loaded: without a readable meeting.md, the folder's name
    if (root / meeting_md).is_file():
        with contextlib.suppress(LoadError):
            doc = load_document(meeting_md, read_text(root, meeting_md), Meeting)
    return MeetingFolder(rel[rel.rfind("/") + 1 :], rel, doc).uid


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows: there, ask first
_OPEN_FLAGS = os.O_RDONLY | _O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0)  # a pipe never waits
_CHUNK = 1 << 16


def _bytes_unless_link(path: str) -> bytes | None:
    """A file's bytes (b"" when there are none to read); None for a symbolic link, which
    only the loader may follow (see `link_problem`). With os calls, not pathlib's: a check
    of one meeting reads every other meeting.md this way, and pathlib costs three times as
    much per file."""
    if not _O_NOFOLLOW and os.path.islink(path):
        return None
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        return None if e.errno == errno.ELOOP else b""
    chunks = []
    try:
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
            if len(chunk) < _CHUNK:
                break
    except OSError:
        return b""  # a folder, a pipe with nothing in it: no id to read
    finally:
        os.close(fd)
    return b"".join(chunks)


def load_config(root: Path) -> Document[Config]:
    """dialog.yaml as a Document; an unreadable or invalid one makes the repository unusable."""
    try:
        return load_yaml_document(CONFIG_FILE, read_text(root, CONFIG_FILE), Config)
    except LoadError as e:
        raise DialogError(
            "\n".join(f.as_text() for f in e.findings)
            + besked("\n{config_file} must be valid before anything else can be checked").format(
                config_file=CONFIG_FILE
            ),
            exit_code=2,
        ) from None


def load_repository(
    root: Path, only: Iterable[Path] | None = None, *, part: tuple[int, int] = (0, 1)
) -> Repository:
    """Read dialog.yaml and every meeting (or only the meetings containing `only`).

    `part=(i, n)` loads every n-th meeting folder from the i-th, for splitting work.
    """
    with _without_gc():
        config_doc = load_config(root)
        findings: list[Finding] = []
        for name in os.listdir(root):
            _hidden(name, name, findings)
        every = list(_meeting_dirs(root, findings))
        folders = every if only is None else _select(root, every, list(only))
        folders = folders[part[0] :: part[1]]
        meetings = [load_meeting(root, rel, findings) for rel in folders]
        meetings.sort(key=meeting_order)
        return Repository(root, config_doc, meetings, findings, every)


def meeting_order(folder: MeetingFolder) -> tuple[object, str]:
    """Where a meeting stands in `Repository.meetings`: by its date (meeting.md's, else its
    folder name's), then its folder's name. Parts of a split load merge by it."""
    return (folder.meeting.dato if folder.meeting else _date_of(folder.id), folder.id)


def ready_to_load() -> None:
    """Build the validators loading uses (a model's is built when it is first used), so
    that a process forked to load half the meetings does not build them again."""
    models: list[type[Model]] = [Config, Meeting, Punkt]
    for model in [*models, *(kind.model for kind in PRODUKTER.values())]:
        model.model_rebuild()


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """Loading allocates many small objects and no reference cycles; the cyclic garbage
    collector would walk them over and over (a fifth of the load time) for nothing.
    Afterwards the loaded objects are frozen, so later collections skip them too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def count_meeting_folders(root: Path) -> int:
    """How many meeting folders there are, without reading any file."""
    try:
        return sum(1 for _ in _meeting_dirs(root, []))
    except OSError:
        return 0  # the real load reports what cannot be read


def _date_of(folder_id: str) -> object:
    from datetime import date

    match = MEETING_NAME.match(folder_id)
    try:
        return date.fromisoformat(match[1]) if match else date.max
    except ValueError:
        return date.max


def _meeting_dirs(root: Path, findings: list[Finding]) -> Iterable[str]:
    """meetings/YYYY/<meeting>/ folders, in name order, as paths relative to the root."""
    problem = _meetings_problem(root)
    if problem:
        findings.append(Finding(MEETINGS_DIR, None, READ, "error", problem))
        return
    for year in _entries(root, MEETINGS_DIR, findings) or []:
        rel_year = f"{MEETINGS_DIR}/{year.name}"
        if _hidden(year.name, rel_year, findings) or _escapes(root, year, rel_year, findings):
            continue
        if not year.is_dir() or not re.fullmatch(r"\d{4}", year.name):
            findings.append(
                _hygiene(rel_year, besked("is not a year folder (meetings/YYYY/); move it"))
            )
            continue
        for entry in _entries(root, rel_year, findings) or []:
            rel = f"{rel_year}/{entry.name}"
            if _hidden(entry.name, rel, findings) or _escapes(root, entry, rel, findings):
                continue
            if not entry.is_dir():
                findings.append(_hygiene(rel, besked("is a file where meeting folders belong")))
                continue
            yield rel


def _meetings_problem(root: Path) -> str | None:
    """Why meetings/ cannot be read as the folder of meetings (never 'no meetings')."""
    base = root / MEETINGS_DIR
    if os.path.islink(base):
        refused = link_problem(root, base)
        if refused:
            return refused
    if not os.path.lexists(base):
        return besked(
            "is missing: a dialog repository keeps its meetings in the folder meetings/"
            " (dialog init makes it, with a file .gitkeep so that git keeps it); create it"
        )
    if not base.is_dir():
        return besked(
            "is not a folder: a dialog repository keeps its meetings in the folder meetings/;"
            " move the file away and create the folder"
        )
    return None


def _select(root: Path, folders: list[str], paths: list[Path]) -> list[str]:
    """The folders that hold one of `paths`, or lie under one (`meetings/2025` selects a year)."""
    base = root.resolve()
    wanted = []
    for p in paths:
        resolved = p.resolve()
        if resolved == base:
            return folders
        if base in resolved.parents:
            wanted.append(resolved.relative_to(base).as_posix())
    return [
        rel
        for rel in folders
        if any(w == rel or w.startswith(rel + "/") or rel.startswith(w + "/") for w in wanted)
    ]


def load_meeting(root: Path, rel: str, findings: list[Finding]) -> MeetingFolder:
    """One meeting folder; every file that fails adds findings instead of raising."""
    folder_id = rel.rsplit("/", 1)[-1]
    if not MEETING_NAME.match(folder_id):
        findings.append(
            _hygiene(
                rel, besked("meeting folder names are YYYY-MM-DD-slug, e.g. 2025-01-29-direktionen")
            )
        )
    entries = _entries(root, rel, findings)
    if entries is not None and any(e.name == RENUMBER_JOURNAL for e in entries):
        # a renumbering was interrupted (kill -9, power cut): finish it before reading
        problem = recover_renumbering(root / rel, root)
        if problem:
            findings.append(Finding(f"{rel}/{RENUMBER_JOURNAL}", None, READ, "error", problem))
        entries = _entries(root, rel, findings)
    if entries is None:
        return MeetingFolder(folder_id, rel, None)
    meeting_md = f"{rel}/meeting.md"
    md_entry = next((e for e in entries if e.name == "meeting.md"), None)
    refused = md_entry is not None and _escapes(root, md_entry, meeting_md, findings)
    doc = None
    if not refused and md_entry is not None and md_entry.is_file():
        doc = _load(root, meeting_md, Meeting, findings)
    elif not refused:
        findings.append(
            Finding(
                meeting_md,
                None,
                MEETING_MD_MISSING,
                "error",
                besked("is missing; every meeting folder needs one"),
            )
        )
    folder = MeetingFolder(folder_id, rel, doc)
    for entry in entries:
        name = entry.name
        child = f"{rel}/{name}"
        if _hidden(name, child, findings) or name == "meeting.md":
            continue
        if _escapes(root, entry, child, findings):
            continue
        if name == "punkter" and entry.is_dir():
            folder.punkter = _load_punkter(root, child, findings)
        elif name == "punkter":
            findings.append(
                _misnamed(
                    child, besked("is a file; punkter/ must be a folder of punkt files NN-slug.md")
                )
            )
        elif name == "bilag" and entry.is_dir():
            folder.bilag_files = sorted(_files_under(root, child, findings))
        elif name in _PRODUKT_FILES and entry.is_file():
            produkt = _load(root, child, PRODUKTER[name[:-3]].model, findings)
            if produkt is not None:
                folder.produkter[name[:-3]] = produkt
        elif name in _PRODUKT_FILES:
            findings.append(
                _misnamed(
                    child,
                    besked("is a folder, so the meeting has no {name}; it must be a file").format(
                        name=name
                    ),
                )
            )
        elif entry.is_file() and PUNKT_NAME.match(name):
            findings.append(
                _misnamed(
                    child,
                    besked("is a punkt outside punkter/; move it to punkter/{name}").format(
                        name=name
                    ),
                )
            )
        elif name.casefold() in _KNOWN_NAMES:
            known = _KNOWN_NAMES[name.casefold()]
            findings.append(
                _misnamed(
                    child,
                    besked(
                        "is not read, because dialog reads only {known} (in lower case);"
                        " rename it to {known}"
                    ).format(known=known),
                )
            )
        elif entry.is_file() and name.lower() in _PRODUKT_FILES:
            findings.append(
                _misnamed(
                    child,
                    besked("is not read as a product; rename it to {name}").format(
                        name=name.lower()
                    ),
                )
            )
        else:
            known = ", ".join(kind.filename for kind in PRODUKTER.values())
            findings.append(
                _hygiene(
                    child,
                    besked(
                        "is not a file dialog knows; a meeting holds meeting.md, {known},"
                        " punkter/ and bilag/"
                    ).format(known=known),
                )
            )
    return folder


def _load_punkter(root: Path, rel: str, findings: list[Finding]) -> list[PunktFile]:
    punkter = []
    strays: list[tuple[str, bool]] = []
    for entry in _entries(root, rel, findings) or []:
        child = f"{rel}/{entry.name}"
        if _hidden(entry.name, child, findings) or _escapes(root, entry, child, findings):
            continue
        match = PUNKT_NAME.match(entry.name)
        if not match or not entry.is_file():
            strays.append((entry.name, entry.is_dir()))
            continue
        doc = _load(root, child, Punkt, findings)
        punkter.append(PunktFile(child, int(match[1]), match[2], doc))
    next_nr = max((p.nr for p in punkter), default=0) + 1
    for name, is_dir in strays:
        should = _punkt_name_for(name, next_nr)
        if is_dir:
            message = besked(
                "is a folder, not a punkt, so the referat has no such punkt; a punkt is a"
                " file named NN-slug.md (e.g. {should}); move what it holds to bilag/"
            ).format(should=should)
        else:
            message = besked(
                "is not a punkt file (NN-slug.md), so the referat has no such punkt; rename"
                " it to {should}, or move it to bilag/ if it is not a punkt"
            ).format(should=should)
        findings.append(_misnamed(f"{rel}/{name}", message))
    return punkter


def _punkt_name_for(name: str, next_nr: int) -> str:
    """The punkt file name a misnamed entry should have: '5-Klima.md' -> '05-klima.md'."""
    from dialogmoder.domain.slug import slugify

    stem = name[:-3] if name.lower().endswith(".md") else name.split(".", 1)[0] or name
    match = re.match(r"(\d+)[-_ .]*(.*)", stem)
    if match and int(match[1]) < 1000:  # punkt numbers have two or three digits
        nr, rest = int(match[1]), match[2]
    else:
        nr, rest = next_nr, stem
    try:
        slug = slugify(rest)
    except DialogError:
        slug = "punkt"  # nothing but digits or signs: any slug will do
    return f"{nr:02d}-{slug}.md"


def _files_under(root: Path, rel: str, findings: list[Finding]) -> Iterable[str]:
    def unreadable(e: OSError) -> None:
        where = Path(e.filename).relative_to(root).as_posix() if e.filename else rel
        findings.append(
            Finding(
                where,
                None,
                READ,
                "error",
                besked("cannot be read: {strerror}").format(strerror=aarsag(e)),
            )
        )

    for dirpath, dirnames, filenames in os.walk(root / rel, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath, name).relative_to(root).as_posix()


def _load(root: Path, rel: str, model: type, findings: list[Finding]) -> Document | None:  # type: ignore[type-arg]
    try:
        # only a product's approval hash needs the whole text; punkter are most of the files
        keep_text = issubclass(model, Produkt)
        return load_document(rel, read_text(root, rel), model, keep_text=keep_text)
    except LoadError as e:
        findings.extend(e.findings)
        return None


def _escapes(root: Path, entry: os.DirEntry[str], rel: str, findings: list[Finding]) -> bool:
    """A symbolic link that loops or points outside the repository is reported, not followed."""
    refused = link_problem(root, Path(entry.path)) if entry.is_symlink() else None
    if refused:
        findings.append(Finding(rel, None, READ, "error", besked(refused)))
    return refused is not None


def _entries(root: Path, rel: str, findings: list[Finding]) -> list[os.DirEntry[str]] | None:
    """A folder's entries in name order; None (and a finding) when it cannot be read."""
    try:
        with os.scandir(root / rel) as scan:
            return sorted(scan, key=lambda e: e.name)
    except OSError as e:
        findings.append(
            Finding(
                rel,
                None,
                READ,
                "error",
                besked("cannot be read: {strerror}").format(strerror=aarsag(e)),
            )
        )
        return None


def _hidden(name: str, rel: str, findings: list[Finding]) -> bool:
    """A hidden entry is skipped; one an interrupted dialog command left behind is reported.

    Reported, not deleted: a leftover cannot be told from the file of a command that is
    running right now, and deleting is the person's call.
    """
    if not name.startswith("."):
        return False
    if name.startswith(".dialog-new-"):
        findings.append(
            _hygiene(
                rel,
                besked(
                    "is a half-made meeting folder left by an interrupted dialog"
                    " new-meeting; nothing uses it: delete it (and run new-meeting again)"
                ),
            )
        )
    elif name.startswith(".dialog-") and name.endswith(".tmp"):
        findings.append(
            _hygiene(
                rel,
                besked(
                    "is a temporary file left by an interrupted dialog command; nothing"
                    " uses it: delete it"
                ),
            )
        )
    return True


def _hygiene(path: str, message: str) -> Finding:
    return Finding(path, None, HYGIENE, "warning", message)


def _misnamed(path: str, message: str) -> Finding:
    return Finding(path, None, MISNAMED, "error", message)
