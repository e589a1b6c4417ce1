"""Each rule of `dialog check`: one repository that makes it fire, one that keeps it quiet.

The two repositories of a case differ in one small thing, so the test says what the
rule looks at. Both are real git repositories built by `make_repo`; `dialog check`
runs through its entry point with `--format json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from dialogmoder.check.rules import all_rules
from dialogmoder.domain.approval import approval_hash
from dialogmoder.domain.loader import load_document
from dialogmoder.domain.models import Meeting

SDM = "meetings/2025/2025-04-22-vaekst"

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


def sdm_meeting(*, facilitering: str = "false", status: str = "planlagt", extra: str = "") -> str:
    return SDM_MEETING.format(facilitering=facilitering, status=status, extra=extra)


def product(titel: str = "Program") -> str:
    return PRODUCT.format(titel=titel)


def content_hash(text: str, produkt: str = "program", meeting_md: str | None = None) -> str:
    """The approval hash of a product of the strategic meeting (`sdm_meeting()` by default)."""
    meeting = load_document("meeting.md", meeting_md or sdm_meeting(), Meeting).data
    return approval_hash(text, produkt, meeting)


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
    digest = content_hash(draft, produkt)
    stamp = f"godkendt_af: {by}\ngodkendt_dato: 2025-04-01\ngodkendt_hash: {digest}\n"
    return f"{front}{stamp}---\n{body}{edit_after}"


def sdm(**files: str | None) -> dict[str, str | None]:
    """A strategisk dialogmøde on 2025-04-22 (the Tuesday after Easter) with its drafts;
    the fixture's Direktionen meeting of 2025-03-05 has been held by then."""
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


DIR = "meetings/2025/2025-03-05-direktionen"

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


def punkt(
    titel: str = "Punkt",
    *,
    lukket: str | None = "false",
    tid: str | None = None,
    extra: str = "",
    body: str = "## Beslutning\n\nDrøftet.\n",
) -> str:
    lines = ["---", f"titel: {titel}"]
    if lukket is not None:
        lines.append(f"lukket: {lukket}")
    if tid is not None:
        lines.append(f'tid: "{tid}"')
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join([*lines, "---", body])


def direktionen(status: str = "planlagt", dato: str = "2025-03-05", extra: str = "") -> str:
    return (
        f'---\nforum: direktionen\ntitel: Direktionen\ndato: {dato}\nstart: "09:00"\n'
        f'slut: "12:00"\nstatus: {status}\n{extra}---\n'
    )


CONFIG_WITH = """\
{base}
regler:
  {regel}
"""


def config_with(regel: str) -> str:
    from conftest import CONFIG

    return CONFIG_WITH.format(base=CONFIG.rstrip("\n"), regel=regel)


def _config_approver(who: str) -> str:
    from conftest import CONFIG

    return CONFIG.replace(
        "baggrundsnotat: {paakraevet: ja, frist: -7}",
        f"baggrundsnotat: {{paakraevet: ja, frist: -7, godkendes_af: {who}}}",
    )


def _config_logo() -> str:
    from conftest import CONFIG

    return CONFIG.replace(
        "organisation: Testkommune\n", "organisation: Testkommune\nlogo: logo.svg\n"
    )


@dataclass
class Case:
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
        {f"{DIR}/meeting.md": direktionen("afholdt"), f"{DIR}/punkter/02-x.md": punkt(body="")},
        {f"{DIR}/meeting.md": direktionen("afholdt"), f"{DIR}/punkter/02-x.md": punkt()},
    ),
    Case(
        "DM105",
        {f"{DIR}/meeting.md": direktionen("planlagt")},
        {f"{DIR}/meeting.md": direktionen("planlagt")},
        today="2025-03-06",
        today_quiet="2025-03-05",
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
]


def run_check(dialog, root, today: str) -> tuple[int, list[dict[str, object]]]:
    result = dialog("check", "--format", "json", "--today", today, cwd=root)
    assert result.code in {0, 1}, result.err
    return result.code, json.loads(result.out)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_fires(case: Case, make_repo, dialog) -> None:
    root = make_repo(case.fire)
    code, findings = run_check(dialog, root, case.today)
    fired = [f for f in findings if f["rule"] == case.rule]
    assert fired, findings
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_stays_quiet(case: Case, make_repo, dialog) -> None:
    root = make_repo(case.quiet)
    _, findings = run_check(dialog, root, case.today_quiet or case.today)
    assert [f for f in findings if f["rule"] == case.rule] == []


def test_every_rule_has_a_case() -> None:
    # DM8xx need git history, not `dialog check`: tests/test_verify.py has theirs
    assert {r.id for r in all_rules() if r.family != "verify"} == {c.rule for c in CASES}


def test_every_rule_has_an_id_a_name_a_summary_and_an_explanation() -> None:
    import re

    rules = all_rules()
    assert len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert re.fullmatch(r"DM\d{3}", r.id), r.id
        assert re.fullmatch(r"[a-z0-9-]+", r.name), r.name
        assert r.severity in {"error", "warning"}
        assert len(r.explanation) > 2 * len(r.summary), r.id
        assert r.summary[0].isupper() or r.summary[0] in "`d", r.id
