"""`dialog site`'s search: Pagefind's index of the built public meeting pages, searched here
with the site's own pagefind.js in Node; one sub-result per punkt, Danish stemming, and
nothing of a closed punkt in any file of the index."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers.canary import MARK
from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, direktionen_on
from helpers.site import TODAY, build_site

QUERY = Path(__file__).parent / "search_query.mjs"
PLACEHOLDER = "/soeg.html"  # the page of no meeting in each index (site/search.py)
SKOLEBUS = """\
---
titel: Skolebus
lukket: false
tid: "10:00"
---
## Sagsfremstilling

Direktionen skal træffe en beslutning om ruten.
"""


def search(site: Path, term: str) -> list[dict[str, object]]:
    """The results of the site's own search for `term`: page URL and sub-result URLs."""
    results: list[dict[str, object]] = _query(site, term)
    return results


def filter_counts(site: Path) -> dict[str, dict[str, int]]:
    """Each filter's values and their counts in the site's own search, before a search."""
    counts: dict[str, dict[str, int]] = _query(site, "--filters")
    return counts


def _query(site: Path, term: str) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("the search is queried with Node's WebAssembly; node is not installed")
    done = subprocess.run(
        [node, str(QUERY), str(site), term], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def index_texts(site: Path) -> dict[str, str]:
    """Every file under pagefind/, decompressed where gzip'd, as text."""
    texts = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(b"\x1f\x8b"):
                data = gzip.decompress(data)
            texts[str(path.relative_to(site))] = data.decode("utf-8", "replace")
    return texts


def fragments(site: Path, placeholders: bool = False) -> list[dict[str, object]]:
    """The pages of every index of the site (the meeting pages; `placeholders`: also the
    placeholder of each index, site/search.py)."""
    texts = index_texts(site)
    found = [
        json.loads(text.removeprefix("pagefind_dcd"))
        for name, text in texts.items()
        if name.endswith(".pf_fragment")
    ]
    return [f for f in found if placeholders or f["url"] != PLACEHOLDER]


@pytest.fixture
def site(make_repo, dialog) -> Path:
    files = {"dialog.yaml": PUBLIC, f"{DIR}/punkter/02-skolebus.md": SKOLEBUS}
    return build_site(dialog, make_repo(files))


def test_the_site_has_a_danish_search_index_with_a_fragment_per_meeting_page(site):
    for index in ("pagefind", "pagefind/2025"):  # the floor, and the year's index
        entry = json.loads((site / index / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == ["da"], index
    assert [f["url"] for f in fragments(site)] == [f"/moeder/{DIR_ID}.html"]  # from the root
    # a placeholder of no content in each: the floor's and the year's
    assert [f["url"] for f in fragments(site, placeholders=True)].count(PLACEHOLDER) == 2


def test_pagefinds_ui_and_webassembly_are_once_on_the_site_not_in_each_years_index(site):
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert sorted(p.name for p in (site / "pagefind" / "2025").iterdir() if p.is_file()) == [
        "pagefind-entry.json",
        next(p.name for p in (site / "pagefind" / "2025").glob("pagefind.da_*.pf_meta")),
    ]


def test_the_filters_count_each_meeting_once_though_the_floor_names_every_value(make_repo, dialog):
    older = "meetings/2024/2024-11-06-direktionen"
    files = {
        "dialog.yaml": PUBLIC,
        f"{older}/meeting.md": direktionen_on("2024-11-06"),
        f"{older}/punkter/01-skolebus.md": SKOLEBUS,
    }
    site = build_site(dialog, make_repo(files))
    assert filter_counts(site) == {
        "Dokument": {"Referat": 2},
        "Forum": {"Direktionen": 2},
        "År": {"2024": 1, "2025": 1},
    }


def test_each_punkt_is_a_sub_result_by_its_anchor(site):
    (fragment,) = fragments(site)
    assert [a["id"] for a in fragment["anchors"]] == ["punkt-1", "punkt-2"]


def test_a_danish_inflection_finds_the_punkt_by_its_anchor(site):
    (result,) = search(site, "beslutningerne")
    assert f"/moeder/{DIR_ID}.html#punkt-2" in result["sub"]


def test_danish_stemming_finds_only_the_punkt_holding_another_form_of_the_word(site):
    (result,) = search(site, "ruterne")  # the punkt says "ruten"; English stemming misses it
    assert result["sub"] == [f"/moeder/{DIR_ID}.html#punkt-2"]


def test_navigation_header_and_footer_are_not_indexed(site):
    (fragment,) = fragments(site)
    content = str(fragment["content"])
    assert "Direktionen skal træffe en beslutning om ruten" in content
    for outside in ("Spring til indholdet", "Årsplan", "Søg", "iCalendar", "Hent referatet",
                    "Indholdsfortegnelse"):  # fmt: skip
        assert outside not in content, outside


def test_the_meeting_is_titled_by_its_document_and_date(site):
    (fragment,) = fragments(site)
    assert fragment["meta"] == {"title": "Referat: Direktionen, onsdag den 5. marts 2025"}


def test_no_file_of_the_search_index_holds_anything_of_a_closed_punkt(canary_site):
    texts = index_texts(canary_site)
    assert len(fragments(canary_site)) == 2  # both meetings were indexed
    leaks = {name: re.findall(rf"\w*{MARK}\w*", text, re.I) for name, text in texts.items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_every_page_links_the_search_page(site):
    for page in site.rglob("*.html"):
        rod = "../" * (len(page.relative_to(site).parts) - 1)
        assert f'<a href="{rod}soeg.html"' in page.read_text("utf-8"), page


def test_the_search_page_loads_pagefinds_ui_from_the_site_and_says_what_to_do_without_js(site):
    html = (site / "soeg.html").read_text("utf-8")
    assert '<script src="pagefind/pagefind-ui.js"></script>' in html
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert "http" not in re.sub(r'<a href="[^"]*"', "", html.split("<main")[1])  # no CDN
    assert "<noscript>" in html and "Søgningen kræver JavaScript" in html


def test_without_pagefinds_binary_the_build_stops_and_keeps_the_previous_site(
    make_repo, dialog, monkeypatch
):
    root = make_repo({"dialog.yaml": PUBLIC})
    before = (build_site(dialog, root) / "index.html").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(root / "no-such-pagefind"))
    result = dialog("site", *TODAY, cwd=root)
    assert result.code == 2
    assert (
        result.err.count("\n") == 1 and "Pagefind" in result.err and "pagefind[bin]" in result.err
    )
    assert (root / "build" / "site" / "index.html").read_bytes() == before
