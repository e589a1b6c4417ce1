"""DM1xx: every product and decision a meeting needs is there."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.markdown import image_lines
from dialogmoder.domain.models import Meeting, Opfoelgningsnotat
from dialogmoder.domain.sections import KNOWN_SECTIONS, Outline, without_comments
from dialogmoder.domain.state import (
    file_errors,
    is_cancelled,
    is_held,
    is_overdue,
    required_products,
)

if TYPE_CHECKING:
    from dialogmoder.domain.loader import Document
    from dialogmoder.domain.repository import Repository


@rule(
    "DM101",
    "product-missing",
    "A product the forum requires is missing from the meeting folder",
    "error",
    "completeness",
)
def product_missing(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Each forum in dialog.yaml lists its products with `paakraevet: ja | nej | ved_behov`.
    A meeting needs every `ja` product, and a `ved_behov` product (the materiale til
    facilitering) when its meeting.md says `facilitering: true`. A product due after
    the meeting (a positive frist, such as the opfølgningsnotat) is needed once the
    meeting has `status: afholdt`. Meetings that are `udskudt` or `aflyst` need nothing,
    and meetings before dialog.yaml's `gaelder_fra` are an archive and not checked.
    Create the missing file from its template with `dialog new-meeting` (which never
    overwrites) or by copying the template.
    """
    for folder, meeting in context.meetings_in_scope(repo):
        for krav in required_products(repo.config, meeting):
            path = f"{folder.path}/{krav.type}.md"
            if krav.type in folder.produkter or file_errors(repo, path):
                continue  # there; one with errors is reported by the loader
            if krav.after_meeting and not is_held(meeting, context.today):
                continue
            frist = (
                besked(" (frist {date})").format(date=krav.frist.isoformat()) if krav.frist else ""
            )
            yield found(
                "DM101",
                path,
                None,
                besked("{product}{frist} is missing; the forum '{forum}' requires it").format(
                    product=PRODUKTER[krav.type].navn, frist=frist, forum=meeting.forum
                ),
            )


@rule(
    "DM102",
    "decision-missing",
    "A punkt or underpunkt of a held meeting has no decision",
    "error",
    "completeness",
)
def decision_missing(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    When a meeting has `status: afholdt`, or its date has passed and it still says
    `planlagt` (DM105), its referat needs the decision of every punkt: a `## Beslutning`
    section with text, or, for a punkt with `underpunkter`, a `beslutning` in every
    underpunkt. An underpunkt without one is reported at its own line, also when the punkt
    has a `## Beslutning` (the referat shows each underpunkt with its decision). A
    standing punkt that never gets a decision (the tidsplan, the portfolio review) says
    `kraever_beslutning: false`.
    """
    for folder, meeting in context.meetings_in_scope(repo):
        why = _held_because(meeting, context)
        if why is None:
            continue
        for punkt_file in folder.punkter:
            doc = punkt_file.doc
            if doc is None or not doc.data.kraever_beslutning:
                continue
            under = doc.data.underpunkter
            for i, underpunkt in enumerate(under):
                if not _written(underpunkt.beslutning):
                    yield found(
                        "DM102",
                        punkt_file.path,
                        doc.line_of("underpunkter", i),
                        besked(
                            "underpunkt {n} ({title}) has no beslutning; {why},"
                            " so write its decision (beslutning: ...)"
                        ).format(n=i + 1, title=underpunkt.titel, why=why),
                    )
            text = doc.outline.text_of("Beslutning")
            if under or _written(text):
                continue  # a note to colleagues (<!-- -->) is no decision: no output shows it
            misspelled = _misspelled(doc.outline).get("Beslutning")
            if text is None and misspelled is not None:
                line, written = misspelled
                yield found(
                    "DM102",
                    punkt_file.path,
                    line,
                    besked(
                        "{why} but this punkt has no decision: '## {written}' is not"
                        " '## Beslutning'; correct the heading"
                    ).format(why=why, written=written),
                )
                continue
            yield found(
                "DM102",
                punkt_file.path,
                doc.body_line if text is None else _section_line(doc.outline, doc.body_line),
                besked(
                    "{why} but this punkt has no decision; write it under"
                    " '## Beslutning', or set kraever_beslutning: false for a standing punkt"
                ).format(why=why),
            )


def _held_because(meeting: Meeting, context: Context) -> str | None:
    """Why the meeting needs its decisions (it was held), or None while it does not."""
    if not is_held(meeting, context.today):
        return None
    if is_overdue(meeting, context.today):
        return besked("the meeting was on {date} (still planlagt, DM105)").format(
            date=meeting.dato.isoformat()
        )
    return besked("the meeting is afholdt")


def _written(text: str | None) -> bool:
    return bool(text and without_comments(text).strip())


@rule(
    "DM105",
    "past-meeting-planlagt",
    "A meeting whose date has passed still says status: planlagt",
    "error",
    "completeness",
)
def past_meeting_planlagt(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    After the day of a meeting its status says what happened: `afholdt` (held; then
    DM102 asks for the decision of every punkt, and the opfølgningsnotat becomes due),
    `udskudt` (moved) or `aflyst` (cancelled). A meeting still `planlagt` after its date
    would otherwise pass without decisions, so it is reported, and DM102 treats it as
    held. Meetings before dialog.yaml's `gaelder_fra` are an archive and not checked.
    """
    for folder, meeting in context.meetings_in_scope(repo):
        if not is_overdue(meeting, context.today) or folder.doc is None:
            continue
        doc = folder.doc
        yield found(
            "DM105",
            doc.path,
            doc.line_of("status" if "status" in doc.data.model_fields_set else "dato"),
            besked(
                "the meeting was on {date} but still says status: planlagt;"
                " set status: afholdt and write the decisions, or status: udskudt or aflyst"
            ).format(date=meeting.dato.isoformat()),
        )


def _section_line(outline: Outline, first_line: int) -> int:
    for line, titel in outline.headings():
        if titel.casefold() == "beslutning":
            return line
    return first_line


@rule(
    "DM103",
    "product-not-in-forum",
    "A product file the meeting's forum does not have",
    "warning",
    "completeness",
)
def product_not_in_forum(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A product file (e.g. program.md) in a meeting whose forum in dialog.yaml does not
    list that product, or marks it `paakraevet: nej`, or a materiale til facilitering in
    a meeting that says `facilitering: false`. It is probably in the wrong folder, or the
    meeting.md or dialog.yaml is missing a line. Meetings that are udskudt or aflyst are
    not reported.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or is_cancelled(meeting):
            continue
        if meeting.forum not in repo.config.fora:
            continue  # DM502 reports the forum
        wanted = {k.type for k in required_products(repo.config, meeting)}
        for produkt, doc in folder.produkter.items():
            if produkt in wanted:
                continue
            if produkt == "facilitering" and not meeting.facilitering:
                reason = besked(
                    "the meeting says facilitering: false; set it to true if it is needed"
                )
            else:
                reason = besked("the forum '{forum}' does not require it").format(
                    forum=meeting.forum
                )
            yield found(
                "DM103",
                doc.path,
                None,
                besked("{product} is here, but {reason}").format(
                    product=PRODUKTER[produkt].navn, reason=reason
                ),
            )


@rule(
    "DM104",
    "initiativ-status-mismatch",
    "An initiativ has an afsluttet_dato but still says status: aaben",
    "warning",
    "completeness",
)
def initiativ_status_mismatch(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    An initiativ in an opfølgningsnotat is done when it says `status: afsluttet`; its
    `afsluttet_dato` records when. An `afsluttet_dato` under `status: aaben` (or without
    `status`, which means aaben) is usually a forgotten status line: `dialog actions`
    still lists the initiativ as open, and `dialog new-meeting` carries it over. Write
    `status: afsluttet`, or remove the date if the initiativ is not done.
    """
    for folder in repo.meetings:
        doc = folder.produkter.get("opfoelgningsnotat")
        if doc is None or not isinstance(doc.data, Opfoelgningsnotat):
            continue
        for i, initiativ in enumerate(doc.data.initiativer):
            if initiativ.status != "aaben" or initiativ.afsluttet_dato is None:
                continue
            yield found(
                "DM104",
                doc.path,
                doc.line_of("initiativer", i, "afsluttet_dato"),
                besked(
                    "initiativ {n} ({what}) has afsluttet_dato {date} but status: aaben, so it"
                    " is listed as open; write status: afsluttet, or remove afsluttet_dato"
                ).format(n=i + 1, what=initiativ.hvad, date=initiativ.afsluttet_dato.isoformat()),
            )


_KNOWN = {titel.casefold(): titel for titel in KNOWN_SECTIONS}


def _misspelled(outline: Outline) -> dict[str, tuple[int, str]]:
    """Known section -> (line, heading as written) for each `## ` heading that is not a
    known section but resembles one ('Beslutninger', 'Indstiling', 'beslutning:')."""
    known = _KNOWN
    result: dict[str, tuple[int, str]] = {}
    for n, titel in enumerate(outline.titles()):
        if titel.casefold() in known:
            continue
        bare = titel.casefold().strip(" :.")
        close = known.get(bare) or next(
            iter(difflib.get_close_matches(bare, list(known), n=1, cutoff=0.8)), None
        )
        if close is not None:
            result.setdefault(known.get(close, close), (outline.line(n), titel))
    return result


def _markdown_documents(repo: Repository) -> Iterator[Document]:  # type: ignore[type-arg]
    """Every loaded file with a Markdown body: meeting.md, products, punkter."""
    for folder in repo.meetings:
        if folder.doc is not None:
            yield folder.doc
        yield from folder.produkter.values()
        for punkt_file in folder.punkter:
            if punkt_file.doc is not None:
                yield punkt_file.doc


@rule(
    "DM106",
    "section-misspelled",
    "A `## ` heading resembles a known section but is not one (## Beslutninger)",
    "warning",
    "completeness",
)
def section_misspelled(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A punkt's sections are found by their headings: `## Baggrund`, `## Sagsfremstilling`,
    `## Økonomiske konsekvenser`, `## Indstilling` and `## Beslutning` (case does not
    matter). A heading that is nearly one of them (`## Beslutninger`, `## Indstiling`,
    `## Beslutning:`) is another section to dialog: the referat shows it as a heading of
    its own, and the decision it holds is not the punkt's decision (DM102 then says the
    decision is missing). Correct the heading to the known one.
    """
    for folder in repo.meetings:
        for punkt_file in folder.punkter:
            doc = punkt_file.doc
            if doc is None:
                continue
            for titel, (line, written) in _misspelled(doc.outline).items():
                yield found(
                    "DM106",
                    punkt_file.path,
                    line,
                    besked(
                        "'## {written}' is not a section dialog knows; did you mean '## {titel}'?"
                    ).format(written=written, titel=titel),
                )


@rule(
    "DM107",
    "image-in-body",
    "An image (`![alt](file)`) in a body, which no rendering shows",
    "error",
    "completeness",
)
def image_in_body(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    dialog renders no images from a punkt's or a product's text: an image would be a file
    that a public edition publishes without a bilag that says whether it is open, and an
    image on the web would be a request that leaves the document. `![Diagram](fil.png)`
    would be shown as its literal text. Attach the figure as a bilag (`bilag:` with `fil`
    and `lukket`) and refer to it in the text ("se bilag 4.2"), or write a link
    (`[Diagram](https://...)`) where a link is what you mean.
    """
    for doc in _markdown_documents(repo):
        for line, target in image_lines(doc.body, doc.body_line):
            yield found(
                "DM107",
                doc.path,
                line,
                besked(
                    "an image ({target}) is not shown in any rendering; attach it as a"
                    " bilag and refer to it, or write a link"
                ).format(target=target or "-"),
            )
