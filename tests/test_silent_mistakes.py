"""Mistakes that used to pass silently (issue 18): a misspelled section heading, an image
that no rendering shows, a meeting on a holiday, initiativer of a group."""

from __future__ import annotations

import json

import pytest

from helpers.configs import CONFIG
from helpers.meetings import DIR, direktionen, direktionen_on, punkt
from helpers.strategisk import strategi

PUNKT = f"{DIR}/punkter/02-x.md"


def findings(dialog, root, today: str = "2025-03-10") -> list[dict]:
    result = dialog("check", "--today", today, "--format", "json", cwd=root)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def of(rule: str, found: list[dict]) -> list[tuple[str, int | None]]:
    return [(f["path"], f["line"]) for f in found if f["rule"] == rule]


@pytest.mark.parametrize(
    "heading", ["Beslutninger", "beslutninger", "Beslutning:", "Beslutnig", "BESLUTNINGER"]
)
def test_a_held_meetings_misspelled_decision_heading_is_named_on_its_line(
    make_repo, dialog, heading
):
    body = f"Tekst.\n\n## {heading}\n\nGodkendt.\n"
    root = make_repo({f"{DIR}/meeting.md": direktionen("afholdt"), PUNKT: punkt(body=body)})
    found = findings(dialog, root)
    # the heading is line 4 of the file's front matter (4 lines) + 2 = line 7
    assert of("DM102", found) == [(PUNKT, 7)]
    assert of("DM106", found) == [(PUNKT, 7)]
    message = next(f["message"] for f in found if f["rule"] == "DM102")
    assert f"'## {heading}'" in message and "'## Beslutning'" in message


@pytest.mark.parametrize("heading", ["Beslutning", "Indstillingens baggrund", "Bemærkninger"])
def test_known_and_plainly_other_headings_are_not_misspellings(make_repo, dialog, heading):
    body = f"## {heading}\n\nTekst.\n\n## Beslutning\n\nGodkendt.\n"
    root = make_repo({PUNKT: punkt(body=body)})
    assert of("DM106", findings(dialog, root)) == []


def test_a_misspelled_section_of_a_planned_meeting_is_a_warning(make_repo, dialog):
    root = make_repo({PUNKT: punkt(body="## Indstiling\n\nAt godkende.\n")})
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 0, result.out  # a warning does not fail check
    assert "DM106" in result.out and "'## Indstilling'" in result.out


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("![Diagram](bilag/d.png)\n", 5),
        ("Tekst.\n\nSe figuren ![Diagram](d.png) her.\n", 7),
        ("| a | b |\n|---|---|\n| ![x](y.png) | 2 |\n", 7),
        ("Først\nså ![](https://x.dk/a.png)\n", 6),
        ("[![logo](l.png)](https://x.dk)\n", 5),
    ],
)
def test_an_image_in_a_body_is_an_error_on_its_line(make_repo, dialog, body, line):
    root = make_repo({PUNKT: punkt(body=body)})
    assert of("DM107", findings(dialog, root, "2025-03-01")) == [(PUNKT, line)]


@pytest.mark.parametrize(
    "body",
    [
        "```\n![Diagram](d.png)\n```\n",  # code is text
        "`![x](y)`\n",
        "\\![Diagram](d.png)\n",  # escaped: the reader wrote the characters
        "![Diagram]\n",  # no target: text
        "[Diagram](d.png)\n",  # a link
    ],
)
def test_what_is_no_image_is_not_reported(make_repo, dialog, body):
    root = make_repo({PUNKT: punkt(body=body)})
    assert of("DM107", findings(dialog, root, "2025-03-01")) == []


def test_an_image_in_meeting_md_or_a_product_is_reported_too(make_repo, dialog):
    meeting = direktionen() + "\nSe ![kort](kort.png).\n"
    root = make_repo({f"{DIR}/meeting.md": meeting})
    assert of("DM107", findings(dialog, root, "2025-03-01")) == [(f"{DIR}/meeting.md", 10)]


@pytest.mark.parametrize(
    ("dato", "why"),
    [
        ("2025-12-25", "juledag"),
        ("2025-06-09", "anden pinsedag"),
        ("2025-04-17", "skærtorsdag"),
        ("2025-03-08", "lørdag"),
        ("2026-01-01", "nytårsdag"),
    ],
)
def test_a_meeting_on_a_holiday_or_a_weekend_is_a_warning_on_its_date(make_repo, dialog, dato, why):
    path = f"meetings/{dato[:4]}/{dato}-direktionen/meeting.md"
    root = make_repo({path: direktionen_on(dato)}, with_meeting=False)
    result = dialog("check", "--today", "2025-01-02", "--format", "json", cwd=root)
    assert result.code == 0, result.out
    found = json.loads(result.out)
    assert of("DM205", found) == [(path, 4)]
    assert why in next(f["message"] for f in found if f["rule"] == "DM205")


@pytest.mark.parametrize("status", ["aflyst", "udskudt"])
def test_a_cancelled_meeting_on_a_holiday_is_not_reported(make_repo, dialog, status):
    path = "meetings/2025/2025-12-25-direktionen/meeting.md"
    root = make_repo({path: direktionen_on("2025-12-25", f"status: {status}")}, with_meeting=False)
    assert of("DM205", findings(dialog, root, "2025-01-02")) == []


GROUPS = CONFIG + "grupper:\n  ls: {navn: Ledelsessekretariatet, medlemmer: [carl]}\n"
A = "meetings/2025/2025-01-15-a"
NOTAT = """\
---
initiativer:
  - hvad: Referatskabelon
    hvem: [ls]
    sigt: kort
    frist: 2025-02-01
  - hvad: Budgetoplæg
    hvem: [bo]
    sigt: kort
    frist: 2025-03-20
  - hvad: Havneplan
    hvem: [carl]
    sigt: lang
---
"""


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("ls", ["Referatskabelon"]),
        ("carl", ["Referatskabelon", "Havneplan"]),  # carl is in ls
        ("bo", ["Budgetoplæg"]),
    ],
)
def test_actions_owner_takes_a_group_and_a_person_sees_their_groups(
    make_repo, dialog, owner, expected
):
    root = make_repo(
        {
            "dialog.yaml": GROUPS,
            f"{A}/meeting.md": strategi("A", "2025-01-15"),
            f"{A}/opfoelgningsnotat.md": NOTAT,
        },
        with_meeting=False,
    )
    result = dialog("actions", "--owner", owner, "--today", "2025-01-20", "-f", "json", cwd=root)
    assert result.code == 0, result.err
    assert [a["hvad"] for a in json.loads(result.out)] == expected
