"""The rule cases of `dialog check`: for each rule, a repository that makes it fire and one,
different in one small thing, that keeps it quiet."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.configs import CONFIG, PUBLIC, config_with
from helpers.meetings import BUDGET, BUDGET_PUNKT, DIR, direktionen, direktionen_on, punkt
from helpers.pdf import scanned_pdf
from helpers.referat import approved_referat
from helpers.run import Result
from helpers.strategisk import OPF, approved, product, sdm, sdm_meeting


def _config_approver(who: str) -> str:
    """The configuration with the baggrundsnotat approved by `who`."""
    return CONFIG.replace(
        "baggrundsnotat: {paakraevet: ja, frist: -7}",
        f"baggrundsnotat: {{paakraevet: ja, frist: -7, godkendes_af: {who}}}",
    )


def _config_logo() -> str:
    """The configuration with a logo, logo.svg."""
    return CONFIG.replace(
        "organisation: Testkommune\n", "organisation: Testkommune\nlogo: logo.svg\n"
    )


@dataclass
class Case:
    """A rule's two repositories ({path: text} over the default files) and the days to check."""

    rule: str
    fire: dict[str, str | bytes | None]
    quiet: dict[str, str | bytes | None]
    today: str = "2025-03-01"
    today_quiet: str | None = None
    notes: list[str] = field(default_factory=list)


CASES = [
    Case(
        "DM001",
        {f"{DIR}/punkter/02-x.md": "---\ntitel: København\nlukket: false\n---\n".encode("cp1252")},
        {f"{DIR}/punkter/02-x.md": "---\ntitel: København\nlukket: false\n---\n".encode()},
    ),
    Case(
        "DM002",
        {f"{DIR}/punkter/02-x.md": "---\ntitel: Punkt: status\nlukket: false\n---\n"},
        {f"{DIR}/punkter/02-x.md": "---\ntitel: 'Punkt: status'\nlukket: false\n---\n"},
    ),
    Case(
        "DM003",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                body="## Beslutning\n\n<<<<<<< HEAD\nJa.\n=======\nNej.\n>>>>>>> other\n"
            )
        },
        {f"{DIR}/punkter/02-x.md": punkt(body="Overskrift\n=======\n\n## Beslutning\n\nJa.\n")},
    ),
    Case(
        "DM004",
        {f"{DIR}/punkter/02-x.md": punkt(tid="25:00")},
        {f"{DIR}/punkter/02-x.md": punkt(tid="10:00")},
    ),
    Case(
        "DM005",
        {f"{DIR}/meeting.md": direktionen(extra="vært_: [anna]\n")},
        {f"{DIR}/meeting.md": direktionen(extra="vært: [anna]\n")},
    ),
    Case(
        "DM006",
        {f"{DIR}/noter.txt": "husk kaffe\n"},
        {f"{DIR}/bilag/noter.txt": "husk kaffe\n"},
    ),
    Case(
        "DM007",
        {"meetings/2025/2025-03-12-direktionen/punkter/01-a.md": punkt()},
        {
            "meetings/2025/2025-03-12-direktionen/punkter/01-a.md": punkt(),
            "meetings/2025/2025-03-12-direktionen/meeting.md": direktionen(dato="2025-03-12"),
        },
    ),
    Case(
        "DM008",
        {"dialog.yaml": config_with("DM999: off")},
        {"dialog.yaml": config_with("DM602: off")},
    ),
    Case(
        "DM009",
        {f"{DIR}/punkter/2-x.md": punkt()},
        {f"{DIR}/punkter/02-x.md": punkt()},
    ),
    Case(
        "DM010",
        {"dialog.yaml": config_with("DM006: off")},
        {"dialog.yaml": config_with("DM006: error")},
    ),
    Case("DM101", sdm(baggrundsnotat_md=None), sdm()),
    Case(
        "DM102",
        {
            f"{DIR}/meeting.md": direktionen("afholdt"),
            f"{DIR}/punkter/02-x.md": punkt(body=""),
        },
        {
            f"{DIR}/meeting.md": direktionen("afholdt"),
            f"{DIR}/punkter/02-x.md": punkt(),
        },
    ),
    Case(
        "DM105",
        {f"{DIR}/meeting.md": direktionen("planlagt")},
        {f"{DIR}/meeting.md": direktionen("planlagt")},
        today="2025-03-06",
        today_quiet="2025-03-05",
    ),
    Case(
        "DM106",
        {f"{DIR}/punkter/02-x.md": punkt(body="## Beslutninger\n\nGodkendt.\n")},
        {f"{DIR}/punkter/02-x.md": punkt(body="## Beslutning\n\nGodkendt.\n")},
    ),
    Case(
        "DM107",
        {f"{DIR}/punkter/02-x.md": punkt(body="Se ![Diagram](bilag/d.png).\n")},
        {f"{DIR}/punkter/02-x.md": punkt(body="Se [Diagram](https://x.dk/d.png).\n")},
    ),
    Case(
        "DM103",
        sdm(meeting_md=sdm_meeting(facilitering="false"), facilitering_md=product("F")),
        sdm(meeting_md=sdm_meeting(facilitering="true"), facilitering_md=product("F")),
    ),
    Case(
        "DM104",
        sdm(opfoelgningsnotat_md=OPF.format(status="aaben")),
        sdm(opfoelgningsnotat_md=OPF.format(status="afsluttet")),
    ),
    # program frist -7 from 2025-04-22 is Tuesday 2025-04-15: late on the 16th, not the 15th
    Case("DM201", sdm(), sdm(), today="2025-04-16", today_quiet="2025-04-15"),
    # 2025-04-10 (Thu) to the frist 2025-04-15 (Tue) is 3 working days; from the 9th, 4
    Case("DM202", sdm(), sdm(), today="2025-04-10", today_quiet="2025-04-09"),
    Case(
        "DM203",
        sdm(meeting_md=sdm_meeting().replace("formoede: {dato: 2025-04-16}\n", "")),
        sdm(),
        today="2025-04-17",
    ),
    Case(
        "DM204",
        sdm(meeting_md=sdm_meeting().replace("2025-04-16", "2025-04-17")),
        sdm(),
    ),
    # 2025-06-09 is Anden pinsedag; the 10th a Tuesday
    Case(
        "DM205",
        {"meetings/2025/2025-06-09-direktionen/meeting.md": direktionen_on("2025-06-09")},
        {"meetings/2025/2025-06-10-direktionen/meeting.md": direktionen_on("2025-06-10")},
    ),
    Case(
        "DM210",
        {f"{DIR}/meeting.md": direktionen("afholdt")},
        {f"{DIR}/meeting.md": direktionen("afholdt")},
        today="2025-03-04",
        today_quiet="2025-03-05",
    ),
    Case("DM301", sdm(program_md=approved("anna")), sdm(program_md=approved("bo"))),
    Case(
        "DM302",
        sdm(program_md=approved("bo", edit_after="Ny sætning.\n")),
        sdm(program_md=approved("bo")),
    ),
    Case(
        "DM303",
        sdm(program_md=product().replace("status: udkast", "status: godkendt")),
        sdm(program_md=product()),
    ),
    Case(
        "DM304",
        sdm(meeting_md=sdm_meeting().replace("fagdirektoer: bo\n", "")),
        sdm(),
    ),
    Case(
        "DM305",
        {
            f"{DIR}/meeting.md": approved_referat("anna"),
            BUDGET: BUDGET_PUNKT.replace("Drøftet.", "Drøftet og vedtaget."),
        },
        {f"{DIR}/meeting.md": approved_referat("anna")},
        today="2025-03-06",
    ),
    Case(
        "DM306",
        {f"{DIR}/meeting.md": approved_referat("carl")},
        {f"{DIR}/meeting.md": approved_referat("anna")},
        today="2025-03-06",
    ),
    Case(
        "DM401",
        {f"{DIR}/punkter/03-x.md": punkt()},
        {f"{DIR}/punkter/02-x.md": punkt()},
    ),
    Case(
        "DM402",
        {f"{DIR}/punkter/01-x.md": punkt()},
        {f"{DIR}/punkter/02-x.md": punkt()},
    ),
    Case(
        "DM403",
        {f"{DIR}/punkter/02-x.md": punkt(tid="09:00")},
        {f"{DIR}/punkter/02-x.md": punkt(tid="09:30")},
    ),
    Case(
        "DM404",
        {f"{DIR}/punkter/02-x.md": punkt(tid="12:00")},
        {f"{DIR}/punkter/02-x.md": punkt(tid="11:59")},
    ),
    Case(
        "DM501",
        {f"{DIR}/meeting.md": direktionen(extra="vaert: [anne]\n")},
        {f"{DIR}/meeting.md": direktionen(extra="vaert: [anna]\n")},
    ),
    Case(
        "DM502",
        {f"{DIR}/meeting.md": direktionen().replace("forum: direktionen", "forum: direktion")},
        {f"{DIR}/meeting.md": direktionen()},
    ),
    Case(
        "DM503",
        {f"{DIR}/meeting.md": direktionen(extra="temaer: [vaekts]\n")},
        {f"{DIR}/meeting.md": direktionen(extra="temaer: [vaekst]\n")},
    ),
    Case(
        "DM504",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                extra="bilag:\n  - {titel: Notat, lukket: false, fil: bilag/notat.pdf}"
            )
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                extra="bilag:\n  - {titel: Notat, lukket: false, fil: bilag/notat.pdf}"
            ),
            f"{DIR}/bilag/notat.pdf": b"%PDF-1.4\n",
        },
    ),
    Case(
        "DM505",
        sdm(meeting_md=sdm_meeting().replace("fagdirektoer: bo", "fagdirektoer: anna")),
        sdm(),
    ),
    Case(
        "DM506",
        {"dialog.yaml": _config_approver("fagdirektør")},
        {"dialog.yaml": _config_approver("fagdirektoer")},
    ),
    Case(
        "DM507",
        {"dialog.yaml": _config_logo()},
        {"dialog.yaml": _config_logo(), "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n'},
    ),
    Case(
        "DM508",
        {
            f"{DIR}/meeting.md": direktionen(extra="afbud: [carl]\n"),
            f"{DIR}/punkter/02-x.md": punkt(
                extra="inhabile: [carl]\nprotokoltilfoersler:\n  - {af: carl, tekst: Imod.}"
            ),
        },
        {
            f"{DIR}/meeting.md": direktionen(extra="afbud: [bo]\n"),
            f"{DIR}/punkter/02-x.md": punkt(
                extra="inhabile: [anna]\nprotokoltilfoersler:\n  - {af: bo, tekst: Imod.}"
            ),
        },
    ),
    Case(
        "DM601",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="false", body="Borger 010190-1234.\n\n## Beslutning\n\nJa.\n"
            )
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="true", body="Borger 010190-1234.\n\n## Beslutning\n\nJa.\n"
            )
        },
    ),
    Case(
        "DM602",
        {f"{DIR}/punkter/02-x.md": punkt(lukket=None)},
        {f"{DIR}/punkter/02-x.md": punkt(lukket="true")},
    ),
    Case(
        "DM603",
        {f"{DIR}/punkter/02-x.md": punkt(extra="bilag:\n  - {titel: Notat}")},
        {f"{DIR}/punkter/02-x.md": punkt(extra="bilag:\n  - {titel: Notat, lukket: false}")},
    ),
    Case(
        "DM604",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="true", extra="bilag:\n  - {titel: N, lukket: false}"
            )
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="true", extra="bilag:\n  - {titel: N, lukket: true}"
            )
        },
    ),
    Case(
        "DM610",
        {"dialog.yaml": PUBLIC},
        {"dialog.yaml": PUBLIC + "tilgaengelighed: https://was.digst.dk/moeder-testkommune-dk\n"},
    ),
    Case(
        "DM605",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="true",
                extra="offentlig_titel: Personalesag\n"
                "bilag:\n  - {titel: Sagen, lukket: true, fil: bilag/sag.txt}",
            ),
            f"{DIR}/punkter/03-y.md": punkt(
                extra="bilag:\n  - {titel: Notat, lukket: false, fil: bilag/../bilag/sag.txt}"
            ),
            f"{DIR}/bilag/sag.txt": "Fortroligt.\n",
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                lukket="true",
                extra="offentlig_titel: Personalesag\n"
                "bilag:\n  - {titel: Sagen, lukket: true, fil: bilag/sag.txt}",
            ),
            f"{DIR}/punkter/03-y.md": punkt(
                extra="bilag:\n  - {titel: Notat, lukket: false, fil: bilag/notat.txt}"
            ),
            f"{DIR}/bilag/sag.txt": "Fortroligt.\n",
            f"{DIR}/bilag/notat.txt": "Offentligt.\n",
        },
    ),
    Case(
        "DM607",  # a scanned letter: a PDF of images, no text to read for CPR numbers
        {
            f"{DIR}/punkter/02-x.md": punkt(
                extra="bilag:\n  - {titel: Brev, lukket: false, fil: bilag/brev.pdf}"
            ),
            f"{DIR}/bilag/brev.pdf": scanned_pdf(),
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                extra="bilag:\n  - {titel: Brev, lukket: true, fil: bilag/brev.pdf}"
            ),
            f"{DIR}/bilag/brev.pdf": scanned_pdf(),
        },
    ),
    Case(
        "DM606",
        {
            f"{DIR}/punkter/02-x.md": punkt(
                "Afsked med Ole", lukket="true", extra="offentlig_titel: Punkt om afsked  MED ole"
            )
        },
        {
            f"{DIR}/punkter/02-x.md": punkt(
                "Afsked med Ole", lukket="true", extra="offentlig_titel: Personalesag"
            )
        },
    ),
    Case(
        "DM701",
        {f"{DIR}/meeting.md": direktionen(dato="2025-03-06")},
        {f"{DIR}/meeting.md": direktionen(dato="2025-03-05")},
    ),
    Case(
        "DM702",
        {"meetings/2024/2025-03-12-direktionen/meeting.md": direktionen(dato="2025-03-12")},
        {"meetings/2025/2025-03-12-direktionen/meeting.md": direktionen(dato="2025-03-12")},
    ),
    Case(
        "DM703",
        {"meetings/2024/2025-03-05-direktionen/meeting.md": direktionen()},
        {"meetings/2025/2025-03-05-direktionen-ekstra/meeting.md": direktionen()},
    ),
    Case(
        "DM704",
        {
            "meetings/2025/2025-03-05-direktionen/meeting.md": direktionen(
                extra="id: direktionen-marts\n"
            ),
            "meetings/2025/2025-03-12-direktionen/meeting.md": direktionen(
                dato="2025-03-12", extra="id: direktionen-marts\n"
            ),
        },
        {
            "meetings/2025/2025-03-12-direktionen/meeting.md": direktionen(
                dato="2025-03-12", extra="id: 2025-03-12-direktionen\n"
            )
        },
    ),
    Case(
        "DM705",
        {f"{DIR}/punkter/02-x.md": punkt('"Budget\\e[31m"')},
        {f"{DIR}/punkter/02-x.md": punkt('"Budget[31m"')},
    ),
]


def run_check(
    dialog: Callable[..., Result], root: Path, today: str
) -> tuple[int, list[dict[str, object]]]:
    """`dialog check --format json` in root on `today`: the exit code and the findings."""
    result = dialog("check", "--format", "json", "--today", today, cwd=root)
    assert result.code in {0, 1}, result.err
    return result.code, json.loads(result.out)
