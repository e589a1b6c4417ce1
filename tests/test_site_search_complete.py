"""Pagefind's index is only kept (and only linked into a rebuild) when it was written whole:
under load its service has been seen to end while writing, leaving an empty file or a
compressed file cut at 64 KiB (site/search.py's `complete`)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from dialogmoder.site.search import CHUNK, complete


def index(folder: Path) -> Path:
    folder.mkdir()
    (folder / "pagefind-entry.json").write_text('{"version": "1.5.2"}', encoding="utf-8")
    (folder / "pagefind-ui.css").write_text(":root {}\n", encoding="utf-8")
    (folder / "fragment").mkdir()
    (folder / "fragment" / "da_1.pf_fragment").write_bytes(gzip.compress(b"kort", mtime=0))
    # incompressible, so that the compressed file is well past 64 KiB
    (folder / "wasm.da.pagefind").write_bytes(gzip.compress(os.urandom(3 * CHUNK), mtime=0))
    return folder


def test_a_whole_index_is_complete(tmp_path):
    assert complete(index(tmp_path / "pagefind"))


def test_an_empty_file_or_a_cut_one_is_not(tmp_path):
    empty_css = index(tmp_path / "a")
    (empty_css / "pagefind-ui.css").write_bytes(b"")
    assert not complete(empty_css)
    empty_fragment = index(tmp_path / "b")
    (empty_fragment / "fragment" / "da_1.pf_fragment").write_bytes(b"")
    assert not complete(empty_fragment)
    cut = index(tmp_path / "c")
    wasm = cut / "wasm.da.pagefind"
    wasm.write_bytes(wasm.read_bytes()[:CHUNK])
    assert not complete(cut)
    no_entry = index(tmp_path / "d")
    (no_entry / "pagefind-entry.json").write_bytes(b"")
    assert not complete(no_entry)
