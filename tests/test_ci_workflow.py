"""The workflow `dialog init` writes, run step by step as GitHub would on a pull request.

A local wheel of this project stands in for the package index: the install step runs as
written, offline, in a fresh virtual environment that borrows the test environment's
dependencies (not its dialogmoder).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import typer
import yaml
from conftest import PROJECT, git
from pypdf import PdfReader

from dialogmoder import __version__
from dialogmoder.cli import app

WORKFLOW = ".github/workflows/dialog.yml"
INSTALLED = "!cancelled() && steps.install.outcome == 'success'"
ALWAYS = "${{ " + INSTALLED + " }}"  # after a failed check too
ON_PULL_REQUEST = "${{ " + INSTALLED + " && github.event_name == 'pull_request' }}"
SKIPPED_ACTIONS = {"actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4"}


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


def environment(bin_dir: Path, wheelhouse: Path, tmp: Path) -> dict[str, str]:
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
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "nyt-moede",
        "GIT_AUTHOR_NAME": "Sekretariatet",
        "GIT_AUTHOR_EMAIL": "sekretariat@example.dk",
        "GIT_COMMITTER_NAME": "Sekretariatet",
        "GIT_COMMITTER_EMAIL": "sekretariat@example.dk",
    }


def workflow_steps(root: Path) -> list[dict]:
    workflow = yaml.safe_load((root / WORKFLOW).read_text("utf-8"))
    return workflow["jobs"]["check"]["steps"]


def available_commands() -> set[str]:
    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_workflow_runs_check_verify_codeowners_and_diff_on_pull_requests(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, "--install-spec", "dialogmoder==9.9").code == 0
    workflow = yaml.safe_load((root / WORKFLOW).read_text("utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0  # verify needs every approval's commit
    runs = [step.get("run", "").strip() for step in steps]
    assert runs.index("dialog check --format github") < runs.index("dialog verify --format github")
    assert "dialog codeowners --check" in runs
    later = [
        s for s in steps if s.get("run", "").startswith(("dialog verify", "dialog codeowners"))
    ]
    assert [s["if"] for s in later] == [ALWAYS, ALWAYS]
    [summary] = [step for step in steps if "dialog diff" in step.get("run", "")]
    assert "--format md" in summary["run"] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["if"] == ON_PULL_REQUEST
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-")]
    assert upload["with"]["path"] == "referater/"


def test_a_fresh_repository_passes_its_own_workflow_on_a_pull_request(
    tmp_path, wheelhouse, dependencies
):
    # The secretariat installs dialogmoder from the (local) index and runs dialog init.
    author = fresh_venv(tmp_path / "author-venv", dependencies)
    env = environment(author, wheelhouse, tmp_path)
    run(author / "python", "-m", "pip", "install", "-q", "dialogmoder", env=env)
    upstream = tmp_path / "upstream"
    run(author / "dialog", "init", upstream, "--organisation", "Testkommune", env=env)
    install = [s for s in workflow_steps(upstream) if s.get("name") == "Install dialog"]
    assert install[0]["run"].strip() == f'python -m pip install "dialogmoder=={__version__}"'
    run("git", "symbolic-ref", "HEAD", "refs/heads/main", cwd=upstream, env=env)
    run("git", "add", "-A", cwd=upstream, env=env)
    run("git", "commit", "-q", "-m", "dialog init", cwd=upstream, env=env)

    # A pull request: a branch with a new meeting, checked out with all history.
    work = tmp_path / "work"
    run("git", "clone", "-q", upstream, work, env=env)
    run("git", "checkout", "-q", "-b", "nyt-moede", cwd=work, env=env)
    run(author / "dialog", "new-meeting", "--forum", "direktionen", "--dato", "2099-03-04",
        cwd=work, env=env)  # fmt: skip
    run(author / "dialog", "add-item", "2099-03-04-direktionen", "--titel", "Budget", "--aaben",
        cwd=work, env=env)  # fmt: skip
    run("git", "add", "-A", cwd=work, env=env)
    run("git", "commit", "-q", "-m", "Direktionen 4. marts", cwd=work, env=env)
    assert git(work, "status", "--porcelain") == ""

    # The runner: a fresh environment, every `run:` step in order, bash -eo pipefail.
    runner = fresh_venv(tmp_path / "runner-venv", dependencies)
    env = environment(runner, wheelhouse, tmp_path)
    commands = available_commands()
    ran, not_yet_built = [], []
    for step in workflow_steps(work):
        assert step.get("if") in {None, ALWAYS, ON_PULL_REQUEST}, step  # all true here
        if "uses" in step:
            assert step["uses"] in SKIPPED_ACTIONS, step  # GitHub's own actions
            continue
        script = step["run"]
        # `dialog verify` and `dialog diff` are built in parallel: until they exist here,
        # exactly their steps are tolerated, nothing else
        missing = [c for c in ("verify", "diff") if f"dialog {c} " in script and c not in commands]
        if missing:
            not_yet_built.extend(missing)
            continue
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=work, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout}{done.stderr}"
        ran.append(step.get("name"))
    assert "Install dialog" in ran and "dialog check" in ran
    assert (runner / "dialog").is_file()  # installed by the step, not borrowed
    assert set(not_yet_built) <= {"verify", "diff"}
    pdf = work / "referater" / "2099-03-04-direktionen.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Budget" in text
    if "diff" in commands:
        assert Path(env["GITHUB_STEP_SUMMARY"]).read_text("utf-8").strip()
