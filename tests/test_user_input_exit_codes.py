"""User input never gives exit 3 (a bug): deep emphasis in Markdown output, and person ids
that YAML would read as something other than a name."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.domain.yamlsafe import YamlError, parse_yaml

from helpers.examples import examples
from helpers.meetings import BUDGET, DIR


def _with_body(body: str) -> str:
    return f"---\ntitel: Budget\nlukket: false\n---\n## Sagsfremstilling\n\n{body}\n"


@pytest.mark.parametrize("mark", ["*", "_", "**", "__", "~~", "*_"])
def test_500_deep_emphasis_renders_as_markdown(make_repo, dialog, mark):
    body = mark * 500 + "dybt" + mark[::-1] * 500
    root = make_repo({BUDGET: _with_body(body)})
    result = dialog("render", "dagsorden", DIR, "--format", "md", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "dybt" in result.out


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    marks=st.lists(st.sampled_from(["*", "_", "**", "~~", "["]), min_size=1, max_size=40),
    depth=st.integers(min_value=1, max_value=600),
)
def test_any_nesting_of_inline_markup_renders_as_markdown(
    make_repo, dialog, tmp_path_factory, marks, depth
):
    opening = "".join(marks[i % len(marks)] for i in range(depth))
    closing = "".join(
        "](https://x.dk)" if m == "[" else m
        for m in reversed([marks[i % len(marks)] for i in range(depth)])
    )
    from helpers.repo import write_repo

    root = write_repo(
        tmp_path_factory.mktemp("nest") / "repo", {BUDGET: _with_body(opening + "tekst" + closing)}
    )
    result = dialog("render", "dagsorden", DIR, "--format", "md", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "tekst" in result.out


YAML_WORDS = [
    "null", "Null", "NULL", "~", "true", "False", "123", "0x1F", "0o17", "-1", "+1", "1e3",
    "1_000", ".5", ".inf", "-.inf", ".nan", "0", "00", "007",
]  # fmt: skip


def _reads_as_text(word: str) -> bool:
    try:
        return parse_yaml(f"{word}: {word}\n").data == {word: word}
    except YamlError:
        return False


@pytest.mark.parametrize("name", [*YAML_WORDS, "yes", "on", "2025-01-29", "12:30", "Ole"])
def test_person_add_refuses_an_id_yaml_reads_as_no_name_with_exit_2(make_repo, dialog, name):
    root = make_repo()
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", "--titel", "Chef", "--rolle", "chef", "--", name, cwd=root)
    assert result.code in (0, 2), result.err
    if result.code == 2:
        assert (root / "dialog.yaml").read_bytes() == before
        assert "YAML" in result.err or "tomt id" in result.err
        return
    # added: the id reads back as text wherever it is written, and check agrees
    person_id = result.out.split()[1]
    assert _reads_as_text(person_id)
    check = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert '"dialog.yaml"' not in check.out, check.out


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.one_of(
        st.sampled_from(YAML_WORDS),
        st.text(st.sampled_from("0123456789.-+_xoeEaTtrRuNnlL~:"), min_size=1, max_size=8),
    )
)
def test_person_add_never_exits_3_and_what_it_adds_check_reads(tmp_path_factory, dialog, name):
    from helpers.repo import write_repo

    root = write_repo(tmp_path_factory.mktemp("person") / "repo")
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", "--titel", "Chef", "--rolle", "chef", "--", name, cwd=root)
    assert result.code in (0, 2), result.err
    if result.code == 2:
        assert (root / "dialog.yaml").read_bytes() == before
        return
    check = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert '"dialog.yaml"' not in check.out, check.out
