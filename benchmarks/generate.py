"""Generate a deterministic, valid dialog repository of about N files for benchmarks.

    python benchmarks/generate.py DIR --files 5000 [--seed 1] [--bilag-pdf PAGES]

Years of weekly Direktionen meetings (6-10 punkter each, bilag, some closed punkter;
published, `offentlig: true`, for `dialog site`) and monthly strategic dialogue meetings
with every product approved and initiativer, ending before 2026-01-01 so that
`dialog check --today 2026-01-15` has nothing to say.

`--bilag-pdf PAGES` also gives every bilag a file (`fil: bilag/...pdf`): a PDF of PAGES
pages of text, as a Word document saved as PDF is, which `dialog check` reads for CPR
numbers when the bilag is open (DM601). The Markdown is otherwise the same as without it.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

SENTENCES = [
    "Direktionen drøfter status på de tværgående indsatser i udmøntningsplanen.",
    "Sagen fremlægges med henblik på drøftelse af den videre proces.",
    "Der er behov for koordinering mellem forvaltningerne i forhold til implementeringen.",
    "Økonomiudvalget har bedt om en samlet oversigt over de forventede merudgifter.",
    "Fagcheferne er anmodet om at give status på punkterne inden næste møde.",
    "Arbejdsgruppen udarbejder et revideret oplæg på baggrund af direktionens input.",
    "Der lægges op til, at kommunikationen til medarbejderne sker i første kvartal.",
    "Budgettet for det specialiserede socialområde er under pres som følge af flere sager.",
    "Ældrereformen indebærer ændringer i visitation og helhedspleje fra årsskiftet.",
    "Bosætningskampagnen evalueres, og resultaterne præsenteres for kommunalbestyrelsen.",
    "Ejendomsanalysen peger på muligheder for samling af aktiviteter på færre lokationer.",
    "Sygefraværet er faldet en smule, men ligger fortsat over landsgennemsnittet.",
    "Der er positive tilbagemeldinger fra erhvervslivet på dialogmøderne i efteråret.",
    "Planlægningen af næste års lederdag starter tidligt, så datoen kan meldes ud.",
    "Direktionen besluttede at følge op på sagen på et senere møde.",
    "Klimaindsatsen kobles til kommuneplanen og de kommende energiprojekter.",
]
TITLES = [
    "Beslutningsprotokoller og dagsordener",
    "Sager til behandling og tidsplan",
    "Udmøntningsplan - tværgående indsatser",
    "Status på sygefravær",
    "Budgetopfølgning",
    "Ejendomsanalyse på skoleområdet",
    "Kommunikation af fælles indsatser",
    "Aftalestyring - opfølgning",
    "Rekruttering og fastholdelse",
    "Digitalisering og AI-værktøjer",
    "Befolkningsprognose",
    "Evaluering af nytårskur",
    "Gennemgang af portefølje og kommende møder",
]
SECTIONS = ["Baggrund", "Sagsfremstilling", "Økonomiske konsekvenser", "Indstilling", "Beslutning"]

CONFIG = """\
organisation: Benchmark Kommune
personer:
  borgmester: {titel: Borgmester, rolle: borgmester}
  kd: {navn: Karin Dahl, titel: Kommunaldirektør, rolle: kommunaldirektoer, github: kdahl}
  vd: {navn: Viggo Dam, titel: Velfærdsdirektør, rolle: fagdirektoer, github: vdam}
  fd: {navn: Frida Due, titel: Fællesforvaltningsdirektør, rolle: fagdirektoer, github: fdue}
  oc: {navn: Ole Carl, titel: Økonomichef, rolle: chef}
  sk: {navn: Sara Krog, titel: Specialkonsulent, rolle: konsulent}
fora:
  strategisk-dialogmoede:
    navn: Strategisk dialogmøde
    medlemmer: [borgmester, kd, vd, fd]
    produkter:
      program: {paakraevet: ja, frist: -7, godkendes_af: fagdirektoer}
      baggrundsnotat: {paakraevet: ja, frist: -7, godkendes_af: fagdirektoer}
      facilitering: {paakraevet: ved_behov, frist: -7, godkendes_af: fagdirektoer}
      opfoelgningsnotat: {paakraevet: ja, frist: 14}
    formoede: {frist: -3, med: [borgmester]}
  direktionen:
    navn: Direktionen
    medlemmer: [kd, vd, fd]
    offentlig: true
temaer:
  vaekst: {navn: Vækst og udvikling}
  velfaerd: {navn: Fremtidens velfærd}
"""


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def punkt_text(rng: random.Random, nr: int, start: int, lukket: bool) -> str:
    titel = rng.choice(TITLES)
    minutes = start + (nr - 1) * 20
    lines = [
        "---",
        f"titel: {titel}",
        f"tid: {minutes // 60:02d}:{minutes % 60:02d}",
        f"lukket: {'true' if lukket else 'false'}",
    ]
    if lukket:
        lines.append("offentlig_titel: Personalesag")
    lines += [
        "sagsgang: DIR",
        f"kle: 00.{rng.randint(1, 30):02d}.{rng.randint(0, 20):02d}",
        f"sagsnr: {rng.randint(20, 25)}/{rng.randint(1000, 9999)}",
        f"deltager: [{rng.choice(['oc', 'sk', 'borgmester'])}]",
    ]
    if rng.random() < 0.6:
        lines.append("bilag:")
        for _ in range(rng.randint(1, 3)):
            lines += [
                f"  - titel: {rng.choice(TITLES)} - notat",
                f"    dokumentnr: {rng.randint(10000, 99999)}/{rng.randint(20, 25)}",
                f"    lukket: {'true' if lukket or rng.random() < 0.2 else 'false'}",
            ]
    lines.append("---")
    for section in SECTIONS:
        lines += [f"## {section}", "", paragraph(rng, rng.randint(2, 8)), ""]
    return "\n".join(lines)


def direktionen(rng: random.Random, day: date) -> dict[str, str]:
    files = {
        "meeting.md": (
            "---\nforum: direktionen\ntitel: Direktionen\n"
            f"dato: {day.isoformat()}\nstart: 09:00\nslut: 13:00\n"
            "sted: Mødelokale 250\nstatus: afholdt\n---\n"
        )
    }
    for nr in range(1, rng.randint(6, 10) + 1):
        slug = f"{nr:02d}-punkt-{nr}"
        files[f"punkter/{slug}.md"] = punkt_text(rng, nr, 9 * 60, rng.random() < 0.1)
    return files


def produkt(rng: random.Random, kind: str, meeting_md: str, approved: date, extra: str = "") -> str:
    """A product approved by the meeting's fagdirektør, with the hash `dialog approve` writes."""
    from dialogmoder.domain.approval import approval_hash
    from dialogmoder.domain.loader import load_document
    from dialogmoder.domain.models import Meeting

    meeting = load_document("meeting.md", meeting_md, Meeting).data

    text = (
        f"---\ntitel: {kind.title()}\n{extra}---\n"
        f"## Indhold\n\n{paragraph(rng, rng.randint(4, 12))}\n"
    )
    approval = (
        f"status: godkendt\ngodkendt_af: vd\ngodkendt_dato: {approved.isoformat()}\n"
        f"godkendt_hash: {approval_hash(text, kind, meeting)}\n"
    )
    return text.replace("---\n", "---\n" + approval, 1)


def strategisk(rng: random.Random, day: date) -> dict[str, str]:
    from dialogmoder.domain.dates import frist_date

    frist = day + timedelta(days=60)
    initiativer = "".join(
        f"  - hvad: {rng.choice(TITLES)}\n    hvem: [{rng.choice(['kd', 'vd', 'fd'])}]\n"
        f"    sigt: {rng.choice(['kort', 'lang'])}\n    frist: {frist.isoformat()}\n"
        "    status: afsluttet\n"
        for _ in range(rng.randint(1, 4))
    )
    before = day - timedelta(days=10)
    program = "programpunkter:\n  - tid: 13:00\n    titel: Oplæg\n"
    meeting = (
        "---\nforum: strategisk-dialogmoede\ntitel: Strategisk dialog\n"
        f"dato: {day.isoformat()}\nstart: 13:00\nslut: 15:30\nstatus: afholdt\n"
        "vaert: [kd]\nfagdirektoer: vd\ntemaer: [vaekst]\n"
        f"formoede: {{dato: {frist_date(day, -3).isoformat()}}}\n---\n"
    )
    return {
        "meeting.md": meeting,
        "program.md": produkt(rng, "program", meeting, before, program),
        "baggrundsnotat.md": produkt(rng, "baggrundsnotat", meeting, before),
        "opfoelgningsnotat.md": produkt(
            rng,
            "opfoelgningsnotat",
            meeting,
            day + timedelta(days=1),
            f"initiativer:\n{initiativer}",
        ),
    }


def generate(target: Path, files: int, seed: int) -> int:
    """Write the repository; returns the number of files written."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    (target / "dialog.yaml").write_text(CONFIG, encoding="utf-8")
    written = 1
    day = date(2025, 12, 31)
    week = 0
    while written < files:
        day -= timedelta(days=7)
        wednesday = day - timedelta(days=(day.weekday() - 2) % 7)
        meetings = [("direktionen", direktionen(rng, wednesday))]
        if week % 4 == 0:
            meetings.append(("strategisk", strategisk(rng, wednesday + timedelta(days=1))))
        week += 1
        for name, tree in meetings:
            meeting_day = wednesday if name == "direktionen" else wednesday + timedelta(days=1)
            folder = target / "meetings" / f"{meeting_day:%Y}" / f"{meeting_day.isoformat()}-{name}"
            for rel, text in tree.items():
                path = folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written += 1
    return written


def pdf(lines: list[str]) -> bytes:
    """A PDF of these lines of text, 40 to a page (Helvetica, WinAnsi: Danish letters too)."""
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)] or [[]]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for page in pages:
        text = b"".join(
            b"(" + line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
            .replace(b")", b"\\)") + b") Tj T* "
            for line in page
        )  # fmt: skip
        stream = b"BT /F1 10 Tf 12 TL 56 800 Td " + text + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def add_bilag_pdfs(target: Path, pages: int, seed: int) -> int:
    """Give every bilag of the archive a PDF of `pages` pages in its meeting's bilag/;
    returns the number of files written."""
    import re

    rng = random.Random(seed)
    written = 0
    for punkt in sorted(target.glob("meetings/*/*/punkter/*.md")):
        text = punkt.read_text(encoding="utf-8")
        parts = re.split(r"(?<=\n)(    dokumentnr: [^\n]*\n)", text)
        if len(parts) == 1:
            continue
        bilag = punkt.parent.parent / "bilag"
        bilag.mkdir(exist_ok=True)
        for i in range(1, len(parts), 2):
            name = f"{punkt.stem}-{i // 2 + 1}.pdf"
            (bilag / name).write_bytes(pdf([paragraph(rng, 1) for _ in range(40 * pages)]))
            parts[i] += f"    fil: bilag/{name}\n"
            written += 1
        punkt.write_text("".join(parts), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bilag-pdf", type=int, default=0, metavar="PAGES")
    args = parser.parse_args(argv)
    if (args.target / "dialog.yaml").exists():
        print(f"{args.target} already holds a dialog repository", file=sys.stderr)
        return 2
    count = generate(args.target, args.files, args.seed)
    if args.bilag_pdf > 0:
        count += add_bilag_pdfs(args.target, args.bilag_pdf, args.seed)
    print(f"wrote {count} files to {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
