"""pybabel's extractor for dialog's Python code (babel.cfg names it): the gettext calls, as
pybabel's own `python` method finds them, and the messages written without a call:

- a check rule's summary and its `--explain` text: the third and sixth argument of
  `describe(...)`, the third argument (summary) of `@rule(...)` and the docstring of the
  function it decorates (or its `explanation=`); an explanation is a msgid per paragraph
  (`check.rules.explanation_text` translates it so);
- the --help texts of cli.py: every `help="..."` argument, and the docstring of each
  function decorated with `@<app>.command(...)` or `@<app>.callback(...)`.

A docstring or an explanation is a msgid as `inspect.cleandoc` leaves it, which is how the
rule registry and click hold it.
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

# (line, function name, message(s), comments): Babel's extraction result
Extracted = Any


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _docstring(node: ast.AST) -> str | None:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    text = ast.get_docstring(node, clean=False)
    return inspect.cleandoc(text) if text else None


def paragraphs(explanation: str) -> list[str]:
    """A rule's explanation as its msgids: one per paragraph, as `inspect.cleandoc` leaves
    the text."""
    return inspect.cleandoc(explanation).split("\n\n")


def messages_without_call(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, msgid) of every rule text and help text in a module's syntax tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            args = node.args
            keywords = {k.arg: k.value for k in node.keywords}
            if name in ("rule", "describe") and len(args) >= 3:
                summary = _text(args[2])
                if summary:
                    yield node.lineno, summary
                explanation = _text(args[5]) if len(args) >= 6 else None
                explanation = explanation or _text(keywords.get("explanation"))
                if explanation:
                    for part in paragraphs(explanation):
                        yield node.lineno, part
            help_text = _text(keywords.get("help"))
            if help_text:
                yield node.lineno, help_text
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                name = _call_name(decorator)
                doc = _docstring(node)
                if name in ("command", "callback") and doc:
                    yield node.lineno, doc
                explained = isinstance(decorator, ast.Call) and any(
                    k.arg == "explanation" for k in decorator.keywords
                )
                if name == "rule" and doc and not explained:
                    for part in paragraphs(doc):
                        yield node.lineno, part


def messages(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Extracted]:
    """A Babel extraction method: pybabel's `python` messages and the rule and help texts."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[arg-type]
    tree = ast.parse(source)
    for line, text in messages_without_call(tree):
        yield line, "besked", text, []
