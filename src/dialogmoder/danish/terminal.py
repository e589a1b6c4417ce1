"""The command line's own words in the reader's language: click's and Typer's messages
("No such command", "Missing argument", "Usage:", "Options") and dialog's --help texts.

click and Typer write their messages with the standard library's `gettext` (each module
does `from gettext import gettext as _`, and `ngettext`), in the default domain, which no
catalogue of the machine answers for Danish. `speak` points those module names at dialog's
catalogue instead (the msgids are click's own English, listed in `CLICK` so that `pybabel`
extracts them and `tests/test_wording.py` holds them translated), and `translate_help` gives
every command, option and argument of the click command built from dialog's Typer app its
help text in the reader's language. Both run when `dialog` starts (`cli.main`), never at
import, and neither does anything with DIALOG_SPROG=en.

The help texts are English msgids written where they belong in cli.py (`help="..."` and
each command's docstring); `danish/extract.py` extracts them for the catalogue.
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING

from dialogmoder.danish.catalogue import N_, besked, message_language, nbesked

if TYPE_CHECKING:
    import click

# The modules of click and Typer that look messages up through `_` / `ngettext`.
MODULES = (
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.decorators",
    "click.termui",
    "click.utils",
    "typer.core",
)

# click's and Typer's messages that a person can meet at dialog's command line, as click
# and Typer write them (their msgids; a changed one in a new click is shown in English
# until it is added here, and tests/test_terminal_language.py notices).
CLICK = (
    N_("Aborted!"),
    N_("Options"),
    N_("Arguments"),
    N_("Positional arguments"),
    N_("Commands"),
    N_("Missing command."),
    N_("Usage:"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Invalid start character for option ({option})"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
    N_("default: {default}"),
    N_("required"),
    N_("(dynamic)"),
    N_("env var: {var}"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Value must be an iterable."),
    N_("deprecated"),
)
# click's plural messages: (singular, plural), looked up with `nbesked`.
CLICK_PLURAL = (
    (
        N_("Got unexpected extra argument ({args})"),
        N_("Got unexpected extra arguments ({args})"),
    ),
    (N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)")),
    (N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments.")),
    (N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}.")),
    (
        N_("Takes {nargs} values but 1 was given."),
        N_("Takes {nargs} values but {len} were given."),
    ),
)
# The usage line's placeholders, which click writes without gettext.
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")


def _gettext(message: str) -> str:
    return besked(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return nbesked(singular, plural, n)


def speak() -> None:
    """Let click and Typer speak the reader's language (nothing to do for English)."""
    if message_language() == "en":
        return
    for name in MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def help_texts(command: click.Command) -> list[str]:
    """Every help text of `command`, its parameters and its subcommands (English msgids)."""
    import click

    texts = [command.help] if command.help else []
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            texts.append(text)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            texts += help_texts(sub)
    return texts


def translate_help(command: click.Command) -> None:
    """Give `command` (and every subcommand and parameter) its help in the reader's
    language; a text written in English and not yet in the catalogue stays English."""
    import click

    if message_language() == "en":
        return
    if command.help:
        command.help = besked(inspect.cleandoc(command.help))
    command.options_metavar = besked(OPTIONS_METAVAR)
    if isinstance(command, click.Group) and command.subcommand_metavar == COMMAND_METAVAR:
        command.subcommand_metavar = besked(COMMAND_METAVAR)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = besked(text)  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_help(sub)
