"""The secretariat's path through one strategic meeting, with the real commands."""

from __future__ import annotations

import json

from helpers.repo import git
from helpers.strategisk import SDM


def findings(dialog, root, today: str) -> list[tuple[str, str, str]]:
    result = dialog("check", "--format", "json", "--today", today, cwd=root)
    assert result.code in {0, 1}, result.err
    return [(f["rule"], f["severity"], f["path"]) for f in json.loads(result.out)]


def test_new_meeting_to_approved_material(make_repo, dialog) -> None:
    root = make_repo(with_meeting=False)
    made = dialog(
        "new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-04-22",
        "--titel", "Vækst", cwd=root,
    )  # fmt: skip
    assert made.code == 0, made.err

    # Three working days before the frist of 15 April: drafts are warned about.
    early = findings(dialog, root, "2025-04-10")
    assert ("DM202", "warning", f"{SDM}/program.md") in early
    assert ("DM304", "warning", f"{SDM}/meeting.md") in early

    path = root / SDM / "meeting.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("fagdirektoer: null", "fagdirektoer: bo")
        .replace("pauser: []", "pauser: []\nformoede: {dato: 2025-04-16}"),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Vækst: program og baggrundsnotat")
    for produkt in ("program", "baggrundsnotat"):
        done = dialog("approve", f"{SDM}/{produkt}.md", "--by", "bo", "--date", "2025-04-11",
                      cwd=root)  # fmt: skip
        assert done.code == 0, done.err
    assert findings(dialog, root, "2025-04-14") == []

    # The approval commit touches only the approval lines: status changed, three added.
    stat = git(root, "diff", "--numstat", "--", SDM)
    assert stat == (f"4\t1\t{SDM}/baggrundsnotat.md\n4\t1\t{SDM}/program.md\n")
    status = dialog("status", "--format", "json", "--today", "2025-04-14", cwd=root)
    [meeting] = json.loads(status.out)["meetings"]
    assert {p["type"]: p["state"] for p in meeting["produkter"]} == {
        "program": "godkendt",
        "baggrundsnotat": "godkendt",
        "opfoelgningsnotat": "udkast",
    }
