"""Issue 17, item 2: the CPR detector sees what a reader sees. Invisible, formatting and
control characters are dropped and lookalike digits folded before a number is looked for;
link targets, link titles, reference definitions, dialog.yaml and the text of the open
bilag files a public edition publishes are read too. `dialog check` reports each on its
line (DM601) and every public output refuses; phone numbers, times, case numbers, dates
and amounts are left alone."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.domain.cpr import hits

from helpers import office
from helpers.configs import PUBLIC
from helpers.examples import examples
from helpers.meetings import DIR, DIR_ID, punkt
from helpers.site import TODAY

PUNKT = f"{DIR}/punkter/02-x.md"

# --- the detector itself: a property test over numbers in disguise and their lookalikes ---

INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u2061",
    "\u202a",
    "\u202c",
    "\u200e",
    "\u034f",
    "\ufe0f",
    "\U000e0020",
    "\u3164",
]
SEPARATORS = [
    "-",
    " - ",
    "- ",
    " -",
    "/",
    " / ",
    "",
    " ",
    "\u2013",
    "\u2212",
    " \u2014 ",
    "-\n",
    " -\n",
    "\n",
    "\u00a0",
]
DATE_PARTS = ["", ".", "-", " "]


def _fold(digit: str, how: int) -> str:
    """A digit as a lookalike: full-width, Arabic-Indic, Devanagari, or with a mark."""
    d = int(digit)
    return [
        digit,
        chr(0xFF10 + d),  # full-width
        chr(0x0660 + d),  # Arabic-Indic
        chr(0x0966 + d),  # Devanagari
        digit + "\u0301",  # combining acute
        digit + "\u20e3",  # combining keycap (Me)
        chr(0x1D7CE + d),  # mathematical bold
    ][how]


@st.composite
def disguised_cpr(draw: st.DrawFn) -> tuple[str, str]:
    born = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    digits4 = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    dd, mm, yy = f"{born.day:02d}", f"{born.month:02d}", f"{born.year % 100:02d}"
    part = draw(st.sampled_from(DATE_PARTS))
    # a date written with "." or "-" between its parts is joined to the four digits by a
    # dash or a slash (with only a space, it is a date and then a number: see below)
    joins = SEPARATORS if part in ("", " ") else [s for s in SEPARATORS if "-" in s or "/" in s]
    joiner = draw(st.sampled_from(joins))
    text = f"{dd[0]}{dd[1]}{part}{mm[0]}{mm[1]}{part}{yy[0]}{yy[1]}{joiner}{digits4}"
    out = []
    for ch in text:
        if ch.isdigit():
            ch = _fold(ch, draw(st.integers(0, 6)))
        out.append(ch)
        if draw(st.booleans()) and ch not in "\n":
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out), dd + mm + yy + digits4


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised_cpr(), st.sampled_from(["Borger ", "CPR: ", "(", "nr. "]))
def test_every_disguised_cpr_number_is_found(case, before):
    text, digits = case
    found = hits(f"{before}{text} klager.", 1, multiline=True)
    assert digits in {h.digits for h in found}, repr(text)


@st.composite
def lookalike(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["phone", "time", "case", "amount-after-date", "amount", "kle"]))
    n = st.integers
    if kind == "phone":  # "87 53 50 00", "+45 87 53 50 00", "8753 5000"
        pairs = [f"{draw(n(10, 99))}" for _ in range(4)]
        style = draw(n(0, 2))
        number = " ".join(pairs) if style == 0 else pairs[0] + pairs[1] + " " + pairs[2] + pairs[3]
        return ("+45 " if style == 2 else "tlf. ") + number
    if kind == "time":  # "kl. 10.15-11.30", "9.00 - 12.00"
        a, b = draw(n(0, 23)), draw(n(0, 23))
        return f"kl. {a:02d}.{draw(n(0, 59)):02d}-{b:02d}.{draw(n(0, 59)):02d}"
    day = draw(st.dates(date(2000, 1, 1), date(2029, 12, 31)))
    d = f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}"
    if kind == "case":  # "24.10.05-P20-1-23"
        return f"sag {d}-P{draw(n(10, 99))}-{draw(n(1, 9))}-{draw(n(10, 99))}"
    if kind == "amount-after-date":  # "pr. 29.11.23 1234 borgere"
        sep = draw(st.sampled_from([".", "-"]))
        return f"pr. {d.replace('.', sep)} {draw(n(1000, 9999))} borgere"
    if kind == "amount":  # "kr. 1.234.567", "12.345.678 kr."
        return f"kr. {draw(n(1, 99))}.{draw(n(100, 999))}.{draw(n(100, 999))}"
    return f"KLE {draw(n(0, 99)):02d}.{draw(n(0, 99)):02d}.{draw(n(0, 99)):02d}.S00"


@settings(max_examples=examples(400), deadline=None)
@given(lookalike())
def test_no_phone_time_case_number_date_or_amount_is_taken_for_a_cpr_number(text):
    assert hits(f"Se {text} i dag.", 1, multiline=True) == [], text


DECIDED = {
    # a written date, then a count: "29.11.23" and "1234" (README, DM601)
    "pr. 29.11.23 1234 borgere": False,
    "pr. 29-11-23 1234 borgere": False,
    "pr. 29.11.23\n1234 borgere": False,
    # with a dash or a slash it is written as a CPR number is
    "29.11.23-1234": True,
    "29.11.23 / 1234": True,
    # without separators in the date, a space joins (as people write CPR numbers)
    "291123 1234": True,
    "29 11 23 1234": True,
    # paragraphs and table cells are never joined
    "291123\n\n1234": False,
    "| 291123 | 1234 |\n|---|---|\n": False,
    # a dash at a line break
    "Borger 291123 -\n1234": True,
}


@pytest.mark.parametrize("text", DECIDED)
def test_the_decided_edge_cases(text):
    assert bool(hits(text, 1, multiline=True)) is DECIDED[text]


# --- end to end: check names the line, every public output refuses -----------------------


def _check(root, dialog) -> list[tuple[str, int]]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM601"]


# the body begins on line 5 (---, titel, lukket, ---)
BODY_FORMS = {
    "link-target-entity": "Se [x](https://x.dk/010203&#45;1234).",
    "link-target-percent": "Se [x](https://x.dk/010203%2D1234).",
    "link-title": 'Se [x](https://x.dk/ "010203&#45;1234").',
    "reference-definition": "[x]: https://x.dk/010203&#45;1234",
    "used-reference": "Se [x][y].\n\n[y]: https://x.dk/010203-1234",
    "three-zero-width-spaces": "Borger 01\u200b\u200b\u200b0203-1234.",
    "control-character": "Borger 0102\x0703-1234.",
    "soft-hyphens": "Borger 01\u00ad02\u00ad03\u00ad-\u00ad1234.",
    "bidi-marks": "Borger 01\u200e0203\u202a-1234.",
    "spaced-dash": "Borger 010203 - 1234.",
    "dash-at-line-break": "Borger 010203 -\n1234.",
    "spaces-in-date": "Borger 01 02 03-1234.",
    "dots-in-date": "Borger 01.02.03-1234.",
    "slash": "Borger 010203/1234.",
    "full-width": "Borger \uff10\uff11\uff10\uff12\uff10\uff13-\uff11\uff12\uff13\uff14.",
    "combining-marks": "Borger 0\u03011\u03010\u03012\u030103-1234.",
    "arabic-indic": "Borger \u0660\u0661\u0660\u0662\u0660\u0663-1234.",
}


@pytest.mark.parametrize("text", BODY_FORMS.values(), ids=BODY_FORMS.keys())
def test_a_cpr_number_in_disguise_is_found_on_its_line(text, make_repo, dialog):
    root = make_repo({PUNKT: punkt(body=f"{text}\n")})
    found = _check(root, dialog)
    assert found and {line for _, line in found} <= {5, 6, 7}, found
    assert {path for path, _ in found} == {PUNKT}


@pytest.mark.parametrize("text", BODY_FORMS.values(), ids=BODY_FORMS.keys())
def test_a_cpr_number_in_disguise_refuses_every_public_output(text, make_repo, dialog):
    root = make_repo({"dialog.yaml": PUBLIC, PUNKT: punkt(body=f"{text}\n")})
    for fmt in ("md", "html", "pdf"):
        result = dialog("render", "referat", DIR_ID, "-f", fmt, "--public", cwd=root)
        assert result.code == 1, (fmt, result.out)
        assert "cpr-nummer" in result.err.lower()
    result = dialog("site", *TODAY, cwd=root)
    assert result.code == 1
    assert not (root / "build" / "site").exists()


YAML_FORMS = {
    "tilgaengelighed": PUBLIC + "tilgaengelighed: 'Skriv til os, CPR 010203-1234'\n",
    "a person's name": PUBLIC.replace(
        "{titel: Borgmester", "{navn: 'B 0102\u200b03-1234', titel: B"
    ),
    "a forum's name": PUBLIC.replace("navn: Direktionen", "navn: Direktionen 010203 - 1234"),
}


@pytest.mark.parametrize("where", YAML_FORMS)
def test_a_cpr_number_in_dialog_yaml_is_found_and_refuses_publication(where, make_repo, dialog):
    config = YAML_FORMS[where]
    line = next(i for i, text in enumerate(config.splitlines(), 1) if "1234" in text)
    root = make_repo({"dialog.yaml": config})
    assert _check(root, dialog) == [("dialog.yaml", line)]
    result = dialog("render", "referat", DIR_ID, "-f", "html", "--public", cwd=root)
    assert result.code == 1, result.out
    assert dialog("site", *TODAY, cwd=root).code == 1


def _typst_pdf(text: str) -> bytes:
    import typst

    return typst.compile(text.encode())


BILAG_FILES = {
    "text": ("bilag/notat.txt", "Borger 010203-1234 klager.\n"),
    "markdown": ("bilag/notat.md", "# Notat\n\nBorger 0102**03**-1234.\n"),
    "pdf": ("bilag/notat.pdf", None),
    "hidden-in-text": ("bilag/notat.txt", "Borger 01\u200b0203 - 1234.\n"),
    "word": ("bilag/notat.docx", office.docx("Borger 010203-1234 klager.")),
    "word-footer": ("bilag/notat.docx", office.docx(footer="Vedr. 010203-1234")),
    "word-footnote": ("bilag/notat.docx", office.docx(footnote="Se 010203-1234.")),
    "excel": ("bilag/liste.xlsx", office.xlsx("Navn", "010203-1234")),
    "powerpoint": ("bilag/oplaeg.pptx", office.pptx("Borger 010203-1234")),
    "opendocument-text": ("bilag/notat.odt", office.odt("Borger 010203-1234")),
    "opendocument-sheet": ("bilag/liste.ods", office.ods("Navn", "010203-1234")),
}


@pytest.mark.parametrize("kind", BILAG_FILES)
def test_a_cpr_number_in_an_open_bilag_file_is_found_and_refuses_publication(
    kind, make_repo, dialog
):
    fil, text = BILAG_FILES[kind]
    content: str | bytes = text if text is not None else _typst_pdf("Borger 010203-1234 klager.")
    body = punkt(extra=f"bilag:\n  - {{titel: Notat, lukket: false,\n      fil: {fil}}}")
    root = make_repo({"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/{fil}": content})
    assert _check(root, dialog) == [(PUNKT, 6)]
    for fmt in ("md", "html", "pdf"):
        result = dialog("render", "referat", DIR_ID, "-f", fmt, "--public", cwd=root)
        assert result.code == 1, (fmt, result.out)
    assert dialog("site", *TODAY, cwd=root).code == 1


SPREADSHEETS = {
    "excel": ("bilag/liste.xlsx", office.xlsx),
    "opendocument": ("bilag/liste.ods", office.ods),
}


@pytest.mark.parametrize("kind", SPREADSHEETS)
def test_two_cells_of_a_spreadsheet_are_never_joined_into_a_cpr_number(kind, make_repo, dialog):
    fil, sheet = SPREADSHEETS[kind]
    body = punkt(extra=f"bilag:\n  - {{titel: Liste, lukket: false, fil: {fil}}}")
    files = {"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/{fil}": sheet("010203", "1234")}
    assert _check(make_repo(files), dialog) == []


def test_a_closed_bilags_file_may_hold_a_cpr_number(make_repo, dialog):
    body = punkt(extra="bilag:\n  - {titel: Notat, lukket: true, fil: bilag/notat.txt}")
    files = {"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/bilag/notat.txt": "CPR 010203-1234\n"}
    root = make_repo(files)
    assert _check(root, dialog) == []
    result = dialog("render", "referat", DIR_ID, "-f", "html", "--public", cwd=root)
    assert result.code == 0, result.err


NOT_CPR = [
    "Ring på 87 53 50 00 eller +45 87 53 50 00.",
    "Mødet er kl. 10.15-11.30, pause 12.00-12.30.",
    "Sagsnr. 24.10.05-P20-1-23 og 24/7615.",
    "pr. 29.11.23 1234 borgere",
    "Budget kr. 1.234.567 og 12.345.678 kr.",
    "KLE 00.30.10.S00, dato 29.11.2023.",
]


@pytest.mark.parametrize("text", NOT_CPR)
def test_no_false_alarm_end_to_end(text, make_repo, dialog):
    root = make_repo({PUNKT: punkt(body=f"{text}\n")})
    assert _check(root, dialog) == []


UNREAD = {
    "photo": ("bilag/foto.jpg", b"\xff\xd8\xff\xe0 a JPEG", "dialog læser ingen tekst"),
    "damaged-word": ("bilag/notat.docx", b"PK\x03\x04 damaged", "ingen tekst, dialog kan læse"),
}


@pytest.mark.parametrize("kind", UNREAD)
def test_an_open_bilag_file_that_cannot_be_read_for_cpr_numbers_is_named(kind, make_repo, dialog):
    """DM607: what DM601 cannot read is said, on the bilag's line, as a warning."""
    fil, content, why = UNREAD[kind]
    body = punkt(extra=f"bilag:\n  - {{titel: Bilag, lukket: false,\n      fil: {fil}}}")
    root = make_repo({"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/{fil}": content})
    result = dialog("check", *TODAY, cwd=root)
    assert f"{PUNKT}:6: advarsel DM607 bilag 1 er åbent, og dets fil" in result.out, result.out
    assert why in result.out


def test_an_open_bilag_file_too_large_to_read_is_named(make_repo, dialog):
    from dialogmoder.domain.bilagsfil import MAX_TEXT_BYTES

    body = punkt(extra="bilag:\n  - {titel: Scanning, lukket: false,\n      fil: bilag/stor.pdf}")
    root = make_repo({"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/bilag/stor.pdf": "%PDF-1.7\n"})
    with (root / DIR / "bilag" / "stor.pdf").open("r+b") as big:  # sparse: nothing written
        big.truncate(MAX_TEXT_BYTES + 1)
    result = dialog("check", *TODAY, cwd=root)
    assert f"{PUNKT}:6: advarsel DM607" in result.out, result.out
    assert "meget stor fil" in result.out


def test_scanned_pages_among_typed_ones_are_named_by_their_numbers(make_repo, dialog):
    """A notat with a citizen's scanned letter bundled in: the typed pages are read, the
    scanned ones (a picture, no text) cannot be, and DM607 names them; a blank page is no
    scan."""
    from helpers.pdf import pages_pdf

    bundle = pages_pdf(["Notat om sagen", None, "", None])  # "": a blank page
    body = punkt(extra="bilag:\n  - {titel: Sagen, lukket: false,\n      fil: bilag/sag.pdf}")
    root = make_repo({"dialog.yaml": PUBLIC, PUNKT: body, f"{DIR}/bilag/sag.pdf": bundle})
    result = dialog("check", *TODAY, cwd=root)
    assert f"{PUNKT}:6: advarsel DM607 bilag 1 er åbent" in result.out, result.out
    assert "men dens sider 2, 4 er billeder uden tekst" in result.out
    (root / DIR / "bilag" / "sag.pdf").write_bytes(pages_pdf(["Notat om sagen", ""]))
    assert "DM607" not in dialog("check", *TODAY, cwd=root).out  # typed and blank: all read
