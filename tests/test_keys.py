"""docs/keys.md: every key a person can write, in plain words, from the models."""

from __future__ import annotations

from dialogmoder.views.keys import keys_reference


def rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| `")]


def row(text: str, key: str) -> str:
    found = [line for line in rows(text) if line.startswith(f"| `{key}` |")]
    assert len(found) == 1, f"{key}: {found}"
    return found[0]


def test_nested_keys_are_written_under_their_parent_key():
    text = keys_reference()
    for key in (
        "pauser[].tid",
        "underpunkter[].beslutning",
        "bilag[].fil",
        "fora.*.produkter.*.frist",
        "fora.*.formoede.med",
        "initiativer[].hvem",
        "personer.*.signeringsnoegler",
    ):
        row(text, key)


def test_one_table_per_file_type_then_one_per_nested_list():
    headings = [line for line in keys_reference().splitlines() if line.startswith("#")]
    files = [h for h in headings if h.startswith("## ")]
    assert files == [
        "## `dialog.yaml`",
        "## `meeting.md`",
        "## A punkt: `punkter/NN-slug.md`",
        "## `program.md`",
        "## `baggrundsnotat.md`",
        "## `facilitering.md`",
        "## `opfoelgningsnotat.md`",
    ]
    assert "### `pauser[]`" in headings
    assert "### `underpunkter[]`" in headings


def test_a_key_with_ae_oe_aa_shows_the_danish_spelling():
    assert "| `bistås_af` |" in row(keys_reference("meeting"), "bistaas_af")
    assert "| `påkrævet` |" in row(keys_reference("dialog"), "fora.*.produkter.*.paakraevet")
    assert "| `titel` |  |" in row(keys_reference("meeting"), "titel")


def test_type_and_default_are_plain_words():
    text = keys_reference("meeting")
    assert "| date (YYYY-MM-DD) | required |" in row(text, "dato")
    assert "| time (HH:MM) | optional |" in row(text, "start")
    assert "| id, or a list of ids | optional |" in row(text, "vaert")
    assert "| true or false (also ja/nej) | default `true` |" in row(
        keys_reference("punkt"), "lukket"
    )
    assert "`planlagt`, `afholdt`, `udskudt` or `aflyst` | default `planlagt` |" in row(
        text, "status"
    )


def test_a_table_cell_never_breaks_on_a_bar_in_a_description():
    for line in rows(keys_reference()):
        cells = line.replace("\\|", "").split("|")
        assert len(cells) == 7, line


def test_schema_format_md_prints_one_file_type(dialog):
    result = dialog("schema", "meeting", "--format", "md")
    assert result.code == 0, result.err
    assert "## `meeting.md`" in result.out
    assert "## `dialog.yaml`" not in result.out


def test_schema_format_md_writes_keys_md_into_the_folder(tmp_path, dialog):
    result = dialog("schema", "--format", "md", "-o", tmp_path / "docs")
    assert result.code == 0, result.err
    assert (tmp_path / "docs" / "keys.md").read_text("utf-8") == keys_reference()


def test_schema_refuses_an_unknown_format(dialog):
    result = dialog("schema", "--format", "yaml")
    assert result.code == 2
    assert "Ugyldig værdi for '--format'" in result.err


def test_temaer_is_danish_already_and_has_no_ae_spelling():
    assert "| `temaer` |  |" in row(keys_reference("dialog"), "temaer")
    assert "| `temaer` |  |" in row(keys_reference("meeting"), "temaer")
