"""The site's search, with no server: Pagefind indexes the meeting pages already written
(the public editions, so nothing closed can reach the index) into `pagefind/`, beside its
own search UI, which soeg.html loads. Each punkt's heading carries its anchor (`punkt-N`),
which Pagefind makes a sub-result of its own; the page's navigation, header and footer are
outside its `data-pagefind-body`. `lang="da"` gives Pagefind's Danish stemming.

Pagefind cannot index part of a site: any change to a meeting page has it index every page
again (about 5 s of CPU for 500 meetings). A rebuild whose meeting pages are the same bytes
(`index_key`) links the previous site's index instead."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError

SEARCH_PAGE = "soeg.html"
INDEX_DIR = "pagefind"


def index_meeting_pages(folder: Path) -> None:
    """Pagefind's index and UI into `folder`/pagefind, of the meeting pages already written in
    `folder` (moeder/*.html: not the bilag beside them); each result's URL is its page's path."""
    try:
        for attempt in range(3):
            asyncio.run(_index(folder))
            if complete(folder / INDEX_DIR) or attempt == 2:
                break
            # under load Pagefind's service has been seen to end while writing
            # (`complete`): index again, from scratch
            shutil.rmtree(folder / INDEX_DIR, ignore_errors=True)
        canonical_index(folder / INDEX_DIR)
    except OSError as e:  # no binary (pagefind[bin] not installed), or it cannot run
        raise DialogError(
            besked(
                "cannot build the site's search index with Pagefind: {x} (install"
                " dialogmoder with its dependencies: pagefind[bin])"
            ).format(x=e.strerror or e)
        ) from None


def index_key(folder: Path, build: str) -> str:
    """The key of everything Pagefind's index of `folder` is made from: the meeting pages
    it reads (moeder/*.html, by name and bytes), Pagefind's version and the environment
    that picks its binary, and `build` (manifest.build_hash: dialog's code, which writes
    the index again in its canonical order). The same key gives the same index."""
    import hashlib

    from dialogmoder.site.content import MEETINGS_DIR
    from dialogmoder.site.inputs import SEARCH_LIBRARIES, variables, versions

    digest = hashlib.sha256(f"search index\0{build}\0".encode())
    digest.update(f"{versions(SEARCH_LIBRARIES)}{variables(('PAGEFIND',))}".encode())
    for page in sorted((folder / MEETINGS_DIR).glob("*.html")):
        data = page.read_bytes()
        digest.update(f"\0page {page.name} {len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


GZIP = b"\x1f\x8b"
CHUNK = 65_536  # a file cut short under load has been seen cut at this size


def complete(index: Path) -> bool:
    """Whether Pagefind wrote its index whole: the entry file (it names the others) reads,
    no file is empty, and each compressed file past CHUNK decompresses. Under load its
    service has been seen to end while writing: an empty entry file, an empty stylesheet,
    a wasm file empty or cut at 64 KiB."""
    import json
    import zlib

    try:
        json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        for path in index.rglob("*"):
            if path.is_symlink() or not path.is_file():
                continue
            size = path.stat().st_size
            if size == 0:
                return False
            if size >= CHUNK:
                data = path.read_bytes()
                if data[:2] == GZIP:
                    inflate = zlib.decompressobj(wbits=31)
                    inflate.decompress(data)
                    if not inflate.eof:
                        return False
    except (OSError, ValueError, zlib.error):
        return False
    return True


async def _index(folder: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    from dialogmoder.site.content import MEETINGS_DIR

    config: IndexConfig = {"keep_index_url": True, "output_path": str(folder / INDEX_DIR)}
    async with PagefindIndex(config=config) as index:  # written as the block ends
        # One request for the folder: a request per page costs ten times as long.
        await index.add_directory(str(folder), glob=f"{MEETINGS_DIR}/*.html")


# --- the same pages give the same index --------------------------------------------------------
# Pagefind writes each filter's values, and the list of filters in its metadata, in the order
# of a Rust HashMap, which differs from run to run (Pagefind issue #638: "other files will
# still change, such as the filter/metadata indexes"). So that the same pages give the same
# bytes, the filter files and the metadata are written again in sorted order, under names
# made from their content as Pagefind makes its own (the loader only fetches them by name).

_HEADER = b"pagefind_dcd"


def canonical_index(index: Path) -> None:
    """Sort `index`'s filter files and metadata (see above) and rename them to match."""
    import gzip
    import hashlib
    import json

    entry_path = index / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((index / "filter").glob("*.pf_filter")):
        name, values = _decode(gzip.decompress(path.read_bytes())[len(_HEADER) :])
        data = _HEADER + _encode([name, sorted(values, key=lambda v: v[0])])
        lang = path.stem.split("_", 1)[0]
        new = f"{lang}_{hashlib.sha256(data).hexdigest()[: len(path.stem) - len(lang) - 1]}"
        path.unlink()
        (index / "filter" / f"{new}.pf_filter").write_bytes(gzip.compress(data, mtime=0))
        renamed[path.stem] = new
    for language in entry["languages"].values():
        old = index / f"pagefind.{language['hash']}.pf_meta"
        meta = _decode(gzip.decompress(old.read_bytes())[len(_HEADER) :])
        filters = meta[3]
        meta[3] = sorted([[name, renamed.get(h, h)] for name, h in filters], key=lambda f: f[0])
        data = _HEADER + _encode(meta)
        lang = language["hash"].split("_", 1)[0]
        digits = len(language["hash"]) - len(lang) - 1
        language["hash"] = f"{lang}_{hashlib.sha256(data).hexdigest()[:digits]}"
        old.unlink()
        new_meta = index / f"pagefind.{language['hash']}.pf_meta"
        new_meta.write_bytes(gzip.compress(data, mtime=0))
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _decode(data: bytes) -> Any:
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes in a Pagefind index file")
    return value


def _item(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item (the kinds Pagefind writes: integers, text, arrays) at `at`."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unexpected CBOR item {data[at - 1]:#x} in a Pagefind index file")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major == 3:
        return data[at : at + arg].decode("utf-8"), at + arg
    if major == 4:
        items: list[Any] = []
        for _ in range(arg):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unexpected CBOR major type {major} in a Pagefind index file")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("a number too large for CBOR")


def _encode(value: object) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unexpected value in a Pagefind index file")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise ValueError("unexpected value in a Pagefind index file")
