"""dialogmøder: a municipality's management meetings as Markdown files in git.

The library under the `dialog` command; everything the command does can be done from
Python::

    from dialogmoder import find_root, load_repository, check_repository, product_state

    root = find_root(Path.cwd())
    findings = check_repository(root)
    repo = load_repository(root)
    for folder in repo.meetings:
        print(folder.id, {t: product_state(repo, folder, t) for t in folder.produkter})

The names below are imported on first use, so `import dialogmoder` (and `dialog
--version`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dialogmoder.version import __version__

# public name -> the module that defines it
_API = {
    "DialogError": "errors",
    "Finding": "domain.findings",
    "Repository": "domain.repository",
    "MeetingFolder": "domain.repository",
    "find_root": "domain.repository",
    "load_repository": "domain.repository",
    "check_repository": "check",
    "approve": "workflow.approve",
    "product_state": "domain.state",
    "required_products": "domain.state",
    "is_cancelled": "domain.state",
    "is_archive": "domain.state",
    "build_status": "views.status",
    "render_meeting": "render",
    "render_calendar": "views.ics",
    "build_codeowners": "views.codeowners",
    "collect_actions": "views.actions",
    "plan_for_year": "views.plan",
    "export_repository": "views.export",
    "init_repository": "workflow.scaffold",
    "new_meeting": "workflow.scaffold",
    "add_item": "workflow.scaffold",
}

__all__ = [
    "DialogError",
    "Finding",
    "MeetingFolder",
    "Repository",
    "__version__",
    "add_item",
    "approve",
    "build_codeowners",
    "build_status",
    "check_repository",
    "collect_actions",
    "export_repository",
    "find_root",
    "init_repository",
    "is_archive",
    "is_cancelled",
    "load_repository",
    "new_meeting",
    "plan_for_year",
    "product_state",
    "render_calendar",
    "render_meeting",
    "required_products",
]

if TYPE_CHECKING:
    from dialogmoder.check import check_repository
    from dialogmoder.domain.findings import Finding
    from dialogmoder.domain.repository import MeetingFolder, Repository, find_root, load_repository
    from dialogmoder.domain.state import is_archive, is_cancelled, product_state, required_products
    from dialogmoder.errors import DialogError
    from dialogmoder.render import render_meeting
    from dialogmoder.views.actions import collect_actions
    from dialogmoder.views.codeowners import build_codeowners
    from dialogmoder.views.export import export_repository
    from dialogmoder.views.ics import render_calendar
    from dialogmoder.views.plan import plan_for_year
    from dialogmoder.views.status import build_status
    from dialogmoder.workflow.approve import approve
    from dialogmoder.workflow.scaffold import add_item, init_repository, new_meeting


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'dialogmoder' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dialogmoder.{module}"), name)
    globals()[name] = value
    return value
