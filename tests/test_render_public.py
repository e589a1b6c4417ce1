"""The public edition leaks nothing from a closed punkt: a canary in every field, searched
for in every byte of every public format and kind (and in the PDF's text, metadata and
bookmarks)."""

from __future__ import annotations

import re

import pytest

from helpers.canary import CPR_TEXT, KOMMENDE, MARK, NEXT_MEETING, canary_files
from helpers.configs import CONFIG, config_with
from helpers.meetings import DIR, DIR_ID
from helpers.pdf import pdf_strings


@pytest.fixture
def canary_repo(make_repo):
    root = make_repo(canary_files(CONFIG))
    assert MARK not in DIR_ID
    return root


def rendered(root, dialog, kind, fmt, public):
    flags = ["--public"] if public else []
    result = dialog("render", kind, DIR_ID, "--format", fmt, *flags, cwd=root)
    assert result.code == 0, result.err
    written = [p for p in (root / "build").iterdir() if p.suffix == f".{fmt}"]
    path = next(p for p in written if ("offentlig" in p.name) == public and kind in p.name)
    data = path.read_bytes()
    text = pdf_strings(data) if fmt == "pdf" else data.decode("utf-8")
    return path.name, data, text


FIELDS = [
    "kanarititel", "kanarisagsgang", "kanarisagsansvarlig", "kanarikle", "kanarisagsnr",
    "kanarinavn", "kanaritidsplantekst", "kanaribilagstitel", "kanaridokumentnr",
    "kanariunderpunkttitel", "kanariunderpunkttekst", "kanarinavnto",
    "kanariunderpunktbeslutning", "kanariintro", "kanaribaggrund", "kanarisagsfremstilling",
    "kanarioekonomi", "kanariindstilling", "kanaribeslutning", "kanarinavntre",
    "kanarititel2", "kanaritekst2", "kanarilukketbilag", "kanarinr", "kanarinaestemoede",
]  # fmt: skip


def test_the_internal_referat_shows_every_canary(canary_repo, dialog):
    """The markers are real content: without --public they are all there to be found."""
    _, _, text = rendered(canary_repo, dialog, "referat", "md", public=False)
    missing = [field for field in FIELDS if field not in text.lower()]
    assert missing == []
    assert "kanarikommentar" not in text.lower()  # comments are dropped from every edition


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("kind", ["dagsorden", "referat", "program", "opfoelgningsnotat"])
def test_public_edition_has_no_canary_anywhere(canary_repo, dialog, kind, fmt):
    name, data, text = rendered(canary_repo, dialog, kind, fmt, public=True)
    assert MARK not in name.lower()
    assert MARK.encode() not in data.lower()
    found = sorted({m.lower() for m in re.findall(rf"\w*{MARK}\w*", text, re.IGNORECASE)})
    assert found == []


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_public_referat_lists_the_closed_punkt_by_number_and_public_title(canary_repo, dialog, fmt):
    _, _, text = rendered(canary_repo, dialog, "referat", fmt, public=True)
    assert "3. Personalesag" in text
    assert "4. Lukket punkt" in text
    assert "(Lukket bilag)" in text
    assert "Åbent bilag" in text
    assert "10.00" in text and "10.30" in text  # the tidsplan keeps its times


def test_a_bilag_of_a_closed_punkt_is_closed_whatever_its_own_flag(canary_repo, dialog):
    _, _, text = rendered(canary_repo, dialog, "referat", "md", public=False)
    assert "1. Lukket Kanaribilagstitel (1/kanaridokumentnr)" in text


# --- a CPR number in what would be published: the public edition is refused -------------

CPR_PUNKT = f"{DIR}/punkter/02-borger.md"


def assert_refused(result, *where: str) -> None:
    assert result.code == 1, result.err
    assert result.out == ""
    for location in where:
        assert location in result.err
    assert "1234" not in result.err  # the message masks the number it refuses


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_public_render_with_a_cpr_number_is_refused_and_writes_nothing(make_repo, dialog, fmt):
    root = make_repo({CPR_PUNKT: CPR_TEXT})
    result = dialog("render", "referat", DIR_ID, "--public", "--format", fmt, cwd=root)
    assert_refused(result, f"{CPR_PUNKT}:5:")
    assert not (root / "build").exists()


@pytest.mark.parametrize("name", ["ud.md", "ud.html", "ud.pdf"])
def test_public_render_with_a_cpr_number_writes_no_file_given_with_o(make_repo, dialog, name):
    root = make_repo({CPR_PUNKT: CPR_TEXT})
    result = dialog("render", "dagsorden", DIR_ID, "--public", "-o", name, cwd=root)
    assert_refused(result, f"{CPR_PUNKT}:5:")
    assert not (root / name).exists()


def test_public_render_with_a_cpr_number_prints_nothing_to_stdout(make_repo, dialog):
    root = make_repo({CPR_PUNKT: CPR_TEXT})
    result = dialog("render", "referat", DIR_ID, "--public", "-o", "-", cwd=root)
    assert_refused(result, f"{CPR_PUNKT}:5:")


def test_dm601_off_does_not_open_the_public_edition(make_repo, dialog):
    root = make_repo({"dialog.yaml": config_with("DM601: off"), CPR_PUNKT: CPR_TEXT})
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0
    result = dialog("render", "referat", DIR_ID, "--public", cwd=root)
    assert_refused(result, f"{CPR_PUNKT}:5:")
    assert not (root / "build").exists()


def test_a_cpr_number_in_another_meetings_title_in_kommende_moeder_refuses(make_repo, dialog):
    later = "meetings/2025/2025-03-12-direktionen"
    root = make_repo(
        {
            f"{DIR}/punkter/06-kommende.md": KOMMENDE,
            f"{later}/meeting.md": NEXT_MEETING,
            f"{later}/punkter/01-sag.md": "---\ntitel: Sag 0101**90**-1234\nlukket: false\n---\n",
        }
    )
    result = dialog("render", "dagsorden", DIR_ID, "--public", cwd=root)
    assert_refused(result, f"{later}/punkter/01-sag.md:2:")
    assert not (root / "build").exists()


def test_a_cpr_number_in_a_name_from_dialog_yaml_refuses_naming_its_line(make_repo, dialog):
    config = CONFIG.replace("Anna Andersen", "Anna 010190-1234")
    root = make_repo({"dialog.yaml": config})
    result = dialog("render", "referat", DIR_ID, "--public", cwd=root)
    assert_refused(result, "dialog.yaml:4:")


def test_a_cpr_number_in_a_program_refuses_its_public_edition(make_repo, dialog):
    program = "---\nstatus: udkast\n---\n## Formål\n\nBorger &#48;10190-1234.\n"
    root = make_repo({f"{DIR}/program.md": program})
    result = dialog("render", "program", DIR_ID, "--public", "--format", "html", cwd=root)
    assert_refused(result, f"{DIR}/program.md:6:")


def test_the_internal_edition_with_a_cpr_number_is_still_written(make_repo, dialog):
    root = make_repo({CPR_PUNKT: CPR_TEXT})
    result = dialog("render", "referat", DIR_ID, cwd=root)
    assert result.code == 0, result.err
    assert (root / "build" / f"{DIR_ID}-referat.md").is_file()


def test_a_refused_public_render_exits_1_as_a_process(make_repo, dialog_process):
    root = make_repo({CPR_PUNKT: CPR_TEXT})
    done = dialog_process("render", "referat", DIR_ID, "--public", "--format", "pdf", cwd=root)
    assert done.returncode == 1
    assert f"{CPR_PUNKT}:5: fejl DM601" in done.stderr
    assert not (root / "build").exists()
