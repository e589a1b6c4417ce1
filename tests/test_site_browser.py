"""`dialog site` in a real browser: Debian's headless Chromium, driven by selenium, checks every
page of two built sites (the bundled repository's, and one with every page type) with axe-core
against WCAG 2.0/2.1 A and AA, by keyboard, and without JavaScript; it saves screenshots at phone
and desktop widths.

axe-core is vendored in tests/axe/ (axe.min.js 4.14.1 of the npm package `axe-core`, MPL-2.0,
see tests/axe/README.md); nothing is downloaded while the tests run. Without Chromium the tests
are skipped with the reason; with CI=true a missing browser fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import (
    DESKTOP,
    PHONE,
    WCAG,
    axe_violations,
    open_for_the_keyboard,
    open_page,
    photograph_pages,
    require_browser,
    serve,
    start_chromium,
)
from helpers.configs import PUBLIC
from helpers.meetings import direktionen_on
from helpers.repo import PROJECT, write_repo
from helpers.run import run_dialog_process
from helpers.site import TODAY

SEARCH_PAGE = "soeg.html"  # the one page that needs JavaScript

COMING = direktionen_on("2025-09-03", 'start: "09:00"', 'slut: "11:00"', "sted: Mødelokale 2")
COMING_PUNKT = """\
---
titel: Status på anlægsprojekter
lukket: false
tid: "09:00"
---
## Sagsfremstilling

| Projekt | Budget | Status |
| --- | --- | --- |
| Skolen | 12 mio. kr. | I gang |

## Indstilling

Det indstilles, at status tages til efterretning.
"""


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require_browser()
    with start_chromium() as driver:
        yield driver


def dialog_site(*args: str | Path) -> None:
    done = run_dialog_process("site", *args, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Both sites built into one folder (bundled/, alle/) and served on 127.0.0.1 over http."""
    require_browser()
    top = tmp_path_factory.mktemp("served")
    dialog_site("-o", top / "bundled", "--root", PROJECT)
    meeting = "meetings/2025/2025-09-03-direktionen"
    repo = write_repo(
        tmp_path_factory.mktemp("repo") / "repo",
        {
            "dialog.yaml": PUBLIC,
            f"{meeting}/meeting.md": COMING,
            f"{meeting}/punkter/01-status.md": COMING_PUNKT,
        },
    )
    dialog_site(*TODAY, "-o", top / "alle", "--root", repo)
    with serve(top) as url:
        yield top, url


def pages(top: Path) -> list[str]:
    """Every HTML page of both built sites, as paths below the served folder."""
    return sorted(p.relative_to(top).as_posix() for p in top.rglob("*.html"))


def test_the_full_site_has_every_page_type(served):
    top, _ = served
    found = set(pages(top))
    for page in (
        "alle/index.html",
        "alle/aarsplan/index.html",
        "alle/aarsplan/2025.html",
        "alle/moeder/2025-03-05-direktionen.html",
        "alle/moeder/2025-09-03-direktionen.html",
        "alle/tilgaengelighed.html",
    ):
        assert page in found
    held = (top / "alle/moeder/2025-03-05-direktionen.html").read_text("utf-8")
    coming = (top / "alle/moeder/2025-09-03-direktionen.html").read_text("utf-8")
    assert "REFERAT" in held and "DAGSORDEN" in coming


def test_no_page_has_a_wcag_a_or_aa_violation_by_axe(served, chromium):
    top, url = served
    found = {}
    for page in pages(top):
        open_page(chromium, f"{url}/{page}")
        result = axe_violations(chromium, WCAG)
        if result:
            found[page] = result
    assert found == {}


def test_the_first_tab_focuses_the_skip_link_on_every_page(served, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    top, url = served
    wrong = {}
    for page in pages(top):
        open_for_the_keyboard(chromium, f"{url}/{page}")
        ActionChains(chromium).send_keys(Keys.TAB).perform()
        focused = chromium.switch_to.active_element
        if focused.get_attribute("class") != "spring":
            wrong[page] = focused.get_attribute("outerHTML")[:80]
    assert wrong == {}


def test_enter_on_the_skip_link_moves_focus_to_the_main_content(served, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    top, url = served
    wrong = {}
    for page in pages(top):
        open_for_the_keyboard(chromium, f"{url}/{page}")
        ActionChains(chromium).send_keys(Keys.TAB).send_keys(Keys.ENTER).perform()
        focused = chromium.switch_to.active_element
        if focused.tag_name != "main":
            wrong[page] = focused.get_attribute("outerHTML")[:80]
    assert wrong == {}


def test_everything_focused_by_keyboard_shows_an_outline(served, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    top, url = served
    invisible = {}
    for page in pages(top):
        open_for_the_keyboard(chromium, f"{url}/{page}")
        links = chromium.execute_script(
            "return document.querySelectorAll("
            "'a[href], button, input, [tabindex]:not([tabindex=\"-1\"])').length"
        )
        for _ in range(links):
            ActionChains(chromium).send_keys(Keys.TAB).perform()
            style = chromium.execute_script(
                "const s = getComputedStyle(document.activeElement);"
                "const e = document.activeElement;"
                "return [s.outlineStyle, parseFloat(s.outlineWidth),"
                " e.href || e.outerHTML.slice(0, 80)];"
            )
            if style[0] == "none" or style[1] < 2:
                invisible.setdefault(page, []).append(style[2])
    assert invisible == {}


def test_every_page_but_search_shows_its_content_without_javascript(served):
    from selenium.webdriver.common.by import By

    top, url = served
    (top / "probe.html").write_text(
        '<!DOCTYPE html><html lang="da"><title>p</title><main><p id="p">uden</p></main>'
        "<script>document.getElementById('p').textContent = 'med';</script></html>",
        "utf-8",
    )
    try:
        with start_chromium(javascript=False) as driver:
            driver.get(f"{url}/probe.html")
            assert driver.find_element(By.ID, "p").text == "uden"  # scripts do not run
            empty = []
            for page in pages(top):
                if page.endswith(SEARCH_PAGE) or page == "probe.html":
                    continue
                driver.get(f"{url}/{page}")
                main = driver.find_element(By.TAG_NAME, "main")
                heading = main.find_elements(By.TAG_NAME, "h1")
                if not heading or not heading[0].text.strip() or len(main.text) < 40:
                    empty.append(page)
        assert empty == []
    finally:
        (top / "probe.html").unlink()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways_and_each_is_photographed(served, chromium, size, tmp_path):
    top, url = served
    folder = Path(os.environ.get("DIALOG_SCREENSHOTS", tmp_path)) / f"{size[0]}x{size[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    wide = photograph_pages(chromium, url, pages(top), size, folder)
    assert wide == {}
    assert len(list(folder.glob("*.png"))) == len(pages(top))


def test_no_text_is_smaller_than_14px_on_a_phone(served, chromium):
    top, url = served
    chromium.set_window_size(*PHONE)
    small = {}
    try:
        for page in pages(top):
            open_page(chromium, f"{url}/{page}")
            sizes = chromium.execute_script(
                "return [...document.body.querySelectorAll('*')]"
                ".filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))"
                ".map(e => [e.tagName, parseFloat(getComputedStyle(e).fontSize)])"
                ".filter(s => s[1] < 14)"
            )
            if sizes:
                small[page] = sizes[:3]
    finally:
        chromium.set_window_size(*DESKTOP)
    assert small == {}
