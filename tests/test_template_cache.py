"""Compiled templates are kept between runs (io/templating.py `CompiledTemplates`): what is
rendered with the cache, cold or warm, is what is rendered without it; a template is
never run as compiled for another environment, an edited one is compiled again, and a
cache that cannot be written changes nothing."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from dialogmoder.io import templating
from dialogmoder.io.templating import CompiledTemplates
from dialogmoder.render import render_meeting

from helpers.repo import PROJECT

BUNDLED = "2025-01-29-direktionen"


def rendered(tmp_path: Path, name: str) -> dict[str, bytes]:
    out = {}
    for kind, fmt in (("referat", "md"), ("referat", "html"), ("dagsorden", "pdf")):
        path = tmp_path / f"{name}-{kind}.{fmt}"
        render_meeting(PROJECT, kind, BUNDLED, fmt, output=str(path))
        out[f"{kind}.{fmt}"] = path.read_bytes()
    return out


def test_rendered_with_a_cold_and_a_warm_cache_as_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "compiled_templates", lambda: None)
    without = rendered(tmp_path, "without")
    cache = CompiledTemplates(str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    monkeypatch.setattr(templating, "compiled_templates", lambda: cache)
    cold = rendered(tmp_path, "cold")
    assert len(list((tmp_path / "cache").iterdir())) >= 5  # every template it compiled
    warm = rendered(tmp_path, "warm")
    assert cold == without
    assert warm == without


def environments(folder: Path, cache: CompiledTemplates | None) -> list[jinja2.Environment]:
    """Environments that compile one template file differently."""

    def env(newstyle: bool = False, **options: object) -> jinja2.Environment:
        made = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            bytecode_cache=cache,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            **options,  # type: ignore[arg-type]
        )
        made.install_gettext_callables(  # type: ignore[attr-defined]
            lambda s: s, lambda s, p, n: s if n == 1 else p, newstyle=newstyle
        )
        return made

    with_filter = env()
    with_filter.filters["shout"] = str.upper
    return [
        env(),
        env(finalize=lambda v: f"[{v}]"),
        env(autoescape=True),
        env(trim_blocks=True, lstrip_blocks=True),
        with_filter,
    ]


TEMPLATE = (
    "{% if shout %}{{ text | shout }}{% endif %}\n"
    "  {% for x in items %}<{{ x }}>{% endfor %}\n"
    "{% trans n=items|length %}{{ n }} item &{% pluralize %}{{ n }} items &{% endtrans %}\n"
)


def outcome(env: jinja2.Environment) -> str:
    template = env.get_template("t.j2")
    return template.render(text="a&b", items=["<i>", "%s"], shout="shout" in env.filters)


def test_a_template_is_never_run_as_compiled_for_another_environment(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(TEMPLATE, encoding="utf-8")
    expected = [outcome(env) for env in environments(tmp_path, None)]
    assert len(set(expected)) == len(expected)  # the environments do compile it differently
    cache = CompiledTemplates(str(tmp_path))
    for _ in range(2):  # each environment after every other has stored its code
        assert [outcome(env) for env in environments(tmp_path, cache)] == expected


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    cache = CompiledTemplates(str(tmp_path))
    (tmp_path / "t.j2").write_text("first {{ x }}", encoding="utf-8")
    env = environments(tmp_path, cache)[0]
    assert env.get_template("t.j2").render(x=1) == "first 1"
    (tmp_path / "t.j2").write_text("second {{ x }}", encoding="utf-8")
    again = environments(tmp_path, cache)[0]
    assert again.get_template("t.j2").render(x=1) == "second 1"


def test_a_cache_that_cannot_be_read_or_written_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("{{ x }}!", encoding="utf-8")
    gone = CompiledTemplates(str(tmp_path / "no-such-folder"))
    assert environments(tmp_path, gone)[0].get_template("t.j2").render(x=1) == "1!"
    broken = tmp_path / "broken"
    broken.mkdir()
    cache = CompiledTemplates(str(broken))
    environments(tmp_path, cache)[0].get_template("t.j2")
    for stored in broken.iterdir():
        stored.write_bytes(stored.read_bytes()[:20])  # cut short
    assert environments(tmp_path, cache)[0].get_template("t.j2").render(x=2) == "2!"


def test_the_cache_is_outside_the_repository() -> None:
    cache = templating.compiled_templates()
    if cache is not None:
        assert not Path(cache.directory).resolve().is_relative_to(PROJECT.resolve())


def test_the_cache_is_in_dialogs_cache_folder(monkeypatch, tmp_path) -> None:
    """One folder for what dialog keeps between runs (io/cache.py): the bilag scan's and
    the compiled templates'."""
    from dialogmoder.io import cache as dialog_cache

    monkeypatch.setenv(dialog_cache.VARIABLE, str(tmp_path / "cache"))
    templating.compiled_templates.cache_clear()
    try:
        kept = templating.compiled_templates()
        assert kept is not None
        assert Path(kept.directory) == tmp_path / "cache" / "templates"
    finally:
        templating.compiled_templates.cache_clear()
