"""`dialog person add`: a person into dialog.yaml, every other byte kept as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from dialogmoder.danish import besked
from dialogmoder.domain.loader import LoadError, load_yaml_document
from dialogmoder.domain.models import Config, Person, Rolle
from dialogmoder.domain.repository import load_config
from dialogmoder.domain.slug import slugify
from dialogmoder.domain.yamlsafe import YamlError, parse_yaml, top_level_spans
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import edit_lock, replace_unchanged
from dialogmoder.io.layout import CONFIG_FILE
from dialogmoder.io.templating import yaml_str

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class NewPerson:
    navn: str
    titel: str
    rolle: str
    email: str | None = None
    github: str | None = None


def add_person(root: Path, person: NewPerson) -> str:
    """Add `person` under `personer:` with an id made from the name; the id.

    The repository's lock is held from reading to writing, and the file is replaced only
    while it still holds the bytes read (edit.replace_unchanged).
    """
    fields = {k: v for k, v in vars(person).items() if v is not None}
    try:
        Person.model_validate(fields)
    except ValidationError as e:
        raise DialogError(_invalid(e)) from None
    try:
        person_id = slugify(person.navn, what="name")
    except DialogError:
        raise DialogError(
            besked("the name {navn!r} gives an empty id; write the name with letters").format(
                navn=person.navn
            )
        ) from None
    if not _reads_as_text(person_id):
        raise DialogError(
            besked(
                "the name {navn!r} gives the id '{id}', which YAML reads as {what}, not as a"
                " name, wherever it is written (personer, medlemmer, godkendt_af); write the"
                " person's full name, e.g. '{navn} Jensen'"
            ).format(navn=person.navn, id=person_id, what=_yaml_reading(person_id)),
            exit_code=2,
        )
    path = root / CONFIG_FILE
    with edit_lock(root):
        config = load_config(root).data
        # `søren-kjær` written by hand is the same id as `soeren-kjaer` made here
        same = [pid for pid in config.personer if slugify(pid, what="id") == person_id]
        if same:
            existing = config.personer[same[0]]
            raise DialogError(
                besked(
                    "{config_file}: a person with the id '{same}' exists already: {x};"
                    " nothing was changed. Edit {config_file} by hand to give the new"
                    " person another id"
                ).format(config_file=CONFIG_FILE, same=same[0], x=existing.visningsnavn()),
                exit_code=1,
            )
        raw = path.read_bytes()
        new = _with_person(raw, person_id, fields)
        _verify(raw, new, person_id, config)
        replace_unchanged(
            path,
            raw,
            new,
            changed=besked(
                "{config_file} changed on disk while the person was being added; nothing"
                " was written. Run dialog person add again"
            ).format(config_file=CONFIG_FILE),
        )
    return person_id


def _invalid(error: ValidationError) -> str:
    first = error.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else ""
    label = besked("the name") if key == "navn" else f"--{key}"
    if key == "rolle":
        return besked("--rolle must be one of: {x}").format(x=", ".join(get_args(Rolle)))
    if first["type"] == "string_too_short":
        if key in {"navn", "titel"}:
            return besked("{label} is empty; write it").format(label=label)
        return besked("{label} is empty; leave the option out, or write it").format(label=label)
    if key == "github":
        return besked("--github {first!r} is not a GitHub handle; write the user name").format(
            first=first["input"]
        )
    return f"{label} {first['input']!r}: {first['msg']}"  # pragma: no cover - Person's fields


def _with_person(raw: bytes, person_id: str, fields: dict[str, str]) -> bytes:
    """dialog.yaml's bytes with the person spliced in at the end of `personer:`."""
    bom = _BOM if raw.startswith(_BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    try:
        top = top_level_spans(text)
    except YamlError as e:  # pragma: no cover - load_config parsed the same text
        raise DialogError(
            besked("{config_file} cannot be edited: {message}").format(
                config_file=CONFIG_FILE, message=e.message
            )
        ) from None
    if not top.block:
        raise DialogError(
            besked(
                "{config_file} is one {{...}} mapping; write it as one key per line to add a person"
            ).format(config_file=CONFIG_FILE)
        )
    span = top.spans.get("personer")
    pad = " " * top.indent
    if span is None:  # no personer yet: a new key at the end
        entry = _entry(person_id, fields, pad + "  ", 2, newline)
        sep = "" if not text or text.endswith("\n") else newline
        return bom + (text + sep + f"{pad}personer:{newline}" + entry).encode("utf-8")
    value = text[span.value_start : span.value_end]
    if span.empty or (span.style == "{" and value.replace(" ", "") == "{}"):
        # `personer:` or `personer: {}`: the person's block follows the key's line
        if span.empty:
            start = end = text.index(":", span.key_end) + 1
        else:
            start, end = span.value_start, span.value_end
        line_end = text.find("\n", end)
        rest = text[end:] + newline if line_end < 0 else text[end : line_end + 1]
        after = "" if line_end < 0 else text[line_end + 1 :]
        entry = _entry(person_id, fields, pad + "  ", 2, newline)
        head = text[:start].rstrip(" ") if not rest.strip() else text[:start]
        return bom + (head + rest + entry + after).encode("utf-8")
    if span.style != "{" or value.lstrip().startswith("{"):
        raise DialogError(
            besked(
                "{config_file}: personer is written as {value!r}; write it as one person"
                " per line (a block mapping) to add a person with dialog person add"
            ).format(config_file=CONFIG_FILE, value=value.strip()[:20])
        )
    child_indent = len(text[: span.value_start].rsplit("\n", 1)[-1])
    lines = value.splitlines(keepends=True)
    keep = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if i == 0 or (stripped and (not stripped.startswith("#") or indent > top.indent)):
            keep = i + 1
    head = "".join(lines[:keep])
    if not head.endswith("\n"):
        head += newline
    step = max(child_indent - top.indent, 1)
    entry = _entry(person_id, fields, " " * child_indent, step, newline)
    spliced = text[: span.value_start] + head + entry + "".join(lines[keep:])
    return bom + (spliced + text[span.value_end :]).encode("utf-8")


def _entry(person_id: str, fields: dict[str, str], pad: str, step: int, newline: str) -> str:
    inner = pad + " " * step
    return f"{pad}{person_id}:{newline}" + "".join(
        f"{inner}{key}: {_scalar(value)}{newline}" for key, value in fields.items()
    )


def _reads_as_text(word: str) -> bool:
    """Whether `word`, written plain as a key or a value, is read back as that text."""
    try:
        return bool(parse_yaml(f"{word}: {word}\n").data == {word: word})
    except YamlError:
        return False


def _yaml_reading(word: str) -> str:
    """What YAML makes of `word` instead of text: 'null', 'a yes/no value', 'a number'."""
    try:
        value = parse_yaml(f"k: {word}\n").data.get("k")
    except (YamlError, AttributeError):
        value = None
    if isinstance(value, bool):
        return besked("a yes/no value")
    if isinstance(value, (int, float)):
        return besked("a number")
    if value is None:
        return besked("empty (null)")
    return besked("something other than text")


def _scalar(value: str) -> str:
    """Plain when it reads back as the same text, else a double-quoted string."""
    try:
        plain = parse_yaml(f"k: {value}\n").data == {"k": value}
    except YamlError:
        plain = False
    return value if plain and value == value.strip() else yaml_str(value)


def _verify(old: bytes, new: bytes, person_id: str, config: Config) -> None:
    """The edit added exactly the one person; anything else is a bug, never written."""
    try:
        after = load_yaml_document(CONFIG_FILE, new.decode("utf-8-sig"), Config).data
    except (LoadError, UnicodeDecodeError) as e:  # pragma: no cover - a bug, not input
        raise DialogError(
            besked(
                "{config_file}: the person could not be added safely ({e}); nothing was changed"
            ).format(config_file=CONFIG_FILE, e=e),
            exit_code=3,
        ) from None
    before = config.model_dump()
    now = after.model_dump()
    added = now["personer"].pop(person_id, None)
    if added is None or before != now:  # pragma: no cover - a bug, not input
        raise DialogError(
            besked(
                "{config_file}: adding the person would change more than personer; nothing"
                " was changed"
            ).format(config_file=CONFIG_FILE),
            exit_code=3,
        )
