"""`dialog init` wires CI and pre-commit; the real pre-commit blocks a bad commit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import PROJECT, SPEC, git

BIN = Path(sys.executable).parent  # dialog and pre-commit of the environment under test


def run(cwd: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(home),  # never the user's cache
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.dk",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.dk",
    }
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_init_writes_the_workflow_codeowners_and_pre_commit_config(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    workflow = yaml.safe_load((root / ".github/workflows/dialog.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "dialog check --format github" in steps
    assert "dialog codeowners --check" in steps
    assert any("dialog render referat" in s and "--format pdf" in s for s in steps)
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    assert dialog("codeowners", "--check", cwd=root).code == 0
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert (hook["id"], hook["entry"], hook["pass_filenames"], hook["always_run"]) == (
        "dialog-check",
        "dialog check --staged",
        True,
        True,
    )


def test_init_refuses_before_writing_when_a_wiring_file_exists(tmp_path, dialog):
    root = tmp_path / "ny"
    (root / ".github").mkdir(parents=True)
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = dialog("init", root)
    assert result.code == 2
    assert ".pre-commit-config.yaml already exists" in result.err
    assert not (root / "dialog.yaml").exists()
    assert (root / ".pre-commit-config.yaml").read_text() == "repos: []\n"


def test_pre_commit_files_are_valid_for_pre_commit(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    home = tmp_path / "cache"
    done = run(
        root, str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml", home=home
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = PROJECT / ".pre-commit-hooks.yaml"
    done = run(root, str(BIN / "pre-commit"), "validate-manifest", str(manifest), home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    hook = yaml.safe_load(manifest.read_text("utf-8"))[0]
    assert (hook["id"], hook["entry"], hook["language"], hook["always_run"]) == (
        "dialog-check",
        "dialog check --staged",
        "python",
        True,
    )


def test_pre_commit_lets_a_good_commit_through_and_blocks_a_bad_one(tmp_path, dialog):
    root = tmp_path / "ny"
    home = tmp_path / "cache"
    assert dialog("init", root, *SPEC).code == 0
    done = run(root, str(BIN / "pre-commit"), "install", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        dialog("new-meeting", "--forum", "direktionen", "--dato", "2099-03-04", cwd=root).code == 0
    )
    git(root, "add", "-A")
    done = run(root, "git", "commit", "-m", "good", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dialog check" in done.stdout + done.stderr  # the hook ran
    meeting = root / "meetings/2099/2099-03-04-direktionen/meeting.md"
    meeting.write_text(meeting.read_text("utf-8").replace("status: planlagt", "status: aflyse"))
    git(root, "add", "-A")
    done = run(root, "git", "commit", "-m", "bad", home=home)
    assert done.returncode != 0
    assert "status must be one of" in done.stdout + done.stderr
    assert git(root, "log", "--format=%s").split() == ["good"]
