"""Each rule of `dialog check`: one repository that makes it fire, one that keeps it quiet.

The two repositories of a case (tests/helpers/rule_cases.py) differ in one small thing, so
the test says what the rule looks at. Both are real git repositories built by `make_repo`;
`dialog check` runs through its entry point with `--format json`.
"""

from __future__ import annotations

import pytest

from dialogmoder.check.rules import all_rules

from helpers.rule_cases import CASES, Case, run_check


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_fires(case: Case, make_repo, dialog) -> None:
    root = make_repo(case.fire)
    code, findings = run_check(dialog, root, case.today)
    fired = [f for f in findings if f["rule"] == case.rule]
    assert fired, findings
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_stays_quiet(case: Case, make_repo, dialog) -> None:
    root = make_repo(case.quiet)
    _, findings = run_check(dialog, root, case.today_quiet or case.today)
    assert [f for f in findings if f["rule"] == case.rule] == []


def test_every_rule_has_a_case() -> None:
    # DM8xx need git history, not `dialog check`: tests/test_verify.py has theirs
    assert {r.id for r in all_rules() if r.family != "verify"} == {c.rule for c in CASES}


def test_every_rule_has_an_id_a_name_a_summary_and_an_explanation() -> None:
    import re

    rules = all_rules()
    assert len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert re.fullmatch(r"DM\d{3}", r.id), r.id
        assert re.fullmatch(r"[a-z0-9-]+", r.name), r.name
        assert r.severity in {"error", "warning"}
        assert len(r.explanation) > 2 * len(r.summary), r.id
        assert r.summary[0].isupper() or r.summary[0] in "`d", r.id
