"""`dialog export` of a large archive is read by two processes: the same bytes as one
process gives, and the same refusal when a file cannot be read."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.errors import DialogError
from dialogmoder.views import export
from dialogmoder.views.export import export_document, export_text, indented, with_meetings

from helpers.repo import generated_archive

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    head=st.dictionaries(texts.filter(lambda key: key != "meetings"), values, max_size=3),
    meetings=st.lists(st.dictionaries(texts, values, max_size=4), max_size=4),
)
def test_meetings_put_into_the_head_are_the_export_of_them_all(head, meetings):
    whole = export_text({**head, "meetings": meetings})
    empty = export_text({**head, "meetings": []})
    assert with_meetings(empty, [indented(m) for m in meetings]) == whole


def both(root, monkeypatch):
    """The export in one process and in two."""
    monkeypatch.setattr(export, "SPLIT_FROM", 10**9)
    one = _outcome(root)
    monkeypatch.setattr(export, "SPLIT_FROM", 1)
    monkeypatch.setattr(export, "two_processors", lambda: True)
    return one, _outcome(root)


def _outcome(root):
    try:
        return export_document(root)
    except DialogError as e:
        return e.exit_code, str(e)


@pytest.mark.skipif(sys.platform == "win32", reason="one process on Windows")
def test_two_processes_export_the_bytes_one_does(tmp_path, monkeypatch):
    root = generated_archive(tmp_path, 300)
    one, two = both(root, monkeypatch)
    assert isinstance(one, str) and one.count('"punkter"') > 20
    assert two == one


@pytest.mark.skipif(sys.platform == "win32", reason="one process on Windows")
def test_two_processes_refuse_what_one_refuses(tmp_path, monkeypatch):
    root = generated_archive(tmp_path, 300)
    meetings = sorted((root / "meetings").glob("*/*"))
    for folder in (meetings[1], meetings[4]):  # one in each half
        (folder / "meeting.md").write_text("---\nforum: [\n---\n", encoding="utf-8")
    one, two = both(root, monkeypatch)
    assert one[0] == 1 and one[1].count("meeting.md") == 2
    assert two == one
