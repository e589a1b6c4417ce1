"""`dialog diff`: what a change does to the meetings, in Danish, for a reviewer.

`sides` reads a git revision (or the working tree) into a Repository, `compare` turns two
of them into a `ReviewDiff`, `formats` prints it as text, Markdown or JSON.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from dialogmoder.diff.compare import ReviewDiff, compare
from dialogmoder.diff.sides import Side, changed_meetings, default_base, revision, working_tree
from dialogmoder.io.git import commit_of

__all__ = ["ReviewDiff", "review_diff"]


def review_diff(
    root: Path, base: str | None = None, head: str | None = None, *, public: bool = False
) -> ReviewDiff:
    """BASE (default: the merge base with the main branch) against HEAD (default: the
    working tree), meeting by meeting."""
    base = base or default_base(root)
    folders = changed_meetings(root, commit_of(root, base), head and commit_of(root, head))
    with contextlib.ExitStack() as stack:
        old = stack.enter_context(revision(root, base, folders))
        new: Side = (
            working_tree(root, folders)
            if head is None
            else stack.enter_context(revision(root, head, folders))
        )
        diff = ReviewDiff(old.name, new.name, public, compare(old.repo, new.repo, public=public))
        if public:  # a pull request's job summary is a publication, as render --public is
            from dialogmoder.domain.edition import refuse_personal_data_in_change

            refuse_personal_data_in_change(diff, new.repo, old.repo, old.name)
        return diff
