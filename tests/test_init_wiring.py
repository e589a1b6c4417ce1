"""`dialog init` wires CI and pre-commit; the real pre-commit blocks a bad commit."""

from __future__ import annotations

import yaml

from helpers.repo import PROJECT, git
from helpers.run import BIN, SPEC, run_command


def test_init_writes_the_workflow_codeowners_and_pre_commit_config(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    workflow = yaml.safe_load((root / ".github/workflows/dialog.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "dialog check --format github" in steps
    assert "dialog codeowners --check" in steps
    assert any('dialog render "$kind"' in s and "--format pdf" in s for s in steps)
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
    assert ".pre-commit-config.yaml findes allerede" in result.err
    assert not (root / "dialog.yaml").exists()
    assert (root / ".pre-commit-config.yaml").read_text() == "repos: []\n"


def test_pre_commit_files_are_valid_for_pre_commit(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    home = tmp_path / "cache"
    done = run_command(
        root, str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml", home=home
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = PROJECT / ".pre-commit-hooks.yaml"
    done = run_command(root, str(BIN / "pre-commit"), "validate-manifest", str(manifest), home=home)
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
    done = run_command(root, str(BIN / "pre-commit"), "install", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        dialog("new-meeting", "--forum", "direktionen", "--dato", "2099-03-04", cwd=root).code == 0
    )
    git(root, "add", "-A")
    done = run_command(root, "git", "commit", "-m", "good", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dialog check" in done.stdout + done.stderr  # the hook ran
    meeting = root / "meetings/2099/2099-03-04-direktionen/meeting.md"
    meeting.write_text(meeting.read_text("utf-8").replace("status: planlagt", "status: aflyse"))
    git(root, "add", "-A")
    done = run_command(root, "git", "commit", "-m", "bad", home=home)
    assert done.returncode != 0
    assert "status skal være en af" in done.stdout + done.stderr
    assert git(root, "log", "--format=%s").split() == ["good"]
