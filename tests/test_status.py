"""`dialog status`: coming meetings, each product's state and days to its frist."""

from __future__ import annotations

import json

import pytest

from helpers.repo import PROJECT
from helpers.run import run_on_a_terminal
from helpers.strategisk import SDM, approved, sdm, sdm_meeting


def test_status_text_puts_late_products_first(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=approved("bo")))
    result = dialog("status", "--today", "2025-04-16", cwd=root)
    assert result.code == 0, result.err
    assert result.out == (
        "Status 2025-04-16 (onsdag)\n"
        "\n"
        "2025-04-22 tirsdag  Vækst (strategisk-dialogmoede, planlagt) FOR SENT\n"
        f"  {SDM}\n"
        "  Baggrundsnotat                         udkast                frist 2025-04-15"
        "  1 dag over frist\n"
        "  Program                                godkendt              frist 2025-04-15"
        "  af bo 2025-04-01\n"
        "  Opfølgningsnotat                       mangler               frist 2025-05-06"
        "  om 20 dage\n"
        "  Formøde                                holdes 2025-04-16     frist 2025-04-16\n"
    )


def test_status_json_gives_every_state(make_repo, dialog) -> None:
    root = make_repo(
        sdm(
            program_md=approved("bo", edit_after="Rettet.\n"),
            opfoelgningsnotat_md=approved("bo", titel="Opfølgning", produkt="opfoelgningsnotat"),
        )
    )
    result = dialog("status", "--format", "json", "--today", "2025-04-10", cwd=root)
    data = json.loads(result.out)
    [meeting] = data["meetings"]
    states = {p["type"]: (p["state"], p["dage_til_frist"], p["late"]) for p in meeting["produkter"]}
    assert states == {
        "program": ("forældet", 5, False),
        "baggrundsnotat": ("udkast", 5, False),
        "opfoelgningsnotat": ("godkendt", 26, False),
    }
    assert meeting["formoede"] == {
        "frist": "2025-04-16",
        "dato": "2025-04-16",
        "dage_til_frist": 6,
        "late": False,
    }
    assert data["today"] == "2025-04-10"


def test_status_shows_a_missing_formoede_as_late(make_repo, dialog) -> None:
    meeting = sdm_meeting().replace("formoede: {dato: 2025-04-16}\n", "")
    root = make_repo(sdm(meeting_md=meeting))
    result = dialog("status", "--format", "json", "--today", "2025-04-17", cwd=root)
    [entry] = json.loads(result.out)["meetings"]
    assert entry["formoede"]["late"] is True
    assert entry["late"] is True


def test_status_leaves_out_past_meetings_with_nothing_due(make_repo, dialog) -> None:
    root = make_repo()  # a Direktionen meeting on 2025-03-05 without products
    before = dialog("status", "--format", "json", "--today", "2025-03-05", cwd=root)
    after = dialog("status", "--format", "json", "--today", "2025-03-06", cwd=root)
    assert [m["id"] for m in json.loads(before.out)["meetings"]] == ["2025-03-05-direktionen"]
    assert json.loads(after.out)["meetings"] == []
    assert dialog("status", "--today", "2025-03-06", cwd=root).out.endswith(
        "Ingen kommende møder.\n"
    )


def test_status_keeps_a_past_meeting_with_a_product_still_due(make_repo, dialog) -> None:
    root = make_repo(sdm(meeting_md=sdm_meeting(status="afholdt")))
    result = dialog("status", "--format", "json", "--today", "2025-05-07", cwd=root)
    [entry] = json.loads(result.out)["meetings"]
    late = [(p["type"], p["state"]) for p in entry["produkter"] if p["late"]]
    assert late[0] == ("baggrundsnotat", "udkast")
    assert ("opfoelgningsnotat", "mangler") in late


def test_status_bad_format_is_a_usage_error(make_repo, dialog) -> None:
    result = dialog("status", "--format", "md", cwd=make_repo())
    assert result.code == 2


@pytest.mark.skipif(not (PROJECT / "dialog.yaml").is_file(), reason="no bundled repository yet")
def test_status_runs_on_the_bundled_repository(dialog) -> None:
    result = dialog("status", "--today", "2025-01-20", "--root", PROJECT)
    assert result.code == 0, result.err
    assert "2025-01-29 onsdag  Direktionen (direktionen, afholdt)" in result.out


def test_status_shows_late_products_in_red_on_a_terminal(make_repo) -> None:
    root = make_repo(sdm(program_md=approved("bo")))
    screen = run_on_a_terminal(root, "status", "--today", "2025-04-16").decode()
    late = next(line for line in screen.splitlines() if "Baggrundsnotat" in line)
    done = next(line for line in screen.splitlines() if "Program " in line)
    assert "\x1b[31m" in late
    assert "\x1b[31m" not in done


def test_status_shows_a_product_that_cannot_be_read_as_unreadable_not_missing(
    make_repo, dialog
) -> None:
    root = make_repo(sdm(program_md="---\ntitel: Program\nstatus: godkent\n---\nTekst.\n"))
    result = dialog("status", "--format", "json", "--today", "2025-04-10", cwd=root)
    [meeting] = json.loads(result.out)["meetings"]
    states = {p["type"]: p["state"] for p in meeting["produkter"]}
    assert states["program"] == "fejl"
    text = dialog("status", "--today", "2025-04-10", cwd=root).out
    assert "Program                                kan ikke læses" in text


def test_status_names_files_it_cannot_read_and_exits_1(make_repo, dialog) -> None:
    broken = sdm_meeting().replace("dato: 2025-04-22", "dato: 2025-04-31")
    root = make_repo(sdm(meeting_md=broken))
    result = dialog("status", "--today", "2025-04-10", cwd=root)
    assert result.code == 1
    assert f"{SDM}/meeting.md:4: fejl DM004" in result.err
    assert "dialog: 1 fejl ovenfor;" in result.err
