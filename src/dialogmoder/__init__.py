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

__version__ = "0.1.0"

# public name -> the module that defines it
_API = {
    "DialogError": "errors",
    "Finding": "findings",
    "Repository": "repository",
    "MeetingFolder": "repository",
    "find_root": "repository",
    "load_repository": "repository",
    "check_repository": "check",
    "approve": "approval",
    "product_state": "state",
    "required_products": "state",
    "is_cancelled": "state",
    "is_archive": "state",
    "build_status": "status",
    "render_meeting": "render",
    "render_calendar": "calendar",
    "build_codeowners": "codeowners",
    "collect_actions": "actions",
    "plan_for_year": "plan",
    "export_repository": "export",
    "init_repository": "scaffold",
    "new_meeting": "scaffold",
    "add_item": "scaffold",
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
    from dialogmoder.actions import collect_actions
    from dialogmoder.approval import approve
    from dialogmoder.calendar import render_calendar
    from dialogmoder.check import check_repository
    from dialogmoder.codeowners import build_codeowners
    from dialogmoder.errors import DialogError
    from dialogmoder.export import export_repository
    from dialogmoder.findings import Finding
    from dialogmoder.plan import plan_for_year
    from dialogmoder.render import render_meeting
    from dialogmoder.repository import MeetingFolder, Repository, find_root, load_repository
    from dialogmoder.scaffold import add_item, init_repository, new_meeting
    from dialogmoder.state import is_archive, is_cancelled, product_state, required_products
    from dialogmoder.status import build_status


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'dialogmoder' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dialogmoder.{module}"), name)
    globals()[name] = value
    return value
