"""The site's HTML pages through templates/site/*.html.j2 (autoescaped; a repository's own
templates/ override them): the index by forum and year, a page per meeting (the public
edition's body from templates/render, in the site's layout), the årsplan per year and the
accessibility statement, and the pages that make a big archive findable: the front page's
coming meetings and newest referater, a page per forum (its years, with counts) and per forum
and year (its meetings, newest first). Every link between pages is relative: the site works
from any address; with `websted.url` each page also names its canonical address."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from dialogmoder import danish
from dialogmoder.danish import _
from dialogmoder.domain.edition import (
    Edition,
    edition_fora,
    is_public,
    statement_address,
)
from dialogmoder.domain.logo import Logo, load_logo
from dialogmoder.domain.repository import Repository
from dialogmoder.site.content import (
    Listed,
    PublishedMeeting,
    absolute,
    forum_page,
    forum_year_page,
    site_url,
)
from dialogmoder.site.look import Palette, palette
from dialogmoder.site.search import SEARCH_PAGE, merged_indexes
from dialogmoder.views.plan import ForumPlan

STATEMENT_PAGE = "tilgaengelighed.html"
STYLESHEET = "site.css"
NEWEST = 10  # the newest referater on the front page
PDF_UA_MARK = b"pdfuaid:part"  # in the XMP metadata of a PDF that claims PDF/UA


@dataclass(frozen=True)
class Year:
    year: int
    meetings: list[Listed]
    page: str  # its forum's page of the year, from the site's root


@dataclass(frozen=True)
class ForumIndex:
    id: str
    navn: str
    years: list[Year]

    @property
    def page(self) -> str:
        return forum_page(self.id)

    @property
    def antal(self) -> int:
        return sum(len(year.meetings) for year in self.years)

    @property
    def feed(self) -> str:
        from dialogmoder.site.feeds import forum_feed_file

        return forum_feed_file(self.id)


class SitePages:
    """The site's pages, made in three parts: the stylesheet, logo, front page and fora; a
    meeting's page at a time; the årsplan and the search page. All but the meetings' own
    pages are made of every meeting's `Listed` row. The site makes each meeting's page
    right after its PDF's source, so the two share one parse of its Markdown
    (domain.markdown)."""

    def __init__(
        self, repo: Repository, published: list[Listed], edition: Edition = "public"
    ) -> None:
        self.repo, self.published = repo, published
        self.env = _environment(repo)
        self.common = {**_common(repo, edition), "intern": not is_public(edition)}
        self.logo = load_logo(repo.root, repo.config.logo)
        # the mødemappe has no public address
        self.url = site_url(repo) if is_public(edition) else None
        self.fora = forum_index(repo, published, edition)
        self.edition = edition

    def page(self, path: str, template: str, **context: Any) -> tuple[str, bytes]:
        rod = "../" * path.count("/")
        kanonisk = absolute(self.url, path) if self.url else None
        html = _render(self.env, template, **self.common, **context, rod=rod, kanonisk=kanonisk)
        return path, html.encode("utf-8")

    def front(self) -> Iterator[tuple[str, bytes]]:
        """The stylesheet, the logo, the front page, each forum's page and its years'."""
        repo, published, page = self.repo, self.published, self.page
        css = _render(self.env, "site/site.css.j2", palette=_palette(repo))
        yield STYLESHEET, css.encode("utf-8")
        if self.logo is not None:
            yield logo_file(self.logo), self.logo.data
        coming = sorted((i for i in published if i.kommende), key=lambda i: i.dato)
        newest_minutes = [i for i in published if i.kind == "referat"][:NEWEST]
        yield page("index.html", "site/index.html.j2", title=_("Meetings"), side="forside",
                   fora=self.fora, kommende=coming, nyeste=newest_minutes,
                   opdateret=_newest(published))  # fmt: skip
        for forum in self.fora:
            own = [i for y in forum.years for i in y.meetings]
            yield page(forum.page, "site/forum.html.j2", title=forum.navn, side="forum",
                       forum=forum, opdateret=_newest(own))  # fmt: skip
            for forum_year in forum.years:
                values = {"forum": forum.navn, "year": forum_year.year}
                yield page(forum_year.page, "site/forum_aar.html.j2",
                           title=_("%(forum)s in %(year)s") % values, side="forum",
                           forum=forum, year=forum_year,
                           opdateret=_newest(forum_year.meetings))  # fmt: skip

    def meeting(self, item: PublishedMeeting) -> tuple[str, bytes]:
        """One meeting's page."""
        return self.page(
            item.page,
            "site/moede.html.j2",
            title=item.titel,
            side="moede",
            item=item,
            doc=item.document,
            embedded=True,
            overskrift=item.titel,
            bilag_mappe=f"{item.files}/bilag",
            bilag_info=bilag_info(self.repo.root, item),
            opdateret=item.opdateret,
        )

    def overviews(self) -> Iterator[tuple[str, bytes]]:
        """The årsplan of each year and the search page."""
        repo, published, page, edition = self.repo, self.published, self.page, self.edition
        years = sorted({item.year for item in published}, reverse=True)
        for year in years:
            shown = _newest(i for i in published if i.year == year)
            yield page(f"aarsplan/{year}.html", "site/aarsplan.html.j2",
                       title=_annual_plan(year), side="aarsplan", year=year, years=years,
                       plans=_plans(repo, published, year, edition), opdateret=shown)  # fmt: skip
        if years:
            newest = years[0]
            shown = _newest(i for i in published if i.year == newest)
            yield page("aarsplan/index.html", "site/aarsplan.html.j2",
                       title=_annual_plan(newest), side="aarsplan", year=newest, years=years,
                       plans=_plans(repo, published, newest, edition), opdateret=shown)  # fmt: skip
        yield page(SEARCH_PAGE, "site/soeg.html.j2", title=_("Search"), side="soeg",
                   fora=self.fora, years=years, indekser=merged_indexes(published))  # fmt: skip


def statement_page(
    repo: Repository,
    published: list[Listed],
    site: Path,
    edition: Edition = "public",
    files: list[Path] | None = None,
) -> bytes:
    """tilgaengelighed.html, "Om tilgængelighed": written last, as it counts what the
    build made in `site` (the PDFs, and how many of them claim PDF/UA-1); `files`: the
    PDFs to count instead of those in `site` (the same files, where they are now)."""
    from dialogmoder.site.content import MEETINGS_DIR
    from dialogmoder.site.look import WHITE, contrast
    from dialogmoder.version import __version__

    if files is None:
        files = sorted((site / MEETINGS_DIR).glob("*/*.pdf"))
    pdfs = [path.read_bytes() for path in files]
    colours = _palette(repo)
    url = site_url(repo) if is_public(edition) else None
    html = _render(
        _environment(repo),
        "site/tilgaengelighed.html.j2",
        **_common(repo, edition),
        intern=not is_public(edition),
        rod="",
        kanonisk=absolute(url, STATEMENT_PAGE) if url else None,
        title=_("About accessibility"),
        side="tilgaengelighed",
        tekst=None if statement_address(repo) else repo.config.tilgaengelighed,
        palette=colours,
        kontrast_tekst=_ratio(contrast(colours.tekst, WHITE)),
        kontrast_ui=_ratio(contrast(colours.ui, WHITE)),
        moeder=len(published),
        pdf_total=len(pdfs),
        pdf_ua=sum(1 for pdf in pdfs if PDF_UA_MARK in pdf),
        version=__version__,
    )
    return html.encode("utf-8")


def _environment(repo: Repository) -> jinja2.Environment:
    """The HTML environment with the site's date filters (every page's layout may use them)."""
    from dialogmoder.render.html import html_environment

    env = html_environment(repo.root)
    env.filters["dato_mellem"] = danish.dato_mellem
    env.filters["dato_lang"] = danish.dato_lang
    env.filters["lokal_dato"] = _local_date
    return env


def _ratio(value: float) -> str:
    """A contrast ratio as Danish writes it, rounded down so it never claims too much: 4,5."""
    from babel.numbers import format_decimal

    return format_decimal(int(value * 10) / 10, format="0.0", locale="da_DK")


def _common(repo: Repository, edition: Edition = "public") -> dict[str, Any]:
    """What every page's layout shows: the organisation, its logo, contact and links."""
    fora = [repo.config.fora[fid].navn for fid in edition_fora(repo, edition)]
    websted = repo.config.websted
    logo = load_logo(repo.root, repo.config.logo)
    return {
        "organisation": repo.config.organisation,
        "afsender": repo.config.afsender,
        "tilgaengelighed_url": statement_address(repo),
        "fora_navne": danish.opremsning(fora) or _("no fora"),
        "logo_fil": logo_file(logo) if logo else None,
        "kontakt": websted.kontakt if websted else None,
        "hjemmeside": websted.hjemmeside if websted else None,
    }


def _palette(repo: Repository) -> Palette:
    websted = repo.config.websted
    return palette(websted.farve if websted else None)


def logo_file(logo: Logo) -> str:
    """The logo's name in the site's root: logo.png, logo.svg, logo.jpg."""
    return "logo" + PurePosixPath(logo.path).suffix.lower()


def html_pages(published: list[Listed], repo: Repository) -> list[tuple[str, datetime | None]]:
    """Every page a visitor or a search engine may land on (the sitemap's), from the site's
    root, with when what it shows last changed: the front page, the fora, the meetings, the
    årsplan, the statement."""
    fora = forum_index(repo, published)
    paths: list[tuple[str, datetime | None]] = [("index.html", _newest(published))]
    for forum in fora:
        paths.append((forum.page, _newest(i for y in forum.years for i in y.meetings)))
        paths.extend((year.page, _newest(year.meetings)) for year in forum.years)
    paths.extend((item.page, item.opdateret) for item in published)
    years = sorted({item.year for item in published}, reverse=True)
    for year in years:
        shown = _newest(i for i in published if i.year == year)
        paths.append((f"aarsplan/{year}.html", shown))
    paths.append((STATEMENT_PAGE, None))  # always built (statement_page), beside a WAS address
    return paths


def _local_date(stamp: datetime) -> str:
    """'3. februar 2025': the day a UTC time falls on in Denmark."""
    from zoneinfo import ZoneInfo

    from dialogmoder.views.ics import TIMEZONE

    return danish.dato_mellem(stamp.astimezone(ZoneInfo(TIMEZONE)).date())


def _newest(items: Any) -> datetime | None:
    """The newest `opdateret` of the meetings a page shows (None for none)."""
    return max((item.opdateret for item in items), default=None)


def bilag_sizes(root: Path, item: PublishedMeeting) -> dict[str, int]:
    """The size in bytes of each bilag file the meeting's page links, by its name there."""
    result = {}
    for punkt in item.document.punkter:
        for bilag in punkt.bilag:
            if bilag.fil is None or bilag.filnavn is None:
                continue
            try:
                result[bilag.filnavn] = (root / bilag.fil).stat().st_size
            except OSError:
                continue
    return result


def bilag_info(root: Path, item: PublishedMeeting) -> dict[str, str]:
    """'PDF, 240 kB' for each bilag file the meeting's page links, by its name there."""
    return {name: file_info(name, size) for name, size in bilag_sizes(root, item).items()}


def file_info(name: str, size: int) -> str:
    """'PDF, 240 kB', 'DOCX, 1,2 MB': the file's type (its ending) and size (SI units, the
    Danish decimal comma), as a municipality's list of bilag shows them."""
    kind = name.rsplit(".", 1)[-1].upper() if "." in name else _("file")
    if size < 1_000_000:
        shown = f"{max(1, round(size / 1000))} kB"
    else:
        shown = f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{kind}, {shown}"


def _annual_plan(year: int) -> str:
    """'Årsplan 2025', the title of a year's page (its heading says the same)."""
    return _("Annual plan %(year)s") % {"year": year}


def forum_index(
    repo: Repository, published: list[Listed], edition: Edition = "public"
) -> list[ForumIndex]:
    """The edition's fora in dialog.yaml's order, each with its years and meetings newest first."""
    result = []
    for fid in edition_fora(repo, edition):
        own = [item for item in published if item.forum == fid]  # newest first
        years = [
            Year(year, list(items), forum_year_page(fid, year))
            for year, items in groupby(own, key=lambda item: item.year)
        ]
        result.append(ForumIndex(fid, repo.config.fora[fid].navn, years))
    return result


def _plans(
    repo: Repository, published: list[Listed], year: int, edition: Edition = "public"
) -> list[ForumPlan]:
    """The year's årsplan of the edition's fora only (the published ones in public), as
    `views.plan.plan_for_year` makes it of each: its meetings in date order."""
    own = sorted((i for i in published if i.year == year), key=lambda i: (i.dato, i.folder))
    plans = []
    for fid in edition_fora(repo, edition):
        rows = [item.plan for item in own if item.forum == fid]
        if rows:
            plans.append(ForumPlan(fid, repo.config.fora[fid].navn, rows))
    return plans


def _render(env: jinja2.Environment, template: str, **context: Any) -> str:
    from dialogmoder.render import template_errors

    with template_errors(template):
        return env.get_template(template).render(**context)
