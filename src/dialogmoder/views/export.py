"""`dialog export`: the whole validated repository as plain JSON-ready data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.repository import (
    MeetingFolder,
    Repository,
    count_meeting_folders,
    load_repository,
    meeting_order,
    ready_to_load,
)
from dialogmoder.domain.state import product_state
from dialogmoder.errors import DialogError
from dialogmoder.exit_codes import FINDINGS
from dialogmoder.io.fork import Share, in_two, two_processors

# Below this many meeting folders a second process costs more than it saves (as for check).
SPLIT_FROM = 150


def export_repository(repo: Repository) -> dict[str, Any]:
    """The organisation, dialog.yaml and every meeting with its punkter and products."""
    return {**_head(repo), "meetings": [_meeting(repo, folder) for folder in repo.meetings]}


def _head(repo: Repository) -> dict[str, Any]:
    config = repo.config.model_dump(mode="json")
    return {"organisation": config.pop("organisation"), "config": config}


def export_text(data: dict[str, Any]) -> str:
    """The export as `dialog export` writes it: JSON indented by two spaces, then a line
    break. pydantic's encoder writes the same bytes as `json.dumps(data,
    ensure_ascii=False, indent=2)` for text, whole numbers, flags, null, lists and mappings
    with text keys (a test compares the two), several times as fast. The export holds
    nothing else: the models have no decimal numbers (their JSON Schema has no "number"),
    where the two encoders would differ (1e-07 against 1e-7)."""
    from pydantic_core import to_json

    return to_json(data, indent=2).decode("utf-8") + "\n"


def export_readable(repo: Repository) -> dict[str, Any]:
    """`dialog export`: the export, refused while a file cannot be read. Only that stops it;
    late products (which depend on the day it runs) and other rule findings are `dialog
    check`'s business."""
    _refuse_unreadable(repo.findings)
    return export_repository(repo)


def _refuse_unreadable(findings: list[Finding]) -> None:
    errors = sorted(
        {f for f in findings if f.severity == "error"}, key=lambda f: (f.path, f.line or 0)
    )
    if errors:
        lines = "\n".join(f.as_text() for f in errors)
        raise DialogError(
            besked("{lines}\nfix these before exporting").format(lines=lines), exit_code=FINDINGS
        )


def export_document(root: Path) -> str:
    """What `dialog export` writes for the repository at `root`. A large one is read by two
    processes at once (`io.fork`), each exporting every other meeting folder as JSON text,
    put together here in the order one process gives it, byte for byte."""
    if count_meeting_folders(root) < SPLIT_FROM or not two_processors():
        return export_text(export_readable(load_repository(root)))
    ready_to_load()
    mine, theirs = in_two(lambda share: _exported_share(root, share))
    _refuse_unreadable(mine.errors + theirs.errors)
    assert mine.head is not None  # the first share exports dialog.yaml
    meetings = sorted(mine.meetings + theirs.meetings, key=lambda meeting: meeting[0])
    return with_meetings(mine.head, [text for _, text in meetings])


def with_meetings(head: str, meetings: list[str]) -> str:
    """The export of no meetings (`head`) with these meetings' JSON (`indented`) put in: the
    same text as the export of them all at once."""
    if not meetings:
        return head
    at = head.rindex("[]")  # the head ends `"meetings": []` and the closing brace
    texts = ",\n    ".join(meetings)
    return f"{head[:at]}[\n    {texts}\n  ]{head[at + 2 :]}"


@dataclass(frozen=True)
class _Share:
    """One process's part of a split export: its load errors, or else its meetings as the
    export's text (each indented as it stands in the whole) with where each goes, and for
    the first share, the export of no meetings at all (the head)."""

    errors: list[Finding]
    head: str | None
    meetings: list[tuple[tuple[object, str], str]]


def _exported_share(root: Path, share: Share) -> _Share:
    repo = load_repository(root, part=share)
    errors = [f for f in repo.findings if f.severity == "error"]
    if errors:
        return _Share(errors, None, [])
    head = export_text({**_head(repo), "meetings": []}) if share[0] == 0 else None
    return _Share(
        [],
        head,
        [(meeting_order(folder), indented(_meeting(repo, folder))) for folder in repo.meetings],
    )


def indented(meeting: dict[str, Any]) -> str:
    """A meeting's JSON as it stands in the export's list of meetings, four spaces in (a
    line break in JSON text is always the encoder's: one inside a string is written \\n)."""
    from pydantic_core import to_json

    return to_json(meeting, indent=2).decode("utf-8").replace("\n", "\n    ")


def _meeting(repo: Repository, folder: MeetingFolder) -> dict[str, Any]:
    result: dict[str, Any] = {"id": folder.id, "path": folder.path}
    if folder.doc is not None:
        result.update(folder.doc.data.model_dump(mode="json"))
        result["tekst"] = folder.doc.body.strip()
    result["id"] = folder.uid  # meeting.md's `id`, by default the folder's name
    result["punkter"] = [
        {
            "nr": punkt.nr,
            "path": punkt.path,
            **(punkt.doc.data.model_dump(mode="json") if punkt.doc else {"invalid": True}),
            "sektioner": [
                {"titel": s.titel, "tekst": s.text}
                for s in (punkt.doc.outline.sections() if punkt.doc else [])
            ],
        }
        for punkt in folder.punkter
    ]
    result["produkter"] = {
        name: {
            "path": doc.path,
            **doc.data.model_dump(mode="json"),
            "tekst": doc.body.strip(),
            "state": product_state(repo, folder, name),  # as dialog status says it
        }
        for name, doc in folder.produkter.items()
    }
    result["bilag_filer"] = folder.bilag_files
    return result
