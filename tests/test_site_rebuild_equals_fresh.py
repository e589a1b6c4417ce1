"""`dialog site` again after a change (or none): every file of the rebuilt site is byte for
byte what a build from scratch of the same inputs writes, whichever input changed; a
rebuild with nothing changed leaves every file as it was (site/inputs.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.canary import CLOSED, KOMMENDE, MARK, NEXT_MEETING
from helpers.configs import PUBLIC
from helpers.meetings import DIR, direktionen_on
from helpers.pdf import pdf_strings
from helpers.repo import PROJECT
from helpers.site import TODAY, edit

OTHER_BASE = "meetings/2025/2025-03-12-direktionen"
LATER = "meetings/2025/2025-03-19-direktionen"
SAG = f"{OTHER_BASE}/punkter/01-sag.md"
NOTAT = f"{OTHER_BASE}/bilag/notat.txt"


@pytest.fixture
def root(make_repo) -> Path:
    return make_repo(
        {
            "dialog.yaml": PUBLIC,
            f"{DIR}/punkter/02-kommende.md": KOMMENDE,  # shows the next meeting
            f"{OTHER_BASE}/meeting.md": NEXT_MEETING,
            SAG: "---\ntitel: Sag\nlukket: false\nbilag:\n"
            "  - {titel: Notat, lukket: false, fil: bilag/notat.txt}\n---\nTekst.\n",
            NOTAT: "Notatets tekst.\n",
            f"{OTHER_BASE}/punkter/02-lukket.md": CLOSED,
            f"{LATER}/meeting.md": direktionen_on("2025-03-19"),
        }
    )


def _template(root: Path) -> None:
    template = root / "templates" / "site" / "moede.html.j2"
    template.parent.mkdir(parents=True)
    own = (PROJECT / "templates" / "site" / "moede.html.j2").read_text("utf-8")
    template.write_text(own.replace("{% block content %}", "{% block content %}<!-- egen -->"))


def _added_meeting(root: Path) -> None:
    new = root / "meetings/2025/2025-04-02-direktionen"
    (new / "punkter").mkdir(parents=True)
    (new / "meeting.md").write_text(direktionen_on("2025-04-02"), encoding="utf-8")
    (new / "punkter" / "01-ny.md").write_text(
        "---\ntitel: Ny sag\nlukket: false\n---\nNy tekst.\n", encoding="utf-8"
    )


def _moved_punkt(root: Path) -> None:
    """The open punkt becomes number 3 (after the closed one), as `dialog move-item` does."""
    (root / SAG).rename(root / f"{OTHER_BASE}/punkter/03-sag.md")


def _touch(root: Path) -> None:
    path = root / SAG
    stamp = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))


# (what changes in the repository, the --today of the rebuild)
CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "nothing": (lambda root: None, TODAY[1]),
    "a punkt": (lambda root: edit(root, SAG, "Tekst.", "Ny tekst."), TODAY[1]),
    "a closed punkt": (
        lambda root: edit(root, f"{OTHER_BASE}/punkter/02-lukket.md", "Kanarititel", "Kanariny"),
        TODAY[1],
    ),
    "dialog.yaml": (
        lambda root: edit(
            root, "dialog.yaml", "personer:\n", "personer:\n  ny: {navn: Ny Person, rolle: chef}\n"
        ),
        TODAY[1],
    ),
    "a template": (_template, TODAY[1]),
    "--today": (lambda root: None, "2025-03-10"),  # the next meeting becomes a dagsorden
    "a bilag file": (lambda root: edit(root, NOTAT, "tekst", "nye tekst"), TODAY[1]),
    "a deleted meeting": (lambda root: shutil.rmtree(root / LATER), TODAY[1]),
    "a file touched, its content the same": (_touch, TODAY[1]),
    "a decision": (
        lambda root: edit(root, SAG, "Tekst.\n", "Tekst.\n\n## Beslutning\n\nVedtaget.\n"),
        TODAY[1],
    ),
    "an added meeting": (_added_meeting, TODAY[1]),
    "a moved punkt": (_moved_punkt, TODAY[1]),
}


def contents(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rebuild_is_byte_for_byte_a_fresh_build(dialog, root, tmp_path, change):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    first = dialog("site", *TODAY, "-o", str(site), cwd=root)
    assert first.code == 0, first.err
    mutate, today = CHANGES[change]
    mutate(root)
    again = dialog("site", "--today", today, "-o", str(site), cwd=root)
    assert again.code == 0, again.err
    assert (tmp_path / ".site.dialog-inputs.json").is_file()  # beside the site, never in it
    scratch = dialog("site", "--today", today, "-o", str(fresh), cwd=root)
    assert scratch.code == 0, scratch.err
    assert again.err.replace(str(site), "SITE") == scratch.err.replace(str(fresh), "SITE")
    rebuilt, expected = contents(site), contents(fresh)
    assert sorted(rebuilt) == sorted(expected)
    for rel, data in expected.items():
        assert rebuilt[rel] == data, rel
    for rel, data in rebuilt.items():  # closed content never reaches the site
        text = pdf_strings(data) if rel.endswith(".pdf") else data.decode("utf-8", "replace")
        assert MARK not in text.lower(), rel


def test_a_rebuild_with_nothing_changed_writes_nothing(dialog, root, tmp_path):
    site = tmp_path / "site"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    before = stamps(site)
    result = dialog("site", *TODAY, "-o", str(site), cwd=root)
    assert result.code == 0
    assert "3" in result.err  # the same report: its meetings and files
    assert stamps(site) == before


def test_a_file_of_the_site_changed_or_removed_is_written_again(dialog, root, tmp_path):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert dialog("site", *TODAY, "-o", str(fresh), cwd=root).code == 0
    (site / "index.html").write_text("ændret", encoding="utf-8")
    (site / "moeder.ics").unlink()
    (site / "ekstra.html").write_text("lagt til", encoding="utf-8")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert contents(site) == contents(fresh)


def test_a_commit_changes_the_record_of_when_a_meeting_last_changed(dialog, root, tmp_path):
    """The pages show each meeting's last commit: a commit of the same files builds again."""
    import subprocess

    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": "2030-01-01T12:00:00",
        "GIT_AUTHOR_DATE": "2030-01-01T12:00:00",
    }
    subprocess.run(["git", "commit", "-qam", "ny tekst"], cwd=root, check=True, env=env)
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert dialog("site", *TODAY, "-o", str(fresh), cwd=root).code == 0
    assert contents(site) == contents(fresh)


def test_a_touched_file_of_a_meeting_git_does_not_know_builds_again(dialog, root, tmp_path):
    """Where git does not know a meeting, its pages show its files' modification time."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    new = root / "meetings/2025/2025-04-02-direktionen/meeting.md"
    new.parent.mkdir(parents=True)
    new.write_text(direktionen_on("2025-04-02"), encoding="utf-8")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    stamp = new.stat().st_mtime_ns + 86_400_000_000_000  # a day later
    os.utime(new, ns=(stamp, stamp))
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert dialog("site", *TODAY, "-o", str(fresh), cwd=root).code == 0
    assert contents(site) == contents(fresh)


# a CPR number written where a rebuild would publish it: in a punkt of a meeting the site
# already shows, in its bilag file, in the title of a later meeting (the kommende møder)
CPR = "010190-1234"
CPR_CHANGES: dict[str, Callable[[Path], None]] = {
    "a punkt": lambda root: edit(root, SAG, "Tekst.", f"Borger {CPR} har skrevet."),
    "a bilag file": lambda root: edit(root, NOTAT, "tekst", f"tekst om {CPR}"),
    "a later meeting's title": lambda root: edit(
        root, f"{LATER}/meeting.md", "titel: ", f"titel: {CPR} "
    ),
}


@pytest.mark.parametrize("change", list(CPR_CHANGES))
def test_a_rebuild_refuses_a_cpr_number_as_a_fresh_build_does(dialog, root, tmp_path, change):
    """Meetings the previous site was built with are not scanned again; a changed one is."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    before = contents(site)
    CPR_CHANGES[change](root)
    again = dialog("site", *TODAY, "-o", str(site), cwd=root)
    scratch = dialog("site", *TODAY, "-o", str(fresh), cwd=root)
    assert scratch.code == 1, scratch.err
    assert again.code == 1, again.err
    assert again.err.replace(str(site), "SITE") == scratch.err.replace(str(fresh), "SITE")
    assert contents(site) == before
    assert not fresh.exists()


def test_each_years_search_index_is_linked_when_its_pages_are_the_same(dialog, root, tmp_path):
    """A change no meeting page shows (a closed punkt's text) keeps Pagefind's indexes (hard
    links to the previous site's files); a change a page shows has its year's index made
    again, and the other years' and the floor (pagefind/ itself, with the UI) kept."""
    older = root / "meetings/2024/2024-11-06-direktionen"
    (older / "punkter").mkdir(parents=True)
    (older / "meeting.md").write_text(direktionen_on("2024-11-06"), encoding="utf-8")
    (older / "punkter" / "01-gammel.md").write_text(
        "---\ntitel: Gammel sag\nlukket: false\n---\nGammel tekst.\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    index = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert any("2024" in p.parts for p in index) and any("2025" in p.parts for p in index)
    edit(root, f"{OTHER_BASE}/punkter/02-lukket.md", "Kanaribaggrund", "Kanariny baggrund")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert {p: p.stat().st_ino for p in index} == index
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    after = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    year = site / "pagefind" / "2025"
    made = {p: ino for p, ino in after.items() if year in p.parents}
    kept = {p: ino for p, ino in after.items() if year not in p.parents}
    assert made and not set(made.values()) & set(index.values())
    assert kept == {p: ino for p, ino in index.items() if year not in p.parents}
