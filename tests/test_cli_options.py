"""The command line's options: every --format a choice Typer checks, one --today, and
`approve --dato` (with `--date` kept, hidden, for scripts written before)."""

from __future__ import annotations

import inspect
import io
import re
import typing
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
import typer.main

from dialogmoder.cli import app
from dialogmoder.errors import DialogError

from helpers.meetings import meeting_md
from helpers.strategisk import SDM

Words = tuple[str, ...]


def commands() -> Iterator[tuple[Words, typing.Any]]:
    """Every command as Typer builds it from the app, with its words: ('person', 'add')."""

    def walk(command: typing.Any, words: Words) -> Iterator[tuple[Words, typing.Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield words, command
            return
        for name, sub in subcommands.items():
            yield from walk(sub, (*words, name))

    yield from walk(typer.main.get_command(app), ())


def choices_of(command: typing.Any, option: str) -> tuple[str, ...] | None:
    """The values an option takes, read from the Enum in its parameter's annotation
    (Annotated[X, ...] or Annotated[Optional[X], ...]); None when it takes any value."""
    param = next(p for p in command.params if option in p.opts)
    hints = typing.get_type_hints(inspect.unwrap(command.callback), include_extras=True)
    inner = typing.get_args(hints[param.name])[0]
    for kind in (inner, *typing.get_args(inner)):
        if isinstance(kind, type) and issubclass(kind, Enum):
            return tuple(member.value for member in kind)
    return None


def said(err: str) -> str:
    """A usage error's words on one line: Typer may wrap them in a box (with rich, before
    0.29), so its rules, corners and line breaks are left out."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", err).split())


# every command with a --format, and the values it takes
FORMATS = {
    words: choices_of(command, "--format")
    for words, command in commands()
    if any("--format" in p.opts for p in command.params)
}


def test_the_walk_finds_the_commands_with_a_format() -> None:
    # a floor, so that a walk that silently finds nothing cannot pass the tests below
    assert {("check",), ("render",), ("diff",)} <= set(FORMATS)


@pytest.mark.parametrize("words", sorted(FORMATS), ids=" ".join)
def test_a_wrong_format_is_refused_by_typer_with_exit_2(dialog, words) -> None:
    assert FORMATS[words] is not None, f"dialog {' '.join(words)} --format is not a choice"
    result = dialog(*words, "--format", "no-such-format")
    assert result.code == 2, result.err
    assert result.out == ""
    assert "Brug: " in result.err
    listed = ", ".join(f"'{name}'" for name in FORMATS[words])
    assert "Ugyldig værdi for '--format'" in said(result.err)
    assert f"'no-such-format' er ikke en af {listed}" in said(result.err)


@pytest.mark.parametrize("words", sorted(FORMATS), ids=" ".join)
def test_help_lists_the_format_choices(dialog, words) -> None:
    result = dialog(*words, "--help")
    assert result.code == 0, result.err
    assert "|".join(FORMATS[words] or ["(not a choice)"]) in result.out


def library_formats() -> dict[tuple[str, ...], tuple[str, ...]]:
    """What the library renders, per command."""
    from dialogmoder import render
    from dialogmoder.diff import formats as diff_formats
    from dialogmoder.domain import findings
    from dialogmoder.views import actions, plan, status

    return {
        ("check",): (*findings.FORMATS, "md"),  # md: the rules table (--list-rules)
        ("verify",): findings.FORMATS,
        ("status",): status.FORMATS,
        ("render",): render.FORMATS,
        ("plan",): plan.PLAN_FORMATS,
        ("actions",): actions.ACTION_FORMATS,
        ("diff",): diff_formats.FORMATS,
        ("schema",): ("json", "md"),  # JSON Schema, or the key reference (views/keys.py)
    }


def test_every_format_choice_is_one_the_library_renders() -> None:
    library = library_formats()
    assert set(library) == set(FORMATS), "a command with --format is missing here"
    for words, names in FORMATS.items():
        assert sorted(names or ()) == sorted(library[words]), words


def test_check_format_md_is_only_for_the_rules_table(make_repo, dialog) -> None:
    result = dialog("check", "--format", "md", cwd=make_repo())
    assert result.code == 2
    assert "Ugyldig værdi for '--format': md er regeloversigten og hører til --list-rules" in said(
        result.err
    )
    assert dialog("check", "--list-rules", "--format", "md").code == 0


def test_every_today_is_the_one_shared_option() -> None:
    helps = {
        words: next(p.help for p in command.params if "--today" in p.opts)
        for words, command in commands()
        if any("--today" in p.opts for p in command.params)
    }
    assert {("check",), ("status",), ("actions",), ("site",)} <= set(helps)
    assert len(set(helps.values())) == 1, helps


def test_today_defaults_to_the_day_it_runs(make_repo, dialog) -> None:
    result = dialog("status", "--format", "json", cwd=make_repo())
    assert result.code == 0, result.err
    assert f'"today": "{date.today().isoformat()}"' in result.out


STRATEGIC = meeting_md(
    "strategisk-dialogmoede", "Vækst", "2025-04-22", 'start: "09:00"', 'slut: "12:00"'
)


@pytest.fixture
def program(make_repo) -> Path:
    """A repository with a strategic meeting's draft program, for bo to approve."""
    return make_repo(
        {
            f"{SDM}/meeting.md": STRATEGIC,
            f"{SDM}/program.md": "---\nstatus: udkast\n---\nTekst.\n",
        }
    )


@pytest.mark.parametrize("option", ["--dato", "--date"])
def test_approve_takes_its_date_as_dato_and_still_as_date(program, dialog, option) -> None:
    result = dialog("approve", f"{SDM}/program.md", "--by", "bo", option, "2025-04-14", cwd=program)
    assert result.code == 0, result.err
    assert result.out == f"{SDM}/program.md: godkendt af bo den 2025-04-14\n"
    assert "godkendt_dato: 2025-04-14\n" in (program / SDM / "program.md").read_text()


def test_approve_help_shows_dato_and_hides_date(dialog) -> None:
    result = dialog("approve", "--help")
    assert result.code == 0
    assert "--dato" in result.out
    assert "--date" not in result.out


def test_approve_refuses_a_date_given_twice(program, dialog) -> None:
    args = ("--dato", "2025-04-14", "--date", "2025-04-13")
    result = dialog("approve", f"{SDM}/program.md", "--by", "bo", *args, cwd=program)
    assert result.code == 2
    assert result.err == (
        "dialog: --date er det gamle navn for --dato; angiv datoen én gang, med --dato\n"
    )


def _print_findings(fmt: str) -> None:
    from dialogmoder.domain.findings import print_findings

    print_findings([], fmt, io.StringIO())


def _render_actions(fmt: str) -> None:
    from dialogmoder.views.actions import render_actions

    render_actions([], date(2025, 1, 1), fmt)


def _print_status(fmt: str) -> None:
    from dialogmoder.views.status import Dashboard, print_status

    print_status(Dashboard(date(2025, 1, 1), []), fmt, io.StringIO())


def _print_diff(fmt: str) -> None:
    from dialogmoder.diff.compare import ReviewDiff
    from dialogmoder.diff.formats import print_diff

    print_diff(ReviewDiff("main", "HEAD", False, ()), fmt, io.StringIO())


@pytest.mark.parametrize(
    ("call", "names"),
    [
        pytest.param(_print_findings, "text, json, github", id="print_findings"),
        pytest.param(_render_actions, "text, json, md", id="render_actions"),
        pytest.param(_print_status, "text, json", id="print_status"),
        pytest.param(_print_diff, "text, md, json", id="print_diff"),
    ],
)
def test_a_library_function_refuses_a_wrong_format_in_one_wording(
    call: Callable[[str], None], names: str
) -> None:
    with pytest.raises(DialogError) as refused:
        call("xml")
    assert str(refused.value) == f"ukendt format 'xml'; vælg en af {names}"


def test_plan_and_render_refuse_a_wrong_format_in_the_same_wording(make_repo) -> None:
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.render import render_meeting
    from dialogmoder.views.plan import render_plan

    root = make_repo()
    with pytest.raises(DialogError, match=r"^ukendt format 'pdf'; vælg en af text, md, html$"):
        render_plan(load_repository(root), 2025, None, "pdf")
    with pytest.raises(DialogError, match=r"^ukendt format 'docx'; vælg en af md, html, pdf$"):
        render_meeting(root, "referat", "2025-03-05-direktionen", "docx", output="-")
