"""The bundled Norddjurs repository: the embedded default every command runs on."""

from __future__ import annotations

import json
from datetime import timedelta

import pypdf

from dialogmoder.domain.repository import load_repository
from dialogmoder.domain.state import meeting_errors, product_state, required_products

from helpers.repo import PROJECT

SEED_TITLES = [
    "Beslutningsprotokoller og dagsordener (borgmester deltager)",
    "Sager til behandling og tidsplan",
    "Evaluering af Nytårskur 2025",
    "Udmøntningsplan 2025-2028 - strategiske og tværgående indsatser",
    "Prioriterede opgaver",
    "Aftalestyring - udrulning og opfølgning",
    "Kommunikationsstrategi for fælles indsatser",
    "Gennemgang af portefølje og tre næstkommende møder",
]


def exported(dialog):
    result = dialog("export", "--root", PROJECT)
    assert result.code == 0, result.err
    return {m["id"]: m for m in json.loads(result.out)["meetings"]}


def test_check_is_clean_on_the_bundled_repository(dialog_process):
    done = dialog_process("check", cwd=PROJECT / "meetings" / "2025")
    assert done.returncode == 0, done.stdout + done.stderr


def test_bundled_referat_has_the_seed_punkter_in_order(dialog):
    referat = exported(dialog)["2025-01-29-direktionen"]
    assert [p["titel"] for p in referat["punkter"]] == SEED_TITLES
    assert [p["nr"] for p in referat["punkter"]] == list(range(1, 9))
    assert (referat["start"], referat["slut"], referat["sted"]) == (
        "09:00",
        "13:00",
        "Mødelokale 250, rådhuset",
    )


def test_bundled_referat_keeps_kle_sagsnr_and_bilag(dialog):
    punkter = exported(dialog)["2025-01-29-direktionen"]["punkter"]
    assert (punkter[3]["kle"], punkter[3]["sagsnr"]) == ("00.30.10.S00", "24/7615")
    assert (punkter[5]["kle"], punkter[5]["sagsnr"]) == ("00.01.00.000", "24/9198")
    assert [b["dokumentnr"] for p in punkter for b in p["bilag"]] == [
        "21037/25",
        None,
        None,
        "20408/25",
        "21371/25",
        "21380/25",
    ]
    assert [b["lukket"] for b in punkter[2]["bilag"]] == [True, True]


def test_bundled_2024_plan(dialog):
    meetings = exported(dialog)
    plan = [
        (m["dato"], m["start"], m["slut"], m["status"])
        for m in meetings.values()
        if m["forum"] == "strategisk-dialogmoede"
    ]
    assert plan == [
        ("2024-08-07", "13:30", "15:30", "planlagt"),
        ("2024-09-12", "13:00", "15:00", "udskudt"),
        ("2024-10-29", "09:00", "15:30", "afholdt"),  # the complete worked example
        ("2024-11-14", "13:00", "15:00", "planlagt"),
        ("2024-12-12", "10:00", "12:00", "planlagt"),
    ]
    assert meetings["2024-10-29-vaekst-bosaetning-og-klima"]["vaert"] == [
        "jonas-kroustrup",
        "kim-bruun-nielsen",
    ]


def test_every_decision_of_the_referat_is_transcribed(dialog):
    punkter = exported(dialog)["2025-01-29-direktionen"]["punkter"]
    decisions = {
        p["nr"]: next((s["tekst"] for s in p["sektioner"] if s["titel"] == "Beslutning"), None)
        for p in punkter
    }
    assert decisions[5] == "Sagen udsættes til et senere møde"
    assert decisions[2] is None and decisions[8] is None  # the seed records none for these
    assert all(decisions[n] for n in (1, 3, 4, 6, 7))


STRATEGIC = "2024-10-29-vaekst-bosaetning-og-klima"
MATERIALE = ("program", "baggrundsnotat", "facilitering")


def strategic_meeting():
    repo = load_repository(PROJECT)
    return repo, repo.meeting(STRATEGIC)


def test_the_bundled_strategic_meeting_has_every_product_the_forum_requires():
    repo, folder = strategic_meeting()
    required = [krav.type for krav in required_products(repo.config, folder.meeting)]
    assert required == [*MATERIALE, "opfoelgningsnotat"]
    assert sorted(folder.produkter) == sorted(required)
    assert not meeting_errors(repo, folder)


def test_the_bundled_strategic_material_is_approved_by_its_fagdirektoer_by_the_frist():
    repo, folder = strategic_meeting()
    meeting = folder.meeting
    assert meeting.fagdirektoer == "kim-bruun-nielsen"
    frister = {krav.type: krav.frist for krav in required_products(repo.config, meeting)}
    for type_ in MATERIALE:
        produkt = folder.produkter[type_].data
        assert product_state(repo, folder, type_) == "godkendt", type_
        assert produkt.godkendt_af == meeting.fagdirektoer, type_
        assert produkt.godkendt_dato <= frister[type_] <= meeting.dato - timedelta(days=7)


def test_the_bundled_opfoelgningsnotat_is_approved_and_names_initiativ_on_short_and_long_term():
    repo, folder = strategic_meeting()
    notat = folder.produkter["opfoelgningsnotat"].data
    assert product_state(repo, folder, "opfoelgningsnotat") == "godkendt"
    assert {i.sigt for i in notat.initiativer} == {"kort", "lang"}
    assert all(i.hvem for i in notat.initiativer)


def test_the_bundled_program_keeps_within_the_meeting_with_people_responsible():
    _, folder = strategic_meeting()
    meeting = folder.meeting
    punkter = folder.produkter["program"].data.programpunkter
    times = [p.tid for p in punkter]
    assert times == sorted(times)
    assert meeting.start <= times[0] and times[-1] < meeting.slut
    assert {who for p in punkter for who in p.ansvarlig} >= {*meeting.vaert, *meeting.bistaas_af}


def test_the_bundled_materiale_pdf_shows_every_part_approved_without_udkast(dialog, tmp_path):
    out = tmp_path / "materiale.pdf"
    result = dialog("render", "materiale", STRATEGIC, "-o", str(out), "--root", PROJECT)
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    flat = " ".join(text.split())
    approved = "Godkendt af Fællesforvaltningsdirektør Kim Bruun Nielsen den 21. oktober 2024"
    assert flat.count(approved) == 6  # in the Indhold list and over each of the three parts
    assert "UDKAST" not in flat and "Ikke godkendt" not in flat
