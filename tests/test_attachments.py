"""A bilag's `fil`: copied beside the HTML and linked, attached to the PDF under its title,
and never, in any byte, part of a public edition when the bilag is closed."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from helpers.meetings import DIR, DIR_ID
from helpers.pdf import pdf_strings

PLAN = b"%PDF-1.4\n% udmoentningsplan\n"
SECRET = b"%PDF-1.4\n% kanariindhold\n"

PUNKT = """\
---
titel: Udmøntning
lukket: false
bilag:
  - {titel: "Udmøntningsplan 2025", lukket: false, fil: bilag/plan.pdf}
  - {titel: Kanaribilag, dokumentnr: "kanarinr", lukket: true, fil: bilag/kanarifil.pdf}
---
## Indstilling

Det indstilles, at planen godkendes.
"""


@pytest.fixture
def root(make_repo):
    return make_repo(
        {
            f"{DIR}/punkter/02-udmoentning.md": PUNKT,
            f"{DIR}/bilag/plan.pdf": PLAN,
            f"{DIR}/bilag/kanarifil.pdf": SECRET,
        }
    )


def attachments(path) -> dict[str, bytes]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return {name: data[0] for name, data in reader.attachments.items()}


def test_html_links_each_bilag_to_its_copy_beside_the_html(root, dialog):
    result = dialog("render", "referat", DIR_ID, "-f", "html", cwd=root)
    assert result.code == 0, result.err
    copy = root / "build" / f"{DIR_ID}-referat-bilag" / "Udmøntningsplan 2025.pdf"
    assert copy.read_bytes() == PLAN
    html = (root / "build" / f"{DIR_ID}-referat.html").read_text(encoding="utf-8")
    href = f"{DIR_ID}-referat-bilag/Udm%C3%B8ntningsplan%202025.pdf"
    assert f'<a href="{href}">Udmøntningsplan 2025</a>' in html


def test_pdf_attaches_each_bilag_file_named_by_its_title(root, dialog, tmp_path):
    out = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    found = attachments(out)
    assert found["Udmøntningsplan 2025.pdf"] == PLAN
    assert found["Kanaribilag.pdf"] == SECRET  # the internal edition carries the closed one


def test_two_bilag_with_one_title_are_attached_under_names_of_their_own(
    make_repo, dialog, tmp_path
):
    punkt = PUNKT.replace("Kanaribilag", "Udmøntningsplan 2025")
    root = make_repo(
        {
            f"{DIR}/punkter/02-udmoentning.md": punkt,
            f"{DIR}/bilag/plan.pdf": PLAN,
            f"{DIR}/bilag/kanarifil.pdf": SECRET,
        }
    )
    out = tmp_path / "referat.pdf"
    assert dialog("render", "referat", DIR_ID, "-o", out, cwd=root).code == 0
    found = attachments(out)
    assert found["Udmøntningsplan 2025.pdf"] == PLAN
    assert found["Udmøntningsplan 2025 (2).pdf"] == SECRET


def test_a_closed_bilags_file_is_in_no_byte_of_any_public_edition(root, dialog):
    for fmt in ("md", "html", "pdf"):
        for kind in ("dagsorden", "referat"):
            result = dialog("render", kind, DIR_ID, "-f", fmt, "--public", cwd=root)
            assert result.code == 0, result.err
    written = sorted(p for p in (root / "build").rglob("*") if p.is_file())
    assert {p.suffix for p in written} == {".md", ".html", ".pdf"}
    for path in written:
        assert "kanari" not in path.relative_to(root).as_posix().lower()
        data = path.read_bytes()
        assert b"kanari" not in data.lower()
        if path.suffix == ".pdf" and path.parent.name == "build":  # a rendering, not a copy
            assert re.findall("kanari", pdf_strings(data), re.IGNORECASE) == []
            names = attachments(path)
            assert "Udmøntningsplan 2025.pdf" in names  # the open bilag is attached
            assert [n for n in names if "kanari" in n.lower()] == []
    copies = root / "build" / f"{DIR_ID}-referat-offentlig-bilag"
    assert [p.name for p in copies.iterdir()] == ["Udmøntningsplan 2025.pdf"]
