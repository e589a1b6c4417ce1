"""DM0xx: what the loader and the repository scan report, and dialog.yaml's `regler`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from dialogmoder.check.rules import REGISTRY, Context, describe, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.loader import (
    CONFLICT,
    HYGIENE,
    MEETING_MD_MISSING,
    MISNAMED,
    READ,
    SCHEMA,
    SYNTAX,
    UNKNOWN_KEY,
)

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository

describe(
    READ,
    "unreadable-file",
    "A file or folder cannot be read: not UTF-8, UTF-16, NUL bytes, too large, no"
    " permission, a symbolic link loop",
    "error",
    "load",
    """
    dialog reads every file as UTF-8 and never guesses another encoding, because a
    wrong guess silently turns "æøå" into something else. Word often saves text as
    Windows-1252 or UTF-16: open the file in an editor and save it as UTF-8.
    Files larger than 4 MB are refused; a meeting file is text, attachments belong in
    bilag/. A folder dialog may not open (check its permissions) or a symbolic link that
    points back at itself is reported and skipped; every other meeting is still read.
    """,
)
describe(
    SYNTAX,
    "front-matter-syntax",
    "Front matter is missing, never closed, not valid YAML or not a mapping",
    "error",
    "load",
    """
    Every Markdown file starts with a line `---`, YAML keys, and another `---`. The
    message names the line where the problem is and, where it can, how to fix it:
    quote a value that contains ': ', indent with spaces rather than tabs, keep each
    key once. Anchors, aliases, merge keys and `!!tags` are refused so that a file can
    never run code or expand into gigabytes.
    """,
)
describe(
    CONFLICT,
    "merge-conflict",
    "An unresolved git merge conflict (<<<<<<< / >>>>>>>) in a file",
    "error",
    "load",
    """
    A merge left conflict markers in the file, in the front matter or in the body.
    Keep the lines that are right, delete the markers `<<<<<<<`, `=======` and
    `>>>>>>>`, and commit. A lone `=======` line is a Markdown heading underline and
    is not reported.
    """,
)
describe(
    SCHEMA,
    "schema",
    "A value has the wrong type or shape, or a required key is missing",
    "error",
    "load",
    """
    Front matter values are strict so that nothing is silently misread: a time is
    HH:MM (`start: 13:30`), a date YYYY-MM-DD that exists, a flag true/false (or
    ja/nej), an id lowercase letters, digits and '-'. A number where text or an id
    belongs is an error with a hint to put it in quotes ("kle: '00.30.10'").
    """,
)
describe(
    UNKNOWN_KEY,
    "unknown-key",
    "A key the file type does not know (a typo must not pass silently)",
    "error",
    "load",
    """
    Every file type has a fixed set of keys (see `dialog schema`). An unknown key is
    usually a typo, so it is an error with the closest known key as a hint. Keys may be
    written with æ, ø, å (`vært`) or without (`vaert`).
    """,
)
describe(
    HYGIENE,
    "unknown-file",
    "A file or folder dialog does not know where it expects its own",
    "warning",
    "hygiene",
    """
    A meeting folder holds meeting.md, the products (program.md, baggrundsnotat.md,
    facilitering.md, opfoelgningsnotat.md), punkter/ with files named NN-slug.md, and
    bilag/ with attachments. Anything else (notes.txt, a misnamed punkt) is probably a
    mistake: move it to bilag/ or rename it. Names starting with '.' are ignored, except
    what an interrupted dialog command left behind (killed while writing): a temporary
    file `.dialog-*.tmp`, or a half-made meeting folder `.dialog-new-*` from new-meeting.
    Nothing uses those; delete them. dialog reports them and does not delete them itself,
    because it cannot tell a leftover from the file of a command running at that moment.
    """,
)
describe(
    MEETING_MD_MISSING,
    "meeting-md-missing",
    "A meeting folder has no meeting.md",
    "error",
    "completeness",
    """
    A folder under meetings/YYYY/ is a meeting, and its meeting.md says which forum,
    date and times it has. Without it nothing else in the folder can be checked.
    Create it with `dialog new-meeting`, or remove the folder.
    """,
)
describe(
    MISNAMED,
    "misnamed-file",
    "A misnamed punkt or product file, which no rendering would show",
    "error",
    "load",
    """
    The referat and the dagsorden hold exactly the files in punkter/ named NN-slug.md
    (two or three digits, a dash, lowercase letters, digits and dashes): `05-klima.md`.
    Anything else there (`5-klima.md`, `05-Klima.md`, `notes.txt`, a folder) would be
    silently left out of them, so it is an error, and the message names the file name
    it should have. Rename it (`git mv`), or move a file that is not a punkt to bilag/.
    The same holds for a punkt file outside punkter/ (`02-klima.md` next to meeting.md),
    a product name written in capitals (`Program.md`), and a product name that is a
    folder (`program.md/`). Other stray files in a meeting folder are warnings (DM006).
    """,
)


@rule(
    "DM008",
    "unknown-rule-id",
    "dialog.yaml's `regler` names a rule that does not exist",
    "error",
    "load",
)
def unknown_rule_ids(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `regler` in dialog.yaml turns a rule off or changes its severity, e.g.
    `regler: {DM202: off, DM602: error}`. A rule id that does not exist is an error,
    because the setting then silently does nothing. `dialog check --list-rules` lists
    the ids.
    """
    import difflib

    doc = repo.config_doc
    for rule_id in repo.config.regler:
        if rule_id not in REGISTRY:
            close = difflib.get_close_matches(rule_id.upper(), list(REGISTRY), n=1, cutoff=0.6)
            hint = besked("; did you mean {id}?").format(id=close[0]) if close else ""
            yield found(
                "DM008",
                doc.path,
                doc.line_of("regler", rule_id),
                besked(
                    "regler: unknown rule '{id}'{hint} (`dialog check --list-rules` lists them)"
                ).format(id=rule_id, hint=hint),
            )


@rule(
    "DM010",
    "load-rule-setting",
    "dialog.yaml's `regler` turns a load rule (DM0xx) off or makes it a warning",
    "error",
    "load",
)
def load_rule_weakened(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The load rules (DM001-DM010) report what dialog could not read or where it would
    silently leave something out: a file that is not UTF-8, front matter that does not
    parse, a misnamed punkt. Turned off, such a file would check clean while the referat
    lacks it. So `regler` may raise a load rule to an error, but a line that turns one
    off or makes it a warning is itself an error, and the rule's findings count as if
    the line were not there. Remove the line and fix what the rule reports.
    """
    doc = repo.config_doc
    for rule_id, setting in repo.config.regler.items():
        if weakens_load_rule(rule_id, setting):
            text = (
                besked(
                    "regler: {id} is a load rule and cannot be turned off; its findings count."
                    " Remove the line"
                )
                if setting == "off"
                else besked(
                    "regler: {id} is a load rule and cannot be made a warning; its findings"
                    " count. Remove the line"
                )
            )
            yield found("DM010", doc.path, doc.line_of("regler", rule_id), text.format(id=rule_id))


def weakens_load_rule(rule_id: str, setting: str) -> bool:
    """Whether a `regler` setting would hide or soften a load rule's findings."""
    known = REGISTRY.get(rule_id)
    if known is None or not known.locked:
        return False
    return setting == "off" or (setting == "warning" and known.severity == "error")


def effective_regler(regler: Mapping[str, str]) -> dict[str, str]:
    """dialog.yaml's `regler` without the settings that would weaken a load rule."""
    return {k: v for k, v in regler.items() if not weakens_load_rule(k, v)}
