"""`dialog site`: a static site of the public editions of the fora dialog.yaml publishes
(`offentlig: true`), for any web server: pages, PDFs, open bilag, feeds and data.json.

The site is built whole in a temporary folder beside the target and swapped in: a refused
or failed build leaves the previous site as it was, and never half a new one. A meeting
whose content hash is unchanged since the previous build is not rendered again, nor scanned
for CPR numbers again: its files are linked from the previous site (site/manifest.py); so
is each year's search index when its meeting pages are the same (site/search.py). After a
change to some meetings only those are read, when nothing else can have changed
(site/rebuild.py): the pages that show every meeting are made of each meeting's row
(content.Listed), kept from the previous build for the others.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError

if TYPE_CHECKING:
    from dialogmoder.domain.edition import Edition
    from dialogmoder.domain.repository import Repository
    from dialogmoder.render.document import Assembled
    from dialogmoder.site.content import Listed, PublishedMeeting
    from dialogmoder.site.inputs import Inputs
    from dialogmoder.site.manifest import Identity

DEFAULT_DIR = Path("build") / "site"
INTERN_DIR = Path("build") / "intern"  # the mødemappe: `dialog site --intern`
DEFAULT_DIRS: dict[Edition, Path] = {"public": DEFAULT_DIR, "intern": INTERN_DIR}
INTERN_MARKER = ".dialog-intern"  # in the mødemappe's folder: it is not for the public
ROBOTS = b"User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class SiteReport:
    path: Path
    meetings: int
    files: int


def site_folder(root: Path, output: Path | None, edition: Edition = "public") -> Path:
    """Where the site goes: `output`, else build/site (the intern edition: build/intern)."""
    return output if output is not None else root / DEFAULT_DIRS[edition]


def unchanged_site(
    root: Path, output: Path | None, today: date, edition: Edition = "public"
) -> tuple[SiteReport | None, Inputs]:
    """The report of the site already in its folder when a build would write it again as it
    is (site/inputs.py: decided before the repository is read), else None; and the key of
    the inputs to give `build_site`."""
    from dialogmoder.site.inputs import prepare

    target = site_folder(root, output, edition)
    record, inputs = prepare(target, root, today.isoformat(), edition)
    if record is None:
        return None, inputs
    return SiteReport(target, record.meetings, record.files), inputs


def rebuild_site(
    root: Path, output: Path | None, today: date, edition: Edition, inputs: Inputs
) -> tuple[SiteReport, Repository] | None:
    """The public site rebuilt from the meetings that changed alone and the rows the
    previous build left (site/rebuild.py), and the repository as far as it was read; None
    when it takes a whole build (`build_site`)."""
    from dialogmoder.site.rebuild import rebuild

    target = site_folder(root, output, edition)
    if edition != "public" or (target / INTERN_MARKER).exists():
        return None
    return rebuild(root, target, today, inputs)


def build_site(
    repo: Repository,
    output: Path | None,
    today: date,
    edition: Edition = "public",
    inputs: Inputs | None = None,
) -> SiteReport:
    """Build the site into `output` (default: build/site under the repository; the intern
    edition, the mødemappe, build/intern, never where the public site goes). With `inputs`
    (`unchanged_site`'s, taken before `repo` was read) a build with no error recorded
    beside the site lets the next one see that nothing changed."""
    from dialogmoder.domain.edition import is_public, refuse_personal_data
    from dialogmoder.io.swap import MARKER
    from dialogmoder.site.content import listed, published_meetings

    target = site_folder(repo.root, output, edition)
    if not is_public(edition):
        _refuse_public_place(repo, target)
    elif (target / INTERN_MARKER).is_file():
        raise DialogError(
            besked("{path} holds the mødemappe (dialog site --intern); build the public site"
                   " in a folder of its own").format(path=target)
        )  # fmt: skip
    from dialogmoder.site.manifest import meeting_hashes, read_manifest

    published = published_meetings(repo, today, edition)
    refuse_unreadable(repo, [item.folder.path for item in published], today)
    previous = target if (target / MARKER).is_file() and not target.is_symlink() else None
    hashes = meeting_hashes(repo, published)
    if is_public(edition):
        # A meeting whose hash the previous site was built with passed this scan then (no
        # site is written after a refusal): the hash covers all the scan reads of it, its
        # edition as assembled, its folder's files, its bilag files, dialog.yaml and
        # dialog's code (site/manifest.py). The index, årsplan and feeds show each
        # meeting.md beside its public edition.
        built = read_manifest(previous) if previous is not None else {}
        editions = [
            (item.folder, item.document)
            for item in published
            if built.get(item.id) != hashes[item.id]
        ]
        refuse_personal_data(repo, editions, besked("the site"), meetings_listed=True)
    rows = [listed(repo, item) for item in published]

    def after(files: int) -> None:
        if inputs is not None and not any(f.severity == "error" for f in repo.findings):
            _write_records(repo, target, published, rows, edition, inputs, files)

    files = swap_in(repo, target, published, rows, previous, edition, hashes, after)
    return SiteReport(target, len(published), files)


def _write_records(
    repo: Repository,
    target: Path,
    published: list[PublishedMeeting],
    rows: list[Listed],
    edition: Edition,
    inputs: Inputs,
    files: int,
) -> None:
    """Beside the site of a build that found no error: the record of its inputs (the next
    build sees whether anything changed) and, of the public site, its meetings' rows (the
    next rebuild reads only the meetings that changed)."""
    from dialogmoder.domain.edition import is_public
    from dialogmoder.site.inputs import write_record
    from dialogmoder.site.rebuild import full_rows, write_rows

    with contextlib.suppress(OSError):
        write_record(target, inputs, len(rows), files)
        made = full_rows(repo, target, published, rows, inputs) if is_public(edition) else None
        if made is not None:
            write_rows(target, made)


def swap_in(
    repo: Repository,
    target: Path,
    published: list[PublishedMeeting],
    rows: list[Listed],
    previous: Path | None,
    edition: Edition,
    hashes: dict[str, str],
    after: Callable[[int], None] | None = None,
) -> int:
    """The site written (`write_site`) and swapped into `target` (`replace_site`); the number
    of its files."""
    return replace_site(
        target,
        lambda folder: write_site(repo, published, folder, previous, edition, hashes, rows),
        after,
    )


def replace_site(
    target: Path, build: Callable[[Path], int], after: Callable[[int], None] | None = None
) -> int:
    """`build` run on a new folder, swapped into `target` (io/swap.py), then `after` (the
    records beside the site) while the old site is removed; the number of files it wrote.
    No record of a build is beside the site meanwhile: if it fails half way, the next build
    is a whole one."""
    from dialogmoder.io.swap import replace_folder
    from dialogmoder.site.inputs import forget
    from dialogmoder.site.rebuild import forget_rows

    with contextlib.suppress(OSError):
        forget(target)
    with contextlib.suppress(OSError):
        forget_rows(target)
    return replace_folder(target, build, after)


LOAD_RULES = {f"DM{n:03d}" for n in range(1, 11)}  # a file that cannot be read as written


def refuse_unreadable(repo: Repository, published: list[str], today: date) -> None:
    """No site while what it would publish cannot be read whole: a load error (DM001-DM010)
    in dialog.yaml, in meetings/ itself or a year folder, or in a meeting the site publishes,
    or two meeting folders of one name (DM703) among those; DialogError naming each."""
    from dialogmoder.check.rules import Context
    from dialogmoder.check.rules.hygiene import duplicate_meeting_id
    from dialogmoder.danish import nbesked

    def concerns(path: str) -> bool:
        in_meeting = [
            rel for rel in repo.meeting_paths if path == rel or path.startswith(rel + "/")
        ]
        return not in_meeting or any(rel in published for rel in in_meeting)

    blocking = [f for f in repo.findings if f.severity == "error" and f.rule in LOAD_RULES]
    blocking += list(duplicate_meeting_id(repo, Context(today)))
    blocking = [f for f in blocking if concerns(f.path)]
    if blocking:
        lines = "\n".join(f.as_text() for f in blocking)
        raise DialogError(
            lines
            + "\n"
            + nbesked(
                "the site is not built while {n} file it would publish cannot be read as"
                " written; fix it (dialog check) and build again. The previous site is as it was",
                "the site is not built while {n} files it would publish cannot be read as"
                " written; fix them (dialog check) and build again. The previous site is as it"
                " was",
                len(blocking),
            ).format(n=len(blocking)),
            exit_code=1,
        )


def _refuse_public_place(repo: Repository, target: Path) -> None:
    """The mødemappe never goes where the public site is built: not its default folder or
    inside it, not a folder a public build wrote (its marker without ours), nor inside one."""
    from dialogmoder.io.swap import MARKER

    where = target.resolve()
    public = (repo.root / DEFAULT_DIR).resolve()
    inside_public = where == public or public in where.parents
    for folder in (where, *where.parents):
        if (folder / MARKER).is_file() and not (folder / INTERN_MARKER).is_file():
            inside_public = True
    if inside_public:
        raise DialogError(
            besked("the mødemappe (dialog site --intern) holds closed content and cannot be"
                   " built in or inside the public site's folder {path}; give another -o,"
                   " e.g. build/intern").format(path=target)
        )  # fmt: skip


def write_site(
    repo: Repository,
    published: list[PublishedMeeting],
    folder: Path,
    previous: Path | None = None,
    edition: Edition = "public",
    hashes: dict[str, str] | None = None,
    rows: list[Listed] | None = None,
    linking: list[Future[tuple[set[str], Identity]]] | None = None,
    known: dict[str, str] | None = None,
) -> int:
    """Every file of the site into `folder` (new and empty); the number of files. The
    meetings unchanged since the `previous` site's build are linked from it, not rendered
    (`hashes`: each meeting's `manifest.meeting_hashes`, when they are known already).
    `rows` are every meeting's `content.Listed`, newest first, of which the pages, feeds
    and data that show every meeting are made: by default those of `published`; a rebuild
    after a change (site/rebuild.py) gives the meetings it assembled as `published`, and
    the others must all be linked from `previous` (else `rebuild.WholeBuild`). `linking`:
    the linking of the unchanged meetings (`manifest.reuse_unchanged`), when it has begun,
    in parts: the search may begin once the first is done (`_early_search`). `known`: the
    search keys of years whose pages are all linked, as the previous site's manifest has
    them (`search.index_meeting_pages`; a rebuild knows them: site/rebuild.py).

    typst lets go of the interpreter while it compiles, so the PDFs are typeset side by side
    in a pool of threads from the start, while this thread makes each meeting's PDF source
    and then its page (the two share one parse of its Markdown), then the other pages, the
    feeds and the data files, while Pagefind (a process of its own) indexes the meeting pages,
    from when they are all written. A failure is reported as it was when every page came first: a
    page's before a PDF's, bilag or feed's."""
    from dialogmoder.site.manifest import (
        MANIFEST,
        build_hash,
        manifest_bytes,
        meeting_hashes,
        read_manifest,
        reuse_folders,
        reuse_unchanged,
    )
    from dialogmoder.site.pages import SitePages
    from dialogmoder.site.search import index_meeting_pages

    def write(rel: str, data: bytes) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    from dialogmoder.site.content import listed

    if hashes is None:
        hashes = meeting_hashes(repo, published)
    if rows is None:
        rows = [listed(repo, item) for item in published]
    built = read_manifest(previous) if previous is not None else {}
    same = {row.id for row in rows if built.get(row.id) == hashes[row.id]}
    pages = SitePages(repo, rows, edition)
    from dialogmoder.site.pages import STATEMENT_PAGE, statement_page

    with ExitStack() as stack:
        # the unchanged meetings' files linked from the previous site in a thread of their
        # own: it waits on the file system (a new folder takes ~0.5 ms on ext4 here, and the
        # 5k site has 500), while this one makes the pages
        linker = stack.enter_context(ThreadPoolExecutor(max_workers=1))
        if linking is None:
            linking = [linker.submit(reuse_unchanged, previous, folder, rows, hashes)]
        pdfs = stack.enter_context(_Pdfs(repo, folder, write))
        indexer = stack.enter_context(ThreadPoolExecutor(max_workers=1))
        # every meeting page in place: the search's other years wait for it (`early`)
        pages_done: Future[None] = Future()
        stack.callback(_settle, pages_done)  # also when this thread fails: never waited for
        for item in published:
            if item.id not in same:
                pdfs.meeting(item)  # its sources; a failure waits until every page is written
                write(*pages.meeting(item))
        # each year's index linked from the previous site when its pages are the same; its
        # failure is reported after any of what follows
        search = _early_search(
            repo, folder, previous, rows, published, same, linking, indexer, pages_done, known
        )
        # the front page and the fora's after the meeting pages, which the search waits for
        for rel, data in pages.front():
            write(rel, data)
        reused, before = _linked(linking)
        for item in published:
            if item.id in same and item.id not in reused:  # not linked after all
                pdfs.meeting(item)
                write(*pages.meeting(item))
        _settle(pages_done)
        assembled = {item.id for item in published}
        _all_there(rows, reused, assembled)
        # their folders (PDF, bilag) linked while Pagefind indexes the pages
        linked = [row for row in rows if row.id in reused]
        folders = linker.submit(reuse_folders, previous, folder, linked, before)
        if search is None:
            written = {str(row.year) for row in rows if row.id not in reused}  # indexed first
            search = indexer.submit(
                index_meeting_pages, folder, rows, build_hash(repo), previous, written, None, known
            )
        for rel, data in pages.overviews():
            write(rel, data)
        pdfs.check()
        _write_rest(repo, published, rows, reused, edition, write)
        pdfs.check()
        pdfs.finish()
        # once every PDF is written: it counts them, the linked meetings' where they are
        # linked from (the same files), while their folders are linked
        statement = statement_page(
            repo, rows, folder, edition, _meeting_pdfs(folder, previous, rows, reused)
        )
        with_folders = folders.result()
        again = [item for item in published if item.id in reused and item.id not in with_folders]
        for item in again:  # its PDF and bilag after all
            pdfs.meeting(item)
        _all_there(rows, with_folders, assembled)
        pdfs.check()
        pdfs.finish()
        if with_folders != reused:
            statement = statement_page(repo, rows, folder, edition)  # counted in the site
        write(STATEMENT_PAGE, statement)
        search_keys = search.result()
    # the files the build wrote, counted from the folders' listings (no file is a link
    # to another place: a stat of each, as Path.is_file makes, took 40 ms of 2,200)
    count = sum(len(files) for _, _, files in os.walk(folder))
    write(MANIFEST, manifest_bytes(hashes, search_keys))  # beside the MARKER, neither counted
    return count


def _early_search(
    repo: Repository,
    folder: Path,
    previous: Path | None,
    rows: list[Listed],
    published: list[PublishedMeeting],
    same: set[str],
    linking: list[Future[tuple[set[str], Identity]]],
    indexer: ThreadPoolExecutor,
    pages_done: Future[None],
    known: dict[str, str] | None,
) -> Future[dict[str, str]] | None:
    """The search index begun before the unchanged meetings are all linked (`write_site`),
    when `linking` is in parts and the first has linked every other page of the years whose
    pages were written now (a rebuild links those first: site/rebuild.py); else None. Its
    other years wait for `pages_done`."""
    from dialogmoder.site.manifest import build_hash
    from dialogmoder.site.search import index_meeting_pages

    if len(linking) < 2:
        return None
    early, _before = linking[0].result()
    rendered = {item.id for item in published if item.id not in same}
    written = {str(row.year) for row in rows if row.id in rendered}
    if any(
        row.id not in rendered and row.id not in early for row in rows if str(row.year) in written
    ):
        return None
    build = build_hash(repo)
    return indexer.submit(
        index_meeting_pages, folder, rows, build, previous, written, pages_done, known
    )


def _meeting_pdfs(
    folder: Path, previous: Path | None, rows: list[Listed], linked: set[str]
) -> list[Path]:
    """The meetings' PDFs: those of the meetings in `linked` in the `previous` site, the
    others' in `folder` (the meeting folders of site/content.MEETINGS_DIR)."""
    from dialogmoder.site.content import MEETINGS_DIR

    found: list[Path] = []
    for row in rows:
        site = previous if previous is not None and row.id in linked else folder
        found += (site / MEETINGS_DIR / row.files).glob("*.pdf")
    return found


def _settle(future: Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _linked(linking: list[Future[tuple[set[str], Identity]]]) -> tuple[set[str], Identity]:
    """The meetings the parts of `linking` linked, and the previous site's identity when
    they began; none, where that was not the same for every part (another build swapped
    in meanwhile)."""
    parts = [part.result() for part in linking]
    if len({before for _linked, before in parts}) > 1:
        return set(), None
    return set().union(*(linked for linked, _before in parts)), parts[0][1]


def _all_there(rows: list[Listed], linked: set[str], assembled: set[str]) -> None:
    """WholeBuild (site/rebuild.py) when a meeting was neither linked nor assembled."""
    if any(row.id not in linked and row.id not in assembled for row in rows):
        from dialogmoder.site.rebuild import WholeBuild

        raise WholeBuild


class _Pdfs:
    """The meetings' PDFs typeset in a pool of threads, each written as soon as it and those
    before it are done; and their bilag copied beside them (`write_site`)."""

    def __init__(self, repo: Repository, folder: Path, write: Callable[[str, bytes], None]):
        from dialogmoder.render.pdf import typst_environment

        self.repo, self.folder, self.write = repo, folder, write
        self.typst = typst_environment(repo.root)  # one for every PDF: templates compile once
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        self.pending: list[tuple[str, str, Future[bytes]]] = []
        self.failure: BaseException | None = None

    def __enter__(self) -> _Pdfs:
        return self

    def __exit__(self, *exc: object) -> None:
        for _rel, _template, job in self.pending:
            job.cancel()
        self.pool.shutdown(wait=True)

    def meeting(self, item: PublishedMeeting) -> None:
        """Its PDF (and the mødemappe's) under way and its bilag copied; the first failure
        is kept for `check` and stops the rest."""
        from dialogmoder.render import copy_bilag
        from dialogmoder.site.content import MEETINGS_DIR

        if self.failure is not None:
            return
        try:
            self._typeset(f"{MEETINGS_DIR}/{item.files}/{item.pdf}", item.document, item.kind)
            for dokument in item.mappe:  # the intern edition's products and materiale
                rel = f"{MEETINGS_DIR}/{item.files}/{dokument.pdf}"
                self._typeset(rel, dokument.document, dokument.kind)
            copy_bilag(
                self.repo.root, item.document, self.folder / MEETINGS_DIR / item.files / "bilag"
            )
        except DialogError as e:
            self.failure = e

    def _typeset(self, rel: str, document: Assembled, kind: str) -> None:
        from dialogmoder.render import template_errors, template_name
        from dialogmoder.render.pdf import typeset, typst_source

        template = template_name(kind, "pdf")
        with template_errors(template):
            source = typst_source(self.repo.root, document, template, self.typst)
        job = self.pool.submit(typeset, self.repo.root, document, template, source)
        self.pending.append((rel, template, job))
        self.written(wait=False)

    def check(self) -> None:
        """The first failure of a PDF's source or a bilag, raised (once every page is made)."""
        if self.failure is not None:
            raise self.failure

    def written(self, wait: bool) -> None:
        """Write the PDFs done (all of them with `wait`), in order: none is held longer."""
        from dialogmoder.render import template_errors

        while self.pending and (wait or self.pending[0][2].done()):
            rel, template, job = self.pending.pop(0)
            with template_errors(template):
                self.write(rel, job.result())

    def finish(self) -> None:
        self.written(wait=True)


def _write_rest(
    repo: Repository,
    published: list[PublishedMeeting],
    rows: list[Listed],
    reused: set[str],
    edition: Edition,
    write: Callable[[str, bytes], None],
) -> None:
    """The feeds, data files and sitemap (`write_site`)."""
    from dialogmoder.domain.edition import is_public
    from dialogmoder.site.feeds import (
        CALENDAR_FILE,
        SITEMAP_FILE,
        calendar_feed,
        feeds,
        meeting_data,
        meeting_data_file,
        open_data,
        sitemap,
    )
    from dialogmoder.site.pages import bilag_sizes, html_pages

    if not is_public(edition):
        write(
            INTERN_MARKER, b"The members' m\xc3\xb8demappe: closed content, not for the public.\n"
        )
        write("robots.txt", ROBOTS)
    write(CALENDAR_FILE, calendar_feed(repo, rows))
    for rel, data in feeds(repo, rows, edition):
        write(rel, data)
    for rel, data in open_data(repo, rows):
        write(rel, data)
    for item in published:
        if item.id not in reused:
            data = meeting_data(repo, item, bilag_sizes(repo.root, item))
            write(meeting_data_file(item), data)
    # the sitemap names public addresses: never for the mødemappe (noindex, robots.txt)
    map_of_site = sitemap(repo, html_pages(rows, repo)) if is_public(edition) else None
    if map_of_site is not None:
        write(SITEMAP_FILE, map_of_site)
