"""The one exception type a user ever sees, turned into `path:line: message` by the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from dialogmoder.danish import besked
from dialogmoder.exit_codes import USAGE

Choice = TypeVar("Choice", bound=str)


class DialogError(Exception):
    """A problem the user can fix: exit 1 for bad content, 2 for usage or an unusable repo."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        exit_code: int = USAGE,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


def require_choice(what: str, value: str, choices: Iterable[Choice]) -> Choice:
    """The value, if it is one of a fixed set (a format, a document); else refused, naming the
    set. The library's own guard for Python callers: the command line's choices refuse a
    wrong value before it gets here."""
    names = tuple(choices)
    for name in names:
        if value == name:
            return name
    raise DialogError(
        besked("unknown {what} '{value}'; choose one of {x}").format(
            what=besked(what), value=value, x=", ".join(names)
        )
    )
