"""The refusal to publish a CPR number: `render --public`, `site` and `diff --public` all
stop here, naming every `file:line` to fix, and write nothing. A guarantee, not a rule
that `regler` can turn off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dialogmoder.danish import besked
from dialogmoder.domain.edition.scan import (
    document_hits,
    findings,
    published_findings,
    rendered_numbers,
    written_in,
)
from dialogmoder.errors import DialogError
from dialogmoder.exit_codes import FINDINGS

if TYPE_CHECKING:
    from dialogmoder.domain.findings import Finding
    from dialogmoder.domain.repository import MeetingFolder, Repository


def refuse_personal_data(
    repo: Repository,
    editions: Iterable[tuple[MeetingFolder, object]],
    publication: str,
    *,
    meetings_listed: bool = False,
) -> None:
    """Refuse a publication of these meetings' assembled public editions while one shows
    a CPR number. `meetings_listed`: it also shows each meeting.md on its own (the site's
    index, årsplan and feeds), so a number anywhere in one refuses too."""
    # dialog.yaml is shown in part by every public output (names, tilgaengelighed): a CPR
    # number anywhere in it refuses them all
    found: set[Finding] = set(findings(repo.config_doc.path, document_hits(repo.config_doc)))
    for folder, document in editions:
        found.update(published_findings(repo, folder, document))
        if meetings_listed and folder.doc is not None:
            found.update(findings(folder.doc.path, document_hits(folder.doc)))
    if found:
        raise _refusal([f.as_text() for f in sorted(found)], publication)


def refuse_personal_data_in_change(
    document: object, after: Repository | None, before: Repository | None, before_name: str
) -> None:
    """Refuse a public diff while it shows a CPR number, also one the change removes (it
    shows as removed text): named where it is written after the change, and before it
    under the name of the revision (`before_name`)."""
    numbers = rendered_numbers(document)
    if not numbers:
        return
    lines = [f.as_text() for f in written_in(after, numbers)] if after is not None else []
    if before is not None:
        lines += [f"{before_name}: {f.as_text()}" for f in written_in(before, numbers)]
    raise _refusal(lines, besked("the public diff"))


def _refusal(lines: list[str], publication: str) -> DialogError:
    """Every place to fix, then what was refused; exit 1, as for content with errors."""
    message = besked(
        "{publication} would publish what looks like a CPR number; nothing was written"
    ).format(publication=publication)
    return DialogError("\n".join([*lines, message]), exit_code=FINDINGS)
