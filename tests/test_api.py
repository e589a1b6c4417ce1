"""The typed library API: every name in `dialogmoder.__all__` imports and is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dialogmoder


def test_every_public_name_imports_and_has_a_docstring() -> None:
    for name in dialogmoder.__all__:
        value = getattr(dialogmoder, name)
        if name != "__version__":
            assert value.__doc__, name


def test_all_names_every_lazily_imported_name() -> None:
    assert set(dialogmoder.__all__) == {"__version__", *dialogmoder._API}


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        dialogmoder.no_such_thing  # noqa: B018
    except AttributeError as e:
        assert "no_such_thing" in str(e)
    else:
        raise AssertionError("no AttributeError")


def test_the_package_is_marked_typed() -> None:
    assert (Path(dialogmoder.__file__).parent / "py.typed").is_file()


def test_importing_the_package_imports_no_library_module() -> None:
    code = (
        "import sys, dialogmoder;"
        " print(sorted(m for m in sys.modules if m.startswith('dialogmoder.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['dialogmoder.version']"  # the version, and nothing more
