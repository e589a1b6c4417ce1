"""The GitHub Pages workflow `dialog init` writes: on a push to main it builds the public
site with `dialog site` and deploys it; its `run:` steps run here as a runner would."""

from __future__ import annotations

from pathlib import Path

import yaml

from helpers.ci_runner import environment, fresh_venv, run, run_step
from helpers.run import SPEC

PAGES = ".github/workflows/site.yml"
CHECKS = ".github/workflows/dialog.yml"
GITHUB_ACTIONS = {"actions/checkout@v4", "actions/setup-python@v5", "actions/cache@v4",
                  "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"}  # fmt: skip


def workflow(root: Path, rel: str = PAGES) -> dict:
    return yaml.safe_load((root / rel).read_text("utf-8"))


def install_step(root: Path, rel: str, job: str) -> str:
    [step] = [
        s for s in workflow(root, rel)["jobs"][job]["steps"] if s.get("name") == "Installér dialog"
    ]
    return step["run"]


def test_init_writes_a_pages_workflow_that_deploys_the_site_on_a_push_to_main(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    pages = workflow(root)
    assert pages[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on` as true
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert "dialog site -o _site" in [s.get("run", "").strip() for s in build["steps"]]
    [upload] = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload["with"]["path"] == "_site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_the_pages_workflow_installs_dialog_as_the_checks_workflow_does(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, "--install-spec", "dialogmoder @ git+https://x/y@v9").code == 0
    assert install_step(root, PAGES, "build") == install_step(root, CHECKS, "check")
    assert "dialogmoder @ git+https://x/y@v9" in install_step(root, PAGES, "build")


def test_a_fresh_repository_builds_its_public_site_with_its_own_pages_workflow(
    tmp_path, wheelhouse, dependencies
):
    # The secretariat installs dialogmoder, runs dialog init, publishes Direktionen and
    # writes a meeting.
    author = fresh_venv(tmp_path / "author-venv", dependencies)
    env = environment(author, wheelhouse, tmp_path, event="push")
    run(author / "python", "-m", "pip", "install", "-q", "dialogmoder", env=env)
    root = tmp_path / "kommune"
    run(author / "dialog", "init", root, "--organisation", "Testkommune", env=env)
    config = root / "dialog.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("# offentlig: true", "offentlig: true"), encoding="utf-8")
    run(author / "dialog", "new-meeting", "--forum", "direktionen", "--dato", "2099-03-04",
        cwd=root, env=env)  # fmt: skip
    run(author / "dialog", "add-item", "2099-03-04-direktionen", "--titel", "Budget", "--aaben",
        cwd=root, env=env)  # fmt: skip

    # The runner: a fresh environment, every job's `run:` steps in order.
    runner = fresh_venv(tmp_path / "runner-venv", dependencies)
    env = environment(runner, wheelhouse, tmp_path, event="push")
    for job in workflow(root)["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert step["uses"] in GITHUB_ACTIONS, step  # GitHub's own actions
                continue
            run_step(step["run"], root, env)
    assert (runner / "dialog").is_file()  # installed by the step, not borrowed
    site = root / "_site"
    page = (site / "moeder" / "2099-03-04-direktionen.html").read_text("utf-8")
    assert "Budget" in page and (site / "index.html").is_file()
