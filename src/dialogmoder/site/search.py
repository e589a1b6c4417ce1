"""The site's search, with no server: Pagefind indexes the meeting pages already written
(the public editions, so nothing closed can reach the index), beside its own search UI, which
soeg.html loads. Each punkt's heading carries its anchor (`punkt-N`), which Pagefind makes a
sub-result of its own; the page's navigation, header and footer are outside its
`data-pagefind-body`. `lang="da"` gives Pagefind's Danish stemming.

Pagefind cannot index part of a site, so the index is cut in shards, one per meeting year:
pagefind/<year>/ holds the index of that year's meeting pages alone (no UI, no WebAssembly),
and a rebuild indexes again only the years whose pages changed; the others are linked from the
previous site (`shard_keys`, `reuse_index`). pagefind/ itself holds Pagefind's UI and
WebAssembly and the "floor", an index of no meeting that soeg.html loads first and merges every
year into (`mergeIndex`). Two things make the merged search what one index gave:

- the order, newest first: sorted by `dato`, Pagefind scores a result by its place among the
  index's pages sorted so, and the merge orders by score times the index's weight. Each year's
  index holds a placeholder page that sorts before all its meetings (place 0), so its meetings
  score 1..n; year i is weighted 2**b, b the sum of the bits of the counts of the years before
  it, so every meeting of a year scores above every meeting of the years before
  (`merged_indexes`).
- the filters' values in order: the merge keeps the first index's values first, then adds
  each year's new ones; the floor's placeholder holds every value of every year (sorted, and
  counting no page: `canonical_index`), so the merged values are in order."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError

if TYPE_CHECKING:
    from pagefind.service import PagefindService

    from dialogmoder.site.content import Listed

SEARCH_PAGE = "soeg.html"
INDEX_DIR = "pagefind"
FLOOR = "floor"  # the manifest's name of the floor's key; the years are named by their digits
# The placeholder: a word no one types (Pagefind drops a page of no word; "‿" is one of the
# characters it keeps in a word), the search page's address, and a `dato` before every meeting's.
PLACEHOLDER_WORD = "\u203f"
PLACEHOLDER_URL = f"/{SEARCH_PAGE}"
PLACEHOLDER_DATO = "0000-00-00"
INDEX_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")  # and pagefind.*.pf_meta


def shards(published: Iterable[Listed]) -> dict[str, list[str]]:
    """The meeting pages (moeder/*.html, from the site's root) of each year's index, by year."""
    years: dict[str, list[str]] = {}
    for item in published:
        years.setdefault(str(item.year), []).append(item.page)
    return {year: sorted(years[year]) for year in sorted(years)}


def merged_indexes(published: Iterable[Listed]) -> list[tuple[str, int]]:
    """Each year's index (its folder, from the site's root) and its weight, oldest first: what
    soeg.html merges into the floor (see the module's description)."""
    merged, bits = [], 0
    for year, pages in shards(published).items():
        merged.append((f"{INDEX_DIR}/{year}/", 2**bits))
        bits += len(pages).bit_length()
    return merged


def shard_keys(folder: Path, build: str, published: Iterable[Listed]) -> dict[str, str]:
    """The key of each year's index, by year: everything it is made from, the year's meeting
    pages (by name and bytes), Pagefind's version and the environment that picks its binary,
    and `build` (manifest.build_hash: dialog's code, which writes it again in its canonical
    order). The same key gives the same index."""
    import hashlib

    base = hashlib.sha256(_key_base(build).encode())
    keys = {}
    for year, pages in shards(published).items():
        digest = base.copy()
        digest.update(f"year {year}\0".encode())
        for page in pages:
            data = (folder / page).read_bytes()
            digest.update(f"\0page {page} {len(data)}\0".encode())
            digest.update(data)
        keys[year] = digest.hexdigest()
    return keys


def _key_base(build: str) -> str:
    from dialogmoder.site.inputs import SEARCH_LIBRARIES, variables, versions

    return f"search index\0{build}\0{versions(SEARCH_LIBRARIES)}{variables(('PAGEFIND',))}"


def index_meeting_pages(
    folder: Path,
    published: list[Listed],
    build: str,
    previous: Path | None = None,
    first: set[str] | None = None,
    early: Future[None] | None = None,
    known: dict[str, str] | None = None,
) -> dict[str, str]:
    """Pagefind's index and UI into `folder`/pagefind, of the meeting pages already written in
    `folder` (moeder/*.html: not the bilag beside them); each result's URL is its page's path.
    A year's index (and the floor) whose key the `previous` site's was built with is linked
    from it. The keys, by year and FLOOR, for the manifest.

    `first`: the years whose pages were written now (the others' were all linked from the
    `previous` site, so their indexes most likely are too): those are keyed and indexed
    first, while the others' keys are made and their indexes linked beside Pagefind (reading
    and hashing every page took 35 ms, and more while the pages and feeds are written).
    `early`: done once the other years' pages are all written, where the search begins
    before (site.write_site). `known`: the keys of years (not in `first`) known to be the
    previous site's: their pages are all linked from it, the same as when it was built."""
    every = shards(published)
    done = [year for year in every if first is None or year in first]
    try:
        keys = shard_keys(folder, build, _of_years(published, done))
        linked = reuse_index(previous, folder, keys)
        with ThreadPoolExecutor(max_workers=1) as side:
            rest = side.submit(
                _keyed_and_linked, folder, build, published, done, previous, early, known
            )
            _index_years_whole(folder, {year: every[year] for year in keys if year not in linked})
            later, linked = rest.result()
        keys.update(later)
        _index_years_whole(folder, {year: every[year] for year in later if year not in linked})
        values = filter_values(folder / INDEX_DIR, keys)
        floor = _floor_key(build, values)
        if not reuse_index(previous, folder, {FLOOR: floor}):
            for attempt in range(3):
                asyncio.run(_index_floor(folder, values))
                if complete(folder / INDEX_DIR) or attempt == 2:
                    break
                _remove_floor(folder / INDEX_DIR)
            canonical_index(folder / INDEX_DIR, count=False)
    except OSError as e:  # no binary (pagefind[bin] not installed), or it cannot run
        raise DialogError(
            besked(
                "cannot build the site's search index with Pagefind: {x} (install"
                " dialogmoder with its dependencies: pagefind[bin])"
            ).format(x=aarsag(e))
        ) from None
    return {**dict(sorted(keys.items())), FLOOR: floor}


def _of_years(published: Iterable[Listed], years: Iterable[str]) -> list[Listed]:
    wanted = set(years)
    return [item for item in published if str(item.year) in wanted]


def _keyed_and_linked(
    folder: Path,
    build: str,
    published: list[Listed],
    done: list[str],
    previous: Path | None,
    early: Future[None] | None,
    known: dict[str, str] | None,
) -> tuple[dict[str, str], set[str]]:
    """The keys of the years not in `done` and those of them whose index was linked from
    the `previous` site (`reuse_index`), once their pages are written (`early`); those
    `known`, not made again."""
    if early is not None:
        early.result()
    known = known or {}
    years = [year for year in shards(published) if year not in done]
    keys = shard_keys(folder, build, _of_years(published, [y for y in years if y not in known]))
    keys.update({year: known[year] for year in years if year in known})
    return keys, reuse_index(previous, folder, keys) if keys else set()


def _index_years_whole(folder: Path, todo: dict[str, list[str]]) -> None:
    """Each year's index of `todo` made by Pagefind: under load its service has been seen
    to end while writing (`complete`), so those years are indexed again, from scratch."""
    for attempt in range(3):
        if not todo:
            break
        asyncio.run(_index_years(folder, todo))
        broken = {y for y in todo if not complete(folder / INDEX_DIR / y)}
        for year in set(todo) - broken if attempt < 2 else todo:
            canonical_index(folder / INDEX_DIR / year)
        todo = {year: todo[year] for year in broken} if attempt < 2 else {}
        for year in todo:
            shutil.rmtree(folder / INDEX_DIR / year, ignore_errors=True)


def reuse_index(previous: Path | None, folder: Path, keys: dict[str, str]) -> set[str]:
    """Link each of the `previous` site's search indexes into `folder` that was made from
    what Pagefind would read now (`keys`: a year's, `shard_keys`, is pagefind/<year>/;
    FLOOR's is pagefind/ but the years); the names of those linked, nothing left
    behind of the others (then Pagefind indexes their pages)."""
    import json

    from dialogmoder.site.manifest import FORMAT, MANIFEST, identity, link, link_tree, remove

    if previous is None:
        return set()
    before = identity(previous)
    try:
        data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return set()
    built = data.get("search")
    if not isinstance(built, dict):
        return set()
    linked: dict[str, list[Path]] = {}
    for name, key in keys.items():
        source = previous / INDEX_DIR if name == FLOOR else previous / INDEX_DIR / name
        if built.get(name) != key or not source.is_dir() or source.is_symlink():
            continue
        if not complete(source):
            continue
        parts = [p for p in source.iterdir() if name != FLOOR or not is_year(p.name)]
        targets = [folder / p.relative_to(previous) for p in parts]
        try:
            for part, target in zip(parts, targets, strict=True):
                target.parent.mkdir(parents=True, exist_ok=True)
                if part.is_dir() and not part.is_symlink():
                    link_tree(part, target)
                else:
                    link(part, target)
        except OSError:
            for target in targets:
                remove(target)
            continue
        linked[name] = targets
    if linked and identity(previous) != before:  # another build swapped in meanwhile
        for targets in linked.values():
            for target in targets:
                remove(target)
        return set()
    return set(linked)


def built_keys(site: Path) -> dict[str, str]:
    """The keys of the search indexes in a site's manifest, by year and FLOOR; {} when
    there are none (`reuse_index` links none then)."""
    import json

    from dialogmoder.site.manifest import FORMAT, MANIFEST

    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    built = data.get("search") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(built, dict):
        return {}
    return {k: v for k, v in built.items() if isinstance(k, str) and isinstance(v, str)}


def _floor_key(build: str, values: dict[str, list[str]]) -> str:
    import hashlib
    import json

    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{_key_base(build)}floor\0{text}".encode()).hexdigest()


def is_year(name: str) -> bool:
    """Whether `name` (in pagefind/) is a year's index, not a part of the floor or its UI."""
    return name.isdigit()


def filter_values(index: Path, years: Iterable[str]) -> dict[str, list[str]]:
    """Every filter's values in the indexes of `years` (under `index`), sorted."""
    import gzip

    values: dict[str, set[str]] = {}
    for year in years:
        for path in (index / year / "filter").glob("*.pf_filter"):
            name, found = _decode(gzip.decompress(path.read_bytes())[len(_HEADER) :])
            values.setdefault(name, set()).update(value for value, _pages in found)
    return {name: sorted(values[name]) for name in sorted(values)}


async def _index_years(folder: Path, years: dict[str, list[str]]) -> None:
    """Each year's index into pagefind/<year>/, side by side in one Pagefind service: its
    pages hard-linked into a folder of their own, for Pagefind indexes a folder."""
    from dialogmoder.site.manifest import link

    stages = {year: folder / f".{INDEX_DIR}-{year}" for year in years}
    try:
        for year, pages in years.items():
            for page in pages:
                (stages[year] / page).parent.mkdir(parents=True, exist_ok=True)
                link(folder / page, stages[year] / page)
        async with _service() as service:
            await asyncio.gather(
                *(_index_year(service, stages[year], folder / INDEX_DIR / year) for year in years)
            )
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
    for year in years:  # its index alone: the UI and WebAssembly are the floor's
        for path in (folder / INDEX_DIR / year).iterdir():
            if path.name not in INDEX_PARTS and path.suffix != ".pf_meta":
                path.unlink()


async def _index_year(service: PagefindService, stage: Path, output: Path) -> None:
    from dialogmoder.site.content import MEETINGS_DIR

    index = await service.create_index({"keep_index_url": True})
    await _placeholder(index)
    # One request for the folder: a request per page costs ten times as long.
    await index.add_directory(str(stage), glob=f"{MEETINGS_DIR}/*.html")
    await index.write_files(str(output))
    await _written(output)


async def _written(index: Path, polls: int = 400, pause: float = 0.005) -> None:
    """Wait (up to two seconds) until Pagefind's index in `index` is whole and no file of it
    grows between two looks: its service answers a request to write files before the last
    bytes are written, and ending the service then cuts them short. (Pagefind's own reader
    waited 0.1 s before it read each answer, which mostly left it the time.)"""
    last: dict[str, int] | None = None
    for _ in range(polls):
        sizes = _sizes(index) if complete(index) else None
        if sizes is not None and sizes == last:
            return
        last = sizes
        await asyncio.sleep(pause)


def _sizes(index: Path) -> dict[str, int] | None:
    try:
        return {str(p): p.stat().st_size for p in index.rglob("*") if p.is_file()}
    except OSError:
        return None


async def _index_floor(folder: Path, values: dict[str, list[str]]) -> None:
    """The floor and Pagefind's UI into pagefind/, written here from Pagefind's answer (about
    1 MB): its service answers a request to write files before the last bytes of each are
    written, and is ended then, which has cut files short under load; a year's index is
    all compressed files, which `complete` checks, but the UI's are not."""
    async with _service() as service:
        index = await service.create_index({"keep_index_url": True})
        await _placeholder(index, values)
        files = await index.get_files()
    target = folder / INDEX_DIR
    for file in files:
        rel = Path(file["path"])
        if rel.is_absolute() or ".." in rel.parts:
            continue  # never outside pagefind/ (then `complete` finds the floor incomplete)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(file["content"])


def _service() -> PagefindService:
    """Pagefind's service, each answer taken as soon as it is written: Pagefind's own
    reader waits 0.1 s before it reads each answer, and a year's index is four questions
    and answers (0.3 s of the 0.5 s a rebuild after one change waited on its index)."""
    import base64
    import json

    from pagefind.service import PagefindService

    class Prompt(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                try:
                    line = await stdout.readuntil(b",")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    self._fail(OSError(errno.EPIPE, os.strerror(errno.EPIPE)))  # it ended
                    return
                answer = json.loads(base64.b64decode(line[:-1]))
                if isinstance(answer, dict):
                    self._answer(answer)

        def _answer(self, answer: dict[str, Any]) -> None:
            payload = answer.get("payload")
            if not isinstance(payload, dict):
                return
            message = answer.get("message_id")
            if message is None and isinstance(payload.get("original_message"), str):
                with contextlib.suppress(ValueError, AttributeError):
                    message = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message) if isinstance(message, int) else None
            if future is None or future.done():
                return
            if payload.get("type") == "Error":
                future.set_exception(
                    Exception(payload.get("message"), payload.get("original_message"))
                )
            else:
                future.set_result(payload)  # type: ignore[arg-type]

        def _fail(self, error: OSError) -> None:
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(error)

    return Prompt()


async def _placeholder(index: Any, filters: dict[str, list[str]] | None = None) -> None:
    await index.add_custom_record(
        url=PLACEHOLDER_URL,
        content=PLACEHOLDER_WORD,
        language="da",
        filters=filters or None,
        sort={"dato": PLACEHOLDER_DATO},
    )


def _remove_floor(index: Path) -> None:
    for path in list(index.iterdir()) if index.is_dir() else []:
        if not is_year(path.name):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()


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
            if is_year(path.relative_to(index).parts[0]):
                continue  # a year's index, checked on its own
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


# --- the same pages give the same index --------------------------------------------------------
# Pagefind writes each filter's values, and the list of filters in its metadata, in the order
# of a Rust HashMap, which differs from run to run (Pagefind issue #638: "other files will
# still change, such as the filter/metadata indexes"). So that the same pages give the same
# bytes, the filter files and the metadata are written again in sorted order, under names
# made from their content as Pagefind makes its own (the loader only fetches them by name).

_HEADER = b"pagefind_dcd"


def canonical_index(index: Path, count: bool = True) -> None:
    """Sort `index`'s filter files and metadata (see above) and rename them to match; without
    `count`, each filter value counts no page (the floor's: see the module's description)."""
    import gzip
    import hashlib
    import json

    entry_path = index / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((index / "filter").glob("*.pf_filter")):
        name, values = _decode(gzip.decompress(path.read_bytes())[len(_HEADER) :])
        values = sorted(values, key=lambda v: v[0])
        if not count:
            values = [[value, []] for value, _pages in values]
        data = _HEADER + _encode([name, values])
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
