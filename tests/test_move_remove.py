"""dialog move-item and remove-item: punkter that move, renumbered all or nothing (the
kills are in test_renumbering.py), staged in git, refused where text would be lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.meetings import DIR
from helpers.repo import git

PUNKTER = f"{DIR}/punkter"


def _punkt(nr: int, extra: str = "") -> str:
    return f"---\ntitel: Punkt {nr}\nlukket: false\n{extra}---\nTekst {nr}.\n"


def _repo(make_repo, n: int = 5, meeting_extra: str = "") -> Path:
    files: dict[str, str | None] = {
        f"{PUNKTER}/{nr:02d}-p{nr}.md": _punkt(nr) for nr in range(1, n + 1)
    }
    files[f"{PUNKTER}/01-budget.md"] = None
    if meeting_extra:
        files[f"{DIR}/meeting.md"] = (
            f"---\nforum: direktionen\ntitel: Direktionen\ndato: 2025-03-05\n{meeting_extra}---\n"
        )
    return make_repo(files)


def _names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / PUNKTER).iterdir())


def _texts(root: Path) -> list[str]:
    return [(root / PUNKTER / name).read_text("utf-8") for name in _names(root)]


def test_move_item_down_and_up_renumbers_the_punkter_between(make_repo, dialog):
    root = _repo(make_repo)
    texts = _texts(root)
    result = dialog("move-item", DIR, "5", "2", cwd=root)
    assert result.code == 0, result.err
    assert _names(root) == ["01-p1.md", "02-p5.md", "03-p2.md", "04-p3.md", "05-p4.md"]
    assert _texts(root) == [texts[0], texts[4], texts[1], texts[2], texts[3]]
    assert dialog("move-item", DIR, "2", "5", cwd=root).code == 0
    assert _names(root) == [f"{nr:02d}-p{nr}.md" for nr in range(1, 6)]
    assert _texts(root) == texts
    assert dialog("move-item", DIR, "3", "3", cwd=root).code == 0
    assert _texts(root) == texts


def test_remove_item_renumbers_the_later_punkter_and_says_the_bilag_stay(make_repo, dialog):
    root = _repo(make_repo)
    bilag = root / DIR / "bilag/notat.txt"
    bilag.parent.mkdir()
    bilag.write_text("bilag\n", "utf-8")
    (root / PUNKTER / "02-p2.md").write_text(
        _punkt(2, "bilag:\n  - titel: Notat\n    fil: bilag/notat.txt\n"), "utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bilag")
    texts = _texts(root)
    result = dialog("remove-item", DIR, "2", cwd=root)
    assert result.code == 0, result.err
    assert _names(root) == ["01-p1.md", "02-p3.md", "03-p4.md", "04-p5.md"]
    assert _texts(root) == [texts[0], *texts[2:]]
    assert bilag.read_text("utf-8") == "bilag\n"  # left in place, and the message says so
    assert "bilag/notat.txt" in result.out


def test_move_and_remove_stage_the_renames_not_the_unstaged_edits(make_repo, dialog):
    root = _repo(make_repo)
    (root / PUNKTER / "03-p3.md").write_text(_punkt(3) + "Ikke staget.\n", "utf-8")
    assert dialog("move-item", DIR, "5", "1", cwd=root).code == 0
    status = git(root, "status", "--porcelain").splitlines()
    assert sorted(line[:2] for line in status) == ["R ", "R ", "R ", "R ", "RM"], status
    diff = git(root, "diff", "--cached", "-M", "--stat")
    assert "Ikke staget" not in git(root, "diff", "--cached")  # the edit stays unstaged
    assert "=>" in diff
    git(root, "commit", "-q", "-m", "moved")
    (root / PUNKTER / "04-p3.md").write_text(_punkt(3), "utf-8")
    assert dialog("remove-item", DIR, "1", cwd=root).code == 0
    status = git(root, "status", "--porcelain").splitlines()
    assert sorted(line[:2] for line in status) == ["D ", "R ", "R ", "R ", "R "], status


def test_remove_item_refuses_a_punkt_whose_text_is_not_committed(make_repo, dialog):
    root = _repo(make_repo)
    (root / PUNKTER / "02-p2.md").write_text(_punkt(2) + "Nyt, ikke committet.\n", "utf-8")
    before = _texts(root)
    result = dialog("remove-item", DIR, "2", cwd=root)
    assert result.code == 1
    assert "02-p2.md" in result.err and "--force" in result.err
    assert _texts(root) == before
    forced = dialog("remove-item", DIR, "2", "--force", cwd=root)
    assert forced.code == 0, forced.err
    assert _names(root) == ["01-p1.md", "02-p3.md", "03-p4.md", "04-p5.md"]


def test_remove_item_of_a_punkt_only_renamed_since_the_commit_is_allowed(make_repo, dialog):
    """Its text is in HEAD under its old name: nothing is lost."""
    root = _repo(make_repo)
    assert dialog("move-item", DIR, "1", "3", cwd=root).code == 0
    assert dialog("remove-item", DIR, "3", cwd=root).code == 0


def test_remove_item_outside_git_needs_force(tmp_path, dialog):
    from helpers.repo import default_files, write_files

    root = tmp_path / "repo"
    write_files(root, default_files() | {f"{PUNKTER}/02-p2.md": _punkt(2)})
    result = dialog("remove-item", DIR, "2", cwd=root)
    assert result.code == 1 and "--force" in result.err
    assert dialog("remove-item", DIR, "2", "--force", cwd=root).code == 0
    assert _names(root) == ["01-budget.md"]


@pytest.mark.parametrize("command", [("move-item", "3", "1"), ("remove-item", "3")])
def test_an_approved_referat_is_not_renumbered_without_force(make_repo, dialog, command):
    root = _repo(make_repo, meeting_extra="referat_godkendt:\n  af: x\n  dato: 2025-03-06\n")
    before = _texts(root)
    result = dialog(command[0], DIR, *command[1:], cwd=root)
    assert result.code == 1
    assert "--force" in result.err
    assert _texts(root) == before
    assert dialog(command[0], DIR, *command[1:], "--force", cwd=root).code == 0
    assert _texts(root) != before


@pytest.mark.parametrize(
    "args",
    [("move-item", DIR, "6", "1"), ("move-item", DIR, "1", "0"), ("remove-item", DIR, "9")],
)
def test_a_number_the_meeting_does_not_have_is_a_usage_error(make_repo, dialog, args):
    root = _repo(make_repo)
    before = _texts(root)
    result = dialog(*args, cwd=root)
    assert result.code == 2
    assert "1-5" in result.err
    assert _texts(root) == before


def test_a_meeting_with_a_gap_is_not_renumbered(make_repo, dialog):
    root = _repo(make_repo)
    (root / PUNKTER / "03-p3.md").unlink()
    result = dialog("move-item", DIR, "5", "1", cwd=root)
    assert result.code == 1
    assert "DM401" in result.err
