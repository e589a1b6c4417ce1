"""Building the public site with `dialog site` and reading what it wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.run import Result

# after the fixture's Direktionen meeting of 5 March 2025: the site shows its referat
TODAY = ("--today", "2025-06-01")


def build_site(dialog: Callable[..., Result], root: Path, *args: str) -> Path:
    """Run `dialog site` in root (it must succeed); the built site's folder."""
    result = dialog("site", *TODAY, *args, cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "site"


def site_files(site: Path) -> list[Path]:
    """Every file of the built site, sorted."""
    return sorted(p for p in site.rglob("*") if p.is_file())


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in the repository's file `rel`."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, rel
    path.write_text(text.replace(old, new), encoding="utf-8")
