"""The letterhead: the organisation, its afsender and logo head every rendered document."""

from __future__ import annotations

import io

import pypdf
import pytest

from helpers.configs import LETTERHEAD
from helpers.images import png
from helpers.meetings import DIR, DIR_ID


@pytest.fixture
def root(make_repo):
    return make_repo({"dialog.yaml": LETTERHEAD, "grafik/logo.png": png()})


def test_markdown_starts_with_the_organisation_and_afsender(root, dialog):
    result = dialog("render", "referat", DIR_ID, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert result.out.startswith("**Testkommune**\\\nLedelsessekretariatet\n\n# Direktionen\n")


def test_html_shows_the_organisation_and_embeds_the_logo_as_a_data_uri(root, dialog):
    import base64

    result = dialog("render", "referat", DIR_ID, "-f", "html", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    head = result.out.split('<div class="brevhoved">', 1)[1].split("</div>", 1)[0]
    assert "Testkommune" in head and "Ledelsessekretariatet" in head
    assert f'src="data:image/png;base64,{base64.b64encode(png()).decode()}"' in head
    assert "grafik/logo.png" not in result.out  # nothing for the page to fetch


def test_pdf_first_page_shows_the_organisation_afsender_and_logo(root, dialog, tmp_path):
    out = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    page = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    text = page.extract_text()
    assert text.index("Testkommune") < text.index("Ledelsessekretariatet") < text.index("REFERAT")
    assert len(page.images) == 1


def test_a_product_pdf_has_the_letterhead_too(make_repo, dialog, tmp_path):
    root = make_repo(
        {
            "dialog.yaml": LETTERHEAD,
            "grafik/logo.png": png(),
            f"{DIR}/program.md": "---\nstatus: udkast\n---\n",
        }
    )
    out = tmp_path / "program.pdf"
    result = dialog("render", "program", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    page = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert "Ledelsessekretariatet" in page.extract_text()
    assert len(page.images) == 1


def test_a_missing_logo_is_a_check_finding_with_its_line(make_repo, dialog):
    root = make_repo({"dialog.yaml": LETTERHEAD})
    result = dialog("check", cwd=root)
    assert result.code == 1
    assert "dialog.yaml:3: fejl DM507 logo 'grafik/logo.png' findes ikke" in result.out


@pytest.mark.parametrize("logo", ["../logo.png", "/etc/logo.png"])
def test_a_logo_outside_the_repository_is_a_check_finding(make_repo, dialog, logo):
    config = LETTERHEAD.replace("grafik/logo.png", logo)
    root = make_repo({"dialog.yaml": config})
    result = dialog("check", cwd=root)
    assert "DM507" in result.out
    assert "skal være en sti inde i arkivet" in result.out


def test_a_logo_that_is_no_image_is_a_check_finding(make_repo, dialog):
    config = LETTERHEAD.replace("grafik/logo.png", "README.md")
    root = make_repo({"dialog.yaml": config, "README.md": "hej\n"})
    result = dialog("check", cwd=root)
    assert "logo 'README.md' skal være et png-, svg- eller jpg-billede" in result.out
