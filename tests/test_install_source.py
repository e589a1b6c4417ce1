"""The workflow's install line names a source that exists (PEP 610 direct_url.json)."""

from __future__ import annotations

import json
from importlib.metadata import PathDistribution

import pytest
import yaml

from dialogmoder.workflow.install_source import install_spec_of

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def installed(tmp_path, direct_url: dict | None) -> PathDistribution:
    """A real .dist-info folder, as pip leaves it, read by importlib.metadata."""
    info = tmp_path / "dialogmoder-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dialogmoder\nVersion: 1.2.3\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return PathDistribution(info)


def install_line(root) -> str:
    workflow = yaml.safe_load((root / ".github/workflows/dialog.yml").read_text("utf-8"))
    [step] = [s for s in workflow["jobs"]["check"]["steps"] if s.get("name") == "Installér dialog"]
    return step["run"].strip()


def test_an_install_from_a_package_index_is_pinned_to_its_version(tmp_path):
    assert install_spec_of(installed(tmp_path, None)) == "dialogmoder==1.2.3"


def test_an_install_from_git_names_the_url_and_the_commit(tmp_path):
    record = {
        "url": "https://github.com/norddjurs/dialogmoder.io.git",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
    }
    assert install_spec_of(installed(tmp_path, record)) == (
        f"dialogmoder @ git+https://github.com/norddjurs/dialogmoder.io.git@{COMMIT}"
    )


def test_an_install_from_an_archive_url_names_the_url(tmp_path):
    url = "https://example.dk/dialogmoder-1.2.3-py3-none-any.whl"
    record = {"url": url, "archive_info": {"hashes": {"sha256": "ab"}}}
    assert install_spec_of(installed(tmp_path, record)) == f"dialogmoder @ {url}"


@pytest.mark.parametrize(
    "record",
    [
        {"url": "file:///home/sekretariat/dialogmoder", "dir_info": {}},
        {"url": "file:///home/x/dialogmoder", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
        {"url": "file:///tmp/dialogmoder-1.2.3-py3-none-any.whl", "archive_info": {}},
        {"no": "url"},
    ],
)
def test_a_source_ci_cannot_reach_has_no_requirement_so_init_writes_a_wheel(tmp_path, record):
    assert install_spec_of(installed(tmp_path, record)) is None


def test_init_install_spec_wins(tmp_path, dialog):
    spec = f"dialogmoder @ git+https://github.com/norddjurs/dialogmoder@{COMMIT}"
    assert dialog("init", tmp_path / "ny", "--install-spec", spec).code == 0
    assert install_line(tmp_path / "ny") == f'python -m pip install "{spec}"'


def test_init_refuses_an_install_spec_that_breaks_the_shell_line(tmp_path, dialog):
    result = dialog("init", tmp_path / "ny", "--install-spec", 'dialogmoder"; rm -rf ~; "')
    assert result.code == 2
    assert "kan ikke stå i workflowets installationslinje" in result.err
    assert not (tmp_path / "ny").exists()
