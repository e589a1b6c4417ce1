from __future__ import annotations


def test_check_is_clean_on_a_fresh_fixture(make_repo, dialog) -> None:
    root = make_repo()
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 0, result.out + result.err
    assert "Ingen fejl eller advarsler i " in result.err


def test_version_runs_as_a_process(dialog_process) -> None:
    done = dialog_process("--version", fresh=True)  # it answers before the imports
    assert done.returncode == 0
    assert done.stdout.startswith("dialog ")
