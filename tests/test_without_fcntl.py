"""dialog runs where Python runs (issue 18.4): with `fcntl` unavailable, as on Windows,
approve, add-item and person add work (the edit lock falls back to filelock); no module
is imported that a system lacks; the project's own CI runs the suite on Linux, Windows and
macOS."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.repo import PROJECT
from helpers.strategisk import SDM, sdm

# Run dialog with `import fcntl` failing, as it does on Windows.
BLOCKED = """\
import sys
sys.modules["fcntl"] = None  # `import fcntl` raises ImportError from here on
from dialogmoder.cli import main
sys.argv = ["dialog", *sys.argv[1:]]
main()
"""
# modules one system has and another lacks (POSIX only, or Windows only)
POSIX_ONLY = set(
    [
        "fcntl",
        "termios",
        "pwd",
        "grp",
        "resource",
        "pty",
        "tty",
        "posix",
        "syslog",
        "curses",
        "readline",
        "crypt",
        "spwd",
        "nis",
        "msvcrt",
        "winreg",
        "_winapi",
    ]
)


def without_fcntl(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKED, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DIALOG_SPROG": "en"},
    )


def test_the_blocker_blocks():
    done = subprocess.run(
        [sys.executable, "-c", 'import sys; sys.modules["fcntl"] = None; import fcntl'],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Error: import of fcntl halted" in done.stderr


def test_approve_add_item_and_person_add_work_without_fcntl(make_repo):
    root = make_repo(sdm())
    done = without_fcntl(root, "approve", f"{SDM}/program.md", "--by", "bo", "--date", "2025-04-14")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "godkendt_af: bo" in (root / SDM / "program.md").read_text("utf-8")

    done = without_fcntl(root, "add-item", "2025-03-05-direktionen", "--titel", "Ny sag", "--aaben")
    assert done.returncode == 0, done.stderr
    assert (root / "meetings/2025/2025-03-05-direktionen/punkter/02-ny-sag.md").is_file()

    done = without_fcntl(root, "person", "add", "Søren Kjær", "--titel", "Chef", "--rolle", "chef")
    assert done.returncode == 0, done.stderr
    people = yaml.safe_load((root / "dialog.yaml").read_text("utf-8"))["personer"]
    assert "soeren-kjaer" in people
    assert not list(root.rglob("*.lock"))  # the fallback's lock files are never in the repository


def test_add_items_at_once_without_fcntl_take_turns(make_repo):
    root = make_repo()
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                BLOCKED,
                "add-item",
                "2025-03-05-direktionen",
                "--titel",
                f"Sag {n}",
                "--aaben",
            ],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    names = sorted(
        p.name[:2] for p in (root / "meetings/2025/2025-03-05-direktionen/punkter").iterdir()
    )
    assert names == ["01", "02", "03", "04", "05"]


def test_no_module_a_system_lacks_is_imported_unguarded():
    """An `import fcntl` (or another system's module) only inside a function or a try."""
    found = []
    for path in sorted((PROJECT / "src/dialogmoder").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:  # module level: runs on import, everywhere
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
            found += [f"{path.name}:{node.lineno} {n}" for n in names if n in POSIX_ONLY]
    assert found == []


def test_the_projects_ci_runs_the_suite_on_linux_windows_and_macos():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/ci.yml").read_text("utf-8"))
    assert "pull_request" in workflow[True] and "push" in workflow[True]
    [job] = workflow["jobs"].values()
    systems = job["strategy"]["matrix"]["os"]
    assert {s.split("-")[0] for s in systems} == {"ubuntu", "windows", "macos"}
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert 'pip install -e ".[test]"' in runs and "pytest" in runs
