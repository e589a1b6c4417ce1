"""The site's search, with no server: Pagefind indexes the meeting pages already written
(the public editions, so nothing closed can reach the index) into `pagefind/`, beside its
own search UI, which soeg.html loads. Each punkt's heading carries its anchor (`punkt-N`),
which Pagefind makes a sub-result of its own; the page's navigation, header and footer are
outside its `data-pagefind-body`. `lang="da"` gives Pagefind's Danish stemming."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError

SEARCH_PAGE = "soeg.html"
INDEX_DIR = "pagefind"


def index_meeting_pages(folder: Path) -> None:
    """Pagefind's index and UI into `folder`/pagefind, of the meeting pages already written in
    `folder` (moeder/*.html: not the bilag beside them); each result's URL is its page's path."""
    try:
        asyncio.run(_index(folder))
    except OSError as e:  # no binary (pagefind[bin] not installed), or it cannot run
        raise DialogError(
            besked(
                "cannot build the site's search index with Pagefind: {x} (install"
                " dialogmoder with its dependencies: pagefind[bin])"
            ).format(x=e.strerror or e)
        ) from None


async def _index(folder: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    from dialogmoder.site.content import MEETINGS_DIR

    config: IndexConfig = {"keep_index_url": True, "output_path": str(folder / INDEX_DIR)}
    async with PagefindIndex(config=config) as index:  # written as the block ends
        # One request for the folder: a request per page costs ten times as long.
        await index.add_directory(str(folder), glob=f"{MEETINGS_DIR}/*.html")
