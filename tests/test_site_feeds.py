"""`dialog site` for a real address (issue 19, item 5) and findable at scale (item 4, what a
file says; tests/test_site_find_browser.py clicks through it): absolute links with
`websted.url`, the sitemap, Atom per forum with `updated` from the meeting's last commit,
the calendar without a repository path, the open data split per year and per meeting and
valid against the schemas `dialog schema` writes, bilag with type and size, the pages per
forum and year, the breadcrumb, the meeting's h1."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from helpers.canary import MARK, canary_files
from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, direktionen_on
from helpers.pdf import pdf_strings
from helpers.repo import git
from helpers.site import build_site, site_files

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
URL = "https://moeder.testkommune.dk/"
WEBSTED = PUBLIC + f"websted:\n  url: {URL}\n"
OPEN_BILAG = """\
---
titel: Punkt med bilag
lukket: false
bilag:
  - {titel: Udmøntningsplan 2025, lukket: false, fil: bilag/plan.pdf}
---
Tekst.
"""
OLDER = "meetings/2024/2024-11-06-direktionen"


def older_meeting() -> dict[str, str]:
    return {f"{OLDER}/meeting.md": direktionen_on("2024-11-06")}


@pytest.fixture
def addressed(make_repo, dialog) -> Path:
    """A site with `websted.url`, two years and a bilag of 240,000 bytes."""
    root = make_repo(
        {
            "dialog.yaml": WEBSTED,
            f"{DIR}/punkter/02-bilag.md": OPEN_BILAG,
            f"{DIR}/bilag/plan.pdf": b"%PDF-1.4 " + b"x" * 239_991,
            **older_meeting(),
        }
    )
    return build_site(dialog, root)


# --- addresses --------------------------------------------------------------------------


def test_with_websted_url_the_feeds_sitemap_and_pages_name_absolute_addresses(addressed):
    feed = ET.parse(addressed / "referater.atom").getroot()
    (self_link,) = [e for e in feed.findall("a:link", ATOM) if e.get("rel") == "self"]
    assert self_link.get("href") == f"{URL}referater.atom"
    entries = [e.find("a:link", ATOM).get("href") for e in feed.findall("a:entry", ATOM)]
    assert entries == [f"{URL}moeder/{DIR_ID}.html", f"{URL}moeder/2024-11-06-direktionen.html"]
    page = (addressed / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{URL}moeder/{DIR_ID}.html">' in page
    locs = [
        e.text for e in ET.parse(addressed / "sitemap.xml").getroot().iter(f"{{{SITEMAP['s']}}}loc")
    ]
    assert f"{URL}index.html" in locs and f"{URL}fora/direktionen/2024.html" in locs
    for loc in locs:  # every address is a page the site has
        assert loc.startswith(URL) and (addressed / loc.removeprefix(URL)).is_file(), loc
    urls = ET.parse(addressed / "sitemap.xml").getroot().findall("s:url", SITEMAP)
    page_of = {u.find("s:loc", SITEMAP).text: u.find("s:lastmod", SITEMAP) for u in urls}
    assert page_of[f"{URL}moeder/{DIR_ID}.html"].text.endswith("Z")  # when it last changed


def test_without_websted_url_links_stay_relative_and_there_is_no_sitemap(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    assert not (site / "sitemap.xml").exists()
    feed = ET.parse(site / "referater.atom").getroot()
    (self_link,) = [e for e in feed.findall("a:link", ATOM) if e.get("rel") == "self"]
    assert self_link.get("href") == "referater.atom"
    assert "canonical" not in (site / "index.html").read_text("utf-8")


def test_each_forum_has_its_own_atom_feed_linked_from_its_page(addressed):
    feed = ET.parse(addressed / "referater-direktionen.atom").getroot()
    assert len(feed.findall("a:entry", ATOM)) == 2
    forum = (addressed / "fora" / "direktionen" / "index.html").read_text("utf-8")
    assert 'href="../../referater-direktionen.atom"' in forum


def test_atom_updated_is_the_last_commit_touching_the_meeting_not_its_midnight(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC})
    (root / DIR / "punkter" / "01-budget.md").write_text("---\ntitel: Budget\n---\nNy.\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ny tekst")
    committed = git(root, "log", "-1", "--format=%cI").strip()  # the record's own time
    site = build_site(dialog, root)
    (entry,) = ET.parse(site / "referater.atom").getroot().findall("a:entry", ATOM)
    updated = entry.find("a:updated", ATOM).text
    assert datetime.fromisoformat(updated) == datetime.fromisoformat(committed)
    assert not updated.endswith("T00:00:00Z")  # not the meeting's midnight
    page = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "Senest opdateret" in page


# --- the calendar ------------------------------------------------------------------------


def test_the_site_calendar_has_the_page_address_no_folder_and_no_english(addressed):
    calendar = icalendar.Calendar.from_ical((addressed / "moeder.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # the UIDs are dialog calendar's, unchanged (no subscriber sees a meeting twice)
    assert set(events) == {
        f"{DIR_ID}.moede@dialogmoder",
        "2024-11-06-direktionen.moede@dialogmoder",
    }
    event = events[f"{DIR_ID}.moede@dialogmoder"]
    assert str(event["URL"]) == f"{URL}moeder/{DIR_ID}.html"
    assert f"{URL}moeder/{DIR_ID}.html" in str(event["DESCRIPTION"])
    raw = (addressed / "moeder.ics").read_text("utf-8")
    assert "meetings/" not in raw and "Mappe" not in raw
    (zone,) = calendar.walk("VTIMEZONE")
    assert "COMMENT" not in zone and "This timezone" not in raw
    # the rule gives summer time: 5 March is CET, so 9:00 there is 8:00 UTC
    start = event.decoded("DTSTART")
    assert start.utcoffset().total_seconds() == 3600


def test_a_summer_meeting_in_the_calendar_is_at_cest(make_repo, dialog):
    summer = "meetings/2025/2025-06-11-direktionen"
    root = make_repo(
        {
            "dialog.yaml": PUBLIC,
            f"{summer}/meeting.md": direktionen_on("2025-06-11", 'start: "09:00"'),
        }
    )
    calendar = icalendar.Calendar.from_ical((build_site(dialog, root) / "moeder.ics").read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if "2025-06-11" in str(e["UID"])]
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 7200


# --- the open data -----------------------------------------------------------------------


def schema_of(stem: str, dialog) -> Draft202012Validator:
    result = dialog("schema", stem)
    assert result.code == 0, result.err
    return Draft202012Validator(json.loads(result.out), format_checker=FormatChecker())


def test_the_open_data_is_split_and_valid_against_the_schemas_dialog_schema_writes(
    addressed, dialog
):
    index = json.loads((addressed / "data.json").read_text("utf-8"))
    schema_of("data-indeks", dialog).validate(index)
    assert [y["aar"] for y in index["aar"]] == [2025, 2024]
    files = 0
    for year in index["aar"]:
        listing = json.loads((addressed / year["fil"]).read_text("utf-8"))
        schema_of("data-aar", dialog).validate(listing)
        assert len(listing["moeder"]) == year["antal"]
        for entry in listing["moeder"]:
            meeting = json.loads((addressed / entry["fil"]).read_text("utf-8"))
            schema_of("data-moede", dialog).validate(meeting)
            files += 1
    assert files == 2
    text = "".join(p.read_text("utf-8") for p in (addressed / "data").rglob("*.json"))
    text += (addressed / "data.json").read_text("utf-8")
    for english in ('"redacted"', '"sections"', '"markdown"'):
        assert english not in text
    assert "punkter" not in index and "moeder" not in index  # the index lists years only


def test_the_published_schemas_beside_the_data_are_dialog_schemas(addressed, dialog):
    for stem in ("data-indeks", "data-aar", "data-moede"):
        published = json.loads((addressed / "data" / "skema" / f"{stem}.schema.json").read_text())
        assert published == json.loads(dialog("schema", stem).out)


def test_a_bilag_is_listed_with_its_type_and_size(addressed):
    page = (addressed / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert '<span class="filinfo">(PDF, 240 kB)</span>' in page
    meeting = json.loads((addressed / "data" / "moeder" / f"{DIR_ID}.json").read_text("utf-8"))
    (bilag,) = [b for p in meeting["punkter"] for b in p["bilag"]]
    assert bilag["type"] == "PDF" and bilag["stoerrelse"] == 240_000


def test_no_public_file_names_a_path_of_the_repository(addressed):
    for path in site_files(addressed):
        if path.suffix in (".html", ".ics", ".atom", ".json", ".xml"):
            assert "meetings/" not in path.read_text("utf-8"), path


# --- nothing closed in the new files -----------------------------------------------------


def test_no_new_file_holds_anything_of_a_closed_punkt(make_repo, dialog):
    files = canary_files(WEBSTED, closed="03-kanarifilnavn.md")
    files[f"{DIR}/bilag/kanarifil.pdf"] = b"%PDF-1.4 kanariindhold"
    site = build_site(dialog, make_repo(files))
    names = {p.relative_to(site).as_posix() for p in site_files(site)}
    for new in (
        "sitemap.xml",
        "referater-direktionen.atom",
        f"data/moeder/{DIR_ID}.json",
        "data/2025.json",
        "fora/direktionen/index.html",
        "fora/direktionen/2025.html",
    ):
        assert new in names
    leaks = {}
    for path in site_files(site):
        data = path.read_bytes()
        if data.startswith(b"\x1f\x8b"):
            data = gzip.decompress(data)
        text = pdf_strings(data) if path.suffix == ".pdf" else data.decode("utf-8", "replace")
        found = re.findall(rf"\w*{MARK}\w*", f"{path.relative_to(site)}\n{text}", re.I)
        if found or MARK.encode() in data.lower():
            leaks[path.name] = sorted(set(found))
    assert leaks == {}


# --- findable ---------------------------------------------------------------------------


def test_the_front_page_shows_coming_meetings_newest_minutes_and_years_with_counts(
    make_repo, dialog
):
    coming = "meetings/2025/2025-09-03-direktionen"
    root = make_repo(
        {
            "dialog.yaml": PUBLIC,
            f"{coming}/meeting.md": direktionen_on("2025-09-03"),
            **older_meeting(),
        }
    )
    site = build_site(dialog, root)
    index = (site / "index.html").read_text("utf-8")
    kommende = index.split('id="kommende"')[1].split("</section>")[0]
    nyeste = index.split('id="nyeste"')[1].split("</section>")[0]
    assert "3. september 2025" in kommende and "5. marts" not in kommende
    assert nyeste.index("5. marts 2025") < nyeste.index("6. november 2024")
    assert (
        '<a href="fora/direktionen/2025.html">2025</a> <span class="antal">(2 møder)</span>'
        in index
    )
    assert (
        '<a href="fora/direktionen/2024.html">2024</a> <span class="antal">(1 møde)</span>' in index
    )
    year = (site / "fora" / "direktionen" / "2025.html").read_text("utf-8")
    assert year.index("3. september") < year.index("5. marts")  # newest first
    assert '<a href="2024.html">2024</a>' in year and 'aria-current="page">2025</a>' in year


def test_a_meeting_page_is_headed_by_its_document_forum_and_date_under_a_breadcrumb(
    make_repo, dialog
):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    page = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "<h1>Referat: Direktionen, onsdag den 5. marts 2025</h1>" in page
    crumb = page.split('<nav class="sti" aria-label="Brødkrumme"')[1].split("</nav>")[0]
    assert crumb.count("<li>") == 4 and crumb.count('aria-current="page"') == 1
    assert 'href="../fora/direktionen/2025.html"' in crumb
    # the search's filters and sort
    assert 'data-pagefind-filter="År">2025<' in crumb
    assert 'data-pagefind-filter="Forum">Direktionen<' in crumb
    assert 'data-pagefind-filter="Dokument">Referat<' in crumb
    assert 'data-pagefind-sort="dato:2025-03-05"' in page


def test_the_annual_plan_links_name_the_meetings_date(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    plan = (site / "aarsplan" / "2025.html").read_text("utf-8")
    assert f'href="../moeder/{DIR_ID}.html">Direktionen, 5. marts 2025</a>' in plan


def test_a_label_and_its_value_are_apart_in_the_text_search_indexes(make_repo, dialog):
    punkt = "---\ntitel: Sag\nlukket: false\nsagsgang: DIR\n---\nTekst.\n"
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC, f"{DIR}/punkter/02-sag.md": punkt}))
    page = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # what an indexer that drops tags reads
    assert "Sagsgang DIR" in text and "SagsgangDIR" not in text


def _calendar_of_builder(root: Path) -> bytes:
    """The site's calendar as `build_calendar` (dialog calendar's) makes it of the published
    meetings' own events: what the site's calendar was before it was made of each meeting's
    event text (content.Listed)."""
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.site.content import absolute, published_meetings, site_url
    from dialogmoder.views.ics import build_calendar, event_uid

    repo = load_repository(root)
    published = published_meetings(repo, datetime(2025, 6, 1).date())
    uids = {event_uid(item.folder, "moede") for item in published}
    url = site_url(repo)
    pages = {item.folder.path: absolute(url, item.page) for item in published} if url else {}
    calendar = build_calendar(repo, select=lambda e: e.uid in uids, links=pages, public=True)
    data: bytes = calendar.to_ical()
    return data


@pytest.mark.parametrize("config", [WEBSTED, PUBLIC])
def test_the_site_calendar_is_the_calendar_builders_of_the_published_meetings(
    make_repo, dialog, config
):
    long_note = "Et langt notat om mødet, " * 6  # folded over lines, as RFC 5545 wants
    root = make_repo(
        {
            "dialog.yaml": config,
            **older_meeting(),
            "meetings/2025/2025-03-12-direktionen/meeting.md": direktionen_on(
                "2025-03-12", 'start: "13:00"', "status: aflyst", f"note: {long_note}"
            ),
            "meetings/2025/2025-03-19-direktionen/meeting.md": direktionen_on(
                "2025-03-19", "sted: Byrådssalen", "vaert: [anna]"
            ),
            "meetings/2025/2025-04-01-vaekst/meeting.md": (
                "---\nforum: strategisk-dialogmoede\ntitel: Vækst\ndato: 2025-04-01\n---\n"
            ),
        }
    )
    site = build_site(dialog, root)
    assert (site / "moeder.ics").read_bytes() == _calendar_of_builder(root)
    assert b"2025-04-01" not in (site / "moeder.ics").read_bytes()  # not published


def test_a_site_of_no_meetings_has_the_calendar_builders_empty_calendar(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC}, with_meeting=False)
    site = build_site(dialog, root)
    assert (site / "moeder.ics").read_bytes() == _calendar_of_builder(root)
