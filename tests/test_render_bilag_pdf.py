"""`dialog render … --format pdf --bilag`: the document and its bilag as one PDF (issue 20,
item 3), read back with pypdf (pages, bookmarks, text) and pikepdf (structure tree)."""

from __future__ import annotations

import io

import pikepdf
import pypdf
import pytest

from helpers.meetings import DIR, DIR_ID, punkt
from helpers.pdf import pdf_strings, plain_pdf
from helpers.repo import PROJECT

CANARY = "KANARIEBILAG"
PUNKT = f"{DIR}/punkter/02-planer.md"


def punkt_with(bilag: str, lukket: str = "false") -> str:
    return punkt("Planer", lukket=lukket, extra="bilag:\n" + bilag)


BILAG = """\
  - {titel: Udmøntningsplan, dokumentnr: 20408/25, lukket: false, fil: bilag/plan.pdf}
  - {titel: Scannet brev, lukket: false, fil: bilag/scan.pdf}
  - {titel: Regneark, lukket: false, fil: bilag/tal.xlsx}
  - {titel: Fortroligt notat, lukket: true, fil: bilag/lukket.pdf}
"""


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> bytes:
    """A tagged PDF/UA-1 bilag: the bundled referat, as dialog renders it."""
    from helpers.run import run_dialog

    target = tmp_path_factory.mktemp("tagged") / "tagged.pdf"
    result = run_dialog(
        "render", "referat", "2025-01-29-direktionen", "-o", target, "--root", PROJECT
    )
    assert result.code == 0, result.err
    return target.read_bytes()


@pytest.fixture
def repo(make_repo, tagged):
    return make_repo(
        {
            PUNKT: punkt_with(BILAG),
            f"{DIR}/bilag/plan.pdf": tagged,
            f"{DIR}/bilag/scan.pdf": plain_pdf("Scannet brev", pages=2),
            f"{DIR}/bilag/tal.xlsx": b"PK\x03\x04 not a pdf",
            f"{DIR}/bilag/lukket.pdf": plain_pdf(CANARY, pages=3),
        }
    )


def render(dialog, repo, *extra: str, kind: str = "referat") -> bytes:
    target = repo / "build" / "bundle.pdf"
    result = dialog(
        "render", kind, DIR_ID, "--format", "pdf", "--bilag", "-o", target, "--root", repo, *extra
    )
    assert result.code == 0, result.err
    return target.read_bytes()


def plain(dialog, repo, *extra: str) -> int:
    target = repo / "build" / "plain.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", target, "--root", repo, *extra)
    assert result.code == 0, result.err
    return len(pypdf.PdfReader(target).pages)


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_every_pdf_bilag_follows_its_separator_page_with_a_bookmark(dialog, repo, tagged):
    data = render(dialog, repo)
    reader = pypdf.PdfReader(io.BytesIO(data))
    main = plain(dialog, repo)
    tagged_pages = len(pypdf.PdfReader(io.BytesIO(tagged)).pages)
    # document, one contents page, then separator + pages for each of the three PDF bilag
    assert len(reader.pages) == main + 1 + (1 + tagged_pages) + (1 + 2) + (1 + 3)
    marks = [m for m in outline(reader) if m[0] == 1]
    first = main + 1  # 0-based index of the first separator
    assert marks == [
        (1, "Bilag 2.1: Udmøntningsplan", first),
        (1, "Bilag 2.2: Scannet brev", first + 1 + tagged_pages),
        (1, "Bilag 2.4: Fortroligt notat", first + 1 + tagged_pages + 3),
    ]
    assert (0, "Bilag i dette dokument", main) in outline(reader)
    for _depth, title, page in marks:
        separator = " ".join(reader.pages[page].extract_text().split())
        assert title in separator
        assert f"Side {page + 1}" in separator  # numbered on from the document
    assert "Scannet brev 1" in reader.pages[first + 1 + tagged_pages + 1].extract_text()


def test_the_contents_list_gives_each_bilags_page_and_names_other_files(dialog, repo, tagged):
    data = render(dialog, repo)
    reader = pypdf.PdfReader(io.BytesIO(data))
    main = plain(dialog, repo)
    contents = " ".join(reader.pages[main].extract_text().split())
    tagged_pages = len(pypdf.PdfReader(io.BytesIO(tagged)).pages)
    assert "Bilag i dette dokument" in contents
    assert f"2.1 Udmøntningsplan {main + 2}" in contents
    assert f"2.2 Scannet brev {main + 3 + tagged_pages}" in contents
    assert "Bilag 2.3: Regneark (Regneark.xlsx)" in contents


def test_the_public_bundle_holds_no_byte_of_a_closed_bilag(dialog, repo, tagged):
    data = render(dialog, repo, "--public")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert CANARY not in pdf_strings(data)
    assert "Fortroligt notat" not in pdf_strings(data)
    main = plain(dialog, repo, "--public")
    tagged_pages = len(pypdf.PdfReader(io.BytesIO(tagged)).pages)
    assert len(reader.pages) == main + 1 + (1 + tagged_pages) + (1 + 2)
    titles = [title for _d, title, _p in outline(reader)]
    assert "Bilag 2.2: Scannet brev" in titles and not any("2.4" in t for t in titles)


def test_a_closed_punkts_bilag_are_not_in_the_public_bundle(dialog, make_repo, tagged):
    repo = make_repo(
        {
            PUNKT: punkt_with(
                "  - {titel: Plan, lukket: false, fil: bilag/plan.pdf}\n", lukket="true"
            ),
            f"{DIR}/bilag/plan.pdf": plain_pdf(CANARY),
        }
    )
    data = render(dialog, repo, "--public")
    assert CANARY not in pdf_strings(data)
    assert CANARY in pdf_strings(render(dialog, repo))  # the internal one has it


def _claims_pdfua(data: bytes) -> bool:
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        return str(meta.get("pdfuaid:part", "")) == "1"


def test_pdfua_is_claimed_only_when_every_bilag_is_tagged_and_merged(dialog, make_repo, tagged):
    repo = make_repo(
        {
            PUNKT: punkt_with("  - {titel: Plan, lukket: false, fil: bilag/plan.pdf}\n"),
            f"{DIR}/bilag/plan.pdf": tagged,
        }
    )
    data = render(dialog, repo)
    assert _claims_pdfua(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.StructTreeRoot
        keys = [int(k) for k in pikepdf.NumberTree(tree.ParentTree)]
        assert len(keys) == len(set(keys)) and int(tree.ParentTreeNextKey) > max(keys)
        pages = {page.objgen for page in pdf.pages}
        used = {int(p.StructParents) for p in pdf.pages if "/StructParents" in p}
        assert used <= set(keys)
        # every page that carries content marks is reached from the one structure tree
        assert len(used) == sum(1 for p in pdf.pages if "/StructParents" in p)
        top = tree.K
        seen, refs = set(), 0
        stack = list(top) if isinstance(top, pikepdf.Array) else [top]
        while stack:
            elem = stack.pop()
            if not isinstance(elem, pikepdf.Dictionary):
                continue
            if elem.is_indirect:
                if elem.objgen in seen:
                    continue
                seen.add(elem.objgen)
            if "/Pg" in elem:
                refs += 1
                assert elem.Pg.objgen in pages
            kids = elem.get("/K")
            stack.extend(list(kids) if isinstance(kids, pikepdf.Array) else [kids])
        assert refs > 0


def test_an_untagged_bilag_drops_the_pdfua_claim(dialog, repo):
    assert not _claims_pdfua(render(dialog, repo))


def test_bilag_is_refused_for_other_formats_and_kinds(dialog, repo):
    result = dialog(
        "render", "referat", DIR_ID, "--format", "md", "--bilag", "-o", "-", "--root", repo
    )
    assert result.code == 2 and "--bilag" in result.err
    result = dialog("render", "program", DIR_ID, "--format", "pdf", "--bilag", "--root", repo)
    assert result.code == 2 and "--bilag" in result.err


def test_default_file_name_says_med_bilag(dialog, repo):
    result = dialog("render", "dagsorden", DIR_ID, "--format", "pdf", "--bilag", "--root", repo)
    assert result.code == 0, result.err
    assert (repo / "build" / f"{DIR_ID}-dagsorden-med-bilag.pdf").is_file()
