"""`dialog approve`: record an approval in a product's front matter, every other byte kept.

Who may approve, what an approval covers and when it is stale is `domain/approval.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dialogmoder.danish import besked
from dialogmoder.domain.approval import (
    APPROVAL_KEYS,
    approval_hash,
    approval_is_current,
    approver_problem,
)
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.loader import LoadError, decode, load_document, split_front_matter
from dialogmoder.domain.models import Produkt
from dialogmoder.domain.state import file_errors
from dialogmoder.domain.yamlsafe import KeySpan, TopLevel, YamlError, parse_yaml, top_level_spans
from dialogmoder.errors import DialogError

if TYPE_CHECKING:
    from dialogmoder.domain.repository import MeetingFolder, Repository

# --- dialog approve ------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingApproval:
    """An approval computed from the bytes read, not yet written."""

    path: Path
    rel: str
    old_bytes: bytes
    new_bytes: bytes
    message: str
    changed: bool


def prepare_approval(root: Path, file: Path, person_id: str, day: date) -> PendingApproval:
    """Read a product file and compute its approved version; DialogError if not allowed."""
    from dialogmoder.domain.repository import load_repository

    path = file if file.is_absolute() else Path.cwd() / file
    rel = _relative(root, path)
    parts = rel.split("/")
    produkt = parts[-1].removesuffix(".md")
    if len(parts) != 4 or parts[0] != "meetings" or produkt not in PRODUKTER:
        known = ", ".join(kind.filename for kind in PRODUKTER.values())
        raise DialogError(
            besked("{rel} is not a product; dialog approve takes a meeting's {known}").format(
                rel=rel, known=known
            ),
            exit_code=2,
        )
    if not path.is_file():
        raise DialogError(besked("{rel} does not exist").format(rel=rel), exit_code=2)
    # the meeting folder, not the file: a symlinked product's target may live elsewhere
    repo = load_repository(root, only=[path.parent])
    problems = file_errors(repo, rel) + file_errors(repo, _md(rel))
    if problems:
        raise DialogError(
            "\n".join(f.as_text() for f in problems) + besked("\nfix these before approving"),
            exit_code=1,
        )
    if not repo.meetings:
        raise DialogError(
            besked("{rel} is not in a meeting folder (meetings/YYYY/YYYY-MM-DD-slug/)").format(
                rel=rel
            ),
            exit_code=2,
        )
    folder = repo.meetings[0]
    meeting = folder.meeting
    assert meeting is not None  # a failed meeting.md is in `problems`
    problem = approver_problem(repo.config, meeting, produkt, person_id)
    if problem:
        raise DialogError(
            besked("{rel}: not approved: {problem}").format(rel=rel, problem=problem), exit_code=1
        )

    raw = path.read_bytes()
    try:
        text = decode(rel, raw)
        doc = load_document(rel, text, PRODUKTER[produkt].model)
    except LoadError as e:
        raise DialogError("\n".join(f.as_text() for f in e.findings), exit_code=1) from None
    if approval_is_current(doc, meeting, repo.config):
        by = doc.data.godkendt_af
        if by == person_id:
            message = besked(
                "{rel}: already approved by {by} on {godkendt_dato}; unchanged"
            ).format(rel=rel, by=by, godkendt_dato=doc.data.godkendt_dato)
            return PendingApproval(path, rel, raw, raw, message, changed=False)
        raise DialogError(
            besked(
                "{rel}: already approved by {by} on {godkendt_dato}, and the content has"
                " not changed since; {person_id}'s approval is not recorded"
            ).format(rel=rel, by=by, godkendt_dato=doc.data.godkendt_dato, person_id=person_id),
            exit_code=1,
        )
    try:
        new_text = set_approval(
            raw, person_id, day, approval_hash(text, produkt, meeting, repo.config, person_id)
        )
    except DialogError as e:
        raise DialogError(f"{rel}: {e.message}", exit_code=e.exit_code) from None
    _verify(rel, raw, new_text, PRODUKTER[produkt].model)
    message = besked("{rel}: approved by {person_id} on {day}").format(
        rel=rel, person_id=person_id, day=day.isoformat()
    )
    return PendingApproval(path, rel, raw, new_text, message, changed=True)


def write_approval(pending: PendingApproval) -> str:
    """Write the approved file atomically, unless it changed on disk since it was read."""
    from dialogmoder.io.edit import replace_unchanged

    if not pending.changed:
        return pending.message
    replace_unchanged(
        pending.path,
        pending.old_bytes,
        pending.new_bytes,
        changed=besked(
            "{rel} changed on disk while it was being approved; nothing was written. Review"
            " the new content and run dialog approve again"
        ).format(rel=pending.rel),
    )
    return pending.message


def approve(root: Path, file: Path, person_id: str, day: date) -> str:
    """`dialog approve`: record an approval in the product's front matter (a product file),
    or the referat's approval in meeting.md (a meeting folder or id); the message.

    The folder's lock is held from reading to writing, so of two approvals at once the
    second reads the first's result.
    """
    import contextlib

    from dialogmoder.io.edit import edit_lock

    if day > date.today():
        raise DialogError(
            besked(
                "--dato {day} is in the future; an approval is dated the day it is given"
            ).format(day=day.isoformat())
        )
    absolute = file if file.is_absolute() else Path.cwd() / file
    if not absolute.is_file() or absolute.name == "meeting.md":
        return approve_referat(root, str(file), person_id, day)
    # the folder the write happens in: a symlinked product's target's, locked by every
    # link to it
    folder = (file if file.is_absolute() else Path.cwd() / file).resolve().parent
    with edit_lock(folder) if folder.is_dir() else contextlib.nullcontext():
        return write_approval(prepare_approval(root, file, person_id, day))


# --- the referat ------------------------------------------------------------------------


def approve_referat(root: Path, ref: str, person_id: str, day: date) -> str:
    """Record the approval of a meeting's referat in its meeting.md (`referat_godkendt`)."""
    import contextlib

    from dialogmoder.io.edit import edit_lock

    folder_path = _meeting_folder(root, ref)
    with edit_lock(folder_path) if folder_path.is_dir() else contextlib.nullcontext():
        return write_approval(prepare_referat_approval(root, ref, person_id, day))


def _meeting_folder(root: Path, ref: str) -> Path:
    """The folder `ref` names (its path, folder name or id), for its lock."""
    from dialogmoder.domain.repository import load_repository

    path = Path(ref)
    if path.name == "meeting.md":
        ref = str(path.parent)
    absolute = path if path.is_absolute() else Path.cwd() / path
    if absolute.is_dir():
        return absolute
    return root / load_repository(root).meeting(ref).path


def prepare_referat_approval(root: Path, ref: str, person_id: str, day: date) -> PendingApproval:
    """Read a meeting and compute its meeting.md with the referat approved; DialogError if
    not allowed: a person the forum does not let approve it, a meeting with errors, not
    held (cancelled, or after `--dato`), or a punkt without its decision."""
    from dialogmoder.domain.approval import referat_approver_problem, referat_hash
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.domain.state import is_cancelled, meeting_errors, referat_state

    path = Path(ref)
    if path.name == "meeting.md":
        ref = str(path.parent)
    absolute = path if path.is_absolute() else Path.cwd() / path
    if absolute.is_dir():
        ref = str(absolute.resolve())
        root_abs = root.resolve()
        try:
            ref = Path(ref).relative_to(root_abs).as_posix()
        except ValueError:
            raise DialogError(
                besked("{ref} is not inside the dialog repository {root}").format(
                    ref=absolute, root=root
                ),
                exit_code=2,
            ) from None
    repo = load_repository(root)
    folder = repo.meeting(ref)
    rel = f"{folder.path}/meeting.md"
    problems = meeting_errors(repo, folder)
    if problems:
        raise DialogError(
            "\n".join(f.as_text() for f in problems)
            + "\n"
            + besked("fix these before approving the referat"),
            exit_code=1,
        )
    meeting = folder.meeting
    assert meeting is not None and folder.doc is not None  # else in `problems`
    if is_cancelled(meeting) or meeting.dato > day:
        raise DialogError(
            besked(
                "{rel}: the referat is not approved: the meeting is {status} on {dato}; a"
                " referat is approved after the meeting is held"
            ).format(rel=rel, status=meeting.status, dato=meeting.dato.isoformat()),
            exit_code=1,
        )
    missing = _without_decision(repo, folder)
    if missing:
        raise DialogError(
            besked(
                "{rel}: the referat is not approved: punkt {numbers} has no decision"
                " (## Beslutning, or an underpunkt's beslutning)"
            ).format(rel=rel, numbers=", ".join(str(n) for n in missing)),
            exit_code=1,
        )
    problem = referat_approver_problem(repo.config, meeting, person_id)
    if problem:
        raise DialogError(
            besked("{rel}: the referat is not approved: {problem}").format(
                rel=rel, problem=problem
            ),
            exit_code=1,
        )
    given = meeting.referat_godkendt
    if given is not None and referat_state(repo, folder) == "godkendt":
        values = {"rel": rel, "by": given.af, "dato": given.dato.isoformat(), "person": person_id}
        if given.af == person_id:
            message = besked("{rel}: the referat is already approved by {by} on {dato}; unchanged")
            raw = (root / rel).read_bytes()
            return PendingApproval(root / rel, rel, raw, raw, message.format(**values), False)
        raise DialogError(
            besked(
                "{rel}: the referat is already approved by {by} on {dato}, and nothing it shows"
                " has changed since; {person}'s approval is not recorded"
            ).format(**values),
            exit_code=1,
        )
    file = root / rel
    raw = file.read_bytes()
    digest = referat_hash(repo.config, folder, person_id)
    try:
        new = set_referat_approval(raw, person_id, day, digest)
    except DialogError as e:
        raise DialogError(f"{rel}: {e.message}", exit_code=e.exit_code) from None
    _verify_referat(rel, raw, new)
    message = besked("{rel}: referat approved by {person} on {dato}").format(
        rel=rel, person=person_id, dato=day.isoformat()
    )
    return PendingApproval(file, rel, raw, new, message, changed=True)


def _without_decision(repo: Repository, folder: MeetingFolder) -> list[int]:
    """The numbers of the punkter whose decision the referat lacks (as DM102 finds them)."""
    from dialogmoder.domain.sections import section_text, split_sections, without_comments

    def written(text: str | None) -> bool:
        return bool(text and without_comments(text).strip())

    missing = []
    for pf in folder.punkter:
        if pf.doc is None or not pf.doc.data.kraever_beslutning:
            continue
        under = pf.doc.data.underpunkter
        if under:
            if not all(written(u.beslutning) for u in under):
                missing.append(pf.nr)
        elif not written(section_text(split_sections(pf.doc.body), "Beslutning")):
            missing.append(pf.nr)
    return missing


REFERAT_KEY = "referat_godkendt"


def referat_line(person_id: str, day: date, digest: str) -> str:
    """`{af: ..., dato: ..., hash: "..."}`: the approval on one line, as `dialog verify`
    finds it in history."""
    return f'{{af: {person_id}, dato: {day.isoformat()}, hash: "{digest}"}}'


def _editable(raw: bytes) -> tuple[bytes, str, str, str, int, TopLevel]:
    """A front matter to edit in place: (BOM, text after it, the file's newline, the YAML
    text, the YAML's offset in the text, its top-level key spans). Refused when the front
    matter is one `{...}` mapping, which has no line to add a key on."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    split = split_front_matter("", text)
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: split.yaml_line - 1])
    try:
        top = top_level_spans(split.yaml_text)
    except YamlError as e:  # pragma: no cover - the file was loaded with the same parser
        raise DialogError(
            besked("the front matter cannot be edited: {message}").format(message=e.message),
            exit_code=1,
        ) from None
    if not top.block:
        raise DialogError(
            besked(
                "the front matter is one {...} mapping; write it as one key per line to approve"
            ),
            exit_code=1,
        )
    return bom, text, newline, split.yaml_text, offset, top


def _appended(
    yaml_text: str, offset: int, top: TopLevel, newline: str, values: dict[str, str]
) -> tuple[int, int, str]:
    """The edit that adds `key: value` lines at the end of the front matter."""
    indent = " " * top.indent
    closing = offset + len(yaml_text)
    block = "".join(f"{indent}{key}: {value}{newline}" for key, value in values.items())
    if yaml_text and not yaml_text.endswith(("\n", "\r")):
        block = newline + block
    return closing, closing, block


def set_referat_approval(raw: bytes, person_id: str, day: date, digest: str) -> bytes:
    """meeting.md with `referat_godkendt` set, on one line; every other byte as it was. An
    existing `referat_godkendt` is replaced when it is on one line (as dialog writes it)."""
    bom, text, newline, yaml_text, offset, top = _editable(raw)
    value = referat_line(person_id, day, digest)
    span = top.spans.get(REFERAT_KEY)
    if span is None:
        start, end, replacement = _appended(yaml_text, offset, top, newline, {REFERAT_KEY: value})
    elif span.empty:
        colon = yaml_text.index(":", span.key_end)
        start = end = offset + colon + 1
        replacement = f" {value}"
    else:
        import re

        written = yaml_text[span.value_start : span.value_end]
        # `{...}` on one line, as dialog writes it; or a null (`~`, `null`) to replace
        one_line = re.match(r"\{[^{}\[\]\r\n]*\}|(~|null|Null|NULL)(?=\s|$)", written)
        if one_line is None:
            raise DialogError(
                besked(
                    "referat_godkendt is written over several lines; remove it (or write it on"
                    " one line) and approve again"
                ),
                exit_code=1,
            )
        start = offset + span.value_start
        end = start + one_line.end()
        replacement = value
    text = text[:start] + replacement + text[end:]
    return bom + text.encode("utf-8")


def _verify_referat(rel: str, old: bytes, new: bytes) -> None:
    """The edit changed exactly `referat_godkendt`; anything else is a bug, never written."""
    from dialogmoder.domain.models import Meeting

    before = parse_yaml(split_front_matter(rel, decode(rel, old)).yaml_text).data or {}
    after_text = decode(rel, new)
    try:
        after = parse_yaml(split_front_matter(rel, after_text).yaml_text).data or {}
        load_document(rel, after_text, Meeting)
    except (LoadError, YamlError) as e:
        raise DialogError(
            besked(
                "{rel}: the approval could not be written safely ({e}); nothing was changed"
            ).format(rel=rel, e=e),
            exit_code=1,
        ) from None
    same = {k: v for k, v in before.items() if k != REFERAT_KEY} == {
        k: v for k, v in after.items() if k != REFERAT_KEY
    }
    body_same = split_front_matter(rel, decode(rel, old)).body == (
        split_front_matter(rel, after_text).body
    )
    if not (same and body_same):
        raise DialogError(
            besked(
                "{rel}: the approval would change more than referat_godkendt; nothing was changed"
            ).format(rel=rel),
            exit_code=1,
        )


def set_approval(raw: bytes, person_id: str, day: date, digest: str) -> bytes:
    """The file with the four approval keys set; every other byte as it was."""
    bom, text, newline, yaml_text, offset, top = _editable(raw)
    values = {
        "status": "godkendt",
        "godkendt_af": person_id,
        "godkendt_dato": day.isoformat(),
        "godkendt_hash": digest,
    }
    edits: list[tuple[int, int, str]] = []
    missing: list[str] = []
    for key, value in values.items():
        span = top.spans.get(key)
        if span is None:
            missing.append(key)
        elif span.empty:
            colon = yaml_text.index(":", span.key_end)
            edits.append((offset + colon + 1, offset + colon + 1, f" {value}"))
        elif span.style in {"'", '"'}:
            edits.append((offset + span.value_start, offset + span.value_end, _quoted(value, span)))
        elif span.style in {"|", ">"}:
            start, end, replacement = _block_edit(yaml_text, span, value, top.indent)
            edits.append((offset + start, offset + end, replacement))
        else:
            edits.append((offset + span.value_start, offset + span.value_end, value))
    if missing:
        edits.append(
            _appended(yaml_text, offset, top, newline, {key: values[key] for key in missing})
        )
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return bom + text.encode("utf-8")


def _quoted(value: str, span: KeySpan) -> str:
    """The new value in the quotes the old one had (our values never contain quotes)."""
    return f"{span.style}{value}{span.style}"


def _block_edit(yaml_text: str, span: KeySpan, value: str, indent: int) -> tuple[int, int, str]:
    """A block scalar (`>-`, `|`) becomes a plain value on the key's line.

    The node's span runs to the start of the next key, so it takes in trailing blank lines
    and comments; those stay, as does a comment after the indicator (`>- # note`).
    """
    import re

    block = yaml_text[span.value_start : span.value_end]
    lines = block.splitlines(keepends=True)
    header = lines[0].rstrip("\r\n")
    comment = re.search(r"\s#.*$", header)
    end, pos = len(header), len(lines[0])
    for line in lines[1:]:
        stripped = line.strip()
        if stripped and not (stripped.startswith("#") and _outdented(line, indent)):
            end = pos + len(line.rstrip("\r\n"))
        pos += len(line)
    return span.value_start, span.value_start + end, value + (comment[0] if comment else "")


def _outdented(line: str, indent: int) -> bool:
    """A comment line at or left of the keys' column is after the block, not in it."""
    return len(line) - len(line.lstrip(" ")) <= indent


def _verify(rel: str, old: bytes, new: bytes, model: type[Produkt]) -> None:
    """The edit changed exactly the approval keys; anything else is a bug, never written."""
    before = parse_yaml(split_front_matter(rel, decode(rel, old)).yaml_text).data or {}
    after_text = decode(rel, new)
    try:
        after = parse_yaml(split_front_matter(rel, after_text).yaml_text).data or {}
    except (LoadError, YamlError) as e:
        raise DialogError(
            besked(
                "{rel}: the approval could not be written safely ({e}); nothing was changed"
            ).format(rel=rel, e=e),
            exit_code=1,
        ) from None
    same = {k: v for k, v in before.items() if k not in APPROVAL_KEYS} == {
        k: v for k, v in after.items() if k not in APPROVAL_KEYS
    }
    body_same = split_front_matter(rel, decode(rel, old)).body == (
        split_front_matter(rel, after_text).body
    )
    try:
        load_document(rel, after_text, model)
    except LoadError as e:
        raise DialogError(
            besked(
                "{rel}: the approval could not be written safely ({e}); nothing was changed"
            ).format(rel=rel, e=e),
            exit_code=1,
        ) from None
    if not (same and body_same):
        raise DialogError(
            besked(
                "{rel}: the approval would change more than the approval keys; nothing was changed"
            ).format(rel=rel),
            exit_code=1,
        )


def _relative(root: Path, path: Path) -> str:
    """The path inside the repository; a symbolic link's own place, not its target's."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DialogError(
            besked("{path} is not inside the dialog repository {root}").format(path=path, root=root)
        ) from None


def _md(rel: str) -> str:
    return rel.rsplit("/", 1)[0] + "/meeting.md"
