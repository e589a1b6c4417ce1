"""The command line's own words in the reader's language: click's and Typer's messages
("No such command", "Missing argument", "Usage:", "Options") and dialog's --help texts.

Typer (and the click it builds on: its own copy inside Typer since 0.20, the click package
before) writes some messages with the standard library's `gettext` (`from gettext import
gettext as _` in the module, default domain, which no catalogue of the machine answers for
Danish) and others as fixed English f-strings. So:

- `speak` points the `_` and `ngettext` of those modules at dialog's catalogue (the msgids
  are click's and Typer's own English, listed in `CLICK` so that pybabel extracts them);
- `run` runs the command and shows a usage error itself, in the reader's language: the
  usage line, the hint and the message, whose fixed English forms `usage_message`
  recognises (`USAGE_MESSAGES`); a form it does not know is shown as click wrote it;
- `translate_help` gives every command, option and argument its help text in the reader's
  language, and the "Usage:" of the help page.

All of it runs when `dialog` starts (`cli.main`), never at import; with DIALOG_SPROG=en
click's and Typer's English stays as it is.

The help texts are English msgids written where they belong in cli.py (`help="..."` and
each command's docstring); `danish/extract.py` extracts them for the catalogue.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from typing import Any, NoReturn

from dialogmoder.danish.catalogue import N_, besked, message_language, nbesked, pgettext

# The modules of Typer and click that look messages up through `_` / `ngettext`; a click
# module only when it is loaded (Typer since 0.20 carries its own copy, without gettext).
MODULES = (
    "typer.core",
    "typer.rich_utils",
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.decorators",
    "click.termui",
    "click.utils",
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


def click_plurals(n: int) -> tuple[str, ...]:
    """click's plural messages for `n`, as `nbesked` gives them: written here so that
    pybabel extracts each as a plural msgid (click looks them up with `ngettext`)."""
    return (
        nbesked(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            n,
        ),
        nbesked("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
        nbesked(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            n,
        ),
        nbesked("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
        nbesked(
            "Takes {nargs} values but 1 was given.",
            "Takes {nargs} values but {len} were given.",
            n,
        ),
    )


# The usage line's placeholders, which click writes without gettext.
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")


# The fixed English forms of the usage errors of Typer's own click (and of click), as
# patterns whose groups are the placeholders of the msgid beside them; tried in order.
USAGE_MESSAGES = (
    (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
    (r"Missing argument (?P<name>.+)\. (?P<more>.+)", N_("Missing argument {name}. {more}")),
    (r"Missing option (?P<name>.+)\. (?P<more>.+)", N_("Missing option {name}. {more}")),
    (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
        N_("No such option: {name} (did you mean {options}?)"),
    ),
    (r"No such option: (?P<name>.+)", N_("No such option: {name}")),
    (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
    (r"(?P<message>.+)\. Did you mean (?P<names>.+)\?", N_("{message}. Did you mean {names}?")),
    (
        r"Got unexpected extra arguments? ?(?:\(s\) )?\((?P<args>.*)\)",
        N_("Got unexpected extra arguments ({args})"),
    ),
    (r"Option (?P<name>'.+?') requires an argument\.", N_("Option {name} requires a value.")),
    (
        r"Option (?P<name>'.+?') requires (?P<n>\d+) arguments\.",
        N_("Option {name} requires {n} values."),
    ),
    (r"Option (?P<name>'.+?') does not take a value\.", N_("Option {name} does not take a value.")),
    (
        r"Invalid value for (?P<name>.+?): Input should be a valid integer.*",
        N_("Invalid value for {name}: write a whole number."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?:Value error, )?(?P<value>'.*') is not one of"
        r" (?P<choices>.+)\.",
        N_("Invalid value for {name}: {value} is not one of {choices}."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?P<value>.+) is not a valid integer(?: range)?\.",
        N_("Invalid value for {name}: {value} is not a whole number."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?:Value )?(?P<value>.+) is not a valid (?P<kind>.+)\.",
        N_("Invalid value for {name}: {value} is not a valid {kind}."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?:File|Directory|Path) (?P<value>.+) does not exist\.",
        N_("Invalid value for {name}: {value} does not exist."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?:File|Directory|Path) (?P<value>.+) is a file\.",
        N_("Invalid value for {name}: {value} is a file, not a folder."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?:File|Directory|Path) (?P<value>.+) is a directory\.",
        N_("Invalid value for {name}: {value} is a folder, not a file."),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?P<message>.+)",
        N_("Invalid value for {name}: {message}"),
    ),
    (r"Invalid value: (?P<message>.+)", N_("Invalid value: {message}")),
)


def usage_message(text: str) -> str:
    """A usage error's message in the reader's language; one of a form `USAGE_MESSAGES`
    does not know, as it is."""
    if message_language() == "en":
        return text
    for pattern, msgid in USAGE_MESSAGES:
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            return besked(msgid).format(**found.groupdict())
    return text


def _gettext(message: str) -> str:
    return besked(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return nbesked(singular, plural, n)


def speak() -> None:
    """Let Typer and click speak the reader's language where they ask gettext (nothing to
    do for English)."""
    if message_language() == "en":
        return
    importlib.import_module("typer.core")
    for name in MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def _exceptions() -> Any:
    """The module of the click exceptions Typer raises: its own copy, or click's."""
    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # Typer before 0.20 uses the click package
        return importlib.import_module("click.exceptions")


def run(command: Any) -> NoReturn:
    """Run `command` as its console script does, a usage error shown in the reader's
    language; exits with the command's code."""
    import typer

    exceptions = _exceptions()
    try:
        code = command.main(standalone_mode=False)
    except exceptions.UsageError as e:
        if type(e).__name__ == "NoArgsIsHelpError" or message_language() == "en":
            e.show()
        else:
            _show_usage_error(e)
        raise SystemExit(e.exit_code) from None
    except exceptions.ClickException as e:
        if message_language() == "en":
            e.show()
        else:
            text = usage_message(e.format_message())
            print(besked("Error: {message}").format(message=text), file=sys.stderr)
        raise SystemExit(e.exit_code) from None
    except typer.Abort:
        print(besked("Aborted!"), file=sys.stderr)
        raise SystemExit(1) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _show_usage_error(e: Any) -> None:
    lines = []
    ctx = e.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            hint = besked("Try '{command} {option}' for help.")
            lines.append(hint.format(command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    message = usage_message(e.format_message())
    lines.append(besked("Error: {message}").format(message=message))
    print("\n".join(lines), file=sys.stderr)


def help_texts(command: Any) -> list[str]:
    """Every help text of `command`, its parameters and its subcommands (English msgids)."""
    texts = [inspect.cleandoc(command.help)] if command.help else []
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            texts.append(text)
    for sub in _subcommands(command):
        texts += help_texts(sub)
    return texts


def _subcommands(command: Any) -> list[Any]:
    commands = getattr(command, "commands", None)
    return list(commands.values()) if isinstance(commands, dict) else []


def translate_help(command: Any) -> None:
    """Give `command` (and every subcommand and parameter) its help in the reader's
    language, and its help page a "Usage:" in it; a text written in English and not yet in
    the catalogue stays English."""
    if message_language() == "en":
        return
    if command.help:
        command.help = besked(inspect.cleandoc(command.help))
    command.options_metavar = besked(OPTIONS_METAVAR)
    if getattr(command, "subcommand_metavar", None) == COMMAND_METAVAR:
        command.subcommand_metavar = besked(COMMAND_METAVAR)
    command.context_class = _danish_context(command.context_class)
    command.get_help_option = _help_option_in_language(command.get_help_option)
    names = _argument_names()
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = besked(text)
        if param.param_type_name == "argument":
            # shown in the usage line, the help page and "Argumentet 'møde' mangler."
            param.metavar = names.get(param.metavar or param.name, param.metavar)
    for sub in _subcommands(command):
        translate_help(sub)


def _argument_names() -> dict[str, str]:
    """The command line's arguments by their Danish names (the code's parameter or metavar
    name -> the name a Danish reader sees)."""
    return {
        "directory": pgettext("argument", "directory"),
        "meeting": pgettext("argument", "meeting"),
        "FROM": pgettext("argument", "FROM"),
        "TO": pgettext("argument", "TO"),
        "paths": pgettext("argument", "paths"),
        "file": pgettext("argument", "file"),
        "kind": pgettext("argument", "kind"),
        "year": pgettext("argument", "year"),
        "name": pgettext("argument", "name"),
        "base": pgettext("argument", "base"),
        "head": pgettext("argument", "head"),
    }


def _help_option_in_language(get_help_option: Any) -> Any:
    """click's --help option, its own help ("Show this message and exit.") translated."""

    def translated(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None and option.help:
            option.help = besked(option.help)
        return option

    return translated


def _danish_context(base: Any) -> Any:
    """`base` (a click Context class) whose help pages write "Usage:" in the reader's
    language (click writes the word without gettext)."""
    if getattr(base, "dialog_language", False):
        return base
    formatter = base.formatter_class

    class Formatter(formatter):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            if prefix is None:
                prefix = besked("Usage:") + " "
            super().write_usage(prog, args, prefix)

    class Context(base):  # type: ignore[misc]
        dialog_language = True
        formatter_class = Formatter

    return Context
