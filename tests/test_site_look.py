"""The kommune's site (issue 19, items 1-3; issue 18, item 6): its colours made safe to read
(site/look.py, for any colour), its logo, contact and statement link on every page, the
"Om tilgængelighed" page with the build's own figures, cancelled and postponed meetings that
say so on the page, in the PDF and in the calendar, and an `afholdt` meeting after today that
stays a dagsorden until its day."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from dialogmoder.site.look import WHITE, contrast, darkened, luminance, palette

from helpers.configs import LETTERHEAD, PUBLIC
from helpers.images import png
from helpers.meetings import DIR, DIR_ID, direktionen
from helpers.site import build_site, site_files

HOUSE, PALE = "#00606b", "#ffe680"
WAS = "https://was.digst.dk/moeder-testkommune-dk"
WEBSTED = """\
websted:
  url: https://moeder.testkommune.dk/
  farve: "{farve}"
  kontakt: {{telefon: "87 53 50 00", email: kommunen@testkommune.dk, adresse: "Torvet 1, 8400 By"}}
  hjemmeside: https://www.testkommune.dk/
"""


def websted(farve: str = HOUSE, base: str = PUBLIC) -> str:
    return base + WEBSTED.format(farve=farve)


def pages(site):
    return [p for p in site_files(site) if p.suffix == ".html" and "pagefind" not in p.parts]


# --- colours ---------------------------------------------------------------------------------

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(colours)
def test_any_colour_gives_text_and_focus_colours_with_the_contrast_wcag_asks(colour):
    shades = palette(colour)
    assert contrast(shades.tekst, WHITE) >= 4.5
    assert contrast(shades.ui, WHITE) >= 3.0
    assert shades.farve == colour


@given(colours)
def test_a_colour_is_only_ever_darkened_and_keeps_its_hue(colour):
    shade = darkened(colour, WHITE, 4.6)
    assert luminance(shade) <= luminance(colour)
    if shade != colour:  # each channel scaled alike (to a unit's rounding): the same hue
        old = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        new = [int(shade[i : i + 2], 16) for i in (1, 3, 5)]
        top = max(old)
        if top:
            factor = max(new) / top
            assert all(abs(n - o * factor) <= 2 for o, n in zip(old, new, strict=True))


def test_the_house_colour_passes_as_it_is_and_a_pale_one_is_darkened():
    assert palette(HOUSE).tekst == HOUSE
    assert palette(PALE).tekst != PALE and contrast(PALE, WHITE) < 1.5
    assert round(contrast("#000000", WHITE), 2) == 21.0


# --- the look on every page -----------------------------------------------------------------


def test_every_page_has_the_logo_the_contact_the_website_and_the_statement_link(make_repo, dialog):
    config = websted(
        base=LETTERHEAD.replace(
            "    navn: Direktionen\n", "    navn: Direktionen\n    offentlig: true\n"
        )
    )
    root = make_repo(
        {"dialog.yaml": config + f"tilgaengelighed: {WAS}\n", "grafik/logo.png": png()}
    )
    site = build_site(dialog, root)
    assert (site / "logo.png").read_bytes() == png()
    for page in pages(site):
        html = page.read_text("utf-8")
        header = html[html.index("<header") : html.index("</header>")]
        footer = html[html.index("<footer") : html.index("</footer>")]
        assert 'class="logo" src="' in header and "logo.png" in header, page
        assert "Testkommune" in header
        assert '<a href="tel:87535000">87 53 50 00</a>' in footer
        assert (
            '<a href="mailto:kommunen@testkommune.dk">' in footer and "Torvet 1, 8400 By" in footer
        )
        assert '<a href="https://www.testkommune.dk/">' in footer
        assert f'<a href="{WAS}">Tilgængelighedserklæring</a>' in footer, page


def test_the_stylesheet_carries_the_colours_and_one_sans_serif_font_shared_with_search(
    make_repo, dialog
):
    css = (build_site(dialog, make_repo({"dialog.yaml": websted(PALE)})) / "site.css").read_text()
    shades = palette(PALE)
    assert f"--farve: {PALE};" in css and f"--farve-tekst: {shades.tekst};" in css
    assert f"--farve-ui: {shades.ui};" in css
    assert "--pagefind-ui-font: var(--font);" in css and "sans-serif" in css
    assert "Georgia" not in css and "serif;" not in css.replace("sans-serif;", "")
    # the pale colour itself only where it carries nothing: the stripe under the menu
    uses = [line for line in css.splitlines() if "var(--farve)" in line]
    assert uses == ["nav.menu { border-bottom: 5px solid var(--farve); }"]


def test_without_websted_the_site_keeps_its_own_blue_and_no_contact(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC}))
    assert "--farve-tekst: #0b4f9c;" in (site / "site.css").read_text()
    index = (site / "index.html").read_text("utf-8")
    assert "tel:" not in index and "<img" not in index
    assert '<a href="tilgaengelighed.html">Tilgængelighedserklæring</a>' in index


# --- "Om tilgængelighed" ---------------------------------------------------------------------


def test_the_statement_page_gives_the_builds_own_figures_and_no_claim_it_cannot_keep(
    make_repo, dialog
):
    site = build_site(dialog, make_repo({"dialog.yaml": websted(PALE)}))
    html = (site / "tilgaengelighed.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "<h1>Om tilgængelighed</h1>" in html
    assert (
        "1 mødesider og 1 PDF-filer" in text
        and "hvoraf 1 er opmærket efter standarden PDF/UA-1" in text
    )
    shades = palette(PALE)
    assert shades.tekst in text and shades.ui in text
    ratio = f"{int(contrast(shades.tekst, WHITE) * 10) / 10:.1f}".replace(".", ",")
    assert f"kontrast {ratio}:1" in text
    assert "Søgningen kræver JavaScript" in text
    assert "kan læses uden JavaScript" not in text  # the old page's claim, untrue of search
    assert "87 53 50 00" in text and "kommunen@testkommune.dk" in text
    assert "har endnu ikke linket til sin tilgængelighedserklæring" in text


def test_the_statement_page_links_the_was_tool_statement_when_given(make_repo, dialog):
    site = build_site(dialog, make_repo({"dialog.yaml": PUBLIC + f"tilgaengelighed: {WAS}\n"}))
    html = (site / "tilgaengelighed.html").read_text("utf-8")
    assert f'<a href="{WAS}">læs tilgængelighedserklæringen</a>' in html
    assert "har endnu ikke linket" not in html


def test_the_bundled_example_carries_the_statement_warning_and_still_passes(dialog):
    from helpers.repo import PROJECT

    result = dialog("check", "--root", str(PROJECT), "--today", "2025-06-01")
    assert result.code == 0, result.out + result.err
    assert "DM610" in result.out + result.err


# --- cancelled and postponed meetings -------------------------------------------------------


def _cancelled_site(make_repo, dialog, status: str):
    meeting = direktionen(status) + "\nMødet er aflyst på grund af sygdom.\n"
    root = make_repo({"dialog.yaml": PUBLIC, f"{DIR}/meeting.md": meeting}, with_meeting=False)
    return build_site(dialog, root)


def test_a_cancelled_meeting_says_so_in_its_heading_a_banner_and_has_no_empty_contents(
    make_repo, dialog
):
    site = _cancelled_site(make_repo, dialog, "aflyst")
    html = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    # the site's h1 names the document, forum and date (issue 19 item 4) after the word
    assert re.search(r"<h1>AFLYST: Dagsorden: Direktionen, \w+ den \d+\. \w+ \d{4}</h1>", html)
    banner = re.search(r'<p class="aflysning" role="status">(.*?)</p>', html, re.DOTALL)
    assert banner is not None and "AFLYST" in banner[1] and "er aflyst" in banner[1]
    assert "Indholdsfortegnelse" not in html and 'class="indhold"' not in html
    # listed (past, not a referat: not on the front page) on its forum's year page
    assert "(AFLYST)" in (site / "fora" / "direktionen" / "2025.html").read_text("utf-8")


def test_a_postponed_meeting_says_udskudt(make_repo, dialog):
    site = _cancelled_site(make_repo, dialog, "udskudt")
    html = (site / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert re.search(r"<h1>UDSKUDT: Dagsorden: Direktionen, [^<]+</h1>", html)
    assert "er udskudt." in html
    # listed (past, not a referat: not on the front page) on its forum's year page
    assert "(UDSKUDT)" in (site / "fora" / "direktionen" / "2025.html").read_text("utf-8")


def test_the_pdf_of_a_cancelled_meeting_says_aflyst_on_its_first_page(make_repo, dialog):
    site = _cancelled_site(make_repo, dialog, "aflyst")
    pdf = (site / "moeder" / DIR_ID / f"{DIR_ID}-dagsorden.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text()
    assert "AFLYST" in first and "er aflyst" in first
    assert "Indholdsfortegnelse" not in first
    assert str(reader.metadata.title).startswith("AFLYST: ")


@pytest.mark.parametrize(("status", "word"), [("aflyst", "AFLYST"), ("udskudt", "UDSKUDT")])
def test_the_calendar_event_of_a_cancelled_meeting_says_so_in_its_title(
    make_repo, dialog, status, word
):
    site = _cancelled_site(make_repo, dialog, status)
    calendar = Calendar.from_ical((site / "moeder.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [f"{word}: Direktionen"]
    assert str(events[0]["STATUS"]) == "CANCELLED"


# --- afholdt before its day -----------------------------------------------------------------


def test_an_afholdt_meeting_after_today_is_shown_as_its_dagsorden_until_its_day(make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC, f"{DIR}/meeting.md": direktionen("afholdt")})
    result = dialog("site", "--today", "2025-03-04", "-o", "foer", cwd=root)
    assert result.code == 0, result.err
    html = (root / "foer" / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
    assert "DAGSORDEN" in html and "REFERAT" not in html
    assert (root / "foer" / "moeder" / DIR_ID / f"{DIR_ID}-dagsorden.pdf").is_file()
    result = dialog("site", "--today", "2025-03-05", "-o", "paa-dagen", cwd=root)
    assert result.code == 0, result.err
    assert "REFERAT" in (root / "paa-dagen" / "moeder" / f"{DIR_ID}.html").read_text("utf-8")
