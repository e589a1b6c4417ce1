"""`dialog site` after a change to some meetings reads only those (site/rebuild.py): the rows
the previous build left beside the site stand for the others. The rebuilt site is byte for
byte what a build from scratch writes, whether the rebuild could read the changed meetings
alone or had to read them all; closed content never reaches it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dialogmoder.site import rebuild_site, unchanged_site

from helpers.canary import CLOSED, KOMMENDE, MARK, NEXT_MEETING
from helpers.configs import PUBLIC
from helpers.meetings import DIR, direktionen_on, meeting_md
from helpers.pdf import pdf_strings
from helpers.site import TODAY, edit

OTHER = "meetings/2025/2025-03-12-direktionen"
LATER = "meetings/2025/2025-03-19-direktionen"
INTERNAL = "meetings/2025/2025-04-01-vaekst"  # a forum the site does not publish
SAG = f"{OTHER}/punkter/01-sag.md"
NOTAT = f"{OTHER}/bilag/notat.txt"
OPLAEG = "---\ntitel: Oplæg\nlukket: false\n---\nOplæg.\n"
SAG_TEXT = (
    "---\ntitel: Sag\nlukket: false\nbilag:\n"
    "  - {titel: Notat, lukket: false, fil: bilag/notat.txt}\n---\nTekst.\n"
)


@pytest.fixture
def root(make_repo) -> Path:
    return aged(
        make_repo(
            {
                "dialog.yaml": PUBLIC,
                f"{OTHER}/meeting.md": NEXT_MEETING,
                SAG: SAG_TEXT,
                NOTAT: "Notatets tekst.\n",
                f"{OTHER}/punkter/02-lukket.md": CLOSED,
                f"{OTHER}/bilag/kanarifil.pdf": b"%PDF-1.4 kanariindhold",  # the closed one's
                f"{LATER}/meeting.md": direktionen_on("2025-03-19"),
                f"{INTERNAL}/meeting.md": meeting_md(
                    "strategisk-dialogmoede", "Vækst", "2025-04-01"
                ),
                f"{INTERNAL}/punkter/01-oplaeg.md": OPLAEG,
            }
        )
    )


def aged(root: Path) -> Path:
    """Every file of the repository an hour old: a file changed within the last seconds
    before a build is read again by the next (site/inputs.py), as if it had changed."""
    import os

    stamp = (int(time.time()) - 3600) * 1_000_000_000
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.is_file():
            os.utime(path, ns=(stamp, stamp))
    return root


def _added_meeting(root: Path) -> None:
    new = root / "meetings/2025/2025-04-02-direktionen"
    new.mkdir(parents=True)
    (new / "meeting.md").write_text(direktionen_on("2025-04-02"), encoding="utf-8")


def _touch(root: Path) -> None:
    import os

    path = root / SAG
    stamp = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))


LATER_DAY = "2025-03-15"  # the 12 March meeting is held (a referat), the 19 March one is not

# (the change, the --today of the rebuild, the meetings a rebuild reads: None, all of them)
CHANGES: dict[str, tuple[Callable[[Path], None], str, list[str] | None]] = {
    "a punkt": (lambda root: edit(root, SAG, "Tekst.", "Ny tekst."), TODAY[1], [OTHER]),
    "a decision": (
        lambda root: edit(root, SAG, "Tekst.\n", "Tekst.\n\n## Beslutning\n\nVedtaget.\n"),
        TODAY[1],
        [OTHER],
    ),
    "a closed punkt": (
        lambda root: edit(root, f"{OTHER}/punkter/02-lukket.md", "Kanarititel", "Kanariny"),
        TODAY[1],
        [OTHER],
    ),
    "an open bilag's file": (
        lambda root: edit(root, NOTAT, "tekst", "nye tekst"),
        TODAY[1],
        [OTHER],
    ),
    "a meeting's title": (
        lambda root: edit(root, f"{OTHER}/meeting.md", "titel: Direktionen", "titel: Ny titel"),
        TODAY[1],
        [OTHER],
    ),
    "a meeting's date": (
        lambda root: edit(root, f"{LATER}/meeting.md", "2025-03-19", "2025-03-26"),
        TODAY[1],
        [LATER],
    ),
    # its page leaves 2025's search index, whose other pages are all linked: that index is
    # made again after the one of the year the meeting moved to (search.index_meeting_pages)
    "a meeting's date in another year": (
        lambda root: edit(root, f"{LATER}/meeting.md", "2025-03-19", "2024-12-18"),
        TODAY[1],
        [LATER],
    ),
    "a meeting cancelled": (
        lambda root: edit(root, f"{LATER}/meeting.md", "dato:", "status: aflyst\ndato:"),
        TODAY[1],
        [LATER],
    ),
    "a file touched, its content the same": (_touch, TODAY[1], [OTHER]),
    # a change another meeting's edition may show, or the site's every page: read them all
    "a punkt closed (its bilag file with it)": (
        lambda root: edit(root, SAG, "lukket: false\nbilag", "lukket: true\nbilag"),
        TODAY[1],
        None,
    ),
    "a meeting moved to a forum the site does not publish": (
        lambda root: edit(
            root, f"{OTHER}/meeting.md", "forum: direktionen", "forum: strategisk-dialogmoede"
        ),
        TODAY[1],
        None,
    ),
    "a meeting of a forum the site does not publish": (
        lambda root: edit(root, f"{INTERNAL}/punkter/01-oplaeg.md", "Oplæg.", "Nyt oplæg."),
        TODAY[1],
        None,
    ),
    "an added meeting": (_added_meeting, TODAY[1], None),
    "dialog.yaml": (
        lambda root: edit(
            root, "dialog.yaml", "personer:\n", "personer:\n  ny: {navn: Ny Person, rolle: chef}\n"
        ),
        TODAY[1],
        None,
    ),
    "--today": (lambda root: None, LATER_DAY, None),
    "a file outside the meetings": (
        lambda root: (root / "NOTER.md").write_text("noter\n", encoding="utf-8"),
        TODAY[1],
        None,
    ),
}


def contents(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def assert_fresh(dialog, root: Path, site: Path, fresh: Path, today: str) -> None:
    """The site in `site` is what a build from scratch into `fresh` writes, and shows
    nothing closed."""
    scratch = dialog("site", "--today", today, "-o", str(fresh), cwd=root)
    assert scratch.code == 0, scratch.err
    rebuilt, expected = contents(site), contents(fresh)
    assert sorted(rebuilt) == sorted(expected)
    for rel, data in expected.items():
        assert rebuilt[rel] == data, rel
    for rel, data in rebuilt.items():
        text = pdf_strings(data) if rel.endswith(".pdf") else data.decode("utf-8", "replace")
        assert MARK not in text.lower(), rel


def rebuild_read(root: Path, site: Path, today: str) -> list[str] | None:
    """Rebuild the site as `dialog site` does, from the changed meetings alone: the meetings
    it read; None when it takes a whole build (the site is as it was, for `dialog site`)."""
    day = date.fromisoformat(today)
    unchanged, inputs = unchanged_site(root, site, day)
    assert unchanged is None
    rebuilt = rebuild_site(root, site, day, "public", inputs)
    return None if rebuilt is None else [folder.path for folder in rebuilt[1].meetings]


def rebuilt_alone(root: Path, site: Path, today: str) -> bool:
    return rebuild_read(root, site, today) is not None


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rebuild_after_a_change_is_byte_for_byte_a_fresh_build(dialog, root, tmp_path, change):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    mutate, today, read = CHANGES[change]
    mutate(root)
    assert rebuild_read(root, site, today) == read
    again = dialog("site", "--today", today, "-o", str(site), cwd=root)
    assert again.code == 0, again.err
    assert_fresh(dialog, root, site, fresh, today)


def test_a_meeting_moved_to_a_forum_not_published_drops_out(dialog, root, tmp_path):
    site = tmp_path / "site"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert (site / "moeder/2025-03-12-direktionen.html").is_file()
    edit(root, f"{OTHER}/meeting.md", "forum: direktionen", "forum: strategisk-dialogmoede")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert not (site / "moeder/2025-03-12-direktionen.html").exists()
    assert b"2025-03-12" not in (site / "moeder.ics").read_bytes()


def test_rebuilds_one_after_another_each_read_the_changed_meeting_alone(dialog, root, tmp_path):
    """The rows a rebuild of some meetings leaves serve the next; and a rebuild with nothing
    changed after one leaves the site as it is."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    for n in range(3):
        edit(root, SAG, "Tekst", f"Tekst {n}")
        assert rebuilt_alone(root, site, TODAY[1])
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    unchanged, _inputs = unchanged_site(root, site, date.fromisoformat(TODAY[1]))
    assert unchanged is not None
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before
    assert_fresh(dialog, root, site, fresh, TODAY[1])


def rows_file(site: Path) -> Path:
    return site.parent / f".{site.name}.dialog-rows.json"


def test_the_rows_beside_the_site_hold_nothing_closed(dialog, root, tmp_path):
    """Not a closed punkt's title, text or bilag, nor a closed bilag's file name."""
    site = tmp_path / "site"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert rebuild_read(root, site, TODAY[1]) == [OTHER]
    rows = rows_file(site).read_text("utf-8")
    assert "Personalesag" in rows  # the closed punkt's public title, as the site shows it
    assert MARK not in rows.lower()


def _garbage(path: Path) -> None:
    path.write_text("{not json", encoding="utf-8")


def _changed_row(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    first = next(iter(data["entries"].values()))
    first["row"]["titel"] = "Ikke som skrevet"
    path.write_text(json.dumps(data), encoding="utf-8")


def _wrong_row(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    first = next(iter(data["entries"].values()))
    first["row"]["dato"] = 20250312
    path.write_text(json.dumps(data), encoding="utf-8")


def _missing(path: Path) -> None:
    path.unlink()


SPOILED: dict[str, Callable[[Path], None]] = {
    "not JSON": _garbage,
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:1000]),
    "a row changed after it was written": _changed_row,
    "a row of the wrong shape": _wrong_row,
    "missing": _missing,
}


@pytest.mark.parametrize("spoil", list(SPOILED))
def test_rows_that_cannot_be_used_mean_a_whole_build(dialog, root, tmp_path, spoil):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    SPOILED[spoil](rows_file(site))
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert not rebuilt_alone(root, site, TODAY[1])
    again = dialog("site", *TODAY, "-o", str(site), cwd=root)
    assert again.code == 0, again.err
    assert rows_file(site).is_file()  # the whole build leaves rows again
    assert_fresh(dialog, root, site, fresh, TODAY[1])


def test_the_rows_of_an_earlier_build_mean_a_whole_build(dialog, root, tmp_path):
    """Rows whole and as written, but of the site before the last build (its manifest)."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    earlier = rows_file(site).read_bytes()
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert rebuilt_alone(root, site, TODAY[1])
    rows_file(site).write_bytes(earlier)
    edit(root, SAG, "Ny tekst.", "Nyere tekst.")
    assert not rebuilt_alone(root, site, TODAY[1])
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert_fresh(dialog, root, site, fresh, TODAY[1])


def test_a_missing_page_of_an_unchanged_meeting_means_a_whole_build(dialog, root, tmp_path):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    (site / "moeder/2025-03-19-direktionen.html").unlink()
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert not rebuilt_alone(root, site, TODAY[1])
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert_fresh(dialog, root, site, fresh, TODAY[1])


def test_a_forum_that_shows_its_kommende_moeder_is_read_whole(dialog, root, tmp_path):
    """A meeting's kommende møder show the later meetings: a change to one of them changes
    the earlier one's edition too."""
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    (root / f"{DIR}/punkter/02-kommende.md").write_text(KOMMENDE, encoding="utf-8")
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    edit(root, f"{LATER}/meeting.md", "dato:", "note: Flyttet\ndato:")
    assert not rebuilt_alone(root, site, TODAY[1])
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    assert_fresh(dialog, root, site, fresh, TODAY[1])
    assert b"Flyttet" in (site / "moeder/2025-03-05-direktionen.html").read_bytes()


CPR = "010190-1234"


@pytest.mark.parametrize(
    "where",
    [
        (SAG, "Tekst.", f"Borger {CPR} har skrevet."),
        (f"{LATER}/meeting.md", "titel: ", f"titel: {CPR} "),
    ],
)
def test_a_rebuild_of_one_meeting_refuses_a_cpr_number_as_a_fresh_build_does(
    dialog, root, tmp_path, where
):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    before = contents(site)
    edit(root, *where)
    again = dialog("site", *TODAY, "-o", str(site), cwd=root)
    scratch = dialog("site", *TODAY, "-o", str(fresh), cwd=root)
    assert scratch.code == 1, scratch.err
    assert again.code == 1, again.err
    assert again.err.replace(str(site), "SITE") == scratch.err.replace(str(fresh), "SITE")
    assert contents(site) == before
    assert not fresh.exists()


def test_a_changed_meeting_that_cannot_be_read_stops_the_rebuild_as_a_fresh_build(
    dialog, root, tmp_path
):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    before = contents(site)
    edit(root, SAG, "titel: Sag", "titel: [Sag")
    again = dialog("site", *TODAY, "-o", str(site), cwd=root)
    scratch = dialog("site", *TODAY, "-o", str(fresh), cwd=root)
    assert (again.code, again.err.replace(str(site), "SITE")) == (
        scratch.code,
        scratch.err.replace(str(fresh), "SITE"),
    )
    assert again.code != 0
    assert contents(site) == before


def test_a_rebuild_keeps_the_search_index_of_a_year_it_did_not_change(dialog, root, tmp_path):
    """A rebuild of one meeting takes the search keys of the years it did not touch from the
    previous site's manifest (site/rebuild.py): their indexes are linked, not made again,
    and the site, its manifest with those keys included, is what a fresh build writes."""
    older = root / "meetings/2024/2024-11-06-direktionen"
    (older / "punkter").mkdir(parents=True)
    (older / "meeting.md").write_text(direktionen_on("2024-11-06"), encoding="utf-8")
    (older / "punkter/01-gammel.md").write_text(
        "---\ntitel: Gammel sag\nlukket: false\n---\nGammel tekst.\n", encoding="utf-8"
    )
    aged(root)
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(site), cwd=root).code == 0
    year = site / "pagefind/2024"
    before = {p: p.stat().st_ino for p in year.rglob("*") if p.is_file()}
    assert before
    edit(root, SAG, "Tekst.", "Ny tekst.")
    assert rebuild_read(root, site, TODAY[1]) == [OTHER]
    assert {p: p.stat().st_ino for p in year.rglob("*") if p.is_file()} == before
    assert_fresh(dialog, root, site, fresh, TODAY[1])
