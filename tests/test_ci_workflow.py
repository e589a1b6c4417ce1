"""The workflow `dialog init` writes, run step by step as GitHub would on a pull request
(the runner's environment: tests/helpers/ci_runner.py)."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml
from pypdf import PdfReader

from dialogmoder import __version__
from dialogmoder.cli import app

from helpers.ci_runner import environment, fresh_venv, run, run_step
from helpers.repo import git

WORKFLOW = ".github/workflows/dialog.yml"
INSTALLED = "!cancelled() && steps.install.outcome == 'success'"
ALWAYS = "${{ " + INSTALLED + " }}"  # after a failed check too
ON_PULL_REQUEST = "${{ " + INSTALLED + " && github.event_name == 'pull_request' }}"
SKIPPED_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/cache@v4",
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
    assert upload["with"]["path"] == "moededokumenter/"


def test_a_fresh_repository_passes_its_own_workflow_on_a_pull_request(
    tmp_path, wheelhouse, dependencies
):
    # The secretariat installs dialogmoder from the (local) index and runs dialog init.
    author = fresh_venv(tmp_path / "author-venv", dependencies)
    env = environment(author, wheelhouse, tmp_path)
    run(author / "python", "-m", "pip", "install", "-q", "dialogmoder", env=env)
    upstream = tmp_path / "upstream"
    run(author / "dialog", "init", upstream, "--organisation", "Testkommune", env=env)
    install = [s for s in workflow_steps(upstream) if s.get("name") == "Installér dialog"]
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
        run_step(script, work, env)
        ran.append(step.get("name"))
    assert "Installér dialog" in ran and "Tjek arkivet (dialog check)" in ran
    assert (runner / "dialog").is_file()  # installed by the step, not borrowed
    assert set(not_yet_built) <= {"verify", "diff"}
    pdf = work / "moededokumenter" / "2099-03-04-direktionen-referat.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Budget" in text
    if "diff" in commands:
        assert Path(env["GITHUB_STEP_SUMMARY"]).read_text("utf-8").strip()


def test_both_workflows_keep_dialogs_cache_where_dialog_keeps_it(tmp_path, dialog, monkeypatch):
    """The check and the site read each bilag file's text once for all runs (io/cache.py):
    on GitHub's Linux runner the cache folder is kept between runs, the newest restored."""
    from dialogmoder.io import cache

    root = tmp_path / "ny"
    assert dialog("init", root, "--install-spec", "dialogmoder==9.9").code == 0
    home = tmp_path / "runner"
    monkeypatch.setenv("HOME", str(home))
    for variable in (cache.VARIABLE, "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    for rel in (WORKFLOW, ".github/workflows/site.yml"):
        steps = yaml.safe_load((root / rel).read_text("utf-8"))["jobs"]
        first = next(iter(steps.values()))["steps"]  # the check, the site's build
        [kept] = [s for s in first if s.get("uses", "").startswith("actions/cache@")]
        names = [s.get("name") for s in first]
        assert names.index(kept["name"]) < names.index("Installér dialog")
        assert kept["with"]["path"].replace("~", str(home), 1) == str(cache.cache_root()), rel
        assert kept["with"]["key"] == "dialog-${{ runner.os }}-${{ github.run_id }}"
        assert kept["with"]["restore-keys"] == "dialog-${{ runner.os }}-"
