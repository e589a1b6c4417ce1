"""The site's HTML pages through templates/site/*.html.j2 (autoescaped; a repository's own
templates/ override them): the index by forum and year, a page per meeting (the public
edition's body from templates/render, in the site's layout), the årsplan per year and the
accessibility statement. Every link is relative: the site works from any address."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import jinja2

from dialogmoder import danish
from dialogmoder.danish import _
from dialogmoder.domain.edition import published_fora
from dialogmoder.domain.repository import Repository
from dialogmoder.site.content import PublishedMeeting
from dialogmoder.site.search import SEARCH_PAGE
from dialogmoder.views.plan import ForumPlan, plan_for_year

STATEMENT_PAGE = "tilgaengelighed.html"
STYLESHEET = "site.css"


@dataclass(frozen=True)
class Year:
    year: int
    meetings: list[PublishedMeeting]


@dataclass(frozen=True)
class ForumIndex:
    id: str
    navn: str
    years: list[Year]


def statement_url(repo: Repository) -> str | None:
    """dialog.yaml's `tilgaengelighed` when it is an address to link to, else None."""
    value = (repo.config.tilgaengelighed or "").strip()
    return value if value.startswith(("https://", "http://")) and " " not in value else None


def site_pages(
    repo: Repository, published: list[PublishedMeeting], skip: Collection[str] = ()
) -> Iterator[tuple[str, bytes]]:
    """(path from the site's root, bytes) of every page and the stylesheet; not the pages
    of the meetings whose ids are in `skip` (a rebuild has them from the previous site)."""
    from dialogmoder.render.html import html_environment

    env = html_environment(repo.root)
    fora = [repo.config.fora[fid].navn for fid in published_fora(repo)]
    common: dict[str, Any] = {
        "organisation": repo.config.organisation,
        "afsender": repo.config.afsender,
        "tilgaengelighed_url": statement_url(repo),
        "fora_navne": danish.opremsning(fora) or _("no fora"),
    }

    def page(path: str, template: str, **context: Any) -> tuple[str, bytes]:
        rod = "../" * path.count("/")
        html = _render(env, template, **common, **context, rod=rod)
        return path, html.encode("utf-8")

    yield STYLESHEET, _render(env, "site/site.css.j2").encode("utf-8")
    yield page("index.html", "site/index.html.j2", title=_("Meetings"), side="forside",
               fora=forum_index(repo, published))  # fmt: skip
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
                   side="aarsplan", year=year, years=years, plans=_plans(repo, year))  # fmt: skip
    if years:
        newest = years[0]
        yield page("aarsplan/index.html", "site/aarsplan.html.j2", title=_annual_plan(newest),
                   side="aarsplan", year=newest, years=years,
                   plans=_plans(repo, newest))  # fmt: skip
    yield page(SEARCH_PAGE, "site/soeg.html.j2", title=_("Search"), side="soeg")
    if statement_url(repo) is None:
        yield page(STATEMENT_PAGE, "site/tilgaengelighed.html.j2",
                   title=_("Accessibility statement"), side="tilgaengelighed",
                   tekst=repo.config.tilgaengelighed)  # fmt: skip


def _annual_plan(year: int) -> str:
    """'Årsplan 2025', the title of a year's page (its heading says the same)."""
    return _("Annual plan %(year)s") % {"year": year}


def forum_index(repo: Repository, published: list[PublishedMeeting]) -> list[ForumIndex]:
    """Published fora in dialog.yaml's order, each with its years and meetings newest first."""
    result = []
    for fid in published_fora(repo):
        own = [item for item in published if item.meeting.forum == fid]  # newest first
        years = [
            Year(year, list(items))
            for year, items in groupby(own, key=lambda item: item.meeting.dato.year)
        ]
        result.append(ForumIndex(fid, repo.config.fora[fid].navn, years))
    return result


def _plans(repo: Repository, year: int) -> list[ForumPlan]:
    """The year's årsplan of the published fora only."""
    return [plan for fid in published_fora(repo) for plan in plan_for_year(repo, year, fid)]


def _render(env: jinja2.Environment, template: str, **context: Any) -> str:
    from dialogmoder.render import template_errors

    with template_errors(template):
        return env.get_template(template).render(**context)
