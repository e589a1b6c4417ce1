"""Reading back the PDFs dialog writes."""

from __future__ import annotations

import io
import re
import zlib


def pdf_strings(data: bytes) -> str:
    """Everything a reader of the PDF could get at: page text, metadata, bookmarks, and
    every object and (decompressed) stream."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    parts = [page.extract_text() for page in reader.pages]
    parts.append(repr(reader.metadata))
    parts.append(repr(reader.outline))
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries in the xref table
            continue
        parts.append(repr(obj))
        if isinstance(obj, pypdf.generic.StreamObject):
            parts.append(obj.get_data().decode("latin-1"))
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            parts.append(stream.decode("latin-1"))
    return "\n".join(parts)


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF as a scanner makes one: each page is a picture and holds no text at all, so
    nothing can be read from it."""
    return pages_pdf([None] * pages)


def plain_pdf(text: str, pages: int = 1) -> bytes:
    """A small real, untagged PDF (no structure tree, as a scan or an old export) whose
    pages show `text` (ASCII) and their number in an uncompressed content stream, written
    by hand."""
    return pages_pdf([f"{text} {i + 1}" for i in range(pages)])


def pages_pdf(pages: list[str | None]) -> bytes:
    """A PDF of these pages: a page of text (ASCII) for a string, a scanned page (a picture,
    no text) for None, as an office bundles a typed notat and a scanned letter."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    picture = bytes(range(256)) * 4  # 32 x 32 grey, as a scanner's image
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length %d >>\nstream\n" % len(picture) + picture + b"\nendstream"
    )
    for i, text in enumerate(pages):
        stream = (
            f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET"
            if text is not None
            else "q 451 0 0 698 72 72 cm /Scan Do Q"
        ).encode()
        resources = "/Font << /F1 3 0 R >>" if text is not None else "/XObject << /Scan 4 0 R >>"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {6 + 2 * i} 0 R"
            f" /Resources << {resources} >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
