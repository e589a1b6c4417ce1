"""The Jinja environment: a repository's own templates/ override the packaged ones."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

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
        bytecode_cache=compiled_templates(),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # each template is read once per environment: `{% include %}` asks for it again,
        # and checking its file every time costs the site thousands of stat calls
        auto_reload=False,
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


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once and kept between runs, as Python keeps its .pyc files:
    compiling the referat's typst templates is a tenth of a second of every `dialog
    render`. Jinja's own cache, in dialog's cache folder (io/cache.py; where there is
    none, Jinja's `_jinja2-cache-<uid>` in the temporary directory), with a key that also
    holds everything of the environment that changes the compiled code (its syntax,
    options, extensions, filter and test names, `finalize`, autoescape), so that one
    template file compiled for typst is never run as HTML. A template is compiled again
    when its text changes (Jinja compares a checksum of the source); a cache that cannot
    be read or written is simply not used."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = hashlib.sha256(
            "\0".join((compiled_with(environment), name, filename or "")).encode("utf-8")
        ).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, or cut short (pickle's error): compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # a full disk or a read-only temporary folder: compiled again next time
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_with(env: jinja2.Environment) -> str:
    """What of `env` the compiled code of a template depends on."""

    def named(value: Any) -> str:
        if callable(value):
            return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
        return repr(value)

    return repr(
        (
            jinja2.__version__,
            sys.version,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            named(env.finalize),
            named(env.autoescape),
            named(env.code_generator_class),
            getattr(env, "newstyle_gettext", None),
            sorted(env.extensions),
            sorted(env.filters),
            sorted(env.tests),
            sorted(
                (k, repr(v)) for k, v in env.policies.items() if k.startswith(("compiler", "ext"))
            ),
        )
    )


@cache
def compiled_templates() -> CompiledTemplates | None:
    """The cache of compiled templates, in dialog's cache folder (io/cache.py), else in
    Jinja's own folder in the temporary directory; None where no safe folder can be made."""
    from dialogmoder.io.cache import cache_root

    root = cache_root()
    try:
        if root is not None:
            (root / "templates").mkdir(mode=0o700, exist_ok=True)
            return CompiledTemplates(str(root / "templates"), pattern="dialogmoder-%s.cache")
        return CompiledTemplates(pattern="dialogmoder-%s.cache")
    except (OSError, RuntimeError):
        return None


def render_template(root: Path | None, name: str, **context: Any) -> str:
    return environment(root).get_template(name).render(**context)
