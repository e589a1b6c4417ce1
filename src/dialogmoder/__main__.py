"""`dialog` and `python -m dialogmoder`: `dialog --version` answers before anything is
imported (Typer, click and the library take a tenth of a second); everything else goes
to `cli.main`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from dialogmoder.version import __version__

        print(f"dialog {__version__}")  # as cli's --version says it
        return
    # Pydantic looks for plugins (observability hooks) in every installed package's
    # metadata when the first model is made; the command uses none. (Set the variable to
    # an empty value to have them loaded all the same.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from dialogmoder.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
