"""`dialog actions`: every initiativ from every opfølgningsnotat, open and overdue first."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogmoder import danish
from dialogmoder.danish import N_, besked
from dialogmoder.domain.models import Initiativ, Opfoelgningsnotat
from dialogmoder.domain.repository import Repository
from dialogmoder.errors import DialogError, require_choice
from dialogmoder.io.printable import printable

ACTION_FORMATS = ("text", "json", "md")


@dataclass(frozen=True)
class Action:
    """One initiativ and where it was decided."""

    meeting_id: str
    meeting_dato: date
    forum: str
    path: str
    line: int
    nr: int
    initiativ: Initiativ
    hvem_navne: str
    overdue: bool
    days_left: int | None

    @property
    def open(self) -> bool:
        return self.initiativ.status == "aaben"

    def as_dict(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting_id,
            "meeting_dato": self.meeting_dato.isoformat(),
            "forum": self.forum,
            "path": self.path,
            "line": self.line,
            "nr": self.nr,
            **self.initiativ.model_dump(mode="json"),
            "hvem_navne": self.hvem_navne,
            "over_frist": self.overdue,
            "dage_til_frist": self.days_left,
        }


def collect_actions(
    repo: Repository,
    today: date,
    owner: str | None = None,
    forum: str | None = None,
    before: date | None = None,
) -> list[Action]:
    """Initiativer, open ones first (overdue at the top, then by frist), then done ones."""
    owners = None if owner is None else _owners(repo, owner)
    if forum is not None and forum not in repo.config.fora:
        known = ", ".join(sorted(repo.config.fora)) or besked("none defined")
        raise DialogError(
            besked("no forum '{forum}' in dialog.yaml; known fora: {known}").format(
                forum=forum, known=known
            )
        )
    actions = []
    for folder in repo.meetings:
        meeting = folder.meeting
        doc = folder.produkter.get("opfoelgningsnotat")
        if meeting is None or doc is None or not isinstance(doc.data, Opfoelgningsnotat):
            continue
        if forum is not None and meeting.forum != forum:
            continue
        if before is not None and meeting.dato >= before:
            continue
        for index, initiativ in enumerate(doc.data.initiativer):
            if owners is not None and owners.isdisjoint(initiativ.hvem):
                continue
            is_open = initiativ.status == "aaben"
            days = (initiativ.frist - today).days if initiativ.frist and is_open else None
            actions.append(
                Action(
                    meeting_id=folder.id,
                    meeting_dato=meeting.dato,
                    forum=meeting.forum,
                    path=doc.path,
                    line=doc.line_of("initiativer", index),
                    nr=index + 1,
                    initiativ=initiativ,
                    hvem_navne=danish.opremsning(repo.config.names(initiativ.hvem)),
                    overdue=days is not None and days < 0,
                    days_left=days,
                )
            )
    return sorted(actions, key=_order)


def _owners(repo: Repository, owner: str) -> set[str]:
    """The ids whose initiativer are `owner`'s: a group's own, or a person's own and those
    of every group the person is a member of (an initiativ of LS is also each member's)."""
    config = repo.config
    if owner in config.grupper:
        return {owner}
    if owner in config.personer:
        return {owner} | {gid for gid, g in config.grupper.items() if owner in g.medlemmer}
    close = difflib.get_close_matches(owner, [*config.personer, *config.grupper], n=1)
    hint = (
        besked("; did you mean '{id}'?").format(id=close[0])
        if close
        else besked("; use a person or group id from dialog.yaml")
    )
    raise DialogError(
        besked("--owner '{owner}' is neither a person nor a group in dialog.yaml").format(
            owner=owner
        )
        + hint
    )


def _order(action: Action) -> tuple[Any, ...]:
    initiativ = action.initiativ
    if action.open:
        # overdue ones have the earliest frister, so frist order puts them on top
        return (0, initiativ.frist or date.max, action.meeting_dato, action.nr)
    return (1, action.meeting_dato, action.nr)


def render_actions(actions: list[Action], today: date, fmt: str, root: Any = None) -> str:
    """The list as text (control characters shown, see `printable`) or Markdown
    (templates/actions.*.j2), or as JSON."""
    require_choice(N_("format"), fmt, ACTION_FORMATS)
    if fmt == "json":
        return json.dumps([a.as_dict() for a in actions], ensure_ascii=False, indent=2) + "\n"
    from dialogmoder.io.templating import environment
    from dialogmoder.views.plan import md_cell

    env = environment(root)
    env.filters["md_cell"] = md_cell
    template = env.get_template("actions.txt.j2" if fmt == "text" else "actions.md.j2")
    text = template.render(
        today=today,
        open=[a for a in actions if a.open],
        overdue=[a for a in actions if a.overdue],
        done=[a for a in actions if not a.open],
    )
    return printable(text) if fmt == "text" else text
