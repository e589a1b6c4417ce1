"""The text of an open bilag file as its reader sees it, which the CPR scan (DM601) reads:
an office document's paragraphs, cells, headers, footers and notes, each ending where the
reader sees it end; a document that unpacks to more than any real one is not read."""

from __future__ import annotations

import io
import re
import time
import zipfile

from dialogmoder.domain.bilagsfil import MAX_OFFICE_TEXT_BYTES, text_kind, text_of

from helpers import office


def test_a_word_document_is_read_with_its_footer_and_footnotes_paragraph_by_paragraph():
    [text] = text_of("notat.docx", office.docx("Første", footer="Sidefod", footnote="Note"))
    assert "Første\n\nSag\n\n" in text  # a paragraph, then a table cell, each on its own
    assert "Sidefod" in text and "Note" in text


def test_a_spreadsheets_cells_never_run_together():
    for name, sheet in (("liste.xlsx", office.xlsx), ("liste.ods", office.ods)):
        [text] = text_of(name, sheet("010203", "1234"))
        assert re.search(r"010203\n\n+1234", text), text  # a paragraph break between


def test_every_office_kind_is_read_by_its_name_in_any_case():
    assert [text_kind(n) for n in ("A.DOCX", "b.Xlsx", "c.pptx", "d.odt", "e.ods", "f.odp")] == [
        "docx", "xlsx", "pptx", "odt", "ods", "odp",
    ]  # fmt: skip
    assert text_kind("foto.jpg") is None and text_kind("film.mp4") is None


def test_a_damaged_or_foreign_file_of_an_office_name_has_no_text():
    assert text_of("notat.docx", b"PK\x03\x04 not really") is None
    assert text_of("notat.docx", office.xlsx("x")) is None  # no Word part in it


def test_an_office_document_that_unpacks_to_more_than_any_real_one_is_not_read():
    """A "zip bomb": a few hundred kilobytes that unpack to more than the limit. Reading it
    whole would fill the memory; it is read up to the limit, then given up as unreadable."""
    out = io.BytesIO()
    block = b" " * (1 << 20)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w") as part,
    ):
        for _ in range(MAX_OFFICE_TEXT_BYTES // len(block) + 1):
            part.write(block)
    bomb = out.getvalue()
    assert len(bomb) < MAX_OFFICE_TEXT_BYTES // 100
    start = time.monotonic()
    assert text_of("notat.docx", bomb) is None
    assert time.monotonic() - start < 30  # read once, up to the limit; not a hang


def test_a_spreadsheets_numbers_are_not_read_as_text():
    """A budget's 3.012.123.456 kr. is stored as 3012123456, which read as text begins like a
    date (30-12-12): the stored values of number cells are not what the reader sees."""
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as out:
        out.writestr("xl/sharedStrings.xml", "<sst><si><t>Budget i alt</t></si></sst>")
        out.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" s="3"><v>3012123456</v></c></row></sheetData></worksheet>',
        )
    [text] = text_of("budget.xlsx", book.getvalue())
    assert "Budget i alt" in text and "3012123456" not in text
