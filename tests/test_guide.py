"""Every command in the Danish guide (docs/guide.md) runs (issue 18.7): its fenced `sh`
blocks in order, in one shell, in an empty folder, with this environment's dialog first on
PATH and a home folder of its own. A block after `<!-- køres ikke i testen: WHY -->` is
skipped (it talks to GitHub or installs from the net); `<!-- testen redigerer: CMD -->`
runs CMD, the edit the text asks the reader to make in an editor."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from helpers.repo import PROJECT

GUIDE = PROJECT / "docs" / "guide.md"
SKIP = re.compile(r"<!-- køres ikke i testen: [^>]+ -->\s*$")
EDIT = re.compile(r"<!-- testen redigerer: (.+?) -->")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def script_of(text: str) -> tuple[str, list[str], list[str]]:
    """(the bash script, the blocks run, the blocks skipped) in the guide's order."""
    parts, ran, skipped = [], [], []
    position = 0
    events = sorted(
        [(m.start(), "block", m) for m in FENCE.finditer(text)]
        + [(m.start(), "edit", m) for m in EDIT.finditer(text)],
        key=lambda e: e[0],
    )
    for start, kind, match in events:
        if start < position:
            continue  # an edit comment inside a block (there is none)
        if kind == "edit":
            parts.append(f"echo '### redigerer'\n{match[1]}\n")
            continue
        position = match.end()
        language, body = match[1], match[2]
        if language != "sh":
            continue
        if SKIP.search(text[:start].rstrip("\n") + "\n"):
            skipped.append(body)
            continue
        ran.append(body)
        parts.append(f"echo '### blok {len(ran)}'\n{body}")
    return "set -euo pipefail\n" + "".join(parts), ran, skipped


def test_every_command_in_the_guide_runs_in_order(tmp_path):
    script, ran, skipped = script_of(GUIDE.read_text("utf-8"))
    assert len(ran) >= 12 and len(skipped) <= 4, (len(ran), len(skipped))
    assert all("git push" in b or "pipx install" in b for b in skipped)
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    work = tmp_path / "arbejde"
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "DIALOG_"))},
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stdout + done.stderr
    repo = work / "dialogmoeder"
    referat = repo / "build/2030-09-04-direktionen-referat.pdf"
    text = "".join(page.extract_text() for page in PdfReader(referat).pages)
    assert "Budget 2031" in text and "Personalesag i ældreplejen" in text  # the internal referat
    program = (repo / "meetings/2030/2030-10-01-vaekst/program.md").read_text("utf-8")
    assert "godkendt_af: lene-holm" in program
    assert (repo / "_site/index.html").is_file()
    assert sorted(
        p.name for p in (repo / "meetings/2030/2030-09-04-direktionen/punkter").glob("*.md")
    ) == [
        "01-budget-2031.md",
        "02-personaleforhold.md",
    ]
