"""Afbud, inhabilitet and protokoltilførsler in the referat (issue 20, item 6): the new parts
as golden files, read against the seed's layout; what the public edition shows of them."""

from __future__ import annotations

import os

import pytest

from helpers.meetings import DIR, punkt
from helpers.pdf import pdf_strings
from helpers.repo import PROJECT

GOLDEN = PROJECT / "tests" / "golden"
CANARY = "KANARIEPROTOKOL"

MEETING = """\
---
forum: direktionen
titel: Direktionen
dato: 2025-03-05
start: "09:00"
slut: "12:00"
sted: Mødelokale 250, rådhuset
status: afholdt
deltagere: [anna, bo, carl]
afbud: [carl]
---
"""

FILES = {
    f"{DIR}/meeting.md": MEETING,
    f"{DIR}/punkter/01-budget.md": punkt(
        "Budget 2026",
        tid="09:00",
        extra=(
            "inhabile: [bo]\n"
            "protokoltilfoersler:\n"
            "  - af: anna\n"
            "    tekst: Kommunaldirektøren kan ikke tiltræde\n      indstillingens punkt 2.\n"
        ),
        body="## Indstilling\n\nDet indstilles, at budgettet drøftes.\n\n"
        "## Beslutning\n\nDrøftet.\n",
    ),
    f"{DIR}/punkter/02-dialogmoeder.md": punkt(
        "Dialogmøder",
        tid="10:00",
        extra=(
            "underpunkter:\n"
            "  - {titel: Havnen, tid: '10:00', inhabile: [anna], beslutning: Godkendt.}\n"
            "  - {titel: Sydhavnen, tid: '10:30', beslutning: Udsat.}\n"
        ),
        body="## Indstilling\n\nDet indstilles, at underpunkterne behandles.\n",
    ),
    f"{DIR}/punkter/03-personale.md": punkt(
        "Personalesag",
        lukket="true",
        tid="11:00",
        extra=f"inhabile: [bo]\nprotokoltilfoersler:\n  - {{af: bo, tekst: {CANARY} imod.}}\n",
    ),
}


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (then read the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 to accept"


@pytest.fixture
def repo(make_repo):
    return make_repo(FILES)


@pytest.mark.parametrize(("fmt", "public"), [("md", False), ("html", False), ("md", True)])
def test_referat_with_afbud_inhabilitet_and_protokoltilfoersler_matches_golden(
    dialog, repo, fmt, public
):
    args = ["render", "referat", DIR, "--format", fmt, "-o", "-", "--root", repo]
    result = dialog(*args, *(["--public"] if public else []))
    assert result.code == 0, result.err
    suffix = "-offentlig" if public else ""
    golden(f"afbud-inhabilitet-referat{suffix}.{fmt}", result.out)


def test_afbud_is_not_a_member_present_nor_a_signatory(dialog, repo):
    result = dialog("render", "referat", DIR, "-o", "-", "--root", repo)
    out = result.out
    header = out[: out.index("## Indhold")]
    assert "- **Afbud:**\n  - Økonomichef Carl Crone" in header
    members = header[header.index("**Medlemmer:**") : header.index("**Afbud:**")]
    assert "Carl Crone" not in members and "Bo Berg" in members
    signatures = out[out.index("## Underskriftsside") :]
    assert "Carl Crone" not in signatures and "Anna Andersen" in signatures


def test_the_referat_says_who_was_inhabil_and_records_the_remark(dialog, repo):
    out = dialog("render", "referat", DIR, "-o", "-", "--root", repo).out
    budget = out[out.index("## 1. Budget 2026") : out.index("## 2. Dialogmøder")]
    assert (
        "*Velfærdsdirektør Bo Berg deltog ikke i behandlingen af punktet på grund af"
        " inhabilitet.*" in budget
    )
    # one paragraph, under the decision
    assert budget.index("Drøftet.") < budget.index(
        "**Protokoltilførsel fra Kommunaldirektør Anna Andersen:** Kommunaldirektøren kan"
        " ikke tiltræde indstillingens punkt 2."
    )
    under = out[out.index("## 2. Dialogmøder") : out.index("## 3.")]
    assert "Anna Andersen deltog ikke i behandlingen af punktet på grund af inhabilitet" in under


def test_the_dagsorden_has_no_inhabilitet_or_protokoltilfoersel(dialog, repo):
    out = dialog("render", "dagsorden", DIR, "-o", "-", "--root", repo).out
    assert "inhabilitet" not in out and "Protokoltilførsel" not in out
    assert "**Afbud:**" in out  # known before the meeting


def test_a_closed_punkts_protokoltilfoersel_is_in_no_public_format(dialog, repo, tmp_path):
    for fmt in ("md", "html", "pdf"):
        target = tmp_path / f"referat.{fmt}"
        result = dialog("render", "referat", DIR, "--public", "-o", target, "--root", repo)
        assert result.code == 0, result.err
        data = target.read_bytes()
        text = pdf_strings(data) if fmt == "pdf" else data.decode()
        assert CANARY not in text, fmt
        assert "Protokoltilførsel fra" in text.replace("\n", " ") or fmt == "pdf", fmt
    internal = dialog("render", "referat", DIR, "-o", "-", "--root", repo).out
    assert CANARY in internal


def test_the_pdf_shows_afbud_and_the_remark(dialog, repo, tmp_path):
    target = tmp_path / "referat.pdf"
    result = dialog("render", "referat", DIR, "-o", target, "--root", repo)
    assert result.code == 0, result.err
    import io

    import pypdf

    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "Afbud:" in text
    assert "Protokoltilførsel fra Kommunaldirektør Anna Andersen" in " ".join(text.split())
    assert "på grund af inhabilitet" in " ".join(text.split())


def test_dm508_names_each_non_member_with_its_line(dialog, make_repo):
    files = dict(FILES)
    files[f"{DIR}/meeting.md"] = MEETING.replace("afbud: [carl]", "afbud: [borgmester]")
    files[f"{DIR}/punkter/01-budget.md"] = FILES[f"{DIR}/punkter/01-budget.md"].replace(
        "af: anna", "af: borgmester"
    )
    repo = make_repo(files)
    result = dialog("check", "--root", repo, "--today", "2025-03-01")
    lines = [line for line in result.out.splitlines() if "DM508" in line]
    assert len(lines) == 2, result.out
    assert any("meeting.md:10:" in line and "afbud" in line for line in lines), lines
    assert any("01-budget.md:" in line and "af: borgmester" in line for line in lines), lines


def test_the_referat_approval_covers_afbud_inhabile_and_protokoltilfoersler(dialog, repo):
    """An approved referat goes stale (DM305) when an afbud, an inhabilitet or a
    protokoltilførsel is changed afterwards; a member with afbud may not approve it."""
    import json

    from helpers.repo import git

    refused = dialog("approve", DIR, "--by", "carl", "--dato", "2025-03-06", "--root", repo)
    assert refused.code != 0  # carl sent regrets: not a member present
    result = dialog("approve", DIR, "--by", "anna", "--dato", "2025-03-06", "--root", repo)
    assert result.code == 0, result.err
    git(repo, "commit", "-qam", "godkendt")

    def stale() -> list[str]:
        out = dialog("check", "--root", repo, "--today", "2025-03-07", "--format", "json").out
        return [f["rule"] for f in json.loads(out) if f["rule"] == "DM305"]

    assert stale() == []
    edits = [
        (f"{DIR}/meeting.md", "afbud: [carl]", "afbud: []"),
        (f"{DIR}/punkter/01-budget.md", "inhabile: [bo]", "inhabile: []"),
        (f"{DIR}/punkter/01-budget.md", "punkt 2.", "punkt 3."),
    ]
    for path, old, new in edits:
        file = repo / path
        text = file.read_text("utf-8")
        file.write_text(text.replace(old, new, 1), "utf-8")
        assert stale() == ["DM305"], (path, old)
        git(repo, "checkout", "--", path)
