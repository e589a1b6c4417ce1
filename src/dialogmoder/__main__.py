"""`dialog` and `python -m dialogmoder`: `dialog --version` answers before anything is
imported (Typer, click and the library take a tenth of a second); everything else goes
to `cli.main`."""

from __future__ import annotations

import gc
import os
import sys
import types


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from dialogmoder.version import __version__

        print(f"dialog {__version__}")  # as cli's --version says it
        return
    _without_pydantic_plugins()
    # Importing makes many objects and next to no garbage: the cyclic collector would walk
    # them again and again for nothing. Once imported, they are set aside (frozen) from
    # later collections.
    gc.disable()
    from dialogmoder.cli import main as cli_main

    gc.freeze()
    gc.enable()
    cli_main()


def _without_pydantic_plugins() -> None:
    """Pydantic looks for plugins (observability hooks) in every installed package's
    metadata when the first model is made; dialog uses none. Told so, it still imports the
    finder, and with it importlib.metadata, email, zipfile and csv (15-20 ms of every
    command): where no plugin is wanted, a finder that finds none stands in for it. (Set
    PYDANTIC_DISABLE_PLUGINS to an empty value to have plugins loaded all the same.)"""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        finder = types.ModuleType("pydantic.plugin._loader")
        finder.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
        sys.modules.setdefault("pydantic.plugin._loader", finder)


if __name__ == "__main__":
    main()
