"""A closed punkt's file is never named after its closed title (issue 18.5): after its
--offentlig-titel (which also goes into the front matter), else NN-lukket-punkt.md;
--slug chooses the name outright and is validated."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.workflow.scaffold import punkt_slug

from helpers.examples import examples

MEETING = "2025-03-05-direktionen"
PUNKTER = f"meetings/2025/{MEETING}/punkter"
SECRET = "Personalesag: afskedigelse af medarbejder i ældreplejen"


def front(path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---")[1])


def test_a_closed_punkt_is_named_lukket_punkt_never_after_its_title(make_repo, dialog):
    root = make_repo()
    result = dialog("add-item", MEETING, "--titel", SECRET, cwd=root)
    assert result.code == 0, result.err
    made = root / PUNKTER / "02-lukket-punkt.md"
    assert made.is_file()
    assert front(made)["titel"] == SECRET and front(made)["lukket"] is True
    assert "offentlig_titel" not in front(made)
    assert "personalesag" not in " ".join(p.name for p in (root / PUNKTER).iterdir())
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0


def test_a_closed_punkt_with_a_public_title_is_named_after_it(make_repo, dialog):
    root = make_repo()
    args = ("--titel", SECRET, "--offentlig-titel", "Personaleforhold")
    assert dialog("add-item", MEETING, *args, cwd=root).code == 0
    made = root / PUNKTER / "02-personaleforhold.md"
    assert front(made)["offentlig_titel"] == "Personaleforhold"
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0


def test_slug_names_the_file_outright(make_repo, dialog):
    root = make_repo()
    args = ("--titel", "Budget", "--aaben", "--slug", "budget-2026")
    assert dialog("add-item", MEETING, *args, cwd=root).code == 0
    assert (root / PUNKTER / "02-budget-2026.md").is_file()
    args = ("--titel", SECRET, "--slug", "sag-7")
    assert dialog("add-item", MEETING, *args, cwd=root).code == 0
    assert (root / PUNKTER / "03-sag-7.md").is_file()


def test_a_bad_slug_or_an_open_punkts_public_title_is_refused_writing_nothing(make_repo, dialog):
    root = make_repo()
    before = sorted(p.name for p in (root / PUNKTER).iterdir())
    for args in (
        ("--slug", "Budget 2026"),
        ("--slug", "../ud"),
        ("--slug", "-a"),
        ("--slug", "a" * 61),
        ("--slug", ""),
        ("--offentlig-titel", "  "),
        ("--aaben", "--offentlig-titel", "Budget"),
    ):
        result = dialog("add-item", MEETING, "--titel", "Budget", *args, cwd=root)
        assert result.code == 2, (args, result.err)
        assert len(result.err.strip().splitlines()) == 1
    assert sorted(p.name for p in (root / PUNKTER).iterdir()) == before


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow])
@given(titel=st.text(min_size=1, max_size=80))
def test_no_closed_title_reaches_the_file_name(titel):
    assert punkt_slug(titel, lukket=True) == "lukket-punkt"
