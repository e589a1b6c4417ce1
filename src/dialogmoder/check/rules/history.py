"""DM8xx: who recorded each approval, by git history (`dialog verify`, not `dialog check`).

These rules need the history of the repository, so `dialog check` never reports them;
`dialog verify` does, with the same printers and exit codes.
"""

from __future__ import annotations

from dialogmoder.check.rules import describe

describe(
    "DM801",
    "approval-by-someone-else",
    "An approval was committed by someone who is not the approver",
    "error",
    "verify",
    """
    `dialog verify` finds the commit that set the product's current `godkendt_hash`. Its
    author email must be one of the approver's addresses (`email` in dialog.yaml, one or
    a list), or the commit must be signed with one of the approver's keys
    (`signeringsnoegler`). Anyone who can push can write `godkendt_af`; this is how a
    forged approval shows. The commit that made the approval is the newest that added the
    hash line (a referat's `referat_godkendt` line in meeting.md) or put the product's
    `status: godkendt` back; a merge commit counts with what it adds beyond git's own
    automatic merge of its parents (git log --remerge-diff), so an approval restored
    inside a merge is the merge author's. The author address is only a claim (anyone can
    write `git commit --author`); a signature proves it: `kraever_signatur`. Have the
    approver run `dialog approve` and commit it, or add the address they commit with to
    dialog.yaml.
    """,
)
describe(
    "DM802",
    "unsigned-approval",
    "An approval in a forum with kraever_signatur is not a signed commit",
    "error",
    "verify",
    """
    The forum sets `kraever_signatur: true` in dialog.yaml: the commit that set the
    product's `godkendt_hash` must be signed (git commit -S, SSH or GPG) with one of the
    approver's keys listed under `signeringsnoegler`. The author email alone does not
    count there. Sign the approval commit (e.g. git -c gpg.format=ssh -c
    user.signingkey=~/.ssh/id_ed25519.pub commit -S).
    """,
)
describe(
    "DM803",
    "signed-by-another-key",
    "An approval is signed with a key that is not listed for the approver",
    "error",
    "verify",
    """
    The commit that set the product's `godkendt_hash` is signed, but not with a key listed
    for the approver under `signeringsnoegler` in dialog.yaml (or its signature does not
    verify). Someone else signed it, or the approver's new key is not in dialog.yaml yet:
    add the public key line (`ssh-ed25519 AAAA... comment`) to their signeringsnoegler.
    """,
)
describe(
    "DM804",
    "uncommitted-approval",
    "An approval is in the working tree only, in no commit",
    "error",
    "verify",
    """
    No commit in the history of HEAD sets the product's current `godkendt_hash`: the
    approval was written (by `dialog approve` or by hand) but never committed, so nobody
    can tell who made it. Commit it as the approver.
    """,
)
describe(
    "DM805",
    "history-too-shallow",
    "The history is too shallow to tell who made an approval",
    "error",
    "verify",
    """
    The clone is shallow: the commit that set the product's `godkendt_hash` is not in it,
    or it is the oldest commit fetched, which shows every line as added. Fetch the whole
    history (`git fetch --unshallow`; in GitHub Actions, actions/checkout with
    `fetch-depth: 0`) and run `dialog verify` again.
    """,
)
