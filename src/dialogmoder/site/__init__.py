"""`dialog site`: a static site of the public editions of the fora dialog.yaml publishes
(`offentlig: true`), for any web server: pages, PDFs, open bilag, feeds and data.json.

The site is built whole in a temporary folder beside the target and swapped in: a refused
or failed build leaves the previous site as it was, and never half a new one. A meeting
whose content hash is unchanged since the previous build is not rendered again: its files
are linked from the previous site (site/manifest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dialogmoder.danish import besked
from dialogmoder.domain.repository import Repository

if TYPE_CHECKING:
    from dialogmoder.site.content import PublishedMeeting

DEFAULT_DIR = Path("build") / "site"


@dataclass(frozen=True)
class SiteReport:
    path: Path
    meetings: int
    files: int


def build_site(repo: Repository, output: Path | None, today: date) -> SiteReport:
    """Build the site into `output` (default: build/site under the repository)."""
    from dialogmoder.domain.edition import refuse_personal_data
    from dialogmoder.io.swap import MARKER, replace_folder
    from dialogmoder.site.content import published_meetings

    target = output if output is not None else repo.root / DEFAULT_DIR
    published = published_meetings(repo, today)
    # the index, årsplan and feeds show each meeting.md beside its public edition
    editions = [(item.folder, item.document) for item in published]
    refuse_personal_data(repo, editions, besked("the site"), meetings_listed=True)
    previous = target if (target / MARKER).is_file() and not target.is_symlink() else None
    files = replace_folder(target, lambda folder: write_site(repo, published, folder, previous))
    return SiteReport(target, len(published), files)


def write_site(
    repo: Repository, published: list[PublishedMeeting], folder: Path, previous: Path | None = None
) -> int:
    """Every file of the site into `folder` (new and empty); the number of files. The
    meetings unchanged since the `previous` site's build are linked from it, not rendered."""
    from dialogmoder.render import copy_bilag, template_errors, template_name
    from dialogmoder.render.pdf import render_pdf, typst_environment
    from dialogmoder.site.content import MEETINGS_DIR
    from dialogmoder.site.feeds import (
        ATOM_FILE,
        CALENDAR_FILE,
        DATA_FILE,
        atom_feed,
        calendar_feed,
        data_json,
    )
    from dialogmoder.site.manifest import (
        MANIFEST,
        build_hash,
        manifest_bytes,
        meeting_hash,
        reuse_unchanged,
    )
    from dialogmoder.site.pages import site_pages
    from dialogmoder.site.search import index_meeting_pages

    def write(rel: str, data: bytes) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    build = build_hash(repo)
    hashes = {item.id: meeting_hash(repo, build, item) for item in published}
    reused = reuse_unchanged(previous, folder, published, hashes)
    typst = typst_environment(repo.root)  # one for every PDF: its templates compile once
    for rel, data in site_pages(repo, published, skip=reused):
        write(rel, data)
    for item in published:
        if item.id in reused:
            continue
        files = folder / MEETINGS_DIR / item.files
        template = template_name(item.kind, "pdf")
        with template_errors(template):
            pdf = render_pdf(repo.root, item.document, template, typst)
        write(f"{MEETINGS_DIR}/{item.files}/{item.pdf}", pdf)
        copy_bilag(repo.root, item.document, files / "bilag")
    write(CALENDAR_FILE, calendar_feed(repo, published))
    write(ATOM_FILE, atom_feed(repo, published))
    write(DATA_FILE, data_json(repo, published))
    index_meeting_pages(folder)  # from the pages as written
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    write(MANIFEST, manifest_bytes(hashes))  # beside the MARKER, neither counted
    return count
