"""The README's Guarantees: every test it names exists, so a promise cannot outlive its test."""

from __future__ import annotations

import re

from helpers.repo import PROJECT


def test_every_test_the_guarantees_name_exists() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_\w+)`", section))
    assert len(named) >= 10
    defined = {
        match
        for path in (PROJECT / "tests").glob("test_*.py")
        for match in re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M)
    }
    assert named - defined == set()
