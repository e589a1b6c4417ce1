"""`dialog render`: a meeting's dagsorden, referat, products or materiale as a file.

One pipeline for every format: Repository -> `assemble` (the document; for a public
edition, what `domain.edition` says is public) -> a Jinja template per kind and format ->
Markdown, HTML, or typst compiled to PDF.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dialogmoder.danish import N_, besked
from dialogmoder.domain.kinds import KINDS
from dialogmoder.errors import DialogError, require_choice
from dialogmoder.io.layout import BUILD_DIR
from dialogmoder.render.document import Assembled, Referat

if TYPE_CHECKING:
    from dialogmoder.domain.repository import MeetingFolder

Format = Literal["md", "html", "pdf"]
BUNDLED_KINDS = ("dagsorden", "referat", "materiale")  # the kinds `--bilag` bundles
FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
STDOUT = "-"


@dataclass(frozen=True)
class Rendering:
    """The rendered bytes and where they went (None: they are for stdout)."""

    data: bytes
    path: Path | None


def template_name(kind: str, fmt: Format) -> str:
    """The kind's template for the format (domain/kinds.py), under templates/."""
    return KINDS[kind].render_templates[fmt]


def render_bytes(
    root: Path, document: Assembled, kind: str, fmt: Format, bilag_mappe: str | None = None
) -> bytes:
    """A document in one format; a broken (overriding) template is a DialogError."""
    with template_errors(template_name(kind, fmt)):
        return _render_bytes(root, document, kind, fmt, bilag_mappe)


@contextlib.contextmanager
def template_errors(template: str) -> Iterator[None]:
    """A broken template (a repository's own, overriding one) as a DialogError."""
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as e:
        raise DialogError(
            e.message or besked("syntax error"), path=e.filename, line=e.lineno
        ) from None
    except jinja2.TemplateError as e:
        raise DialogError(
            besked("template {template} cannot be rendered: {message}").format(
                template=template, message=e.message
            ),
            exit_code=1,
        ) from None


def _render_bytes(
    root: Path, document: Assembled, kind: str, fmt: Format, bilag_mappe: str | None
) -> bytes:
    if fmt == "md":
        from dialogmoder.render.markdown import render_markdown

        return render_markdown(root, document, template_name(kind, fmt)).encode("utf-8")
    if fmt == "html":
        from dialogmoder.render.html import render_html

        html = render_html(root, document, template_name(kind, fmt), bilag_mappe)
        return html.encode("utf-8")
    from dialogmoder.render.pdf import render_pdf

    return render_pdf(root, document, template_name(kind, fmt))


def default_path(
    root: Path, folder: MeetingFolder, kind: str, fmt: Format, public: bool, bilag: bool = False
) -> Path:
    """build/2025-01-29-direktionen-referat[-med-bilag][-offentlig].pdf: the meeting's uid
    (its `id:`, else its folder's name), nothing more, so a renamed folder renders to the
    same file."""
    suffix = ("-med-bilag" if bilag else "") + ("-offentlig" if public else "")
    return root / BUILD_DIR / f"{folder.uid}-{kind}{suffix}.{fmt}"


SUFFIXES: dict[str, Format] = {".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def output_format(fmt: str | None, output: str | None) -> str:
    """--format, else the one the -o file's name implies (referat.pdf), else md."""
    implied = SUFFIXES.get(Path(output).suffix.lower()) if output not in (None, STDOUT) else None
    if fmt is None:
        return implied or "md"
    if implied is not None and fmt in FORMATS and implied != fmt:
        raise DialogError(
            besked(
                "-o {output} names a {implied} file, but --format is {fmt}; drop --format"
                " or name the file .{fmt}"
            ).format(output=output, implied=implied, fmt=fmt)
        )
    return fmt


def render_meeting(
    root: Path,
    kind: str,
    ref: str,
    fmt: str | None = None,
    public: bool = False,
    output: str | None = None,
    bilag: bool = False,
) -> Rendering:
    """Render and write (atomically) to `output`, the build folder, or return it for stdout.
    `bilag`: a PDF with the bilag that are PDFs appended (render/bundle.py)."""
    from dialogmoder.domain.edition import refuse_personal_data
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.io.edit import write_output
    from dialogmoder.render.assemble import assemble

    fmt = output_format(fmt, output)
    kind = require_choice(N_("document"), kind, KINDS)
    fmt = require_choice(N_("format"), fmt, FORMATS)
    if output == STDOUT and fmt == "pdf":
        raise DialogError(
            besked("a PDF cannot go to stdout; give a file with -o, e.g. -o referat.pdf")
        )
    if bilag and (fmt != "pdf" or kind not in BUNDLED_KINDS):
        raise DialogError(
            besked("--bilag makes one PDF of {kinds}: use it with --format pdf").format(
                kinds=", ".join(BUNDLED_KINDS)
            )
        )
    repo = load_repository(root)
    folder = repo.meeting(ref)
    document = assemble(repo, ref, kind, public)
    # the bilag of a materiale are the meeting's punkter's, as the dagsorden shows them
    with_bilag = document if isinstance(document, Referat) else None
    if bilag and with_bilag is None:
        with_bilag = assemble(repo, ref, "dagsorden", public)  # type: ignore[assignment]
    if public:
        shown = [(folder, document)] + ([(folder, with_bilag)] if bilag else [])
        refuse_personal_data(repo, shown, besked("the public edition of {id}").format(id=folder.id))
    path = None
    if output != STDOUT:
        path = Path(output) if output else default_path(root, folder, kind, fmt, public, bilag)
        if path.is_dir():
            raise DialogError(
                besked("{path} is a folder; give a file name with -o").format(path=path)
            )
    mappe = bilag_folder(path) if fmt == "html" and path is not None else None
    data = render_bytes(root, document, kind, fmt, mappe)
    if bilag and isinstance(with_bilag, Referat):
        from dialogmoder.render.bundle import bundle

        data = bundle(root, data, with_bilag, document.header).data
    if path is None:
        return Rendering(data, None)
    if mappe is not None:
        copy_bilag(root, document, path.parent / mappe)
    write_output(path, data)  # refuses a source of the repository (edit.guard_output)
    return Rendering(data, path if output else _shown(path))


def bilag_folder(path: Path) -> str:
    """referat.html -> referat-bilag: the folder beside an HTML file for its bilag's files.
    Copied, not linked into the repository, so that the HTML and its folder can be sent on
    together and work wherever they are opened."""
    return f"{path.stem}-bilag"


def copy_bilag(root: Path, document: Assembled, folder: Path) -> None:
    """Each bilag file the document shows, under its title (`BilagEntry.filnavn`). A closed
    bilag of a public edition has no file in the document, so it is never copied."""
    from dialogmoder.danish import besked
    from dialogmoder.domain.bilagsfil import read_regular
    from dialogmoder.io.edit import write_output
    from dialogmoder.render.document import Referat

    if not isinstance(document, Referat):
        return
    for punkt in document.punkter:
        for bilag in punkt.bilag:
            if bilag.fil is None or bilag.filnavn is None:
                continue
            data = read_regular(root / bilag.fil)  # never a pipe, which would wait forever
            if data is None:
                raise DialogError(
                    besked("cannot read {fil}: it is not a regular file that can be read").format(
                        fil=bilag.fil
                    ),
                    exit_code=1,
                )
            write_output(folder / bilag.filnavn, data)


def _shown(path: Path) -> Path:
    """The path relative to the current folder when it is below it, else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
