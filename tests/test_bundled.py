"""The bundled Norddjurs repository: the embedded default every command runs on."""

from __future__ import annotations

import json

from conftest import PROJECT

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
        ("2024-10-29", "09:00", "15:30", "planlagt"),
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
