"""The one place that turns exceptions into a line for a person and an exit code."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError
from dialogmoder.exit_codes import CLEAN, INTERNAL_ERROR, INTERRUPTED, USAGE
from dialogmoder.io.printable import printable


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """DialogError -> `path:line: message` and its exit code; a bug -> short note + log.
    Control characters from files or folder names are shown, not sent to the terminal."""
    try:
        yield
    except DialogError as e:
        print(f"dialog: {printable(str(e))}", file=sys.stderr)
        raise SystemExit(e.exit_code) from None
    except KeyboardInterrupt:
        print(besked("dialog: interrupted"), file=sys.stderr)
        raise SystemExit(INTERRUPTED) from None
    except BrokenPipeError:
        # `dialog export | head`: the reader left; that is not an error of ours
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(CLEAN) from None
    except OSError as e:
        # the machine refused: permissions, a full disk, a vanished folder
        where = f"{e.filename}: " if e.filename else ""
        print(printable(f"dialog: {where}{aarsag(e)}"), file=sys.stderr)
        raise SystemExit(USAGE) from None
    except RuntimeError as e:
        # pathlib (Python 3.11) resolving a path given by the user that loops
        loop = _LOOP.fullmatch(str(e))
        if loop is None:
            _internal_error(e)
        print(
            besked("dialog: {loop}: is a symbolic link loop").format(loop=loop[1]), file=sys.stderr
        )
        raise SystemExit(USAGE) from None
    except Exception as e:
        _internal_error(e)
    except BaseException as e:
        # pyo3's PanicException (a panic inside typst) derives from BaseException
        if type(e).__name__ != "PanicException":
            raise
        _internal_error(e)


_LOOP = re.compile(r"Symlink loop from '(.*)'", re.DOTALL)


def _internal_error(e: BaseException) -> NoReturn:
    """A bug: a short note for the person, the traceback in a log file, exit 3."""
    log = Path(tempfile.gettempdir()) / "dialog-error.log"
    with contextlib.suppress(OSError):
        log.write_text("".join(traceback.format_exception(e)), encoding="utf-8")
    print(
        besked(
            "dialog: internal error ({name}: {e}); this is a bug in dialog. Details are in"
            " {log}; please report them."
        ).format(name=type(e).__name__, e=printable(str(e)), log=log),
        file=sys.stderr,
    )
    raise SystemExit(INTERNAL_ERROR) from None
