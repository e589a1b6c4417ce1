"""All YAML reading goes through here: YAML 1.2 core types, line numbers, no surprises.

PyYAML speaks YAML 1.1, where `13:30` is the integer 810, `no` is False and
`2025-02-30` crashes the timestamp constructor without a line. We keep PyYAML's
fast C parser but resolve plain scalars by the YAML 1.2 core schema (only
true/false are booleans; times and dates stay text for the models to parse),
and build the Python values ourselves so every key keeps its line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # the C parser is several times faster; the pure one gives the same nodes
    from yaml import CParser as _Parser
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

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: the only implicit types are null, bool, int and float."""


for _tag, _pattern, _first in [
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class _Loader(_Parser, _CoreResolver):  # type: ignore[misc, valid-type]
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


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document; raise YamlError with a line for anything unsafe or malformed."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(f"YAML is {len(text):,} characters; the limit is {MAX_YAML_CHARS:,}", 1)
    node = _compose(text)
    parsed = Parsed(None)
    if node is not None:
        parsed.data = _Builder(parsed).build(node, ())
    return parsed


def _compose(text: str) -> Node | None:
    """The node tree of one document; every YAML problem becomes a YamlError with a line."""
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses control characters already here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        raise _explain(e) from None
    except yaml.reader.ReaderError as e:
        line = text[: e.position].count("\n") + 1
        raise YamlError(
            f"contains the control character #x{e.character:04x}, which YAML does not allow;"
            " remove it",
            line,
        ) from None
    except yaml.YAMLError as e:  # pragma: no cover - unmarked errors are rare
        raise YamlError(str(e)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _explain(e: yaml.MarkedYAMLError) -> YamlError:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else None
    problem = (e.problem or str(e)).strip()
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' must be put in quotes, e.g. titel: 'Punkt: status'"
    elif "found character '\\t'" in problem or "\\t" in problem:
        hint = "; indent with spaces, not tabs"
    elif "could not find expected ':'" in problem:
        hint = "; is a quote or a colon missing on the line before?"
    return YamlError(f"YAML syntax error: {problem}{hint}", line)


class _Builder:
    """Turns a node tree into dicts, lists and scalars, recording where each came from."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.seen: set[int] = set()

    def build(self, node: Node, loc: Loc) -> Any:
        # An alias makes the composer hand us the same node twice: refuse it, which also
        # defuses "billion laughs" documents before they are expanded.
        if id(node) in self.seen:
            raise YamlError(
                "YAML anchors and aliases (&name, *name) are not supported here;"
                " write the value out",
                self.parsed.lines.get(loc, node.start_mark.line + 1),
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.expect_tag(node, SEQ)
            items = []
            for i, item in enumerate(node.value):
                self.parsed.lines[(*loc, i)] = item.start_mark.line + 1
                if isinstance(item, ScalarNode):
                    self.parsed.raw[(*loc, i)] = item.value
                items.append(self.build(item, (*loc, i)))
            return items
        assert isinstance(node, MappingNode)
        self.expect_tag(node, MAP)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.key(key_node)
            if key in first_line:
                raise YamlError(
                    f"duplicate key '{key}' (first on line {first_line[key]},"
                    f" again on line {line}); keep one",
                    line,
                )
            first_line[key] = line
            self.parsed.lines[(*loc, key)] = line
            if isinstance(value_node, ScalarNode):
                self.parsed.raw[(*loc, key)] = value_node.value
            result[key] = self.build(value_node, (*loc, key))
        return result

    def key(self, node: Node) -> str:
        line = node.start_mark.line + 1
        if not isinstance(node, ScalarNode):
            raise YamlError("a key must be a plain name, not a list or a mapping", line)
        if node.tag == "tag:yaml.org,2002:merge" or node.value == "<<":
            raise YamlError("merge keys (<<) are not supported here; write the keys out", line)
        if node.tag != STR:
            raise YamlError(
                f"key {node.value!r} must be a name made of letters, not a number or flag", line
            )
        return unicodedata.normalize("NFC", node.value)

    def expect_tag(self, node: Node, tag: str) -> None:
        if node.tag != tag:
            raise YamlError(f"YAML tag {node.tag} is not allowed here", node.start_mark.line + 1)

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == STR:
            return unicodedata.normalize("NFC", value)
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
        if tag == FLOAT:
            return _to_float(value)
        raise YamlError(
            f"YAML tag {tag} is not allowed; only plain text, numbers, true/false, lists and"
            " mappings",
            node.start_mark.line + 1,
        )


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
    if not isinstance(node, MappingNode):
        raise YamlError("front matter must be a mapping of keys to values", 1)
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
