"""Issue 17, item 3: a control character (Unicode Cc other than tab, line feed and carriage
return) in any text field is a check error on its line (DM705), and reaches no output, in
any format or stream: the loader drops it where a file is read."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dialogmoder.domain.loader import load_document, load_yaml_document
from dialogmoder.domain.models import Config, Punkt

from helpers.configs import PUBLIC
from helpers.examples import examples
from helpers.meetings import DIR, DIR_ID, punkt
from helpers.repo import write_files, write_repo
from helpers.site import TODAY

CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
CONTROL = re.compile("[" + "".join(re.escape(c) for c in CONTROLS) + "]")
PUNKT = f"{DIR}/punkter/02-x.md"


def _escaped(char: str) -> str:
    """The character as a YAML double-quoted escape."""
    return f"\\x{ord(char):02x}"


# --- the loader: every control character, in a value (escaped) or a body (raw) -------------


@settings(max_examples=examples(300), deadline=None)
@given(
    st.sampled_from(CONTROLS),
    st.sampled_from(["titel", "body", "both"]),
    st.text(alphabet="abcæø12", min_size=1, max_size=6),
)
def test_the_loader_drops_every_control_character_and_says_where(char, where, around):
    titel = f'"{around}{_escaped(char)}{around}"' if where != "body" else "Budget"
    body = f"Tekst {around}{char}{around}.\n" if where != "titel" and char != "\x00" else "Tekst.\n"
    text = f"---\ntitel: {titel}\nlukket: false\n---\n{body}"
    doc = load_document("p.md", text, Punkt)
    assert CONTROL.search(doc.data.titel) is None
    assert CONTROL.search(doc.body) is None
    expected = set()
    if where != "body":
        expected.add(2)
    if where != "titel" and char != "\x00":
        expected.add(5)
    assert set(doc.controls) == expected


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_dialog_yaml_drops_a_control_character_in_a_name(char):
    text = PUBLIC.replace("navn: Anna Andersen", f'navn: "Anna{_escaped(char)} Andersen"')
    doc = load_yaml_document("dialog.yaml", text, Config)
    assert doc.data.personer["anna"].navn == "Anna Andersen"
    assert doc.controls == (4,)


# --- check: on its line -----------------------------------------------------------------


def _dm705(root, dialog) -> list[tuple[str, int]]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return sorted((f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM705")


WHERE = {
    "titel-escape": ({PUNKT: punkt('"Budget\\e[2J"')}, [(PUNKT, 2)]),
    "body-raw": ({PUNKT: punkt(body="Tekst.\n\nBel\x07 her.\n")}, [(PUNKT, 7)]),
    "body-c1": ({PUNKT: punkt(body="Tekst\x9b31m.\n")}, [(PUNKT, 5)]),
    "dialog-yaml-name": (
        {"dialog.yaml": PUBLIC.replace("navn: Bo Berg", 'navn: "Bo\\x1bBerg"')},
        [("dialog.yaml", 5)],
    ),
    "meeting-sted": (
        {
            f"{DIR}/meeting.md": "---\nforum: direktionen\ntitel: Direktionen\n"
            'dato: 2025-03-05\nsted: "M\\x7f1"\n---\n'
        },
        [(f"{DIR}/meeting.md", 5)],
    ),
}


@pytest.mark.parametrize("where", WHERE)
def test_a_control_character_is_a_check_error_on_its_line(where, make_repo, dialog):
    files, expected = WHERE[where]
    root = make_repo(files)
    assert _dm705(root, dialog) == expected


# --- every output -------------------------------------------------------------------------


def _with(char: str) -> dict[str, str | bytes | None]:
    """The char in a name (dialog.yaml), a meeting's sted and titel, a punkt's titel,
    decision and body."""
    e = _escaped(char)
    raw = "" if char == "\x00" else char  # a NUL makes a file unreadable (DM001): no output
    return {
        "dialog.yaml": PUBLIC.replace("navn: Anna Andersen", f'navn: "Anna{e}Andersen"'),
        f"{DIR}/meeting.md": (
            f'---\nforum: direktionen\ntitel: "Direktionen{e}"\ndato: 2025-03-05\n'
            f'start: "09:00"\nslut: "12:00"\nsted: "Lokale{e}1"\nstatus: afholdt\n---\n'
            f"Intro{raw}tekst.\n"
        ),
        PUNKT: punkt(
            f'"Budget{e}2026"',
            body=f"## Sagsfremstilling\n\nTekst{raw}her.\n\n## Beslutning\n\nGodkendt{raw}.\n",
        ),
    }


def _outputs(root: Path, dialog) -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    def run(name: str, *args: str) -> None:
        result = dialog(*args, cwd=root)
        assert result.code in (0, 1), (name, result.err)
        out[name] = (result.out + result.err).encode()

    for kind in ("dagsorden", "referat"):
        for fmt in ("md", "html"):
            run(f"{kind}.{fmt} -o -", "render", kind, DIR_ID, "-f", fmt, "-o", "-")
            run(
                f"{kind}.{fmt} public -o -",
                "render",
                kind,
                DIR_ID,
                "-f",
                fmt,
                "--public",
                "-o",
                "-",
            )
        run(f"render {kind} pdf", "render", kind, DIR_ID, "-f", "pdf")
    run("calendar", "calendar", "-o", "-")
    run("plan md", "plan", "2025", "--format", "md")
    run("plan text", "plan", "2025")
    run("status", "status", "--today", "2025-03-01")
    run("status json", "status", "--today", "2025-03-01", "--format", "json")
    run("export", "export")
    run("diff md", "diff", "--format", "md")
    run("diff text", "diff")
    run("check", "check", "--today", "2025-03-01")
    run("site", "site", *TODAY)
    for path in (root / "build").rglob("*"):
        if path.is_file():
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def _pdf_text(data: bytes) -> str:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    parts = [page.extract_text() for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    parts.append(repr(reader.outline))
    return "\n".join(parts)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@settings(
    max_examples=examples(6),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a shrink would rebuild sites
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(CONTROLS))
def test_no_control_character_reaches_any_output(tmp_path_factory, dialog, char):
    root = write_repo(tmp_path_factory.mktemp("cc") / "repo", {"dialog.yaml": PUBLIC})
    write_files(root, _with(char))  # uncommitted: `dialog diff` shows the change
    outputs = _outputs(root, dialog)
    assert any(name.endswith("referater.atom") for name in outputs)
    for name, data in outputs.items():
        if name.endswith(".pdf"):
            data = _pdf_text(data).encode()  # its streams are binary: what a reader gets
        elif (
            name.endswith(
                (".png", ".jpg", ".woff2", ".pf_fragment", ".pf_index", ".pf_meta", ".wasm")
            )
            or "pagefind" in name
        ):
            continue
        decoded = data.decode("utf-8", "replace")
        assert CONTROL.search(decoded) is None, (name, repr(char))
        if name.endswith(".atom"):
            ET.fromstring(data)  # valid XML
        if name in ("export", "status json") or name.endswith(".json"):
            body = decoded[decoded.index("{") if name == "export" else 0 :]
            try:
                value = json.loads(body)
            except json.JSONDecodeError:
                continue
            assert not any(CONTROL.search(s) for s in _strings(value)), (name, repr(char))
    shutil.rmtree(root)
