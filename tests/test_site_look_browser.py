"""The kommune's look in a real browser (Debian's headless Chromium, selenium, axe-core from
tests/axe/): two sites, one in a house colour that can carry text (#00606b) and one in a
colour far too pale for it (#ffe680), each with a logo, contact, a held and a cancelled
meeting. axe finds no violation of WCAG 2.0/2.1 A and AA nor of its best practices on any
page; what the eye sees is measured from the computed styles (contrast of links, bands and
focus rings; one sans-serif font, also in Pagefind's search); screenshots at phone and
desktop widths go to $DIALOG_SCREENSHOTS (look-*) or a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import (
    BEST_PRACTICE,
    DESKTOP,
    PHONE,
    WCAG,
    axe_violations,
    html_pages,
    open_for_the_keyboard,
    open_page,
    photograph_pages,
    require_browser,
    serve,
    start_chromium,
)
from helpers.configs import PUBLIC
from helpers.meetings import DIR_ID, direktionen_on
from helpers.repo import write_repo
from helpers.run import run_dialog_process

HOUSE, PALE = "#00606b", "#ffe680"
WAS = "https://was.digst.dk/moeder-testkommune-dk"
CANCELLED = "2025-04-02-direktionen"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
    '<rect width="120" height="60" rx="8" fill="#00606b"/></svg>\n'
)
SITES = {"hus": HOUSE, "bleg": PALE}

# WCAG 2.1's relative luminance and contrast of two computed `rgb(...)` colours, in the page
CONTRAST_JS = """
const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05); };
const background = e => { while (e) { const c = getComputedStyle(e).backgroundColor;
  if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; e = e.parentElement; }
  return 'rgb(255, 255, 255)'; };
"""


def config(farve: str, statement: bool) -> str:
    text = PUBLIC.replace(
        "organisation: Testkommune\n", "organisation: Testkommune\nlogo: logo.svg\n"
    )
    text += (
        "websted:\n"
        "  url: https://moeder.testkommune.dk/\n"
        f'  farve: "{farve}"\n'
        '  kontakt: {telefon: "87 53 50 00", email: kommunen@testkommune.dk,'
        ' adresse: "Torvet 1, 8400 By"}\n'
        "  hjemmeside: https://www.testkommune.dk/\n"
    )
    return text + (f"tilgaengelighed: {WAS}\n" if statement else "")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """hus/ (the house colour, a WAS-Tool statement) and bleg/ (a pale colour, none), served."""
    require_browser()
    top = tmp_path_factory.mktemp("look")
    for name, farve in SITES.items():
        repo = write_repo(
            tmp_path_factory.mktemp(name) / "repo",
            {
                "dialog.yaml": config(farve, statement=name == "hus"),
                "logo.svg": LOGO,
                f"meetings/2025/{CANCELLED}/meeting.md": direktionen_on(
                    "2025-04-02", "status: aflyst"
                ),
            },
        )
        done = run_dialog_process(
            "site", "--today", "2025-06-01", "-o", top / name, "--root", repo, timeout=300
        )
        assert done.returncode == 0, done.stderr
    with serve(top) as url:
        yield top, url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
    with start_chromium() as driver:
        yield driver


def every_page(top: Path) -> list[str]:
    return [f"{name}/{page}" for name in SITES for page in html_pages(top / name)]


def test_no_page_in_either_colour_has_an_axe_violation_best_practices_included(sites, chromium):
    top, url = sites
    found = {}
    for page in every_page(top):
        open_page(chromium, f"{url}/{page}")
        violations = axe_violations(chromium, WCAG + BEST_PRACTICE)
        if violations:
            found[page] = violations
    assert found == {}


@pytest.mark.parametrize("name", list(SITES))
def test_links_bands_and_focus_rings_have_the_contrast_wcag_asks(sites, chromium, name):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _top, url = sites
    open_for_the_keyboard(chromium, f"{url}/{name}/index.html")
    measured = chromium.execute_script(
        CONTRAST_JS + "const link = document.querySelector('main a');"
        "const menu = document.querySelector('nav.menu a');"
        "const foot = document.querySelector('footer.site a');"
        "return {link: contrast(getComputedStyle(link).color, background(link)),"
        " menu: contrast(getComputedStyle(menu).color, background(menu)),"
        " foot: contrast(getComputedStyle(foot).color, background(foot))};"
    )
    assert min(measured.values()) >= 4.5, measured
    # every focus ring by keyboard: 3:1 against what is behind it
    count = chromium.execute_script("return document.querySelectorAll('a[href]').length")
    weak = []
    for _ in range(count):
        ActionChains(chromium).send_keys(Keys.TAB).perform()
        ring = chromium.execute_script(
            CONTRAST_JS + "const e = document.activeElement; const s = getComputedStyle(e);"
            "return [s.outlineStyle, contrast(s.outlineColor, background(e.parentElement)),"
            " e.textContent.trim().slice(0, 30)];"
        )
        if ring[0] == "none" or ring[1] < 3:
            weak.append(ring)
    assert weak == []


@pytest.mark.parametrize("name", list(SITES))
def test_one_sans_serif_font_for_the_pages_and_the_search(sites, chromium, name):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _top, url = sites
    open_page(chromium, f"{url}/{name}/soeg.html")
    WebDriverWait(chromium, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__search-input")
    )
    fonts = chromium.execute_script(
        "return [getComputedStyle(document.body).fontFamily,"
        " getComputedStyle(document.querySelector('.pagefind-ui__search-input')).fontFamily,"
        " getComputedStyle(document.querySelector('.pagefind-ui')).fontFamily];"
    )
    assert fonts[0].rstrip().endswith("sans-serif") and "Georgia" not in fonts[0]
    assert fonts[1] == fonts[0] and fonts[2] == fonts[0], fonts


@pytest.mark.parametrize("name", list(SITES))
def test_every_page_shows_the_logo_and_the_footer_the_law_and_a_citizen_need(sites, chromium, name):
    top, url = sites
    statement = WAS if name == "hus" else "tilgaengelighed.html"
    wrong = {}
    for page in html_pages(top / name):
        open_page(chromium, f"{url}/{name}/{page}")
        seen = chromium.execute_script(
            "const logo = document.querySelector('header.site img.logo');"
            "const links = [...document.querySelectorAll('footer.site a')];"
            "const law = links.filter(a => a.textContent.trim() === 'Tilgængelighedserklæring');"
            "const header = document.querySelector('header.site').textContent;"
            "const tall = !!logo && logo.getBoundingClientRect().height > 20;"
            "return {logo: tall && logo.naturalWidth > 0,"
            " organisation: header.includes('Testkommune'),"
            " law: law.map(a => a.getAttribute('href')),"
            " tel: links.some(a => a.href === 'tel:87535000'),"
            " mail: links.some(a => a.href === 'mailto:kommunen@testkommune.dk'),"
            " home: links.some(a => a.href === 'https://www.testkommune.dk/')};"
        )
        law = seen.pop("law")
        if not all(seen.values()) or len(law) != 1 or not law[0].endswith(statement):
            wrong[page] = [seen, law]
    assert wrong == {}


def test_a_cancelled_meeting_announces_it_and_lists_no_empty_contents(sites, chromium):
    from selenium.webdriver.common.by import By

    _top, url = sites
    open_page(chromium, f"{url}/hus/moeder/{CANCELLED}.html")
    heading = chromium.find_element(By.TAG_NAME, "h1").text
    assert heading == "AFLYST: Dagsorden: Direktionen, onsdag den 2. april 2025"
    banner = chromium.find_element(By.CSS_SELECTOR, "[role=status]")
    assert banner.is_displayed() and banner.text.startswith("AFLYST")
    assert "er aflyst" in banner.text
    assert chromium.find_elements(By.CSS_SELECTOR, "nav.indhold") == []
    open_page(chromium, f"{url}/hus/moeder/{DIR_ID}.html")  # a held meeting keeps its contents
    assert chromium.find_elements(By.CSS_SELECTOR, "nav.indhold")
    assert chromium.find_elements(By.CSS_SELECTOR, "[role=status]") == []


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways_and_each_is_photographed(sites, chromium, size, tmp_path):
    top, url = sites
    folder = Path(os.environ.get("DIALOG_SCREENSHOTS", tmp_path)) / f"look-{size[0]}"
    folder.mkdir(parents=True, exist_ok=True)
    wide = photograph_pages(chromium, url, every_page(top), size, folder)
    assert wide == {}
    assert len(list(folder.glob("*.png"))) == len(every_page(top))
