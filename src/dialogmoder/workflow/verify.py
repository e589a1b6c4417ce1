"""`dialog verify`: each approval was recorded by its approver, as git history shows.

For every product that is `godkendt` with a `godkendt_hash`, the commit that set that
hash (the newest commit adding the line) must be authored with one of the approver's
addresses, or signed with one of the approver's keys; a forum with `kraever_signatur`
requires the signature. One `git log` pass finds every approval's commit; their signatures
are read as git's `%G?` and `%GF` give them (io/git.py `signatures`: SSH signatures checked
in the process, anything else by git).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dialogmoder.check import configured
from dialogmoder.check.rules import all_rules, found
from dialogmoder.check.rules.load import effective_regler
from dialogmoder.danish import besked
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

# the lines `dialog approve` writes: a product's `godkendt_hash`, a referat's approval (one
# line in meeting.md, `referat_godkendt: {af: ..., dato: ..., hash: "..."}`)
_HASH_LINE = "^(godkendt_hash:|referat_godkendt:|status: *[\"']?godkendt)"
# `status: godkendt` makes the approval count as much as its hash: a commit that puts it
# back (a withdrawn approval revived) is an approval by that commit's author
_STATUS = re.compile(r"""status:\s*["']?godkendt["']?\s*(#.*)?$""")
_VALUE = re.compile(
    r"""godkendt_hash:\s*["']?([^\s"'#]+)|referat_godkendt:.*\bhash:\s*["']?([^\s"',}#]+)"""
)


@dataclass(frozen=True)
class Approval:
    """One approved product: where its `godkendt_hash` line is, and whose it is."""

    path: str
    line: int
    value: str
    by: str | None
    signature_required: bool
    key: str = "godkendt_hash"  # the key whose line records it; `referat_godkendt` in meeting.md


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
        referat = meeting.referat_godkendt if meeting else None
        if referat is not None and folder.doc is not None:
            found_.append(
                Approval(
                    folder.doc.path,
                    folder.doc.line_of("referat_godkendt"),
                    referat.hash,
                    referat.af,
                    bool(forum and forum.kraever_signatur),
                    "referat_godkendt",
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


@dataclass(frozen=True)
class Proof:
    """How one approval is proven: `kind` is `signature` (a good signature by one of the
    approver's listed keys), `author` (only the commit's author address, which anyone can
    write with `git commit --author`) or `none` (a finding says why)."""

    path: str
    line: int
    by: str | None
    kind: str
    commit: str | None
    detail: str  # the key's fingerprint, the author address, or ""

    def as_text(self) -> str:
        """One line for the terminal or a pull request's annotation, in the user's language."""
        values = {
            "by": self.by or "?",
            "commit": (self.commit or "")[:10],
            "detail": self.detail,
        }
        if self.kind == "signature":
            text = besked(
                "approved by {by}: proven by a signature with their key {detail} (commit {commit})"
            )
        elif self.kind == "author":
            text = besked(
                "approved by {by}: only the author field of commit {commit} ({detail}) says so;"
                " anyone can write that (git commit --author). Only a signature proves who"
                " approved: kraever_signatur"
            )
        else:
            text = besked("approved by {by}: not proven (see the finding)")
        return text.format(**values)


@dataclass(frozen=True)
class Verified:
    """What `dialog verify` found: the DM8xx findings, and how each approval is proven."""

    findings: list[Finding]
    proofs: list[Proof]


def print_proofs(proofs: list[Proof], fmt: str, out: IO[str], err: IO[str]) -> None:
    """How each approval is proven: `path:line: approved by ...` lines on stderr (text), a
    `::notice` annotation on the `godkendt_hash` line (github); JSON keeps to the findings."""
    from dialogmoder.domain.findings import github_command
    from dialogmoder.io.printable import printable

    for proof in proofs:
        if fmt == "github":
            out.write(github_command("notice", proof.path, proof.line, "proof", proof.as_text()))
        elif fmt == "text":
            print(printable(f"{proof.path}:{proof.line}: {proof.as_text()}"), file=err)


def verify_repository(root: Path, rev: str | None = None) -> list[Finding]:
    """The DM8xx findings of the approvals in `rev`, or in the working tree (checked
    against the history of HEAD) when `rev` is None; DialogError (exit 2) when git cannot
    answer or the revision cannot be read."""
    return verify_approvals(root, rev).findings


def verify_approvals(root: Path, rev: str | None = None) -> Verified:
    """`verify_repository`'s findings, and how each approval is proven (`Proof`)."""
    all_rules()
    head = commit_of(root, rev or "HEAD")  # every git failure is a GitError, exit 2
    if rev is None:
        return _verify(root, load_repository(root), head, working_tree=True)
    with tempfile.TemporaryDirectory(prefix="dialog-verify-") as folder:
        tree_files(root, head, Path(folder))
        return _verify(root, load_repository(Path(folder)), head, working_tree=False)


def _verify(root: Path, repo: Repository, head: str, *, working_tree: bool) -> Verified:
    # a file that cannot be read cannot be verified: its load errors are findings here too
    findings = [f for f in repo.findings if f.severity == "error"]
    settings = effective_regler(repo.config.regler)
    wanted = approvals(repo)
    if not wanted:
        return Verified(list(configured(findings, settings)), [])
    recorded = _recording_commits(root, head, {a.value for a in wanted})
    shallow = shallow_commits(root)
    judged: list[tuple[Approval, Person | None, AddedLine]] = []
    proofs: list[Proof] = []
    for approval in wanted:
        line = _pick(recorded, approval)
        if line is None or line.commit in shallow:
            findings.append(
                _shallow(approval, line) if shallow else _uncommitted(approval, working_tree)
            )
            proofs.append(Proof(approval.path, approval.line, approval.by, "none", None, ""))
        else:
            person = repo.config.personer.get(approval.by) if approval.by else None
            judged.append((approval, person, line))
    # every approval says how it is proven, so every commit's signature is asked for
    signed = git_signatures(
        root, {line.commit for _, _, line in judged}, allowed_signers(repo.config)
    )
    for approval, person, line in judged:
        signature = signed.get(line.commit)
        finding = _judge(approval, person, line, signature)
        if finding is not None:
            findings.append(finding)
        proofs.append(_proof(approval, person, line, signature, finding))
    return Verified(
        sorted(configured(findings, settings), key=lambda f: (f.path, f.line or 0, f.rule)),
        sorted(proofs, key=lambda p: (p.path, p.line)),
    )


def _proof(
    approval: Approval,
    person: Person | None,
    line: AddedLine,
    signature: Signature | None,
    finding: Finding | None,
) -> Proof:
    """How the approval is proven: a good signature by a listed key proves it; the author
    address alone only claims it."""
    keys = {fingerprint(k) for k in person.signeringsnoegler} if person else set()
    if signature is not None and signature.status == "G" and signature.key in keys:
        kind, detail = "signature", signature.key
    elif finding is None:
        kind, detail = "author", line.author_email
    else:
        kind, detail = "none", ""
    return Proof(approval.path, approval.line, approval.by, kind, line.commit, detail)


def _by_email(approval: Approval, person: Person | None, line: AddedLine) -> bool:
    """The commit's author address is the approver's, and that is enough for this forum."""
    if approval.signature_required or person is None:
        return False
    return line.author_email.casefold() in {e.casefold() for e in person.emails()}


def _uncommitted(approval: Approval, working_tree: bool) -> Finding:
    where = (
        besked("the approval is not committed; commit it as the approver")
        if working_tree
        else besked("no commit adds the line as dialog approve writes it")
    )
    return found(
        "DM804",
        approval.path,
        approval.line,
        besked("{key} {value} is in no commit of the history: {where}").format(
            key=approval.key, value=approval.value, where=where
        ),
    )


@dataclass(frozen=True)
class _Recorded:
    """The commits that added each wanted hash value (any file), and the commits that set
    `status: godkendt` (by file), newest first; `order` ranks every line newest first."""

    by_value: dict[str, list[AddedLine]]
    status_by_path: dict[str, list[AddedLine]]
    order: dict[AddedLine, int]


def _recording_commits(root: Path, head: str, values: set[str]) -> _Recorded:
    """For each wanted hash value, the lines that added it, newest commit first; and the
    lines that set `status: godkendt`, by file."""
    by_value: dict[str, list[AddedLine]] = {}
    status: dict[str, list[AddedLine]] = {}
    order: dict[AddedLine, int] = {}
    for line in added_lines(root, head, _HASH_LINE):
        order.setdefault(line, len(order))
        if _STATUS.match(line.text):
            status.setdefault(line.path, []).append(line)
            continue
        match = _VALUE.match(line.text)
        value = match and (match[1] or match[2])
        if value and value in values:
            by_value.setdefault(value, []).append(line)
    return _Recorded(by_value, status, order)


def _pick(recorded: _Recorded, approval: Approval) -> AddedLine | None:
    """The commit that made the approval: the newest that added its hash to this file (else
    to any file: a moved meeting), or, when newer, that set its `status: godkendt`."""
    lines = recorded.by_value.get(approval.value, [])
    line = next((x for x in lines if x.path == approval.path), lines[0] if lines else None)
    if line is None or approval.key != "godkendt_hash":
        return line
    status = recorded.status_by_path.get(approval.path, [])
    if status and recorded.order[status[0]] < recorded.order[line]:
        return status[0]
    return line


def _shallow(approval: Approval, line: AddedLine | None) -> Finding:
    where = (
        besked("commit {commit} is the oldest fetched").format(commit=line.commit[:10])
        if line
        else besked("no fetched commit")
    )
    return found(
        "DM805",
        approval.path,
        approval.line,
        besked(
            "cannot tell who set {key} {value}: the clone is shallow ({where});"
            " fetch the whole history (git fetch --unshallow; actions/checkout with"
            " fetch-depth: 0)"
        ).format(key=approval.key, value=approval.value, where=where),
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
    commit = besked("commit {commit} by {x}").format(
        commit=line.commit[:10], x=line.author_email or besked("(no email)")
    )
    if approval.signature_required:
        if sig.status == "N":
            return found(
                "DM802",
                approval.path,
                approval.line,
                besked(
                    "{commit} is not signed; this forum requires approvals signed with"
                    " {name}'s key (kraever_signatur)"
                ).format(commit=commit, name=name),
            )
        return _other_key(approval, commit, name, sig)
    emails = {e.casefold() for e in person.emails()} if person else set()
    if sig.status != "N":
        return _other_key(approval, commit, name, sig)
    addresses = ", ".join(sorted(emails)) or besked("no email in dialog.yaml")
    return found(
        "DM801",
        approval.path,
        approval.line,
        besked("{key} set by {commit}, not by the approver {name} ({addresses})").format(
            key=approval.key, commit=commit, name=name, addresses=addresses
        ),
    )


def _other_key(approval: Approval, commit: str, name: str, sig: Signature) -> Finding:
    what = (
        besked("a signature that does not verify") if sig.status == "B" else f"key {sig.key or '?'}"
    )
    return found(
        "DM803",
        approval.path,
        approval.line,
        besked("{commit} is signed with {what}, not one of {name}'s signeringsnoegler").format(
            commit=commit, what=what, name=name
        ),
    )
