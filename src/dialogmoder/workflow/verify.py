"""`dialog verify`: each approval was recorded by its approver, as git history shows.

For every product that is `godkendt` with a `godkendt_hash`, the commit that set that
hash (the newest commit adding the line) must be authored with one of the approver's
addresses, or signed with one of the approver's keys; a forum with `kraever_signatur`
requires the signature. One `git log` pass finds every approval's commit, and one more
call has git verify the signatures of just those commits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.check import configured
from dialogmoder.check.rules import all_rules, found
from dialogmoder.check.rules.load import effective_regler
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.models import Config, Person
from dialogmoder.domain.repository import Repository, load_repository
from dialogmoder.io.git import (
    AddedLine,
    Signature,
    added_lines,
    commit_of,
    shallow_commits,
    tree_files,
)
from dialogmoder.io.git import signatures as git_signatures

_HASH_LINE = "^godkendt_hash:"
_VALUE = re.compile(r"""godkendt_hash:\s*["']?([^\s"'#]+)""")


@dataclass(frozen=True)
class Approval:
    """One approved product: where its `godkendt_hash` line is, and whose it is."""

    path: str
    line: int
    value: str
    by: str | None
    signature_required: bool


def approvals(repo: Repository) -> list[Approval]:
    """Every product that is `godkendt` with a `godkendt_hash`, in path order."""
    found_: list[Approval] = []
    for folder in repo.meetings:
        meeting = folder.meeting
        forum = repo.config.fora.get(meeting.forum) if meeting else None
        for doc in folder.produkter.values():
            data = doc.data
            if data.status == "godkendt" and data.godkendt_hash:
                found_.append(
                    Approval(
                        doc.path,
                        doc.line_of("godkendt_hash"),
                        data.godkendt_hash,
                        data.godkendt_af,
                        bool(forum and forum.kraever_signatur),
                    )
                )
    return sorted(found_, key=lambda a: a.path)


def allowed_signers(config: Config) -> str:
    """The text of git's gpg.ssh.allowedSignersFile: `principal namespaces="git" key` for
    every listed key, the principal being each of the person's addresses (or their id)."""
    lines = []
    for person_id, person in config.personer.items():
        for key in person.signeringsnoegler:
            for principal in person.emails() or [person_id]:
                lines.append(f'{principal} namespaces="git" {key}')
    return "".join(line + "\n" for line in lines)


def fingerprint(key_line: str) -> str:
    """`SHA256:...` of an OpenSSH public key line, as git's %GF shows it."""
    try:
        blob = base64.b64decode(key_line.split()[1], validate=True)
    except (binascii.Error, IndexError, ValueError):
        return ""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def verify_repository(root: Path, rev: str | None = None) -> list[Finding]:
    """The DM8xx findings of the approvals in `rev`, or in the working tree (checked
    against the history of HEAD) when `rev` is None; DialogError (exit 2) when git cannot
    answer or the revision cannot be read."""
    all_rules()
    head = commit_of(root, rev or "HEAD")  # every git failure is a GitError, exit 2
    if rev is None:
        return _verify(root, load_repository(root), head, working_tree=True)
    with tempfile.TemporaryDirectory(prefix="dialog-verify-") as folder:
        tree_files(root, head, Path(folder))
        return _verify(root, load_repository(Path(folder)), head, working_tree=False)


def _verify(root: Path, repo: Repository, head: str, *, working_tree: bool) -> list[Finding]:
    # a file that cannot be read cannot be verified: its load errors are findings here too
    findings = [f for f in repo.findings if f.severity == "error"]
    wanted = approvals(repo)
    if not wanted:
        return list(configured(findings, effective_regler(repo.config.regler)))
    recorded = _recording_commits(root, head, {a.value for a in wanted})
    shallow = shallow_commits(root)
    judged: list[tuple[Approval, Person | None, AddedLine]] = []
    for approval in wanted:
        line = _pick(recorded.get(approval.value, []), approval.path)
        if line is None or line.commit in shallow:
            findings.append(
                _shallow(approval, line) if shallow else _uncommitted(approval, working_tree)
            )
        else:
            person = repo.config.personer.get(approval.by) if approval.by else None
            judged.append((approval, person, line))
    # git runs ssh-keygen twice for each signed commit: ask only where the answer counts
    commits = {line.commit for a, p, line in judged if not _by_email(a, p, line)}
    signed = git_signatures(root, commits, allowed_signers(repo.config))
    for approval, person, line in judged:
        finding = _judge(approval, person, line, signed.get(line.commit))
        if finding is not None:
            findings.append(finding)
    settings = effective_regler(repo.config.regler)
    return sorted(configured(findings, settings), key=lambda f: (f.path, f.line or 0, f.rule))


def _by_email(approval: Approval, person: Person | None, line: AddedLine) -> bool:
    """The commit's author address is the approver's, and that is enough for this forum."""
    if approval.signature_required or person is None:
        return False
    return line.author_email.casefold() in {e.casefold() for e in person.emails()}


def _uncommitted(approval: Approval, working_tree: bool) -> Finding:
    where = (
        "the approval is not committed; commit it as the approver"
        if working_tree
        else "no commit adds the line as dialog approve writes it"
    )
    return found(
        "DM804",
        approval.path,
        approval.line,
        f"godkendt_hash {approval.value} is in no commit of the history: {where}",
    )


def _recording_commits(root: Path, head: str, values: set[str]) -> dict[str, list[AddedLine]]:
    """For each wanted hash value, the lines that added it, newest commit first."""
    by_value: dict[str, list[AddedLine]] = {}
    for line in added_lines(root, head, _HASH_LINE):
        match = _VALUE.match(line.text)
        if match and match[1] in values:
            by_value.setdefault(match[1], []).append(line)
    return by_value


def _pick(lines: list[AddedLine], path: str) -> AddedLine | None:
    """The newest commit that added the value to this file; else to any file (moved)."""
    for line in lines:
        if line.path == path:
            return line
    return lines[0] if lines else None


def _shallow(approval: Approval, line: AddedLine | None) -> Finding:
    where = f"commit {line.commit[:10]} is the oldest fetched" if line else "no fetched commit"
    return found(
        "DM805",
        approval.path,
        approval.line,
        f"cannot tell who set godkendt_hash {approval.value}: the clone is shallow ({where});"
        " fetch the whole history (git fetch --unshallow; actions/checkout with fetch-depth: 0)",
    )


def _judge(
    approval: Approval, person: Person | None, line: AddedLine, signature: Signature | None
) -> Finding | None:
    if _by_email(approval, person, line):
        return None
    sig = signature or Signature("N", "")
    keys = {fingerprint(k) for k in person.signeringsnoegler} if person else set()
    if sig.status == "G" and sig.key in keys:
        return None
    name = approval.by or "nobody"
    commit = f"commit {line.commit[:10]} by {line.author_email or '(no email)'}"
    if approval.signature_required:
        if sig.status == "N":
            return found(
                "DM802",
                approval.path,
                approval.line,
                f"{commit} is not signed; this forum requires approvals signed with"
                f" {name}'s key (kraever_signatur)",
            )
        return _other_key(approval, commit, name, sig)
    emails = {e.casefold() for e in person.emails()} if person else set()
    if sig.status != "N":
        return _other_key(approval, commit, name, sig)
    addresses = ", ".join(sorted(emails)) or "no email in dialog.yaml"
    return found(
        "DM801",
        approval.path,
        approval.line,
        f"godkendt_hash set by {commit}, not by the approver {name} ({addresses})",
    )


def _other_key(approval: Approval, commit: str, name: str, sig: Signature) -> Finding:
    what = "a signature that does not verify" if sig.status == "B" else f"key {sig.key or '?'}"
    return found(
        "DM803",
        approval.path,
        approval.line,
        f"{commit} is signed with {what}, not one of {name}'s signeringsnoegler",
    )
