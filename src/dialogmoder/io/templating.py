"""The Jinja environment: a repository's own templates/ override the packaged ones."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from dialogmoder import danish
from dialogmoder.danish import besked
from dialogmoder.io.layout import TEMPLATES_DIR


@cache
def packaged_templates() -> Path:
    """The templates shipped with the package (or, in a source checkout, the repo's own)."""
    package = Path(__file__).resolve().parent.parent  # src/dialogmoder (or the installed one)
    for candidate in (package / TEMPLATES_DIR, package.parent.parent / TEMPLATES_DIR):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(besked("dialogmoder is installed without its templates"))  # pragma: no cover


def _autoescape(name: str | None) -> bool:
    # `referat.html.j2` must escape as surely as `referat.html`
    return name is not None and ".html" in Path(name).suffixes


def yaml_str(value: Any) -> str:
    """A YAML scalar that reads back as exactly this text (a JSON string is valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def environment(root: Path | None) -> jinja2.Environment:
    """The templates of `root`'s templates/ before the packaged ones, with the Danish
    catalogue installed (jinja2.ext.i18n) and dialog's filters."""
    loaders: list[jinja2.BaseLoader] = []
    if root is not None and (root / TEMPLATES_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(root / TEMPLATES_DIR))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # `{{ _("Absent") }}` and `{% trans %}` read the Danish catalogue (on first use, once);
    # newstyle: a translation is a %-format string whose values are escaped as any others
    env.install_gettext_callables(  # type: ignore[attr-defined]
        danish.gettext,
        danish.ngettext,
        newstyle=True,
        pgettext=danish.pgettext,
        npgettext=danish.npgettext,
    )
    env.filters["yaml_str"] = yaml_str
    env.filters["antal"] = danish.antal  # "1 åben", "2 åbne", for a repository's own templates
    env.filters["opremsning"] = danish.opremsning  # "A, B og C": every list of names
    return env


def render_template(root: Path | None, name: str, **context: Any) -> str:
    return environment(root).get_template(name).render(**context)
