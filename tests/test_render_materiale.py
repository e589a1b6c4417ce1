"""Every product renders, and `render materiale` is the one document to send out."""

from __future__ import annotations

import io

import pypdf
import pytest

from helpers.strategisk import VAEKST_2024, VAEKST_2024_ID, vaekst_2024

STRATEGISK = vaekst_2024("facilitering: true\n")

PROGRAM = """\
---
status: udkast
programpunkter:
  - {tid: "09:00", titel: Velkomst og formål, ansvarlig: [anna]}
---
## Formål

At give retning.
"""

BAGGRUNDSNOTAT = """\
---
titel: "Baggrundsnotat: Vækst"
status: udkast
henvisninger:
  - {titel: Planstrategi 2023, type: politisk_aftale, url: "https://example.dk/plan"}
---
## Situationsbillede

Befolkningen vokser.
"""

FACILITERING = """\
---
titel: "Materiale til facilitering af dialog: Vækst"
status: udkast
---
## Spørgsmål og øvelser

Hvad skal vi prioritere?
"""


def repo(make_repo, dialog=None, *approved: str, **files: str | None):
    tree = {
        f"{VAEKST_2024}/meeting.md": STRATEGISK,
        f"{VAEKST_2024}/program.md": PROGRAM,
        f"{VAEKST_2024}/baggrundsnotat.md": BAGGRUNDSNOTAT,
        f"{VAEKST_2024}/facilitering.md": FACILITERING,
    }
    tree.update({f"{VAEKST_2024}/{name}.md": text for name, text in files.items()})
    root = make_repo(tree)
    for name in approved:
        result = dialog(
            "approve", f"{VAEKST_2024}/{name}.md", "--by", "bo", "--date", "2024-10-22", cwd=root
        )
        assert result.code == 0, result.err
    return root


@pytest.mark.parametrize(
    ("kind", "heading", "body"),
    [
        ("baggrundsnotat", "# Baggrundsnotat: Vækst", "Befolkningen vokser."),
        (
            "facilitering",
            "# Materiale til facilitering af dialog: Vækst",
            "Hvad skal vi prioritere?",
        ),
    ],
)
def test_a_notat_renders_with_its_heading_state_and_text(make_repo, dialog, kind, heading, body):
    root = repo(make_repo)
    result = dialog("render", kind, VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert heading in lines
    assert "**UDKAST – Ikke godkendt**" in lines
    assert body in lines


def test_a_baggrundsnotat_lists_its_henvisninger(make_repo, dialog):
    root = repo(make_repo)
    result = dialog("render", "baggrundsnotat", VAEKST_2024_ID, "-f", "html", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "<li>Planstrategi 2023 (Politisk aftale): https://example.dk/plan</li>" in result.out


def test_materiale_holds_program_baggrundsnotat_and_facilitering_in_order(make_repo, dialog):
    root = repo(make_repo)
    result = dialog("render", "materiale", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    out = result.out
    parts = [
        "# 1. Program: Vækst, bosætning og klima",
        "# 2. Baggrundsnotat: Vækst",
        "# 3. Materiale til facilitering af dialog: Vækst",
    ]
    at = [out.splitlines().index(p) for p in parts]
    assert at == sorted(at)
    assert "At give retning." in out and "Befolkningen vokser." in out
    assert "Hvad skal vi prioritere?" in out


def test_materiale_contents_show_each_parts_approval_state(make_repo, dialog):
    root = repo(make_repo, dialog, "program")
    result = dialog("render", "materiale", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "## Indhold" in lines
    assert "| 1. Program | Godkendt af Velfærdsdirektør Bo Berg den 22. oktober 2024 |" in lines
    assert "| 2. Baggrundsnotat | Ikke godkendt |" in lines
    assert "**UDKAST – Ikke alle dele er godkendt**" in lines


def test_a_part_changed_after_approval_says_so_in_materiale(make_repo, dialog):
    root = repo(make_repo, dialog, "baggrundsnotat")
    path = root / VAEKST_2024 / "baggrundsnotat.md"
    path.write_text(path.read_text().replace("vokser", "falder"), encoding="utf-8")
    result = dialog("render", "materiale", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "| 2. Baggrundsnotat | Ikke godkendt: ændret efter godkendelsen" in result.out


def test_a_missing_required_part_is_named_in_materiale(make_repo, dialog):
    root = repo(make_repo, baggrundsnotat=None)
    result = dialog("render", "materiale", VAEKST_2024_ID, "-f", "html", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "Mangler: baggrundsnotat.md er ikke skrevet" in result.out
    assert "Denne del er ikke skrevet endnu." in result.out


def test_materiale_without_facilitering_has_two_parts(make_repo, dialog):
    meeting = vaekst_2024()
    root = repo(make_repo, facilitering=None, meeting=meeting)
    result = dialog("render", "materiale", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "Materiale til facilitering" not in result.out
    assert "# 2. Baggrundsnotat: Vækst" in result.out.splitlines()


def materiale_pdf(dialog, root, out) -> pypdf.PdfReader:
    result = dialog("render", "materiale", VAEKST_2024_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    return pypdf.PdfReader(io.BytesIO(out.read_bytes()))


def test_materiale_pdf_has_udkast_while_any_part_is_a_draft(make_repo, dialog, tmp_path):
    root = repo(make_repo, dialog, "program", "baggrundsnotat")
    reader = materiale_pdf(dialog, root, tmp_path / "m.pdf")
    first = reader.pages[0].extract_text()
    assert "UDKAST" in first
    assert "Indhold" in first and "Baggrundsnotat" in first


def test_materiale_pdf_has_no_watermark_when_every_part_is_approved(make_repo, dialog, tmp_path):
    root = repo(make_repo, dialog, "program", "baggrundsnotat", "facilitering")
    reader = materiale_pdf(dialog, root, tmp_path / "m.pdf")
    assert "UDKAST" not in "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 4  # the contents, then each part on its own page


def test_materiale_of_a_meeting_whose_forum_requires_no_material_is_refused(make_repo, dialog):
    root = make_repo()
    result = dialog("render", "materiale", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 1
    assert result.err == (
        "dialog: 2025-03-05-direktionen har intet materiale at sende ud: forummet kræver hverken"
        " program, baggrundsnotat eller facilitering, og der er ikke skrevet noget\n"
    )
