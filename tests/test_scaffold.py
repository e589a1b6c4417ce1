"""init, new-meeting, add-item, and BAD_INPUTS.md's "Names and paths" and "Writing"."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from dialogmoder.domain.slug import slugify
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import create_file

from helpers.meetings import DIR
from helpers.repo import git
from helpers.run import SPEC


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def test_init_creates_a_valid_empty_repository(tmp_path, dialog):
    result = dialog("init", tmp_path / "ny", "--organisation", "Syddjurs Kommune", *SPEC)
    assert result.code == 0, result.err
    assert (tmp_path / "ny" / "dialog.yaml").is_file()
    assert (tmp_path / "ny" / ".git").is_dir()
    check = dialog("check", cwd=tmp_path / "ny")
    assert check.code == 0, check.out
    assert "Syddjurs Kommune" in (tmp_path / "ny" / "dialog.yaml").read_text(encoding="utf-8")


def test_init_ignores_the_build_folder_renderings_go_to(tmp_path, dialog):
    root = tmp_path / "ny"
    dialog("init", root, *SPEC)
    assert (root / ".gitignore").read_text(encoding="utf-8") == "build/\n"
    (root / "build").mkdir()
    (root / "build" / "x-referat.pdf").write_bytes(b"%PDF")
    assert "build" not in git(root, "status", "--porcelain", "--untracked-files=all")


def test_init_keeps_an_existing_gitignore(tmp_path, dialog):
    root = tmp_path / "ny"
    root.mkdir()
    (root / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    result = dialog("init", root, *SPEC)
    assert result.code == 0, result.err
    assert (root / ".gitignore").read_text(encoding="utf-8") == "*.tmp\n"


def test_init_with_an_empty_organisation_names_the_option_and_writes_nothing(tmp_path, dialog):
    result = dialog("init", tmp_path / "ny", "--organisation", " ")
    assert result.code == 2
    assert result.err == ("dialog: --organisation er tom; angiv navnet, fx 'Norddjurs Kommune'\n")
    assert not (tmp_path / "ny").exists()


def test_init_into_a_file_says_it_needs_a_folder(tmp_path, dialog):
    (tmp_path / "referat.docx").write_bytes(b"PK")
    result = dialog("init", tmp_path / "referat.docx")
    assert result.code == 2
    assert result.err == (
        f"dialog: {tmp_path / 'referat.docx'} er en fil; angiv en mappe til det nye arkiv\n"
    )


def test_new_meeting_facilitering_for_a_forum_without_it_is_refused(make_repo, dialog):
    root = make_repo()
    args = ("new-meeting", "--forum", "direktionen", "--dato", "2025-06-04", "--facilitering")
    result = dialog(*args, cwd=root)
    assert result.code == 2
    assert result.err == (
        "dialog: forummet 'direktionen' har intet facilitering-produkt i dialog.yaml;"
        " udelad --facilitering, eller tilføj produktet til forummet\n"
    )
    assert not (root / "meetings/2025/2025-06-04-direktionen").exists()


def test_init_refuses_an_existing_repository(make_repo, dialog):
    root = make_repo()
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("init", root)
    assert result.code == 2
    assert "findes allerede" in result.err
    assert (root / "dialog.yaml").read_bytes() == before


def test_new_meeting_creates_every_required_product(make_repo, dialog):
    root = make_repo()
    result = dialog(
        "new-meeting",
        "--forum",
        "strategisk-dialogmoede",
        "--dato",
        "2025-04-02",
        "--titel",
        "Vækst, bosætning og klima",
        cwd=root,
    )
    assert result.code == 0, result.err
    folder = root / "meetings/2025/2025-04-02-vaekst-bosaetning-og-klima"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "baggrundsnotat.md",
        "meeting.md",
        "opfoelgningsnotat.md",
        "program.md",
        "punkter",
    ]
    # before any frist: a fresh meeting has drafts, which are fine until their frist
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0


def test_new_meeting_with_facilitering_adds_the_ved_behov_product(make_repo, dialog):
    root = make_repo()
    dialog(
        "new-meeting",
        "--forum",
        "strategisk-dialogmoede",
        "--dato",
        "2025-04-02",
        "--facilitering",
        cwd=root,
    )
    assert (root / "meetings/2025/2025-04-02-strategisk-dialogmoede/facilitering.md").is_file()


def test_new_meeting_twice_refuses_and_keeps_the_first_byte_for_byte(make_repo, dialog):
    root = make_repo()
    args = ("new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-04-02")
    assert dialog(*args, cwd=root).code == 0
    folder = root / "meetings/2025/2025-04-02-strategisk-dialogmoede"
    (folder / "program.md").write_text("---\ntitel: Mit program\n---\nMin tekst.\n", "utf-8")
    before = snapshot(folder)
    second = dialog(*args, cwd=root)
    assert second.code == 2
    assert "findes allerede; dialog overskriver aldrig et møde" in second.err
    assert snapshot(folder) == before
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".dialog")]


def test_new_meeting_unknown_forum_lists_the_known(make_repo, dialog):
    root = make_repo()
    result = dialog("new-meeting", "--forum", "direktion", "--dato", "2025-04-02", cwd=root)
    assert result.code == 2
    assert (
        "intet forum 'direktion' i dialog.yaml; kendte fora: direktionen, strategisk-dialogmoede"
        in (result.err)
    )


def test_new_meeting_bad_date(make_repo, dialog):
    root = make_repo()
    result = dialog("new-meeting", "--forum", "direktionen", "--dato", "2025-02-30", cwd=root)
    assert result.code == 2
    assert "--dato '2025-02-30' er ikke en dato" in result.err


def test_new_meeting_with_a_broken_template_override_writes_nothing(make_repo, dialog):
    root = make_repo({"templates/meeting.md.j2": "---\nforum: {{ forum_id }}\n---\n"})
    result = dialog("new-meeting", "--forum", "direktionen", "--dato", "2025-04-02", cwd=root)
    assert result.code == 2
    assert "skabelonen gav en ugyldig fil" in result.err
    assert "titel mangler" in result.err
    assert not (root / "meetings/2025/2025-04-02-direktionen").exists()


def make_three(make_repo):
    files = {}
    for nr, slug in [(1, "budget"), (2, "personale"), (3, "eventuelt")]:
        files[f"{DIR}/punkter/{nr:02d}-{slug}.md"] = (
            f"---\ntitel: {slug.title()}\nlukket: false\n---\nTekst om {slug}.\n"
        )
    files[f"{DIR}/punkter/01-budget.md"] = files.pop(f"{DIR}/punkter/01-budget.md")
    return make_repo(files)


def test_add_item_appends_the_next_number(make_repo, dialog):
    root = make_three(make_repo)
    result = dialog(
        "add-item", "2025-03-05-direktionen", "--titel", "Nyt punkt", "--aaben", cwd=root
    )
    assert result.code == 0, result.err
    assert (root / DIR / "punkter/04-nyt-punkt.md").is_file()


def test_add_item_at_position_1_renumbers_with_contents_intact(make_repo, dialog):
    root = make_three(make_repo)
    punkter = root / DIR / "punkter"
    contents = {p.name.split("-", 1)[1]: p.read_bytes() for p in punkter.iterdir()}
    result = dialog("add-item", DIR, "--titel", "Først", "--position", "1", "--aaben", cwd=root)
    assert result.code == 0, result.err
    names = sorted(p.name for p in punkter.iterdir())
    assert names == ["01-foerst.md", "02-budget.md", "03-personale.md", "04-eventuelt.md"]
    for name in names[1:]:
        assert (punkter / name).read_bytes() == contents[name.split("-", 1)[1]]
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0


def test_add_item_is_closed_unless_said_open(make_repo, dialog):
    root = make_three(make_repo)
    dialog("add-item", DIR, "--titel", "Fortroligt", cwd=root)
    dialog("add-item", DIR, "--titel", "Åbent", "--aaben", cwd=root)
    assert "lukket: true" in (root / DIR / "punkter/04-lukket-punkt.md").read_text("utf-8")
    assert "lukket: false" in (root / DIR / "punkter/05-aabent.md").read_text("utf-8")


@pytest.mark.parametrize("position", ["0", "5"])
def test_add_item_position_out_of_range(make_repo, dialog, position):
    root = make_three(make_repo)
    before = snapshot(root / DIR)
    result = dialog("add-item", DIR, "--titel", "X", "--position", position, cwd=root)
    assert result.code == 2
    assert "--position skal være mellem 1 og 4" in result.err
    assert snapshot(root / DIR) == before


def test_add_item_unknown_meeting(make_repo, dialog):
    root = make_repo()
    result = dialog("add-item", "2025-13-01-direktionen", "--titel", "X", cwd=root)
    assert result.code == 2
    assert "intet møde '2025-13-01-direktionen'" in result.err


def test_renumbering_interrupted_leaves_no_duplicate_and_no_loss(make_repo, dialog, monkeypatch):
    """A failure after the first rename (a full disk): every later rename fails too, and the
    punkter still end under the names they had (io/renumber.py rolls back)."""
    from dialogmoder.io import renumber

    root = make_three(make_repo)
    punkter = root / DIR / "punkter"
    before = snapshot(punkter)
    real_rename = renumber._Run.rename
    calls = []

    def failing_rename(run, source, target):
        calls.append(source)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        real_rename(run, source, target)

    monkeypatch.setattr(renumber._Run, "rename", failing_rename)
    result = dialog("add-item", DIR, "--titel", "Først", "--position", "1", "--aaben", cwd=root)
    assert result.code == 2
    assert "disken er fuld" in result.err
    assert snapshot(punkter) == before


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Vækst, bosætning og 1/3 om klima", "vaekst-bosaetning-og-1-3-om-klima"),
        ("Ældre-området på Ærø", "aeldre-omraadet-paa-aeroe"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolut/sti", "absolut-sti"),
        ("Café crème", "cafe-creme"),
        (unicodedata.normalize("NFD", "Følgeskab og ånd"), "foelgeskab-og-aand"),
    ],
)
def test_slugs_from_danish_titles(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["", "???", "---", "✓✓"])
def test_empty_slug_is_an_error_not_a_dash_file(title):
    with pytest.raises(DialogError, match="giver et tomt filnavn"):
        slugify(title)


def test_very_long_title_is_shortened_below_the_file_name_limit(make_repo, dialog):
    root = make_repo()
    title = "Meget lang titel om økonomi og ældrepleje " * 20
    result = dialog("add-item", DIR, "--titel", title, "--aaben", cwd=root)
    assert result.code == 0, result.err
    created = next((root / DIR / "punkter").glob("02-*.md"))
    assert len(created.name.encode()) < 255
    assert title.strip() in created.read_text("utf-8")


def test_reserved_device_names_never_become_bare_file_names(make_repo, dialog):
    root = make_repo()
    for title in ["con", "NUL", "aux"]:
        assert dialog("add-item", DIR, "--titel", title, "--aaben", cwd=root).code == 0
    names = {p.stem for p in (root / DIR / "punkter").iterdir()}
    assert not names & {"con", "nul", "aux"}


def test_symlink_leaving_the_repository_is_refused(make_repo, dialog, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitel: Hemmelig\nlukket: false\n---\n", "utf-8")
    root = make_repo()
    os.symlink(outside, root / DIR / "punkter/02-link.md")
    result = dialog("check", cwd=root)
    assert result.code == 1
    assert (
        f"{DIR}/punkter/02-link.md: fejl DM001 er et symbolsk link, der fører ud af arkivet"
        in result.out
    )


def test_symlinked_meeting_folder_outside_is_refused(make_repo, dialog, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = make_repo()
    os.symlink(outside, root / "meetings/2025/2025-04-01-direktionen")
    result = dialog("check", cwd=root)
    assert "meetings/2025/2025-04-01-direktionen: fejl DM001 er et symbolsk link" in result.out


def test_stray_files_and_missing_meeting_md_are_findings(make_repo, dialog):
    root = make_repo(
        {
            f"{DIR}/punkter/notes.txt": "noter",
            f"{DIR}/referat.docx": b"PK\x03\x04",
            "meetings/2025/2025-04-01-direktionen/punkter/01-x.md": "---\ntitel: X\n---\n",
        }
    )
    result = dialog("check", cwd=root)
    assert result.code == 1
    assert f"{DIR}/punkter/notes.txt: fejl DM009 er ikke en punktfil" in result.out
    assert f"{DIR}/referat.docx: advarsel DM006 er ikke en fil, dialog kender" in result.out
    assert "meetings/2025/2025-04-01-direktionen/meeting.md: fejl DM007 mangler" in result.out


def test_an_empty_repository_is_clean(make_repo, dialog):
    root = make_repo(with_meeting=False)
    assert dialog("check", cwd=root).code == 0


def test_create_file_never_overwrites(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")
    with pytest.raises(DialogError, match="findes allerede"):
        create_file(target, "new")
    assert target.read_text("utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_create_file_force_replaces_atomically(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")
    create_file(target, "new", force=True)
    assert target.read_text("utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_new_files_get_the_usual_mode_not_private(make_repo, dialog):
    root = make_repo()
    old = os.umask(0o022)
    try:
        dialog("add-item", DIR, "--titel", "Nyt", "--aaben", cwd=root)
    finally:
        os.umask(old)
    assert (root / DIR / "punkter/02-nyt.md").stat().st_mode & 0o777 == 0o644


def test_a_meeting_id_in_two_year_folders_is_ambiguous_not_a_guess(make_repo, dialog):
    text = "---\ntitel: Budget\nlukket: false\n---\n"
    root = make_repo({"meetings/2024/2025-03-05-direktionen/punkter/01-x.md": text})
    result = dialog("add-item", "2025-03-05-direktionen", "--titel", "Nyt", "--aaben", cwd=root)
    assert result.code == 2
    assert (
        "passer på to mødemapper, meetings/2024/2025-03-05-direktionen og"
        " meetings/2025/2025-03-05-direktionen" in result.err
    )
    by_path = dialog(
        "add-item", "meetings/2025/2025-03-05-direktionen", "--titel", "Nyt", "--aaben", cwd=root
    )
    assert by_path.code == 0, by_path.err
    assert (root / DIR / "punkter/02-nyt.md").is_file()


def test_a_renumbering_that_fails_halfway_is_rolled_back(make_repo, dialog, monkeypatch):
    """The second rename fails (a full disk): the first is undone, every name as it was."""
    from dialogmoder.io import renumber

    root = make_three(make_repo)
    punkter = root / DIR / "punkter"
    before = snapshot(punkter)
    real_rename = renumber._Run.rename
    calls = []

    def second_rename_fails(run, source, target):
        calls.append(source)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_rename(run, source, target)

    monkeypatch.setattr(renumber._Run, "rename", second_rename_fails)
    result = dialog("add-item", DIR, "--titel", "Først", "--position", "1", "--aaben", cwd=root)
    assert result.code == 2
    assert result.err == (
        "dialog: kan ikke tilføje punktet: disken er fuld;"
        " omnummereringen blev rullet tilbage: punkter/ har de navne, den havde\n"
    )
    assert snapshot(punkter) == before


def test_new_meeting_folder_gets_the_usual_mode_not_private(make_repo, dialog):
    root = make_repo()
    old = os.umask(0o022)
    try:
        result = dialog("new-meeting", "--forum", "direktionen", "--dato", "2025-06-04", cwd=root)
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    assert (root / "meetings/2025/2025-06-04-direktionen").stat().st_mode & 0o777 == 0o755


def test_check_reports_what_an_interrupted_dialog_command_left_behind(make_repo, dialog):
    root = make_repo()
    (root / DIR / ".dialog-k3j4.tmp").write_text("half\n", encoding="utf-8")
    (root / DIR / "punkter" / ".dialog-x1.tmp").write_text("", encoding="utf-8")
    (root / ".dialog-y2.tmp").write_text("", encoding="utf-8")
    (root / "meetings/2025/.dialog-new-a1b2c3d4").mkdir()
    (root / DIR / ".notes.md").write_text("a person's own hidden file\n", encoding="utf-8")
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    found = [(f["rule"], f["path"], f["message"]) for f in json.loads(result.out)]
    temp = (
        "er en midlertidig fil efterladt af en afbrudt dialog-kommando; intet bruger den: slet den"
    )
    assert found == [
        ("DM006", ".dialog-y2.tmp", temp),
        (
            "DM006",
            "meetings/2025/.dialog-new-a1b2c3d4",
            "er en halvfærdig mødemappe efterladt af en afbrudt dialog new-meeting;"
            " intet bruger den: slet den (og kør new-meeting igen)",
        ),
        ("DM006", f"{DIR}/.dialog-k3j4.tmp", temp),
        ("DM006", f"{DIR}/punkter/.dialog-x1.tmp", temp),
    ]
    assert result.code == 0
