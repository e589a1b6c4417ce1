"""Findings are data: rules return them, printers format them."""

from __future__ import annotations

import builtins
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import IO, Literal

from dialogmoder.danish import N_, besked, nbesked
from dialogmoder.errors import require_choice
from dialogmoder.io.printable import printable, printable_markup

Severity = Literal["error", "warning"]
# the formats `check` and `verify` print findings in
FORMATS = ("text", "json", "github")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place: `rule` is a stable id such as DM004."""

    path: str
    line: int | None
    rule: str
    severity: Severity
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_text(self) -> str:
        """One line for a terminal: control characters from files shown, not obeyed."""
        return printable(
            f"{self.location()}: {severity_word(self.severity)} {self.rule} {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }


def severity_word(severity: str) -> str:
    """'fejl' or 'advarsel' (English 'error', 'warning'): a finding's severity for people;
    JSON and GitHub annotations keep `error` and `warning`."""
    if severity == "error":
        return besked("error")
    if severity == "warning":
        return besked("warning")
    return severity


def summary(findings: list[Finding], files: int | None = None, meetings: int | None = None) -> str:
    """'2 fejl, 1 advarsel i 2 filer' ('2 errors, 1 warning in 2 files'), and, given what
    was checked (files and meetings), so that a clean check does not read as if nothing
    was: 'Ingen fejl eller advarsler i 42 filer (7 møder)', '2 fejl, 1 advarsel i 2 filer
    (tjekket: 42 filer, 7 møder)'."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    with_findings = len({f.path for f in findings})
    checked = None
    if files is not None and meetings is not None:
        checked = {
            "files": _count_files(files),
            "meetings": nbesked("{n} meeting", "{n} meetings", meetings).format(n=meetings),
        }
    if not findings:
        if checked is None:
            return besked("No errors or warnings")
        return besked("No errors or warnings in {files} ({meetings})").format(**checked)
    text = besked("{errors}, {warnings} in {files}").format(
        errors=nbesked("{n} error", "{n} errors", errors).format(n=errors),
        warnings=nbesked("{n} warning", "{n} warnings", warnings).format(n=warnings),
        files=_count_files(with_findings),
    )
    if checked is None:
        return text
    return besked("{summary} (checked: {files}, {meetings})").format(summary=text, **checked)


def _count_files(n: int) -> str:
    return nbesked("{n} file", "{n} files", n).format(n=n)


def print_text(findings: list[Finding], stream: IO[str]) -> None:
    """Grouped by file (a blank line between files), one `path:line: severity RULE message`
    per finding, so that every line is clickable in an editor's terminal.

    Colour only when the stream is a terminal (rich decides; NO_COLOR is respected).
    """
    if not findings:
        return  # nothing to print: rich (a tenth of a second to import) is not needed
    if plain_stream(stream) and not any(_RICH_TEXT.search(f.path + f.message) for f in findings):
        print_plain(findings, stream)
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    current = None
    for finding in findings:
        if current is not None and finding.path != current:
            console.print()
        current = finding.path
        style = "red" if finding.severity == "error" else "yellow"
        console.print(
            f"[bold]{printable_markup(finding.location())}:[/bold]"
            f" [{style}]{severity_word(finding.severity)}[/{style}]"
            f" [bold]{finding.rule}[/bold] {printable_markup(finding.message)}"
        )


# Text rich prints otherwise than it is written: a tab (expanded to the next multiple of
# eight columns), and markup's escapes (`[`, a backslash); a line with one is rich's.
_RICH_TEXT = re.compile(r"[\t\[\\]")
# What makes rich colour or reshape its output (besides a terminal): then rich prints.
_RICH_ENVIRONMENT = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def plain_stream(stream: IO[str]) -> bool:
    """True where rich would print `print_text`'s lines as they are, with no colour: a
    stream that is no terminal (a pipe, a file, CI's log, pre-commit), outside Windows,
    Jupyter and IDLE and with no variable that makes rich treat it as a terminal. The
    lines are then written without importing rich (0.03 s)."""
    if os.name == "nt" or any(name in os.environ for name in _RICH_ENVIRONMENT):
        return False
    if "get_ipython" in vars(builtins) or "idlelib" in getattr(sys.stdin, "__module__", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    if isatty is None or hasattr(stream, "rich_proxied_file"):
        return False
    try:
        return not isatty()
    except ValueError:  # a closed stream: rich decides
        return False


def print_plain(findings: list[Finding], stream: IO[str]) -> None:
    """`print_text`'s lines as rich prints them on a stream that is no terminal."""
    lines = []
    current = None
    for finding in findings:
        if current is not None and finding.path != current:
            lines.append("\n")
        current = finding.path
        lines.append(
            f"{printable(finding.location())}: {severity_word(finding.severity)}"
            f" {finding.rule} {printable(finding.message)}\n"
        )
    stream.write("".join(lines))


def print_json(findings: list[Finding], stream: IO[str]) -> None:
    """A JSON list of {rule, severity, path, line, message}; line is null for a whole file."""
    json.dump([f.as_dict() for f in findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def print_github(findings: list[Finding], stream: IO[str]) -> None:
    """GitHub Actions workflow commands: `::error file=...,line=...,title=DM101::message`,
    control characters from files shown as text (the runner's log is a terminal too)."""
    for f in findings:
        stream.write(github_command(f.severity, f.path, f.line, f.rule, f.message))


def github_command(level: str, path: str, line: int | None, title: str, message: str) -> str:
    """One `::level file=...,line=...,title=...::message` line, escaped as GitHub wants."""
    props = [f"file={_escape_property(printable(path))}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(printable(message))}\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def print_findings(findings: list[Finding], fmt: str, stream: IO[str]) -> None:
    """The findings in one of the formats `check` and `verify` share: text, json, github."""
    require_choice(N_("format"), fmt, FORMATS)
    {"text": print_text, "json": print_json, "github": print_github}[fmt](findings, stream)


def print_unreadable(findings: list[Finding], stream: IO[str]) -> None:
    """A view's note on the files that could not be read: each error, then that what those
    files hold is left out of the output (it is printed all the same)."""
    errors = [f for f in findings if f.severity == "error"]
    for finding in errors:
        print(finding.as_text(), file=stream)
    if errors:
        text = nbesked(
            "dialog: {n} error above; what that file holds is left out of this output until"
            " it is fixed (see `dialog check`)",
            "dialog: {n} errors above; what those files hold is left out of this output until"
            " they are fixed (see `dialog check`)",
            len(errors),
        )
        print(text.format(n=len(errors)), file=stream)
