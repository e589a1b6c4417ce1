"""`dialog export` writes its JSON with pydantic's encoder: the same bytes as
`json.dumps(data, ensure_ascii=False, indent=2)` gave before, for every value an export
can hold (text, whole numbers, flags, null, lists, mappings with text keys)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain.repository import load_repository
from dialogmoder.views.export import export_readable, export_text
from dialogmoder.views.schema import all_schemas

from helpers.examples import examples
from helpers.repo import PROJECT

scalars = st.none() | st.booleans() | st.integers() | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def by_python(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=examples(400), deadline=None)
@given(st.dictionaries(st.text(), values, max_size=5))
def test_export_text_is_the_bytes_pythons_json_writes(data):
    assert export_text(data) == by_python(data)


def test_escapes_and_big_numbers_as_python_writes_them():
    data = {
        "tekst": ['"', "\\", "\x00\x08\x0c\x1f\x7f\x9f", "\u2028æøå😀", "</script>", "\r\n\t"],
        "tal": [0, -1, 2**63, -(2**80), True, None],
        "tomme": [[], {}, ""],
    }
    assert export_text(data) == by_python(data)


def test_the_models_hold_no_decimal_number():
    """The one JSON value the encoders write differently is a decimal number (1e-07 against
    1e-7): the export holds none because no model has a field for one."""
    assert '"number"' not in json.dumps(all_schemas())


def test_the_bundled_repository_exports_the_same_bytes():
    data = export_readable(load_repository(PROJECT))
    assert export_text(data) == by_python(data)
