"""Approvals that prove (issue 17.7): an approval a merge commit restores is the merge
author's; verify says of every approval whether a signature proves it or only the author
field claims it; the approval hash (recipe v2) covers the dialog.yaml names a product
shows, while hashes made by the older recipe are checked by theirs. Real git repositories,
real ed25519 keys made with ssh-keygen."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers.configs import CONFIG
from helpers.strategisk import SDM, content_hash, sdm

PROGRAM = f"{SDM}/program.md"
BO = "  bo: {navn: Bo Berg, titel: Velfærdsdirektør, rolle: fagdirektoer, github: boberg}\n"
LENE = "bo@kommune.dk"  # the approver's own address
KIM = "kim@kommune.dk"  # someone else who can push


def keypair(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A real ed25519 key: the private key's path and the public key line."""
    key = tmp_path / "keys" / name
    key.parent.mkdir(exist_ok=True)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, key.with_suffix(".pub").read_text().strip()


def config(key: str | None = None, *, required: bool = False) -> str:
    bo = (
        "  bo:\n    navn: Bo Berg\n    titel: Velfærdsdirektør\n    rolle: fagdirektoer\n"
        f"    email: {LENE}\n" + (f"    signeringsnoegler:\n      - {key}\n" if key else "")
    )
    text = CONFIG.replace(BO, bo)
    if required:
        text = text.replace(
            "    navn: Strategisk dialogmøde\n",
            "    navn: Strategisk dialogmøde\n    kraever_signatur: true\n",
        )
    return text


def git(root: Path, email: str, *args: str, sign_with: Path | None = None) -> str:
    """git as `email` (author and committer), signing commits with an SSH key when given."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": email,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": email,
        "GIT_COMMITTER_EMAIL": email,
    }
    signing = (
        ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign_with}", "-c", "commit.gpgsign=true"]
        if sign_with
        else []
    )
    done = subprocess.run(
        ["git", *signing, *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def withdraw(text: str, how: str) -> str:
    """The program with its approval withdrawn: `status` back to udkast, or every approval
    key removed."""
    text = text.replace("status: godkendt", "status: udkast")
    if how == "keys":
        text = "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith("godkendt_")
        )
    return text


def evil_merge(
    root: Path,
    dialog,
    *,
    sign_with: Path | None = None,
    how: str = "keys",
    merge_key: Path | None = None,
) -> str:
    """Lene approves (commit L), later withdraws; Kim merges an old branch that starts at
    L with --no-commit, restores L's program.md inside the merge commit, and commits.
    The id of L."""
    result = dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    git(root, LENE, "commit", "-q", "-a", "-m", "godkend program", sign_with=sign_with)
    approval = git(root, LENE, "rev-parse", "HEAD").strip()
    git(root, KIM, "branch", "gammel")
    (root / PROGRAM).write_text(withdraw((root / PROGRAM).read_text(), how))
    git(root, LENE, "commit", "-q", "-a", "-m", "træk godkendelsen tilbage", sign_with=sign_with)
    git(root, KIM, "checkout", "-q", "gammel")
    (root / f"{SDM}/baggrundsnotat.md").write_text(
        (root / f"{SDM}/baggrundsnotat.md").read_text() + "\nMere tekst.\n"
    )
    git(root, KIM, "commit", "-q", "-a", "-m", "gammelt arbejde")
    git(root, KIM, "checkout", "-q", "main")
    git(root, KIM, "merge", "-q", "--no-ff", "--no-commit", "gammel")
    git(root, KIM, "checkout", approval, "--", PROGRAM)
    git(root, KIM, "commit", "-q", "-m", "Merge branch 'gammel'", sign_with=merge_key)
    assert "status: godkendt" in (root / PROGRAM).read_text()
    assert git(root, KIM, "rev-list", "--merges", "--count", "HEAD").strip() == "1"
    return approval


def repo_with(make_repo, text: str) -> Path:
    return make_repo({"dialog.yaml": text, **sdm()})


# --- evil merges ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["keys", "status"])
def test_an_approval_restored_inside_a_merge_is_the_merge_authors_dm801(make_repo, dialog, how):
    root = repo_with(make_repo, config())
    evil_merge(root, dialog, how=how)
    result = dialog("verify", "--format", "json", cwd=root)
    assert result.code == 1, result.out + result.err
    [finding] = json.loads(result.out)
    assert finding["rule"] == "DM801" and finding["path"] == PROGRAM
    assert KIM in finding["message"]


def test_an_evil_merge_in_a_forum_with_kraever_signatur_is_dm802(tmp_path, make_repo, dialog):
    key, public = keypair(tmp_path, "lene")
    root = repo_with(make_repo, config(public, required=True))
    evil_merge(root, dialog, sign_with=key)  # Lene's own commits are signed; Kim's merge not
    result = dialog("verify", "--format", "json", cwd=root)
    assert result.code == 1, result.out + result.err
    assert [f["rule"] for f in json.loads(result.out)] == ["DM802"]


def test_an_evil_merge_signed_with_another_key_is_dm803(tmp_path, make_repo, dialog):
    key, public = keypair(tmp_path, "lene")
    kims, _ = keypair(tmp_path, "kim")
    root = repo_with(make_repo, config(public, required=True))
    evil_merge(root, dialog, sign_with=key, merge_key=kims)
    assert git(root, KIM, "rev-list", "--merges", "--count", "HEAD").strip() == "1"
    result = dialog("verify", "--format", "json", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM803"], result.out + result.err


def test_a_clean_merge_of_the_approvers_branch_keeps_her_approval(make_repo, dialog):
    root = repo_with(make_repo, config())
    git(root, LENE, "checkout", "-q", "-b", "godkendelse")
    assert dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root).code == 0
    git(root, LENE, "commit", "-q", "-a", "-m", "godkend")
    git(root, KIM, "checkout", "-q", "main")
    (root / "README.md").write_text("andet arbejde\n")
    git(root, KIM, "add", "README.md")
    git(root, KIM, "commit", "-q", "-m", "andet")
    git(root, KIM, "merge", "-q", "--no-ff", "-m", "Merge godkendelse", "godkendelse")
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.out + result.err
    assert "DM80" not in result.err


# --- how each approval is proven -----------------------------------------------------------


def test_verify_says_an_approval_by_author_field_only_is_a_claim(make_repo, dialog, monkeypatch):
    monkeypatch.setenv("DIALOG_SPROG", "en")
    root = repo_with(make_repo, config())
    assert dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root).code == 0
    # Kim commits under Lene's address: the author field is a claim anyone can write
    git(root, KIM, "-c", f"user.email={KIM}", "commit", "-q", "-a", "-m", "x",
        f"--author=Bo Berg <{LENE}>")  # fmt: skip
    result = dialog("verify", cwd=root)
    assert result.code == 0, result.out + result.err
    assert f"{PROGRAM}:" in result.err
    assert "only the author field" in result.err and LENE in result.err
    assert "anyone can write" in result.err
    github = dialog("verify", "--format", "github", cwd=root)
    assert github.out.startswith(f"::notice file={PROGRAM},line=")
    assert "only the author field" in github.out


def test_verify_says_a_signed_approval_is_proven_by_the_key(
    tmp_path, make_repo, dialog, monkeypatch
):
    monkeypatch.setenv("DIALOG_SPROG", "en")
    key, public = keypair(tmp_path, "lene")
    root = repo_with(make_repo, config(public))
    assert dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root).code == 0
    git(root, LENE, "commit", "-q", "-a", "-m", "godkend", sign_with=key)
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.err
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", f"{key}.pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert "proven by a signature" in result.err and fingerprint in result.err


def test_verify_says_danish_by_default(make_repo, dialog, monkeypatch):
    monkeypatch.delenv("DIALOG_SPROG", raising=False)
    root = repo_with(make_repo, config())
    assert dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root).code == 0
    git(root, LENE, "commit", "-q", "-a", "-m", "godkend")
    result = dialog("verify", cwd=root)
    assert "forfatterfeltet" in result.err, result.err


# --- the hash covers what the product shows of dialog.yaml ---------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    navn: Strategisk dialogmøde\n", "    navn: Strategisk møde\n"),  # the forum
        ("navn: Bo Berg", "navn: Bo Bergsøe"),  # the approver
        ("titel: Velfærdsdirektør", "titel: Børne- og velfærdsdirektør"),
    ],
)
def test_a_changed_name_in_dialog_yaml_makes_a_new_approval_stale(make_repo, dialog, old, new):
    root = repo_with(make_repo, config())
    result = dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    assert "godkendt_hash: v2:sha256:" in (root / PROGRAM).read_text()
    assert dialog("check", "--today", "2025-04-14", cwd=root).code == 0
    text = (root / "dialog.yaml").read_text()
    assert old in text
    (root / "dialog.yaml").write_text(text.replace(old, new))
    result = dialog("check", "--today", "2025-04-14", "--format", "json", cwd=root)
    assert "DM302" in [f["rule"] for f in json.loads(result.out)], result.out


def test_a_changed_vaert_name_makes_the_program_stale(make_repo, dialog):
    meeting = (
        '---\nforum: strategisk-dialogmoede\ntitel: Vækst\ndato: 2025-04-22\nstart: "09:00"\n'
        'slut: "12:00"\nfagdirektoer: bo\nejere: [carl]\nvaert: [carl]\nformoede: {dato:'
        " 2025-04-16}\nstatus: planlagt\n---\n"
    )
    root = make_repo({"dialog.yaml": config(), **sdm(meeting_md=meeting)})
    assert dialog("approve", PROGRAM, "--by", "bo", "--dato", "2025-04-14", cwd=root).code == 0
    text = (root / "dialog.yaml").read_text()
    (root / "dialog.yaml").write_text(text.replace("navn: Carl Crone", "navn: Carl Krone"))
    result = dialog("check", "--today", "2025-04-14", "--format", "json", cwd=root)
    assert "DM302" in [f["rule"] for f in json.loads(result.out)], result.out


def test_an_approval_made_by_the_old_recipe_stays_current(make_repo, dialog):
    draft = "---\ntitel: Program\n---\n## Formål\n\nTekst.\n"
    old = content_hash(draft, recipe=1)  # what approvals before recipe 2 recorded
    assert old.startswith("sha256:")
    program = (
        "---\ntitel: Program\nstatus: godkendt\ngodkendt_af: bo\ngodkendt_dato: 2025-04-01\n"
        f"godkendt_hash: {old}\n---\n## Formål\n\nTekst.\n"
    )
    root = make_repo({"dialog.yaml": config(), **sdm(program_md=program)})
    result = dialog("check", "--today", "2025-04-14", "--format", "json", cwd=root)
    assert "DM302" not in result.out, result.out
    assert dialog("status", "--today", "2025-04-14", cwd=root).out.count("forældet") == 0
    # ... and a v1 hash that does not match is stale, as before
    (root / PROGRAM).write_text(program + "Mere.\n")
    result = dialog("check", "--today", "2025-04-14", "--format", "json", cwd=root)
    assert "DM302" in result.out


def test_the_bundled_repository_stays_clean() -> None:
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.domain.state import product_state

    root = Path(__file__).resolve().parent.parent
    repo = load_repository(root)
    states = [
        product_state(repo, folder, kind) for folder in repo.meetings for kind in folder.produkter
    ]
    assert states and set(states) == {"godkendt"}
