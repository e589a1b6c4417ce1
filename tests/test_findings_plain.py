"""Findings printed to a stream that is no terminal (a pipe, CI's log, pre-commit) are
written without rich (findings.print_plain): byte for byte what rich prints there."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain import findings
from dialogmoder.domain.findings import Finding, print_text

from helpers.examples import examples
from helpers.repo import PROJECT


def printed(found: list[Finding], plain: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    stream = io.StringIO()
    with monkeypatch.context() as m:
        m.setattr(findings, "plain_stream", lambda _: plain)
        print_text(found, stream)
    return stream.getvalue()


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80) | st.text(
    alphabet="ab[]\\/:\t \n=#@ø\u202e\x1b", max_size=30
)
FINDING = st.builds(
    Finding,
    path=TEXT,
    line=st.none() | st.integers(0, 10**6),
    rule=st.sampled_from(["DM101", "DM601"]),
    severity=st.sampled_from(["error", "warning"]),
    message=TEXT,
)


@given(found=st.lists(FINDING, max_size=5))
@settings(max_examples=examples(400), deadline=None)
def test_plain_lines_are_what_rich_prints_on_a_pipe(found: list[Finding]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "COLUMNS"):
            monkeypatch.delenv(name, raising=False)
        assert printed(found, True, monkeypatch) == printed(found, False, monkeypatch)


def test_a_pipe_is_plain_a_forced_terminal_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    read, write = os.pipe()
    with os.fdopen(write, "w") as pipe, os.fdopen(read):
        assert findings.plain_stream(pipe) is (os.name != "nt")
        monkeypatch.setenv("FORCE_COLOR", "1")
        assert findings.plain_stream(pipe) is False


SCRIPT = (
    "import sys; sys.argv = ['dialog', *sys.argv[1:]]\n"
    "from dialogmoder.__main__ import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('rich imported' if 'rich' in sys.modules else 'no rich', file=sys.stderr)\n"
)


def test_check_to_a_pipe_prints_findings_without_rich_and_as_rich_would() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    args = ["check", "meetings/2025/2025-01-29-direktionen", "--today", "2025-01-01"]
    plain = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    forced = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=PROJECT,
        env={**env, "TTY_COMPATIBLE": "0"},  # rich decides: no terminal, no colour
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "DM" in plain.stdout
    assert plain.stderr.endswith("no rich\n")
    assert forced.stderr.endswith("rich imported\n")
    assert plain.stdout == forced.stdout
