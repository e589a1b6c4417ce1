"""The site's open data is written by pydantic's own JSON encoder: the same bytes as Python's
`json.dumps(..., ensure_ascii=False, indent=1)` gave before, for any text and numbers."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.site.feeds import _json
from dialogmoder.views.webdata import Afsnit, Bilag, DataAar, MoedeIndgang, Tabel

text = st.text()
number = st.integers(min_value=-(2**63), max_value=2**63 - 1)
tabel = st.builds(Tabel, kolonner=st.lists(text), raekker=st.lists(st.lists(text)))
afsnit = st.builds(Afsnit, overskrift=st.none() | text, dele=st.lists(text | tabel, max_size=4))
bilag = st.builds(
    Bilag,
    nr=number,
    lukket=st.booleans(),
    titel=st.none() | text,
    dokumentnr=st.none() | text,
    fil=st.none() | text,
    type=st.none() | text,
    stoerrelse=st.none() | number,
)
moede = st.builds(
    MoedeIndgang,
    id=text, forum=text, forum_navn=text, titel=text,
    dato=st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    status=text, dokument=text, side=text, fil=text,
)  # fmt: skip
aar = st.builds(DataAar, organisation=text, aar=number, moeder=st.lists(moede, max_size=3))


def by_python(model: object) -> bytes:
    data = model.model_dump(mode="json")  # type: ignore[attr-defined]
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@settings(max_examples=300)
@given(afsnit | bilag | aar | tabel)
def test_open_data_is_the_bytes_pythons_json_writes(model):
    assert _json(model) == by_python(model)


def test_control_characters_and_quotes_are_escaped_as_python_escapes_them():
    model = Tabel(kolonner=['"', "\\", "\x00\x1f\x7f", "\u2028æøå😀", "</script>"], raekker=[[]])
    assert _json(model) == by_python(model)
