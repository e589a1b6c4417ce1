"""A ReviewDiff as text (colour on a terminal), Markdown (a pull request's job summary) or
JSON. Every text from a file passes `printable` (text) or `escape` (Markdown): content is
never a terminal control or markup."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import IO, Literal

from dialogmoder import danish
from dialogmoder.danish import N_, _
from dialogmoder.diff.compare import (
    FieldDiff,
    MeetingDiff,
    ProduktDiff,
    PunktDiff,
    ReviewDiff,
    SectionDiff,
)
from dialogmoder.domain.markdown import escape
from dialogmoder.errors import require_choice
from dialogmoder.io.printable import printable

Format = Literal["text", "md", "json"]
FORMATS: tuple[Format, ...] = ("text", "md", "json")

CHANGE = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "renumbered": N_("renumbered"),
}


def print_diff(diff: ReviewDiff, fmt: str, file: IO[str]) -> None:
    """Print the diff in one format; text is coloured only on a terminal without NO_COLOR."""
    require_choice(N_("format"), fmt, FORMATS)
    if fmt == "json":
        file.write(diff_json(diff))
    elif fmt == "md":
        file.write(diff_markdown(diff))
    else:
        from rich.console import Console

        console = Console(file=file, highlight=False, soft_wrap=True, emoji=False, markup=False)
        for line in _text_lines(diff):
            console.print(line)


# --- shared wording ------------------------------------------------------------------------


def _title() -> str:
    return _("Changes to the meetings")


def _no_changes() -> str:
    return _("No changes to the meetings.")


def _change(change: str) -> str:
    """'tilføjet', 'fjernet', 'ændret', 'omnummereret'."""
    return _(CHANGE[change])


def _meeting_title(m: MeetingDiff) -> str:
    when = ", " + danish.dato_mellem(m.dato) if m.dato else ""
    return f"{m.titel}{when}"


def _punkt_title(p: PunktDiff) -> str:
    nr = f"{p.nr_before} → {p.nr}" if p.nr_before is not None else str(p.nr)
    values = {"nr": nr, "change": _change(p.change), "title": p.titel}
    if p.redacted:
        if p.titel == danish.lukket_punkt():
            return _("Closed item %(nr)s %(change)s") % values
        return _("Closed item %(nr)s %(change)s: %(title)s") % values
    return _("Item %(nr)s: %(title)s – %(change)s") % values


def _state(value: str | None) -> str:
    return danish.tilstand(value or "mangler")


def _produkt_title(p: ProduktDiff) -> str:
    title = f"{p.navn} – {_change(p.change)}"
    if p.state_before != p.state_after:
        title += f"; {_state(p.state_before)} → {_state(p.state_after)}"
    return title


def _field(f: FieldDiff) -> tuple[str, str, str]:
    nothing = _("(nothing)")
    return f.label, f.before or nothing, f.after or nothing


# --- text ----------------------------------------------------------------------------------


def _text_lines(diff: ReviewDiff) -> Iterator[object]:
    from rich.text import Text

    yield Text(f"{_title()}: {printable(diff.base)} → {printable(diff.head)}", style="bold")
    if not diff.meetings:
        yield Text(_no_changes())
    for m in diff.meetings:
        yield Text("")
        values = {"id": m.id, "title": _meeting_title(m), "change": _change(m.change)}
        head = _("Meeting %(id)s: %(title)s – %(change)s") % values
        yield Text(printable(head), style="bold")
        yield from _text_body(m.fields, m.sections, "  ")
        for p in m.punkter:
            yield Text(printable("  " + _punkt_title(p)), style="bold")
            yield from _text_body(p.fields, p.sections, "    ")
        for d in m.produkter:
            yield Text(printable("  " + _produkt_title(d)), style="bold")
            yield from _text_body(d.fields, d.sections, "    ")


def _text_body(
    fields: tuple[FieldDiff, ...], sections: tuple[SectionDiff, ...], indent: str
) -> Iterator[object]:
    from rich.text import Text

    for f in fields:
        label, before, after = _field(f)
        line = Text(f"{indent}{printable(label)}: ")
        line.append(printable(before), style="red")
        line.append(" → ")
        line.append(printable(after), style="green")
        yield line
    for s in sections:
        line = Text(f"{indent}{printable(s.titel)}: ")
        for n, word in enumerate(s.words):
            if n:
                line.append(" ")
            text = printable(word.text)
            if word.op == "-":
                line.append(f"[-{text}-]", style="red")
            elif word.op == "+":
                line.append(f"{{+{text}+}}", style="green")
            else:
                line.append(text)
        yield line


# --- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text as Markdown text (`escape`), with `&` escaped too so that no entity is read."""
    return escape(text).replace("&", "\\&")


def diff_markdown(diff: ReviewDiff) -> str:
    compared = _("Compared: %(base)s → %(head)s") % {
        "base": _md(diff.base),
        "head": _md(diff.head),
    }
    lines = [f"# {_title()}", "", compared, ""]
    if not diff.meetings:
        lines += [_no_changes(), ""]
    for m in diff.meetings:
        lines += [
            f"## {_md(_meeting_title(m))} – {_change(m.change)}",
            "",
            _("Folder: %(path)s") % {"path": _md(m.path)},
            "",
        ]
        lines += _md_body(m.fields, m.sections)
        for p in m.punkter:
            lines += [f"### {_md(_punkt_title(p))}", ""]
            lines += _md_body(p.fields, p.sections)
        for d in m.produkter:
            lines += [f"### {_md(_produkt_title(d))}", ""]
            lines += _md_body(d.fields, d.sections)
    return "\n".join(lines).rstrip("\n") + "\n"


_MD_WORD = {"=": "{}", "...": "{}", "-": "~~{}~~", "+": "**{}**"}


def _md_body(fields: tuple[FieldDiff, ...], sections: tuple[SectionDiff, ...]) -> list[str]:
    lines = []
    for f in fields:
        label, before, after = _field(f)
        lines.append(f"- **{_md(label)}:** {_md(before)} → {_md(after)}")
    if fields:
        lines.append("")
    for s in sections:
        words = " ".join(_MD_WORD[w.op].format(_md(w.text)) for w in s.words)
        lines += [f"*{_md(s.titel)}:* {words}", ""]
    return lines


# --- JSON ----------------------------------------------------------------------------------


def diff_json(diff: ReviewDiff) -> str:
    data = dataclasses.asdict(diff)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
