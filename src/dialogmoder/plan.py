"""`dialog plan YEAR`: the årsplan, the year's table of meetings as in the process note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from dialogmoder.dates import frist_date
from dialogmoder.errors import DialogError
from dialogmoder.models import Config, Forum, Meeting
from dialogmoder.printable import printable
from dialogmoder.repository import Repository

PLAN_FORMATS = ("text", "md", "html")
STATUS_TEKST = {"udskudt": "OBS: UDSKYDES", "aflyst": "AFLYST", "planlagt": "", "afholdt": ""}


@dataclass(frozen=True)
class PlanRow:
    """One meeting of the årsplan, every value ready to print."""

    meeting_id: str
    dato: date
    dato_tekst: str
    tid: str
    titel: str
    note: str
    vaert: str
    bistaas_af: str
    status: str
    formoede: date | None
    formoede_tekst: str

    @property
    def tema(self) -> str:
        """The titel followed by the note, as one sentence after another."""
        if not self.note:
            return self.titel
        stop = "" if self.titel.endswith((".", "?", "!", ":")) else "."
        return f"{self.titel}{stop} {self.note}"


@dataclass(frozen=True)
class ForumPlan:
    forum_id: str
    navn: str
    rows: list[PlanRow]


def formoede_of(forum: Forum | None, meeting: Meeting) -> tuple[date, time | None, time | None]:
    """(dato, start, slut) of a meeting's formøde, or raise LookupError when it has none."""
    own = meeting.formoede
    rule = forum.formoede if forum else None
    if own is None and rule is None:
        raise LookupError(meeting.titel)
    if own is not None and own.dato is not None:
        dato = own.dato
    elif rule is not None:
        dato = frist_date(meeting.dato, rule.frist)
    else:
        raise LookupError(meeting.titel)
    start = own.start if own and own.start else (rule.start if rule else None)
    slut = own.slut if own and own.slut else (rule.slut if rule else None)
    return dato, start, slut


# --- Danish text -----------------------------------------------------------------------------


def danish_date(value: date, pattern: str = "d. MMMM") -> str:
    """'7. august' (babel's Danish month names)."""
    from babel.dates import format_date

    return format_date(value, pattern, locale="da")


def klokken(value: time) -> str:
    """13:30 -> '13.30', 13:00 -> '13', as the process note writes times."""
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


def tidsrum(start: time | None, slut: time | None) -> str:
    """'Kl. 13.30-15.30'; empty when no time is set."""
    if start is None:
        return ""
    return f"Kl. {klokken(start)}-{klokken(slut)}" if slut else f"Kl. {klokken(start)}"


def danish_list(parts: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B og C'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"


def short_name(config: Config, ref: str, by_titel: bool = False) -> str:
    """How the årsplan names a person or a group, as the process note does.

    A vært by first name ("Jonas og Kim"); someone who assists by_titel ("Stabschef"),
    or by first name when no titel is known ("Henrik og Lisette"); a group by its navn.
    """
    person = config.personer.get(ref)
    if person is not None:
        if by_titel and person.titel:
            return person.titel
        if person.navn:
            return person.navn.split()[0]
        return person.titel or ref
    gruppe = config.grupper.get(ref)
    return gruppe.navn if gruppe else ref


def full_name(config: Config, ref: str) -> str:
    """'Kommunaldirektør Jonas Kroustrup', a group's navn, or the id if unknown."""
    person = config.personer.get(ref)
    if person is not None:
        return person.visningsnavn()
    gruppe = config.grupper.get(ref)
    return gruppe.navn if gruppe else ref


# --- the plan --------------------------------------------------------------------------------


def plan_for_year(repo: Repository, year: int, forum_id: str | None = None) -> list[ForumPlan]:
    """The year's meetings by forum, in date order; a forum with no meetings is left out."""
    config = repo.config
    if forum_id is not None and forum_id not in config.fora:
        known = ", ".join(sorted(config.fora)) or "none defined"
        raise DialogError(f"no forum '{forum_id}' in dialog.yaml; known fora: {known}")
    meetings = [
        (folder.id, folder.meeting)
        for folder in repo.meetings
        if folder.meeting is not None and folder.meeting.dato.year == year
    ]
    # fora in dialog.yaml's order; a forum missing there (a check finding) is still shown
    fora = list(config.fora) + sorted({m.forum for _, m in meetings} - set(config.fora))
    plans = []
    for fid in fora:
        if forum_id is not None and fid != forum_id:
            continue
        forum = config.fora.get(fid)
        rows = [_row(config, forum, mid, m) for mid, m in meetings if m.forum == fid]
        if rows:
            plans.append(ForumPlan(fid, forum.navn if forum else fid, rows))
    return plans


def _row(config: Config, forum: Forum | None, meeting_id: str, meeting: Meeting) -> PlanRow:
    try:
        formoede: date | None = formoede_of(forum, meeting)[0]
    except LookupError:
        formoede = None
    return PlanRow(
        meeting_id=meeting_id,
        dato=meeting.dato,
        dato_tekst=danish_date(meeting.dato),
        tid=tidsrum(meeting.start, meeting.slut),
        titel=meeting.titel,
        note=meeting.note or "",
        vaert=danish_list([short_name(config, r) for r in meeting.vaert]),
        bistaas_af=danish_list([short_name(config, r, by_titel=True) for r in meeting.bistaas_af]),
        status=STATUS_TEKST[meeting.status],
        formoede=formoede,
        formoede_tekst=danish_date(formoede, "EEEE d. MMMM") if formoede else "",
    )


def render_plan(repo: Repository, year: int, forum_id: str | None, fmt: str) -> str:
    """The årsplan as text (control characters shown, see `printable`), Markdown or HTML,
    from templates/plan.{txt,md,html}.j2."""
    if fmt not in PLAN_FORMATS:
        raise DialogError(f"--format must be one of {', '.join(PLAN_FORMATS)}; got '{fmt}'")
    plans = plan_for_year(repo, year, forum_id)
    if not plans:
        where = f" of forum '{forum_id}'" if forum_id else ""
        folder = f"meetings/{year:04d}/"
        if any(f.severity == "error" and f.path.startswith(folder) for f in repo.findings):
            raise DialogError(
                f"no readable meetings{where} in {year}; fix the errors above (see `dialog check`)",
                exit_code=1,
            )
        raise DialogError(
            f"no meetings{where} in {year}; create one with `dialog new-meeting`", exit_code=1
        )
    from dialogmoder.templating import environment

    env = environment(repo.root)
    env.filters["md_cell"] = md_cell
    extension = {"text": "txt", "md": "md", "html": "html"}[fmt]
    context: dict[str, Any] = {
        "organisation": repo.config.organisation,
        "year": year,
        "plans": plans,
    }
    text = env.get_template(f"plan.{extension}.j2").render(**context)
    return printable(text) if fmt == "text" else text


def md_cell(value: str) -> str:
    """Text that stays text inside one Markdown table cell: no HTML, links or table breaks."""
    from dialogmoder.render.markdown import escape

    return escape(value)
