"""`dialog schema`: JSON Schema that gives the same verdict as dialog's loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from dialogmoder.domain.loader import (
    LoadError,
    load_document,
    load_yaml_document,
    parse_mapping,
    split_front_matter,
)
from dialogmoder.views.schema import SCHEMAS, _add_danish_aliases, model_schema

from helpers.repo import PROJECT


def schema_verdict(stem: str, text: str) -> bool:
    """Valid by the independent validator, on the data as YAML gives it."""
    if stem == "dialog":
        data = parse_mapping("dialog.yaml", text, 1).data
    else:
        split = split_front_matter("x.md", text)
        data = parse_mapping("x.md", split.yaml_text, split.yaml_line).data
    schema = model_schema(stem)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(data)


def loader_verdict(stem: str, text: str) -> bool:
    """Valid by dialog's load stage (the same functions `dialog check` loads files with)."""
    model = SCHEMAS[stem][0]
    try:
        if stem == "dialog":
            load_yaml_document("dialog.yaml", text, model)
        else:
            load_document("x.md", text, model)
    except LoadError:
        return False
    return True


def fm(*lines: str) -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n"


MEETING = ("forum: direktionen", "titel: Direktionen", "dato: 2025-03-05")

SAMPLES = [
    # (schema, text, valid)
    ("meeting", fm(*MEETING), True),
    ("meeting", fm(*MEETING, "start: 13:30", "slut: '15.30'"), True),
    ("meeting", fm(*MEETING, "vært: [anna]", "bistås_af: bo"), True),
    ("meeting", fm(*MEETING, "facilitering: ja", "status: udskudt"), True),
    ("meeting", fm(*MEETING, "formoede: {dato: 2025-03-01, start: '9.00'}"), True),
    ("meeting", fm(*MEETING, "vaert_: [anna]"), False),  # unknown key
    ("meeting", fm(*MEETING, "vaert: [anna]", "vært: [bo]"), False),  # both spellings
    ("meeting", fm("forum: direktionen", "titel: 42", "dato: 2025-03-05"), False),
    ("meeting", fm(*MEETING, "status: aflyse"), False),  # bad literal
    ("meeting", fm("forum: direktionen", "titel: x", "dato: 2025-02-30"), False),
    ("meeting", fm(*MEETING, "start: 25:00"), False),
    ("meeting", fm(*MEETING, "start: 930"), False),  # a number, not a time
    ("meeting", fm(*MEETING, "facilitering: 'true'"), False),
    ("meeting", fm(*MEETING, "vaert: [Anna]"), False),  # not an id
    ("meeting", fm("titel: x", "dato: 2025-03-05"), False),  # forum missing
    ("meeting", fm(*MEETING, "titel_: ''"), False),
    ("punkt", fm("titel: Budget", "lukket: nej", "kle: 00.30.10"), True),
    ("punkt", fm("titel: Budget", "kle: 1.10"), False),  # a float where text belongs
    ("punkt", fm("titel: Budget", "bilag: [{titel: B, dokumentnr: 21037/25}]"), True),
    ("punkt", fm("titel: Budget", "bilag: [{titel: B, nr: 1}]"), False),
    ("punkt", fm("titel: Budget", "auto: tidsplanen"), False),
    ("punkt", fm("titel: Budget", "kræver_beslutning: false"), True),
    ("program", fm("status: godkendt", "godkendt_af: bo", "godkendt_dato: 2025-02-20"), True),
    ("program", fm("status: approved"), False),
    ("program", fm("programpunkter: [{tid: '9.00', titel: Velkomst, ansvarlig: anna}]"), True),
    ("opfoelgningsnotat", fm("initiativer: [{hvad: x, hvem: anna, sigt: kort}]"), True),
    ("opfoelgningsnotat", fm("initiativer: [{hvad: x, hvem: anna, sigt: mellem}]"), False),
    ("opfoelgningsnotat", fm("initiativer: [{hvad: x, sigt: kort}]"), False),
    ("baggrundsnotat", fm("henvisninger: [{titel: Lov, type: lovgrundlag}]"), True),
    ("facilitering", fm("titel: Spørgsmål"), True),
    ("dialog", "organisation: K\npersoner: {anna: {rolle: chef, github: '@anna'}}\n", True),
    ("dialog", "organisation: K\npersoner: {Anna: {rolle: chef}}\n", False),  # key not an id
    ("dialog", "organisation: K\nfora: {d: {navn: D, produkter: {referat: {}}}}\n", False),
    ("dialog", "organisation: K\nfora: {d: {navn: D, produkter: {program: {frist: x}}}}\n", False),
    (
        "dialog",
        "organisation: K\nfora: {d: {navn: D, produkter: {program: {påkrævet: nej}}}}\n",
        True,
    ),
    ("dialog", "organisation: K\nvarsel_arbejdsdage: true\n", False),  # a flag is not a number
    ("dialog", "personer: {}\n", False),  # organisation missing
    ("dialog", "organisation: K\ngælder_fra: 2025-01-01\n", True),
    ("dialog", "organisation: K\ngælder_fra: 1. januar\n", False),
]


@pytest.mark.parametrize(("stem", "text", "valid"), SAMPLES)
def test_schema_and_loader_agree(stem, text, valid):
    assert loader_verdict(stem, text) is valid
    assert schema_verdict(stem, text) is valid


def bundled_files() -> list[tuple[str, Path]]:
    files = [("dialog", PROJECT / "dialog.yaml")]
    for path in sorted((PROJECT / "meetings").rglob("*.md")):
        stem = "punkt" if path.parent.name == "punkter" else path.stem
        files.append((stem, path))
    return files


def test_schema_validates_every_bundled_file(dialog):
    assert dialog("check", "--root", PROJECT).code == 0
    files = bundled_files()
    assert len(files) > 20
    for stem, path in files:
        assert schema_verdict(stem, path.read_text(encoding="utf-8")), path


def test_schema_command_writes_one_file_per_kind(tmp_path, dialog):
    result = dialog("schema", "-o", tmp_path / "schema")
    assert result.code == 0, result.err
    written = sorted(p.name for p in (tmp_path / "schema").iterdir())
    data = ("data-indeks", "data-aar", "data-moede")  # the site's open data (views/webdata.py)
    assert written == sorted(f"{stem}.schema.json" for stem in (*SCHEMAS, *data))
    meeting = json.loads((tmp_path / "schema" / "meeting.schema.json").read_text("utf-8"))
    assert meeting["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert meeting["$id"].endswith(":schema:meeting")
    assert meeting["properties"]["vært"]["doNotSuggest"] is True


def test_schema_command_prints_one_schema(dialog):
    result = dialog("schema", "punkt")
    assert result.code == 0
    assert json.loads(result.out)["title"].startswith("punkt:")


def test_schema_command_refuses_an_unknown_name_and_a_file_as_folder(tmp_path, dialog):
    result = dialog("schema", "referat")
    assert result.code == 2
    assert "intet skema 'referat'; kendte: dialog, meeting" in result.err
    (tmp_path / "f").write_text("x")
    result = dialog("schema", "-o", tmp_path / "f")
    assert result.code == 2
    assert "er en fil" in result.err


def test_a_required_key_may_be_spelled_either_way_but_must_be_there():
    node = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"vaert": {"type": "string"}},
        "required": ["vaert"],
    }
    _add_danish_aliases(node)
    validator = Draft202012Validator(node)
    assert validator.is_valid({"vaert": "a"})
    assert validator.is_valid({"vært": "a"})
    assert not validator.is_valid({})
    assert not validator.is_valid({"vaert": "a", "vært": "a"})
