"""One state for every view: what `check`, `status`, `calendar` and `render` say about a
product's state agrees, for generated repositories (real git repositories, real
`dialog approve`, the real commands in-process)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.configs import CONFIG
from helpers.examples import examples
from helpers.repo import git
from helpers.strategisk import SDM, SDM_ID

TODAY = "2025-04-16"  # after the program's frist (15 April), before the meeting

# the strategic meeting of 22 April without ejere: an edit below adds them
MEETING_MD = """\
---
forum: strategisk-dialogmoede
titel: Vækst
dato: 2025-04-22
start: "09:00"
slut: "12:00"
sted: Byrådssalen
fagdirektoer: bo
vaert: [anna]
formoede: {dato: 2025-04-16}
---
"""

PROGRAM_MD = """\
---
titel: Program
status: udkast
programpunkter:
  - {tid: "09:00", titel: Velkomst}
---
## Formål

At give retning.
"""

# Edits after an approval: (file, old, new, whether the approval still covers the result).
EDITS = {
    "none": None,
    "program-text": ("program.md", "At give retning.", "At give en anden retning.", False),
    "program-row": ("program.md", "titel: Velkomst", "titel: Goddag", False),
    "meeting-sted": ("meeting.md", "sted: Byrådssalen", "sted: Kantinen", False),
    "meeting-start": ("meeting.md", 'start: "09:00"', 'start: "09:30"', False),
    "meeting-vaert": ("meeting.md", "vaert: [anna]", "vaert: [carl]", False),
    "program-comment": ("program.md", "titel: Program", "titel: Program  # ny note", True),
    "program-quoting": ("program.md", "titel: Program", "titel: 'Program'", True),
    "program-crlf": ("program.md", "\n", "\r\n", True),
    "meeting-unshown": ("meeting.md", "fagdirektoer: bo", "fagdirektoer: bo\nejere: [carl]", True),
}

STARTS = ("missing", "broken", "draft", "approved", "by-hand")

# What each view says for each state.
STATUS_TEXT = {
    "mangler": "mangler",
    "fejl": "fejl",
    "udkast": "udkast",
    "godkendt": "godkendt",
    "forældet": "forældet",
}
CALENDAR_TEXT = {
    "mangler": "(mangler)",
    "fejl": "(kan ikke læses)",
    "udkast": "(udkast)",
    "godkendt": "(godkendt)",
    "forældet": "(forældet godkendelse)",
}


def build(start: str, edit: str, dialog) -> tuple[Path, str]:
    """A repository with the program in `start`, edited by `edit`; the expected state."""
    root = Path(tempfile.mkdtemp(prefix="dialog-state-")) / "repo"
    folder = root / SDM
    folder.mkdir(parents=True)
    (root / "dialog.yaml").write_text(CONFIG, encoding="utf-8")
    (folder / "meeting.md").write_text(MEETING_MD, encoding="utf-8")
    (folder / "baggrundsnotat.md").write_text(
        "---\ntitel: Baggrundsnotat\nstatus: udkast\n---\nTekst.\n", encoding="utf-8"
    )
    expected = {"missing": "mangler", "broken": "fejl", "draft": "udkast"}.get(start)
    if start == "broken":
        (folder / "program.md").write_text("---\ntitel: [Program\n---\n", encoding="utf-8")
    elif start != "missing":
        (folder / "program.md").write_text(PROGRAM_MD, encoding="utf-8", newline="")
    if start == "by-hand":
        text = PROGRAM_MD.replace("status: udkast", "status: godkendt\ngodkendt_af: bo")
        (folder / "program.md").write_text(text, encoding="utf-8", newline="")
        expected = "forældet"
    git(root, "init", "-q", "-b", "main")
    if start == "approved":
        program = f"{SDM}/program.md"
        result = dialog("approve", program, "--by", "bo", "--date", "2025-04-10", cwd=root)
        assert result.code == 0, result.err
        change = EDITS[edit]
        expected = "godkendt"
        if change is not None:
            name, old, new, keeps = change
            path = folder / name
            text = path.read_text(encoding="utf-8")
            assert old in text
            path.write_bytes(text.replace(old, new, 1 if old != "\n" else -1).encode("utf-8"))
            expected = "godkendt" if keeps else "forældet"
    return root, expected


def views(root: Path, dialog) -> dict[str, object]:
    check = dialog("check", "--format", "json", "--today", TODAY, cwd=root)
    status = dialog("status", "--format", "json", "--today", TODAY, cwd=root)
    calendar = dialog("calendar", cwd=root)
    render = dialog("render", "program", SDM_ID, "-o", "-", cwd=root)
    export = dialog("export", cwd=root)
    findings = json.loads(check.out)
    program = f"{SDM}/program.md"
    [meeting] = json.loads(status.out)["meetings"]
    [produkt] = [p for p in meeting["produkter"] if p["type"] == "program"]
    from icalendar import Calendar

    cal = Calendar.from_ical(calendar.out)
    [frist] = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"{SDM_ID}.frist-program")]
    return {
        "rules": {f["rule"] for f in findings if f["path"] == program},
        "status": produkt["state"],
        "calendar": str(frist["DESCRIPTION"]),
        "render": render,
        "export": (
            json.loads(export.out)["meetings"][0]["produkter"].get("program", {}).get("state")
            if export.code == 0
            else "fejl"
        ),
    }


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=st.sampled_from(STARTS), edit=st.sampled_from(sorted(EDITS)))
def test_every_view_tells_the_same_state(dialog, start: str, edit: str) -> None:
    root, expected = build(start, edit, dialog)
    try:
        seen = views(root, dialog)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    assert seen["status"] == STATUS_TEXT[expected]
    assert CALENDAR_TEXT[expected] in seen["calendar"]
    assert seen["export"] == (None if expected == "mangler" else STATUS_TEXT[expected])
    rules = seen["rules"]
    render = seen["render"]
    assert ("DM302" in rules) is (expected == "forældet" and start == "approved")
    if expected == "mangler":
        assert render.code == 2
        assert "DM101" in rules or "DM201" in rules
    elif expected == "fejl":
        assert render.code == 1
        assert rules & {"DM002", "DM004"}
    else:
        assert render.code == 0, render.err
        approved = "Godkendt af Velfærdsdirektør Bo Berg" in render.out
        assert approved is (expected == "godkendt")
        assert ("UDKAST" in render.out) is (expected != "godkendt")
    if expected == "godkendt":
        assert not rules & {"DM201", "DM302", "DM303"}
    else:
        assert "DM201" in rules or expected in ("mangler", "fejl")
