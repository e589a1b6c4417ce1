"""Program and opfølgningsnotat: the process note's fixed templates."""

from __future__ import annotations

import io

import pypdf
import pytest

from helpers.repo import PROJECT
from helpers.strategisk import VAEKST_2024, VAEKST_2024_ID, vaekst_2024

STRATEGISK = vaekst_2024("bistaas_af: [carl]\ntemaer: [vaekst]\n")

PROGRAM_UDKAST = """\
---
status: udkast
programpunkter:
  - {tid: "09:00", titel: Velkomst og formål, ansvarlig: [anna]}
  - {tid: "09:15", titel: Oplæg om bosætning}
---
## Formål

At give retning for *vækst*.
"""

NOTAT = """\
---
status: udkast
initiativer:
  - {hvad: Bosætningskampagne, hvem: [carl], sigt: kort, frist: 2025-01-31}
  - {hvad: Erhvervsstrategi, hvem: [anna, bo], sigt: lang, status: afsluttet}
---
## Hovedpointer fra dialogen

Dialogen pegede på bosætning.
"""


PROGRAM = ("program.md", "bo", "2024-10-22")
OPFOELGNING = ("opfoelgningsnotat.md", "anna", "2024-11-12")


def repo(make_repo, dialog=None, *approvals: tuple[str, str, str]):
    """The strategic meeting with a draft program and opfølgningsnotat; `approvals` are
    recorded with the real `dialog approve` (so the hash is the one it writes)."""
    root = make_repo(
        {
            f"{VAEKST_2024}/meeting.md": STRATEGISK,
            f"{VAEKST_2024}/program.md": PROGRAM_UDKAST,
            f"{VAEKST_2024}/opfoelgningsnotat.md": NOTAT,
        }
    )
    for name, by, day in approvals:
        result = dialog("approve", f"{VAEKST_2024}/{name}", "--by", by, "--date", day, cwd=root)
        assert result.code == 0, result.err
    return root


def test_program_shows_meeting_theme_host_and_agenda(make_repo, dialog):
    root = repo(make_repo)
    result = dialog("render", "program", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert result.out.startswith("**Testkommune**\n\n# Program: Vækst, bosætning og klima\n")
    for line in [
        "- **Møde:** Strategisk dialogmøde",
        "- **Dato:** Tirsdag den 29. oktober 2024",
        "- **Tid:** Kl. 9-15.30",
        "- **Sted:** Byrådssalen",
        "- **Tema:** Vækst og udvikling",
        "- **Vært:** Kommunaldirektør Anna Andersen",
        "- **Bistås af:** Økonomichef Carl Crone",
        "| 9.00 | Velkomst og formål | Kommunaldirektør Anna Andersen |",
        "| 9.15 | Oplæg om bosætning | |",
        "At give retning for *vækst*.",
    ]:
        assert line in result.out.splitlines(), line


def test_a_draft_program_says_ikke_godkendt(make_repo, dialog):
    root = repo(make_repo)
    result = dialog("render", "program", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert "**UDKAST – Ikke godkendt**" in result.out
    assert "Godkendt af" not in result.out


def test_an_approved_program_says_who_approved_it_and_when(make_repo, dialog):
    root = repo(make_repo, dialog, PROGRAM)
    result = dialog("render", "program", VAEKST_2024_ID, "-f", "html", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert (
        '<p class="godkendelse">Godkendt af Velfærdsdirektør Bo Berg den 22. oktober 2024</p>'
        in result.out
    )
    assert "UDKAST" not in result.out


def pdf_text(dialog, root, out) -> str:
    result = dialog("render", "program", VAEKST_2024_ID, "-f", "pdf", "-o", out, cwd=root)
    assert result.code == 0, result.err
    return pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()


def test_a_draft_program_pdf_carries_the_udkast_watermark(make_repo, dialog, tmp_path):
    root = repo(make_repo, dialog)
    text = pdf_text(dialog, root, tmp_path / "program.pdf")
    assert "UDKAST" in text
    assert "Ikke godkendt" in text


def test_an_approved_program_pdf_has_no_watermark(make_repo, dialog, tmp_path):
    root = repo(make_repo, dialog, PROGRAM)
    text = pdf_text(dialog, root, tmp_path / "program.pdf")
    assert "UDKAST" not in text
    assert "Godkendt af Velfærdsdirektør Bo Berg den 22. oktober 2024" in text


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("program.md", "At give retning", "At ændre retning"),  # the program's own text
        ("meeting.md", "sted: Byrådssalen", "sted: Kantinen"),  # what it shows from meeting.md
        ("meeting.md", 'start: "9:00"', 'start: "10:00"'),
        ("meeting.md", "vaert: [anna]", "vaert: [bo]"),
    ],
)
def test_a_stale_approval_renders_as_udkast_in_every_format(
    make_repo, dialog, tmp_path, file, old, new
):
    root = repo(make_repo, dialog, PROGRAM)
    edit(root / VAEKST_2024 / file, old, new)
    check = dialog("check", "--format", "json", "--today", "2024-10-23", cwd=root)
    assert "DM302" in check.out
    for fmt in ("md", "html"):
        result = dialog("render", "program", VAEKST_2024_ID, "-f", fmt, "-o", "-", cwd=root)
        assert result.code == 0, result.err
        assert "UDKAST" in result.out
        assert "ændret efter godkendelsen" in result.out
        assert "Godkendt af" not in result.out
    text = pdf_text(dialog, root, tmp_path / "program.pdf")
    assert "UDKAST" in text
    assert "Godkendt af" not in text


def test_a_meeting_field_the_program_does_not_show_keeps_the_approval(make_repo, dialog):
    root = repo(make_repo, dialog, PROGRAM)
    edit(root / VAEKST_2024 / "meeting.md", "forum:", "ejere: [carl]\nforum:")
    check = dialog("check", "--format", "json", "--today", "2024-10-23", cwd=root)
    assert "DM302" not in check.out
    result = dialog("render", "program", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert "**Godkendt af Velfærdsdirektør Bo Berg den 22. oktober 2024**" in result.out


def test_opfoelgningsnotat_lists_initiativer_as_a_table(make_repo, dialog):
    root = repo(make_repo, dialog, OPFOELGNING)
    result = dialog("render", "opfoelgningsnotat", VAEKST_2024_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    table = (
        "| Initiativ | Hvem | Sigt | Frist | Status |\n"
        "|---|---|---|---|---|\n"
        "| Bosætningskampagne | Økonomichef Carl Crone | Kort sigt | 31-01-2025 | Åben |\n"
        "| Erhvervsstrategi | Kommunaldirektør Anna Andersen<br>Velfærdsdirektør Bo Berg"
        " | Lang sigt | | Afsluttet |\n"
    )
    assert table in result.out
    assert "**Godkendt af Kommunaldirektør Anna Andersen den 12. november 2024**" in result.out
    assert "### Hovedpointer fra dialogen\n\nDialogen pegede på bosætning." in result.out


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        ("program", "# Program: Vækst\n"),
        ("opfoelgningsnotat", "# Opfølgningsnotat: Vækst\n"),
    ],
)
def test_a_scaffolded_product_names_its_kind_once(make_repo, dialog, kind, heading):
    # new-meeting writes `titel: "Program: Vækst"`; the heading must not say it twice
    root = make_repo()
    args = ("new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-06-04")
    assert dialog(*args, "--titel", "Vækst", cwd=root).code == 0
    result = dialog("render", kind, "2025-06-04-vaekst", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert result.out.startswith(f"**Testkommune**\n\n{heading}")  # after the letterhead


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_names_in_the_program_are_listed_the_danish_way(dialog, fmt):
    # the bundled strategic meeting: two værter, two who assist
    result = dialog(
        "render",
        "program",
        "2024-10-29-vaekst-bosaetning-og-klima",
        "-f",
        fmt,
        "-o",
        "-",
        cwd=PROJECT,
    )
    assert result.code == 0, result.err
    assert "Henrik og Lisette" in result.out
    assert "Kommunaldirektør Jonas Kroustrup og Fællesforvaltningsdirektør" in result.out
