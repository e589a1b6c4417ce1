"""The public edition has one home, `domain.edition`: what of a punkt and its bilag an
edition shows, and the one refusal of a CPR number that render, site and diff call."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dialogmoder
from dialogmoder.domain.edition import public_change, public_punkt
from dialogmoder.domain.loader import Document
from dialogmoder.domain.models import Punkt
from dialogmoder.domain.repository import PunktFile

PACKAGE = Path(dialogmoder.__file__).parent
EDITION = PACKAGE / "domain" / "edition"


def punkt(**fields: object) -> Punkt:
    data: dict[str, object] = {"titel": "Hemmelig sag", "tid": "10:00", "lukket": True}
    data.update(fields)
    return Punkt.model_validate(
        {
            **data,
            "bilag": [
                {"titel": "Åbent bilag", "dokumentnr": "1/25", "lukket": False},
                {"titel": "Lukket bilag", "dokumentnr": "2/25", "lukket": True},
            ],
            "underpunkter": [{"titel": "Underpunkt", "tekst": "Tekst"}],
        }
    )


def test_a_closed_punkt_shows_only_its_public_title_and_its_time() -> None:
    shown = public_punkt(punkt(offentlig_titel="Personalesag"), public=True)
    assert (shown.titel, shown.lukket, shown.redacted) == ("Personalesag", True, True)
    assert str(shown.tid) == "10:00:00"  # its place in the tidsplan
    assert shown.punkt is None and shown.bilag == () and shown.underpunkter == ()


def test_a_closed_punkt_without_offentlig_titel_is_a_lukket_punkt() -> None:
    assert public_punkt(punkt(), public=True).titel == "Lukket punkt"


def test_a_punkt_that_cannot_be_read_is_redacted_in_public() -> None:
    shown = public_punkt(None, public=True)
    assert (shown.titel, shown.redacted, shown.punkt) == ("Lukket punkt", True, None)


def test_a_closed_bilag_of_an_open_punkt_shows_no_title_number_or_file() -> None:
    shown = public_punkt(punkt(lukket=False), public=True)
    assert [(b.lukket, b.bilag is None) for b in shown.bilag] == [(False, False), (True, True)]
    assert shown.underpunkter[0].titel == "Underpunkt"


def test_every_bilag_of_a_closed_punkt_is_closed_in_the_internal_edition() -> None:
    shown = public_punkt(punkt(), public=False)
    assert not shown.redacted and shown.titel == "Hemmelig sag"
    assert [b.lukket for b in shown.bilag] == [True, True]
    assert all(b.bilag is not None for b in shown.bilag)  # internally every bilag is shown


@pytest.mark.parametrize(("before", "after"), [(True, False), (False, True)])
def test_a_punkt_closed_on_either_side_of_a_change_is_redacted(before: bool, after: bool) -> None:
    def side(lukket: bool) -> PunktFile:
        doc = Document("p.md", punkt(lukket=lukket), "", 1, lines={}, text=None)
        return PunktFile(path="p.md", nr=1, slug="p", doc=doc)

    shown = public_change(side(before), side(after), public=True)
    assert (shown.titel, shown.redacted, shown.punkt) == ("Lukket punkt", True, None)
    assert public_change(side(before), side(after), public=False).lukket


# --- one home: no other module decides what is closed or refuses on its own -------------


def _sources_outside_edition() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if EDITION not in p.parents]


def test_the_cpr_refusal_is_written_once() -> None:
    phrase = "would publish what looks like a CPR number"
    holders = [p for p in PACKAGE.rglob("*.py") if phrase in p.read_text(encoding="utf-8")]
    assert holders == [EDITION / "refusal.py"]


def test_no_renderer_decides_for_itself_what_of_a_punkt_is_public() -> None:
    deciding = {"is_closed", "public_title", "offentlig_titel"}
    outputs = ("render", "diff", "site", "views")
    found = []
    for path in _sources_outside_edition():
        if path.relative_to(PACKAGE).parts[0] not in outputs:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
            imported = [a.name for a in node.names] if isinstance(node, ast.ImportFrom) else []
            for used in {name, *imported} & deciding:
                found.append(f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}: {used}")
    assert found == []
