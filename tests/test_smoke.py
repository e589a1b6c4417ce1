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


def _modules_after_a_check(root, plugins: str | None) -> set[str]:
    """The modules `dialog check` had imported when it ended, PYDANTIC_DISABLE_PLUGINS
    set to `plugins` (None: not set)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    script = (
        "import sys; sys.argv = ['dialog', 'check', '--today', '2025-03-01']\n"
        "from dialogmoder.__main__ import main\n"
        "try:\n    main()\nfinally:\n    print(' '.join(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Ingen fejl eller advarsler" in done.stderr
    return set(done.stdout.split())


def test_a_command_does_not_look_for_pydantic_plugins_unless_asked(make_repo) -> None:
    """Pydantic's plugin finder imports importlib.metadata (email, zipfile, csv: 15-20 ms):
    a command stands in a finder that finds none, unless plugins are asked for."""
    root = make_repo()
    modules = _modules_after_a_check(root, None)
    assert "pydantic.plugin._loader" in modules  # validators were built, through the stand-in
    assert "importlib.metadata" not in modules
    assert "importlib.metadata" in _modules_after_a_check(root, "")
