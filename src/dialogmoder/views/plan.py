"""`dialog plan YEAR`: the årsplan, the year's table of meetings as in the process note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogmoder import danish
from dialogmoder.danish import N_, besked
from dialogmoder.domain.models import Config, Forum, Meeting
from dialogmoder.domain.repository import Repository
from dialogmoder.domain.state import formoede_of
from dialogmoder.errors import DialogError, require_choice
from dialogmoder.io.printable import printable

PLAN_FORMATS = ("text", "md", "html")


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


def plan_for_year(repo: Repository, year: int, forum_id: str | None = None) -> list[ForumPlan]:
    """The year's meetings by forum, in date order; a forum with no meetings is left out."""
    config = repo.config
    if forum_id is not None and forum_id not in config.fora:
        known = ", ".join(sorted(config.fora)) or besked("none defined")
        raise DialogError(
            besked("no forum '{forum_id}' in dialog.yaml; known fora: {known}").format(
                forum_id=forum_id, known=known
            )
        )
    meetings = [
        (folder.uid, folder.meeting)  # the id the site names the meeting's page by
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


def plan_row(config: Config, meeting_id: str, meeting: Meeting) -> PlanRow:
    """One meeting's row of the årsplan, as `plan_for_year` makes it."""
    return _row(config, config.fora.get(meeting.forum), meeting_id, meeting)


def _row(config: Config, forum: Forum | None, meeting_id: str, meeting: Meeting) -> PlanRow:
    try:
        formoede: date | None = formoede_of(forum, meeting)[0]
    except LookupError:
        formoede = None
    return PlanRow(
        meeting_id=meeting_id,
        dato=meeting.dato,
        dato_tekst=danish.dato(meeting.dato),
        tid=danish.tidsrum(meeting.start, meeting.slut),
        titel=meeting.titel,
        note=meeting.note or "",
        vaert=danish.opremsning([config.short_name(r) for r in meeting.vaert]),
        bistaas_af=danish.opremsning(
            [config.short_name(r, by_titel=True) for r in meeting.bistaas_af]
        ),
        status=danish.moede_status(meeting.status),
        formoede=formoede,
        formoede_tekst=danish.dato_ugedag(formoede) if formoede else "",
    )


def render_plan(repo: Repository, year: int, forum_id: str | None, fmt: str) -> str:
    """The årsplan as text (control characters shown, see `printable`), Markdown or HTML,
    from templates/plan.{txt,md,html}.j2."""
    require_choice(N_("format"), fmt, PLAN_FORMATS)
    plans = plan_for_year(repo, year, forum_id)
    if not plans:
        where = besked(" of forum '{forum_id}'").format(forum_id=forum_id) if forum_id else ""
        folder = f"meetings/{year:04d}/"
        if any(f.severity == "error" and f.path.startswith(folder) for f in repo.findings):
            raise DialogError(
                besked(
                    "no readable meetings{where} in {year}; fix the errors above (see"
                    " `dialog check`)"
                ).format(where=where, year=year),
                exit_code=1,
            )
        raise DialogError(
            besked("no meetings{where} in {year}; create one with `dialog new-meeting`").format(
                where=where, year=year
            ),
            exit_code=1,
        )
    from dialogmoder.io.templating import environment

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
    from dialogmoder.domain.markdown import escape

    return escape(value)
