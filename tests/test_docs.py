"""Docs that cannot drift: README commands and the help of every command."""

from __future__ import annotations

import re
import subprocess

from helpers.repo import PROJECT


def readme() -> str:
    return (PROJECT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    script = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert "Install and run the tests:" in readme()
    assert "Install and run the tests:" in script
    command = subprocess.run(
        [
            "awk",
            "/^Install and run the tests:/{found=1} found && /^python3 -m venv/{print; exit}",
            str(PROJECT / "README.md"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert command.endswith("python -m pytest")
    assert "[test]" in command


def test_every_command_has_help_and_a_readme_row(dialog):
    from dialogmoder.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = dialog(name, "--help")
        assert result.code == 0
        assert command.callback.__doc__, f"{name} has no help"
        assert re.search(rf"`dialog {name}\b", readme()), f"README lacks `dialog {name}`"


RULES_START = "<!-- rules:start -->\n"
RULES_END = "<!-- rules:end -->"


def test_readme_rules_table_is_generated_from_the_rules(dialog, monkeypatch):
    monkeypatch.setenv("DIALOG_SPROG", "en")  # the README is English
    result = dialog("check", "--list-rules", "--format", "md")
    text = readme()
    table = text[text.index(RULES_START) + len(RULES_START) : text.index(RULES_END)]
    assert table == result.out, (
        "README's rules table differs from the rules; replace the lines between the"
        " rules markers with the output of `DIALOG_SPROG=en dialog check --list-rules"
        " --format md`"
    )


def test_docs_keys_md_is_generated_from_the_models(dialog):
    result = dialog("schema", "--format", "md")
    assert result.code == 0, result.err
    written = (PROJECT / "docs" / "keys.md").read_text(encoding="utf-8")
    assert written == result.out, (
        "docs/keys.md differs from the models; regenerate it with"
        " `dialog schema --format md -o docs`"
    )


def test_every_model_field_has_a_description():
    from dialogmoder.domain import models

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    missing = [
        f"{model.__name__}.{name}"
        for model in subclasses(models.Model)
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert not missing, f"fields without a description in models.py: {', '.join(missing)}"


def test_readme_points_at_every_key():
    text = readme()
    assert "## Every key" in text
    assert "(docs/keys.md)" in text
