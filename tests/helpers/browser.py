"""A real browser for the site's tests: Debian's headless Chromium driven by selenium (see
/work/shared/BROWSER.md), a site served on 127.0.0.1, and axe-core (vendored in tests/axe/)
run on a page. Nothing is downloaded. Without Chromium a test is skipped with the reason;
with CI=true it fails."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).resolve().parent.parent / "axe" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BEST_PRACTICE = ["best-practice"]
PHONE, DESKTOP = (390, 844), (1280, 900)
SLOW_SECONDS = 1.5


def browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip with the reason when there is no browser here; in CI (CI=true), fail instead."""
    reason = browser_missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests need Chromium in CI: {reason}")
        pytest.skip(f"no browser to test the site in: {reason}")


@contextlib.contextmanager
def start_chromium(*, javascript: bool = True) -> Iterator[Any]:
    """Debian's headless Chromium with a fresh profile; with `javascript=False`, a reader
    who has turned JavaScript off."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must never fetch a driver or browser
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    with tempfile.TemporaryDirectory(prefix="dialog-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")  # a fresh profile, thrown away
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        try:
            yield driver
        finally:
            driver.quit()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Slow(_Quiet):
    def __init__(self, *args: Any, slow: Callable[[str], bool], **kwargs: Any) -> None:
        self.slow = slow
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.slow(self.path):
            time.sleep(SLOW_SECONDS)
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path, slow: Callable[[str], bool] | None = None) -> Iterator[str]:
    """`folder` served over http on 127.0.0.1 and a free port; its base URL. A request whose
    path `slow` is true of is answered a second late (a slow network, for races)."""
    handler: Callable[..., http.server.BaseHTTPRequestHandler] = (
        functools.partial(_Slow, directory=str(folder), slow=slow)
        if slow
        else functools.partial(_Quiet, directory=str(folder))
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(driver: Any, tags: list[str]) -> list[list[Any]]:
    """axe-core's violations of the rules with `tags` on the loaded page: [id, [targets]]."""
    driver.execute_script(AXE.read_text("utf-8"))
    result: list[list[Any]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])))"
        ".catch(e => done([['axe-error', [String(e)]]]));",
        tags,
    )
    return result


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths from its root."""
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts
    )


def open_for_the_keyboard(driver: Any, url: str) -> None:
    """Open `url` as a reader who then presses Tab: loaded, the page holding the keyboard's
    focus, and nothing focused yet (a script that focused something on load is reported
    here). Headless Chromium gives no page the window's focus (`document.hasFocus()` is
    false), and a Tab has been seen to reach nothing then (the body stayed focused); focus
    emulation makes the page focused as in a browser window."""
    import time

    driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
    driver.get(url)
    deadline = time.monotonic() + 5
    state: list[Any] = []
    while time.monotonic() < deadline:
        state = driver.execute_script(
            "return [document.readyState, document.hasFocus(),"
            " document.activeElement === document.body || document.activeElement === null]"
        )
        if state[0] == "complete" and state[1]:
            break
        time.sleep(0.02)
    assert state[:2] == ["complete", True], f"{url}: not ready for the keyboard: {state}"
    assert state[2], f"{url}: something is focused before any key is pressed"


_LOADED = (
    "return location.protocol === 'http:' && !!document.documentElement && !!document.body"
    " && document.readyState === 'complete'"
)
# The page's width, the window's and the page's height.
_PAGE_SIZE = (
    "const root = document.documentElement;"
    " return [root.scrollWidth, window.innerWidth, root.scrollHeight]"
)
_WIDEST = (
    "return [...document.body.querySelectorAll('*')]"
    ".filter(e => e.getBoundingClientRect().right > innerWidth)"
    ".map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40)).slice(-3)"
)


def open_page(driver: Any, url: str) -> None:
    """`driver.get(url)`, then wait (up to 10 s) until the page is loaded over http with its
    root element and body: ChromeDriver's get() has returned before that (a CI run under
    load read `document.documentElement.scrollWidth` of null), and Chromium's own error page
    (chrome-error:) is not the page asked for. For a driver that runs JavaScript."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(_LOADED))


def photograph_pages(
    driver: Any, url: str, pages: list[str], size: tuple[int, int], folder: Path
) -> dict[str, list[Any]]:
    """Each page opened in a window of `size` and photographed whole into `folder` (a PNG
    named after its path); the pages wider than the window, with their widths and the last
    three elements that stick out. Each page is measured once loaded (`open_page`)."""
    wide = {}
    try:
        for page in pages:
            driver.set_window_size(*size)
            open_page(driver, f"{url}/{page}")
            width, window, height = driver.execute_script(_PAGE_SIZE)
            if width > window:
                wide[page] = [width, window, driver.execute_script(_WIDEST)]
            driver.set_window_size(size[0], max(size[1], height))  # the whole page
            driver.save_screenshot(str(folder / (page.replace("/", "_")[:-5] + ".png")))
    finally:
        driver.set_window_size(*DESKTOP)
    return wide
