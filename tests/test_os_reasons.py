"""What the operating system refused is said in the reader's language: "adgang nægtet", not
"Permission denied" inside a Danish sentence (issue 18 left the system's English there)."""

from __future__ import annotations

import errno
import os

import pytest

from dialogmoder.danish import aarsag

from helpers.meetings import DIR_ID
from helpers.run import run_dialog_process

# Every error number dialog says in its own words, with the C library's English for it.
NUMBERS = [
    getattr(errno, name)
    for name in (
        "EACCES", "EPERM", "ENOENT", "EEXIST", "ENOTDIR", "EISDIR", "ENOTEMPTY", "ENOSPC",
        "EDQUOT", "EROFS", "ENAMETOOLONG", "ELOOP", "EBUSY", "EMFILE", "ENFILE", "EIO", "EXDEV",
        "EPIPE",
    )
]  # fmt: skip


@pytest.mark.parametrize("number", NUMBERS, ids=errno.errorcode.get)
def test_each_known_refusal_is_said_in_danish_and_in_english(number, monkeypatch):
    error = OSError(number, os.strerror(number))
    monkeypatch.delenv("DIALOG_SPROG", raising=False)
    danish = aarsag(error)
    monkeypatch.setenv("DIALOG_SPROG", "en")
    english = aarsag(error)
    assert danish != english  # translated in the catalogue
    assert os.strerror(number) not in (danish, english)  # not the system's words
    assert danish[0].islower() and english[0].islower()  # inside a sentence


def test_an_unknown_refusal_keeps_the_systems_words():
    error = OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
    assert aarsag(error) == os.strerror(errno.ENOTSUP)
    assert aarsag(OSError("no number")) == "no number"


def test_a_file_open_in_word_on_windows_says_so(monkeypatch):
    """Windows reports a file locked by another program as a PermissionError with winerror
    32 (a sharing violation), which only Windows sets; set here by hand."""
    monkeypatch.delenv("DIALOG_SPROG", raising=False)
    locked = PermissionError(errno.EACCES, "The process cannot access the file")
    locked.winerror = 32  # type: ignore[attr-defined]
    assert aarsag(locked) == "filen er åben i et andet program; luk den, og prøv igen"
    denied = PermissionError(errno.EACCES, "Access is denied")
    denied.winerror = 5  # type: ignore[attr-defined]  # replacing a file Acrobat holds open
    assert aarsag(denied) == "adgang nægtet; er filen åben i et andet program?"
    assert aarsag(PermissionError(errno.EACCES, "Permission denied")) == "adgang nægtet"


def test_a_name_too_long_for_the_disk_is_told_in_danish(make_repo, tmp_path):
    root = make_repo()
    out = tmp_path / ("a" * 300 + ".md")
    done = run_dialog_process(
        "render", "referat", DIR_ID, "--format", "md", "-o", out, "--root", root, cwd=root
    )
    assert done.returncode == 2
    assert done.stderr.endswith(": navnet er for langt\n"), done.stderr
    assert "File name too long" not in done.stderr
