"""Meeting folders and punkter: the Direktionen meeting of 5 March 2025 every built repository
holds (with its punkt Budget), other Direktionen meetings, and a punkt to put in any of them."""

from __future__ import annotations

# DIR, as the municipality shortens Direktionen: its meeting folder, id and meeting.md
DIR_ID = "2025-03-05-direktionen"
DIR = f"meetings/2025/{DIR_ID}"

DIR_MEETING = """\
---
forum: direktionen
titel: Direktionen
dato: 2025-03-05
start: "09:00"
slut: "12:00"
sted: Mødelokale 1
---
"""

BUDGET = f"{DIR}/punkter/01-budget.md"

BUDGET_PUNKT = """\
---
titel: Budget
lukket: false
tid: "09:00"
---
## Sagsfremstilling

Tekst.

## Indstilling

Det indstilles, at budgettet drøftes.

## Beslutning

Drøftet.
"""


def meeting_md(forum: str, titel: str, dato: str, *lines: str) -> str:
    """A meeting.md of nothing but front matter: forum, titel, dato, then `lines` as written."""
    front = ("---", f"forum: {forum}", f"titel: {titel}", f"dato: {dato}", *lines, "---")
    return "".join(f"{line}\n" for line in front)


def direktionen_on(dato: str, *lines: str) -> str:
    """Another Direktionen meeting: on `dato`, with no times unless `lines` give them."""
    return meeting_md("direktionen", "Direktionen", dato, *lines)


def direktionen(status: str = "planlagt", dato: str = "2025-03-05", extra: str = "") -> str:
    """The Direktionen meeting from 9 to 12 with its status; `extra` lines at the end."""
    return (
        f'---\nforum: direktionen\ntitel: Direktionen\ndato: {dato}\nstart: "09:00"\n'
        f'slut: "12:00"\nstatus: {status}\n{extra}---\n'
    )


def punkt(
    titel: str = "Punkt",
    *,
    lukket: str | None = "false",
    tid: str | None = None,
    extra: str = "",
    body: str = "## Beslutning\n\nDrøftet.\n",
) -> str:
    """A punkt; `lukket=None` leaves the key out, `extra` adds front-matter lines."""
    lines = ["---", f"titel: {titel}"]
    if lukket is not None:
        lines.append(f"lukket: {lukket}")
    if tid is not None:
        lines.append(f'tid: "{tid}"')
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join([*lines, "---", body])
