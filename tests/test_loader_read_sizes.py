"""`read_text` reads a file with one read for its size and one that finds its end: every
size gives the file's text, byte for byte."""

from __future__ import annotations

import pytest

from dialogmoder.domain.loader import read_text


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 65535, 65536, 65537, 300_001])
def test_every_size_reads_whole(tmp_path, size):
    text = ("æblegrød og ø\n" * (size // 16 + 1))[:size]
    (tmp_path / "f.md").write_text(text, encoding="utf-8", newline="")
    assert read_text(tmp_path, "f.md") == text
