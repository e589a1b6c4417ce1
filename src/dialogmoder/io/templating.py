"""The Jinja environment: a repository's own templates/ override the packaged ones."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from dialogmoder import danish
from dialogmoder.io.layout import TEMPLATES_DIR


@cache
def packaged_templates() -> Path:
    """The templates shipped with the package (or, in a source checkout, the repo's own)."""
    package = Path(__file__).resolve().parent.parent  # src/dialogmoder (or the installed one)
    for candidate in (package / TEMPLATES_DIR, package.parent.parent / TEMPLATES_DIR):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("dialogmoder is installed without its templates")  # pragma: no cover


def _autoescape(name: str | None) -> bool:
    # `referat.html.j2` must escape as surely as `referat.html`
    return name is not None and ".html" in Path(name).suffixes


def yaml_str(value: Any) -> str:
    """A YAML scalar that reads back as exactly this text (a JSON string is valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def environment(root: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if root is not None and (root / TEMPLATES_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(root / TEMPLATES_DIR))
    loaders.append(jinja2.FileSystemLoader(packaged_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_str"] = yaml_str
    env.filters["antal"] = danish.antal  # "1 åben", "2 åbne": every count in Danish
    env.filters["opremsning"] = danish.opremsning  # "A, B og C": every list of names
    return env


def render_template(root: Path | None, name: str, **context: Any) -> str:
    return environment(root).get_template(name).render(**context)
