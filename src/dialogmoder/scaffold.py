"""init, new-meeting, add-item: new files from templates, never over existing ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dialogmoder import __version__
from dialogmoder.codeowners import HEADER as CODEOWNERS_HEADER
from dialogmoder.edit import create_file, rename_new
from dialogmoder.errors import DialogError
from dialogmoder.loader import LoadError, load_document, load_yaml_document
from dialogmoder.models import PRODUKT_MODELLER, Config, Meeting, Punkt
from dialogmoder.render import BUILD_DIR
from dialogmoder.repository import (
    CONFIG_FILE,
    MEETINGS_DIR,
    PUNKT_NAME,
    Repository,
    load_config,
)
from dialogmoder.slug import slugify
from dialogmoder.templating import render_template

if TYPE_CHECKING:
    from dialogmoder.actions import Action


def init_repository(target: Path, organisation: str) -> list[Path]:
    """A new, valid, empty dialog repository in `target`; returns the files written."""
    if (target / CONFIG_FILE).exists():
        raise DialogError(f"{target / CONFIG_FILE} already exists; this is a dialog repository")
    if not organisation.strip():
        raise DialogError("--organisation is empty; give the name, e.g. 'Norddjurs Kommune'")
    files = {
        CONFIG_FILE: render_template(None, "dialog.yaml.j2", organisation=organisation),
        f"{MEETINGS_DIR}/.gitkeep": "",
        "templates/README.md": render_template(None, "templates-README.md.j2"),
        # CI and pre-commit wiring: see README "CI and pre-commit"
        ".github/workflows/dialog.yml": render_template(
            None, "init-github-workflow.yml.j2", install=f"dialogmoder=={__version__}"
        ),
        ".github/CODEOWNERS": CODEOWNERS_HEADER,
        ".pre-commit-config.yaml": render_template(
            None, "init-pre-commit-config.yaml.j2", version=__version__
        ),
    }
    taken = [rel for rel in files if (target / rel).exists()]
    if taken:  # refuse before writing anything, so a refused init leaves no half repository
        raise DialogError(
            f"{target / taken[0]} already exists; dialog init never overwrites a file."
            " Move it away, or init into an empty folder"
        )
    _check_generated(target, CONFIG_FILE, Config, files[CONFIG_FILE], yaml_only=True)
    if not (target / ".gitignore").exists():  # an existing one is the user's; left as it is
        files[".gitignore"] = f"{BUILD_DIR}/\n"  # renderings are products, not sources
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in files.items():
        create_file(target / rel, text)
        written.append(target / rel)
    if shutil.which("git") and not (target / ".git").exists():
        subprocess.run(["git", "init", "-q", str(target)], check=False)
    return written


def new_meeting(
    root: Path,
    forum_id: str,
    dato: date,
    titel: str | None = None,
    facilitering: bool = False,
) -> list[Path]:
    """A meeting folder with meeting.md and every product the forum requires."""
    config = load_config(root).data
    forum = config.fora.get(forum_id)
    if forum is None:
        known = ", ".join(sorted(config.fora)) or "none defined"
        raise DialogError(f"no forum '{forum_id}' in {CONFIG_FILE}; known fora: {known}")
    slug = slugify(titel, what="titel") if titel else slugify(forum_id, what="forum")
    year_dir = root / MEETINGS_DIR / f"{dato.year:04d}"
    final = year_dir / f"{dato.isoformat()}-{slug}"
    if final.exists():
        raise DialogError(
            f"{final.relative_to(root)} already exists; dialog never overwrites a meeting."
            " Pick another --titel, or edit the existing files"
        )
    context = {
        "forum_id": forum_id,
        "forum": forum,
        "titel": titel or forum.navn,
        "dato": dato,
        "facilitering": facilitering,
        "opfoelgning": _open_initiativer(root, forum_id, dato),
    }
    files: dict[str, tuple[str, type[BaseModel]]] = {"meeting.md": ("meeting.md.j2", Meeting)}
    for produkt, regel in forum.produkter.items():
        if regel.paakraevet == "ja" or (regel.paakraevet == "ved_behov" and facilitering):
            files[f"{produkt}.md"] = (f"{produkt}.md.j2", PRODUKT_MODELLER[produkt])
    texts = {name: render_template(root, tpl, **context) for name, (tpl, _) in files.items()}
    for name, (_, model) in files.items():
        _check_generated(root, f"{final.relative_to(root)}/{name}", model, texts[name])
    # Build the folder beside its final place and rename it in one step, so an
    # interrupted run leaves no half meeting behind.
    year_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dialog-new-", dir=year_dir))
    try:
        for name, text in texts.items():
            create_file(staging / name, text)
        (staging / "punkter").mkdir()
        (staging / "punkter" / ".gitkeep").touch()
        if final.exists():
            raise DialogError(f"{final.relative_to(root)} appeared while writing; not replacing it")
        os.rename(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [final / name for name in texts]


def _open_initiativer(root: Path, forum_id: str, dato: date) -> list[Action]:
    """Open initiativer from the forum's earlier meetings, to carry over so none is lost."""
    from dialogmoder.actions import collect_actions
    from dialogmoder.repository import load_repository

    found = collect_actions(load_repository(root), dato, forum=forum_id, before=dato)
    return [action for action in found if action.open]


def add_item(
    repo: Repository, meeting_ref: str, titel: str, position: int | None, lukket: bool
) -> Path:
    """A new punkt file; with `position`, later punkter move up one number first."""
    folder = repo.meeting(meeting_ref)
    punkter_dir = repo.root / folder.path / "punkter"
    punkter_dir.mkdir(exist_ok=True)
    existing = sorted(
        (int(m[1]), name) for name in os.listdir(punkter_dir) if (m := PUNKT_NAME.match(name))
    )
    last = existing[-1][0] if existing else 0
    nr = last + 1 if position is None else position
    if not 1 <= nr <= last + 1:
        raise DialogError(f"--position must be between 1 and {last + 1}; got {nr}")
    slug = slugify(titel, what="titel")
    text = render_template(repo.root, "punkt.md.j2", titel=titel, lukket=lukket)
    target_name = _punkt_name(nr, slug)
    _check_generated(repo.root, f"{folder.path}/punkter/{target_name}", Punkt, text)
    # Highest first, so no rename ever meets a taken name: an interruption leaves a gap
    # (which dialog check reports), never two punkter with one number or a lost file.
    for old_nr, name in reversed(existing):
        if old_nr >= nr:
            old_slug = PUNKT_NAME.match(name)[2]  # type: ignore[index]
            rename_new(punkter_dir / name, punkter_dir / _punkt_name(old_nr + 1, old_slug))
    target = punkter_dir / target_name
    create_file(target, text)
    return target


def _punkt_name(nr: int, slug: str) -> str:
    return f"{nr:02d}-{slug}.md"


def _check_generated(root: Path, rel: str, model: type, text: str, yaml_only: bool = False) -> None:
    """A template a repository overrode must still produce a valid file."""
    try:
        if yaml_only:
            load_yaml_document(rel, text, model)
        else:
            load_document(rel, text, model)
    except LoadError as e:
        raise DialogError(
            "the template produced an invalid file; fix the template in templates/:\n"
            + "\n".join(f.as_text() for f in e.findings)
        ) from None
