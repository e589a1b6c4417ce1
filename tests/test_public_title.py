"""Issue 17, item 8: a closed punkt's offentlig_titel that equals or contains its titel (case
and spacing ignored) publishes what the punkt closes: a check error on the offentlig_titel
line (DM606), also in the pre-commit hook's `check --staged`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.examples import examples
from helpers.meetings import DIR, punkt
from helpers.repo import git, write_files

PUNKT = f"{DIR}/punkter/02-x.md"


def _closed(titel: str, offentlig: str) -> str:
    # offentlig_titel on line 4: ---, titel, lukket, offentlig_titel
    return punkt(
        json.dumps(titel), lukket="true", extra=f"offentlig_titel: {json.dumps(offentlig)}"
    )


def _dm606(root, dialog, *args: str) -> list[tuple[str, int]]:
    result = dialog("check", *args, "--format", "json", "--today", "2025-03-01", cwd=root)
    return [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM606"]


NOT_NEUTRAL = {
    "equal": ("Afsked med Ole Hansen", "Afsked med Ole Hansen"),
    "other-case": ("Afsked med Ole Hansen", "AFSKED MED OLE HANSEN"),
    "other-spacing": ("Afsked med Ole Hansen", "Afsked  med\tOle   Hansen"),
    "contains": ("Ole Hansen", "Personalesag: Ole Hansen"),
    "contains-casefold": ("Straße 5", "Sag om STRASSE 5"),
    "padded": ("Ole Hansen", "  ole hansen  "),
}


@pytest.mark.parametrize("case", NOT_NEUTRAL)
def test_a_public_title_that_repeats_the_titel_is_an_error_on_its_line(case, make_repo, dialog):
    titel, offentlig = NOT_NEUTRAL[case]
    root = make_repo({PUNKT: _closed(titel, offentlig)})
    assert _dm606(root, dialog) == [(PUNKT, 4)]


NEUTRAL = {
    "neutral": ("Afsked med Ole Hansen", "Personalesag"),
    "part-of-titel-only": ("Afsked med Ole Hansen", "Afsked"),
    "open-punkt": None,
}


@pytest.mark.parametrize("case", NEUTRAL)
def test_a_neutral_public_title_is_quiet(case, make_repo, dialog):
    if NEUTRAL[case] is None:  # an open punkt shows its titel anyway
        text = punkt("Budget", lukket="false", extra="offentlig_titel: Budget")
    else:
        text = _closed(*NEUTRAL[case])
    root = make_repo({PUNKT: text})
    assert _dm606(root, dialog) == []


@settings(max_examples=examples(60), deadline=None)
@given(
    st.text(alphabet="abcdeæøå ", min_size=1, max_size=12).filter(lambda t: t.strip()),
    st.text(alphabet="xyz ", max_size=5),
    st.text(alphabet="xyz ", max_size=5),
)
def test_any_public_title_containing_the_titel_is_found(titel, before, after):
    from dialogmoder.check.rules.openness import _folded

    offentlig = before + titel.upper() + after
    assert _folded(titel) in _folded(offentlig)


def test_check_staged_finds_it_before_the_commit(make_repo, dialog):
    root = make_repo()
    write_files(root, {PUNKT: _closed("Afsked med Ole", "Afsked med Ole")})
    git(root, "add", "-A")
    assert _dm606(root, dialog, "--staged", PUNKT) == [(PUNKT, 4)]  # as the hook runs it
