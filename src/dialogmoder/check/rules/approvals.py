"""DM3xx: approvals are made by the right person and still match the content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.approval import approver_problem, referat_approver_problem
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.state import product_state, referat_state, required_products

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository


@rule(
    "DM301",
    "wrong-approver",
    "A product is approved by a person whose role may not approve it",
    "error",
    "approvals",
)
def wrong_approver(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The forum's `godkendes_af` in dialog.yaml says who approves a product: a role such as
    `fagdirektoer` (for the program: the meeting's own `fagdirektoer` when meeting.md
    names one) or `ejer` (one of the meeting's `ejere`). A `godkendt_af` that names
    someone else, or a person without that role, is an error: the approval does not
    count. Have the right person run `dialog approve FILE --by PERSON`.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        forum = repo.config.fora.get(meeting.forum) if meeting else None
        if meeting is None or forum is None:
            continue
        for produkt, doc in folder.produkter.items():
            by = doc.data.godkendt_af
            if by is None or produkt not in forum.produkter:
                continue
            problem = approver_problem(repo.config, meeting, produkt, by)
            if problem:
                yield found(
                    "DM301",
                    doc.path,
                    doc.line_of("godkendt_af"),
                    besked("godkendt_af: {problem}").format(problem=problem),
                )


@rule(
    "DM302",
    "stale-approval",
    "A product was changed after it was approved",
    "error",
    "approvals",
)
def stale_approval(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `dialog approve` records `godkendt_hash`, a hash of the approved content: every
    front matter value except the approval keys, the body, and the values of meeting.md
    that the rendered product shows (forum and date; for the program also time, place,
    temaer, vært and bistås af; the meeting's titel when the product has none). See the
    README for the recipe. Comments, quoting and line endings do not count. When the
    content changes after the approval, the approval no longer covers it, and every
    rendering shows the product as not approved: re-approve with
    `dialog approve FILE --by PERSON` once the change is reviewed.
    """
    for folder in repo.meetings:
        if folder.meeting is None:
            continue  # meeting.md's own errors are reported; what it shows cannot be compared
        for produkt, doc in folder.produkter.items():
            data = doc.data
            if data.status != "godkendt" or not data.godkendt_hash:
                continue
            if product_state(repo, folder, produkt) == "forældet":
                yield found(
                    "DM302",
                    doc.path,
                    doc.line_of("godkendt_hash"),
                    besked(
                        "changed after it was approved by {by} on {date} (the file, or what"
                        " it shows from meeting.md); until it is approved again it renders as"
                        " UDKAST; re-approve with dialog approve {path} --by {person}"
                    ).format(
                        by=data.godkendt_af or "?",
                        date=data.godkendt_dato or "?",
                        path=doc.path,
                        person=data.godkendt_af or besked("PERSON"),
                    ),
                )


@rule(
    "DM303",
    "incomplete-approval",
    "An approval is incomplete: `status: godkendt` without the other approval keys, or the reverse",
    "error",
    "approvals",
)
def incomplete_approval(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    An approval is recorded by `dialog approve`, which writes four keys together:
    `status: godkendt`, `godkendt_af`, `godkendt_dato` and `godkendt_hash`. A product
    marked `status: godkendt` by hand, without the others, does not say who approved what;
    approval keys on a product with `status: udkast` are left over from an earlier
    approval. Run `dialog approve FILE --by PERSON`, or remove the approval keys.
    """
    keys = ("godkendt_af", "godkendt_dato", "godkendt_hash")
    for folder in repo.meetings:
        for doc in folder.produkter.values():
            data = doc.data
            present = [key for key in keys if getattr(data, key) is not None]
            if data.status == "godkendt" and len(present) < len(keys):
                missing = ", ".join(key for key in keys if key not in present)
                yield found(
                    "DM303",
                    doc.path,
                    doc.line_of("status"),
                    besked(
                        "status is godkendt but {missing} is missing; record the approval"
                        " with dialog approve {path} --by PERSON"
                    ).format(missing=missing, path=doc.path),
                )
            elif data.status != "godkendt" and present:
                yield found(
                    "DM303",
                    doc.path,
                    doc.line_of(present[0]),
                    besked(
                        "status is {status} but {keys} is set; remove the approval keys or"
                        " approve with dialog approve"
                    ).format(status=data.status, keys=", ".join(present)),
                )


@rule(
    "DM304",
    "fagdirektoer-missing",
    "A product needs the meeting's fagdirektør's approval, but meeting.md names none",
    "warning",
    "approvals",
)
def fagdirektoer_missing(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    When a forum's product is approved by `fagdirektoer` (the program of a strategisk
    dialogmøde), the meeting should say which fagdirektør that is (`fagdirektoer:
    PERSON` in meeting.md). Without it any person with the role fagdirektoer may approve.
    Meetings before `gaelder_fra`, and udskudt or aflyst meetings, are not reported.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None or meeting.fagdirektoer:
            continue
        if not context.in_scope(repo, folder):
            continue
        needs = [
            PRODUKTER[k.type].navn
            for k in required_products(repo.config, meeting)
            if k.regel.godkendes_af == "fagdirektoer"
        ]
        if needs:
            yield found(
                "DM304",
                folder.doc.path,
                folder.doc.line_of("forum"),  # the forum's rule asks for the approval
                besked(
                    "no fagdirektoer is named, and {products} must be approved by the"
                    " meeting's fagdirektør; add fagdirektoer: PERSON"
                ).format(products=", ".join(needs)),
            )


@rule(
    "DM305",
    "stale-referat-approval",
    "A referat was changed after it was approved",
    "error",
    "approvals",
)
def stale_referat_approval(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `dialog approve MEETING --by PERSON` records the referat's approval in meeting.md
    (`referat_godkendt: {af, dato, hash}`). The hash covers every punkt (each field and
    word, decisions and underpunkt decisions included), what the referat shows of meeting.md
    (time, place, participants, absent members, the introduction) and of dialog.yaml (the
    forum's and the people's names). When any of it changes after the approval, the approval
    no longer covers it and every rendering of the referat shows it as not approved
    (UDKAST): have it approved again with `dialog approve MEETING --by PERSON` once the
    change is reviewed.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None or meeting.referat_godkendt is None:
            continue
        if referat_state(repo, folder) == "forældet":
            godkendt = meeting.referat_godkendt
            yield found(
                "DM305",
                folder.doc.path,
                folder.doc.line_of("referat_godkendt"),
                besked(
                    "the referat changed after it was approved by {by} on {dato} (a punkt,"
                    " a decision, or what it shows from meeting.md or dialog.yaml); until it"
                    " is approved again it renders as UDKAST; re-approve with dialog approve"
                    " {meeting} --by {by}"
                ).format(by=godkendt.af, dato=godkendt.dato.isoformat(), meeting=folder.uid),
            )


@rule(
    "DM306",
    "wrong-referat-approver",
    "A referat is approved by someone the forum does not let approve it",
    "error",
    "approvals",
)
def wrong_referat_approver(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The forum's `referat_godkendes_af` in dialog.yaml says who approves a meeting's
    referat: person ids, roles (`kommunaldirektoer`) or `medlem` (a member who was at the
    meeting; the default). A `referat_godkendt.af` that names anyone else does not count.
    Have the right person run `dialog approve MEETING --by PERSON`.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None or meeting.referat_godkendt is None:
            continue
        problem = referat_approver_problem(repo.config, meeting, meeting.referat_godkendt.af)
        if problem:
            yield found(
                "DM306",
                folder.doc.path,
                folder.doc.line_of("referat_godkendt"),
                besked("referat_godkendt: {problem}").format(problem=problem),
            )
