"""`dialog site --intern`: the mødemappe (issue 20, item 2). Its own canary test: the
mødemappe holds the closed content, and the public site built beside it holds none of it."""

from __future__ import annotations

import gzip
import re
import zlib

import pytest
import yaml

from helpers.canary import MARK, canary_files
from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID
from helpers.pdf import pdf_strings
from helpers.run import SPEC
from helpers.site import TODAY, build_site, site_files


@pytest.fixture
def both(make_repo, dialog):
    """The canary repository with its public site (build/site) and mødemappe (build/intern)
    built beside each other, the mødemappe first."""
    files = canary_files(PUBLIC, closed="03-kanarifilnavn.md")
    files[f"{DIR}/bilag/kanarifil.pdf"] = b"%PDF-1.4 kanariindhold"
    root = make_repo(files)
    result = dialog("site", "--intern", *TODAY, cwd=root)
    assert result.code == 0, result.err
    public = build_site(dialog, root)
    return root, public, root / "build" / "intern"


def readable(path) -> str:
    """What a reader of a file could get at: PDFs decompressed, gzip'd files unpacked."""
    data = path.read_bytes()
    if data.startswith(b"%PDF-") and b"kanariindhold" not in data:
        return pdf_strings(data)
    for unpack in (gzip.decompress, zlib.decompress):
        try:
            data = unpack(data)
            break
        except (OSError, zlib.error, EOFError):
            continue
    return data.decode("latin-1") + data.decode("utf-8", "replace")


def test_the_public_site_beside_the_moedemappe_holds_no_closed_content(both):
    _root, public, intern = both
    assert public != intern and intern not in public.parents
    leaks = [
        str(path.relative_to(public))
        for path in site_files(public)
        if MARK in str(path.relative_to(public)).lower() or MARK in readable(path).lower()
    ]
    assert leaks == []


def test_the_moedemappe_holds_the_closed_content(both):
    _root, _public, intern = both
    page = (intern / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    for marker in (
        "Kanarititel",
        "Kanaribeslutning",
        "Kanarisagsfremstilling",
        "Kanarilukketbilag",
    ):
        assert marker in page, marker
    assert (intern / "moeder" / DIR_ID / "bilag" / "Kanaribilagstitel.pdf").read_bytes() == (
        b"%PDF-1.4 kanariindhold"
    )
    assert "Kanarititel" in pdf_strings(
        (intern / "moeder" / DIR_ID / f"{DIR_ID}-referat.pdf").read_bytes()
    )
    index = "".join(readable(p) for p in (intern / "pagefind").rglob("*") if p.is_file())
    assert "kanaribeslutning" in index.lower()  # its own search finds the closed punkter


def test_every_page_of_the_moedemappe_is_marked_internal_and_noindex(both):
    _root, public, intern = both
    pages = [p for p in site_files(intern) if p.suffix == ".html" and "pagefind" not in p.parts]
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text("utf-8")
        assert '<meta name="robots" content="noindex, nofollow, noarchive">' in html, page
        assert "Intern – må ikke videregives" in html, page
    assert (intern / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for page in (p for p in site_files(public) if p.suffix == ".html"):
        html = page.read_text("utf-8")
        assert "noindex" not in html and "Intern – må ikke" not in html, page


def test_the_moedemappe_shows_each_product_with_its_state_and_marks_drafts(both):
    _root, public, intern = both
    page = (intern / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    mappe = page[page.index('<section class="mappe"') : page.index("</section>")]
    assert f'href="{DIR_ID}/{DIR_ID}-program.pdf">Program (PDF)</a>' in mappe
    assert re.search(r"Program \(PDF\)</a> – <strong class=\"udkast\">UDKAST: udkast", mappe)
    assert (intern / "moeder" / DIR_ID / f"{DIR_ID}-program.pdf").read_bytes().startswith(b"%PDF")
    assert (intern / "moeder" / DIR_ID / f"{DIR_ID}-materiale.pdf").is_file()
    assert not (public / "moeder" / DIR_ID / f"{DIR_ID}-program.pdf").exists()
    assert 'class="mappe"' not in (public / "moeder" / f"{DIR_ID}.html").read_text("utf-8")


@pytest.mark.parametrize("where", ["build/site", "build/site/intern"])
def test_the_moedemappe_is_never_built_in_the_public_sites_folder(make_repo, dialog, where):
    root = make_repo({"dialog.yaml": PUBLIC})
    result = dialog("site", "--intern", "-o", root / where, *TODAY, cwd=root)
    assert result.code == 2 and "build/intern" in result.err
    assert not (root / "build" / "site").exists()


def test_the_moedemappe_is_never_built_in_a_folder_a_public_build_wrote(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    build_site(dialog, root, "-o", "_site")
    result = dialog("site", "--intern", "-o", root / "_site", *TODAY, cwd=root)
    assert result.code == 2
    result = dialog("site", "--intern", "-o", root / "_site" / "x", *TODAY, cwd=root)
    assert result.code == 2


def test_a_public_build_never_replaces_the_moedemappe(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    assert dialog("site", "--intern", *TODAY, cwd=root).code == 0
    result = dialog("site", "-o", root / "build" / "intern", *TODAY, cwd=root)
    assert result.code == 2 and "mødemappe" in result.err


def test_the_init_workflow_uploads_the_moedemappe_as_an_artifact(tmp_path, dialog):
    result = dialog("init", tmp_path / "repo", "--organisation", "Testkommune", *SPEC)
    assert result.code == 0, result.err
    text = (tmp_path / "repo" / ".github" / "workflows" / "dialog.yml").read_text("utf-8")
    job = yaml.safe_load(text)["jobs"]["moedemappe"]
    runs = [step.get("run", "").strip() for step in job["steps"]]
    assert "dialog site --intern -o moedemappe" in runs
    [upload] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload["with"]["path"] == "moedemappe/"
    assert "læseadgang" in text  # the warning: anyone who can read the repository
    site = (tmp_path / "repo" / ".github" / "workflows" / "site.yml").read_text("utf-8")
    assert "--intern" not in site  # the public site never gets it
