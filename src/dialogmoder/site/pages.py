"""The site's HTML pages through templates/site/*.html.j2 (autoescaped; a repository's own
templates/ override them): the index by forum and year, a page per meeting (the public
edition's body from templates/render, in the site's layout), the årsplan per year and the
accessibility statement. Every link is relative: the site works from any address."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
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
from dialogmoder.site.content import PublishedMeeting
from dialogmoder.site.look import Palette, palette
from dialogmoder.site.search import SEARCH_PAGE
from dialogmoder.views.plan import ForumPlan, plan_for_year

STATEMENT_PAGE = "tilgaengelighed.html"
STYLESHEET = "site.css"
PDF_UA_MARK = b"pdfuaid:part"  # in the XMP metadata of a PDF that claims PDF/UA


@dataclass(frozen=True)
class Year:
    year: int
    meetings: list[PublishedMeeting]


@dataclass(frozen=True)
class ForumIndex:
    id: str
    navn: str
    years: list[Year]


def site_pages(
    repo: Repository,
    published: list[PublishedMeeting],
    skip: Collection[str] = (),
    edition: Edition = "public",
) -> Iterator[tuple[str, bytes]]:
    """(path from the site's root, bytes) of every page and the stylesheet; not the pages
    of the meetings whose ids are in `skip` (a rebuild has them from the previous site).
    The intern edition (the mødemappe) marks every page internal and not to be indexed."""
    from dialogmoder.render.html import html_environment

    env = html_environment(repo.root)
    common = {**_common(repo, edition), "intern": not is_public(edition)}
    logo = load_logo(repo.root, repo.config.logo)

    def page(path: str, template: str, **context: Any) -> tuple[str, bytes]:
        rod = "../" * path.count("/")
        html = _render(env, template, **common, **context, rod=rod)
        return path, html.encode("utf-8")

    yield STYLESHEET, _render(env, "site/site.css.j2", palette=_palette(repo)).encode("utf-8")
    if logo is not None:
        yield logo_file(logo), logo.data
    yield page("index.html", "site/index.html.j2", title=_("Meetings"), side="forside",
               fora=forum_index(repo, published, edition))  # fmt: skip
    for item in published:
        if item.id in skip:
            continue
        yield page(
            item.page,
            "site/moede.html.j2",
            title=item.titel,
            side="moede",
            item=item,
            doc=item.document,
            embedded=True,
            bilag_mappe=f"{item.files}/bilag",
        )
    years = sorted({item.meeting.dato.year for item in published}, reverse=True)
    for year in years:
        yield page(f"aarsplan/{year}.html", "site/aarsplan.html.j2", title=_annual_plan(year),
                   side="aarsplan", year=year, years=years,
                   plans=_plans(repo, year, edition))  # fmt: skip
    if years:
        newest = years[0]
        yield page("aarsplan/index.html", "site/aarsplan.html.j2", title=_annual_plan(newest),
                   side="aarsplan", year=newest, years=years,
                   plans=_plans(repo, newest, edition))  # fmt: skip
    yield page(SEARCH_PAGE, "site/soeg.html.j2", title=_("Search"), side="soeg")


def statement_page(
    repo: Repository, published: list[PublishedMeeting], site: Path, edition: Edition = "public"
) -> bytes:
    """tilgaengelighed.html, "Om tilgængelighed": written last, as it counts what the
    build made in `site` (the PDFs, and how many of them claim PDF/UA-1)."""
    from dialogmoder.render.html import html_environment
    from dialogmoder.site.content import MEETINGS_DIR
    from dialogmoder.site.look import WHITE, contrast
    from dialogmoder.version import __version__

    pdfs = [path.read_bytes() for path in sorted((site / MEETINGS_DIR).glob("*/*.pdf"))]
    colours = _palette(repo)
    html = _render(
        html_environment(repo.root),
        "site/tilgaengelighed.html.j2",
        **_common(repo, edition),
        intern=not is_public(edition),
        rod="",
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


def _annual_plan(year: int) -> str:
    """'Årsplan 2025', the title of a year's page (its heading says the same)."""
    return _("Annual plan %(year)s") % {"year": year}


def forum_index(
    repo: Repository, published: list[PublishedMeeting], edition: Edition = "public"
) -> list[ForumIndex]:
    """The edition's fora in dialog.yaml's order, each with its years and meetings newest first."""
    result = []
    for fid in edition_fora(repo, edition):
        own = [item for item in published if item.meeting.forum == fid]  # newest first
        years = [
            Year(year, list(items))
            for year, items in groupby(own, key=lambda item: item.meeting.dato.year)
        ]
        result.append(ForumIndex(fid, repo.config.fora[fid].navn, years))
    return result


def _plans(repo: Repository, year: int, edition: Edition = "public") -> list[ForumPlan]:
    """The year's årsplan of the edition's fora only (the published ones in public)."""
    return [plan for fid in edition_fora(repo, edition) for plan in plan_for_year(repo, year, fid)]


def _render(env: jinja2.Environment, template: str, **context: Any) -> str:
    from dialogmoder.render import template_errors

    with template_errors(template):
        return env.get_template(template).render(**context)
