"""The gettext catalogue (domain `dialog`, language `da`), read from its .mo once, when a
wording is first asked for: importing it reads nothing, so `dialog check` pays only when a
finding names a document."""

from __future__ import annotations

import gettext as _gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "dialog"
LANGUAGE = "da"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SPROG_ENV = "DIALOG_SPROG"
"""The setting that chooses the language of the messages (never of the documents)."""


def catalogue_path(suffix: str, locale_dir: Path | None = None) -> Path:
    """locale/da/LC_MESSAGES/dialog.po (`suffix` ".po") or its compiled ".mo"."""
    folder = LOCALE_DIR if locale_dir is None else locale_dir
    return folder / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations() -> _gettext.GNUTranslations:
    """The compiled catalogue; a missing one is a broken install, not English output."""
    path = catalogue_path(".mo")
    try:
        with path.open("rb") as mo:
            return _gettext.GNUTranslations(mo)
    except FileNotFoundError:
        raise RuntimeError(f"dialogmoder is installed without its catalogue {path}") from None


def gettext(message: str) -> str:
    """The Danish wording of `message`."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Danish wording for `n` of something: 1 punkt, 2 punkter."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The Danish wording of `message` where `context` tells two uses of it apart."""
    return translations().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` with a context."""
    return translations().npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalogue where it is defined (a table of labels made at
    import); it is looked up where it is shown, with `gettext`."""
    return message


# --- messages -------------------------------------------------------------------------------
# What dialog prints to the person at the terminal (errors, findings, summaries, help) is in
# Danish unless DIALOG_SPROG=en; the documents, pages and feeds it writes are always Danish
# (they are the municipality's, whoever builds them). Message calls are `besked` and
# `nbesked`, extracted into the same catalogue as the documents' wording.


def message_language() -> str:
    """'da', or 'en' when DIALOG_SPROG says so ('en', 'engelsk', 'english'; any case)."""
    value = os.environ.get(SPROG_ENV, "").strip().casefold()
    return "en" if value in ("en", "engelsk", "english") else LANGUAGE


def besked(message: str) -> str:
    """A terminal message in the reader's language: Danish unless DIALOG_SPROG=en."""
    if message_language() == "en":
        return message
    return translations().gettext(message)


def nbesked(singular: str, plural: str, n: int) -> str:
    """`besked` for `n` of something: '1 fejl', '2 fejl'."""
    if message_language() == "en":
        return singular if n == 1 else plural
    return translations().ngettext(singular, plural, n)
