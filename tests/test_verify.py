"""`dialog verify`: who committed each approval, from real git history and real SSH
signatures (keys made with ssh-keygen in the test)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers.configs import CONFIG
from helpers.strategisk import SDM, sdm

PROGRAM = f"{SDM}/program.md"
BO = "  bo: {navn: Bo Berg, titel: Velfærdsdirektør, rolle: fagdirektoer, github: boberg}\n"


def keypair(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A real ed25519 key: the private key's path and the public key line."""
    key = tmp_path / "keys" / name
    key.parent.mkdir(exist_ok=True)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, key.with_suffix(".pub").read_text().strip()


def config(bo_keys: list[str] = (), *, required: bool = False) -> str:  # type: ignore[assignment]
    bo = (
        "  bo:\n    navn: Bo Berg\n    titel: Velfærdsdirektør\n    rolle: fagdirektoer\n"
        "    email: [bo@kommune.dk, bo.berg@example.dk]\n"
        + "".join(f"    signeringsnoegler:\n      - {k}\n" for k in bo_keys[:1])
    )
    text = CONFIG.replace(BO, bo)
    if required:
        text = text.replace(
            "    navn: Strategisk dialogmøde\n",
            "    navn: Strategisk dialogmøde\n    kraever_signatur: true\n",
        )
    return text


def commit(root: Path, email: str, *options: str, sign_with: Path | None = None) -> None:
    """Commit every change as `email`, signed with an SSH key when given."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": email,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": email,
        "GIT_COMMITTER_EMAIL": email,
    }
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign_with}"] if sign_with else []
    subprocess.run(
        ["git", *signing, "commit", "-q", "-a", "-m", "approve", *(["-S"] if sign_with else [])],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def approve(dialog, root: Path) -> None:
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 0, result.err


@pytest.fixture
def repo(make_repo, dialog):
    """A repository whose program is approved in the working tree, not yet committed."""

    def build(text: str) -> Path:
        root = make_repo({"dialog.yaml": text, **sdm()})
        approve(dialog, root)
        return root

    return build


def test_approval_committed_with_the_approvers_email_verifies(repo, dialog) -> None:
    root = repo(config())
    commit(root, "Bo.Berg@example.dk")
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.out + result.err


def test_approval_committed_by_someone_else_is_dm801(repo, dialog) -> None:
    root = repo(config())
    commit(root, "mallory@example.dk")
    result = dialog("verify", cwd=root)
    assert result.code == 1
    assert f"{PROGRAM}:" in result.out
    assert "DM801" in result.out and "mallory@example.dk" in result.out


def test_approval_signed_with_the_approvers_key_verifies_from_another_email(
    tmp_path, repo, dialog
) -> None:
    key, public = keypair(tmp_path, "bo")
    root = repo(config([public]))
    commit(root, "assistant@example.dk", sign_with=key)
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.out + result.err


def test_approval_signed_with_an_unlisted_key_is_dm803(tmp_path, repo, dialog) -> None:
    _, public = keypair(tmp_path, "bo")
    other, _ = keypair(tmp_path, "mallory")
    root = repo(config([public]))
    commit(root, "mallory@example.dk", sign_with=other)
    result = dialog("verify", cwd=root)
    assert result.code == 1
    assert "DM803" in result.out


def test_unsigned_approval_where_the_forum_requires_a_signature_is_dm802(
    tmp_path, repo, dialog
) -> None:
    _, public = keypair(tmp_path, "bo")
    root = repo(config([public], required=True))
    commit(root, "bo@kommune.dk")
    result = dialog("verify", cwd=root)
    assert result.code == 1
    assert "DM802" in result.out


def test_uncommitted_approval_is_dm804_at_the_godkendt_hash_line(repo, dialog) -> None:
    root = repo(config())
    result = dialog("verify", "--format", "json", cwd=root)
    assert result.code == 1
    [finding] = json.loads(result.out)
    lines = (root / PROGRAM).read_text().splitlines()
    line = 1 + next(i for i, x in enumerate(lines) if x.startswith("godkendt_hash:"))
    assert (finding["rule"], finding["path"], finding["line"]) == ("DM804", PROGRAM, line)


def test_shallow_clone_is_dm805_saying_fetch_more(tmp_path, repo, dialog) -> None:
    root = repo(config())
    commit(root, "bo@kommune.dk")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = dialog("verify", "--format", "github", cwd=clone)
    assert result.code == 1
    assert "title=DM805" in result.out and "fetch-depth: 0" in result.out


def test_rev_verifies_the_approvals_of_that_revision(repo, dialog) -> None:
    root = repo(config())
    commit(root, "mallory@example.dk")
    subprocess.run(["git", "tag", "forged"], cwd=root, check=True)
    (root / PROGRAM).write_text("---\ntitel: Program\nstatus: udkast\n---\n")
    commit(root, "bo@kommune.dk")
    assert dialog("verify", cwd=root).code == 0
    result = dialog("verify", "--rev", "forged", cwd=root)
    assert result.code == 1 and "DM801" in result.out


def test_unknown_rev_exits_2_naming_it(repo, dialog) -> None:
    root = repo(config())
    result = dialog("verify", "--rev", "no-such-branch", cwd=root)
    assert result.code == 2
    assert "no-such-branch" in result.err and "Traceback" not in result.err


def test_allowed_signers_lists_each_key_for_each_address(tmp_path, repo, dialog) -> None:
    _, public = keypair(tmp_path, "bo")
    root = repo(config([public]))
    result = dialog("allowed-signers", cwd=root)
    assert result.code == 0
    assert result.out == (
        f'bo@kommune.dk namespaces="git" {public}\nbo.berg@example.dk namespaces="git" {public}\n'
    )


def test_a_signing_key_that_is_not_an_openssh_line_is_refused_naming_the_line(
    make_repo, dialog
) -> None:
    root = make_repo({"dialog.yaml": config(["ssh-ed25519 not-base64"])})
    result = dialog("allowed-signers", cwd=root)
    assert result.code == 2
    assert "dialog.yaml:" in result.err and "offentlig OpenSSH-nøgle" in result.err


def test_verify_explains_its_rules(dialog) -> None:
    result = dialog("check", "--explain", "DM805")
    assert result.code == 0 and "fetch-depth: 0" in result.out


def test_dialog_folder_inside_a_larger_git_repository_verifies(tmp_path, make_repo, dialog):
    root = make_repo({"dialog.yaml": config(), **sdm()})
    outer = tmp_path / "outer"
    (outer / "docs").mkdir(parents=True)
    root.rename(outer / "docs" / "moeder")
    root = outer / "docs" / "moeder"
    subprocess.run(["rm", "-rf", str(root / ".git")], check=True)
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    approve(dialog, root)
    subprocess.run(["git", "add", "-A"], cwd=outer, check=True)
    commit(outer, "bo@kommune.dk")
    assert dialog("verify", cwd=root).code == 0
    result = dialog("verify", "--rev", "HEAD", "--format", "json", cwd=root)
    assert (result.code, json.loads(result.out)) == (0, [])


def test_an_unreadable_file_is_reported_not_passed_over(repo, dialog) -> None:
    root = repo(config())
    commit(root, "bo@kommune.dk")
    (root / SDM / "baggrundsnotat.md").write_text("---\ntitel: [\n---\n", encoding="utf-8")
    result = dialog("verify", "--format", "json", cwd=root)
    assert result.code == 1
    assert [f["path"] for f in json.loads(result.out)] == [f"{SDM}/baggrundsnotat.md"]


def test_signatures_split_over_parallel_calls_agree_with_one_call(
    tmp_path, repo, monkeypatch
) -> None:
    from dialogmoder.io import git

    bo, public = keypair(tmp_path, "bo")
    other, _ = keypair(tmp_path, "mallory")
    root = repo(config([public]))
    commits = []
    for n, key in enumerate([bo, other, None, bo, other]):
        (root / "notes.txt").write_text(f"{n}\n")
        subprocess.run(["git", "add", "notes.txt"], cwd=root, check=True)
        commit(root, "bo@kommune.dk", sign_with=key)
        commits.append(git.commit_of(root, "HEAD"))
    signers = f'bo@kommune.dk namespaces="git" {public}\n'
    one = git.signatures(root, commits, signers)
    monkeypatch.setattr(git, "_SIGNATURES_PER_CALL", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert git.signatures(root, commits, signers) == one
    assert [one[c].status for c in commits] == ["G", "U", "N", "G", "U"]


def test_an_approval_moved_with_its_meeting_folder_keeps_its_approver(repo, dialog) -> None:
    root = repo(config())
    commit(root, "bo@kommune.dk")
    subprocess.run(["git", "mv", SDM, f"{SDM}-flyttet"], cwd=root, check=True)
    meeting = root / f"{SDM}-flyttet" / "meeting.md"
    meeting.write_text(meeting.read_text().replace("titel: Vækst", "titel: Vækst (flyttet)"))
    commit(root, "carl@kommune.dk")
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.out


def test_every_verify_rule_has_a_test_here() -> None:
    from dialogmoder.check.rules import all_rules

    source = Path(__file__).read_text(encoding="utf-8")
    ids = {r.id for r in all_rules() if r.family == "verify"}
    assert ids == {"DM801", "DM802", "DM803", "DM804", "DM805"}
    assert {i for i in ids if f'"{i}"' in source or f"_{i.lower()}" in source} == ids


def test_one_signing_key_may_be_written_without_a_list(tmp_path, make_repo, dialog) -> None:
    _, public = keypair(tmp_path, "bo")
    text = config([public]).replace(f"    signeringsnoegler:\n      - {public}\n", "")
    text = text.replace("    email: [", f"    signeringsnoegler: {public}\n    email: [")
    root = make_repo({"dialog.yaml": text})
    result = dialog("allowed-signers", cwd=root)
    assert result.code == 0, result.err
    assert result.out.count(public) == 2


def test_the_users_git_config_does_not_change_the_answer(tmp_path, repo, dialog, monkeypatch):
    root = repo(config())
    commit(root, "mallory@example.dk")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[color]\n\tdiff = always\n\tui = always\n[diff]\n\tnoprefix = true\n\trenames = false\n"
        "[log]\n\tshowSignature = true\n[core]\n\tquotePath = true\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    result = dialog("verify", "--format", "json", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM801"]


def test_regler_in_dialog_yaml_set_the_severity_of_verify_rules(repo, dialog) -> None:
    root = repo(config() + "regler: {DM801: warning}\n")
    commit(root, "mallory@example.dk")
    result = dialog("verify", "--format", "json", cwd=root)
    assert result.code == 0
    assert [(f["rule"], f["severity"]) for f in json.loads(result.out)] == [("DM801", "warning")]
