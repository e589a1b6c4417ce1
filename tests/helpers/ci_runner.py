"""A GitHub runner, locally, for the workflows `dialog init` writes: a fresh virtual
environment per job and the step's `run:` scripts as GitHub runs them.

A local wheel of this project stands in for the package index: the install step runs as
written, offline, in a fresh virtual environment that borrows the test environment's
dependencies (not its dialogmoder). tests/conftest.py makes the fixtures available to every
test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from helpers.repo import PROJECT


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project built as a wheel once per session, without the network."""
    out = tmp_path_factory.mktemp("wheelhouse")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", out, PROJECT)  # fmt: skip
    return out


@pytest.fixture(scope="session")
def dependencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test environment's packages (links), without its editable dialogmoder."""
    mirror = tmp_path_factory.mktemp("dependencies")
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        name = entry.name.lower()
        if name.startswith(("dialogmoder", "_dialogmoder", "__editable__")) or name.endswith(
            ".pth"
        ):
            continue
        (mirror / entry.name).symlink_to(entry)
    return mirror


def fresh_venv(path: Path, dependencies: Path) -> Path:
    run(sys.executable, "-m", "venv", "--without-pip", path)
    python = path / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    (Path(site.strip()) / "test-dependencies.pth").write_text(f"{dependencies}\n")
    return path / "bin"


def environment(
    bin_dir: Path, wheelhouse: Path, tmp: Path, event: str = "pull_request"
) -> dict[str, str]:
    """A runner's environment: this venv first on PATH, the wheelhouse as the index."""
    theirs = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != theirs]
    files = {}
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
        files[name] = str(tmp / name.lower())
        Path(files[name]).touch()
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))},
        **files,
        "PATH": os.pathsep.join([str(bin_dir), *path]),
        "VIRTUAL_ENV": str(bin_dir.parent),
        "PIP_CONFIG_FILE": os.devnull,  # no index, find-links or constraints of this machine
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "nyt-moede",
        "GIT_AUTHOR_NAME": "Sekretariatet",
        "GIT_AUTHOR_EMAIL": "sekretariat@example.dk",
        "GIT_COMMITTER_NAME": "Sekretariatet",
        "GIT_COMMITTER_EMAIL": "sekretariat@example.dk",
    }


def run_step(script: str, cwd: Path, env: dict[str, str]) -> None:
    """One `run:` step as GitHub runs it: bash -eo pipefail."""
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{script}: {done.stdout}{done.stderr}"
