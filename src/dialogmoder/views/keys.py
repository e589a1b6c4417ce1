"""docs/keys.md: every key a person can write, generated from the models in models.py.

One table per kind of file (dialog.yaml, meeting.md, a punkt, each product), then one per
nested table or list, its keys written as paths (`pauser[].tid`, `fora.*.produkter.*.frist`).
Each key's type is said in plain words, with its æøå spelling, whether it is required (or
its default) and the field's `description`. `dialog schema --format md` prints it.
"""

from __future__ import annotations

import inspect
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, BeforeValidator

from dialogmoder.danish import besked
from dialogmoder.domain import models
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.errors import DialogError
from dialogmoder.io.templating import render_template
from dialogmoder.views.schema import SCHEMAS

KEYS_FILE = "keys.md"

# the file each schema describes, as a secretariat finds it in the repository
FILE_TITLES: dict[str, str] = {
    "dialog": "`dialog.yaml`",
    "meeting": "`meeting.md`",
    "punkt": "A punkt: `punkter/NN-slug.md`",
    **{kind.id: f"`{kind.filename}`" for kind in PRODUKTER.values()},
}

# the value types of models.py -> (one, several) in plain words
_WORDS: list[tuple[Any, str, str]] = [
    (models.Text, "text", "texts"),
    (models.Id, "id", "ids"),
    (models.MeetingId, "meeting id", "meeting ids"),
    (models.SshKey, "OpenSSH public key line", "key lines"),
    (models.Flag, "true or false (also ja/nej)", "flags"),
    (models.Dato, "date (YYYY-MM-DD)", "dates"),
    (models.Tid, "time (HH:MM)", "times"),
    (models.Frist, "number of days", "numbers of days"),
    (models.Int, "whole number", "whole numbers"),
    (models.Farve, "colour (#rrggbb)", "colours"),
    (models.Url, "web address (http:// or https://)", "web addresses"),
    (models.Email, "e-mail address", "e-mail addresses"),
]


@dataclass(frozen=True)
class Key:
    path: str
    danish: str  # the key spelled with æøå, when that differs
    kind: str
    need: str
    description: str


@dataclass(frozen=True)
class Table:
    path: str  # "" for the file's own keys, else e.g. `pauser[]`
    about: str
    keys: list[Key]


@dataclass(frozen=True)
class FileKeys:
    title: str
    tables: list[Table]


def _words(tp: Any) -> tuple[str, str] | None:
    for known, one, several in _WORDS:
        if tp == known:
            return one, several
    return None


def _plain(tp: Any, path: str) -> str:
    """The type of a key in plain words; a nested model names the path of its table."""
    named = _words(tp)
    if named:
        return named[0]
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        inner = args[0]
        if any(isinstance(m, BeforeValidator) and m.func is models._one_or_many for m in args[1:]):
            item = get_args(inner)[0]
            one, several = _words(item) or (_plain(item, path), "them")
            return f"{one}, or a list of {several}"
        return _plain(inner, path)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return " or ".join(_plain(a, path) for a in options)
    if origin is Literal:
        values = [f"`{v}`" for v in args]
        return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"
    if origin is list:
        item = args[0]
        named = _words(item)
        if named:
            return f"list of {named[1]}"
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"list of tables, see `{path}[]`"
        return f"list; each {_plain(item, path + '[]')}"
    if origin is dict:
        key, value = args
        return f"{_key_words(key)} → {_plain(value, path + '.*')}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"table, see `{path}`"
    basic = {str: "text", int: "whole number", float: "number", bool: "true or false"}
    if tp in basic:
        return basic[tp]
    raise TypeError(f"no plain words for {tp!r} at {path}")  # pragma: no cover


def _key_words(tp: Any) -> str:
    """What the keys of a mapping are: an id people choose, one of fixed names, a name."""
    if tp == models.Id:
        return "id"
    if get_origin(tp) is Literal:
        return _plain(tp, "")
    return "name"


def _need(field: Any) -> str:
    if field.is_required():
        return "required"
    default = field.default if field.default_factory is None else field.default_factory()
    if default is None or default == [] or default == {}:
        return "optional"
    if isinstance(default, bool):
        return f"default `{str(default).lower()}`"
    return f"default `{default}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The nested models a key's type holds, with the path suffix of each: `[]`, `.*`, ``."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in _models_in(arg)]


def _suffix(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Annotated:
        return _suffix(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return "".join(_suffix(a) for a in get_args(tp) if a is not type(None))
    if origin is list:
        return "[]" + _suffix(get_args(tp)[0])
    if origin is dict:
        return ".*" + _suffix(get_args(tp)[1])
    return ""


def _tables(model: type[BaseModel], path: str) -> list[Table]:
    hints = get_type_hints(model, include_extras=True)
    keys: list[Key] = []
    nested: list[Table] = []
    for name, field in model.model_fields.items():
        key = f"{path}.{name}" if path else name
        danish = models.danish_spelling(name)
        keys.append(
            Key(
                path=key,
                danish=danish if danish != name else "",
                kind=_cell(_plain(hints[name], key)),
                need=_need(field),
                description=_cell(field.description or ""),
            )
        )
        for inner in _models_in(hints[name]):
            nested += _tables(inner, key + _suffix(hints[name]))
    about = _cell(inspect.cleandoc(model.__doc__ or ""))
    return [Table(path, about, keys), *nested]


def file_keys(stem: str) -> FileKeys:
    """The tables of one kind of file, e.g. 'meeting'."""
    if stem not in SCHEMAS:
        raise DialogError(
            besked("no schema '{stem}'; known: {x}").format(stem=stem, x=", ".join(SCHEMAS))
        )
    return FileKeys(FILE_TITLES[stem], _tables(SCHEMAS[stem][0], ""))


def keys_reference(stem: str | None = None) -> str:
    """docs/keys.md (or the part of it for one kind of file) as Markdown."""
    files = [file_keys(stem)] if stem else [file_keys(name) for name in SCHEMAS]
    return render_template(None, "keys.md.j2", files=files, whole=stem is None)


def write_keys_reference(folder: Path, stem: str | None = None) -> Path:
    """Write FOLDER/keys.md, guarded as every `-o` is."""
    from dialogmoder.io.edit import guard_output, write_output

    if folder.exists() and not folder.is_dir():
        raise DialogError(
            besked("-o {folder} is a file; give a folder for {keys_file}").format(
                folder=folder, keys_file=KEYS_FILE
            )
        )
    target = folder / KEYS_FILE
    guard_output(target)
    write_output(target, keys_reference(stem).encode("utf-8"))
    return target
