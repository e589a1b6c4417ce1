"""What of a meeting an edition shows: the one answer every public output takes.

A closed punkt, and one that cannot be read, shows only its public title (and its time in
the tidsplan); nothing else of it, not its bilag or underpunkter. A closed bilag of an
open punkt shows only that it is there ("(Lukket bilag)"): no title, number or file. Every
bilag of a closed punkt is closed. The internal edition (`public=False`) shows everything.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any, Literal

from dialogmoder import danish
from dialogmoder.domain.state import is_held

if TYPE_CHECKING:
    from dialogmoder.domain.models import Bilag, Meeting, Punkt, Underpunkt
    from dialogmoder.domain.repository import PunktFile, Repository


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


def public_bilag(bilag: Bilag, punkt_closed: bool, public: bool) -> PublicBilag:
    """A bilag is closed when it says so or its punkt is closed; a public edition shows
    nothing of a closed one."""
    lukket = bilag.lukket or punkt_closed
    return PublicBilag(lukket, None if lukket and public else bilag)


def public_punkt(punkt: Punkt | None, public: bool) -> PublicPunkt:
    """What the public (or, `public=False`, the internal) edition shows of a punkt."""
    return _shown(punkt, is_closed(punkt), public)


def public_change(before: PunktFile | None, after: PunktFile | None, public: bool) -> PublicPunkt:
    """A punkt as a diff shows a change to it (the side after, or before when it was
    removed). Closed or unreadable on either side, it is closed: opening a punkt does not
    publish what it held while closed, and closing one does not publish what it holds."""
    sides = [p.doc.data if p.doc else None for p in (before, after) if p is not None]
    return _shown(sides[-1], any(is_closed(p) for p in sides), public)


def _shown(punkt: Punkt | None, closed: bool, public: bool) -> PublicPunkt:
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
        tuple(public_bilag(b, closed, public) for b in punkt.bilag),
        tuple(punkt.underpunkter),
    )


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
