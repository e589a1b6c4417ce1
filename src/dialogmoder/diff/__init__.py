"""`dialog diff`: what a change does to the meetings, in Danish, for a reviewer.

`sides` reads a git revision (or the working tree) into a Repository, `compare` turns two
of them into a `ReviewDiff`, `formats` prints it as text, Markdown or JSON.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from dialogmoder.diff.compare import ReviewDiff, compare
from dialogmoder.diff.sides import Side, default_base, revision, working_tree

__all__ = ["ReviewDiff", "review_diff"]


def review_diff(
    root: Path, base: str | None = None, head: str | None = None, *, public: bool = False
) -> ReviewDiff:
    """BASE (default: the merge base with the main branch) against HEAD (default: the
    working tree), meeting by meeting."""
    with contextlib.ExitStack() as stack:
        old = stack.enter_context(revision(root, base or default_base(root)))
        new: Side = (
            working_tree(root) if head is None else stack.enter_context(revision(root, head))
        )
        return ReviewDiff(old.name, new.name, public, compare(old.repo, new.repo, public=public))
