"""`dialog` builds the command it runs, not every command (command_table.py), and converts
the options' plain values without pydantic: the help pages, every option's value and every
message are the ones Typer's own build gives."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click import Context
from typer._coercion import build_runtime_param

from dialogmoder.cli import app
from dialogmoder.command_table import command_table
from dialogmoder.danish import terminal
from dialogmoder.error_handler import user_errors

from helpers.examples import examples


def typer_own() -> Any:
    """The app as Typer builds it whole, its help in the reader's language (as cli.main
    did before the table)."""
    command = typer.main.get_command(app)
    terminal.translate_help(command)
    return command


def paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    commands = getattr(command, "commands", None)
    for name, sub in (commands or {}).items():
        yield from paths(sub, (*prefix, name))


def printed(command: Any, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with user_errors():
                terminal.run(command)
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def run_both(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["dialog", *args])
    assert printed(command_table(app), args) == printed(typer_own(), args)


ALL_PATHS = list(paths(typer.main.get_command(app)))


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_help_page_is_typers_own(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("DIALOG_SPROG", language)
    monkeypatch.setenv("COLUMNS", "80")
    assert len(ALL_PATHS) > 20
    for path in ALL_PATHS:
        run_both(monkeypatch, [*path, "--help"])
    run_both(monkeypatch, [])  # no command: the help, exit 2


def test_the_table_names_every_command_in_typers_order() -> None:
    table = command_table(app)
    assert list(table.commands) == list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_only_the_command_that_runs_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    table = command_table(app)
    monkeypatch.setattr(sys, "argv", ["dialog", "check", "--help"])
    printed(table, ["check", "--help"])
    assert list(table.commands._built) == ["check"]


USAGE_MISTAKES = [
    ["chek"],
    ["nosuch"],
    ["check", "--format", "xml"],
    ["check", "--format", "md"],
    ["plan", "abc"],
    ["plan", "٣"],
    ["render", "referat"],
    ["render", "referat", "x", "--format", "PDF"],
    ["status", "--format", "JSON"],
    ["check", "--root", "README.md"],
    ["check", "--strict=1"],
    ["add-item", "x", "--titel", "t", "--position", "3.5"],
    ["move-item", "x", "1", "+2"],
    ["person", "add"],
    ["new-meeting", "--forum"],
]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_usage_mistake_is_told_as_typer_tells_it(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("DIALOG_SPROG", language)
    monkeypatch.chdir(Path(__file__).parent.parent)
    for args in USAGE_MISTAKES:
        run_both(monkeypatch, args)


# --- options converted without pydantic ---------------------------------------------------


def parameters() -> list[tuple[str, Any, Any]]:
    """(name, command, parameter) of every option and argument of every command."""
    found = []
    for path in ALL_PATHS:
        command: Any = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]
        for param in command.params:
            if hasattr(param, "type_descriptor"):
                found.append((" ".join((*path, param.name)), command, param))
    return found


PARAMETERS = parameters()


def converted(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as e:  # the message a person would see
        return ("refused", (type(e).__name__, getattr(e, "message", str(e))))
    return ("value", (type(result), result))


def both(command: Any, param: Any, value: Any) -> tuple[Any, Any]:
    from dialogmoder.command_table import quick_params

    quick_params(command)  # installs on the parameters that have no conversion yet
    ctx = Context(command)
    param._runtime_param = None
    quick_params(command)
    quick = converted(param.get_runtime_param(), value, param, ctx)
    param._runtime_param = None
    own = converted(build_runtime_param(param.type_descriptor), value, param, ctx)
    return quick, own


def test_every_parameter_gets_the_quick_conversion() -> None:
    from dialogmoder.command_table import quick_params

    kinds = set()
    for _, command, param in PARAMETERS:
        param._runtime_param = None
        quick_params(command)
        kinds.add(type(param._runtime_param).__name__)
    assert kinds == {"Quick"}


VALUES = [
    "",
    "0",
    "007",
    "-5",
    "-0",
    "+2",
    " 2",
    "٣",
    "3.5",
    "99999999999999999999999",
    "README.md",
    "README.md/",
    "./README.md",
    "meetings",
    "meetings/",
    "meetings//2025",
    "./meetings",
    "no-such-file",
    "a\0b",
    "md",
    "MD",
    "pdf",
    "json",
    "text",
    "x",
    "true",
]


@pytest.mark.parametrize(("where", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_a_parameter_converts_as_typers_adapter_does(
    monkeypatch: pytest.MonkeyPatch, where: str, command: Any, param: Any
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    for value in [*VALUES, param.default, [*VALUES[:4]], ["meetings", "README.md"], Path(".")]:
        quick, own = both(command, param, value)
        assert quick == own, (where, value)


@given(
    index=st.integers(0, len(PARAMETERS) - 1),
    value=st.one_of(
        st.text(max_size=12),
        st.text(alphabet="0123456789-+ ./a_", max_size=8),
        st.integers(-(10**20), 10**20),
        st.lists(st.text(alphabet="0123456789-./aeimnst", max_size=6), max_size=3),
    ),
)
@settings(max_examples=examples(200), deadline=None)
def test_any_value_converts_as_typers_adapter_converts_it(index: int, value: Any) -> None:
    _, command, param = PARAMETERS[index]
    quick, own = both(command, param, value)
    assert quick == own


def test_help_and_check_import_no_pydantic_for_the_options(tmp_path: Path) -> None:
    """Typer's adapters (and pydantic with them) are not imported to read the options."""
    script = (
        "import sys; sys.argv = ['dialog', *sys.argv[1:]]\n"
        "from dialogmoder.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m in ('typer._adapters', 'pydantic')))\n"
    )
    for args, expected in (
        (["--help"], "[]"),
        (["check", "--help"], "[]"),
        (["move-item", "x", "1", "2", "--root", str(tmp_path)], "['pydantic']"),  # the models
        # a folder as the shell completes it, with a slash at the end
        (["move-item", "x", "1", "2", "--root", f"{tmp_path}/"], "['pydantic']"),
        (["plan", "abc"], "['pydantic', 'typer._adapters']"),  # the refusal is Typer's own
    ):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60
        )
        assert done.stdout.strip().splitlines()[-1] == expected, (args, done.stderr)
