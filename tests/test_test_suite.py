"""The test suite's own shape: what tests share lives in tests/helpers/, and a test file
imports it, never another test file (nor conftest.py, which only pytest loads), so a change to
one test file cannot break another's data."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers.groups import groups
from helpers.meetings import BUDGET, DIR
from helpers.repo import PROJECT, Files, default_files, git, write_files, write_repo

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


def in_every_test_file(find: Callable[[str], list[Any]]) -> dict[str, list[Any]]:
    """What `find` finds in the source of each file under tests/, by file (none: left out)."""
    return {
        str(path.relative_to(TESTS)): found
        for path in sorted(TESTS.rglob("*.py"))
        if (found := find(path.read_text(encoding="utf-8")))
    }


def test_no_test_file_imports_another_test_file() -> None:
    found = in_every_test_file(imports_of_test_files)
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
    found = in_every_test_file(fixed_temp_paths)
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


@pytest.fixture(scope="module")
def _shared_by_one_test() -> str:
    return "shared"


def test_a_test_sharing_a_fixture_is_given_its_group_on_its_worker(
    request: pytest.FixtureRequest, _shared_by_one_test: str
) -> None:
    """The groups reach pytest-xdist: a worker names each test's group in its id, which its
    scheduler keeps together. With pytest 9.2 and pytest-xdist 3.8 no test was grouped
    (xdist writes the group into a field pytest no longer reads: pytest-xdist #1386), and
    the suite's shared sites, PDFs and browsers were built on both workers; the pin in
    pyproject's test extras is for this. And no fixture every test uses joins them all:
    one group would put the whole suite on one worker."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not on a pytest-xdist worker with --dist loadgroup")
    assert request.node.nodeid.endswith("@tests/test_test_suite.py::_shared_by_one_test")


def _git_built(root: Path, files: Files) -> Path:
    """What git makes of `files` over the default ones, run here step by step."""
    root.mkdir()
    write_files(root, default_files() | files)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "fixture")):
        git(root, *args)
    return root


def test_a_repository_built_again_is_what_git_builds_and_nothing_a_test_did_to_another(
    tmp_path: Path,
) -> None:
    """write_repo copies the repository git built of a tree the first time: each copy is
    git's own repository of that tree (one commit, a clean index and work tree), and what one
    test does to its copy never reaches the next."""
    files: Files = {"notes/a.md": "a\n", f"{DIR}/bilag/b.pdf": b"%PDF-1.4 b", BUDGET: None}
    first = write_repo(tmp_path / "first", files)
    (first / "notes" / "a.md").write_text("changed\n", encoding="utf-8")
    (first / "untracked.md").write_text("x\n", encoding="utf-8")
    git(first, "commit", "-q", "-am", "a test's own commit")
    for name in ("second", "third"):
        again = write_repo(tmp_path / name, files)
        assert git(again, "status", "--porcelain", "--untracked-files=all") == ""
        assert git(again, "log", "--format=%s").splitlines() == ["fixture"]
        assert git(again, "ls-files").split() == git(first, "ls-files").split()
        assert (again / "notes" / "a.md").read_text(encoding="utf-8") == "a\n"
        assert not (again / BUDGET).exists() and not (again / "untracked.md").exists()
        git(again, "fsck", "--strict", "--no-progress")
        (again / "dialog.yaml").write_text("changed\n", encoding="utf-8")
    fresh = _git_built(tmp_path / "fresh", files)
    assert git(again, "rev-parse", "HEAD^{tree}") == git(fresh, "rev-parse", "HEAD^{tree}")
    other = write_repo(tmp_path / "other", {**files, "notes/a.md": "b\n"})
    assert git(other, "rev-parse", "HEAD^{tree}") != git(fresh, "rev-parse", "HEAD^{tree}")


# `python -m dialogmoder` as a process goes through helpers.forkrun (run_dialog_process,
# forkrun.run, forkrun.Popen): it forks from the tests' zygote where that gives the same
# process and starts a new interpreter where it would not (another locale, PYTHONPATH, a
# terminal); a plain subprocess pays Python's start-up and dialog's imports every time.
SUBPROCESS_STARTS = {"run", "Popen", "check_output", "check_call", "call"}


def plain_dialog_processes(source: str) -> list[int]:
    """Each line in `source` where subprocess itself starts `python -m dialogmoder`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SUBPROCESS_STARTS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "subprocess"
            and node.args
            and isinstance(node.args[0], ast.List | ast.Tuple)
        ):
            continue
        words = [e.value if isinstance(e, ast.Constant) else None for e in node.args[0].elts]
        if any(words[i : i + 2] == ["-m", "dialogmoder"] for i in range(len(words))):
            found.append(node.lineno)
    return found


def test_no_test_starts_dialog_as_a_plain_subprocess() -> None:
    found = in_every_test_file(plain_dialog_processes)
    assert found == {}, "use run_dialog_process or helpers.forkrun (it falls back by itself)"


PLAIN_DIALOG = {
    "run": 'subprocess.run([sys.executable, "-m", "dialogmoder", "check"], cwd=root)\n',
    "popen": 'subprocess.Popen((sys.executable, "-m", "dialogmoder", *args))\n',
    "check-output": 'subprocess.check_output([python, "-X", "utf8", "-m", "dialogmoder"])\n',
    "in-a-function": 'def f():\n    subprocess.call([sys.executable, "-m", "dialogmoder"])\n',
}
NOT_PLAIN_DIALOG = {
    "forkrun": 'forkrun.run([sys.executable, "-m", "dialogmoder", "check"], cwd=root)\n',
    "helper": 'run_dialog_process("check", cwd=root)\n',
    "another-module": 'subprocess.run([sys.executable, "-m", "pip", "install", "dialogmoder"])\n',
    "another-program": 'subprocess.run(["setpriv", "--", sys.executable, "-c", "print(1)"])\n',
}


@pytest.mark.parametrize("source", PLAIN_DIALOG.values(), ids=PLAIN_DIALOG.keys())
def test_every_plain_dialog_process_is_found(source: str) -> None:
    assert plain_dialog_processes(source) != []


@pytest.mark.parametrize("source", NOT_PLAIN_DIALOG.values(), ids=NOT_PLAIN_DIALOG.keys())
def test_other_processes_are_not_taken_for_plain_dialog_ones(source: str) -> None:
    assert plain_dialog_processes(source) == []
