"""The test suite's own shape: what tests share lives in tests/helpers/, and a test file
imports it, never another test file (nor conftest.py, which only pytest loads), so a change to
one test file cannot break another's data."""

from __future__ import annotations

import ast

import pytest

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
