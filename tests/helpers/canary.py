"""A Direktionen meeting whose closed content carries a canary ("kanari") in every field: what
a public edition must never hold, searched for in every byte of what dialog publishes."""

from __future__ import annotations

from helpers.configs import with_people
from helpers.meetings import DIR, direktionen_on

MARK = "kanari"  # every marker below contains it; nothing else in the fixture does

CLOSED = """\
---
titel: Kanarititel
tid: "10:00"
lukket: true
offentlig_titel: Personalesag
sagsgang: Kanarisagsgang
sagsansvarlig: Kanarisagsansvarlig
kle: 00.00.00-kanarikle
sagsnr: 25/kanarisagsnr
deltager: [kanariperson]
tidsplan_tekst: Kanaritidsplantekst
bilag:
  - titel: Kanaribilagstitel
    dokumentnr: 1/kanaridokumentnr
    fil: bilag/kanarifil.pdf
    lukket: false
underpunkter:
  - titel: Kanariunderpunkttitel
    tid: "10:05"
    tekst: Kanariunderpunkttekst [kanarilink](https://kanari.example/)
    deltager: [kanariperson2]
    beslutning: Kanariunderpunktbeslutning
---
Kanariintro <!-- kanarikommentar -->

## Baggrund

Kanaribaggrund

## Sagsfremstilling

Kanarisagsfremstilling

## Økonomiske konsekvenser

Kanarioekonomi

## Indstilling

Kanariindstilling

## Beslutning

Kanaribeslutning
"""

# the same kind of punkt without tidsplan_tekst, so its deltager shows in the tidsplan
CLOSED_DEFAULT_LUKKET = """\
---
titel: Kanarititel2
tid: "10:30"
deltager: [kanariperson3]
---
## Sagsfremstilling

Kanaritekst2
"""

OPEN_WITH_CLOSED_BILAG = """\
---
titel: Åbent punkt med lukket bilag
lukket: false
tid: "11:00"
bilag:
  - {titel: Kanarilukketbilag, dokumentnr: 2/kanarinr, lukket: true}
  - {titel: Åbent bilag, dokumentnr: 3/25, lukket: false}
---
Offentlig tekst <!-- kanarinote i åbent punkt -->
"""

TIDSPLAN = """\
---
titel: Tidsplan
lukket: false
auto: tidsplan
kraever_beslutning: false
---
[[auto]]
"""

KOMMENDE = """\
---
titel: Kommende møder
lukket: false
auto: kommende-moeder
kraever_beslutning: false
---
"""

# the Direktionen meeting a week later, shown in the first one's kommende møder
NEXT_MEETING = direktionen_on("2025-03-12")

PEOPLE = """\
  kanariperson: {navn: Kanarinavn, titel: Kanaritiel, rolle: chef}
  kanariperson2: {navn: Kanarinavnto, rolle: chef}
  kanariperson3: {navn: Kanarinavntre, rolle: chef}
"""

PRODUCTS = {
    "program.md": "---\nstatus: udkast\nprogrampunkter: [{tid: '09:00', titel: Velkomst}]\n---\n",
    "opfoelgningsnotat.md": "---\ninitiativer: [{hvad: Følg op, hvem: [anna], sigt: kort}]\n---\n",
}

# an open punkt with a CPR number hidden by Markdown emphasis, on line 5
CPR_TEXT = """\
---
titel: Borgerhenvendelse
lukket: false
---
Borger 0101**90**-1234 har skrevet.
"""


def canary_files(
    config: str, *, closed: str = "03-personalesag.md"
) -> dict[str, str | bytes | None]:
    """The fixture's Direktionen meeting with every canary punkt (the closed one named
    `closed`) and products, and the next meeting showing a closed punkt; `config` with the
    canary people."""
    later = "meetings/2025/2025-03-12-direktionen"
    return {
        "dialog.yaml": with_people(PEOPLE, config),
        f"{DIR}/punkter/02-tidsplan.md": TIDSPLAN,
        f"{DIR}/punkter/{closed}": CLOSED,
        f"{DIR}/punkter/04-sag.md": CLOSED_DEFAULT_LUKKET,
        f"{DIR}/punkter/05-aabent.md": OPEN_WITH_CLOSED_BILAG,
        f"{DIR}/punkter/06-kommende.md": KOMMENDE,
        f"{later}/meeting.md": NEXT_MEETING,
        f"{later}/punkter/01-sag.md": CLOSED.replace("Kanarititel", "Kanarinaestemoede"),
        **{f"{DIR}/{name}": text for name, text in PRODUCTS.items()},
    }
