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
