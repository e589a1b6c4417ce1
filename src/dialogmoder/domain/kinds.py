"""The one registry of the kinds of document dialog knows: data only, one record per kind.

A *product* (program, baggrundsnotat, facilitering, opfoelgningsnotat) is a file people
write in a meeting folder, `<id>.md`: its `ProduktKind` holds its model, its Danish name,
its templates and the meeting.md fields its approval covers. `PRODUKTER` lists them.

The *meeting documents* (dagsorden, referat) and the *materiale* are rendered from a whole
meeting folder and are no file of their own: nothing is written, loaded or approved as
one. Their `DokumentKind` holds only a name and the render templates, so they are in
`KINDS` (every kind `dialog render` makes, in the order it names them) but never in
`PRODUKTER`. Which products the materiale gathers is the products' own `in_materiale`.

What the layers above do with a kind stays with them, looked up by its id: render keeps a
builder per kind (`render.assemble.BUILDERS`), `dialog new-meeting` writes a product from
its `scaffold_template`. Nothing here imports them; tests/test_kinds.py checks that every
kind has its builder, templates and scaffold.

The product ids are also spelled in `models.ProduktType`, the Literal `Forum.produkter`
takes as keys: mypy and the JSON Schema's enum need them written out where the models
are, and models.py cannot import this module, which imports the models (the no-loops
contract). A record's `id` has that type, so mypy refuses a record the Literal lacks, and
tests/test_kinds.py refuses a Literal entry without its record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from dialogmoder.danish import N_, _
from dialogmoder.domain.models import (
    Baggrundsnotat,
    Facilitering,
    Opfoelgningsnotat,
    Produkt,
    ProduktType,
    Program,
)


def _render_templates(base: str) -> Mapping[str, str]:
    """The template per format (`dialog render --format`) under templates/render/."""
    return {
        "md": f"render/{base}.md.j2",
        "html": f"render/{base}.html.j2",
        "pdf": f"render/{base}.typ.j2",
    }


@dataclass(frozen=True)
class ProduktKind:
    """A product: the file `<id>.md` of a meeting, written from a template, approved on
    its own and rendered as a document of its own."""

    id: ProduktType
    name: str  # its msgid in danish/'s catalogue: `navn` is the Danish, on every document
    model: type[Produkt]  # what its front matter must be
    scaffold_template: str  # what `dialog new-meeting` writes, under templates/
    render_templates: Mapping[str, str] = field(hash=False)  # per format, under templates/
    # What the rendered product shows from its meeting.md besides what every product shows
    # (approval.SHOWN_BY_EVERY_PRODUCT): its approval covers these, so changing one makes
    # the approval stale. No default: a new kind says what it shows, even if it is nothing.
    shown_from_meeting: tuple[str, ...]
    in_materiale: bool  # a part of the materiale sent out before the meeting

    @property
    def navn(self) -> str:
        """Its Danish name, on every document and message: "Materiale til facilitering af
        dialog"."""
        return _(self.name)

    @property
    def filename(self) -> str:
        """`program.md`: its file in the meeting folder."""
        return f"{self.id}.md"


@dataclass(frozen=True)
class DokumentKind:
    """A document rendered from the whole meeting folder, not from a file of its own."""

    id: str
    name: str  # its msgid in danish/'s catalogue: `navn` is the Danish, in its heading
    render_templates: Mapping[str, str] = field(hash=False)  # per format, under templates/

    @property
    def navn(self) -> str:
        """Its Danish name, in its heading: "Dagsorden"."""
        return _(self.name)


Kind = ProduktKind | DokumentKind


K = TypeVar("K", ProduktKind, DokumentKind)


def _by_id(*records: K) -> dict[str, K]:
    return {record.id: record for record in records}


PRODUKTER: Mapping[str, ProduktKind] = _by_id(
    ProduktKind(
        id="program",
        name=N_("Programme"),
        model=Program,
        scaffold_template="program.md.j2",
        render_templates=_render_templates("program"),
        shown_from_meeting=("start", "slut", "sted", "temaer", "vaert", "bistaas_af"),
        in_materiale=True,
    ),
    ProduktKind(
        id="baggrundsnotat",
        name=N_("Background note"),
        model=Baggrundsnotat,
        scaffold_template="baggrundsnotat.md.j2",
        render_templates=_render_templates("notat"),
        shown_from_meeting=(),
        in_materiale=True,
    ),
    ProduktKind(
        id="facilitering",
        name=N_("Material for facilitating the dialogue"),
        model=Facilitering,
        scaffold_template="facilitering.md.j2",
        render_templates=_render_templates("notat"),
        shown_from_meeting=(),
        in_materiale=True,
    ),
    ProduktKind(
        id="opfoelgningsnotat",
        name=N_("Follow-up note"),
        model=Opfoelgningsnotat,
        scaffold_template="opfoelgningsnotat.md.j2",
        render_templates=_render_templates("opfoelgningsnotat"),
        shown_from_meeting=(),
        in_materiale=False,
    ),
)

# every kind `dialog render` makes, in the order it names them; a dagsorden is a referat
# without decisions and signatures, so they share templates
KINDS: Mapping[str, Kind] = {
    **_by_id(
        DokumentKind("dagsorden", N_("Agenda"), _render_templates("referat")),
        DokumentKind("referat", N_("Minutes"), _render_templates("referat")),
    ),
    **PRODUKTER,
    **_by_id(DokumentKind("materiale", N_("Material"), _render_templates("materiale"))),
}
