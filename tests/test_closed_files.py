"""Issue 17, item 1: a file is public only when every bilag that names it is open and in an
open punkt, whatever path, link or copy the open bilag reaches it by. `dialog check`
reports it on the open bilag's line (DM605); no public output carries its bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, punkt
from helpers.pdf import pdf_strings
from helpers.repo import git
from helpers.site import build_site

SECRET = "KANARIFORTROLIG"
CLOSED = f"{DIR}/punkter/02-lukket.md"
OPEN = f"{DIR}/punkter/03-aaben.md"
OTHER_DIR = "meetings/2025/2025-02-05-direktionen"


def _closed_punkt(fil: str = "bilag/sag.txt", *, punkt_closed: bool = True) -> str:
    if punkt_closed:  # a bilag of a closed punkt is closed, whatever it says
        return punkt(
            "Personalesag Ole",
            lukket="true",
            extra="offentlig_titel: Personalesag\n"
            f"bilag:\n  - {{titel: Sagen, lukket: false, fil: {fil}}}",
        )
    return punkt("Sag", extra=f"bilag:\n  - {{titel: Sagen, lukket: true, fil: {fil}}}")


def _open_punkt(fil: str) -> str:
    # the fil line is line 6: ---, titel, lukket, bilag:, - {titel..., fil}
    return punkt(
        "Orientering", extra=f"bilag:\n  - {{titel: Notat, lukket: false,\n      fil: '{fil}'}}"
    )


def _link(root: Path, form: str) -> None:
    """Make the open bilag's file the closed one by `form` (after the repository is built)."""
    bilag = root / DIR / "bilag"
    if form == "symlink":
        os.symlink("sag.txt", bilag / "link.txt")
    elif form == "hardlink":
        os.link(bilag / "sag.txt", bilag / "hard.txt")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "link")


# form -> (the open bilag's fil, extra files, closed punkt builder kwargs)
FORMS: dict[str, tuple[str, dict[str, str], dict[str, bool]]] = {
    "same-path": ("bilag/sag.txt", {}, {}),
    "dot-path": ("./bilag/sag.txt", {}, {}),
    "dotdot-path": ("bilag/../bilag/sag.txt", {}, {}),
    "backslash-path": ("bilag\\sag.txt", {}, {}),
    "symlink": ("bilag/link.txt", {}, {}),
    "hardlink": ("bilag/hard.txt", {}, {}),
    "copy": ("bilag/kopi.txt", {f"{DIR}/bilag/kopi.txt": f"{SECRET}\n"}, {}),
    "closed-bilag-of-open-punkt": ("bilag/sag.txt", {}, {"punkt_closed": False}),
    "copy-in-another-meeting": (
        "bilag/kopi.txt",
        {f"{DIR}/bilag/kopi.txt": f"{SECRET}\n", f"{DIR}/bilag/sag.txt": None},  # type: ignore[dict-item]
        {"other_meeting": True},
    ),
}


def _repo(make_repo, form: str) -> Path:
    fil, extra, how = FORMS[form]
    files: dict[str, str | None] = {
        "dialog.yaml": PUBLIC,
        f"{DIR}/bilag/sag.txt": f"{SECRET}\n",
        OPEN: _open_punkt(fil),
    }
    if how.get("other_meeting"):
        files[f"{OTHER_DIR}/meeting.md"] = (
            "---\nforum: direktionen\ntitel: Direktionen\ndato: 2025-02-05\n---\n"
        )
        files[f"{OTHER_DIR}/punkter/01-lukket.md"] = _closed_punkt()
        files[f"{OTHER_DIR}/bilag/sag.txt"] = f"{SECRET}\n"
    else:
        files[CLOSED] = _closed_punkt(punkt_closed=how.get("punkt_closed", True))
    files.update(extra)
    root = make_repo(files)
    if form in ("symlink", "hardlink"):
        _link(root, form)
    return root


@pytest.mark.parametrize("form", FORMS)
def test_an_open_bilag_naming_a_closed_bilags_file_is_a_check_error_on_its_line(
    form, make_repo, dialog
):
    root = _repo(make_repo, form)
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    found = [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM605"]
    assert found == [(OPEN, 6)], result.out
    assert result.code == 1


@pytest.mark.parametrize("form", FORMS)
def test_a_closed_bilags_file_reaches_no_public_output_through_an_open_bilag(
    form, make_repo, dialog
):
    root = _repo(make_repo, form)
    for fmt in ("md", "html", "pdf"):
        result = dialog("render", "referat", DIR_ID, "-f", fmt, "--public", cwd=root)
        assert result.code == 0, result.err
    site = build_site(dialog, root)
    written = [p for p in (root / "build").rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in written)
    assert (site / "data.json").exists() or any(p.suffix == ".json" for p in written)
    for path in written:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        if path.suffix == ".pdf":
            assert SECRET not in pdf_strings(data), path


def test_the_internal_edition_still_attaches_the_file(make_repo, dialog):
    root = _repo(make_repo, "copy")
    result = dialog("render", "referat", DIR_ID, "-f", "html", cwd=root)
    assert result.code == 0, result.err
    copies = root / "build" / f"{DIR_ID}-referat-bilag"
    assert sorted(p.name for p in copies.iterdir()) == ["Notat.txt", "Sagen.txt"]


def test_an_open_bilag_with_a_file_of_its_own_is_published(make_repo, dialog):
    root = make_repo(
        {
            "dialog.yaml": PUBLIC,
            CLOSED: _closed_punkt(),
            f"{DIR}/bilag/sag.txt": f"{SECRET}\n",
            OPEN: _open_punkt("bilag/notat.txt"),
            f"{DIR}/bilag/notat.txt": "Offentligt notat.\n",
        }
    )
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [f for f in json.loads(result.out) if f["rule"] == "DM605"] == []
    result = dialog("render", "referat", DIR_ID, "-f", "html", "--public", cwd=root)
    assert result.code == 0, result.err
    copies = root / "build" / f"{DIR_ID}-referat-offentlig-bilag"
    assert [p.name for p in copies.iterdir()] == ["Notat.txt"]


def test_check_staged_compares_with_the_closed_bilag_files_of_other_meetings(make_repo, dialog):
    root = _repo(make_repo, "copy-in-another-meeting")
    result = dialog(
        "check", "--staged", OPEN, "--format", "json", "--today", "2025-03-01", cwd=root
    )
    found = [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM605"]
    assert found == [(OPEN, 6)]
