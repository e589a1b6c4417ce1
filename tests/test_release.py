"""A release-ready package (issue 18.3): `python -m build` makes an sdist and a wheel that
pass `twine check --strict`, and each, installed into a fresh environment, renders the
bundled referat; the release workflow publishes on a tag with trusted publishing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from helpers.ci_runner import environment, fresh_venv, run
from helpers.repo import PROJECT


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: the build backend (hatchling, in the test extras) from this
    # environment, so the build needs no network
    run(sys.executable, "-m", "build", "--no-isolation", "-o", out, PROJECT)
    return out


def test_build_makes_an_sdist_and_a_wheel_that_pass_twine_check(dist):
    names = sorted(p.name for p in dist.iterdir())
    assert {n.rsplit(".", 1)[-1] for n in names} == {"gz", "whl"} and len(names) == 2, names
    output = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    assert output.count("PASSED") == 2, output


@pytest.mark.parametrize("kind", ["whl", "tar.gz"])
def test_each_distribution_renders_the_bundled_referat_from_a_fresh_venv(
    tmp_path, dist, dependencies, kind
):
    [package] = [p for p in dist.iterdir() if p.name.endswith(kind)]
    venv = fresh_venv(tmp_path / "venv", dependencies)
    env = environment(venv, tmp_path / "nothing", tmp_path)
    # an sdist is built on install: hatchling comes from the linked dependencies
    run(venv / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
        package, env=env)  # fmt: skip
    shown = run(venv / "python", "-m", "pip", "show", "dialogmoder", env=env)
    assert str(tmp_path / "venv") in shown and "Editable" not in shown
    meetings = tmp_path / "bundled"
    meetings.mkdir()
    shutil.copy(PROJECT / "dialog.yaml", meetings / "dialog.yaml")
    shutil.copytree(PROJECT / "meetings", meetings / "meetings")
    run(venv / "dialog", "check", cwd=meetings, env=env)
    run(venv / "dialog", "render", "referat", "2025-01-29-direktionen", "--format", "pdf",
        cwd=meetings, env=env)  # fmt: skip
    pdf = meetings / "build/2025-01-29-direktionen-referat.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Direktionen" in text and "Referat" in text


def test_the_release_workflow_publishes_on_a_tag_with_trusted_publishing():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/release.yml").read_text("utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"]["id-token"] == "write"
    assert publish["environment"]["name"] == "pypi"
    assert any(
        s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"]
    )
    build = " ".join(s.get("run", "") for s in workflow["jobs"]["build"]["steps"])
    assert "python -m build" in build and "twine check --strict" in build


def test_the_readme_tells_users_how_to_install():
    readme = (PROJECT / "README.md").read_text("utf-8")
    assert 'pipx install "git+https://github.com/' in readme
    assert "pipx install dialogmoder" in readme
