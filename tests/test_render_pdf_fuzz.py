"""Property: any titel and any Markdown body renders to a PDF that pypdf reads back, or
`dialog render` exits 1 with a `path:line:` message; never an internal error (exit 3)."""

from __future__ import annotations

import json
import os
import re

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.configs import CONFIG
from helpers.examples import examples
from helpers.meetings import BUDGET, DIR, DIR_ID, DIR_MEETING
from helpers.repo import git, write_files

WHERE = re.compile(r"^dialog: meetings/\S+\.md:\d+: ", re.MULTILINE)

# the shapes that broke typesetting once, and Markdown's own structure
SHAPES = [
    "*", "_", "**", "~~", "`", "```\n", "> ", "- ", "  - ", "1. ", "9) ", "## ", "# ",
    "[l](https://norddjurs.dk)", "<https://a.dk/", ")", "](", "|", "| a | b |\n|---|---|\n",
    "\n", "\n\n", "  \n", "\u2029", "\u2028", "\x0b", "\x0c", "\x85", "\x1b", "\x7f", "\u200d",
    "\u202e", "\u0301", "æøå", "tekst", "{{ 7*7 }}", "#set", "$x$", "<b>", "<!-- x -->", "\\",
]  # fmt: skip
NASTY = st.one_of(
    st.sampled_from(SHAPES),
    st.text(max_size=8),
    st.builds(lambda c, n: c * n, st.sampled_from(["æ", "a", "*", "> ", "- ", "\u0301"]),
              st.integers(0, 300)),
    st.builds(lambda n: "  " * n + "- a\n", st.integers(0, 70)),
)  # fmt: skip
# rare and large (one example in four): a word over typst's 64 KiB, a flood of combining
# marks, a link over typst's 8,000 bytes
LARGE = st.sampled_from(
    [""] * 9 + ["å" * 33_000, "a" + "\u0301" * 2_000, "<https://a.dk/" + "a/" * 5_000 + ">"]
)
BODY = st.builds(
    lambda before, large, after: before + large + after,
    st.lists(NASTY, max_size=25).map("".join),
    LARGE,
    st.lists(NASTY, max_size=10).map("".join),
)
# 60 examples take about 3 s; DIALOG_FUZZ_EXAMPLES=2000 for a longer hunt
EXAMPLES = int(os.environ.get("DIALOG_FUZZ_EXAMPLES", "60"))
TITEL = st.text(min_size=1, max_size=40).filter(lambda t: t.strip())


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "repo"
    (root / DIR / "punkter").mkdir(parents=True)
    write_files(root, {"dialog.yaml": CONFIG, f"{DIR}/meeting.md": DIR_MEETING})
    git(root, "init", "-q", "-b", "main")
    return root


@settings(
    max_examples=examples(EXAMPLES),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(titel=TITEL, body=BODY)
def test_any_titel_and_body_renders_or_names_file_and_line(repo, dialog, titel, body):
    front = f"---\ntitel: {json.dumps(titel)}\nlukket: false\n---\n"
    (repo / BUDGET).write_text(front + body, encoding="utf-8", newline="")
    out = repo / "build" / "fuzz.pdf"
    out.unlink(missing_ok=True)
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=repo)
    if result.code == 0:
        text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
        assert "Indholdsfortegnelse" in text
        return
    assert result.code == 1, result.err
    assert WHERE.search(result.err), result.err
