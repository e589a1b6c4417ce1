"""`dialog site` again: only the meetings whose content changed are rendered; the others'
files are the previous site's own (same inode, same mtime), and the result is byte for byte
what a build from scratch gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.canary import CLOSED, KOMMENDE, MARK, NEXT_MEETING
from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, direktionen_on
from helpers.pdf import pdf_strings
from helpers.repo import PROJECT
from helpers.site import TODAY, build_site, edit, site_files

OTHER = "2025-03-12-direktionen"
OTHER_BASE = f"meetings/2025/{OTHER}"
LATER = "meetings/2025/2025-03-19-direktionen"
# the pages every meeting appears in: rendered on every build
SHARED = {"index.html", "site.css", "tilgaengelighed.html", "moeder.ics", "referater.atom",
          "data.json", "aarsplan/index.html", "aarsplan/2025.html", ".dialog-site",
          ".dialog-site-manifest.json", "soeg.html", "referater-direktionen.atom",
          "fora/direktionen/index.html", "fora/direktionen/2025.html", "data/2025.json",
          *(f"data/skema/data-{s}.schema.json" for s in ("indeks", "aar", "moede"))}  # fmt: skip
# The search index is made from every meeting's page, so each build makes it anew.
INDEX = "pagefind/"


@pytest.fixture
def root(make_repo) -> Path:
    return make_repo(
        {
            "dialog.yaml": PUBLIC,
            f"{DIR}/punkter/02-kommende.md": KOMMENDE,  # shows the next meeting
            f"{OTHER_BASE}/meeting.md": NEXT_MEETING,
            f"{OTHER_BASE}/punkter/01-sag.md": "---\ntitel: Sag\nlukket: false\n---\nTekst.\n",
            f"{OTHER_BASE}/punkter/02-lukket.md": CLOSED,
            f"{LATER}/meeting.md": direktionen_on("2025-03-19"),
        }
    )


def files(site: Path) -> dict[str, tuple[int, int]]:
    """Each file of the site: (inode, mtime), to tell a file rendered again from one kept."""
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site_files(site)
    }


def written_anew(before: dict[str, tuple[int, int]], site: Path) -> set[str]:
    after = files(site)
    anew = {rel for rel, stamp in after.items() if before.get(rel) != stamp}
    return {rel for rel in anew if not rel.startswith(INDEX)} - SHARED


def meeting_files(site: Path, meeting: str) -> set[str]:
    return {
        rel
        for rel in files(site)
        if rel in (f"moeder/{meeting}.html", f"data/moeder/{meeting}.json")
        or rel.startswith(f"moeder/{meeting}/")
    }


def test_a_changed_punkt_renders_only_its_meetings_files_again(dialog, root):
    before = files(build_site(dialog, root))
    edit(root, f"{OTHER_BASE}/punkter/01-sag.md", "Tekst.", "Ny tekst.")
    site = build_site(dialog, root)
    assert written_anew(before, site) == meeting_files(site, OTHER)


def test_a_rebuild_is_the_same_bytes_as_a_build_from_scratch(dialog, root, tmp_path):
    build_site(dialog, root)
    edit(root, f"{OTHER_BASE}/punkter/01-sag.md", "Tekst.", "Ny tekst.")
    site = build_site(dialog, root)
    fresh = tmp_path / "fresh"
    assert dialog("site", *TODAY, "-o", str(fresh), cwd=root).code == 0
    assert {r: (site / r).read_bytes() for r in files(site)} == {
        r: (fresh / r).read_bytes() for r in files(fresh)
    }


def test_a_meeting_shown_in_another_renders_that_one_again_when_it_changes(dialog, root):
    before = files(build_site(dialog, root))
    edit(root, f"{OTHER_BASE}/punkter/01-sag.md", "titel: Sag", "titel: Omdøbt sag")
    site = build_site(dialog, root)
    # the first meeting's kommende møder table shows the next meeting's punkter
    assert "Omdøbt sag" in (site / f"moeder/{DIR_ID}.html").read_text("utf-8")
    changed = written_anew(before, site)
    assert changed == meeting_files(site, OTHER) | meeting_files(site, DIR_ID)


def test_a_changed_template_of_the_repository_renders_every_meeting_again(dialog, root):
    before = files(build_site(dialog, root))
    template = root / "templates" / "site" / "moede.html.j2"
    template.parent.mkdir(parents=True)
    own = (PROJECT / "templates" / "site" / "moede.html.j2").read_text("utf-8")
    template.write_text(own.replace("{% block content %}", "{% block content %}<!-- egen -->"))
    site = build_site(dialog, root)
    assert (
        written_anew(before, site) == {r for r in files(site) if not r.startswith(INDEX)} - SHARED
    )


def test_a_changed_dialog_yaml_renders_every_meeting_again(dialog, root):
    before = files(build_site(dialog, root))
    edit(root, "dialog.yaml", "personer:\n", "personer:\n  ny: {navn: Ny Person, rolle: chef}\n")
    site = build_site(dialog, root)
    assert (
        written_anew(before, site) == {r for r in files(site) if not r.startswith(INDEX)} - SHARED
    )


def test_a_changed_closed_punkt_renders_its_public_page_again_without_it(dialog, root):
    before = files(build_site(dialog, root))
    edit(root, f"{OTHER_BASE}/punkter/02-lukket.md", "Kanarititel", "Kanarinytitel")
    site = build_site(dialog, root)
    assert written_anew(before, site) == meeting_files(site, OTHER)
    for rel in meeting_files(site, OTHER):
        data = (site / rel).read_bytes()
        text = pdf_strings(data) if rel.endswith(".pdf") else data.decode("utf-8", "replace")
        assert MARK not in text.lower(), rel


@pytest.mark.parametrize("manifest", ["{not json", "[1, 2]", '{"format": 1, "meetings": 3}'])
def test_a_site_whose_manifest_is_unreadable_is_built_whole(dialog, root, manifest):
    site = build_site(dialog, root)
    before = files(site)
    (site / ".dialog-site-manifest.json").write_text(manifest, encoding="utf-8")
    site = build_site(dialog, root)
    assert (
        written_anew(before, site) == {r for r in files(site) if not r.startswith(INDEX)} - SHARED
    )


def test_another_version_of_dialog_renders_every_meeting_again(dialog, root, monkeypatch):
    from dialogmoder.site import inputs, manifest

    before = files(build_site(dialog, root))
    monkeypatch.setattr(manifest, "__version__", "99.0")
    monkeypatch.setattr(inputs, "__version__", "99.0")
    site = build_site(dialog, root)
    assert (
        written_anew(before, site) == {r for r in files(site) if not r.startswith(INDEX)} - SHARED
    )


def test_a_build_swapped_in_while_another_links_from_it_is_not_mixed_in(
    dialog, root, tmp_path, monkeypatch
):
    """Two builds into one folder: the other swaps its site in just as this one starts to
    link the unchanged meetings. This build must not take the other's meetings for its own."""
    from dialogmoder.site import manifest

    other = tmp_path / "other"
    shutil.copytree(root, other)
    site = tmp_path / "site"
    assert dialog("site", *TODAY, "--root", str(root), "-o", str(site)).code == 0
    edit(root, f"{OTHER_BASE}/punkter/01-sag.md", "Tekst.", "Tekst fra den ene.")
    edit(other, f"{DIR}/punkter/01-budget.md", "Tekst.", "Tekst fra den anden.")
    fresh = tmp_path / "fresh"
    assert dialog("site", *TODAY, "--root", str(root), "-o", str(fresh)).code == 0
    link, swapped = manifest.reuse, []

    def the_other_build_first(*args):
        if not swapped:
            swapped.append(True)
            with monkeypatch.context() as m:
                m.setattr(manifest, "reuse", link)
                assert dialog("site", *TODAY, "--root", str(other), "-o", str(site)).code == 0
        return link(*args)

    monkeypatch.setattr(manifest, "reuse", the_other_build_first)
    assert dialog("site", *TODAY, "--root", str(root), "-o", str(site)).code == 0
    assert swapped and contents(site) == contents(fresh)


def contents(site: Path) -> dict[str, bytes]:
    return {rel: (site / rel).read_bytes() for rel in files(site)}
