"""The rules of `dialog check`: a registry of small, pure rule functions.

Each rule has a stable id (DM101), a short name, a one-line summary, a default severity
and a long explanation (the function's docstring), shown by `dialog check --explain`.
A rule is a function `(repo, context) -> Iterable[Finding]`; it does not print, read
files or know the date except through `context.today`.

Families: DM0xx loading (the loader and repository report these), DM1xx completeness,
DM2xx deadlines, DM3xx approvals, DM4xx numbering and times, DM5xx references,
DM6xx open and closed content, DM7xx hygiene, DM8xx approvals verified from git history
(`dialog verify`).
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding, Severity, severity_word

if TYPE_CHECKING:
    from dialogmoder.domain.models import Meeting
    from dialogmoder.domain.repository import MeetingFolder, Repository

# One module per family of rules, in the order of their ids (DM0xx..DM8xx); the DM8xx
# family, `verify`, lives in `history` (it reads git history, for `dialog verify` alone).
FAMILY_MODULES = (
    "load",
    "completeness",
    "deadlines",
    "approvals",
    "numbering",
    "references",
    "openness",
    "hygiene",
    "history",
)


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the repository: the day it runs on."""

    today: date

    def meetings_in_scope(self, repo: Repository) -> Iterator[tuple[MeetingFolder, Meeting]]:
        """The meetings (folder and meeting.md) that completeness and deadline rules check."""
        from dialogmoder.domain.state import is_archive

        config = repo.config
        for folder in repo.meetings:
            meeting = folder.meeting
            if meeting is not None and not is_archive(config, meeting):
                yield folder, meeting

    def in_scope(self, repo: Repository, folder: MeetingFolder) -> bool:
        """Completeness and deadline rules skip meetings before dialog.yaml's gaelder_fra."""
        from dialogmoder.domain.state import is_archive

        meeting = folder.meeting
        return meeting is not None and not is_archive(repo.config, meeting)


RuleFunction = Callable[["Repository", Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    summary: str
    severity: Severity
    family: str
    explanation: str
    check: RuleFunction | None  # None: reported by the loader, not by a rule function

    @property
    def locked(self) -> bool:
        """A load rule (DM0xx): what it reports was not read, so regler cannot hide it."""
        return self.id.startswith("DM0")


REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.id in REGISTRY:
        raise ValueError(f"rule id {rule.id} registered twice")
    REGISTRY[rule.id] = rule


def rule(
    id: str,
    name: str,
    summary: str,
    severity: Severity,
    family: str,
    explanation: str | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function; its docstring (or `explanation`) is the long explanation."""

    def decorate(function: RuleFunction) -> RuleFunction:
        explanation_text = inspect.cleandoc(explanation or function.__doc__ or summary)
        _register(Rule(id, name, summary, severity, family, explanation_text, function))
        return function

    return decorate


def describe(
    id: str, name: str, summary: str, severity: Severity, family: str, explanation: str
) -> None:
    """Register a rule whose findings come from the loader or the repository scan."""
    _register(Rule(id, name, summary, severity, family, inspect.cleandoc(explanation), None))


def found(rule_id: str, path: str, line: int | None, message: str) -> Finding:
    """A finding of a registered rule, at its default severity."""
    return Finding(path, line, rule_id, REGISTRY[rule_id].severity, message)


def all_rules() -> list[Rule]:
    """Every rule, in id order; importing the family modules registers them."""
    for module in FAMILY_MODULES:
        importlib.import_module(f"dialogmoder.check.rules.{module}")
    return sorted(REGISTRY.values(), key=lambda r: r.id)


def summary_text(rule: Rule) -> str:
    """A rule's one-line summary in the reader's language."""
    return besked(rule.summary)


def explanation_text(rule: Rule) -> str:
    """A rule's long explanation in the reader's language, translated paragraph by
    paragraph (each is a msgid of the catalogue: danish/extract.py)."""
    return "\n\n".join(besked(part) for part in rule.explanation.split("\n\n"))


def rules_table(rules: Iterable[Rule], fmt: str) -> str:
    """The rules as a Markdown table (`md`), JSON, or aligned text; the summaries and
    severities in the reader's language (README's table is the English one, DIALOG_SPROG=en),
    JSON's severity as `error` or `warning`."""
    rules = list(rules)
    if fmt == "json":
        return json.dumps(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "family": r.family,
                    "severity": r.severity,
                    "summary": summary_text(r),
                }
                for r in rules
            ],
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "md":
        rows = [besked("| id | name | severity | summary |"), "|---|---|---|---|"]
        for r in rules:
            text = summary_text(r).replace("|", "\\|")
            rows.append(f"| {r.id} | {r.name} | {severity_word(r.severity)} | {text} |")
        return "\n".join(rows)
    width = max((len(severity_word(r.severity)) for r in rules), default=7)
    return "\n".join(
        f"{r.id}  {severity_word(r.severity):<{width}}  {r.name:<28} {summary_text(r)}"
        for r in rules
    )


def explanation(rule: Rule) -> str:
    """What `dialog check --explain ID` prints."""
    setting = (
        besked(
            "A load rule: dialog.yaml's regler may raise it to an error, but cannot turn it"
            " off or make it a warning (DM010)."
        )
        if rule.locked
        else besked(
            "Turn it off or change its severity in dialog.yaml: regler: {{{id}: off}}"
        ).format(id=rule.id)
    )
    heading = besked("{id} {name} ({severity} by default; {family})").format(
        id=rule.id, name=rule.name, severity=severity_word(rule.severity), family=rule.family
    )
    return f"{heading}\n{summary_text(rule)}\n\n{explanation_text(rule)}\n\n{setting}"
