"""The package's layers hold: `lint-imports` checks the contracts in pyproject.toml (each
layer imports only from the layers below it, and no module imports itself back through its
siblings), counting every import: one inside a function or under TYPE_CHECKING too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dialogmoder

from helpers.repo import PROJECT

PACKAGE = Path(dialogmoder.__file__).parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(config: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config)],
        capture_output=True,
        text=True,
        cwd=source,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_every_layer_imports_only_from_the_layers_below_it() -> None:
    done = lint_imports(PROJECT / "pyproject.toml", PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def _package_copy(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source / "dialogmoder", ignore=shutil.ignore_patterns("__pycache__"))
    return source


def test_an_import_upward_inside_a_function_breaks_the_layers(tmp_path: Path) -> None:
    source = _package_copy(tmp_path)
    state = source / "dialogmoder" / "domain" / "state.py"
    state.write_text(
        state.read_text(encoding="utf-8") + "\n\ndef _late():\n    import dialogmoder.render\n",
        encoding="utf-8",
    )
    done = lint_imports(PROJECT / "pyproject.toml", source)
    assert done.returncode == 1
    assert "dialogmoder.domain.state -> dialogmoder.render" in done.stdout


def test_a_loop_between_two_modules_of_one_layer_breaks_the_contracts(tmp_path: Path) -> None:
    source = _package_copy(tmp_path)
    approval = source / "dialogmoder" / "domain" / "approval.py"  # state imports approval
    approval.write_text(
        approval.read_text(encoding="utf-8")
        + "\n\ndef _late():\n    import dialogmoder.domain.state\n",
        encoding="utf-8",
    )
    done = lint_imports(PROJECT / "pyproject.toml", source)
    assert done.returncode == 1
    assert "No loops" in done.stdout and "BROKEN" in done.stdout


def test_the_package_root_keeps_at_most_ten_modules() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 10, modules
