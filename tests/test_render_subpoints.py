"""A punkt whose work is in its underpunkter: the municipality's own layout (a Tid | Punkt
table in the agenda part with the pauses between them, and after Indstilling the decision
heading over one bullet per underpunkt), in every format; the tidsplan gains their rows."""

from __future__ import annotations

import io
import textwrap

from pypdf import PdfReader

from helpers.meetings import DIR, DIR_ID, DIR_MEETING

MEETING = f"{DIR}/meeting.md"
PUNKT = f"{DIR}/punkter/02-sager-til-behandling.md"

MEETING_WITH_PAUSE = DIR_MEETING.replace(
    "sted: Mødelokale 1\n",
    'sted: Mødelokale 1\npauser:\n  - {tid: "10:00", titel: Pause}\n'
    '  - {tid: "11:45", titel: Frokost}\n',
)

SAGER = """\
---
titel: Punkter til behandling
lukket: false
sagsgang: DIR
underpunkter:
  - titel: Evaluering af Nytårskur
    tid: "09:15"
    tekst: Evalueringen gennemgås.
    deltager: [borgmester, carl]
    beslutning: Direktionen tog evalueringen til efterretning.
  - titel: Udmøntningsplan
    tid: "10:15"
    tekst: Planen **drøftes**.
    deltager: [carl]
    beslutning: Godkendt.
---
## Sagsfremstilling

Direktionen har følgende punkter til behandling:

[[auto]]

## Indstilling

Det indstilles, at punkterne behandles.
"""


def repo_with_subpoints(make_repo, sager: str = SAGER):
    return make_repo({MEETING: MEETING_WITH_PAUSE, PUNKT: sager})


def render(dialog, root, kind: str, fmt: str = "md") -> str:
    result = dialog("render", kind, DIR_ID, "-f", fmt, "-o", "-", cwd=root)
    assert result.code == 0, result.err
    return result.out


def test_subpoints_are_a_tid_punkt_table_with_the_pauses_between_them(make_repo, dialog):
    root = repo_with_subpoints(make_repo)
    out = render(dialog, root, "dagsorden").split("## 2. Punkter til behandling")[1]
    expected = """\
        Direktionen har følgende punkter til behandling:

        | Tid | Punkt |
        |---|---|
        | 9.15 | Evaluering af Nytårskur<br>Evalueringen gennemgås.<br>Borgmester og Økonomichef Carl Crone deltager under behandlingen af punktet. |
        | 10.00 | Pause |
        | 10.15 | Udmøntningsplan<br>Planen drøftes.<br>Økonomichef Carl Crone deltager under behandlingen af punktet. |

        ### Indstilling
        """  # noqa: E501
    assert textwrap.dedent(expected) in out
    assert "Frokost" not in out  # 11.45 is after the last underpunkt


def test_subpoint_decisions_stand_under_the_forums_decision_heading(make_repo, dialog):
    root = repo_with_subpoints(make_repo)
    out = render(dialog, root, "referat").split("## 2. Punkter til behandling")[1]
    expected = """\
        ### Beslutning i Direktionen den 05-03-2025

        - **Evaluering af Nytårskur**

          Evalueringen gennemgås.

          Borgmester og Økonomichef Carl Crone deltog under behandlingen af punktet.

          Direktionen tog evalueringen til efterretning.

        - **Udmøntningsplan**

          Planen **drøftes**.

          Økonomichef Carl Crone deltog under behandlingen af punktet.

          Godkendt.
        """
    assert textwrap.dedent(expected) in out
    assert out.index("### Indstilling") < out.index("### Beslutning i Direktionen")


def test_a_subpoint_without_a_decision_says_so_in_the_referat(make_repo, dialog):
    root = repo_with_subpoints(make_repo, SAGER.replace("    beslutning: Godkendt.\n", ""))
    out = render(dialog, root, "referat").split("- **Udmøntningsplan**")[1]
    assert "*Ingen beslutning er skrevet.*" in out


def test_subpoints_in_html_are_a_table_and_decision_bullets(make_repo, dialog):
    root = repo_with_subpoints(make_repo)
    html = render(dialog, root, "referat", "html")
    assert '<td class="tid">10.00</td><td>Pause</td>' in html
    assert "<h3>Beslutning i Direktionen den 05-03-2025</h3>" in html
    assert "<p>Økonomichef Carl Crone deltog under behandlingen af punktet.</p>" in html


def test_subpoints_in_the_pdf_are_a_table_and_decision_bullets(make_repo, dialog):
    root = repo_with_subpoints(make_repo)
    result = dialog("render", "referat", DIR_ID, "-o", "referat.pdf", cwd=root)
    assert result.code == 0, result.err
    reader = PdfReader(io.BytesIO((root / "referat.pdf").read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "10.00 Pause 10.15 Udmøntningsplan" in text
    assert "Beslutning i Direktionen den 05-03-2025" in text
    assert "Økonomichef Carl Crone deltog under behandlingen af punktet." in text


def test_the_tidsplan_gains_the_rows_of_a_punkts_subpoints(make_repo, dialog):
    tidsplan = """\
        ---
        titel: Tidsplan
        lukket: false
        auto: tidsplan
        ---
        """
    root = make_repo(
        {
            MEETING: MEETING_WITH_PAUSE,
            PUNKT: SAGER,
            "meetings/2025/2025-03-05-direktionen/punkter/03-tidsplan.md": tidsplan,
        }
    )
    out = render(dialog, root, "dagsorden").split("## 3. Tidsplan")[1]
    expected = """\
        | 9.00 | Budget |
        | 9.15 | Evaluering af Nytårskur<br>Borgmester og Økonomichef Carl Crone deltager under behandlingen af punktet. |
        | 10.00 | Pause |
        | 10.15 | Udmøntningsplan<br>Økonomichef Carl Crone deltager under behandlingen af punktet. |
        | 11.45 | Frokost |
        | 12.00 | Mødet afsluttes |
        """  # noqa: E501
    assert textwrap.dedent(expected) in out
