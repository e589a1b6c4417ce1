"""DM5xx: every id points at something dialog.yaml defines; every bilag file exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.loader import LOOP, Document

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository


def _hint(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return besked("; did you mean '{close}'?").format(close=close[0]) if close else ""


@dataclass(frozen=True)
class Ref:
    """One id written in a file: where, in which field, and whether a group may stand there."""

    doc: Document[Any]
    loc: tuple[str | int, ...]  # its key path in the file: its line is looked up when asked
    field: str
    value: str
    groups_allowed: bool

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def line(self) -> int:
        return self.doc.line_of(*self.loc)


# (field, groups allowed) per file type; a path of keys leads to nested lists of models
_MEETING_FIELDS = (
    ("vaert", True),
    ("bistaas_af", True),
    ("ejere", False),
    ("fagdirektoer", False),
    ("deltagere", False),
    ("fravaerende", False),
    ("afbud", False),
)


def _refs(doc: Document[Any], data: Any, field: str, groups: bool, *at: str | int) -> Iterator[Ref]:
    """The ids in `data.field` (a list of ids or one id); `at` locates `data` in the file."""
    value = getattr(data, field, None)
    if isinstance(value, str):
        yield Ref(doc, (*at, field), field, value, groups)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield Ref(doc, (*at, field, i), field, item, groups)


def _people_refs(repo: Repository) -> Iterator[Ref]:
    """Every person (or group) reference in the meetings."""
    for folder in repo.meetings:
        if folder.doc is not None:
            for field, groups in _MEETING_FIELDS:
                yield from _refs(folder.doc, folder.doc.data, field, groups)
        for punkt in folder.punkter:
            if punkt.doc is None:
                continue
            yield from _refs(punkt.doc, punkt.doc.data, "deltager", False)
            yield from _member_refs(punkt.doc)
            for i, under in enumerate(punkt.doc.data.underpunkter):
                yield from _refs(punkt.doc, under, "deltager", False, "underpunkter", i)
        for doc in folder.produkter.values():
            for i, initiativ in enumerate(getattr(doc.data, "initiativer", [])):
                yield from _refs(doc, initiativ, "hvem", True, "initiativer", i)
            for i, programpunkt in enumerate(getattr(doc.data, "programpunkter", [])):
                yield from _refs(doc, programpunkt, "ansvarlig", True, "programpunkter", i)


def _member_refs(doc: Document[Any]) -> Iterator[Ref]:
    """The ids in a punkt that must be members of the meeting: its and its underpunkter's
    `inhabile`, and who asked for each protokoltilførsel."""
    data = doc.data
    yield from _refs(doc, data, "inhabile", False)
    for i, under in enumerate(data.underpunkter):
        yield from _refs(doc, under, "inhabile", False, "underpunkter", i)
    for i, tilfoersel in enumerate(data.protokoltilfoersler):
        yield from _refs(doc, tilfoersel, "af", False, "protokoltilfoersler", i)


@rule(
    "DM501",
    "unknown-person",
    "A person (or group) id that dialog.yaml does not define",
    "error",
    "references",
)
def unknown_person(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    People are written as ids (`jonas-kroustrup`) and defined once under `personer` in
    dialog.yaml; `vaert`, `bistaas_af`, an initiativ's `hvem` and a programpunkt's
    `ansvarlig` may also name a group from `grupper`. An id that is not defined is
    usually a typo, so the message gives the closest known id. dialog.yaml itself is
    checked too: the `medlemmer` of fora and grupper, a formøde's `med` (which may also be
    a role such as `borgmester`), and a forum's `referat_godkendes_af` (a person, a role,
    or `medlem`).
    """
    config = repo.config
    people = set(config.personer)
    people_or_groups = people | set(config.grupper)
    for ref in _people_refs(repo):
        known = people_or_groups if ref.groups_allowed else people
        if ref.value not in known:
            what = besked("person or group") if ref.groups_allowed else "person"
            yield found(
                "DM501",
                ref.path,
                ref.line,
                besked("{field}: no {what} '{value}' in dialog.yaml{x}").format(
                    field=ref.field, what=what, value=ref.value, x=_hint(ref.value, known)
                ),
            )
    cdoc = repo.config_doc
    from typing import get_args

    from dialogmoder.domain.approval import MEDLEM
    from dialogmoder.domain.models import Rolle

    roles = set(get_args(Rolle))
    for forum_id, forum in config.fora.items():
        for i, member in enumerate(forum.medlemmer):
            if member not in people:
                yield found(
                    "DM501",
                    cdoc.path,
                    cdoc.line_of("fora", forum_id, "medlemmer", i),
                    besked("fora.{forum_id}.medlemmer: no person '{member}'{x}").format(
                        forum_id=forum_id, member=member, x=_hint(member, people)
                    ),
                )
        if forum.arrangoer is not None and forum.arrangoer not in people:
            yield found(
                "DM501",
                cdoc.path,
                cdoc.line_of("fora", forum_id, "arrangoer"),
                besked("fora.{forum_id}.arrangoer: no person '{who}'{x}").format(
                    forum_id=forum_id, who=forum.arrangoer, x=_hint(forum.arrangoer, people)
                ),
            )
        for i, who in enumerate(forum.referat_godkendes_af or ()):
            if who not in people | roles | {MEDLEM}:
                yield found(
                    "DM501",
                    cdoc.path,
                    cdoc.line_of("fora", forum_id, "referat_godkendes_af", i),
                    besked(
                        "fora.{forum_id}.referat_godkendes_af: no person or role '{who}', and"
                        " it is not {medlem}{x}"
                    ).format(
                        forum_id=forum_id,
                        who=who,
                        medlem=MEDLEM,
                        x=_hint(who, people | roles | {MEDLEM}),
                    ),
                )
        if forum.formoede is not None:
            for i, member in enumerate(forum.formoede.med):
                if member not in people | roles:
                    yield found(
                        "DM501",
                        cdoc.path,
                        cdoc.line_of("fora", forum_id, "formoede", "med", i),
                        besked(
                            "fora.{forum_id}.formoede.med: no person or role '{member}'{x}"
                        ).format(forum_id=forum_id, member=member, x=_hint(member, people | roles)),
                    )
    for group_id, group in config.grupper.items():
        for i, member in enumerate(group.medlemmer):
            if member not in people:
                yield found(
                    "DM501",
                    cdoc.path,
                    cdoc.line_of("grupper", group_id, "medlemmer", i),
                    besked("grupper.{group_id}.medlemmer: no person '{member}'{x}").format(
                        group_id=group_id, member=member, x=_hint(member, people)
                    ),
                )


@rule(
    "DM502",
    "unknown-forum",
    "A meeting's forum is not defined in dialog.yaml",
    "error",
    "references",
)
def unknown_forum(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `forum` in meeting.md names one of the `fora` in dialog.yaml (e.g.
    `strategisk-dialogmoede`, `direktionen`); the forum decides which products the
    meeting needs. Fix the id (the message suggests the closest one), or add the forum.
    """
    fora = repo.config.fora
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None or meeting.forum in fora:
            continue
        yield found(
            "DM502",
            folder.doc.path,
            folder.doc.line_of("forum"),
            besked("no forum '{forum}' in dialog.yaml{x} (known: {x2})").format(
                forum=meeting.forum,
                x=_hint(meeting.forum, fora),
                x2=", ".join(sorted(fora)) or "none",
            ),
        )


@rule(
    "DM503",
    "unknown-tema",
    "A meeting's tema is not defined in dialog.yaml",
    "error",
    "references",
)
def unknown_tema(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `temaer` in meeting.md lists ids of the strategic themes under `temaer` in
    dialog.yaml (e.g. `vaekst-og-udvikling`). Fix the id or add the tema.
    """
    temaer = repo.config.temaer
    for folder in repo.meetings:
        if folder.doc is None:
            continue
        for ref in _refs(folder.doc, folder.doc.data, "temaer", False):
            if ref.value not in temaer:
                yield found(
                    "DM503",
                    ref.path,
                    ref.line,
                    besked("no tema '{value}' in dialog.yaml{x}").format(
                        value=ref.value, x=_hint(ref.value, temaer)
                    ),
                )


@rule(
    "DM504",
    "bilag-file-missing",
    "A bilag's `fil` does not exist, or points outside the meeting folder",
    "error",
    "references",
)
def bilag_file_missing(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A bilag may name its file with `fil`, a path relative to the meeting folder such as
    `bilag/udmoentningsplan.pdf`. The file must exist, and the path must stay inside the
    meeting folder: no absolute paths, no `..`, no symlink that leaves the repository.
    Add the file (`git add`), or fix the path.
    """
    from dialogmoder.domain.bilagsfil import NOT_REGULAR

    for folder in repo.meetings:
        for punkt in folder.punkter:
            if punkt.doc is None:
                continue
            for i, bilag in enumerate(punkt.doc.data.bilag):
                if bilag.fil is None:
                    continue
                where = folder.located(repo.root, bilag.fil)
                if where.problem is None:
                    continue
                if where.problem == "outside":
                    message = besked(
                        "must be a path inside the meeting folder, e.g. bilag/notat.pdf"
                    )
                elif where.problem == "missing":
                    message = besked(
                        "does not exist; put the file in {path}/bilag/ or fix the path"
                    ).format(path=folder.path)
                elif where.problem == NOT_REGULAR:
                    message = besked(
                        "is not a regular file (a named pipe, device, socket or folder);"
                        " dialog never reads it: put the file itself in {folder}/bilag/"
                    ).format(folder=folder.path)
                elif where.problem == LOOP:
                    message = besked(LOOP)
                else:
                    message = besked("is a link that leaves the repository")
                line = punkt.doc.line_of("bilag", i, "fil")
                yield found(
                    "DM504",
                    punkt.path,
                    line,
                    besked("fil '{fil}' {message}").format(fil=bilag.fil, message=message),
                )


@rule(
    "DM505",
    "fagdirektoer-role",
    "A meeting's fagdirektoer is a person without the role fagdirektoer",
    "error",
    "references",
)
def fagdirektoer_role(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `fagdirektoer` in meeting.md names the director who approves the program; in
    dialog.yaml that person must have `rolle: fagdirektoer`. Name the right person, or
    fix the role in dialog.yaml.
    """
    people = repo.config.personer
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None or not meeting.fagdirektoer:
            continue
        person = people.get(meeting.fagdirektoer)
        if person is not None and person.rolle != "fagdirektoer":
            yield found(
                "DM505",
                folder.doc.path,
                folder.doc.line_of("fagdirektoer"),
                besked(
                    "fagdirektoer: {fagdirektoer} has the role '{rolle}', not fagdirektoer"
                ).format(fagdirektoer=meeting.fagdirektoer, rolle=person.rolle),
            )


@rule(
    "DM506",
    "unknown-approver-role",
    "A forum's `godkendes_af` is neither a role nor `ejer`",
    "error",
    "references",
)
def unknown_approver_role(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `godkendes_af` of a product in dialog.yaml says who approves it: a role that people
    have (`borgmester`, `kommunaldirektoer`, `fagdirektoer`, `chef`, `konsulent`,
    `medarbejder`, `ekstern`) or `ejer` (one of the meeting's ejere). Anything else means
    nobody can ever approve the product. Fix the word; leave it out if the product needs
    no approval.
    """
    from typing import get_args

    from dialogmoder.domain.models import Rolle

    allowed = {*get_args(Rolle), "ejer"}
    doc = repo.config_doc
    for forum_id, forum in repo.config.fora.items():
        for produkt, regel in forum.produkter.items():
            who = regel.godkendes_af
            if who is not None and who not in allowed:
                yield found(
                    "DM506",
                    doc.path,
                    doc.line_of("fora", forum_id, "produkter", produkt, "godkendes_af"),
                    besked(
                        "fora.{forum_id}.produkter.{produkt}.godkendes_af: '{who}' is not a"
                        " role{x} (roles: {x2})"
                    ).format(
                        forum_id=forum_id,
                        produkt=produkt,
                        who=who,
                        x=_hint(who, allowed),
                        x2=", ".join(sorted(allowed)),
                    ),
                )


@rule(
    "DM507",
    "logo-file-missing",
    "dialog.yaml's `logo` is not an image file inside the repository",
    "error",
    "references",
)
def logo_file_missing(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `logo` in dialog.yaml names the image that heads every rendered document: a png, svg
    or jpg file, written as a path from the repository's root such as `grafik/logo.png`.
    The file must exist inside the repository (no absolute path, no `..`, no link that
    leaves it). Add the file, or fix the path.
    """
    from dialogmoder.domain.logo import logo_problem

    logo = repo.config.logo
    if logo is None:
        return
    problem = logo_problem(repo.root.resolve(), logo)
    if problem is not None:
        doc = repo.config_doc
        yield found(
            "DM507",
            doc.path,
            doc.line_of("logo"),
            besked("logo '{logo}' {problem}").format(logo=logo, problem=problem),
        )


@rule(
    "DM508",
    "not-a-member",
    "Afbud, inhabile or a protokoltilførsel names someone who is not a member of the meeting",
    "error",
    "references",
)
def not_a_member(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `afbud` in meeting.md, `inhabile` in a punkt or an underpunkt, and the `af` of a
    punkt's `protokoltilfoersler` name members of the meeting: its `deltagere`, or, without
    them, its forum's `medlemmer` in dialog.yaml. Only a member can send regrets, leave a
    punkt because of inhabilitet or have a remark recorded in the referat. Name the right
    person, or add them to the meeting's `deltagere`. (An id dialog.yaml does not know at
    all is DM501.)
    """
    from dialogmoder.danish import besked

    people = repo.config.personer
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None:
            continue
        forum = repo.config.fora.get(meeting.forum)
        members = meeting.deltagere if meeting.deltagere is not None else None
        if members is None:
            members = forum.medlemmer if forum is not None else []
        refs = list(_refs(folder.doc, meeting, "afbud", False))
        for punkt in folder.punkter:
            if punkt.doc is not None:
                refs.extend(_member_refs(punkt.doc))
        for ref in refs:
            if ref.value in people and ref.value not in members:
                yield found(
                    "DM508",
                    ref.path,
                    ref.line,
                    besked("{field}: {who} is not a member of the meeting ({members})").format(
                        field=ref.field,
                        who=ref.value,
                        members=", ".join(members) or besked("no one"),
                    ),
                )
