"""The Danish wording lives in one catalogue (danish/locale/da/LC_MESSAGES/dialog.po): it
loads, its .mo is compiled from it, it holds every message of the code and the templates,
what it says is what dialog writes, and no moved wording is written anywhere else."""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from dialogmoder import danish
from dialogmoder.danish import catalogue

from helpers.meetings import DIR, DIR_ID
from helpers.repo import PROJECT

SOURCE = PROJECT / "src" / "dialogmoder"
TEMPLATES = PROJECT / "templates"
PO = catalogue.catalogue_path(".po")

# Wordings moved into the catalogue: none of them may be written in code or a template again.
MOVED = (
    "Fraværende",
    "(Lukket bilag)",
    "Lukket punkt",
    "Lukket sag",
    "Åben sag",
    "Start kl.",
    "Slut kl.",
    "Sted:",
    "Dato:",
    "Medlemmer:",
    "Indholdsfortegnelse",
    "Bilagsoversigt",
    "Underskriftsside",
    "(vedhæftet)",
    "Sagsnr.",
    "Mødet afsluttes",
    "Ingen beslutning er skrevet",
    "under behandlingen",
    "deltager ikke på mødet",
    "offentlig udgave",
    "Offentlig udgave",
    "Beslutning i ",
    "Ikke godkendt",
    "Godkendt af",
    "Alle dele er godkendt",
    "Denne del er ikke skrevet",
    "OBS: UDSKYDES",
    "AFLYST",
    "forældet godkendelse",
    "kan ikke læses",
    "Bistås af",
    "Vært:",
    "Formøde",
    "Tema:",
    "Henvisninger",
    "Initiativer",
    "Politisk aftale",
    "Lovgrundlag",
    "Kort sigt",
    "Lang sigt",
    "Materiale til facilitering",
    "Opfølgningsnotat",
    "Baggrundsnotat",
    "Dagsorden",
    "Referat",
    "Årsplan",
    "Årets møder",
    "Tilgængelighedserklæring",
    "Spring til indholdet",
    "Søg i",
    "Ændringer i møderne",
    "Sammenlignet:",
    "Mappe:",
    "(intet)",
    "tilføjet",
    "omnummereret",
    "Ingen kommende møder",
    "FOR SENT",
    "over frist",
    "ingen frist",
    "i dag",
    "Kl. ",
    "Side ",
)
# Babel date patterns and strftime dates ("d. MMMM y", "EEEE", "%d-%m-%Y")
DATE_PATTERN = re.compile(r"\bd\. MMM|\bEEEE\b|\bMMMM\b|%d-%m-%Y|dd-MM-y")
GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_", "besked", "nbesked"}
# The message calls (danish/catalogue.py) beside gettext's own, as README's `pybabel -k`.
KEYWORDS = {**DEFAULT_KEYWORDS, "besked": None, "nbesked": (1, 2)}


def po_catalogue(path: Path = PO) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def messages(catalog: Catalog) -> set[tuple[str | None, object]]:
    """(context, msgid) of every message; a plural's msgid is (singular, plural)."""
    return {(m.context, m.id) for m in catalog if m.id}


def compiled(catalog: Catalog) -> GNUTranslations:
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return GNUTranslations(mo)


@pytest.fixture
def catalogue_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Catalog]:
    """A copy of the catalogue that dialog reads instead: change it, then `save_copy` it."""
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    catalogue.translations.cache_clear()
    yield po_catalogue()
    catalogue.translations.cache_clear()


def save_copy(catalog: Catalog) -> None:
    path = catalogue.catalogue_path(".mo")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as mo:
        write_mo(mo, catalog)
    catalogue.translations.cache_clear()


# --- the catalogue -------------------------------------------------------------------------


def test_the_catalogue_loads_and_translates_every_message_with_its_placeholders() -> None:
    catalog = po_catalogue()
    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if m.pluralizable else [m.string]))
    ]
    assert not untranslated
    # a msgstr keeps its msgid's placeholders (%(names)s) and has every plural form
    assert [(m.id, errors) for m, errors in catalog.check()] == []
    assert catalog.locale_identifier == "da" and catalog.num_plurals == 2
    assert danish.gettext("Absent") == "Fraværende"
    assert danish.ngettext("%(num)d item", "%(num)d items", 2) % {"num": 2} == "2 punkter"
    assert danish.pgettext("column", "Time") == "Tid"


def test_the_compiled_catalogue_is_the_po_compiled() -> None:
    """The .mo is committed: it must say what the .po says (`pybabel compile`, README)."""
    with catalogue.catalogue_path(".mo").open("rb") as mo:
        committed = GNUTranslations(mo)
    fresh = compiled(po_catalogue())
    header = {"", ("", 0)}  # the header entry names Babel's version: not wording
    assert {k: v for k, v in committed._catalog.items() if k not in header} == {
        k: v for k, v in fresh._catalog.items() if k not in header
    }
    assert [committed.plural(n) for n in range(3)] == [fresh.plural(n) for n in range(3)]


def test_the_catalogue_is_what_pybabel_extracts_from_code_and_templates() -> None:
    """babel.cfg finds every message, and the catalogue holds exactly those (README)."""
    with (PROJECT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {
        (context, message)
        for _file, _line, message, _comments, context in extract_from_dir(
            PROJECT, method_map, options_map, keywords=KEYWORDS
        )
    }
    catalog = messages(po_catalogue())
    assert sorted(map(str, found - catalog)) == [], "not in the catalogue: run pybabel update"
    assert sorted(map(str, catalog - found)) == [], "no longer used: run pybabel update"


def _python_messages(path: Path) -> Iterator[tuple[int, tuple[str | None, object] | None]]:
    """(line, (context, msgid)) of every gettext call written out in `path`; None for one
    whose context or message is not a literal string."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS or not node.args:
            continue
        texts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if name in ("pgettext", "npgettext"):
            context, texts = texts[0], texts[1:]
            if context is None:
                yield node.lineno, None  # pybabel cannot know the context
                continue
        else:
            context = None
        if texts[0] is None:
            continue  # a label from an N_() table, looked up where it is shown
        yield node.lineno, (context, tuple(texts[:2]) if name.startswith(("n", "np")) else texts[0])


def test_every_message_of_the_code_is_in_the_catalogue_even_inside_an_f_string() -> None:
    """pybabel cannot see a call inside an f-string (Python 3.11); the syntax tree can."""
    catalog = messages(po_catalogue())
    missing = [
        f"{path.relative_to(PROJECT)}:{line}: {key}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path != Path(catalogue.__file__)  # the machinery passes its arguments on
        for line, key in _python_messages(path)
        if key not in catalog
    ]
    assert missing == []


# --- the catalogue is what dialog writes ---------------------------------------------------


def test_a_label_changed_in_the_catalogue_changes_the_rendered_referat(
    catalogue_copy: Catalog, make_repo, dialog
) -> None:
    catalogue_copy.get("Absent").string = "Ikke til stede"  # a template's `_()`
    catalogue_copy.get("The meeting ends").string = "Slut på mødet"  # the code's `_()`
    catalogue_copy.get("EEEE, MMMM d, y", context="date pattern").string = "d/M y"
    save_copy(catalogue_copy)
    root = make_repo(
        {
            f"{DIR}/punkter/02-tidsplan.md": (
                "---\ntitel: Tidsplan\nlukket: false\nauto: tidsplan\n"
                "kraever_beslutning: false\n---\n"
            )
        }
    )
    result = dialog("render", "referat", DIR_ID, "-o", "-", "--root", root)
    assert result.code == 0, result.err
    assert "- **Ikke til stede:**" in result.out
    assert "| 12.00 | Slut på mødet |" in result.out
    assert "- **Dato:** 5/3 2025" in result.out
    assert "Fraværende" not in result.out and "Mødet afsluttes" not in result.out


def test_without_its_compiled_catalogue_dialog_says_it_is_broken(catalogue_copy: Catalog) -> None:
    with pytest.raises(RuntimeError, match="installed without its catalogue"):
        danish.gettext("Absent")


def test_importing_dialog_reads_no_catalogue() -> None:
    """The catalogue is read on first use: `dialog check` on a clean repository never does."""
    code = (
        "import dialogmoder.cli, dialogmoder.check, dialogmoder.render.assemble\n"
        "from dialogmoder.danish import catalogue\n"
        "print(catalogue.translations.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "0"


def test_ugedage_are_babels_danish_weekday_names() -> None:
    from babel.dates import format_date

    monday = date(2025, 1, 27)
    days = [monday + timedelta(days=n) for n in range(7)]
    assert tuple(format_date(d, "EEEE", locale="da") for d in days) == danish.UGEDAGE


def test_the_wheel_holds_the_compiled_catalogue(wheelhouse: Path) -> None:
    (wheel,) = wheelhouse.glob("dialogmoder-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "dialogmoder/danish/locale/da/LC_MESSAGES/dialog.mo" in archive.namelist()


# --- one home ------------------------------------------------------------------------------


def _string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """Every string literal of a module that is not a docstring, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _template_text(path: Path) -> Iterator[tuple[int, str]]:
    """Every line of a template, its {# comments #} blanked."""
    text = re.sub(r"\{#.*?#\}", lambda m: re.sub(r"[^\n]", " ", m[0]), path.read_text(), flags=re.S)
    yield from enumerate(text.splitlines(), 1)


def _wording_outside_danish(source: Path = SOURCE, templates: Path = TEMPLATES) -> list[str]:
    places = [
        (path, _string_literals(path))
        for path in sorted(source.rglob("*.py"))
        if "danish" not in path.relative_to(source).parts
    ] + [
        (path, _template_text(path))
        for path in sorted(templates.rglob("*.j2"))
        if not path.name.endswith(".css.j2")  # a stylesheet's comments are not wording
    ]
    found = []
    for path, texts in places:
        for line, text in texts:
            hits = [w for w in MOVED if w in text] + DATE_PATTERN.findall(text)
            found += [f"{path}:{line}: {hit!r}" for hit in hits]
    return found


def test_no_moved_wording_or_date_pattern_is_written_outside_danish() -> None:
    assert _wording_outside_danish() == []


def test_a_moved_wording_written_again_is_found(tmp_path: Path) -> None:
    source, templates = tmp_path / "dialogmoder", tmp_path / "templates"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(TEMPLATES, templates)
    referat = templates / "render" / "referat.md.j2"
    referat.write_text(referat.read_text() + "{# Fraværende: fine in a comment #}\nFraværende\n")
    plan = source / "views" / "plan.py"
    plan.write_text(
        plan.read_text() + '\n\ndef _x() -> str:\n    """d. MMMM"""\n    return "d. MMMM"\n'
    )
    assert [hit.split(": ", 1)[1] for hit in _wording_outside_danish(source, templates)] == [
        "'d. MMM'",
        "'Fraværende'",
    ]


def test_messages_are_danish_unless_dialog_sprog_says_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DIALOG_SPROG chooses the messages' language; the documents' wording stays Danish."""
    from dialogmoder.danish import _, besked, nbesked

    monkeypatch.delenv("DIALOG_SPROG", raising=False)
    assert besked("Absent") == "Fraværende"
    assert nbesked("in %(num)d day", "in %(num)d days", 2) == "om %(num)d dage"
    for value in ("en", "EN", " engelsk "):
        monkeypatch.setenv("DIALOG_SPROG", value)
        assert besked("Absent") == "Absent"
        assert _("Absent") == "Fraværende"
    monkeypatch.setenv("DIALOG_SPROG", "da")
    assert besked("Absent") == "Fraværende"
