"""The test suite's own shape: what tests share lives in tests/helpers/, and a test file
imports it, never another test file (nor conftest.py, which only pytest loads), so a change to
one test file cannot break another's data."""

from __future__ import annotations

import ast
import re
import tomllib

import pytest

from helpers.groups import groups
from helpers.repo import PROJECT

TESTS = PROJECT / "tests"


def _is_test_module(name: str) -> bool:
    """A test file's module by its import name: test_x or conftest, also as tests.test_x."""
    parts = name.split(".")
    if parts[0] == "tests":
        parts = parts[1:]
    return bool(parts) and (parts[0].startswith("test_") or parts[0] == "conftest")


def imports_of_test_files(source: str) -> list[tuple[int, str]]:
    """Each import of a test file in `source` as (line, module), wherever it stands: at the
    top, inside a function, under a condition."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            # `from tests import test_x` and `from . import test_x` name the file in `names`
            if node.level or module in ("", "tests"):
                names = [f"{module}.{alias.name}".lstrip(".") for alias in node.names]
            else:
                names = [module]
        else:
            continue
        found += [(node.lineno, name) for name in names if _is_test_module(name)]
    return found


def test_no_test_file_imports_another_test_file() -> None:
    found = {
        str(path.relative_to(TESTS)): imports
        for path in sorted(TESTS.rglob("*.py"))
        if (imports := imports_of_test_files(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "move what they share to tests/helpers/"


TEST_FILE_IMPORTS = {
    "from": "from test_rules import CASES\n",
    "import": "import test_rules\n",
    "import-as": "import os, test_plan as plan\n",
    "from-tests": "from tests.test_site import build\n",
    "import-tests": "import tests.test_site\n",
    "from-tests-import": "from tests import test_site\n",
    "relative": "from . import test_site\n",
    "relative-from": "from .test_site import build\n",
    "conftest": "from conftest import CONFIG\n",
    "tests-conftest": "from tests.conftest import CONFIG\n",
    "in-a-function": "def f():\n    from test_rules import SDM\n",
    "under-a-condition": "if True:\n    import test_rules\n",
}
OTHER_IMPORTS = {
    "helpers": "from helpers.strategisk import sdm\n",
    "import-helpers": "import helpers.run\n",
    "dialogmoder": "from dialogmoder.check.rules import all_rules\n",
    "named-like-one": "import pytest, testfixtures\n",
    "testing": "from testing import x\n",
}


@pytest.mark.parametrize("source", TEST_FILE_IMPORTS.values(), ids=TEST_FILE_IMPORTS.keys())
def test_every_way_of_importing_a_test_file_is_found(source: str) -> None:
    assert [name for _, name in imports_of_test_files(source)] != []


@pytest.mark.parametrize("source", OTHER_IMPORTS.values(), ids=OTHER_IMPORTS.keys())
def test_imports_of_other_modules_are_not_taken_for_test_files(source: str) -> None:
    assert imports_of_test_files(source) == []


# A test's files live in its own temporary folder (tmp_path, tmp_path_factory): a fixed path
# such as /tmp/x would be shared by the suite's parallel workers and by two runs at once.
FIXED_TEMP = re.compile(r"^(?:/private)?/(?:var/)?tmp(?:/|$)")


def fixed_temp_paths(source: str) -> list[tuple[int, str]]:
    """Each string in `source` that names a fixed place in the system's temporary folder."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and FIXED_TEMP.match(node.value)
    ]


def test_no_test_names_a_fixed_path_in_the_temporary_folder() -> None:
    found = {
        str(path.relative_to(TESTS)): paths
        for path in sorted(TESTS.rglob("*.py"))
        if (paths := fixed_temp_paths(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "use tmp_path or tmp_path_factory"


FIXED = {
    "path": 'Path("/tmp/dialog-site")\n',
    "folder": 'out = "/tmp"\n',
    "var-tmp": 'open("/var/tmp/x.pdf", "wb")\n',
    "f-string": 'f"/tmp/{name}.pdf"\n',
}
NOT_FIXED = {
    "a-url": 'url = "file:///tmp/dialogmoder-1.2.3-py3-none-any.whl"\n',
    "tmp_path": 'tmp_path / "tmp"\n',
    "relative": 'Path("tmp/x")\n',
    "a-word": 'name = "/tmpl"\n',
}


@pytest.mark.parametrize("source", FIXED.values(), ids=FIXED.keys())
def test_every_fixed_temporary_path_is_found(source: str) -> None:
    assert fixed_temp_paths(source) != []


@pytest.mark.parametrize("source", NOT_FIXED.values(), ids=NOT_FIXED.keys())
def test_other_paths_are_not_taken_for_fixed_temporary_ones(source: str) -> None:
    assert fixed_temp_paths(source) == []


def test_the_suite_runs_on_every_cpu_keeping_shared_fixtures_together() -> None:
    """pytest's own options (pyproject's addopts, which the README's test command and CI use)
    spread the tests over one worker per CPU, keeping the groups conftest.py marks (tests
    that share a module- or session-scoped fixture) together; pytest-xdist is in the test
    extras."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = project["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert addopts[addopts.index("-n") + 1] == "auto"
    assert addopts[addopts.index("--dist") + 1] == "loadgroup"
    test_extras = project["project"]["optional-dependencies"]["test"]
    assert any(spec.startswith("pytest-xdist") for spec in test_extras)


def test_tests_sharing_a_fixture_directly_or_through_others_are_one_group() -> None:
    found = groups(
        {
            "release::build": ["release::dist"],
            "release::install": ["release::dist", "conftest::dependencies"],
            "init::install": ["conftest::dependencies", "conftest::wheelhouse"],
            "ci::workflow": ["conftest::wheelhouse"],
            "site::axe": ["site::chromium", "site::served"],
            "site::look": ["site::served"],
            "plain": [],
        }
    )
    assert "plain" not in found
    wheel = {found[t] for t in ("release::build", "release::install", "init::install")}
    assert wheel == {found["ci::workflow"]}
    assert found["site::axe"] == found["site::look"] != found["ci::workflow"]
