"""Which tests must share a pytest-xdist worker. Under `--dist loadgroup` (pyproject's
addopts) each test goes to whichever worker is free, except that tests sharing a module- or
session-scoped fixture of this project (a built site, a rendered PDF, a started browser, the
wheelhouse), directly or through another test that shares one, form one group on one worker,
so the fixture is built once. xdist hands out groups first, largest first, so a long group
never ends the run alone. tests/conftest.py marks the groups."""

from __future__ import annotations

import pytest


def shared_fixtures(item: pytest.Item) -> list[str]:
    """The fixtures of this project that `item` shares with other tests: module- or
    session-scoped (pytest's own, such as tmp_path_factory, are cheap and left out)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    shared = set()
    for name in info.names_closure:
        for definition in (info.name2fixturedefs.get(name) or ())[-1:]:
            if definition.scope != "function" and definition.baseid:
                shared.add(f"{definition.baseid}::{name}")
    return sorted(shared)


def groups(shared: dict[str, list[str]]) -> dict[str, str]:
    """{test: its group} for each test that shares a fixture: tests joined by a shared
    fixture, directly or through others, have one group, named by one of their fixtures."""
    owner: dict[str, str] = {}

    def find(name: str) -> str:
        while owner.setdefault(name, name) != name:
            name = owner[name]
        return name

    for names in shared.values():
        for other in names[1:]:
            owner[find(other)] = find(names[0])
    return {test: find(names[0]) for test, names in shared.items() if names}
