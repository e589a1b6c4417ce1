"""`dialog` and `python -m dialogmoder`: `dialog --version` answers before anything is
imported (Typer, click and the library take a tenth of a second); everything else goes
to `cli.main`."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from dialogmoder.version import __version__

        print(f"dialog {__version__}")  # as cli's --version says it
        return
    from dialogmoder.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
