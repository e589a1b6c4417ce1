"""Strategic dialogue meetings (strategisk dialogmøde): the one of 22 April 2025 with its
products, drafts or approved with a real approval hash; the årsplan's meetings; and the
meeting of 29 October 2024 the product renderings are shown with."""

from __future__ import annotations

from dialogmoder.domain.approval import approval_hash
from dialogmoder.domain.loader import load_document, load_yaml_document
from dialogmoder.domain.models import Config, Meeting

from helpers.configs import CONFIG
from helpers.meetings import DIR, direktionen

SDM_ID = "2025-04-22-vaekst"
SDM = f"meetings/2025/{SDM_ID}"

SDM_MEETING = """\
---
forum: strategisk-dialogmoede
titel: Vækst
dato: 2025-04-22
start: "09:00"
slut: "12:00"
fagdirektoer: bo
ejere: [carl]
formoede: {{dato: 2025-04-16}}
facilitering: {facilitering}
status: {status}
{extra}
---
"""

PRODUCT = """\
---
titel: {titel}
status: udkast
---
## Formål

Tekst.
"""

# An opfølgningsnotat with one initiativ; format it with the initiativ's status.
OPF = """---
titel: Opfølgning
status: udkast
initiativer:
  - hvad: Notat om havnen
    hvem: carl
    sigt: kort
    status: {status}
    afsluttet_dato: 2025-05-01
---
"""


def sdm_meeting(*, facilitering: str = "false", status: str = "planlagt", extra: str = "") -> str:
    """The meeting.md of the strategic meeting of 22 April 2025 (fagdirektør bo)."""
    return SDM_MEETING.format(facilitering=facilitering, status=status, extra=extra)


def product(titel: str = "Program") -> str:
    """A product in draft (udkast)."""
    return PRODUCT.format(titel=titel)


def content_hash(
    text: str,
    produkt: str = "program",
    meeting_md: str | None = None,
    *,
    by: str = "bo",
    config: str = CONFIG,
    recipe: int = 2,
) -> str:
    """The approval hash of a product of the strategic meeting (`sdm_meeting()` by default),
    approved by `by` under `config`: by recipe 2, what `dialog approve` writes, or by recipe
    1 (`sha256:`), what approvals made before recipe 2 hold."""
    meeting = load_document("meeting.md", meeting_md or sdm_meeting(), Meeting).data
    if recipe == 1:
        return approval_hash(text, produkt, meeting)
    settings = load_yaml_document("dialog.yaml", config, Config).data
    return approval_hash(text, produkt, meeting, settings, by)


def approved(
    by: str,
    body: str = "## Formål\n\nTekst.\n",
    *,
    edit_after: str = "",
    titel: str = "Program",
    produkt: str = "program",
) -> str:
    """A product approved by `by` with a correct hash; `edit_after` is added to the body."""
    front = f"---\ntitel: {titel}\nstatus: godkendt\n"
    draft = f"---\ntitel: {titel}\n---\n{body}"
    digest = content_hash(draft, produkt, recipe=1)
    stamp = f"godkendt_af: {by}\ngodkendt_dato: 2025-04-01\ngodkendt_hash: {digest}\n"
    return f"{front}{stamp}---\n{body}{edit_after}"


def sdm(**files: str | None) -> dict[str, str | None]:
    """A strategisk dialogmøde on 2025-04-22 (the Tuesday after Easter) with its drafts;
    the fixture's Direktionen meeting of 2025-03-05 has been held by then. A keyword names
    a file of the meeting folder (`program_md`: program.md, `__` a /); None leaves it out."""
    tree: dict[str, str | None] = {
        f"{DIR}/meeting.md": direktionen("afholdt"),
        f"{SDM}/meeting.md": sdm_meeting(),
        f"{SDM}/program.md": product("Program"),
        f"{SDM}/baggrundsnotat.md": product("Baggrundsnotat"),
    }
    tree.update(
        {f"{SDM}/{name.replace('__', '/').replace('_md', '.md')}": v for name, v in files.items()}
    )
    return tree


STRATEGI = """\
---
forum: strategisk-dialogmoede
titel: {titel}
dato: {dato}
start: "13:30"
slut: "15:30"
status: {status}
vaert: [anna, bo]
bistaas_af: [carl]
{extra}---
"""


def strategi(titel: str, dato: str, status: str = "planlagt", extra: str = "") -> str:
    """A strategic meeting of the årsplan: 13.30-15.30, værter anna and bo, carl assisting."""
    return STRATEGI.format(titel=titel, dato=dato, status=status, extra=extra)


VAEKST_2024_ID = "2024-10-29-vaekst"
VAEKST_2024 = f"meetings/2024/{VAEKST_2024_ID}"

VAEKST_2024_MD = """\
---
forum: strategisk-dialogmoede
titel: Vækst, bosætning og klima
dato: 2024-10-29
start: "9:00"
slut: "15:30"
sted: Byrådssalen
vaert: [anna]
{extra}---
"""


def vaekst_2024(extra: str = "") -> str:
    """The meeting.md of 29 October 2024 in Byrådssalen, vært anna; `extra` lines at the end."""
    return VAEKST_2024_MD.format(extra=extra)
