"""Office documents as Word, Excel, PowerPoint and LibreOffice save them, in miniature: a zip
file of the XML parts that hold the text a reader sees (the parts dialog reads, with the
markup around the text as those programs write it), for the CPR scan of bilag files."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
A = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def zipped(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name, xml in parts.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return out.getvalue()


def _runs(text: str) -> str:
    """Word writes a paragraph as runs; a number may be split over two."""
    half = len(text) // 2
    return "".join(
        f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
        for part in (text[:half], text[half:])
    )


def docx(body: str = "Notat", *, footer: str = "", footnote: str = "") -> bytes:
    parts = {
        "word/document.xml": f"<w:document {W}><w:body><w:p>{_runs(body)}</w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Sag</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>",
        "word/styles.xml": f"<w:styles {W}/>",
    }
    if footer:
        parts["word/footer1.xml"] = f"<w:ftr {W}><w:p>{_runs(footer)}</w:p></w:ftr>"
    if footnote:
        parts["word/footnotes.xml"] = (
            f'<w:footnotes {W}><w:footnote w:id="1"><w:p>{_runs(footnote)}</w:p>'
            "</w:footnote></w:footnotes>"
        )
    return zipped(parts)


def xlsx(*cells: str) -> bytes:
    """One row of text cells (shared strings, as Excel saves typed text)."""
    strings = "".join(f"<si><t>{escape(c)}</t></si>" for c in cells)
    row = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(cells)))
    return zipped(
        {
            "xl/workbook.xml": f"<workbook {S}><sheets/></workbook>",
            "xl/sharedStrings.xml": f'<sst {S} count="{len(cells)}">{strings}</sst>',
            "xl/worksheets/sheet1.xml": f'<worksheet {S}><sheetData><row r="1">{row}</row>'
            "</sheetData></worksheet>",
        }
    )


def pptx(text: str) -> bytes:
    return zipped(
        {
            "ppt/presentation.xml": f"<p:presentation {A}/>",
            "ppt/slides/slide1.xml": f"<p:sld {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p>"
            f"<a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>"
            "</p:cSld></p:sld>",
        }
    )


def odt(text: str) -> bytes:
    return zipped(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f"<office:document-content {ODF}><office:body><office:text>"
            f"<text:p>{escape(text)}</text:p></office:text></office:body>"
            "</office:document-content>",
        }
    )


def ods(*cells: str) -> bytes:
    row = "".join(
        f"<table:table-cell><text:p>{escape(c)}</text:p></table:table-cell>" for c in cells
    )
    return zipped(
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": f"<office:document-content {ODF}><office:body><office:spreadsheet>"
            f"<table:table><table:table-row>{row}</table:table-row></table:table>"
            "</office:spreadsheet></office:body></office:document-content>",
        }
    )
