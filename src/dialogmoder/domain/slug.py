"""Safe file names from Danish titles."""

from __future__ import annotations

import re
import unicodedata

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError

_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
MAX_SLUG = 60  # file names stay far below 255 bytes with the date prefix and .md


def slugify(title: str, *, what: str = "title") -> str:
    """'Vækst, bosætning og klima' -> 'vaekst-bosaetning-og-klima'; only [a-z0-9-]."""
    text = unicodedata.normalize("NFC", title).lower()
    text = "".join(_LETTERS.get(ch, ch) for ch in text)
    # strip remaining accents (é -> e), then drop everything that is not a-z0-9
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    if not slug:
        raise DialogError(
            besked(
                "the {what} {title!r} gives an empty file name; use letters or digits in it"
            ).format(what=what, title=title)
        )
    return slug
