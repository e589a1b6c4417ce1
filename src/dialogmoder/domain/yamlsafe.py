"""All YAML reading goes through here: YAML 1.2 core types, line numbers, no surprises.

PyYAML speaks YAML 1.1, where `13:30` is the integer 810, `no` is False and
`2025-02-30` crashes the timestamp constructor without a line. We keep PyYAML's
fast C parser but resolve plain scalars by the YAML 1.2 core schema (only
true/false are booleans; times and dates stay text for the models to parse),
and build the Python values ourselves so every key keeps its line.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from dialogmoder.danish import N_, besked

try:  # the C parser is several times faster; the pure one gives the same nodes
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_YAML_CHARS = 256 * 1024
MAX_DEPTH = 40  # front matter is a few levels deep; deeper is a mistake or an attack
# libyaml's composer recurses in C and overflows the stack somewhere past 10,000 levels;
# a text this short cannot nest that deep, so only longer texts get a depth pre-check.
_SAFE_CHARS = 8000

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


# One pattern for the YAML 1.2 core schema's implicit types; the group that matched names
# the tag. Only a plain scalar starting with one of _MAYBE_TYPED can match at all.
_IMPLICIT = re.compile(
    r"(?P<null>~|null|Null|NULL|)"
    r"|(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<int>[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
)
_TAGS = {"null": NULL, "bool": BOOL, "int": INT, "float": FLOAT}
_MAYBE_TYPED = frozenset("~nNtTfF-+.0123456789")


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: the only implicit types are null, bool, int and float."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in _MAYBE_TYPED):
                match = _IMPLICIT.fullmatch(value)
                if match:
                    return _TAGS[match.lastgroup or "null"]
            return STR
        return SEQ if kind is SequenceNode else MAP


class _Loader(_Parser, _CoreResolver):
    # The composer tells these of every node, for path resolvers, which we have none of: a
    # builtin that takes the same arguments and does nothing costs less than the methods.
    descend_resolver = operator.is_  # type: ignore[assignment]  # (parent, index)
    ascend_resolver = tuple  # type: ignore[assignment]  # ()

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)


class YamlError(Exception):
    """A YAML problem at a line counted from 1 within the parsed text."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


Loc = tuple[str | int, ...]


@dataclass
class Parsed:
    """Plain Python data plus, for every key and list item, its line and raw text."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)
    # True where every key is known to be ASCII (the plain path looks at each); False
    # means unknown
    ascii_keys: bool = False


def parse_yaml(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document; raise YamlError with a line for anything unsafe or malformed.

    The text must be NFC already (the loader's `decode` makes it so), so keys written with
    æøå in any Unicode form match their aliases.

    Lines are counted so that the text's first line is `first_line` (its line in the file).
    """
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(
            besked("YAML is {n:,} characters; the limit is {max_yaml_chars:,}").format(
                n=len(text), max_yaml_chars=MAX_YAML_CHARS
            ),
            1,
        )
    simple = _plain_lines(text, first_line)
    return simple if simple is not None else _parse_nodes(text, first_line)


def _parse_nodes(text: str, first_line: int) -> Parsed:
    """`parse_yaml` by libyaml's node tree: any YAML, every error."""
    if len(text) > _SAFE_CHARS:
        _check_depth(text, first_line)
    node = _compose(text, first_line)
    parsed = Parsed(None)
    if node is not None:
        parsed.data = _Builder(parsed, first_line - 1).build(node, ())
    return parsed


def _compose(text: str, first_line: int = 1) -> Node | None:
    """The node tree of one document; every YAML problem becomes a YamlError with a line."""
    loader = None
    try:
        loader = _Loader(text)  # the pure reader refuses control characters already here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        raise _explain(e, text, first_line) from None
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, first_line) from None
    except yaml.YAMLError as e:  # pragma: no cover - unmarked errors are rare
        raise YamlError(str(e)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _reader_error(e: yaml.reader.ReaderError, text: str, first_line: int) -> YamlError:
    line = text[: e.position].count("\n") + first_line
    char = e.character if isinstance(e.character, int) else ord(e.character)
    return YamlError(
        besked(
            "contains the control character #x{char:04x}, which YAML does not allow; remove it"
        ).format(char=char),
        line,
    )


def _check_depth(text: str, first_line: int) -> None:
    """Walk the events (no recursion) and refuse nesting deeper than MAX_DEPTH."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, first_line) from None
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = (event.start_mark.line if event.start_mark else 0) + first_line
                    raise YamlError(
                        besked("YAML is nested more than {max_depth} levels deep").format(
                            max_depth=MAX_DEPTH
                        ),
                        line,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.MarkedYAMLError as e:
        raise _explain(e, text, first_line) from None
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, first_line) from None
    finally:
        loader.dispose()


def _explain(e: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    """PyYAML's problem as a sentence for a person: what is wrong on the line and what to
    do (PyYAML's own words, "did not find expected '-' indicator", are a parser's)."""
    mark = e.problem_mark or e.context_mark
    line = mark.line + first_line if mark else None
    problem = (e.problem or str(e)).strip()
    lines = text.splitlines()
    source = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or "tab character" in problem:
        what = besked("the line is indented with a tab; indent with spaces, not tabs")
    else:
        what = _plain_problem(problem)
    return YamlError(besked("the YAML cannot be read: {what}").format(what=what), line)


def _plain_problem(problem: str) -> str:
    """What PyYAML's `problem` means, and what to do about it."""
    if "that cannot start any token" in problem:
        return besked(
            "a value starts with a character YAML reserves (such as @, ` or %); put the"
            " value in quotes, e.g. titel: '@kommune'"
        )
    for part, message in _PROBLEMS:
        if part in problem:
            return besked(message)
    return besked(
        "the line is not written as YAML keys and values; check the indentation, that each"
        " key is followed by ': ', and that every quote is closed (here or on the line before)"
    )


# PyYAML's problems (a part of its text) and what they mean for a person writing front
# matter; the first that is found in the problem is used.
_PROBLEMS = (
    (
        "mapping values are not allowed",
        N_(
            "a value contains ': ' (a colon and a space); put the whole value in quotes,"
            " e.g. titel: 'Punkt: status'"
        ),
    ),
    (
        "could not find expected ':'",
        N_(
            "a line is not written as key: value; is a colon missing, or a quote not closed,"
            " on this line or the line before?"
        ),
    ),
    (
        "did not find expected '-' indicator",
        N_(
            "a list item is not lined up with the items above it; start every item of the"
            " list with '- ' at the same indentation"
        ),
    ),
    (
        "did not find expected key",
        N_(
            "the indentation does not match the lines above; indent the keys of one level by"
            " the same number of spaces (or a list item is not lined up with the others)"
        ),
    ),
    (
        "expected <block end>",
        N_(
            "the indentation does not match the lines above; indent the keys of one level by"
            " the same number of spaces (or a list item is not lined up with the others)"
        ),
    ),
    (
        "block sequence entries are not allowed",
        N_(
            "a list item ('- ') follows a value on the same key; write the list on the lines"
            " below the key, each item starting with '- '"
        ),
    ),
    (
        "found unexpected end of stream",
        N_("a quote (' or \") is opened but never closed; close it at the end of the value"),
    ),
    (
        "found unexpected document separator",
        N_("a quote (' or \") is opened but never closed; close it at the end of the value"),
    ),
    (
        "expected ',' or ']'",
        N_("a list in [ ] is not closed with ], or a comma is missing between its items"),
    ),
    (
        "expected ',' or '}'",
        N_("a mapping in { } is not closed with }, or a comma is missing between its keys"),
    ),
    (
        "unknown escape character",
        N_(
            "a value in double quotes has a backslash (\\) YAML does not know; use single"
            " quotes around it instead"
        ),
    ),
    (
        "did not find expected node content",
        N_("a value is missing, or starts with a character YAML cannot read; put it in quotes"),
    ),
    (
        "undefined alias",
        N_("a value cannot start with & or *; put the value in quotes"),
    ),
    (
        "expected alphabetic or numeric character",
        N_("a value cannot start with & or *; put the value in quotes"),
    ),
    (
        "expected '<document start>'",
        N_("the text is not written as YAML keys and values; write one key: value per line"),
    ),
)


# Every file of a kind has the same key paths, ("titel",) or ("bilag", 0, "fil"): one tuple
# of each is kept for all of them (a repository keeps every file's lines; at 50,000 files
# a tuple for each key of each file is tens of megabytes).
_LOCS: dict[Loc, Loc] = {}


def _shared(loc: Loc) -> Loc:
    if len(_LOCS) > 100_000:  # a bound, for a process that reads very many kinds of file
        _LOCS.clear()
    return _LOCS.setdefault(loc, loc)


class _Builder:
    """Turns a node tree into dicts, lists and scalars, recording where each came from."""

    def __init__(self, parsed: Parsed, offset: int) -> None:
        self.parsed = parsed
        self.offset = offset
        self.seen: set[int] = set()

    def build(self, node: Node, loc: Loc) -> Any:
        # An alias makes the composer hand us the same node twice: refuse it, which also
        # defuses "billion laughs" documents before they are expanded.
        if id(node) in self.seen:
            raise YamlError(
                besked(
                    "YAML anchors and aliases (&name, *name) are not supported here; write"
                    " the value out"
                ),
                self.parsed.lines.get(loc, self.line(node)),
            )
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise YamlError(
                besked("YAML is nested more than {max_depth} levels deep").format(
                    max_depth=MAX_DEPTH
                ),
                self.line(node),
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        lines, raw, offset = self.parsed.lines, self.parsed.raw, self.offset + 1
        if isinstance(node, SequenceNode):
            self.expect_tag(node, SEQ)
            items = []
            for i, item in enumerate(node.value):
                here = _shared((*loc, i))
                lines[here] = item.start_mark.line + offset
                if isinstance(item, ScalarNode) and item.tag != STR:
                    raw[here] = item.value  # as written: 1.10, not 1.1
                items.append(self.build(item, here))
            return items
        assert isinstance(node, MappingNode)
        self.expect_tag(node, MAP)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            here = _shared((*loc, key))
            line = key_node.start_mark.line + offset
            if key in result:
                raise YamlError(
                    besked(
                        "duplicate key '{key}' (first on line {lines}, again on line"
                        " {line}); keep one"
                    ).format(key=key, lines=lines[here], line=line),
                    line,
                )
            lines[here] = line
            if isinstance(value_node, ScalarNode):
                if value_node.tag == STR and id(value_node) not in self.seen:
                    self.seen.add(id(value_node))
                    result[key] = value_node.value  # the common case, without a call
                    continue
                if value_node.tag != STR:
                    raw[here] = value_node.value
            result[key] = self.build(value_node, here)
        return result

    def line(self, node: Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def key(self, node: Node) -> str:
        line = self.line(node)
        if not isinstance(node, ScalarNode):
            raise YamlError(besked("a key must be a plain name, not a list or a mapping"), line)
        if node.tag == "tag:yaml.org,2002:merge" or node.value == "<<":
            raise YamlError(
                besked("merge keys (<<) are not supported here; write the keys out"), line
            )
        if node.tag != STR:
            raise YamlError(
                besked("key {value!r} must be a name made of letters, not a number or flag").format(
                    value=node.value
                ),
                line,
            )
        return str(node.value)

    def expect_tag(self, node: Node, tag: str) -> None:
        if node.tag != tag:
            raise YamlError(
                besked("YAML tag {tag} is not allowed here").format(tag=node.tag), self.line(node)
            )

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == STR:
            return value
        if tag == INT and len(value) > _MAX_DIGITS:
            raise YamlError(
                besked("the number {value}... is too long").format(value=value[:20]),
                self.line(node),
            )
        if tag in _TYPED:
            return _typed(value, tag)
        raise YamlError(
            besked(
                "YAML tag {tag} is not allowed; only plain text, numbers, true/false, lists"
                " and mappings"
            ).format(tag=tag),
            self.line(node),
        )


_MAX_DIGITS = 30
_TYPED = frozenset((NULL, BOOL, INT, FLOAT))


def _typed(value: str, tag: str) -> Any:
    """A plain scalar the core schema resolved to `tag` (null, bool, int or float)."""
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)
    return _to_float(value)


# --- the common case without libyaml -----------------------------------------------------
#
# Nearly every front matter is a column of `key: value` lines, perhaps with a list of
# flat items below a key (a punkt's bilag, a program's programpunkter). Those are read here
# with one pattern per line, several times as fast as libyaml's node tree and our builder;
# anything else (deeper nesting, block scalars, comments after a value, escapes, duplicate
# keys, tabs, CR, odd characters) returns None and takes the full path above, which also
# gives every error. A property test compares the two on generated texts
# (tests/test_yamlsafe_plain_lines.py): for what this accepts, the same data, key order,
# lines and raw texts.

# What YAML reads as printable, less what may break a line (U+0085, U+2028, U+2029) or
# needs a second look (tab, CR, BOM, U+FFFE/U+FFFF, C0/C1 controls): a text with any of
# these takes the full path.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_FLOW_ITEM = r"[0-9A-Za-z_\xc0-\u024f][0-9A-Za-z_.\-/\xc0-\u024f]*"
_VALUE = (
    r"(?P<plain>[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*)"
    r"|'(?P<single>(?:[^'\n]|'')*)'"
    r'|"(?P<double>[^"\\\n]*)"'
    rf"|\[(?P<flow>{_FLOW_ITEM}(?:, {_FLOW_ITEM})*)?(?P<flow_end>\])"
)
_KEY = r"(?P<key>[A-Za-z_\xc0-\u024f][0-9A-Za-z_\-\xc0-\u024f]*):"
_KEY_LINE = re.compile(rf"{_KEY}(?: (?:{_VALUE}))?")  # `key:` alone: null, or a list below
_KEY_VALUE = re.compile(rf"{_KEY} (?:{_VALUE})")
_ITEM = re.compile(r"( +)- (\S.*)")  # a list item below a key
_SCALAR = re.compile(_VALUE)


def _plain_lines(text: str, first_line: int) -> Parsed | None:
    """`text` read as a mapping of one-line values and lists of one-line values or flat
    mappings, or None if it is not one."""
    if _UNUSUAL.search(text) is not None:
        return None
    data: dict[str, Any] = {}
    parsed = Parsed(data)
    lines, raw = parsed.lines, parsed.raw
    number = first_line - 1
    open_key: str | None = None  # the last key had no value: a list may follow
    items: list[Any] = []
    indent = ""  # the list's: every item starts at the same column
    item: dict[str, Any] | None = None  # the item being read, if it is a mapping
    ascii_keys = True
    for line in text.split("\n"):
        number += 1
        if not line or line[0] == "#":
            continue
        if line[0] == " ":
            if open_key is None:
                return None
            column = len(indent) + 2  # of an item's keys below its first (no deeper)
            if item is not None and line.startswith(indent + "  "):
                match = _KEY_VALUE.fullmatch(line, column)
                if match is None or match["key"] in item or not _is_name(match["key"]):
                    return None
                key = match["key"]
                ascii_keys = ascii_keys and key.isascii()
                here = _shared((open_key, len(items) - 1, key))
                lines[here] = number
                value = _scalar(match, here, number, lines, raw)
                if value is _DECLINED:
                    return None
                item[key] = value
                continue
            found = _ITEM.fullmatch(line)
            if found is None or (items and found[1] != indent):
                return None
            indent = found[1]
            here = _shared((open_key, len(items)))
            lines[here] = number
            match = _KEY_VALUE.fullmatch(found[2])
            if match is not None and _is_name(match["key"]):
                item = {}
                ascii_keys = ascii_keys and match["key"].isascii()
                at = _shared((*here, match["key"]))
                lines[at] = number
                value = _scalar(match, at, number, lines, raw)
                if value is _DECLINED:
                    return None
                item[match["key"]] = value
                items.append(item)
                continue
            item = None
            match = _SCALAR.fullmatch(found[2])
            value = _DECLINED if match is None else _scalar(match, here, number, lines, raw)
            if value is _DECLINED:
                return None
            items.append(value)
            continue
        if open_key is not None and items:
            del raw[(open_key,)]
            data[open_key] = items
            items, item = [], None
        open_key = None
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key = match["key"]
        if key in data or not _is_name(key):
            return None
        ascii_keys = ascii_keys and key.isascii()
        here = _TOP.get(key) or _top(key)
        lines[here] = number
        value = match["plain"]
        if (  # the common case without a call: text that cannot be a number or flag
            value is not None
            and value[0] not in _MAYBE_TYPED
            and value[-1] not in " :"
            and ": " not in value
            and " #" not in value
        ):
            data[key] = value
            continue
        if match.end() == len(key) + 1:  # `key:` and nothing after it
            raw[here] = ""
            data[key] = None
            open_key = key
            continue
        value = _scalar(match, here, number, lines, raw)
        if value is _DECLINED:
            return None
        data[key] = value
    if open_key is not None and items:
        del raw[(open_key,)]
        data[open_key] = items
    parsed.ascii_keys = ascii_keys
    return parsed if data else None


_DECLINED = object()
_TOP: dict[str, Loc] = {}  # the location of each top-level key: ("titel",)


def _top(key: str) -> Loc:
    if len(_TOP) > 10_000:  # a bound, as for _LOCS
        _TOP.clear()
    here = _TOP[key] = _shared((key,))
    return here


def _is_name(key: str) -> bool:
    """A key the builder takes as text, not as null, a flag or a number."""
    return key[0] not in _MAYBE_TYPED or _IMPLICIT.fullmatch(key) is None


def _scalar(
    match: re.Match[str], here: Loc, number: int, lines: dict[Loc, int], raw: dict[Loc, str]
) -> Any:
    """The value `_VALUE` matched, its raw text and its items' lines recorded as the
    builder records them; _DECLINED for what the full path must read."""
    value = match["plain"]
    if value is not None:
        if value[-1] in " :" or ": " in value or " #" in value:
            return _DECLINED
        typed = _plain_value(value)
        if typed is not value and typed is not _DECLINED:
            raw[here] = value
        return typed
    if match["single"] is not None:
        return match["single"].replace("''", "'")
    if match["double"] is not None:
        return match["double"]
    if match["flow_end"] is None:
        return _DECLINED
    items = []
    for i, word in enumerate(match["flow"].split(", ") if match["flow"] else ()):
        at = _shared((*here, i))
        lines[at] = number
        typed = _plain_value(word)
        if typed is _DECLINED:
            return _DECLINED
        if typed is not word:
            raw[at] = word
        items.append(typed)
    return items


def _plain_value(value: str) -> Any:
    """A plain scalar's value by the core schema: `value` itself when it is text."""
    if value and value[0] not in _MAYBE_TYPED:
        return value
    match = _IMPLICIT.fullmatch(value)
    if match is None:
        return value
    tag = _TAGS[match.lastgroup or "null"]
    if tag == INT and len(value) > _MAX_DIGITS:
        return _DECLINED  # the full path says it is too long, with its line
    return _typed(value, tag)


def _to_float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(value)


@dataclass(frozen=True)
class KeySpan:
    """Where a top-level key and its value are in the text, as character offsets."""

    key: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    style: str  # '' plain, "'" or '"' quoted, '|' or '>' block, '[' or '{' a collection
    empty: bool  # `key:` with no value written


@dataclass(frozen=True)
class TopLevel:
    """The top-level mapping of a YAML text: block or flow, its keys' spans, its indent."""

    block: bool
    indent: int
    spans: dict[str, KeySpan]


def top_level_spans(text: str) -> TopLevel:
    """Offsets of the top-level keys and values, for splicing edits into the text.

    Like pre-commit's yaml_rewrite: an edit replaces exactly the characters of one value,
    so comments, quoting, key order and line endings elsewhere stay as they were.
    """
    node = _compose(text)
    if node is None:  # empty, or only comments
        return TopLevel(True, 0, {})
    if not isinstance(node, MappingNode):
        raise YamlError(besked("front matter must be a mapping of keys to values"), 1)
    spans: dict[str, KeySpan] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if isinstance(value_node, ScalarNode):
            style = value_node.style or ""
            empty = value_node.value == "" and not style
        else:
            style = "[" if isinstance(value_node, SequenceNode) else "{"
            empty = False
        spans[key_node.value] = KeySpan(
            key_node.value,
            key_node.start_mark.index,
            key_node.end_mark.index,
            value_node.start_mark.index,
            value_node.end_mark.index,
            style,
            empty,
        )
    return TopLevel(not node.flow_style, node.start_mark.column, spans)
