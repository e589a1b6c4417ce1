"""Finding a meeting on the site, in Debian's headless Chromium (issue 19, item 4): a search
that is narrowed to one year and followed to the meeting, newest first, its count read out
by a live region, its field labelled by a real <label>, no text under 14 px; and axe-core
with its best-practice rules as well as WCAG 2.1 A/AA on the pages that find meetings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import (
    BEST_PRACTICE,
    WCAG,
    axe_violations,
    open_page,
    require_browser,
    serve,
    start_chromium,
)
from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, direktionen_on
from helpers.repo import write_repo
from helpers.run import run_dialog_process
from helpers.site import TODAY

OLDER_ID = "2024-11-06-direktionen"
RECRUITING = """\
---
titel: Rekruttering af {who}
lukket: false
sagsgang: DIR
---
## Sagsfremstilling

Status på rekruttering af {who}.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    require_browser()
    root = write_repo(
        tmp_path_factory.mktemp("repo") / "repo",
        {
            "dialog.yaml": PUBLIC,
            f"{DIR}/punkter/02-rekruttering.md": RECRUITING.format(who="ledere"),
            f"meetings/2024/{OLDER_ID}/meeting.md": direktionen_on("2024-11-06"),
            f"meetings/2024/{OLDER_ID}/punkter/01-rekruttering.md": RECRUITING.format(
                who="sygeplejersker"
            ),
        },
    )
    out = tmp_path_factory.mktemp("site") / "site"
    done = run_dialog_process("site", *TODAY, "--root", root, "-o", out, timeout=300)
    assert done.returncode == 0, done.stderr
    with serve(out) as url:
        yield out, url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
    with start_chromium() as driver:
        yield driver


def wait_for(condition: Any, seconds: float = 15) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the page did not get there in time")


def results(chromium: Any) -> list[str]:
    return chromium.execute_script(
        "return [...document.querySelectorAll("
        "'.pagefind-ui__result-inner > .pagefind-ui__result-title > a')]"
        ".map(a => a.getAttribute('href'))"
    )


def search(chromium: Any, url: str, words: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(chromium, f"{url}/soeg.html")
    field = wait_for(lambda: chromium.find_elements(By.ID, "soeg-felt"))[0]
    field.send_keys(words)


def test_a_search_narrowed_to_one_year_leads_to_that_years_meeting(site, chromium):
    from selenium.webdriver.common.by import By

    _, url = site
    search(chromium, url, "rekruttering")
    found = wait_for(lambda: len(results(chromium)) == 2 and results(chromium))
    assert DIR_ID in found[0] and OLDER_ID in found[1]  # the newest first
    status = chromium.find_element(By.ID, "soeg-status")
    assert status.get_attribute("role") == "status"
    wait_for(lambda: "2" in status.get_attribute("textContent"))
    # narrow to 2024: open the year's filter and tick it
    panels = chromium.find_elements(By.CSS_SELECTOR, "details.pagefind-ui__filter-block")
    (year,) = [p for p in panels if p.find_element(By.TAG_NAME, "summary").text.strip() == "År"]
    year.find_element(By.TAG_NAME, "summary").click()
    (box,) = [
        label
        for label in year.find_elements(By.CSS_SELECTOR, "label")
        if label.text.strip().startswith("2024")
    ]
    box.click()
    narrowed = wait_for(lambda: len(results(chromium)) == 1 and results(chromium))
    assert OLDER_ID in narrowed[0]
    wait_for(lambda: "1" in status.get_attribute("textContent"))
    chromium.find_element(By.CSS_SELECTOR, ".pagefind-ui__result-title > a").click()
    wait_for(lambda: OLDER_ID in chromium.current_url)
    heading = chromium.find_element(By.TAG_NAME, "h1").text
    assert heading == "Referat: Direktionen, onsdag den 6. november 2024"


def test_the_search_field_is_labelled_and_results_are_never_under_14px(site, chromium):
    from selenium.webdriver.common.by import By

    _, url = site
    chromium.set_window_size(390, 844)
    try:
        search(chromium, url, "rekruttering")
        wait_for(lambda: len(results(chromium)) == 2)
        label = chromium.find_element(By.CSS_SELECTOR, "label[for='soeg-felt']")
        assert label.text == "Søg efter"
        field = chromium.find_element(By.ID, "soeg-felt")
        assert field.get_dom_attribute("title") is None
        small = chromium.execute_script(
            "return [...document.querySelectorAll('#soeg *')]"
            ".filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))"
            ".map(e => [e.className, parseFloat(getComputedStyle(e).fontSize)])"
            ".filter(s => s[1] < 14)"
        )
        assert small == []
        # a snippet keeps a label apart from its value
        text = chromium.find_element(By.ID, "soeg").text
        assert "SagsgangDIR" not in text
    finally:
        chromium.set_window_size(1280, 900)


def test_the_pages_that_find_meetings_pass_axe_with_best_practice_rules(site, chromium):
    _, url = site
    found = {}
    for page in (
        "index.html",
        "fora/direktionen/index.html",
        "fora/direktionen/2025.html",
        "fora/direktionen/2024.html",
        f"moeder/{DIR_ID}.html",
        "aarsplan/2025.html",
    ):
        open_page(chromium, f"{url}/{page}")
        violations = axe_violations(chromium, WCAG + BEST_PRACTICE)
        if violations:
            found[page] = violations
    search(chromium, url, "rekruttering")  # the search page with its results and filters
    wait_for(lambda: len(results(chromium)) == 2)
    violations = axe_violations(chromium, WCAG + BEST_PRACTICE)
    if violations:
        found["soeg.html"] = violations
    assert found == {}


# Each year's search index is merged into one search (site/search.py): a forum first
# published in the newest year sorts before the one published in every year.
YEARS = {
    "2023-05-10-direktionen": "direktionen",
    "2023-09-13-direktionen": "direktionen",
    "2024-11-06-direktionen": "direktionen",
    "2025-02-05-beskaeftigelse": "beskaeftigelse",
}
BESKAEFTIGELSE = "  beskaeftigelse:\n    navn: Beskæftigelsesudvalget\n    offentlig: true\n"


@pytest.fixture(scope="module")
def years_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers.meetings import meeting_md

    require_browser()
    files = {
        "dialog.yaml": PUBLIC.replace("temaer:\n", BESKAEFTIGELSE + "temaer:\n"),
        f"{DIR}/punkter/02-rekruttering.md": RECRUITING.format(who="ledere"),
    }
    for name, forum in YEARS.items():
        folder = f"meetings/{name[:4]}/{name}"
        files[f"{folder}/meeting.md"] = meeting_md(forum, "Møde", name[:10])
        files[f"{folder}/punkter/01-rekruttering.md"] = RECRUITING.format(who=name)
    root = write_repo(tmp_path_factory.mktemp("repo") / "repo", files)
    out = tmp_path_factory.mktemp("site") / "site"
    done = run_dialog_process("site", *TODAY, "--root", root, "-o", out, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "pagefind").iterdir() if p.name.isdigit()) == [
        "2023",
        "2024",
        "2025",
    ]
    return out


@pytest.fixture(scope="module")
def years_site(years_folder: Path) -> Iterator[str]:
    with serve(years_folder) as url:
        yield url


def test_one_search_finds_the_oldest_and_the_newest_years_newest_first(years_site, chromium):
    check_years_search(chromium, years_site)


def test_a_search_typed_at_once_counts_a_year_whose_filters_come_late(years_folder, chromium):
    """Pagefind's UI loads the filters beside the first search; on a slow line the first
    answer counted 0 for a year whose filters had not come (it failed a CI run under load).
    Here the newest year's filters come 1.5 s late, and the search is typed at once."""
    with serve(years_folder, slow=lambda path: path.startswith("/pagefind/2025/filter/")) as url:
        check_years_search(chromium, url)


def check_years_search(chromium: Any, url: str) -> None:
    from selenium.webdriver.common.by import By

    search(chromium, url, "rekruttering")
    found = wait_for(lambda: len(results(chromium)) == 5 and results(chromium))
    newest_first = [DIR_ID, *sorted(YEARS, reverse=True)]
    assert [next(m for m in newest_first if m in href) for href in found] == newest_first
    panels = chromium.find_elements(By.CSS_SELECTOR, "details.pagefind-ui__filter-block")
    values = {}
    for panel in panels:
        summary = panel.find_element(By.TAG_NAME, "summary")
        summary.click()
        labels = panel.find_elements(By.CSS_SELECTOR, "label")
        values[summary.text.strip()] = [label.text.strip() for label in labels]
    assert values["Forum"] == ["Beskæftigelsesudvalget (1)", "Direktionen (4)"]
    assert values["År"] == ["2023 (2)", "2024 (1)", "2025 (2)"]
