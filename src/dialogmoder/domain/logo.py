"""The organisation's logo named in dialog.yaml: where it may be, and its bytes for a letterhead."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.danish import besked
from dialogmoder.domain.bilagsfil import is_regular_file, read_regular
from dialogmoder.domain.loader import LOOP, link_problem

MIME = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Logo:
    """The logo as a letterhead needs it: its path from the repository root, type and bytes."""

    path: str  # "grafik/logo.png", posix, relative to the repository root
    mime: str
    data: bytes


def logo_problem(root: Path, logo: str) -> str | None:
    """Why `logo` cannot head a document (as the end of a sentence), or None."""
    fil = logo.replace("\\", "/")
    normal = posixpath.normpath(fil)
    if fil.startswith("/") or normal == ".." or normal.startswith("../") or ":" in fil:
        return besked("must be a path inside the repository, e.g. grafik/logo.png")
    if posixpath.splitext(normal)[1].lower() not in MIME:
        return besked("must be a png, svg or jpg image")
    path = root / normal
    refused = link_problem(root, path)
    if refused == LOOP:
        return besked(LOOP)
    if refused:
        return besked("is a link that leaves the repository")
    if not os.path.lexists(path):
        return besked("does not exist; put the image in the repository or fix the path")
    if not is_regular_file(path):
        return besked(
            "is not a regular file (a named pipe, device, socket or folder); dialog never"
            " reads it: put the image itself in the repository"
        )
    return None


def load_logo(root: Path, logo: str | None) -> Logo | None:
    """The logo, or None when none is named or it cannot be used (`dialog check` says why)."""
    if logo is None or logo_problem(root, logo) is not None:
        return None
    normal = posixpath.normpath(logo.replace("\\", "/"))
    data = read_regular(root / normal)
    if data is None:
        return None
    return Logo(normal, MIME[posixpath.splitext(normal)[1].lower()], data)
