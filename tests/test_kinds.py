"""domain/kinds.py, the one registry of kinds: every kind has what the layers above look up
by it, and a new kind needs only the files README's "Adding a product kind" lists."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from datetime import date, time
from pathlib import Path
from typing import Any, get_args

import pytest

import dialogmoder
from dialogmoder.domain.approval import approval_hash
from dialogmoder.domain.kinds import KINDS, PRODUKTER, ProduktKind
from dialogmoder.domain.loader import load_document
from dialogmoder.domain.models import Produkt, ProduktType
from dialogmoder.domain.repository import load_repository
from dialogmoder.io.templating import packaged_templates
from dialogmoder.render import FORMATS, render_bytes
from dialogmoder.render.assemble import BUILDERS, assemble
from dialogmoder.views.schema import SCHEMAS

from helpers import forkrun
from helpers.configs import CONFIG
from helpers.repo import git

PACKAGE = Path(dialogmoder.__file__).parent

# every product required, so that `dialog new-meeting` scaffolds each kind
ALL_PRODUCTS = CONFIG.replace(
    "facilitering: {paakraevet: ved_behov, frist: -7}", "facilitering: {paakraevet: ja}"
)


def test_the_produkt_type_literal_names_the_registry_s_products_in_order() -> None:
    assert get_args(ProduktType) == tuple(PRODUKTER)


def test_the_products_are_the_kinds_with_a_file_of_their_own() -> None:
    assert [k.id for k in KINDS.values() if isinstance(k, ProduktKind)] == list(PRODUKTER)
    assert list(KINDS) == [
        "dagsorden",
        "referat",
        "program",
        "baggrundsnotat",
        "facilitering",
        "opfoelgningsnotat",
        "materiale",
    ]


@pytest.mark.parametrize("kind", PRODUKTER.values(), ids=list(PRODUKTER))
def test_every_product_kind_has_its_model_and_schema(kind: ProduktKind) -> None:
    assert issubclass(kind.model, Produkt)
    assert SCHEMAS[kind.id][0] is kind.model
    assert kind.filename == f"{kind.id}.md"


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_has_a_render_template_per_format_and_a_builder(kind: Any) -> None:
    assert set(kind.render_templates) == set(FORMATS)
    for name in kind.render_templates.values():
        assert (packaged_templates() / name).is_file(), name
    assert kind.id in BUILDERS


def test_render_has_a_builder_for_every_kind_and_no_other() -> None:
    assert list(BUILDERS) == list(KINDS)


@pytest.mark.parametrize("kind", PRODUKTER.values(), ids=list(PRODUKTER))
def test_every_product_kind_has_a_scaffold_that_writes_a_valid_file(
    kind: ProduktKind, make_repo: Any, dialog: Any
) -> None:
    assert (packaged_templates() / kind.scaffold_template).is_file()
    root = make_repo({"dialog.yaml": ALL_PRODUCTS})
    result = dialog(
        "new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-04-02", cwd=root
    )
    assert result.code == 0, result.err
    path = root / "meetings/2025/2025-04-02-strategisk-dialogmoede" / kind.filename
    text = path.read_text(encoding="utf-8")
    assert isinstance(load_document(kind.filename, text, kind.model).data, kind.model)
    rendered = dialog("render", kind.id, "2025-04-02-strategisk-dialogmoede", "-o", "-", cwd=root)
    assert rendered.code == 0, rendered.err
    assert f"# {kind.navn}" in rendered.out


# a value other than the scaffolded meeting's for each meeting.md field a product could show
OTHER_VALUE: dict[str, Any] = {
    "forum": "direktionen",
    "dato": date(2025, 4, 3),
    "titel": "En anden titel",
    "start": time(10, 0),
    "slut": time(16, 0),
    "sted": "Byrådssalen",
    "temaer": ["vaekst"],
    "vaert": ["anna"],
    "bistaas_af": ["carl"],
    "fravaerende": ["bo"],
    "note": "En note",
}


@pytest.mark.parametrize("kind", PRODUKTER.values(), ids=list(PRODUKTER))
def test_what_a_rendered_product_shows_from_meeting_md_is_what_its_approval_covers(
    kind: ProduktKind, make_repo: Any, dialog: Any
) -> None:
    root = make_repo({"dialog.yaml": ALL_PRODUCTS}, with_meeting=False)
    made = dialog(
        "new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-04-02", cwd=root
    )
    assert made.code == 0, made.err
    path = root / "meetings/2025/2025-04-02-strategisk-dialogmoede" / kind.filename
    text = path.read_text(encoding="utf-8")
    # without its own titel a product shows the meeting's
    path.write_text(re.sub(r"(?m)^titel: .*\n", "", text), encoding="utf-8")
    repo = load_repository(root)
    folder = repo.meetings[0]
    assert folder.doc is not None
    meeting_doc, written = folder.doc, folder.produkter[kind.id].text
    meeting = meeting_doc.data
    assert written is not None

    def rendered() -> bytes:
        return render_bytes(root, assemble(repo, folder.id, kind.id, False), kind.id, "md")

    shown = rendered()
    for name, value in OTHER_VALUE.items():
        changed = meeting.model_copy(update={name: value})
        folder.doc = dataclasses.replace(meeting_doc, data=changed)
        changes_rendering = rendered() != shown
        changes_approval = approval_hash(written, kind.id, changed) != approval_hash(
            written, kind.id, meeting
        )
        assert changes_rendering == changes_approval, (
            f"{kind.id} {'shows' if changes_rendering else 'does not show'} meeting.md's"
            f" {name}, but its approval {'does not cover' if changes_rendering else 'covers'}"
            " it: see its shown_from_meeting in domain/kinds.py"
        )


def test_the_help_of_render_and_schema_names_every_kind(dialog: Any) -> None:
    # the help is written out in cli.py: importing the models for it would slow every start
    render_help = " ".join(dialog("render", "--help").out.split())
    schema_help = " ".join(dialog("schema", "--help").out.split())
    for kind in KINDS:
        assert kind in render_help, kind
    for kind in PRODUKTER:
        assert kind in schema_help, kind


# --- a new kind, added only where README's "Adding a product kind" says ---------------------

NEW_MODEL = '''

class Nyhedsbrev(Produkt):
    """nyhedsbrev.md: the news sent to everyone after the meeting."""

    modtagere: Ids = Field(default=[], description="who receives it: people or groups")
'''

NEW_RECORD = """\
    ProduktKind(
        id="nyhedsbrev",
        name=N_("Nyhedsbrev"),  # no Danish in the catalogue yet: shown as written
        model=Nyhedsbrev,
        scaffold_template="nyhedsbrev.md.j2",
        render_templates=_render_templates("nyhedsbrev"),
        shown_from_meeting=("sted",),
        in_materiale=False,
    ),
"""

NEW_SCAFFOLD = """\
---
titel: {{ ("Nyhedsbrev: " ~ titel) | yaml_str }}
status: udkast
---
## Nyt fra mødet
"""

NEW_FORUM = """\
  nyt-forum:
    navn: Nyt forum
    medlemmer: [anna, bo]
    produkter:
      nyhedsbrev: {paakraevet: ja, frist: 7, godkendes_af: fagdirektoer}
"""


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _package_with_a_new_kind(tmp_path: Path) -> Path:
    """A copy of dialogmoder and its templates with the kind `nyhedsbrev` added: its model
    and id (models.py), its record (kinds.py), its templates, its builder. Nothing else."""
    source = tmp_path / "source"
    package = source / "src" / "dialogmoder"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(packaged_templates(), source / "templates")
    models = package / "domain" / "models.py"
    literal = re.search(r"ProduktType = Literal\[(.*)\]\n", models.read_text(encoding="utf-8"))
    assert literal is not None
    _replace_once(models, literal[1], literal[1] + ', "nyhedsbrev"')
    models.write_text(models.read_text(encoding="utf-8") + NEW_MODEL, encoding="utf-8")
    kinds = package / "domain" / "kinds.py"
    _replace_once(kinds, "    Facilitering,\n", "    Facilitering,\n    Nyhedsbrev,\n")
    text = kinds.read_text(encoding="utf-8")
    end = text.index("\n)\n", text.index("PRODUKTER: Mapping"))
    kinds.write_text(text[: end + 1] + NEW_RECORD + text[end + 1 :], encoding="utf-8")
    products = package / "render" / "products.py"
    _replace_once(
        products,
        '    "opfoelgningsnotat": opfoelgningsnotat_doc,\n',
        '    "opfoelgningsnotat": opfoelgningsnotat_doc,\n    "nyhedsbrev": notat_doc,\n',
    )
    templates = source / "templates"
    (templates / "nyhedsbrev.md.j2").write_text(NEW_SCAFFOLD, encoding="utf-8")
    for ext in ("md", "html", "typ"):
        shutil.copy(
            templates / "render" / f"notat.{ext}.j2", templates / "render" / f"nyhedsbrev.{ext}.j2"
        )
    return source / "src"


def test_a_new_kind_is_scaffolded_rendered_approved_and_goes_stale(tmp_path: Path) -> None:
    src = _package_with_a_new_kind(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = forkrun.run(  # another PYTHONPATH: a new interpreter, not a fork
            [sys.executable, "-m", "dialogmoder", *args],
            cwd=root,
            env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return done

    root = tmp_path / "repo"
    root.mkdir()
    (root / "dialog.yaml").write_text(CONFIG.replace("fora:\n", "fora:\n" + NEW_FORUM), "utf-8")
    git(root, "init", "-q", "-b", "main")
    made = run("new-meeting", "--forum", "nyt-forum", "--dato", "2025-04-02", "--titel", "Sommer")
    assert made.returncode == 0, made.stderr
    meeting = root / "meetings/2025/2025-04-02-sommer"
    assert "Nyhedsbrev: Sommer" in (meeting / "nyhedsbrev.md").read_text(encoding="utf-8")
    meeting_md = meeting / "meeting.md"
    assert 'sted: "Mødelokale"' in meeting_md.read_text(encoding="utf-8")

    rendered = run("render", "nyhedsbrev", "2025-04-02-sommer", "-o", "-")
    assert rendered.returncode == 0, rendered.stderr
    assert "# Nyhedsbrev: Sommer" in rendered.stdout
    assert "Ikke godkendt" in rendered.stdout

    approved = run("approve", "meetings/2025/2025-04-02-sommer/nyhedsbrev.md", "--by", "bo")
    assert approved.returncode == 0, approved.stderr
    checked = run("check", "--today", "2025-04-01")
    assert checked.returncode == 0, checked.stdout
    assert (
        "Godkendt af Velfærdsdirektør Bo Berg"
        in run("render", "nyhedsbrev", "2025-04-02-sommer", "-o", "-").stdout
    )

    # the kind shows the meeting's sted, so its approval covers it
    meeting_md.write_text(
        meeting_md.read_text(encoding="utf-8").replace("Mødelokale", "Byrådssalen"),
        encoding="utf-8",
    )
    stale = run("check", "--today", "2025-04-01")
    assert stale.returncode == 1
    assert "DM302" in stale.stdout and "nyhedsbrev.md" in stale.stdout
