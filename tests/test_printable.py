"""No control character from a file reaches a terminal."""

from __future__ import annotations

import io
import textwrap

from dialogmoder.io.printable import printable

from helpers.configs import CONFIG
from helpers.meetings import DIR, DIR_MEETING

# `ESC ] 0 ; ... BEL` sets the terminal's title; CSI (C1 0x9b) starts a colour code;
# U+202E turns the rest of a line around.
HOSTILE_TITLE = "Dir\x1b]0;pwned\x07 \u202eevil\u202c \x9b31m"
SHOWN = "Dir\\x1b]0;pwned\\x07 <U+202E>evil<U+202C> \\x9b31m"
# Read from a file, the control characters (Cc) are gone before anything sees the text
# (DM705 reports their lines); the bidi controls (Cf) are still shown as code points.
FROM_FILE = "Dir]0;pwned <U+202E>evil<U+202C> 31m"


def test_c0_controls_are_shown_as_hex():
    assert printable("a\x1b[31mb\x00c\x07") == "a\\x1b[31mb\\x00c\\x07"


def test_del_and_c1_controls_are_shown_as_hex():
    assert printable("a\x7fb\x85c\x9b") == "a\\x7fb\\x85c\\x9b"


def test_bidi_overrides_and_isolates_are_shown_as_code_points():
    assert printable("\u202a\u202e\u2066\u2069") == "<U+202A><U+202E><U+2066><U+2069>"


def test_newline_tab_and_danish_letters_stay_as_they_are():
    assert printable("Æble\tøl\nå – ok") == "Æble\tøl\nå – ok"


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    import json

    return json.dumps(text)


def hostile_repo(make_repo):
    return make_repo(
        {
            "dialog.yaml": CONFIG + f"regler: {{{quoted(HOSTILE_TITLE)}: off}}\n",
            f"{DIR}/meeting.md": DIR_MEETING.replace(
                "titel: Direktionen", f"titel: {quoted(HOSTILE_TITLE)}"
            ),
            f"{DIR}/opfoelgningsnotat.md": textwrap.dedent(
                f"""\
                ---
                initiativer:
                  - hvad: {quoted(HOSTILE_TITLE)}
                    hvem: [bo]
                    sigt: kort
                    frist: 2025-03-20
                ---
                """
            ),
        }
    )


def test_check_text_shows_a_files_control_characters_visibly(make_repo, dialog):
    result = dialog("check", cwd=hostile_repo(make_repo))
    assert f"ukendt regel '{FROM_FILE}'" in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out


def test_check_github_shows_a_files_control_characters_visibly(make_repo, dialog):
    result = dialog("check", "--format", "github", cwd=hostile_repo(make_repo))
    assert f"ukendt regel '{FROM_FILE}'" in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out


def test_status_shows_a_titles_control_characters_visibly(make_repo, dialog):
    result = dialog("status", "--today", "2025-03-01", cwd=hostile_repo(make_repo))
    assert FROM_FILE in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out


def test_plan_text_shows_a_titles_control_characters_visibly(make_repo, dialog):
    result = dialog("plan", "2025", cwd=hostile_repo(make_repo))
    assert FROM_FILE in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out


def test_actions_text_shows_an_initiativs_control_characters_visibly(make_repo, dialog):
    result = dialog("actions", "--today", "2025-03-10", cwd=hostile_repo(make_repo))
    assert FROM_FILE in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_check_on_a_terminal_keeps_its_colours_and_shows_the_files_escape(monkeypatch):
    from dialogmoder.domain.findings import Finding, print_text

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = Terminal()
    print_text([Finding("dialog.yaml", 3, "DM008", "error", HOSTILE_TITLE)], stream)
    assert "\x1b[31m" in stream.getvalue() or "\x1b[1;31m" in stream.getvalue()
    assert SHOWN in stream.getvalue()
    assert "\x1b]0" not in stream.getvalue()


def test_an_error_naming_a_folder_shows_its_control_characters(tmp_path, dialog):
    folder = tmp_path / "mappe\x1b]0;pwned\x07"
    folder.mkdir()
    result = dialog("status", "--root", folder)
    assert result.code == 2
    assert "mappe\\x1b]0;pwned\\x07" in result.err
    assert "\x1b" not in result.err


def test_a_finding_on_stderr_shows_a_keys_control_characters(make_repo, dialog):
    root = make_repo(
        {f"{DIR}/meeting.md": DIR_MEETING.replace("sted:", f"{quoted(HOSTILE_TITLE)}: x\nsted:")}
    )
    result = dialog("plan", "2025", cwd=root)
    assert FROM_FILE in result.err
    assert "\x1b" not in result.err and "\u202e" not in result.err
