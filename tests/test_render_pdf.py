"""The PDF: real text, a table of contents whose page numbers are right, metadata, fonts."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.render import render_meeting

from helpers.examples import examples
from helpers.repo import PROJECT

BUNDLED = "2025-01-29-direktionen"
TOC_LINE = re.compile(r"^(\d+\. .+?|Bilagsoversigt)[ .]*?\s(\d+)$")


@pytest.fixture(scope="module")
def bundled_pdf(tmp_path_factory) -> pypdf.PdfReader:
    out = tmp_path_factory.mktemp("pdf") / "referat.pdf"
    render_meeting(PROJECT, "referat", BUNDLED, "pdf", output=str(out))
    return pypdf.PdfReader(out)


def toc_entries(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    text = reader.pages[0].extract_text()
    toc = text.split("Indholdsfortegnelse", 1)[1]
    entries = []
    for line in toc.splitlines():
        match = TOC_LINE.match(line.strip())
        if match:
            entries.append((re.sub(r"(\s*\.)+$", "", match[1]).strip(), int(match[2])))
    return entries


def test_toc_lists_every_punkt_and_the_bilagsoversigt(bundled_pdf):
    titles = [title for title, _ in toc_entries(bundled_pdf)]
    assert titles[0] == "1. Beslutningsprotokoller og dagsordener (borgmester deltager)"
    assert titles[7] == "8. Gennemgang af portefølje og tre næstkommende møder"
    assert titles[-1] == "Bilagsoversigt"
    assert len(titles) == 9


def test_every_toc_page_number_is_the_page_the_heading_is_on(bundled_pdf):
    entries = toc_entries(bundled_pdf)
    assert entries
    pages = [" ".join(page.extract_text().split()) for page in bundled_pdf.pages]
    for title, page in entries:
        assert title in pages[page - 1], f"{title!r} is not on page {page}"
        earlier = [n for n in range(2, page) if title in pages[n - 1]]
        assert earlier == [], f"{title!r} is on page {page} but already on pages {earlier}"


def test_pages_are_numbered_side_n_af_m(bundled_pdf):
    total = len(bundled_pdf.pages)
    for number, page in enumerate(bundled_pdf.pages, 1):
        assert f"Side {number} af {total}" in page.extract_text()


def test_danish_letters_are_real_searchable_text(bundled_pdf):
    text = "\n".join(page.extract_text() for page in bundled_pdf.pages)
    for word in ("Fællesforvaltningsdirektør", "Økonomiske konsekvenser", "Nytårskur", "ØK d."):
        assert word in text
    assert "Onsdag den 29. januar 2025" in text
    assert "Beslutning i Direktionen den 29-01-2025" in text


def test_metadata_title_and_language(bundled_pdf):
    assert bundled_pdf.metadata.title == "Direktionen – Referat – 29. januar 2025"
    assert str(bundled_pdf.trailer["/Root"]["/Lang"]).startswith("da")


def test_fonts_are_embedded(bundled_pdf):
    fonts = {}
    for page in bundled_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                fonts[descendant["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name


def test_a_deeply_quoted_email_thread_still_typesets(make_repo, dialog, tmp_path):
    # A pasted e-mail thread quotes each reply once more: "> > > > ..." 30 deep.
    thread = "".join("> " * depth + f"Svar {depth}\n" + "> " * depth + "\n" for depth in range(30))
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-mail.md": (
                "---\ntitel: Mailtråd\nlukket: false\n---\n## Sagsfremstilling\n\n" + thread
            )
        }
    )
    out = tmp_path / "r.pdf"
    result = dialog("render", "referat", "2025-03-05-direktionen", "-f", "pdf", "-o", out, cwd=root)
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Svar 1" in text
    assert "Svar 29" in text


def test_a_deeply_quoted_email_thread_keeps_every_reply_in_html(make_repo, dialog):
    thread = "".join("> " * depth + f"Svar {depth}\n" + "> " * depth + "\n" for depth in range(30))
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-mail.md": (
                "---\ntitel: Mailtråd\nlukket: false\n---\n## Sagsfremstilling\n\n" + thread
            )
        }
    )
    result = dialog(
        "render", "referat", "2025-03-05-direktionen", "-f", "html", "-o", "-", cwd=root
    )
    assert re.findall(r"Svar \d+", result.out) == [f"Svar {depth}" for depth in range(30)]


TYPST_TITLE = "#set page(width: 1cm) $x^2$ // <lbl> @ref = *b* _c_ {{ 7*7 }} \\u{41} ]"


def test_titles_and_text_that_look_like_typst_stay_text(make_repo, dialog, tmp_path):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-typst.md": (
                "---\ntitel: " + repr(TYPST_TITLE).replace("\\\\", "\\") + "\nlukket: false\n---\n"
                "## Sagsfremstilling\n\n#pagebreak() `#raw` [[x]] - 1. <x> "
                "[klik](javascript:alert(1)) [ok](https://www.norddjurs.dk/)\n"
            )
        }
    )
    out = tmp_path / "r.pdf"
    result = dialog("render", "referat", "2025-03-05-direktionen", "-f", "pdf", "-o", out, cwd=root)
    assert result.code == 0, result.err
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"2. {TYPST_TITLE}" in text
    assert "#pagebreak() #raw [[x]] - 1. <x> klik ok" in text
    links = [
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert links == ["https://www.norddjurs.dk/"]


SPECIALS = "#*_[]()<>{}`$\\/=-+.:;,'\"~@!?%&|^ \n\t1aZæøå–…"


def compile_text(markup: str) -> str:
    import typst

    from dialogmoder.render.pdf import fonts

    source = '#set text(font: "Libertinus Serif")\n' + markup
    data = typst.compile(source.encode("utf-8"), font_paths=fonts(), ignore_system_fonts=True)
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def printable(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=examples(60), deadline=None)
@given(st.text(alphabet=SPECIALS, min_size=1, max_size=40))
def test_any_text_escaped_for_typst_prints_as_itself(text):
    from dialogmoder.render.typst_markup import escape

    assert printable(compile_text("#strong[" + escape(text) + "]")) == printable(text)


FRAGMENTS = [
    "**fed**", "*kursiv*", "~~slet~~", "`kode`", "[link](https://norddjurs.dk)",
    "[js](javascript:alert(1))", "- ", "  - ", "1. ", "3) ", "# ", "### ", "> ", "\n", "\n\n",
    "| a | b |\n|---|---|\n| c | d |\n", "```\nkode }]\n```\n", "    indrykket\n", "---\n",
    "<b>", "<!-- x -->", "  \n", "æøå", "tekst",
]  # fmt: skip
MARKDOWN = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=SPECIALS, max_size=3)), max_size=12
).map("".join)


@settings(max_examples=examples(80), deadline=None)
@given(MARKDOWN)
def test_any_markdown_becomes_typst_that_compiles(text):
    from dialogmoder.render.typst_markup import markdown_to_typst

    compile_text(markdown_to_typst(text))  # raises TypstError if the markup were broken
