"""`dialog export`: the whole validated repository as plain JSON-ready data."""

from __future__ import annotations

from typing import Any

from dialogmoder.danish import besked
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.sections import split_sections
from dialogmoder.domain.state import product_state
from dialogmoder.errors import DialogError
from dialogmoder.exit_codes import FINDINGS


def export_repository(repo: Repository) -> dict[str, Any]:
    """The organisation, dialog.yaml and every meeting with its punkter and products."""
    config = repo.config.model_dump(mode="json")
    return {
        "organisation": config.pop("organisation"),
        "config": config,
        "meetings": [_meeting(repo, folder) for folder in repo.meetings],
    }


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
    errors = [f for f in repo.findings if f.severity == "error"]
    if errors:
        lines = "\n".join(f.as_text() for f in errors)
        raise DialogError(
            besked("{lines}\nfix these before exporting").format(lines=lines), exit_code=FINDINGS
        )
    return export_repository(repo)


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
                for s in (split_sections(punkt.doc.body, punkt.doc.body_line) if punkt.doc else [])
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
