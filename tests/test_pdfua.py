"""Every PDF dialog writes is tagged PDF/UA-1: a structure tree, the marked flag, the PDF/UA
identification in the XMP metadata, the language `da` and a title shown as the window's
title; the logo has the organisation's name as alt text, and people's headings, at any
levels in any order, never make a document that is not PDF/UA-1."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.domain.kinds import KINDS
from dialogmoder.domain.repository import load_repository
from dialogmoder.errors import DialogError
from dialogmoder.render import render_bytes
from dialogmoder.render.assemble import assemble

from helpers.configs import CONFIG, LETTERHEAD, PUBLIC
from helpers.examples import examples
from helpers.images import png
from helpers.meetings import BUDGET, DIR, DIR_ID, DIR_MEETING, meeting_md
from helpers.repo import PROJECT, git, write_files
from helpers.site import TODAY
from helpers.strategisk import VAEKST_2024

PDFUA_PART_1 = re.compile(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"")


def pdf_ua_problems(data: bytes) -> list[str]:
    """What a PDF lacks of PDF/UA-1's marks, read back with pypdf; [] when it has them all."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in catalog:
        problems.append("no /StructTreeRoot")
    if not catalog.get("/MarkInfo", {}).get("/Marked", False):
        problems.append("not /MarkInfo << /Marked true >>")
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    if not PDFUA_PART_1.search(xmp):
        problems.append("no pdfuaid:part 1 in the XMP metadata")
    if catalog.get("/Lang") != "da":
        problems.append(f"/Lang is {catalog.get('/Lang')!r}, not 'da'")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no title")
    if not catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        problems.append("the title is not the one displayed (/DisplayDocTitle)")
    return problems


def untagged(pdfs: dict[str, bytes]) -> dict[str, list[str]]:
    """The PDFs (by name) that lack a mark of PDF/UA-1, with what they lack."""
    return {name: problems for name, data in pdfs.items() if (problems := pdf_ua_problems(data))}


def structure(data: bytes) -> list[tuple[str, str | None]]:
    """Every element of the structure tree as (type, alt text), in reading order."""
    catalog = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    found: list[tuple[str, str | None]] = []
    todo = [catalog["/StructTreeRoot"].get_object()]
    while todo:
        node = todo.pop()
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(reversed([kid.get_object() for kid in node]))
            continue
        if not isinstance(node, pypdf.generic.DictionaryObject):
            continue  # a marked-content id
        if "/S" in node:
            alt = node.get("/Alt")
            found.append((str(node["/S"]), None if alt is None else str(alt)))
        if "/K" in node:
            todo.append(node["/K"].get_object())
    return found


def site_pdfs(dialog, root: Path, site: Path) -> dict[str, bytes]:
    result = dialog("site", "--root", root, *TODAY, "-o", site)
    assert result.code == 0, result.err
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


def test_every_pdf_of_the_bundled_site_is_tagged_pdf_ua_1(dialog, tmp_path):
    pdfs = site_pdfs(dialog, PROJECT, tmp_path / "site")
    assert len(pdfs) == 5
    assert untagged(pdfs) == {}


SITE_PUNKT = """\
---
titel: Budget med overskrifter
lukket: false
---
Indledning.

### Under indledningen

## Sagsfremstilling

#### Detaljer

| Post | Beløb |
|---|---:|
| Drift | 10 |

# Helt øverst

###### Helt nede
"""


def test_every_pdf_of_a_make_repo_site_is_tagged_pdf_ua_1(make_repo, dialog, tmp_path):
    config = PUBLIC.replace("organisation: Testkommune\n", LETTERHEAD.split("personer:")[0])
    root = make_repo(
        {
            "dialog.yaml": config,
            "grafik/logo.png": png(),
            f"{DIR}/punkter/02-budget.md": SITE_PUNKT,
        }
    )
    pdfs = site_pdfs(dialog, root, tmp_path / "site")
    assert len(pdfs) == 1
    assert untagged(pdfs) == {}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_bundled_document_of_the_kind_is_tagged_pdf_ua_1(kind):
    repo = load_repository(PROJECT)
    pdfs: dict[str, bytes] = {}
    for folder in repo.meetings:
        for public in (False, True):
            try:
                document = assemble(repo, folder.id, kind, public)
            except DialogError:
                continue  # no such product in this meeting
            pdfs[f"{folder.id} public={public}"] = render_bytes(PROJECT, document, kind, "pdf")
    assert pdfs
    assert untagged(pdfs) == {}


def test_the_logo_has_the_organisations_name_as_alt_text(make_repo, dialog, tmp_path):
    root = make_repo({"dialog.yaml": LETTERHEAD, "grafik/logo.png": png()})
    out = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    figures = [alt for kind, alt in structure(out.read_bytes()) if kind == "/Figure"]
    assert figures == ["Testkommune"]


STRATEGISK = meeting_md("strategisk-dialogmoede", "Vækst", "2024-10-29", "facilitering: true")
LEVELS = st.lists(st.integers(1, 6), min_size=1, max_size=6)


def headings(levels: list[int], name: str) -> str:
    """Markdown with a heading of each level in turn, each followed by a paragraph."""
    return "".join(f"{'#' * level} {name} {i}\n\nTekst.\n\n" for i, level in enumerate(levels))


@pytest.fixture(scope="module")
def heading_repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("headings") / "repo"
    (root / DIR / "punkter").mkdir(parents=True)
    write_files(root, {"dialog.yaml": CONFIG, f"{VAEKST_2024}/meeting.md": STRATEGISK})
    git(root, "init", "-q", "-b", "main")
    return root


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(intro=LEVELS, section=LEVELS, beslutning=LEVELS, product=LEVELS)
def test_headings_of_any_levels_in_peoples_markdown_keep_every_pdf_ua_1(
    heading_repo, intro, section, beslutning, product
):
    root = heading_repo
    underpunkt = json.dumps(headings(beslutning, "Underpunkt"))
    punkt = (
        f"---\ntitel: Budget\nlukket: false\nunderpunkter:\n"
        f"  - {{titel: Et underpunkt, tekst: {underpunkt}, beslutning: {underpunkt}}}\n---\n"
        f"{headings(intro, 'Indledning')}## Sagsfremstilling\n\n{headings(section, 'Sag')}"
        f"## Beslutning\n\n{headings(beslutning, 'Beslutning')}"
    )
    body = headings(product, "Afsnit")
    files = {
        f"{DIR}/meeting.md": DIR_MEETING + headings(intro, "Mødet"),
        f"{DIR}/punkter/01-budget.md": punkt,
        f"{VAEKST_2024}/program.md": f"---\nstatus: udkast\n---\n{body}",
        f"{VAEKST_2024}/baggrundsnotat.md": f"---\ntitel: Notat\nstatus: udkast\n---\n{body}",
        f"{VAEKST_2024}/facilitering.md": f"---\ntitel: Dialog\nstatus: udkast\n---\n{body}",
        f"{VAEKST_2024}/opfoelgningsnotat.md": (
            f"---\ntitel: Opfølgning\nstatus: udkast\n---\n{body}"
        ),
    }
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    repo = load_repository(root)
    documents = [
        (DIR, "referat"),
        (VAEKST_2024, "program"),
        (VAEKST_2024, "baggrundsnotat"),
        (VAEKST_2024, "opfoelgningsnotat"),
        (VAEKST_2024, "materiale"),
    ]
    for meeting, kind in documents:
        document = assemble(repo, meeting.rsplit("/", 1)[1], kind, False)
        assert pdf_ua_problems(render_bytes(root, document, kind, "pdf")) == [], kind


def render_punkt(make_repo, dialog, tmp_path, body: str) -> bytes:
    punkt = f"---\ntitel: Budget\nlukket: false\n---\n{body}"
    root = make_repo({BUDGET: punkt})
    out = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    return out.read_bytes()


def test_characters_no_font_can_show_still_give_a_pdf_ua_1(make_repo, dialog, tmp_path):
    body = "Godt gået 😀 👍🏽, 中文 og \U000f0001.\n\n## Sagsfremstilling\n\nTak ✓ → 🎉\n"
    data = render_punkt(make_repo, dialog, tmp_path, body)
    assert pdf_ua_problems(data) == []
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Godt gået" in text and "Tak" in text


def test_an_empty_markdown_heading_keeps_the_pdf_ua_1(make_repo, dialog, tmp_path):
    data = render_punkt(make_repo, dialog, tmp_path, "#\n\nTekst.\n\n## Baggrund\n\n### \n")
    assert pdf_ua_problems(data) == []


def test_control_characters_in_code_keep_the_pdf_ua_1(make_repo, dialog, tmp_path):
    data = render_punkt(make_repo, dialog, tmp_path, "Kode `a\x89b`.\n\n```\nx\x1by\tz\n```\n")
    assert pdf_ua_problems(data) == []


def test_an_empty_section_heading_keeps_the_pdf_ua_1(make_repo, dialog, tmp_path):
    data = render_punkt(make_repo, dialog, tmp_path, "Tekst.\n\n## \n\n### Under\n\nMere.\n")
    assert pdf_ua_problems(data) == []
