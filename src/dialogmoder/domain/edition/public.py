"""What of a meeting an edition shows: the one answer every public output takes.

A closed punkt, and one that cannot be read, shows only its public title (and its time in
the tidsplan); nothing else of it, not its bilag or underpunkter. A closed bilag of an
open punkt shows only that it is there ("(Lukket bilag)"): no title, number or file. Every
bilag of a closed punkt is closed. The internal edition (`public=False`) shows everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dialogmoder import danish
from dialogmoder.domain.state import is_held

if TYPE_CHECKING:
    from dialogmoder.domain.models import Bilag, Meeting, Punkt, Underpunkt
    from dialogmoder.domain.repository import MeetingFolder, PunktFile, Repository


def is_closed(punkt: Punkt | None) -> bool:
    """A closed punkt; one that could not be read counts as closed: nothing of it is public."""
    return punkt is None or punkt.lukket


def public_title(punkt: Punkt | None) -> str:
    """What a public edition calls a closed punkt: its `offentlig_titel`, or "Lukket punkt"."""
    return (punkt.offentlig_titel if punkt is not None else None) or danish.lukket_punkt()


@dataclass(frozen=True)
class PublicBilag:
    """A bilag as an edition shows it, numbered by its place in the punkt's list."""

    lukket: bool
    bilag: Bilag | None  # None: closed in a public edition, shown as "(Lukket bilag)" only


@dataclass(frozen=True)
class PublicPunkt:
    """A punkt as an edition shows it. `punkt` None: nothing of it is shown but `titel`
    and `tid` (a redacted punkt keeps its place in the tidsplan), and it has no bilag or
    underpunkter."""

    titel: str
    lukket: bool
    redacted: bool
    tid: time | None
    punkt: Punkt | None
    bilag: tuple[PublicBilag, ...] = ()
    underpunkter: tuple[Underpunkt, ...] = ()


def public_bilag(
    bilag: Bilag, punkt_closed: bool, public: bool, file_closed: bool = False
) -> PublicBilag:
    """A bilag is closed when it says so or its punkt is closed; a public edition shows
    nothing of a closed one. An open bilag whose file a closed bilag also names
    (`file_closed`, see `ClosedFiles`) is shown without its file: a file is public only
    when every bilag that names it is open."""
    lukket = bilag.lukket or punkt_closed
    if lukket and public:
        return PublicBilag(lukket, None)
    if file_closed and public and bilag.fil is not None:
        return PublicBilag(lukket, bilag.model_copy(update={"fil": None}))
    return PublicBilag(lukket, bilag)


def public_punkt(
    punkt: Punkt | None, public: bool, file_closed: FileClosed | None = None
) -> PublicPunkt:
    """What the public (or, `public=False`, the internal) edition shows of a punkt.
    `file_closed` says of a bilag's `fil` whether a closed bilag names the same file
    (`ClosedFiles.names_closed` for the punkt's meeting)."""
    return _shown(punkt, is_closed(punkt), public, file_closed)


def public_change(before: PunktFile | None, after: PunktFile | None, public: bool) -> PublicPunkt:
    """A punkt as a diff shows a change to it (the side after, or before when it was
    removed). Closed or unreadable on either side, it is closed: opening a punkt does not
    publish what it held while closed, and closing one does not publish what it holds."""
    sides = [p.doc.data if p.doc else None for p in (before, after) if p is not None]
    return _shown(sides[-1], any(is_closed(p) for p in sides), public)


def _shown(
    punkt: Punkt | None, closed: bool, public: bool, file_closed: FileClosed | None = None
) -> PublicPunkt:
    if public and closed:
        tid = punkt.tid if punkt is not None else None
        return PublicPunkt(public_title(punkt), True, True, tid, None)
    if punkt is None:  # the internal edition of a file that cannot be read
        return PublicPunkt(danish.ulaeseligt_punkt(), True, False, None, None)
    return PublicPunkt(
        punkt.titel,
        closed,
        False,
        punkt.tid,
        punkt,
        tuple(
            public_bilag(b, closed, public, bool(file_closed and b.fil and file_closed(b.fil)))
            for b in punkt.bilag
        ),
        tuple(punkt.underpunkter),
    )


# --- a file is public only when every bilag that names it is open ----------------------

# whether a bilag's `fil` is a file that a closed bilag names (`ClosedFiles.names_closed`)
FileClosed = Callable[[str], bool]


@dataclass(frozen=True)
class NamedFile:
    """A bilag's file: where a bilag names it, and the file it is."""

    folder: MeetingFolder
    punkt: PunktFile
    index: int  # the bilag's place in the punkt's list
    rel: str  # the file, as a path from the repository root
    identity: tuple[int, int]  # (st_dev, st_ino): the same file under any name or link
    size: int


@dataclass
class ClosedFiles:
    """The files closed bilag name, by identity and by content, and the question every
    public edition and DM605 ask of an open bilag's file: is it one of them? A file is the
    same when it is the same file (any path, `..` form, symbolic or hard link: its
    (st_dev, st_ino)) or has the same bytes (a copy). Only the files closed bilag name are
    compared, and a file's bytes are hashed only when its size is that of a closed one."""

    root: Path
    closed: list[NamedFile]
    identities: dict[tuple[int, int], NamedFile] = field(default_factory=dict)
    sizes: dict[int, list[NamedFile]] = field(default_factory=dict)
    _digests: dict[tuple[int, int], bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for named in self.closed:
            self.identities.setdefault(named.identity, named)
            self.sizes.setdefault(named.size, []).append(named)

    def same_as_closed(self, named: NamedFile) -> NamedFile | None:
        """The closed bilag's file this one is (the same file or the same bytes), or None."""
        same_file = self.identities.get(named.identity)
        if same_file is not None:
            return same_file
        same_size = self.sizes.get(named.size)
        if not same_size or named.size == 0:  # an empty file carries nothing
            return None
        digest = self._digest(named)
        return next((other for other in same_size if self._digest(other) == digest), None)

    def names_closed(self, folder: MeetingFolder) -> Callable[[str], bool]:
        """For a meeting: whether a bilag's `fil` there is a file a closed bilag names."""

        def file_closed(fil: str) -> bool:
            named = _named(self.root, folder, None, 0, fil)
            return named is not None and self.same_as_closed(named) is not None

        return file_closed

    def _digest(self, named: NamedFile) -> bytes:
        digest = self._digests.get(named.identity)
        if digest is None:
            digest = _sha256(self.root / named.rel)
            self._digests[named.identity] = digest
        return digest


def _sha256(path: Path) -> bytes:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 16):
                h.update(chunk)
    except OSError:
        return b""  # unreadable: its identity alone decides (DM504/DM001 say why)
    return h.digest()


def _named(
    root: Path, folder: MeetingFolder, punkt: PunktFile | None, index: int, fil: str
) -> NamedFile | None:
    rel = folder.located(root, fil).rel
    if rel is None:
        return None  # not one of the meeting's files: never published (DM504)
    try:
        st = os.stat(root / rel)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None  # a pipe or a device is never opened here (and never published)
    return NamedFile(folder, punkt, index, rel, (st.st_dev, st.st_ino), st.st_size)  # type: ignore[arg-type]


def named_files(root: Path, folder: MeetingFolder) -> Iterator[tuple[NamedFile, bool]]:
    """Every bilag file a meeting's punkter name, and whether the bilag is closed."""
    for punkt in folder.punkter:
        if punkt.doc is None:
            continue
        closed_punkt = is_closed(punkt.doc.data)
        for i, bilag in enumerate(punkt.doc.data.bilag):
            if bilag.fil is None:
                continue
            named = _named(root, folder, punkt, i, bilag.fil)
            if named is not None:
                yield named, bilag.lukket or closed_punkt


def closed_files(repo: Repository) -> ClosedFiles:
    """The files every closed bilag of the repository names. A check of some meetings
    (`check --staged`) reads the other meetings' punkter only where a file in their
    `bilag/` is the same file as, or as large as, an open bilag's file of the meetings it
    checks. Made once per repository."""
    cached = _CLOSED.get(id(repo))
    if cached is not None and cached[0]() is repo:
        return cached[1]
    root = repo.root.resolve()
    closed: list[NamedFile] = []
    opened: list[NamedFile] = []
    for folder in repo.meetings:
        for named, is_closed_bilag in named_files(root, folder):
            (closed if is_closed_bilag else opened).append(named)
    loaded = {folder.path for folder in repo.meetings}
    if opened:
        identities = {n.identity for n in opened}
        sizes = {n.size for n in opened}
        for rel in repo.meeting_paths:
            if rel not in loaded and _may_match(root / rel / "bilag", identities, sizes):
                from dialogmoder.domain.repository import load_meeting

                other = load_meeting(root, rel, [])
                closed.extend(
                    n for n, is_closed_bilag in named_files(root, other) if is_closed_bilag
                )
    result = ClosedFiles(root, closed)
    _CLOSED.clear()
    _CLOSED[id(repo)] = (weakref.ref(repo), result)
    return result


def _may_match(folder: Path, identities: set[tuple[int, int]], sizes: set[int]) -> bool:
    """Whether a meeting's bilag/ holds a file that is one of these, or of one's size."""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in identities or st.st_size in sizes:
                return True
    return False


# the last repository asked about, weakly: a cache must not keep a checked slice of a large
# check (`check.MEETINGS_AT_ONCE`) loaded while the next is
_CLOSED: dict[int, tuple[weakref.ref[Repository], ClosedFiles]] = {}


# --- which meetings the site publishes, and as what ---------------------------------------


def published_fora(repo: Repository) -> list[str]:
    """The ids of the fora dialog.yaml publishes (`offentlig: true`), in its order."""
    return [fid for fid, forum in repo.config.fora.items() if forum.offentlig]


# The edition a site is built as: `public`, the public editions of the published fora (the
# web site), or `intern`, the mødemappe: every forum's meetings in full, closed punkter and
# closed bilag included, for the members only.
Edition = Literal["public", "intern"]


def edition_fora(repo: Repository, edition: Edition) -> list[str]:
    """The fora whose meetings a site of this edition holds: the published ones (public),
    or every forum (intern)."""
    return published_fora(repo) if edition == "public" else list(repo.config.fora)


def is_public(edition: Edition) -> bool:
    """Whether an edition shows only what is public (`domain.edition`'s redaction)."""
    return edition == "public"


def published_kind(meeting: Meeting, today: date) -> Literal["referat", "dagsorden"]:
    """A published meeting's public edition: its referat once it is held, its dagsorden before.
    Never the referat before the meeting's day, even if it says `afholdt` (check: DM210)."""
    return "referat" if is_held(meeting, today) and meeting.dato <= today else "dagsorden"


def statement_address(repo: Repository) -> str | None:
    """dialog.yaml's `tilgaengelighed` when it is an address (of the statement made in
    WAS-Tool) for every page to link to, else None (not set, or the statement's text)."""
    value = (repo.config.tilgaengelighed or "").strip()
    return value if value.startswith(("https://", "http://")) and " " not in value else None


# what public data (data.json) leaves out of an assembled public edition: where a thing was
# written (a punkt's file name is not public content), a bilag's repository path (its
# published name is `filnavn`), the logo, and how a table is set (`narrow`), which is layout,
# not content
NOT_PUBLIC_DATA = frozenset({"source", "fil", "logo", "narrow"})


def public_data(document: Any) -> Any:
    """An assembled public edition (render.document's dataclasses) as JSON values."""
    if dataclasses.is_dataclass(document) and not isinstance(document, type):
        return {
            f.name: public_data(getattr(document, f.name))
            for f in dataclasses.fields(document)
            if f.name not in NOT_PUBLIC_DATA
        }
    if isinstance(document, tuple | list):
        return [public_data(v) for v in document]
    return document
