"""`dialog site`: the public editions of the fora dialog.yaml publishes, as a static site;
nothing of a closed punkt in any byte of it, and no half-written site."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from pathlib import Path

from helpers.canary import CPR_TEXT, MARK
from helpers.configs import CONFIG, PUBLIC
from helpers.meetings import DIR, DIR_ID, direktionen_on, meeting_md
from helpers.pdf import pdf_strings
from helpers.repo import PROJECT
from helpers.site import TODAY, build_site, site_files

STRATEGIC = meeting_md("strategisk-dialogmoede", "Hemmeligt strategitema", "2025-04-02")
OPEN_BILAG = """\
---
titel: Punkt med bilag
lukket: false
bilag:
  - {titel: Udmøntningsplan 2025, lukket: false, fil: bilag/plan.pdf}
  - {titel: Fortroligt notat, lukket: true, fil: bilag/fortroligt.pdf}
---
Tekst.
"""


def test_a_forum_is_not_published_unless_it_says_offentlig(make_repo, dialog):
    site = build_site(dialog, make_repo())
    assert not (site / "moeder").exists()
    assert "ingen offentliggjorte møder" in (site / "index.html").read_text("utf-8")


def test_the_published_forums_meeting_has_a_page_and_the_other_forum_none(make_repo, dialog):
    root = make_repo(
        {"dialog.yaml": PUBLIC, "meetings/2025/2025-04-02-strategi/meeting.md": STRATEGIC}
    )
    site = build_site(dialog, root)
    assert (site / "moeder" / f"{DIR_ID}.html").is_file()
    every = b"".join(p.read_bytes() for p in site_files(site))
    assert b"Hemmeligt strategitema" not in every
    assert b"2025-04-02-strategi" not in every


def test_a_held_meeting_shows_its_referat_and_a_coming_one_its_dagsorden(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    held = (build_site(dialog, root) / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "REFERAT" in held and "Drøftet." in held
    result = dialog("site", "--today", "2025-03-01", cwd=root)
    assert result.code == 0, result.err
    coming = (root / "build/site/moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "DAGSORDEN" in coming and "Drøftet." not in coming
    assert "Hent dagsordenen som PDF" in coming


def test_the_meeting_page_links_its_public_pdf(make_repo, dialog):
    import pypdf

    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    page = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    href = f"{DIR_ID}/{DIR_ID}-referat.pdf"
    assert f'<a href="{href}">Hent referatet som PDF</a>' in page
    reader = pypdf.PdfReader(site / "moeder" / href)
    assert "offentlig udgave" in reader.metadata.title
    assert "Budget" in "".join(p.extract_text() for p in reader.pages)


def test_open_bilag_are_copied_beside_the_page_and_closed_ones_are_not(make_repo, dialog):
    root = make_repo(
        {
            "dialog.yaml": PUBLIC,
            f"{DIR}/punkter/02-bilag.md": OPEN_BILAG,
            f"{DIR}/bilag/plan.pdf": b"%PDF-1.4 plan",
            f"{DIR}/bilag/fortroligt.pdf": b"%PDF-1.4 fortroligt",
        }
    )
    site = build_site(dialog, root)
    bilag = site / "moeder" / DIR_ID / "bilag"
    assert [p.name for p in bilag.iterdir()] == ["Udmøntningsplan 2025.pdf"]
    page = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert f'href="{DIR_ID}/bilag/Udm%C3%B8ntningsplan%202025.pdf"' in page
    assert not any(b"fortroligt" in p.read_bytes() for p in site_files(site))


# --- nothing of a closed punkt, in any byte ----------------------------------------------
# (canary_site: the site of helpers/canary.py's meeting, a fixture of conftest.py)


def test_no_file_of_the_site_holds_anything_of_a_closed_punkt(canary_site):
    leaks = {}
    for path in site_files(canary_site):
        data = path.read_bytes()
        if data.startswith(b"\x1f\x8b"):  # the search index's files are gzip'd
            data = gzip.decompress(data)
        text = pdf_strings(data) if path.suffix == ".pdf" else data.decode("utf-8", "replace")
        found = re.findall(rf"\w*{MARK}\w*", f"{path.relative_to(canary_site)}\n{text}", re.I)
        if found or MARK.encode() in data.lower():
            leaks[path.name] = sorted(set(found))
    assert leaks == {}


def test_the_canary_site_shows_the_closed_punkt_by_number_and_public_title(canary_site):
    page = (canary_site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "3. Personalesag" in page and "4. Lukket punkt" in page
    pdfs = [p for p in site_files(canary_site) if p.suffix == ".pdf"]
    assert len(pdfs) == 2  # both meetings' public PDFs were searched


# --- CPR numbers: the build stops, nothing is written --------------------------------------


def test_a_cpr_number_in_a_published_meeting_stops_the_build_naming_file_and_line(
    make_repo, dialog
):
    root = make_repo({"dialog.yaml": PUBLIC, f"{DIR}/punkter/02-borger.md": CPR_TEXT})
    result = dialog("site", *TODAY, cwd=root)
    assert result.code == 1
    assert f"{DIR}/punkter/02-borger.md:5:" in result.err
    assert "1234" not in result.err
    assert not (root / "build").exists()


def test_a_refused_build_leaves_the_previous_site_as_it_was(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    site = build_site(dialog, root)
    before = {p: p.read_bytes() for p in site_files(site)}
    (root / DIR / "punkter/02-borger.md").write_text(CPR_TEXT, encoding="utf-8")
    assert dialog("site", *TODAY, cwd=root).code == 1
    assert {p: p.read_bytes() for p in site_files(site)} == before
    left = sorted(p.name for p in site.parent.iterdir() if p.is_dir())
    assert left == ["site"]  # no temp folder left


def test_a_cpr_number_in_an_unpublished_forum_does_not_stop_the_build(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2025/2025-04-02-strategi/meeting.md": STRATEGIC,
            "meetings/2025/2025-04-02-strategi/punkter/01-borger.md": CPR_TEXT,
            "dialog.yaml": PUBLIC,
        }
    )
    assert (build_site(dialog, root) / "moeder" / f"{DIR_ID}.html").is_file()


# --- feeds and data -------------------------------------------------------------------------


def test_the_calendar_feed_has_the_published_meetings_and_no_frister_or_formoeder(
    make_repo, dialog
):
    config = CONFIG.replace(
        "    navn: Strategisk dialogmøde\n",
        "    navn: Strategisk dialogmøde\n    offentlig: true\n",
    )
    root = make_repo(
        {"dialog.yaml": config, "meetings/2025/2025-04-02-strategi/meeting.md": STRATEGIC}
    )
    ics = (build_site(dialog, root) / "moeder.ics").read_text("utf-8")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "2025-04-02-strategi.moede@" in ics
    assert "Frist" not in ics and "Formøde" not in ics


def test_the_atom_feed_lists_the_held_meetings_referater_only(make_repo, dialog):
    import xml.etree.ElementTree as ET

    coming = "meetings/2025/2025-09-03-direktionen/meeting.md"
    root = make_repo({"dialog.yaml": PUBLIC, coming: direktionen_on("2025-09-03")})
    feed = ET.parse(build_site(dialog, root) / "referater.atom").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert links == [f"moeder/{DIR_ID}.html"]


def test_data_json_holds_each_published_meetings_public_content(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    index = json.loads((site / "data.json").read_text("utf-8"))
    (year,) = index["aar"]
    (entry,) = json.loads((site / year["fil"]).read_text("utf-8"))["moeder"]
    moede = json.loads((site / entry["fil"]).read_text("utf-8"))
    assert moede["id"] == DIR_ID and moede["dokument"] == "referat"
    assert moede["punkter"][0]["titel"] == "Budget"
    assert moede["punkter"][0]["beslutning"]["tekst"] == "Drøftet."
    assert "source" not in json.dumps(moede)


def test_the_site_is_the_same_bytes_when_built_twice(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    first = {p.relative_to(root): p.read_bytes() for p in site_files(build_site(dialog, root))}
    second = {p.relative_to(root): p.read_bytes() for p in site_files(build_site(dialog, root))}
    assert first == second


# --- pages: accessible structure, statement -------------------------------------------------


def pages(site: Path) -> list[Path]:
    return [p for p in site_files(site) if p.suffix == ".html"]


def test_every_page_is_danish_with_a_skip_link_to_its_main_content(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    # index, meeting, årsplan 2025 and its index, statement, søg, the forum and its year
    assert len(pages(site)) == 8
    for page in pages(site):
        html = page.read_text("utf-8")
        assert '<html lang="da">' in html, page
        assert '<a class="spring" href="#indhold">' in html and 'id="indhold"' in html, page
        assert "<script" not in html or page.name == "soeg.html", page  # search needs JS


def test_every_pages_headings_start_at_h1_and_never_skip_a_level(make_repo, dialog):
    site = build_site(
        dialog, make_repo({"dialog.yaml": PUBLIC, f"{DIR}/punkter/02-bilag.md": OPEN_BILAG})
    )
    for page in pages(site):
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", page.read_text("utf-8"))]
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (page, levels)


def test_the_aarsplan_table_has_header_cells_and_links_the_meeting(make_repo, dialog):
    html = (
        build_site(dialog, make_repo({"dialog.yaml": PUBLIC})) / "aarsplan/2025.html"
    ).read_text("utf-8")
    assert '<th scope="col">Dato</th>' in html and '<th scope="row">' in html
    assert f'href="../moeder/{DIR_ID}.html"' in html


def test_the_default_statement_names_the_organisation(make_repo, dialog):
    html = (
        build_site(dialog, make_repo({"dialog.yaml": PUBLIC})) / "tilgaengelighed.html"
    ).read_text("utf-8")
    assert "kontakt Testkommune" in html


def test_a_statement_url_is_linked_from_every_page_beside_the_sites_own_page(make_repo, dialog):
    url = "https://www.example.dk/was"
    config = PUBLIC + f"tilgaengelighed: {url}\n"
    site = build_site(dialog, make_repo({"dialog.yaml": config}))
    assert "Om tilgængelighed" in (site / "tilgaengelighed.html").read_text("utf-8")
    link = f'<a href="{url}">Tilgængelighedserklæring</a>'
    assert all(link in p.read_text("utf-8") for p in pages(site))


def test_a_statement_text_is_the_statement_page(make_repo, dialog):
    config = PUBLIC + "tilgaengelighed: Skriv til **web@example.dk**.\n"
    html = (
        build_site(dialog, make_repo({"dialog.yaml": config})) / "tilgaengelighed.html"
    ).read_text("utf-8")
    assert "<strong>web@example.dk</strong>" in html


# --- the output folder ----------------------------------------------------------------------


def test_the_site_does_not_replace_a_folder_it_did_not_build(make_repo, dialog, tmp_path):
    root = make_repo({"dialog.yaml": PUBLIC})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    result = dialog("site", *TODAY, "-o", mine, cwd=root)
    assert result.code == 2 and "ikke har skrevet" in result.err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_the_site_is_never_written_into_the_repositorys_sources(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    result = dialog("site", *TODAY, "-o", "meetings/site", cwd=root)
    assert result.code == 2 and "meetings/site" in result.err
    assert not (root / "meetings/site").exists()


def test_the_bundled_repository_site_builds_with_direktionen_only(dialog_process, tmp_path):
    done = dialog_process("site", "-o", tmp_path / "site", "--root", PROJECT)
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "site" / "data.json").read_text("utf-8"))
    assert data["fora"] == [{"id": "direktionen", "navn": "Direktionen", "antal": 5}]


def test_a_broken_site_template_of_the_repository_is_named_without_a_traceback(make_repo, dialog):
    broken = "{% extends 'site/_layout.html.j2' %}\n{% block content %}{{ nope( }}{% endblock %}\n"
    root = make_repo({"dialog.yaml": PUBLIC, "templates/site/index.html.j2": broken})
    result = dialog("site", *TODAY, cwd=root)
    assert result.code != 0
    assert "templates/site/index.html.j2:2" in result.err
    assert list((root / "build").iterdir()) == []  # no site, no temporary folder left


def test_a_meeting_md_that_cannot_be_read_stops_the_build(make_repo, dialog):
    """It may belong to a published forum: leaving it out would publish an incomplete site."""
    broken = "meetings/2025/2025-04-02-ukendt/meeting.md"
    root = make_repo({"dialog.yaml": PUBLIC, broken: "---\nforum: [\n---\n"})
    result = dialog("site", *TODAY, cwd=root)
    assert result.code == 1
    assert f"{broken}:" in result.err and "ret disse, før webstedet kan bygges" in result.err
    assert not (root / "build" / "site").exists()
