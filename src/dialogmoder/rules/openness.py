"""DM6xx: open and closed content (lukket), and personal data in what is public."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dialogmoder.findings import Finding
from dialogmoder.rules import Context, found, rule

if TYPE_CHECKING:
    from dialogmoder.loader import Document
    from dialogmoder.repository import Repository

# ddmmyy, up to two separator characters, then four digits; not part of a longer number.
# Separators are what Word, PDFs and web pages paste: hyphens and dashes (also the
# non-breaking hyphen and the minus sign), spaces of every width on one line (tab,
# no-break, thin, figure), and the invisible ones (soft hyphen, zero-width space, word
# joiner), which print as nothing, so the number shows whole.
_SEPARATOR = r"[-\u2010-\u2015\u2212\t \u00a0\u2000-\u200b\u202f\u205f\u3000\u00ad\u2060\ufeff]"
_CPR = re.compile(r"(?<!\w)([0-9]{2})([0-9]{2})([0-9]{2})" + _SEPARATOR + r"{0,2}([0-9]{4})(?!\w)")


_SIX_DIGITS = re.compile(r"[0-9]{6}")


def cpr_numbers(text: str) -> Iterator[re.Match[str]]:
    """Matches that look like a CPR number: ddmmyy-xxxx where ddmmyy is a real date.

    No modulus-11 check: it was given up in 2007, so valid numbers fail it.
    """
    if not _SIX_DIGITS.search(text):  # three times faster than the full pattern; most text
        return
    for match in _CPR.finditer(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        for century in (1900, 2000):
            try:
                date(century + year, month, day)
            except ValueError:
                continue
            yield match
            break


def _mask(number: str) -> str:
    return number[:4] + "…"


@dataclass(frozen=True)
class _Text:
    """A piece of public content; `loc` finds its line (None: the body)."""

    doc: Document  # type: ignore[type-arg]
    loc: tuple[str | int, ...] | None
    what: str
    text: str

    def line_at(self, offset: int) -> int:
        if self.loc is None:  # in the body, count lines down to the match
            return self.doc.body_line + self.text.count("\n", 0, offset)
        return self.doc.line_of(*self.loc)


def _values(
    doc: Document,  # type: ignore[type-arg]
    data: object,
    names: Iterable[str],
    *at: str | int,
    label: str = "",
) -> Iterator[_Text]:
    for name in names:
        value = getattr(data, name, None)
        if isinstance(value, str) and value:
            yield _Text(doc, (*at, name), f"{label}{name}", value)


def _open_texts(repo: Repository) -> Iterator[_Text]:
    """Every piece of content a public rendering shows."""
    for folder in repo.meetings:
        if folder.doc is not None:
            doc = folder.doc
            yield from _values(doc, doc.data, ("titel", "note", "sted"))
            yield _Text(doc, None, "the text", doc.body)
        for punkt in folder.punkter:
            pdoc = punkt.doc
            if pdoc is None:
                continue
            data = pdoc.data
            yield from _values(pdoc, data, ("offentlig_titel",))
            if data.lukket:
                continue
            fields = ("titel", "sagsgang", "sagsansvarlig", "tidsplan_tekst", "sagsnr")
            yield from _values(pdoc, data, fields)
            yield _Text(pdoc, None, "the text", pdoc.body)
            for i, under in enumerate(data.underpunkter):
                names = ("titel", "tekst", "beslutning")
                yield from _values(
                    pdoc, under, names, "underpunkter", i, label=f"underpunkter[{i + 1}]."
                )
            for i, bilag in enumerate(data.bilag):
                if not bilag.lukket:
                    names = ("titel", "dokumentnr", "fil")
                    yield from _values(pdoc, bilag, names, "bilag", i, label=f"bilag[{i + 1}].")


@rule(
    "DM601",
    "cpr-in-open-content",
    "A CPR number in content that is public (an open punkt, a bilag title, meeting.md)",
    "error",
    "openness",
)
def cpr_in_open_content(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Danish municipalities have published CPR numbers in open referater; this rule exists
    to stop that. Everything a public rendering shows is searched: meeting.md's title,
    note, place and text; an open punkt's title, sagsgang, sagsansvarlig, text,
    underpunkter and open bilag; a closed punkt's `offentlig_titel`. A CPR number is six
    digits that form a real date (ddmmyy) and four digits, with nothing or up to two
    separators between them: hyphens and dashes, spaces of any width, and the invisible
    characters Word and PDFs paste (soft hyphen, zero-width space). The modulus-11 check is
    not used: it was given up in 2007. Remove the number, or close the punkt
    (`lukket: true`) if the personal data belongs in it.
    """
    for piece in _open_texts(repo):
        for match in cpr_numbers(piece.text):
            yield found(
                "DM601",
                piece.doc.path,
                piece.line_at(match.start()),
                f"{piece.what} contains what looks like a CPR number ({_mask(match[0])}) in"
                " open content; remove it, or close the punkt with lukket: true",
            )


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
                    None,
                    "lukket is not written, so the punkt is treated as closed;"
                    " write lukket: false (open) or lukket: true (closed)",
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
                        f"bilag {i + 1} does not say lukket, so it is treated as closed;"
                        " write lukket: false (open) or lukket: true (closed)",
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
                        f"bilag {i + 1} says lukket: false, but the punkt is closed, so the"
                        " bilag stays closed",
                    )
