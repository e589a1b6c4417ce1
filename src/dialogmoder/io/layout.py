"""The names of a dialog repository's own files: where people's text lives, and where
dialog's output goes. One home, so that the loader, the templates and the guard that
never writes over people's files cannot disagree."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "dialog.yaml"
MEETINGS_DIR = "meetings"
TEMPLATES_DIR = "templates"
BUILD_DIR = "build"

# What people (and git) write: dialog writes no output here.
SOURCES = (CONFIG_FILE, MEETINGS_DIR, TEMPLATES_DIR, ".git")

# The one file in .git/ dialog writes (`dialog allowed-signers -o .git/allowed_signers`):
# git's gpg.ssh.allowedSignersFile for this repository, kept out of the working tree.
ALLOWED_SIGNERS_FILE = ".git/allowed_signers"


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a dialog.yaml, like git finds .git."""
    from dialogmoder.danish import besked
    from dialogmoder.errors import DialogError

    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise DialogError(
        besked(
            "not a dialog repository (no {config_file} in {start} or any parent); run"
            " `dialog init` to create one, or pass --root"
        ).format(config_file=CONFIG_FILE, start=start),
        exit_code=2,
    )
