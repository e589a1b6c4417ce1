"""The one place exceptions become a line and an exit code: also for what is not an
Exception (a panic inside typst arrives as pyo3's PanicException, a BaseException)."""

from __future__ import annotations

import pytest

from dialogmoder.error_handler import INTERNAL_ERROR, user_errors


def test_a_panic_inside_typst_is_an_internal_error_with_a_log_not_a_traceback(capfd):
    import typst

    from dialogmoder.render.pdf import fonts

    # a run of over 64 KiB of two-byte letters makes typst's PDF writer panic
    source = ("#set page(width: auto)\n" + "æ" * 40_000).encode("utf-8")
    with pytest.raises(SystemExit) as stopped, user_errors():
        typst.compile(source, font_paths=fonts(), ignore_system_fonts=True)
    assert stopped.value.code == INTERNAL_ERROR
    err = capfd.readouterr().err
    assert "dialog: intern fejl (PanicException:" in err
    assert "Traceback" not in err
