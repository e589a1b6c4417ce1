"""A bilag file's text is read once for all runs: bytes found clean are remembered in the
user's cache (io/cache.py), by their hash and kind, under the code that read them; bytes
holding a CPR number never are, and a cache others can write in is not used."""

from __future__ import annotations

import hashlib
import json
import os
import sys

import pytest

from dialogmoder.domain.edition.scan import scanner_version
from dialogmoder.io import cache

from helpers.configs import PUBLIC
from helpers.meetings import DIR, punkt
from helpers.pdf import plain_pdf

PUNKT = f"{DIR}/punkter/02-x.md"
CLEAN = plain_pdf("Notat om budgettet")
CPR = plain_pdf("Borger 010203-1234 klager")


def bilag_repo(make_repo, fil: str, content: bytes):
    return make_repo({"dialog.yaml": PUBLIC, **bilag(fil, content)})


def bilag(fil: str, content: bytes) -> dict[str, str | bytes]:
    body = punkt(extra=f"bilag:\n  - {{titel: Notat, lukket: false,\n      fil: {fil}}}")
    return {PUNKT: body, f"{DIR}/{fil}": content}


def rewrite(root, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def dm601(root, dialog) -> list[tuple[str, int]]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM601"]


def marker(folder, kind: str, content: bytes, verdict: str = "cpr-clean"):
    """Where the cache remembers a verdict on these bytes: `cpr-clean` (read, no CPR
    number) or `cpr-unread` (no text to read: DM607)."""
    key = hashlib.sha256(f"{kind}\0".encode() + content).hexdigest()
    return folder / verdict / scanner_version()[:32] / key[:2] / key


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.VARIABLE, str(folder))
    from dialogmoder.domain.edition import scan

    for verdicts in (scan._clean, scan._unread):  # the folder is looked up once a process
        verdicts.cache_clear()
    yield folder
    for verdicts in (scan._clean, scan._unread):
        verdicts.cache_clear()


def test_clean_bytes_are_remembered_and_then_not_read_again(make_repo, dialog, own_cache):
    root = bilag_repo(make_repo, "bilag/notat.pdf", CLEAN)
    assert dm601(root, dialog) == []
    assert marker(own_cache, "pdf", CLEAN).is_file()
    # what is remembered is trusted: bytes said to be clean are not read (shown here with
    # bytes that are not, remembered by hand; dialog itself never remembers such bytes)
    (root / DIR / "bilag/notat.pdf").write_bytes(CPR)
    assert dm601(root, dialog) == [(PUNKT, 6)]
    marker(own_cache, "pdf", CPR).parent.mkdir(parents=True, exist_ok=True)
    marker(own_cache, "pdf", CPR).touch()
    assert dm601(root, dialog) == []


def test_bytes_holding_a_cpr_number_are_never_remembered(make_repo, dialog, own_cache):
    root = bilag_repo(make_repo, "bilag/notat.pdf", CPR)
    assert dm601(root, dialog) == [(PUNKT, 6)]
    assert dm601(root, dialog) == [(PUNKT, 6)]
    assert not marker(own_cache, "pdf", CPR).exists()
    assert [p for p in own_cache.rglob("*") if p.is_file()] == []


def test_the_same_bytes_as_another_kind_of_file_are_read_again(make_repo, dialog, own_cache):
    text = b"Borger 010203-1234 klager.\n"  # no PDF: pypdf reads no text from it
    root = bilag_repo(make_repo, "bilag/notat.pdf", text)
    assert dm601(root, dialog) == []
    assert marker(own_cache, "pdf", text, "cpr-unread").is_file()  # no text: not clean
    assert not marker(own_cache, "pdf", text).exists()
    rewrite(root, bilag("bilag/notat.txt", text))
    assert dm601(root, dialog) == [(PUNKT, 6)]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_can_write_in_is_not_used(make_repo, dialog, own_cache):
    own_cache.mkdir()
    own_cache.chmod(0o777)
    assert cache.cache_root() is None
    marker(own_cache, "pdf", CPR).parent.mkdir(parents=True)
    marker(own_cache, "pdf", CPR).touch()  # planted: it must not hide the number
    root = bilag_repo(make_repo, "bilag/notat.pdf", CPR)
    assert dm601(root, dialog) == [(PUNKT, 6)]
    own_cache.chmod(0o700)
    assert cache.cache_root() == own_cache


def test_no_usable_cache_is_no_error(make_repo, dialog, own_cache):
    own_cache.write_text("a file, not a folder")
    assert cache.cache_root() is None
    root = bilag_repo(make_repo, "bilag/notat.pdf", CPR)
    assert dm601(root, dialog) == [(PUNKT, 6)]
    rewrite(root, bilag("bilag/notat.pdf", CLEAN))
    assert dm601(root, dialog) == []


def test_the_default_folder_is_the_users_own(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = {
        "win32": tmp_path / "local" / "dialogmoder" / "Cache",
        "darwin": tmp_path / "home" / "Library" / "Caches" / "dialogmoder",
    }.get(sys.platform, tmp_path / "xdg" / "dialogmoder")
    assert cache.cache_root() == expected
    if hasattr(os, "getuid"):
        assert expected.stat().st_mode & 0o777 == 0o700


def test_a_relative_folder_is_not_used(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cache.VARIABLE, "cache")
    assert cache.cache_root() is None
    assert list(tmp_path.iterdir()) == []


def test_a_scan_is_remembered_as_unread_never_as_clean_and_named_on_every_run(
    make_repo, dialog, own_cache
):
    """A PDF without text (a scanned letter) cannot be read for CPR numbers: DM607 names it,
    and the cache remembers it as unread, never as clean (a file remembered as clean is not
    looked at again by DM601 or DM607); the next run, which knows it only from the cache
    folder, names it again."""
    from dialogmoder.domain.edition import scan as scanning

    from helpers.pdf import scanned_pdf

    scan = scanned_pdf(2)
    root = bilag_repo(make_repo, "bilag/brev.pdf", scan)

    def dm607() -> list[tuple[str, int]]:
        result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
        return [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM607"]

    assert dm607() == [(PUNKT, 6)]
    assert marker(own_cache, "pdf", scan, "cpr-unread").is_file()
    assert not marker(own_cache, "pdf", scan).exists()
    scanning._unread.cache_clear()  # a new run: only the folder remembers
    scanning._clean.cache_clear()
    assert dm607() == [(PUNKT, 6)]
