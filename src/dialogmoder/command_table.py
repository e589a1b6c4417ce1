"""The command line's table: each command is made when it runs, not every one at start.

Typer turns each command's function into a click command (its options, their types and
help) when it builds the app; for twenty-odd commands that is a twentieth of a second
that every `dialog` process paid, though it runs one command. `command_table(app)` gives
the top-level group with a table of *builders*: a command is built (and its help given
the reader's language) when it is looked up, by name to run it, or all of them for
`dialog --help`. The help pages are the same, byte for byte, as Typer's own build gives
(tests/test_command_table.py compares them).

Typer (0.29 here) converts every option's value with a pydantic `TypeAdapter`, built
when the option is first looked at (also when it was not given), and every path with
one more: importing Typer's adapters with pydantic's validators and building one adapter
per option cost `dialog check` about a tenth of its start-up, for values that are a
string, a whole number, a path or a choice. `quick_params` lets each option convert such a value
as Typer's adapter would (Typer's own functions for paths and choices, without the
adapter), and hands every other value, and every value it is not sure of, to Typer's
adapter, so that the result and every message are Typer's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, MutableMapping
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import typer

from dialogmoder.danish.terminal import translate_help


def command_table(app: typer.Typer) -> Any:
    """The click group of `app` (its callback and options), its commands and groups built
    on first use; every command's help in the reader's language."""
    builders: dict[str, Callable[[], Any]] = {}
    settings = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    for info in app.registered_commands:
        name = info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        builders[name] = _builder(typer.main.get_command_from_info, info, **settings)
    for group_info in app.registered_groups:
        if not isinstance(group_info.name, str):  # pragma: no cover - every group is named
            raise RuntimeError(f"a Typer group without a name: {group_info!r}")
        builders[group_info.name] = _builder(
            typer.main.get_group_from_info,
            group_info,
            **settings,
            suggest_commands=app.suggest_commands,
        )
    shell = copy.copy(app)  # the callback, its options and the app's settings; no commands
    shell.registered_commands = []
    shell.registered_groups = []
    group = typer.main.get_command(shell)
    _finished(group)
    group.commands = LazyCommands(builders)  # type: ignore[attr-defined]
    return group


def _finished(command: Any) -> Any:
    translate_help(command)
    _quick_everywhere(command)
    return command


def _quick_everywhere(command: Any) -> None:
    quick_params(command)
    commands = getattr(command, "commands", None)
    for sub in commands.values() if isinstance(commands, dict) else ():
        _quick_everywhere(sub)


def _builder(make: Callable[..., Any], info: Any, **options: Any) -> Callable[[], Any]:
    """What builds one command or group from its Typer `info` when it is first looked up."""
    return lambda: _finished(make(info, **options))


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, in the order they were registered; each built by its
    builder the first time it is looked up. Its names are known without building any
    (Typer's "Did you mean" reads them)."""

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._builders.setdefault(name, lambda: command)

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._builders))

    def __len__(self) -> int:
        return len(self._builders)

    def __contains__(self, name: object) -> bool:
        return name in self._builders


# --- options converted without pydantic ------------------------------------------------

_UNSURE = object()  # "ask Typer's adapter"
_WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


def quick_params(command: Any) -> None:
    """Let each of `command`'s options convert the plain values Typer's adapter would
    convert plainly (str, int, Path, an Enum choice, a list of them) without building the
    adapter; nothing changes under a Typer that converts otherwise."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
    except ImportError:  # pragma: no cover - a Typer without pydantic adapters
        return

    def leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            if not (type(value) is str or isinstance(value, annotation)):
                return _UNSURE
            try:
                return coerce_cli_choice(
                    value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
                )
            except ValueError:
                return _UNSURE  # Typer's adapter words the refusal
        if annotation is str:
            return value if type(value) is str else _UNSURE
        if annotation is bool:
            return value if type(value) is bool else _UNSURE
        if annotation is int:
            if info.min is not None or info.max is not None:
                return _UNSURE
            if type(value) is int:
                return value
            if type(value) is str and _WHOLE_NUMBER.fullmatch(value):
                return int(value)
            return _UNSURE
        if annotation is Path and info.path_type is None and routes_to_path(annotation, info):
            # the adapter makes Path(value) of a str; its refusals name the value as
            # given, so one not in Path's normal form (`møder/`, `./x`) is refused by Typer
            given = value
            if type(value) is str and value:
                value = Path(value)
            if not isinstance(value, Path):
                return _UNSURE
            try:
                return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
            except ValueError:  # e.g. a NUL in the name: the adapter words it
                return _UNSURE
            except typer.BadParameter:
                if value is given or str(value) == given:
                    raise  # worded with the value as given
                return _UNSURE
        return _UNSURE

    def quick(descriptor: Any, value: Any, param: Any, ctx: Any) -> Any:
        info = descriptor.parameter_info
        if info.parser is not None or descriptor.file_annotation is not None:
            return _UNSURE
        if descriptor.is_tuple:
            return _UNSURE
        if descriptor.is_list:
            (item_type,) = get_args(descriptor.annotation)
            items = value if isinstance(value, (list, tuple)) else [value]
            converted = [leaf(item_type, info, item, param, ctx) for item in items]
            return _UNSURE if any(item is _UNSURE for item in converted) else converted
        return leaf(descriptor.annotation, info, value, param, ctx)

    class Quick(RuntimeParam):
        """Typer's conversion of one option, the plain values without its adapter."""

        descriptor: Any

        def __init__(self, descriptor: Any) -> None:
            object.__setattr__(self, "parameter_info", descriptor.parameter_info)
            object.__setattr__(self, "annotation", descriptor.annotation)
            object.__setattr__(self, "descriptor", descriptor)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            converted = quick(self.descriptor, value, param, ctx)
            if converted is not _UNSURE:
                return converted
            typer_own = build_runtime_param(self.descriptor)
            param._runtime_param = typer_own
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    def install(param: Any) -> None:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", _UNSURE) is None:
            param._runtime_param = Quick(descriptor)

    for param in command.params:
        install(param)
    help_option = command.get_help_option  # click makes --help when it is first asked for

    def get_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            install(option)
        return option

    command.get_help_option = get_help_option
