"""`dialog init` works on GitHub on day one (issue 18.2): a new repository on `main`, an
existing one's workflows on its own branch, an install source CI can reach however dialog
was installed (from a folder or editable install: a wheel of the running dialog in the
repository), and `dialog diff` against the repository's own default branch."""

from __future__ import annotations

import base64
import hashlib
import os
import time
import zipfile
from pathlib import Path

import yaml
from pypdf import PdfReader

from dialogmoder import __version__

from helpers.ci_runner import environment, fresh_venv, run, run_step
from helpers.meetings import DIR, punkt
from helpers.repo import git, write_files

WHEEL = f".dialog/dialogmoder-{__version__}-py3-none-any.whl"
RUNNER_SKIPS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/cache@v4",
}


def workflow(root: Path, name: str) -> dict:
    return yaml.safe_load((root / ".github/workflows" / name).read_text("utf-8"))


def install_line(root: Path, name: str = "dialog.yml") -> str:
    jobs = workflow(root, name)["jobs"]
    steps = jobs["check"]["steps"] if "check" in jobs else jobs["build"]["steps"]
    [step] = [s for s in steps if s.get("name") == "Installér dialog"]
    return step["run"].strip()


def test_init_from_an_editable_install_writes_a_wheel_of_the_running_dialog(tmp_path, dialog):
    root = tmp_path / "ny"
    result = dialog("init", root)  # the tests run from an editable install
    assert result.code == 0, result.err
    assert (root / WHEEL).is_file()
    for name in ("dialog.yml", "site.yml"):
        assert install_line(root, name) == f'python -m pip install "./{WHEEL}"'
    with zipfile.ZipFile(root / WHEEL) as wheel:
        names = set(wheel.namelist())
        info = f"dialogmoder-{__version__}.dist-info"
        assert {"dialogmoder/cli.py", "dialogmoder/templates/init-github-workflow.yml.j2",
                "dialogmoder/danish/locale/da/LC_MESSAGES/dialog.mo",
                f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD",
                f"{info}/entry_points.txt"} <= names  # fmt: skip
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        metadata = wheel.read(f"{info}/METADATA").decode()
        assert "Name: dialogmoder" in metadata and f"Version: {__version__}" in metadata
        assert "Tag: py3-none-any" in wheel.read(f"{info}/WHEEL").decode()
        recorded = {}
        for line in wheel.read(f"{info}/RECORD").decode().splitlines():
            name, digest, size = line.rsplit(",", 2)
            recorded[name] = (digest, size)
        assert set(recorded) == names
        for name in names - {f"{info}/RECORD"}:
            data = wheel.read(name)
            sha = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert recorded[name] == (f"sha256={sha}", str(len(data))), name
    # the same dialog gives the same wheel: a second repository's is byte for byte equal
    assert dialog("init", tmp_path / "andet").code == 0
    assert (tmp_path / "andet" / WHEEL).read_bytes() == (root / WHEEL).read_bytes()


def test_a_new_repository_is_on_main_whatever_gits_default(tmp_path, dialog):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = master\n")
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        assert dialog("init", tmp_path / "ny", "--install-spec", "dialogmoder==9.9").code == 0
    finally:
        os.environ["HOME"] = old or ""
    assert git(tmp_path / "ny", "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert workflow(tmp_path / "ny", "dialog.yml")[True]["push"]["branches"] == ["main"]


def test_in_an_existing_repository_the_workflows_trigger_on_its_branch(tmp_path, dialog):
    root = tmp_path / "eksisterende"
    root.mkdir()
    git(root, "init", "-q", "-b", "trunk")
    assert dialog("init", root, "--install-spec", "dialogmoder==9.9").code == 0
    assert git(root, "symbolic-ref", "HEAD").strip() == "refs/heads/trunk"
    for name in ("dialog.yml", "site.yml"):
        assert workflow(root, name)[True]["push"]["branches"] == ["trunk"]


def test_the_site_is_rebuilt_every_day(tmp_path, dialog):
    assert dialog("init", tmp_path / "ny", "--install-spec", "dialogmoder==9.9").code == 0
    triggers = workflow(tmp_path / "ny", "site.yml")[True]
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()


def test_what_init_wrote_installs_offline_and_passes_its_own_workflow(
    tmp_path, dialog, dependencies
):
    # The secretariat runs dialog init from its editable install (this test environment).
    upstream = tmp_path / "upstream"
    assert dialog("init", upstream, "--organisation", "Testkommune").code == 0
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "dialog init")

    # A pull request with a Direktionen meeting and a strategic meeting.
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(upstream), str(work))
    git(work, "checkout", "-q", "-b", "nyt-moede")
    for args in (
        ("new-meeting", "--forum", "direktionen", "--dato", "2099-03-04"),
        ("add-item", "2099-03-04-direktionen", "--titel", "Budget", "--aaben"),
        ("new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2099-03-10",
         "--titel", "Vækst"),
        ("person", "add", "Bo Berg", "--titel", "Velfærdsdirektør", "--rolle", "fagdirektoer",
         "--github", "boberg"),
    ):  # fmt: skip
        assert dialog(*args, cwd=work).code == 0
    meeting = work / "meetings/2099/2099-03-10-vaekst/meeting.md"
    text = meeting.read_text("utf-8")
    meeting.write_text(text.replace("fagdirektoer: null", "fagdirektoer: bo-berg"), "utf-8")
    assert dialog("codeowners", "-o", ".github/CODEOWNERS", cwd=work).code == 0
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "To møder")

    # The runner: a fresh environment with the dependencies but no dialogmoder, no index
    # and no find-links (an empty wheelhouse): dialogmoder can only come from the repository.
    runner = fresh_venv(tmp_path / "runner-venv", dependencies)
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    env = environment(runner, empty, tmp_path)
    assert not (runner / "dialog").exists()
    started = time.monotonic()
    steps = workflow(work, "dialog.yml")["jobs"]["check"]["steps"]
    ran = []
    for step in steps:
        if "uses" in step:
            assert step["uses"] in RUNNER_SKIPS, step
            continue
        run_step(step["run"], work, env)
        ran.append(step["name"])
    seconds = time.monotonic() - started
    assert "Installér dialog" in ran and "Tjek arkivet (dialog check)" in ran
    assert (runner / "dialog").is_file()  # installed by the step, from the wheel
    shown = run(runner / "python", "-m", "pip", "show", "-f", "dialogmoder", env=env)
    assert f"Version: {__version__}" in shown and "Editable project location" not in shown
    assert str(runner.parent) in shown  # installed into the runner, not the test environment
    assert run(runner / "dialog", "--version", env=env).strip() == f"dialog {__version__}"
    run(runner / "dialog", "check", cwd=work, env=env)
    documents = work / "moededokumenter"
    assert sorted(p.name for p in documents.iterdir()) == [
        "2099-03-04-direktionen-referat.pdf",
        "2099-03-10-vaekst-materiale.pdf",
    ]
    referat = documents / "2099-03-04-direktionen-referat.pdf"
    assert "Budget" in "".join(p.extract_text() for p in PdfReader(referat).pages)
    materiale = documents / "2099-03-10-vaekst-materiale.pdf"
    text = "".join(p.extract_text() for p in PdfReader(materiale).pages)
    assert "Program" in text and "Baggrundsnotat" in text
    print(f"workflow steps {ran} ran in {seconds:.1f} s from {WHEEL}")


def _repo_with_branches(root: Path) -> Path:
    from helpers.configs import CONFIG
    from helpers.meetings import DIR_MEETING

    root.mkdir()
    write_files(root, {"dialog.yaml": CONFIG, f"{DIR}/meeting.md": DIR_MEETING})
    git(root, "init", "-q", "-b", "trunk")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def diff_titles(dialog, root: Path) -> list[str]:
    import json

    result = dialog("diff", "--format", "json", cwd=root)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    return sorted(p["titel"] for m in data["meetings"] for p in m["punkter"])


def test_diff_defaults_to_the_remotes_default_branch_not_a_stray_main(tmp_path, dialog):
    upstream = _repo_with_branches(tmp_path / "upstream")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(upstream), str(work))
    # an old local branch called main, with a punkt trunk never had
    git(work, "checkout", "-q", "-b", "main")
    write_files(work, {f"{DIR}/punkter/01-gammel.md": punkt("Gammel")})
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "gammel")
    git(work, "checkout", "-q", "-b", "feature", "origin/trunk")
    write_files(work, {f"{DIR}/punkter/01-ny.md": punkt("Ny")})
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "ny")
    assert diff_titles(dialog, work) == ["Ny"]


def test_diff_defaults_to_init_default_branch_without_a_remote(tmp_path, dialog):
    root = _repo_with_branches(tmp_path / "repo")
    git(root, "branch", "master")  # an old branch; the configured default is trunk
    git(root, "config", "init.defaultBranch", "trunk")
    git(root, "checkout", "-q", "-b", "feature")
    write_files(root, {f"{DIR}/punkter/01-ny.md": punkt("Ny")})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ny")
    git(root, "checkout", "-q", "master")
    write_files(root, {f"{DIR}/punkter/02-master.md": punkt("Kun på master")})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "master")
    git(root, "checkout", "-q", "feature")
    assert diff_titles(dialog, root) == ["Ny"]


def test_the_examples_in_the_dialog_yaml_init_writes_are_valid_once_uncommented(tmp_path, dialog):
    """A secretariat starts by taking the `#` off the examples dialog.yaml shows (a person,
    who owns the file, gaelder_fra, a published forum and its accessibility statement): the
    file must then pass `dialog check`, and say in Danish what each part is for."""
    import re

    root = tmp_path / "ny"
    assert dialog("init", root, "--install-spec", "dialogmoder==9.9").code == 0
    text = (root / "dialog.yaml").read_text(encoding="utf-8")
    assert "# Reglerne om fuldstændighed og frister gælder møder fra denne dato" in text
    assert "Completeness" not in text  # the comments are Danish
    # as a person does it: "# key: value" loses "# ", a block's "#  key:" lines their "#"
    examples = re.sub(r"(?m)^(\s*)# ([a-z_]+: [^\n]*)$", r"\1\2", text)
    examples = re.sub(r"(?m)^#(  [^\n]*)$", r"\1", examples)
    examples = examples.replace("personer: {}\n", "personer:\n")
    for key in ("jette-hansen:", "konfiguration_ejes_af:", "gaelder_fra:", "offentlig: true"):
        assert re.search(rf"(?m)^\s*{key}", examples), key
    (root / "dialog.yaml").write_text(examples, encoding="utf-8")
    checked = dialog("check", "--root", root)
    assert checked.code == 0, checked.out + checked.err
    owners = dialog("codeowners", "--root", root)
    assert "/dialog.yaml @jettehansen" in owners.out
