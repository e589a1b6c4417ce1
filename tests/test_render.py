"""dialog render: the bundled referat as the seed shows it, and what content can never do."""

from __future__ import annotations

import io
import os
import re
import textwrap

import pypdf
import pytest

from dialogmoder.danish import dato_lang, dato_maaned

from helpers.meetings import DIR, DIR_MEETING
from helpers.repo import PROJECT

GOLDEN = PROJECT / "tests" / "golden"
BUNDLED = "2025-01-29-direktionen"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (then read the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bundled_referat_matches_its_golden_file(dialog, fmt):
    result = dialog("render", "referat", BUNDLED, "--format", fmt, "-o", "-", "--root", PROJECT)
    assert result.code == 0, result.err
    golden(f"{BUNDLED}-referat.{fmt}", result.out)


def test_bundled_public_referat_matches_its_golden_file(dialog):
    result = dialog("render", "referat", BUNDLED, "--public", "-o", "-", "--root", PROJECT)
    assert result.code == 0, result.err
    golden(f"{BUNDLED}-referat-offentlig.md", result.out)


def test_dagsorden_is_the_referat_without_decisions_and_signatures(dialog):
    result = dialog("render", "dagsorden", BUNDLED, "-o", "-", "--root", PROJECT)
    assert result.code == 0, result.err
    assert "**DAGSORDEN**" in result.out
    assert "## 4. Udmøntningsplan 2025-2028" in result.out
    assert "Beslutning i Direktionen" not in result.out
    assert "Sagen udsættes" not in result.out
    assert "Underskriftsside" not in result.out


def test_default_output_goes_to_the_build_folder(make_repo, dialog):
    root = make_repo()
    result = dialog("render", "referat", "2025-03-05-direktionen", cwd=root)
    assert result.code == 0, result.err
    written = root / "build" / "2025-03-05-direktionen-referat.md"
    assert result.out == "skrev build/2025-03-05-direktionen-referat.md\n"
    mask = os.umask(0o022)
    os.umask(mask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~mask  # readable, as any new file
    assert "## 1. Budget" in written.read_text(encoding="utf-8")
    public = dialog("render", "referat", "2025-03-05-direktionen", "--public", cwd=root)
    assert public.code == 0, public.err
    assert (root / "build" / "2025-03-05-direktionen-referat-offentlig.md").is_file()


def test_meeting_can_be_given_as_its_folder(make_repo, dialog):
    root = make_repo()
    folder = root / "meetings" / "2025" / "2025-03-05-direktionen"
    result = dialog("render", "dagsorden", folder, "-o", "-", cwd=folder)
    assert result.code == 0, result.err
    assert "**DAGSORDEN**" in result.out


def test_pdf_cannot_go_to_stdout(make_repo, dialog):
    root = make_repo()
    result = dialog("render", "referat", "2025-03-05-direktionen", "-f", "pdf", "-o", "-", cwd=root)
    assert result.code == 2
    assert "en pdf kan ikke sendes til standard-output" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("referatet", "2025-03-05-direktionen"), "ukendt dokument 'referatet'"),
        (("referat", "2025-03-05-direktionen", "-f", "docx"), "Ugyldig værdi for '--format'"),
        (("referat", "2025-03-06-direktionen"), "intet møde '2025-03-06-direktionen'"),
        (("program", "2025-03-05-direktionen"), "har ingen program.md"),
    ],
)
def test_usage_errors_exit_2_with_a_sentence(make_repo, dialog, args, message):
    root = make_repo()
    result = dialog("render", *args, cwd=root)
    assert result.code == 2
    assert message in result.err


def test_a_punkt_that_cannot_be_read_stops_the_rendering_with_its_line(make_repo, dialog):
    root = make_repo(
        {"meetings/2025/2025-03-05-direktionen/punkter/02-brudt.md": "---\ntitel: 12\n---\n"}
    )
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 1
    assert "punkter/02-brudt.md:2:" in result.err
    assert "ret disse, før 2025-03-05-direktionen kan dannes" in result.err
    assert result.out == ""


TEMPLATE_TITLE = "{{ 7*7 }} og {% if true %}x{% endif %}"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_content_is_never_a_template(make_repo, dialog, fmt):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-skabelon.md": f"""\
                ---
                titel: "{TEMPLATE_TITLE}"
                lukket: false
                ---
                ## Sagsfremstilling

                Tekst med {{{{ config }}}} og {{{{ 6*7 }}}}.
                """
        }
    )
    result = dialog("render", "referat", "2025-03-05-direktionen", "-f", fmt, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "49" not in result.out and "42" not in result.out
    # Markdown escapes the * (no emphasis); HTML escapes the quotes
    expected = (
        TEMPLATE_TITLE.replace("*", "\\*") if fmt == "md" else TEMPLATE_TITLE.replace('"', "&#34;")
    )
    assert f"2. {expected}" in result.out
    assert ("{{ 6\\*7 }}" if fmt == "md" else "{{ 6*7 }}") in result.out


def punkt_with_links(tmp_text: str) -> dict[str, str]:
    return {
        "meetings/2025/2025-03-05-direktionen/punkter/02-links.md": "---\ntitel: Links\n"
        "lukket: false\n---\n## Sagsfremstilling\n\n" + textwrap.dedent(tmp_text)
    }


LINKS = """\
    [klik](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
    [Java](JaVaScRiPt:alert(2)) [ent](jav&#x61;script:alert(3)) <javascript:alert(4)>
    [ok](https://www.norddjurs.dk/) <b onclick="alert(5)">fed</b> <script>alert(6)</script>
    ![billede](https://example.org/sporing.png)
    <!-- intern note: NOTEHEMMELIG -->
    """


def test_html_keeps_only_web_links_and_no_raw_html(make_repo, dialog):
    root = make_repo(punkt_with_links(LINKS))
    result = dialog(
        "render", "referat", "2025-03-05-direktionen", "-f", "html", "-o", "-", cwd=root
    )
    assert result.code == 0, result.err
    html = result.out.lower()
    hrefs = re.findall(r"""\bhref\s*=\s*["']?([^"'\s>]*)""", html)
    assert hrefs and all(h.startswith(("#punkt-", "https://")) for h in hrefs), hrefs
    assert "<p>klik data\njava ent javascript:alert(4)\n" in html  # text only, no target
    assert '<a href="https://www.norddjurs.dk/" rel="noopener noreferrer">ok</a>' in result.out
    assert "<script" not in html and "onclick=" not in html.replace("&lt;b onclick=", "")
    assert "<img" not in html and "src=" not in html
    assert "notehemmelig" not in html and "<!--" not in html


def test_markdown_output_drops_html_comments(make_repo, dialog):
    root = make_repo(punkt_with_links(LINKS))
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "NOTEHEMMELIG" not in result.out and "<!--" not in result.out


def test_tidsplan_at_the_auto_line_with_pauses_and_the_end(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/meeting.md": """\
                ---
                forum: direktionen
                titel: Direktionen
                dato: 2025-03-05
                start: 9:00
                slut: 12:00
                pauser: [{tid: 10:00, titel: Kaffe}]
                ---
                """,
            "meetings/2025/2025-03-05-direktionen/punkter/02-tidsplan.md": """\
                ---
                titel: Tidsplan
                lukket: false
                auto: tidsplan
                kraever_beslutning: false
                ---
                ## Sagsfremstilling

                Før tabellen.

                [[auto]]

                Efter tabellen.
                """,
            "meetings/2025/2025-03-05-direktionen/punkter/03-oekonomi.md": """\
                ---
                titel: Økonomi
                tid: 10:15
                lukket: false
                deltager: [carl, borgmester]
                ---
                """,
        }
    )
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "[[auto]]" not in result.out
    expected = """\
        Før tabellen.

        | Tid | Punkt |
        |---|---|
        | 9.00 | Budget |
        | 10.00 | Kaffe |
        | 10.15 | Økonomi<br>Økonomichef Carl Crone og Borgmester deltager under behandlingen. |
        | 12.00 | Mødet afsluttes |

        Efter tabellen.
        """
    assert textwrap.dedent(expected) in result.out
    section = result.out.split("## 2. Tidsplan")[1].split("## 3.")[0]
    assert "Beslutning i" not in section


def test_auto_table_without_marker_comes_right_after_sagsgang(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-tidsplan.md": """\
                ---
                titel: Tidsplan
                lukket: false
                sagsgang: DIR
                auto: tidsplan
                ---
                Indledning.

                ## Sagsfremstilling

                Tekst.
                """
        }
    )
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    section = result.out.split("## 2. Tidsplan")[1]
    assert section.index("**Sagsgang:** DIR") < section.index("| Tid | Punkt |")
    assert section.index("| 12.00 | Mødet afsluttes |") < section.index("Indledning.")


MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]


@pytest.mark.parametrize("month", range(1, 13))
def test_danish_date_for_every_month(month):
    from datetime import date

    assert dato_lang(date(2025, month, 1)).endswith(f"den 1. {MONTHS[month - 1]} 2025")


@pytest.mark.parametrize("day", range(7))
def test_danish_date_for_every_weekday(day):
    from datetime import date

    value = date(2025, 3, 3 + day)  # Monday 3 March 2025 and the six days after
    assert dato_lang(value) == f"{WEEKDAYS[day]} den {3 + day}. marts 2025"


def test_short_month_as_in_the_table_of_coming_meetings():
    from datetime import date

    assert [dato_maaned(date(2025, m, 5)) for m in (2, 5, 9)] == ["5. feb.", "5. maj", "5. sep."]


def test_a_broken_override_template_is_a_sentence_not_a_traceback(make_repo, dialog):
    root = make_repo({"templates/render/referat.md.j2": "# {{ doc.header.forum }\n"})
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 2
    assert "templates/render/referat.md.j2:1: unexpected '}'" in result.err


def test_an_override_template_replaces_the_packaged_one(make_repo, dialog):
    root = make_repo({"templates/render/referat.md.j2": "Eget: {{ doc.header.forum }} <x>\n"})
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert result.out == "Eget: Direktionen <x>\n"


def test_a_missing_decision_is_said_not_hidden(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-uden.md": "---\ntitel: Uden\n"
            "lukket: false\n---\n## Indstilling\n\nAt drøfte.\n"
        }
    )
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    expected = "### Beslutning i Direktionen den 05-03-2025\n\n*Ingen beslutning er skrevet.*"
    assert expected in result.out.split("## 2. Uden")[1]


def test_html_is_one_standalone_file_that_requests_nothing(dialog):
    result = dialog("render", "referat", BUNDLED, "-f", "html", "-o", "-", "--root", PROJECT)
    html = result.out
    assert html.startswith('<!DOCTYPE html>\n<html lang="da">')
    for request in ("src=", "<link", "@import", "url(", "<script", "<iframe"):
        assert request not in html, request
    assert "@media print" in html


@pytest.mark.parametrize(
    "target",
    ["meetings/2025/2025-03-05-direktionen/meeting.md", "dialog.yaml", "templates/x.md"],
)
def test_a_rendering_never_replaces_peoples_files(make_repo, dialog, target):
    root = make_repo()
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", target, cwd=root)
    assert result.code == 2
    assert "hvor folks filer ligger" in result.err
    assert (root / "dialog.yaml").read_bytes() == before
    assert not (root / "templates").exists()


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("kind", ["dagsorden", "referat"])
def test_a_bare_meeting_renders_in_every_format(make_repo, dialog, kind, fmt):
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/meeting.md": (
                "---\nforum: direktionen\ntitel: Direktionen\ndato: 2025-03-05\n---\n"
            ),
            "meetings/2025/2025-03-05-direktionen/punkter/01-budget.md": None,
        }
    )
    result = dialog("render", kind, "2025-03-05-direktionen", "-f", fmt, cwd=root)
    assert result.code == 0, result.err
    data = (root / "build" / f"2025-03-05-direktionen-{kind}.{fmt}").read_bytes()
    if fmt == "pdf":
        text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    else:
        text = data.decode("utf-8")
    assert "Onsdag den 5. marts 2025" in text


def test_a_title_with_emphasis_marks_stays_text_in_markdown(make_repo, dialog):
    from markdown_it import MarkdownIt

    titel = "*Udkast* til __plan__ ~~gammel~~"
    root = make_repo(
        {
            "meetings/2025/2025-03-05-direktionen/punkter/02-udkast.md": (
                f"---\ntitel: '{titel}'\nlukket: false\n---\n"
            )
        }
    )
    result = dialog("render", "dagsorden", "2025-03-05-direktionen", "-o", "-", cwd=root)
    html = MarkdownIt("commonmark").enable("strikethrough").render(result.out)
    assert f"<h2>2. {titel}</h2>" in html  # as written: no <em>, <strong> or <s> in it


def test_fravaerende_are_a_markdown_list_one_per_line(make_repo, dialog):
    meeting = DIR_MEETING.replace(
        "sted: Mødelokale 1", "sted: Mødelokale 1\nfravaerende: [anna, carl]"
    )
    root = make_repo({f"{DIR}/meeting.md": meeting})
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert (
        "- **Fraværende:**\n  - Kommunaldirektør Anna Andersen\n  - Økonomichef Carl Crone\n"
    ) in result.out


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_header_field_the_meeting_does_not_give_is_left_out_not_shown_empty(
    make_repo, dialog, tmp_path, fmt
):
    bare = "---\nforum: direktionen\ntitel: Direktionen\ndato: 2025-03-05\n---\n"
    root = make_repo({"meetings/2025/2025-03-05-direktionen/meeting.md": bare})
    out = tmp_path / f"referat.{fmt}"
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", out, cwd=root)
    assert result.code == 0, result.err
    if fmt == "pdf":
        import pypdf

        text = pypdf.PdfReader(out).pages[0].extract_text()
    else:
        text = out.read_text(encoding="utf-8")
    assert "Dato:" in text
    for label in ("Sted:", "Start kl.:", "Slut kl.:"):
        assert label not in text
