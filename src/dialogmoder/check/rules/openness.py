"""DM6xx: open and closed content (lukket), and personal data in what is public."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
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
    opfølgningsnotat), and every body twice, as written and as it shows once Markdown is
    rendered (so `0101**90**-1234`, `010190\\-1234`, `&#48;10190-1234`, a number across a
    line break, in a link or in a table row are found too). A CPR number is six digits
    that form a real date (ddmmyy) and four digits, with nothing or up to two separators
    between them: hyphens and dashes, spaces of any width, and the invisible characters
    Word and PDFs paste (soft hyphen, zero-width space). The modulus-11 check is not used:
    it was given up in 2007. Remove the number, or close the punkt (`lukket: true`) if the
    personal data belongs in it. `dialog render --public` refuses to publish a CPR number
    whatever this rule is set to.
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
