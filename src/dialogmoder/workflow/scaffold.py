"""init, new-meeting, add-item: new files from templates, never over existing ones."""

from __future__ import annotations

import os
import re
import secrets
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dialogmoder.danish import aarsag, besked
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.loader import LoadError, load_document, load_yaml_document
from dialogmoder.domain.models import Config, Meeting, Punkt
from dialogmoder.domain.repository import Repository, load_config, load_repository
from dialogmoder.domain.slug import MAX_SLUG, slugify
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import create_file, edit_lock
from dialogmoder.io.git import current_branch, init_work_tree
from dialogmoder.io.layout import BUILD_DIR, CONFIG_FILE, MEETINGS_DIR
from dialogmoder.io.renumber import Plan, renumber
from dialogmoder.io.templating import render_template
from dialogmoder.version import __version__
from dialogmoder.views.codeowners import HEADER as CODEOWNERS_HEADER
from dialogmoder.workflow.install_source import InstallSource, current_install_source
from dialogmoder.workflow.punkter import finish_pending, numbered, punkt_name, slug_of

if TYPE_CHECKING:
    from dialogmoder.views.actions import Action


def init_repository(target: Path, organisation: str, install_spec: str | None = None) -> list[Path]:
    """A new, valid, empty dialog repository in `target`; returns the files written.

    The workflow installs `install_spec`, by default the dialogmoder that runs this, from
    where it was installed (see install_source.py).
    """
    if target.exists() and not target.is_dir():
        raise DialogError(
            besked("{target} is a file; give a folder for the new repository").format(target=target)
        )
    if (target / CONFIG_FILE).exists():
        raise DialogError(
            besked("{x} already exists; this is a dialog repository").format(x=target / CONFIG_FILE)
        )
    if not organisation.strip():
        raise DialogError(
            besked("--organisation is empty; give the name, e.g. 'Norddjurs Kommune'")
        )
    workflow = ".github/workflows/dialog.yml"
    pages = ".github/workflows/site.yml"  # the public site on GitHub Pages
    files = {
        CONFIG_FILE: render_template(None, "dialog.yaml.j2", organisation=organisation),
        f"{MEETINGS_DIR}/.gitkeep": "",
        "templates/README.md": render_template(None, "templates-README.md.j2"),
        # CI and pre-commit wiring: see README "CI and pre-commit"
        workflow: "",  # below, once nothing is in the way
        pages: "",
        ".github/CODEOWNERS": CODEOWNERS_HEADER,
        ".pre-commit-config.yaml": render_template(
            None, "init-pre-commit-config.yaml.j2", version=__version__
        ),
    }
    source = (
        InstallSource(_checked_install_spec(install_spec))
        if install_spec
        else current_install_source()
    )
    contents: dict[str, str | bytes] = dict(files)
    if source.wheel is not None:  # the running dialogmoder, for CI to install from here
        contents[source.wheel[0]] = source.wheel[1]
    taken = [rel for rel in contents if (target / rel).exists()]
    if taken:  # refuse before writing anything, so a refused init leaves no half repository
        raise DialogError(
            besked(
                "{x} already exists; dialog init never overwrites a file. Move it away, or"
                " init into an empty folder"
            ).format(x=target / taken[0])
        )
    # the workflows trigger on the branch the repository works on: an existing
    # repository's current branch, a new one's `main` (init_work_tree makes it so)
    branch = current_branch(target) if (target / ".git").exists() else None
    wiring = {"install": source.spec, "branch": branch or "main"}
    contents[workflow] = render_template(None, "init-github-workflow.yml.j2", **wiring)
    contents[pages] = render_template(None, "init-github-pages.yml.j2", **wiring)
    _check_generated(target, CONFIG_FILE, Config, files[CONFIG_FILE], yaml_only=True)
    if not (target / ".gitignore").exists():  # an existing one is the user's; left as it is
        contents[".gitignore"] = f"{BUILD_DIR}/\n"  # renderings are products, not sources
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in contents.items():
        create_file(target / rel, text)
        written.append(target / rel)
    init_work_tree(target)  # without git, a dialog repository works all the same
    return written


def _checked_install_spec(spec: str) -> str:
    """A pip requirement that stays one word inside the workflow's double quotes."""
    spec = spec.strip()
    bad = sorted({ch for ch in spec if ch in '"$`\\' or not ch.isprintable()})
    if not spec or bad:
        shown = " ".join(repr(ch) for ch in bad) or "nothing"
        raise DialogError(
            besked(
                "--install-spec {spec!r} cannot go into the workflow's install line (it"
                " holds {shown}); give a pip requirement such as 'dialogmoder==0.1.0'"
            ).format(spec=spec, shown=shown)
        )
    return spec


def new_meeting(
    root: Path,
    forum_id: str,
    dato: date,
    titel: str | None = None,
    facilitering: bool = False,
) -> list[Path]:
    """A meeting folder with meeting.md and every product the forum requires; meeting.md's
    `id` is the folder's name, which the meeting keeps when its folder is renamed."""
    config = load_config(root).data
    forum = config.fora.get(forum_id)
    if forum is None:
        known = ", ".join(sorted(config.fora)) or besked("none defined")
        raise DialogError(
            besked("no forum '{forum_id}' in {config_file}; known fora: {known}").format(
                forum_id=forum_id, config_file=CONFIG_FILE, known=known
            )
        )
    regel = forum.produkter.get("facilitering")
    if facilitering and (regel is None or regel.paakraevet == "nej"):
        raise DialogError(
            besked(
                "the forum '{forum_id}' has no facilitering product in {config_file}; leave"
                " out --facilitering, or add the product to the forum"
            ).format(forum_id=forum_id, config_file=CONFIG_FILE)
        )
    slug = slugify(titel, what="titel") if titel else slugify(forum_id, what="forum")
    year_dir = root / MEETINGS_DIR / f"{dato.year:04d}"
    final = year_dir / f"{dato.isoformat()}-{slug}"
    if final.exists():
        raise DialogError(
            besked(
                "{final} already exists; dialog never overwrites a meeting. Pick another"
                " --titel, or edit the existing files"
            ).format(final=final.relative_to(root))
        )
    repo = load_repository(root)
    taken = [f.path for f in repo.meetings if f.uid == final.name]
    if taken:  # a meeting that moved away from this date keeps the id it had here
        raise DialogError(
            besked(
                "the id {name} is taken by {taken}; dialog never gives two meetings one id."
                " Pick another --titel, or give that meeting another id"
            ).format(name=final.name, taken=taken[0])
        )
    context = {
        "id": final.name,
        "forum_id": forum_id,
        "forum": forum,
        "titel": titel or forum.navn,
        "dato": dato,
        "facilitering": facilitering,
        "opfoelgning": _open_initiativer(repo, forum_id, dato),
    }
    files: dict[str, tuple[str, type[BaseModel]]] = {"meeting.md": ("meeting.md.j2", Meeting)}
    for produkt, regel in forum.produkter.items():
        if regel.paakraevet == "ja" or (regel.paakraevet == "ved_behov" and facilitering):
            kind = PRODUKTER[produkt]
            files[kind.filename] = (kind.scaffold_template, kind.model)
    texts = {name: render_template(root, tpl, **context) for name, (tpl, _) in files.items()}
    for name, (_, model) in files.items():
        _check_generated(root, f"{final.relative_to(root)}/{name}", model, texts[name])
    # Build the folder beside its final place and rename it in one step, so an
    # interrupted run leaves no half meeting behind (dialog check names a leftover).
    year_dir.mkdir(parents=True, exist_ok=True)
    with edit_lock(year_dir):
        staging = _staging_folder(year_dir)
        try:
            for name, text in texts.items():
                create_file(staging / name, text)
            (staging / "punkter").mkdir()
            (staging / "punkter" / ".gitkeep").touch()
            if final.exists():
                raise DialogError(
                    besked("{final} appeared while writing; not replacing it").format(
                        final=final.relative_to(root)
                    )
                )
            os.rename(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return [final / name for name in texts]


def _staging_folder(parent: Path) -> Path:
    """A new hidden folder with the user's usual mode (mkdtemp's would be private, 0700)."""
    while True:
        path = parent / f".dialog-new-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _open_initiativer(repo: Repository, forum_id: str, dato: date) -> list[Action]:
    """Open initiativer from the forum's earlier meetings, to carry over so none is lost."""
    from dialogmoder.views.actions import collect_actions

    found = collect_actions(repo, dato, forum=forum_id, before=dato)
    return [action for action in found if action.open]


def add_item(
    repo: Repository,
    meeting_ref: str,
    titel: str,
    position: int | None,
    lukket: bool,
    offentlig_titel: str | None = None,
    slug: str | None = None,
) -> Path:
    """A new punkt file; with `position`, later punkter move up one number first, all or
    nothing (`io/renumber.py`, also under `kill -9`).

    The file is named after `slug` when given, else an open punkt after its title and a
    closed one after its `offentlig_titel`, else `lukket-punkt`: never after a closed
    title, since a file name is public wherever the repository is (see `punkt_slug`).
    The meeting folder's lock is held from listing the punkter to the new file, so two
    add-items at once take turns and never pick the same number.
    """
    folder = repo.meeting(meeting_ref)
    meeting_dir = repo.root / folder.path
    punkter_dir = meeting_dir / "punkter"
    slug = punkt_slug(titel, lukket=lukket, offentlig_titel=offentlig_titel, slug=slug)
    text = render_template(
        repo.root, "punkt.md.j2", titel=titel, lukket=lukket, offentlig_titel=offentlig_titel
    )
    with edit_lock(meeting_dir):
        punkter_dir.mkdir(exist_ok=True)
        finish_pending(meeting_dir, repo.root)  # an interrupted renumbering first
        existing = numbered(punkter_dir)
        last = existing[-1][0] if existing else 0
        nr = last + 1 if position is None else position
        if not 1 <= nr <= last + 1:
            raise DialogError(
                besked("--position must be between 1 and {x}; got {nr}").format(x=last + 1, nr=nr)
            )
        target_name = punkt_name(nr, slug)
        _check_generated(repo.root, f"{folder.path}/punkter/{target_name}", Punkt, text)
        later = [name for old_nr, name in existing if old_nr >= nr]
        target = punkter_dir / target_name
        if not later:
            try:
                create_file(target, text)
            except OSError as e:
                where = f"{e.filename}: " if e.filename else ""
                raise DialogError(
                    besked("cannot add the punkt: {where}{x}").format(where=where, x=aarsag(e))
                ) from None
            return target
        moves = tuple(
            (f"punkter/{name}", f"punkter/{punkt_name(old_nr + 1, slug_)}")
            for old_nr, name in existing
            if old_nr >= nr and (slug_ := slug_of(name))
        )
        plan = Plan(moves, create=(f"punkter/{target_name}", text), stage=True)
        renumber(meeting_dir, plan, repo.root, besked("add the punkt"))
        return target


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CLOSED_SLUG = "lukket-punkt"  # a closed punkt's file name without an offentlig_titel


def punkt_slug(
    titel: str, *, lukket: bool, offentlig_titel: str | None = None, slug: str | None = None
) -> str:
    """The name part of a new punkt's file (`NN-<slug>.md`)."""
    if offentlig_titel is not None and not offentlig_titel.strip():
        raise DialogError(besked("--offentlig-titel is empty; give the title the public sees"))
    if offentlig_titel is not None and not lukket:
        raise DialogError(
            besked(
                "--offentlig-titel is for a closed punkt; an open punkt is public under"
                " its own title. Leave out --aaben or --offentlig-titel"
            )
        )
    if slug is not None:
        if not _SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
            raise DialogError(
                besked(
                    "--slug {slug!r} cannot name a file: use at most {most} lowercase letters"
                    " a-z, digits and single hyphens, e.g. --slug budget-2026"
                ).format(slug=slug, most=MAX_SLUG)
            )
        return slug
    if not lukket:
        return slugify(titel, what="titel")
    if offentlig_titel is not None:
        return slugify(offentlig_titel, what="offentlig_titel")
    return CLOSED_SLUG


def _check_generated(root: Path, rel: str, model: type, text: str, yaml_only: bool = False) -> None:
    """A template a repository overrode must still produce a valid file."""
    try:
        if yaml_only:
            load_yaml_document(rel, text, model)
        else:
            load_document(rel, text, model)
    except LoadError as e:
        raise DialogError(
            besked("the template produced an invalid file; fix the template in templates/:\n")
            + "\n".join(f.as_text() for f in e.findings)
        ) from None
