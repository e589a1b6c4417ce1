"""One file -> its validated front matter, its body and the line of every key.

Lines in messages are the lines a person sees in an editor: counted from the top of
the file, blank lines and front matter delimiters included. We split the front matter
ourselves rather than with python-frontmatter, which strips leading blank lines (so
lines drift), cannot say where an unclosed block began, and reserves keys such as
`content`.
"""

from __future__ import annotations

import difflib
import errno
import functools
import os
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from dialogmoder.danish import N_, aarsag, besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.models import MEETING_ID_PATTERN, ascii_spelling, danish_spelling
from dialogmoder.domain.sections import Outline
from dialogmoder.domain.yamlsafe import Loc, Parsed, YamlError, parse_yaml

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 4 * 1024 * 1024

# Every rule id of the load stage (this module and repository.py report them;
# rules/load.py describes them); the rules engine numbers its own from DM100 up.
READ = "DM001"  # unreadable file or folder, wrong encoding, a link that loops or leaves
SYNTAX = "DM002"  # front matter missing, unclosed, malformed YAML, not a mapping
CONFLICT = "DM003"  # merge conflict markers
SCHEMA = "DM004"  # a value of the wrong type or shape, a missing key
UNKNOWN_KEY = "DM005"  # a key the model does not know
HYGIENE = "DM006"  # a file or folder dialog does not know where it expects its own
MEETING_MD_MISSING = "DM007"  # a meeting folder without meeting.md
MISNAMED = "DM009"  # in punkter/ or under a product's name: it would silently be dropped


class LoadError(Exception):
    """A file could not be read into a model; carries the findings that say why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.as_text() for f in findings))
        self.findings = findings


@dataclass(frozen=True)
class Document(Generic[M]):
    """A validated file: `data` is the model; `lines` maps key paths to file lines.

    `text` is the whole file as read, or None where the loader was told not to keep it
    (a repository keeps it for products only, whose approval hash needs it).
    """

    path: str
    data: M
    body: str
    body_line: int
    lines: dict[Loc, int] = field(repr=False)
    text: str | None = field(repr=False)
    # the lines that held a control character, which the loader dropped (`without_controls`)
    controls: tuple[int, ...] = field(default=(), repr=False)
    # the front matter as parsed, kept with `text` where parsing `text` again gives the
    # same (NFC, LF line endings, no control character): an approval's hash takes it
    # from here (`approval.approval_is_current`) instead of reading the YAML twice
    front: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def line_of(self, *loc: str | int) -> int:
        """The line of a key (or list item), or of its nearest enclosing key."""
        return _line_for(self.lines, loc, default=1)

    @functools.cached_property
    def outline(self) -> Outline:
        """The body's `## ` headings, found once for every rule that asks (and the export)."""
        return Outline(self.body, self.body_line)


def decode(path: str, raw: bytes) -> str:
    """Bytes -> NFC text, refusing anything that is not UTF-8 with a message that says so."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(
            [_finding(path, 1, READ, besked("is saved as UTF-16, not UTF-8; save it as UTF-8"))]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        byte = raw[e.start : e.start + 1].hex().upper()
        raise LoadError(
            [
                _finding(
                    path,
                    line,
                    READ,
                    besked(
                        "is not UTF-8 (byte 0x{byte}; saved as Windows-1252 by Word?); save"
                        " it as UTF-8"
                    ).format(byte=byte),
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LoadError(
            [_finding(path, line, READ, besked("contains NUL bytes; is it a binary file?"))]
        )
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows: there, pathlib's way below
_CHUNK = 1 << 16


def read_text(root: Path, rel: str) -> str:
    """Read a file of the repository as text; every failure is a LoadError naming the file."""
    if _O_NOFOLLOW:
        raw = _read_unless_link(f"{os.fspath(root)}/{rel}", rel)
        if raw is not None:
            return decode(rel, raw)
    full = root / rel
    try:
        refused = link_problem(root, full) if full.is_symlink() else None
        if refused:
            raise LoadError([_finding(rel, None, READ, besked(refused))])
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError([_too_big(rel, size)])
        raw = full.read_bytes()
    except OSError as e:
        raise LoadError([_cannot_read(rel, e)]) from None
    return decode(rel, raw)


def _read_unless_link(path: str, rel: str) -> bytes | None:
    """The bytes of a file that is not a symbolic link, read with three system calls
    (`read_text` reads every file of a check); None for a link, which `read_text` then
    judges the slow way. The same refusals as there: too big, or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None
        raise LoadError([_cannot_read(rel, e)]) from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise LoadError([_too_big(rel, size)])
        chunks = []
        want = size + 1  # one read for the whole file, one more that finds its end
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            want = _CHUNK
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as e:
        raise LoadError([_cannot_read(rel, e)]) from None
    finally:
        os.close(fd)


def _too_big(rel: str, size: int) -> Finding:
    return _finding(
        rel,
        None,
        READ,
        besked("is {size:,} bytes; the limit is {max_file_bytes:,}").format(
            size=size, max_file_bytes=MAX_FILE_BYTES
        ),
    )


def _cannot_read(rel: str, e: OSError) -> Finding:
    return _finding(
        rel, None, READ, besked("cannot be read: {strerror}").format(strerror=aarsag(e))
    )


LOOP = N_("is a symbolic link loop; refused")  # a msgid: compared, then translated


def link_problem(root: Path, link: Path) -> str | None:
    """Why a symbolic link is not followed (a loop, or a target outside `root`), or None."""
    try:
        os.stat(link)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return LOOP
    try:
        target = link.resolve()
    except RuntimeError:  # Python 3.11 reports a loop this way
        return LOOP
    if not target.is_relative_to(root.resolve()):
        return besked("is a symbolic link that leaves the repository; refused")
    return None


# A line break as YAML (and an editor) counts them: CRLF, LF or a lone CR.
_BREAK = re.compile(r"\r\n|\n|\r")
_OPEN = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r))*---[ \t]*(?:\r\n|\n|\r|\Z)")
# The closing line, found from the line break before it (a leading class scans fast).
_CLOSE = re.compile(r"[\r\n](?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)")


def line_at(text: str, offset: int) -> int:
    """The line (from 1) of a character offset, counting line breaks as an editor does."""
    return len(_BREAK.findall(text, 0, offset)) + 1


def conflict_marker_line(text: str) -> int | None:
    """The first line of an unresolved git merge conflict, if any."""
    # '=======' alone is also a Markdown heading underline, so only the outer markers count.
    found = []
    for marker in ("<<<<<<<", ">>>>>>>"):
        at = text.find(marker)
        while at != -1:
            starts_line = at == 0 or text[at - 1] in "\r\n"
            if starts_line and text[at + 7 : at + 8] in ("", " ", "\r", "\n"):
                found.append(at)
                break
            at = text.find(marker, at + 1)
    return line_at(text, min(found)) if found else None


@dataclass(frozen=True)
class Split:
    yaml_text: str
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int


def split_front_matter(path: str, text: str) -> Split:
    """Separate the `---` front matter from the body; leading blank lines are allowed."""
    opening = _OPEN.match(text)
    if opening is None:
        blank = re.match(r"(?:[ \t]*(?:\r\n|\n|\r))*", text)
        first = line_at(text, blank.end()) if blank and blank.end() < len(text) else 1
        raise LoadError(
            [
                _finding(
                    path,
                    first,
                    SYNTAX,
                    besked(
                        "has no front matter; the file must start with a line '---', the"
                        " YAML keys, and another '---'"
                    ),
                )
            ]
        )
    yaml_start = opening.end()
    opening_line = line_at(text, opening.start() + opening.group().rindex("---"))
    closing = _CLOSE.search(text, yaml_start - 1)
    if closing is None or not opening.group().endswith(("\n", "\r")):
        raise LoadError(
            [
                _finding(
                    path,
                    opening_line,
                    SYNTAX,
                    besked(
                        "front matter opened on line {opening_line} is never closed; add a"
                        " line '---' after the last key"
                    ).format(opening_line=opening_line),
                )
            ]
        )
    close_start = closing.start() + 1  # after the line break that the pattern begins with
    return Split(
        yaml_text=text[yaml_start:close_start],
        yaml_line=opening_line + 1,
        body=text[closing.end() :],
        body_line=line_at(text, close_start) + 1,
    )


def parse_mapping(path: str, yaml_text: str, first_line: int) -> Parsed:
    """YAML text -> a mapping with file line numbers; LoadError otherwise."""
    try:
        parsed = parse_yaml(yaml_text, first_line)
    except YamlError as e:
        raise LoadError([_finding(path, e.line or first_line, SYNTAX, e.message)]) from None
    if parsed.data is None:
        parsed.data = {}
    if not isinstance(parsed.data, dict):
        kind = besked("a list") if isinstance(parsed.data, list) else besked("a single value")
        raise LoadError(
            [
                _finding(
                    path,
                    first_line,
                    SYNTAX,
                    besked("front matter must be a mapping of keys to values, not {kind}").format(
                        kind=kind
                    ),
                )
            ]
        )
    return parsed


def validate(path: str, parsed: Parsed, model: type[M], first_line: int) -> M:
    """Validate with Pydantic; every error becomes a finding at the line of its key."""
    try:
        return model.model_validate(parsed.data)
    except ValidationError as e:
        raise LoadError(
            [_error_finding(path, parsed, model, err, first_line) for err in e.errors()]
        ) from None


def load_document(path: str, text: str, model: type[M], *, keep_text: bool = True) -> Document[M]:
    """A Markdown file with front matter -> Document; LoadError with findings otherwise."""
    conflict = conflict_marker_line(text)
    if conflict:
        raise LoadError([_conflict(path, conflict)])
    read, controls = without_controls(text)
    split = split_front_matter(path, read)
    parsed = parse_mapping(path, split.yaml_text, split.yaml_line)
    controls |= _controls_in_values(parsed, split.yaml_text)
    data = validate(path, parsed, model, split.yaml_line - 1)
    lines = _by_field_name(parsed)
    kept = text if keep_text else None
    front = None
    if keep_text and not controls and "\r" not in text and _is_nfc(text):
        front = parsed.data
    return Document(
        path, data, split.body, split.body_line, lines, kept, tuple(sorted(controls)), front
    )


def _is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


# --- control characters ------------------------------------------------------------------

# Unicode's control characters (Cc) but tab, line feed and carriage return: ESC, BEL, the
# C0 and C1 ranges and DEL. They show as nothing or as garbage, make XML (the Atom feed)
# invalid and can drive a terminal; nothing of a file carries one into any output.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def without_controls(text: str) -> tuple[str, set[int]]:
    """The text without control characters, and the lines (1-based) that held one. The one
    place they are dropped: every document and dialog.yaml are read through here, and DM705
    (`dialog check`) reports the lines."""
    # In UTF-8 a control character is one of these bytes, or 0xC2 before 0x80-0x9F: a text
    # whose UTF-8 has none of them has none (one fast pass; the pattern is the slow one).
    if not text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_BYTES):
        return text, set()
    if CONTROL.search(text) is None:
        return text, set()
    lines = {line_at(text, m.start()) for m in CONTROL.finditer(text)}
    return CONTROL.sub("", text), lines


def _controls_in_values(parsed: Parsed, yaml_text: str) -> set[int]:
    """Control characters a YAML escape ("\\e", "\\x07") wrote into a value: dropped from
    the value, and the lines returned."""
    lines: set[int] = set()
    if "\\" in yaml_text:  # only an escape writes a control character into a value now
        parsed.data = _clean(parsed.data, (), parsed.lines, lines)
    return lines


def _clean(value: Any, loc: Loc, where: dict[Loc, int], lines: set[int]) -> Any:
    """`value` without control characters, the lines of those it held added to `lines`.
    (A function of its own, not a closure: a recursive closure is a reference cycle, which
    would keep every file's parsed YAML alive while loading runs without the collector.)"""
    if isinstance(value, str):
        if CONTROL.search(value) is None:
            return value
        lines.add(_line_for(where, loc, default=1))
        return CONTROL.sub("", value)
    if isinstance(value, dict):
        return {
            _clean(k, loc, where, lines): _clean(v, (*loc, str(k)), where, lines)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_clean(v, (*loc, i), where, lines) for i, v in enumerate(value)]
    return value


def _by_field_name(parsed: Parsed) -> dict[Loc, int]:
    """Also file every key written with æøå (`fraværende`) under its field name."""
    lines = parsed.lines
    if parsed.ascii_keys or all(loc[-1].isascii() for loc in lines if isinstance(loc[-1], str)):
        return lines  # the common case: every key as the model names it
    extra = {}
    for loc, line in lines.items():
        if not all(p.isascii() for p in loc if isinstance(p, str)):
            extra[tuple(ascii_spelling(p) if isinstance(p, str) else p for p in loc)] = line
    return {**lines, **extra} if extra else lines


def load_yaml_document(path: str, text: str, model: type[M]) -> Document[M]:
    """A plain YAML file (dialog.yaml) -> Document with an empty body."""
    conflict = conflict_marker_line(text)
    if conflict:
        raise LoadError([_conflict(path, conflict)])
    read, controls = without_controls(text)
    parsed = parse_mapping(path, read, 1)
    controls |= _controls_in_values(parsed, read)
    data = validate(path, parsed, model, 1)
    lines = _by_field_name(parsed)
    return Document(path, data, "", 0, lines, text, tuple(sorted(controls)))


# --- turning Pydantic errors into sentences ----------------------------------------------


def _finding(path: str, line: int | None, rule: str, message: str) -> Finding:
    return Finding(path=path, line=line, rule=rule, severity="error", message=message)


def _conflict(path: str, line: int) -> Finding:
    return _finding(
        path,
        line,
        CONFLICT,
        besked(
            "unresolved merge conflict; keep the right lines and remove the markers"
            " (<<<<<<<, =======, >>>>>>>)"
        ),
    )


def _line_for(lines: dict[Loc, int], loc: tuple[str | int, ...], default: int) -> int:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return default


def _label(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or "front matter"


def _error_finding(
    path: str, parsed: Parsed, model: type[BaseModel], err: Any, first_line: int
) -> Finding:
    loc = _data_loc(parsed.data, tuple(err["loc"]))
    line = _line_for(parsed.lines, loc, default=first_line)
    kind = err["type"]
    raw = parsed.raw.get(loc)
    shown = raw if raw is not None else err.get("input")
    label = _label(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        twin = _other_spelling(parsed.data, loc)
        if twin is not None:
            message = besked(
                "'{key}' and '{twin}' are the same key, spelled two ways; keep one"
            ).format(key=key, twin=twin)
            return Finding(path, line, SCHEMA, "error", message)
        message = besked("unknown key '{key}'").format(key=key)
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            message += besked("; did you mean '{close}'?").format(close=close[0])
        elif known:
            message += besked("; known keys here: {x}").format(x=", ".join(sorted(known)))
        return Finding(path, line, UNKNOWN_KEY, "error", message)
    if kind == "missing":
        message = besked("{label} is missing").format(label=label)
    elif kind == "string_type" and isinstance(err.get("input"), list | dict):
        message = besked("{label} must be text, not {x}").format(
            label=label, x=_kind_of(err.get("input"))
        )
    elif kind == "string_type":
        message = besked("{label} must be text, not {x} {shown}; put it in quotes:").format(
            label=label, x=_kind_of(err.get("input")), shown=shown
        )
        message += f" {loc[-1]}: '{shown}'"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        message = besked("{label} must be a whole number, found '{shown}'").format(
            label=label, shown=shown
        )
    elif kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", besked(" or "))
        message = besked("{label} must be one of {expected}; found '{shown}'").format(
            label=label, expected=expected, shown=shown
        )
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "github":
        message = besked(
            "{label} '{shown}' is not a GitHub handle; write the user name (e.g. boberg) or"
            " @org/team, not a URL"
        ).format(label=label, shown=shown)
    elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == (
        MEETING_ID_PATTERN
    ):
        message = besked(
            "{label} '{shown}' is not a valid meeting id: lowercase a-z, digits and '-',"
            " starting with a letter or digit (e.g. 2025-01-29-direktionen)"
        ).format(label=label, shown=shown)
    elif kind == "string_pattern_mismatch":
        message = besked(
            "{label} '{shown}' is not a valid id (lowercase letters, æ, ø, å, digits and '-')"
        ).format(label=label, shown=shown)
    elif kind == "string_too_short":
        message = besked("{label} must not be empty").format(label=label)
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        message = besked("{label} must be a mapping of keys to values, not {x}").format(
            label=label, x=_kind_of(err.get("input"))
        )
    elif kind == "list_type":
        message = besked("{label} must be a list, not {x}").format(
            label=label, x=_kind_of(err.get("input"))
        )
    elif kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        message = f"{loc[-1] if loc else label} {text}" if loc else text
    else:
        message = f"{label}: {err['msg']}"
    return Finding(path, line, SCHEMA, "error", message)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return besked("the flag")
    if isinstance(value, int | float):
        return besked("the number")
    if isinstance(value, list):
        return besked("a list")
    if isinstance(value, dict):
        return besked("a mapping")
    return besked("the value")


def _data_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop the parts of a Pydantic location that are not keys in the data (union tags)."""
    result: list[str | int] = []
    node = data
    for part in loc:
        present = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if present:
            result.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str):
            result.append(part)  # a missing or unknown key: the last part of the location
            break
        # anything else (e.g. 'str' or 'FokusGruppe' from a union) is skipped
    return tuple(result)


def _known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Names (and æøå aliases) of the keys the model expects at `loc`."""
    target = _model_at(model, loc)
    if target is None:
        return []
    names = set()
    for name in target.model_fields:
        names.add(name)
        names.add(danish_spelling(name))
    return sorted(names)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(part) or next(
                (f for n, f in current.model_fields.items() if _alias_match(n, part)), None
            )
            if field_info is None:
                return None
            current = field_info.annotation
        else:
            args = typing.get_args(current)  # dict[str, Model] -> Model
            current = args[-1] if args else None
        current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / Annotated[X, ...] / X | None -> X, keeping list and dict as they are."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
            continue
        return annotation


def _other_spelling(data: Any, loc: tuple[str | int, ...]) -> str | None:
    """The other spelling of the key at `loc` (`vaert` for `vært`) if it is there too."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    key = str(loc[-1])
    if not isinstance(parent, dict):
        return None
    for other in (ascii_spelling(key), danish_spelling(key)):
        if other != key and other in parent:
            return other
    return None


def _alias_match(name: str, key: str) -> bool:
    return danish_spelling(name) == key
