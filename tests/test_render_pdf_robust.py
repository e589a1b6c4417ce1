"""Text typst cannot typeset as written is made typesettable: the PDF is written and holds
the text; where typst still fails, the message names the file and line of the content."""

from __future__ import annotations

import json

import pypdf
import pytest

from helpers.meetings import BUDGET, DIR_ID

ZWSP = "\u200b"


def punkt(titel: str = "Budget", body: str = "Tekst.", extra: str = "") -> str:
    return f"---\ntitel: {json.dumps(titel)}\nlukket: false\n{extra}---\n{body}\n"


def render_pdf_text(make_repo, dialog, text: str) -> str:
    root = make_repo({BUDGET: text})
    out = root / "build" / "referat.pdf"
    result = dialog("render", "referat", DIR_ID, "-o", out, cwd=root)
    assert result.code == 0, result.err
    return "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)


def test_deeply_nested_emphasis_renders(make_repo, dialog):
    body = "*" * 3000 + "dybt" + "*" * 3000
    assert "dybt" in render_pdf_text(make_repo, dialog, punkt(body=body))


def test_a_very_long_word_of_danish_letters_renders_whole(make_repo, dialog):
    # å: two bytes in UTF-8, and in no other text of the document
    text = render_pdf_text(make_repo, dialog, punkt(body="å" * 40_000))
    assert text.count("å") == 40_000


def test_a_flood_of_combining_marks_renders(make_repo, dialog):
    text = render_pdf_text(make_repo, dialog, punkt(body="a" + "\u0301" * 20_000 + " slut"))
    assert "slut" in text


@pytest.mark.parametrize("separator", ["\u2029", "\u2028", "\x85", "\x0b", "\x0c"])
def test_paragraph_separators_in_an_underpunkt_titel_render(make_repo, dialog, separator):
    extra = f"underpunkter:\n  - titel: {json.dumps(f'Første{separator * 2}anden')}\n"
    text = render_pdf_text(make_repo, dialog, punkt(extra=extra))
    # the line and paragraph separators break the line; the control characters among them
    # (\x85, \x0b, \x0c) are dropped where the file is read (DM705 reports them)
    expected = "Første anden" if separator in "\u2028\u2029" else "Førsteanden"
    assert expected in " ".join(text.split())


def test_a_45_deep_list_renders_every_item(make_repo, dialog):
    # 45, not 60: the Markdown parser keeps 100 levels of nesting, two per list level
    body = "\n".join("  " * depth + f"- niveau{depth}" for depth in range(45))
    text = render_pdf_text(make_repo, dialog, punkt(body=body))
    assert [d for d in range(45) if f"niveau{d}\n" not in text + "\n"] == []


def test_a_link_too_long_for_typst_keeps_its_text_and_shows_its_address(make_repo, dialog):
    url = "https://example.dk/" + "a" * 9000
    text = render_pdf_text(make_repo, dialog, punkt(body=f"Se [notatet]({url}) her."))
    flat = "".join(text.split()).replace(ZWSP, "")
    assert "Senotatet(https://example.dk/" in flat
    assert flat.count("a" * 100) >= 89


def test_a_very_long_autolink_renders(make_repo, dialog):
    url = "https://example.dk/" + "a/" * 5000
    text = render_pdf_text(make_repo, dialog, punkt(body=f"<{url}>"))
    assert "https://example.dk/" in text


# A repository's own template that typst fails on only when a section has text: the
# document without content typesets, so the failure is traced to the text that causes it.
FRAGILE_SECTIONS = """\
{% for section in items %}
{% for part in section.parts %}
{% if part is string %}#assert(false, message: "stop"){% endif %}
{% endfor %}
{% endfor %}
"""
BODY_WITH_SECTIONS = "Indledning.\n\n## Sagsfremstilling\n\nTekst.\n"


def test_a_typst_failure_names_the_file_and_line_of_the_text_not_the_template(make_repo, dialog):
    root = make_repo(
        {
            BUDGET: punkt(body=BODY_WITH_SECTIONS),
            "templates/render/_sections.typ.j2": FRAGILE_SECTIONS,
        }
    )
    result = dialog("render", "referat", DIR_ID, "--format", "pdf", cwd=root)
    assert result.code == 1
    assert result.err == (
        f"dialog: {BUDGET}:5: typst kan ikke sætte denne tekst: assertion failed: stop;"
        " gør den enklere eller kortere\n"
    )
