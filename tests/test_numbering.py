"""Punkt numbers a new user writes by hand: 00, 000, 100."""

from __future__ import annotations

import json

from test_rules import DIR, punkt


def dm401(dialog, root) -> list[str]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return [f"{f['path']}: {f['message']}" for f in json.loads(result.out) if f["rule"] == "DM401"]


def test_a_punkt_numbered_00_is_a_numbering_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/00-velkomst.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/00-velkomst.md: punkt 00 comes before 01; punkter are numbered"
        " from 01. Renumber the files 01..02"
    ]


def test_a_punkt_numbered_000_is_a_numbering_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/000-velkomst.md": punkt()})
    assert len(dm401(dialog, root)) == 1


def test_a_long_gap_is_named_as_a_range_not_a_list(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/100-eventuelt.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/100-eventuelt.md: punkt 100 follows punkt 01; numbers 02-99 are"
        " missing. Renumber the files 01..02"
    ]


def test_a_short_gap_names_each_missing_number(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/04-eventuelt.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/04-eventuelt.md: punkt 04 follows punkt 01; numbers 02, 03 are"
        " missing. Renumber the files 01..02"
    ]
