"""A killed `dialog site` leaves a temporary folder `build/.site-*`; the next build removes
it, but never the folder of a build that is still running (it holds the folder's lock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import forkrun
from helpers.configs import PUBLIC
from helpers.site import TODAY


def _leftovers(root: Path) -> list[str]:
    build = root / "build"
    return sorted(p.name for p in build.iterdir() if p.name.startswith(".site-"))


def _site(root: Path) -> subprocess.Popen[bytes]:
    return forkrun.Popen(  # a real process, forked from the tests' zygote
        [sys.executable, "-m", "dialogmoder", "site", *TODAY],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _meetings(n: int) -> dict[str, str]:
    """`n` Direktionen meetings more, a punkt each: a site that takes a while to write (a
    PDF each), so that a build can be killed while it writes."""
    from helpers.meetings import direktionen_on

    files = {}
    for week in range(n):
        folder = f"meetings/2024/2024-{1 + week // 4:02d}-{7 * (week % 4) + 1:02d}-direktionen"
        files[f"{folder}/meeting.md"] = direktionen_on(folder[-22:-12])
        files[f"{folder}/punkter/01-sag.md"] = "---\ntitel: Sag\nlukket: false\n---\nTekst.\n"
    return files


def test_the_next_build_removes_what_killed_builds_left(make_repo):
    """Three builds killed with SIGKILL while they write their temporary folder, then one
    that runs to the end: no `.site-*` is left, and the site is whole."""
    root = make_repo({"dialog.yaml": PUBLIC, **_meetings(12)})
    killed = 0
    # at once, 50 and 100 ms after its own folder appears: it writes for ~0.4 s here (300 ms
    # after, as before, was sometimes past the swap)
    for delay in (0.0, 0.05, 0.1):
        earlier = set(_leftovers(root)) if (root / "build").is_dir() else set()
        process = _site(root)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            # its own folder: what the killed builds before it left, it removes first
            if (root / "build").is_dir() and set(_leftovers(root)) - earlier:
                time.sleep(delay)
                break
            time.sleep(0.01)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
    assert killed and _leftovers(root), "no build was killed while it wrote"
    final = _site(root)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert _leftovers(root) == []
    assert (root / "build/site/index.html").is_file()


HOLDER = """
import sys, time
from pathlib import Path
from dialogmoder.io.edit import edit_lock
with edit_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_folder_of_a_build_that_still_runs_is_not_removed(make_repo):
    """A real process holds the lock of `build/.site-running` as a running build does; the
    new build waits for it rather than deleting its folder, and removes it once it is dead."""
    root = make_repo({"dialog.yaml": PUBLIC})
    running = root / "build/.site-running"
    running.mkdir(parents=True)
    (running / "half.html").write_text("a build in progress\n", "utf-8")
    holder = forkrun.Popen(
        [sys.executable, "-c", HOLDER, str(running), "4"], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    build = _site(root)
    time.sleep(2)
    assert (running / "half.html").is_file()  # the owner is alive: its folder stays
    holder.wait(timeout=60)
    _out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert not running.exists()
    assert _leftovers(root) == []


def _gone(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not path.exists()


def test_a_rebuild_leaves_the_old_site_to_a_process_that_removes_it(make_repo):
    """The previous site, swapped out, is removed by a process of its own after the build
    returns (io/remover.py): nothing of it is left once that process ends, and the site is
    whole."""
    root = make_repo({"dialog.yaml": PUBLIC, **_meetings(3)})
    for text in ("Tekst.", "Ny tekst."):
        sag = root / "meetings/2024/2024-01-01-direktionen/punkter/01-sag.md"
        sag.write_text(f"---\ntitel: Sag\nlukket: false\n---\n{text}\n", "utf-8")
        build = _site(root)
        _out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
    deadline = time.monotonic() + 30
    while _leftovers(root) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _leftovers(root) == []
    assert b"Ny tekst." in (root / "build/site/moeder/2024-01-01-direktionen.html").read_bytes()


def test_the_removing_process_waits_for_the_folders_lock(tmp_path):
    """A build that holds the old folder's lock (removing it as a dead build's, say) keeps
    the removing process waiting: it never removes files from under a lock's holder."""
    from dialogmoder.io.remover import remove_apart

    old = tmp_path / ".site-old"
    (old / "moeder/2024-01-01-direktionen/bilag").mkdir(parents=True)
    (old / "moeder/2024-01-01-direktionen/bilag/notat.txt").write_text("Notat\n", "utf-8")
    (old / "index.html").write_text("<p>Forsiden</p>\n", "utf-8")
    holder = forkrun.Popen([sys.executable, "-c", HOLDER, str(old), "2"], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    assert remove_apart(old)
    time.sleep(1)
    assert (old / "moeder/2024-01-01-direktionen/bilag/notat.txt").is_file()
    holder.wait(timeout=60)
    assert _gone(old, 30)
