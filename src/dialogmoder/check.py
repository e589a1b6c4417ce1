"""`dialog check`: load the repository, run every rule, apply dialog.yaml's `regler`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from dialogmoder.errors import DialogError
from dialogmoder.findings import Finding
from dialogmoder.repository import CONFIG_FILE, Repository, load_repository
from dialogmoder.rules import REGISTRY, Context, Rule, all_rules


def check_repository(
    root: Path, only: Iterable[Path] | None = None, *, today: date | None = None
) -> tuple[Repository, list[Finding]]:
    """Every finding of the repository (or of the meetings holding `only`), sorted."""
    paths = None if only is None else [_inside(root, Path(p)) for p in only]
    if paths is not None and (root / CONFIG_FILE).resolve() in paths:
        paths = None  # a change to dialog.yaml can break any meeting: check them all
    repo = load_repository(root, paths)
    context = Context(today=today or date.today())
    findings = list(repo.findings)
    settings = repo.config.regler
    for rule in all_rules():
        if rule.check is not None and settings.get(rule.id) != "off":
            findings.extend(rule.check(repo, context))
    return repo, sorted(_configured(findings, settings), key=_order)


def _configured(findings: list[Finding], settings: Mapping[str, str]) -> Iterable[Finding]:
    """Drop the rules set to `off`; give the others the severity dialog.yaml sets."""
    for finding in findings:
        setting = settings.get(finding.rule)
        if setting == "off":
            continue
        if setting in {"error", "warning"} and setting != finding.severity:
            yield replace(finding, severity=setting)  # type: ignore[arg-type]
        else:
            yield finding


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line or 0, finding.rule, finding.message)


def _inside(root: Path, path: Path) -> Path:
    if not path.exists():
        raise DialogError(f"{path}: no such file or folder", exit_code=2)
    resolved = path.resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        raise DialogError(f"{path} is not inside the dialog repository {root}", exit_code=2)
    return resolved


def explain_rule(rule_id: str) -> Rule:
    """The rule with this id; DialogError (exit 2) naming every id if there is none."""
    rules = all_rules()
    found = REGISTRY.get(rule_id.strip().upper())
    if found is None:
        ids = ", ".join(r.id for r in rules)
        raise DialogError(f"no rule '{rule_id}'; the rules are: {ids}", exit_code=2)
    return found
