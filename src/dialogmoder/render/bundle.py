"""`dialog render … --format pdf --bilag`: the document and its bilag as one PDF.

After the document come a list of its bilag with the page each starts on, then each bilag
that is a PDF behind a separator page ("Bilag 4.2: titel"); a bilag of another type is
listed with its file name (it travels as the document's file attachment). The bookmarks
get an entry per bilag. Only the bilag the document shows with a file are taken, so a
public edition never holds a closed bilag (`domain.edition` has left out its file).

The parts are merged with pikepdf (qpdf), structure trees included: each part's tagged
structure goes under the document's, its marked-content keys renumbered. The merged PDF
claims PDF/UA-1 (as the document did) only when every part is tagged and merged; a bilag
without a structure tree (a scan, a PDF exported untagged) drops the claim.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError
from dialogmoder.render.document import Header, Referat

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class BundleBilag:
    nr: str  # "4.2": the punkt's number and the bilag's
    titel: str
    filnavn: str
    dokumentnr: str | None = None
    sider: int = 0  # its pages (PDF bilag only)


@dataclass(frozen=True)
class BilagsDel:
    """What `templates/render/bilagsdel.typ.j2` typesets."""

    header: Header
    titel: str
    foer: int  # the pages before it (the document's): its pages are numbered on
    pdf: tuple[BundleBilag, ...]
    andre: tuple[BundleBilag, ...]


@dataclass(frozen=True)
class Bundled:
    data: bytes
    pdf_bilag: int
    other_bilag: int
    pdfua: bool


def bilag_of(document: Referat) -> list[tuple[BundleBilag, str]]:
    """(entry, file from the repository root) of every bilag with a file, in order."""
    out = []
    for punkt in document.punkter:
        for b in punkt.bilag:
            if b.fil is None or b.filnavn is None:
                continue  # no file, or closed in a public edition
            entry = BundleBilag(
                nr=f"{punkt.nr}.{b.nr}",
                titel=b.titel or b.filnavn,
                filnavn=b.filnavn,
                dokumentnr=b.dokumentnr,
            )
            out.append((entry, b.fil))
    return out


def _open_pdf(data: bytes) -> pikepdf.Pdf | None:
    import pikepdf

    if data.lstrip()[:5] != b"%PDF-":
        return None
    try:
        return pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError):
        return None


def bundle(root: Path, main: bytes, document: Referat, header: Header) -> Bundled:
    """The document's PDF (`main`) followed by its bilag (those of `document`)."""
    import pikepdf

    from dialogmoder.danish import _
    from dialogmoder.render.pdf import render_pdf

    out = pikepdf.open(io.BytesIO(main))
    pdfs: list[tuple[BundleBilag, pikepdf.Pdf]] = []
    others: list[BundleBilag] = []
    for entry, fil in bilag_of(document):
        try:
            data = (root / fil).read_bytes()
        except OSError as e:
            raise DialogError(
                besked("cannot read {file}: {reason}").format(file=fil, reason=aarsag(e)),
                exit_code=1,
            ) from None
        opened = _open_pdf(data)
        if opened is None:
            others.append(entry)
        else:
            pdfs.append((entry, opened))
    if not pdfs and not others:
        return Bundled(main, 0, 0, _claims_pdfua(out))
    titel = _("Attachments to %(title)s") % {"title": header.title}
    before = len(out.pages)

    counted = [replace(entry, sider=len(pdf.pages)) for entry, pdf in pdfs]
    bilagsdel = BilagsDel(header, titel, before, tuple(counted), tuple(others))
    part = pikepdf.open(io.BytesIO(render_pdf(root, bilagsdel, "render/bilagsdel.typ.j2")))  # type: ignore[arg-type]
    contents_pages = len(part.pages) - sum(1 + b.sider for b in counted)
    in_part = []  # each separator page's index in the typeset part
    at = contents_pages
    for b in counted:
        in_part.append(at)
        at += 1 + b.sider
    start = len(out.pages)
    separators: list[int] = []  # each separator's index in the merged PDF
    parts: list[tuple[pikepdf.Pdf, list[int]]] = [(part, [])]
    for i in range(contents_pages):
        out.pages.append(part.pages[i])
    for b, (_entry, pdf), at in zip(counted, pdfs, in_part, strict=True):
        separators.append(len(out.pages))
        out.pages.append(part.pages[at])
        first = len(out.pages)
        out.add_pages_from(pdf, outlines="ignore")
        parts.append((pdf, list(range(first, first + b.sider))))
    parts[0] = (part, list(range(start, start + contents_pages)) + separators)

    tagged = _tagged(out) and all(_tagged(pdf) for pdf, _pages in parts)
    merged = _merge_structure(out, parts)
    pdfua = _claims_pdfua(out) and tagged and merged
    if not pdfua:
        _drop_pdfua_claim(out)

    with out.open_outline() as outline:
        top = pikepdf.OutlineItem(_("Attachments in this document"), start)
        for entry, at in zip(counted, separators, strict=True):
            top.children.append(
                pikepdf.OutlineItem(
                    _("Attachment %(nr)s: %(title)s") % {"nr": entry.nr, "title": entry.titel},
                    at,
                )
            )
        outline.root.append(top)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    for pdf, _pages in parts:
        pdf.close()
    return Bundled(buffer.getvalue(), len(pdfs), len(others), pdfua)


# --- structure trees -------------------------------------------------------------------


def _tagged(pdf: pikepdf.Pdf) -> bool:
    """A tagged PDF: marked, with a structure tree that has a parent tree."""
    root = pdf.Root
    mark = root.get("/MarkInfo")
    tree = root.get("/StructTreeRoot")
    return (
        mark is not None
        and bool(mark.get("/Marked", False))
        and tree is not None
        and "/ParentTree" in tree
        and "/K" in tree
    )


def _claims_pdfua(pdf: pikepdf.Pdf) -> bool:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return str(meta.get("pdfuaid:part", "")) == "1"


def _drop_pdfua_claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if "pdfuaid:part" in meta:
            del meta["pdfuaid:part"]


def _merge_structure(out: pikepdf.Pdf, parts: list[tuple[pikepdf.Pdf, list[int]]]) -> bool:
    """Each tagged part's structure under the document's top element; False when a part
    has none (its pages stay untagged content)."""
    import pikepdf

    if not _tagged(out):
        return False
    tree = out.Root.StructTreeRoot
    top = tree.K
    if isinstance(top, pikepdf.Array):
        if len(top) != 1:
            return False
        top = top[0]
    if "/K" not in top:
        top.K = pikepdf.Array()
    elif not isinstance(top.K, pikepdf.Array):
        top.K = pikepdf.Array([top.K])
    nums = _flat_nums(tree.ParentTree)
    next_key = max([k for k, _v in nums], default=-1) + 1
    next_key = max(next_key, int(tree.get("/ParentTreeNextKey", 0)))
    role_map = tree.get("/RoleMap")
    ids = pikepdf.NameTree(tree.IDTree) if "/IDTree" in tree else None
    all_merged = True
    pages = list(out.pages)
    for index, (pdf, indexes) in enumerate(parts, 1):
        if not _tagged(pdf):
            all_merged = False
            continue
        foreign = pdf.Root.StructTreeRoot
        copied = out.copy_foreign(foreign)  # its /Pg point at the pages copied before
        offset = next_key
        highest = -1
        for key, value in _flat_nums(copied.ParentTree):
            nums.append((key + offset, value))
            highest = max(highest, key)
        for at in indexes:
            obj = pages[at].obj
            if "/StructParents" in obj:
                obj.StructParents = int(obj.StructParents) + offset
            for annot in obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        next_key = offset + max(highest + 1, int(foreign.get("/ParentTreeNextKey", 0)))
        kids = copied.K if isinstance(copied.K, pikepdf.Array) else [copied.K]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = top
                top.K.append(kid)
        if "/RoleMap" in copied:
            if role_map is None:
                tree.RoleMap = role_map = pikepdf.Dictionary()
            for name, role in copied.RoleMap.items():
                if name not in role_map:
                    role_map[name] = role
        _rename_ids(copied, f"bilag{index}-", ids)
    tree.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=_nums_array(nums)))
    tree.ParentTreeNextKey = next_key
    return all_merged


def _flat_nums(tree: Any) -> list[tuple[int, Any]]:
    import pikepdf

    return [(int(k), v) for k, v in pikepdf.NumberTree(tree).items()]


def _nums_array(nums: list[tuple[int, Any]]) -> Any:
    import pikepdf

    flat: list[Any] = []
    for key, value in sorted(nums, key=lambda kv: kv[0]):
        flat.extend([key, value])
    return pikepdf.Array(flat)


def _rename_ids(copied: Any, prefix: str, ids: Any) -> None:
    """A part's element /IDs (and the /Headers that name them) prefixed, so they cannot
    collide with the document's, and entered into its ID tree."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = list(copied.K) if isinstance(copied.K, pikepdf.Array) else [copied.K]
    while stack:
        elem = stack.pop()
        if not isinstance(elem, pikepdf.Dictionary) or "/S" not in elem:
            continue
        if elem.is_indirect:
            if elem.objgen in seen:
                continue
            seen.add(elem.objgen)
        if "/ID" in elem:
            new = prefix + bytes(elem.ID).decode("latin-1")
            elem.ID = pikepdf.String(new)
            if ids is not None and elem.is_indirect:
                ids[new] = elem
        attrs = elem.get("/A")
        for attr in attrs if isinstance(attrs, pikepdf.Array) else [attrs] if attrs else []:
            if isinstance(attr, pikepdf.Dictionary) and "/Headers" in attr:
                attr.Headers = pikepdf.Array(
                    [pikepdf.String(prefix + bytes(h).decode("latin-1")) for h in attr.Headers]
                )
        kids = elem.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif kids is not None:
            stack.append(kids)
