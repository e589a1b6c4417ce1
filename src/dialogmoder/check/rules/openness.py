"""DM6xx: open and closed content (lukket), and personal data in what is public."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked, nbesked
from dialogmoder.domain.findings import Finding

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository


@rule(
    "DM601",
    "cpr-in-open-content",
    "A CPR number in what a public rendering shows, as written or once Markdown is rendered",
    "error",
    "openness",
)
def cpr_in_open_content(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Danish municipalities have published CPR numbers in open referater; this rule exists
    to stop that. It reads what a reader reads: every text of public content, found by
    walking the files' fields (meeting.md with its pauser and note; an open punkt with
    its underpunkter and open bilag; a closed punkt's `offentlig_titel`; program and
    opfølgningsnotat), every string of dialog.yaml (names, tilgaengelighed, ...), the text
    of every open bilag file a public edition publishes (text, Markdown, PDF, and Word,
    Excel, PowerPoint and OpenDocument files; one whose text cannot be read is DM607), and
    every body twice, as written and as it shows once Markdown is rendered (so
    `0101**90**-1234`, `010190\\-1234`, `&#48;10190-1234`, a number across a line break, in
    a link's target or title or a reference definition are found too).

    First the text is made what a reader sees: invisible and formatting characters (soft
    hyphen, zero-width space, bidi marks), control characters and combining marks are
    dropped, and lookalike digits (full-width, Arabic-Indic, with a mark) read as 0-9.
    Then a CPR number is six digits that form a real date (ddmmyy; its parts may be
    separated by ".", "-" or a space), at most one dash or slash with at most one space
    on each side (a single line break counts as a space), and four digits. A date
    written with "." or "-" and then a space and four digits is a date and a number
    ("pr. 29.11.23 1234 borgere"), not a CPR number; with a dash or a slash it is one.
    Paragraphs and table cells are never joined. The modulus-11 check is not used: it was
    given up in 2007. Remove the number, or close the punkt (`lukket: true`) if the
    personal data belongs in it. `dialog render --public` and `dialog site` refuse to
    publish a CPR number whatever this rule is set to.
    """
    from dialogmoder.domain.edition import repository_findings

    for finding in repository_findings(repo):
        yield found("DM601", finding.path, finding.line, finding.message)


@rule(
    "DM602",
    "punkt-lukket-unset",
    "A punkt does not say `lukket: true` or `lukket: false`; it is treated as closed",
    "warning",
    "openness",
)
def punkt_lukket_unset(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Whether a punkt is public must be a decision someone wrote down. A punkt without
    `lukket` is treated as closed (closed by mistake is better than open by mistake), so
    it disappears from public renderings; this warning asks for the decision. Write
    `lukket: false` for an open punkt, `lukket: true` for a closed one.
    """
    for folder in repo.meetings:
        for punkt in folder.punkter:
            if punkt.doc is not None and "lukket" not in punkt.doc.data.model_fields_set:
                yield found(
                    "DM602",
                    punkt.path,
                    punkt.doc.line_of("titel"),
                    besked(
                        "lukket is not written, so the punkt is treated as closed; write"
                        " lukket: false (open) or lukket: true (closed)"
                    ),
                )


@rule(
    "DM603",
    "bilag-lukket-unset",
    "A bilag does not say `lukket: true` or `lukket: false`; it is treated as closed",
    "warning",
    "openness",
)
def bilag_lukket_unset(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Like a punkt, every bilag must say whether it is public. A bilag without `lukket`
    is treated as closed and listed publicly only as "(Lukket bilag)". Write
    `lukket: false` or `lukket: true` in the bilag. Bilag of a closed punkt are closed
    whatever they say, and are not reported.
    """
    for folder in repo.meetings:
        for punkt in folder.punkter:
            doc = punkt.doc
            if doc is None or doc.data.lukket:
                continue
            for i, bilag in enumerate(doc.data.bilag):
                if "lukket" not in bilag.model_fields_set:
                    yield found(
                        "DM603",
                        punkt.path,
                        doc.line_of("bilag", i),
                        besked(
                            "bilag {x} does not say lukket, so it is treated as closed;"
                            " write lukket: false (open) or lukket: true (closed)"
                        ).format(x=i + 1),
                    )


@rule(
    "DM604",
    "open-bilag-in-closed-punkt",
    "A bilag says `lukket: false` in a closed punkt; it stays closed",
    "warning",
    "openness",
)
def open_bilag_in_closed_punkt(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A bilag of a closed punkt is closed, whatever its own flag says: nothing from a
    closed punkt reaches a public rendering. `lukket: false` on such a bilag suggests
    someone expects it to be public. Open the punkt, move the bilag to an open punkt,
    or write `lukket: true`.
    """
    for folder in repo.meetings:
        for punkt in folder.punkter:
            doc = punkt.doc
            if doc is None or not doc.data.lukket:
                continue
            for i, bilag in enumerate(doc.data.bilag):
                if "lukket" in bilag.model_fields_set and not bilag.lukket:
                    yield found(
                        "DM604",
                        punkt.path,
                        doc.line_of("bilag", i, "lukket"),
                        besked(
                            "bilag {x} says lukket: false, but the punkt is closed, so the"
                            " bilag stays closed"
                        ).format(x=i + 1),
                    )


@rule(
    "DM610",
    "site-without-statement",
    "The site is published but `tilgaengelighed` gives no address of its accessibility statement",
    "warning",
    "openness",
)
def site_without_statement(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A Danish public body must make an accessibility statement (tilgængelighedserklæring)
    for its website in the Agency for Digital Government's WAS-Tool, and link it from
    every page with the link text "Tilgængelighedserklæring" (webtilgængelighedsloven).
    When a forum is published (`offentlig: true`), `tilgaengelighed` in dialog.yaml
    should hold the statement's address, e.g. `https://was.digst.dk/moeder-syddjurs-dk`:
    `dialog site` then links it from every page's footer. Without it (or with a text
    instead of an address) the footer links the site's own page "Om tilgængelighed",
    which helps the web editor fill in WAS-Tool but is not the statement.
    """
    from dialogmoder.danish import besked
    from dialogmoder.domain.edition import published_fora, statement_address

    fora = published_fora(repo)
    if not fora or statement_address(repo) is not None:
        return
    doc = repo.config_doc
    if repo.config.tilgaengelighed is None:
        line = doc.line_of("fora", fora[0], "offentlig")
        message = besked(
            "the site is published (fora.{forum}.offentlig: true), but dialog.yaml has no"
            " tilgaengelighed: write the address of the accessibility statement made in"
            " WAS-Tool, e.g. tilgaengelighed: https://was.digst.dk/moeder-kommune-dk"
        ).format(forum=fora[0])
    else:
        line = doc.line_of("tilgaengelighed")
        message = besked(
            "tilgaengelighed is a text, not the address of the accessibility statement made"
            " in WAS-Tool, which every page must link to; write its address, e.g."
            " tilgaengelighed: https://was.digst.dk/moeder-kommune-dk"
        )
    yield found("DM610", doc.path, line, message)


@rule(
    "DM607",
    "open-bilag-unread",
    "An open bilag's file is published, but its text cannot be read for CPR numbers",
    "warning",
    "openness",
)
def open_bilag_unread(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    DM601 reads the text of every bilag file a public edition publishes, but not every file
    has text it can read: a scanned letter (a PDF of images, no text, or scanned pages among
    typed ones), a photo, a damaged or password-protected document. A scan from a citizen
    is where a CPR number is most often published by mistake, so such a file is named
    here: look through it yourself before it is published, or close the bilag
    (`lukket: true`). Once looked through, an archive that publishes images on purpose can
    turn the warning off in dialog.yaml (`regler: {DM607: off}`); DM601 still reads every
    file it can.
    """
    from dialogmoder.domain.edition import closed_files, named_files, unread_bilag

    closed = closed_files(repo)
    why = {
        "kind": besked("dialog reads no text in this kind of file"),
        "text": besked(
            "it has no text dialog can read: a scan, or a damaged, locked or very large file"
        ),
    }
    for folder in repo.meetings:
        for named, is_closed_bilag in named_files(closed.root, folder):
            if is_closed_bilag or named.punkt.doc is None:
                continue
            if closed.same_as_closed(named) is not None:
                continue  # DM605: a public edition leaves it out
            unread = unread_bilag(closed.root, named)
            if unread is None:
                continue
            reason, pages = unread
            if reason == "pages":
                message = nbesked(
                    "bilag {n} is open and its file {fil} is published, but its page {pages}"
                    " is a picture without text (a scan?), which cannot be read for CPR"
                    " numbers; look through it yourself, or close the bilag with lukket: true",
                    "bilag {n} is open and its file {fil} is published, but its pages {pages}"
                    " are pictures without text (a scan?), which cannot be read for CPR"
                    " numbers; look through them yourself, or close the bilag with"
                    " lukket: true",
                    len(pages),
                ).format(n=named.index + 1, fil=named.rel, pages=", ".join(map(str, pages)))
            else:
                message = besked(
                    "bilag {n} is open and its file {fil} is published, but it cannot be read"
                    " for CPR numbers ({why}); look through it yourself, or close the bilag"
                    " with lukket: true"
                ).format(n=named.index + 1, fil=named.rel, why=why[reason])
            yield found(
                "DM607", named.punkt.path, named.punkt.doc.line_of("bilag", named.index, "fil"),
                message,
            )  # fmt: skip


@rule(
    "DM605",
    "closed-file-in-open-bilag",
    "An open bilag names a file that a closed bilag names too (the same file or a copy)",
    "error",
    "openness",
)
def closed_file_in_open_bilag(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A file is public only when every bilag that names it is open and in an open punkt.
    When a closed bilag (or a bilag of a closed punkt) names a file, an open bilag that
    names the same file, by another path, a `..` form, a symbolic or hard link, or a
    copy with the same bytes, would publish it. Public editions (`render --public`,
    `dialog site`) leave such a file out; this error asks for the decision: give the open
    bilag a file of its own that may be published, or close it (`lukket: true`). The
    files are compared with the closed bilag files of the meetings checked.
    """
    from dialogmoder.domain.edition import closed_files, named_files

    closed = closed_files(repo)
    if not closed.closed:
        return
    for folder in repo.meetings:
        for named, is_closed_bilag in named_files(closed.root, folder):
            if is_closed_bilag:
                continue
            other = closed.same_as_closed(named)
            if other is None or named.punkt.doc is None:
                continue
            if other.identity == named.identity:
                message = besked(
                    "bilag {n} is open, but its file is {closed}, which a closed bilag of"
                    " {where} names; a public edition leaves it out: give the bilag a file that"
                    " may be published, or close it with lukket: true"
                )
            else:
                message = besked(
                    "bilag {n} is open, but its file has the content of {closed}, which a"
                    " closed bilag of {where} names; a public edition leaves it out: give the"
                    " bilag a file that may be published, or close it with lukket: true"
                )
            yield found(
                "DM605",
                named.punkt.path,
                named.punkt.doc.line_of("bilag", named.index, "fil"),
                message.format(n=named.index + 1, closed=other.rel, where=other.punkt.path),
            )


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@rule(
    "DM606",
    "public-title-not-neutral",
    "A closed punkt's offentlig_titel repeats its titel",
    "error",
    "openness",
)
def public_title_not_neutral(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A closed punkt shows only its `offentlig_titel` in public, so that a reader knows a
    matter was discussed without learning what it was. An `offentlig_titel` that is the
    `titel`, or contains it (case and spacing ignored), publishes what the punkt closes.
    Write a neutral public title, such as "Personalesag" or "Lukket punkt".
    """
    for folder in repo.meetings:
        for punkt in folder.punkter:
            doc = punkt.doc
            if doc is None or not doc.data.lukket or not doc.data.offentlig_titel:
                continue
            titel = _folded(doc.data.titel)
            if titel and titel in _folded(doc.data.offentlig_titel):
                yield found(
                    "DM606",
                    punkt.path,
                    doc.line_of("offentlig_titel"),
                    besked(
                        "offentlig_titel repeats the closed punkt's titel; a public edition"
                        " would show what the punkt closes: write a neutral title"
                    ),
                )
