"""`dialog verify` checks SSH-signed commits in its own process (io/sshsig.py) and must say
what git says: a real repository, real keys made with ssh-keygen (Ed25519, ECDSA on three
curves, RSA), commits signed by git and by `ssh-keygen -Y sign`, tampered ones, and each
commit's `%G? %GF` from `git log` compared with the answer given in the process, commit by
commit; what the process does not model must be left to git."""

from __future__ import annotations

import base64
import os
import signal
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.io.git import signatures, signatures_here, split_signed
from dialogmoder.io.sshsig import AllowedSigners

from helpers.repo import GIT_IDENTITY


def run(
    cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
    for _ in range(5):  # git dies of SIGPIPE in a race with ssh-keygen (io/git._git, racy)
        done = subprocess.run(
            list(args),
            cwd=cwd,
            input=stdin,
            env={**os.environ, **GIT_IDENTITY, **(env or {})},
            capture_output=True,
        )
        if done.returncode != -signal.SIGPIPE:
            break
    done.check_returncode()
    return done.stdout


@dataclass(frozen=True)
class Key:
    path: Path
    line: str  # the public key line


def keygen(folder: Path, name: str, kind: str, bits: str = "") -> Key:
    path = folder / name
    run(
        folder,
        "ssh-keygen",
        "-q",
        "-t",
        kind,
        *(["-b", bits] if bits else []),
        "-N",
        "",
        "-C",
        name,
        "-f",
        str(path),
    )
    return Key(path, path.with_suffix(".pub").read_text().strip())


def ssh_sign(key: Key, payload: bytes, namespace: str = "git", *options: str) -> bytes:
    """An SSHSIG signature of `payload` made by ssh-keygen itself."""
    message = key.path.parent / "message"
    message.write_bytes(payload)
    Path(f"{message}.sig").unlink(missing_ok=True)
    extra = [a for o in options for a in ("-O", o)]
    run(
        key.path.parent,
        "ssh-keygen",
        "-q",
        "-Y",
        "sign",
        "-n",
        namespace,
        "-f",
        str(key.path),
        *extra,
        str(message),
    )
    return Path(f"{message}.sig").read_bytes()


def with_header(payload: bytes, name: bytes, value: bytes) -> bytes:
    """The commit object with a header (continuation lines start with a space) added at the
    end of its headers, where git puts its signature."""
    head, _, message = payload.partition(b"\n\n")
    lines = value.rstrip(b"\n").split(b"\n")
    return head + b"\n" + name + b" " + b"\n ".join(lines) + b"\n\n" + message


def write_commit(root: Path, raw: bytes) -> str:
    return (
        run(root, "git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=raw)
        .decode()
        .strip()
    )


def raw_commit(root: Path, commit: str) -> bytes:
    return run(root, "git", "cat-file", "commit", commit)


def strings(blob: bytes) -> list[bytes]:
    """The SSH strings of an SSHSIG blob after its magic and version."""
    out, at = [], 10
    while at < len(blob):
        (size,) = struct.unpack_from(">I", blob, at)
        out.append(blob[at + 4 : at + 4 + size])
        at += 4 + size
    return out


def armor(fields: list[bytes], version: int = 1) -> bytes:
    blob = (
        b"SSHSIG"
        + struct.pack(">I", version)
        + b"".join(struct.pack(">I", len(f)) + f for f in fields)
    )
    text = base64.b64encode(blob).decode()
    body = "\n".join(text[i : i + 70] for i in range(0, len(text), 70))
    return f"-----BEGIN SSH SIGNATURE-----\n{body}\n-----END SSH SIGNATURE-----\n".encode()


def dearmor(armored: bytes) -> bytes:
    lines = armored.decode().strip().splitlines()
    return base64.b64decode("".join(lines[1:-1]))


def git_says(
    root: Path, commits: list[str], allowed: str, env: dict[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """git's own `%G? %GF` of each commit with `allowed` as its allowed signers file."""
    signers = root.parent / "allowed_signers_for_git"
    signers.write_text(allowed or "\n")
    out = run(
        root,
        "git",
        "-c",
        f"gpg.ssh.allowedSignersFile={signers}",
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--format=%H%x00%G?%x00%GF",
        stdin="\n".join(commits).encode() + b"\n",
        env=env,
    )
    told = {}
    for line in out.decode().splitlines():
        commit, status, key = line.split("\0")
        told[commit] = (status, key)
    return told


@dataclass
class History:
    root: Path
    keys: dict[str, Key]
    commits: dict[str, str]  # case name -> commit
    allowed: str  # the allowed signers file dialog would write
    gnupg: Path | None


# case -> what git says of it (%G?): checked too, so the table reads as git's behaviour
EXPECTED = {
    "unsigned": "N",
    "ed25519 listed": "G",
    "ecdsa-256 listed": "G",
    "ecdsa-384 listed": "G",
    "ecdsa-521 listed": "G",
    "rsa listed": "G",
    "ed25519 sha256 by ssh-keygen": "G",
    "rsa sha256 by ssh-keygen": "G",
    "two principals on a line": "G",
    "not listed": "U",
    "not listed, rsa": "U",
    "tampered payload": "B",
    "tampered payload, not listed": "B",
    "signature of another key": "B",
    "signature of another key, not listed": "B",
    "another commit's signature": "B",
    "namespace file": "B",
    "namespace file, not listed": "B",
    "signed for git, blob says file": "B",
    "signed for git, blob says file, not listed": "B",
    "listed only for namespace file": "B",
    "first line for the key forbids git": "B",
    "gpgsig-sha256 only, in a sha1 repository": "N",
    "both gpgsig and gpgsig-sha256": "G",
    "signature version 2": "B",
    "garbled base64": "B",
    "no end marker": "B",
}
# cases the process leaves to git (what it does not model), whatever git says of them
TO_GIT = {
    "signature version 2",
    "garbled base64",
    "no end marker",
    "x509 header (not a real signature)",
    "openpgp",
}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    base = tmp_path_factory.mktemp("sshsig")
    root = base / "repo"
    keys_dir = base / "keys"
    keys_dir.mkdir()
    run(base, "git", "init", "-q", "-b", "main", str(root))
    keys = {
        "ed25519": keygen(keys_dir, "ed25519", "ed25519"),
        "ecdsa-256": keygen(keys_dir, "ecdsa256", "ecdsa", "256"),
        "ecdsa-384": keygen(keys_dir, "ecdsa384", "ecdsa", "384"),
        "ecdsa-521": keygen(keys_dir, "ecdsa521", "ecdsa", "521"),
        "rsa": keygen(keys_dir, "rsa", "rsa", "3072"),
        "stranger": keygen(keys_dir, "stranger", "ed25519"),
        "stranger-rsa": keygen(keys_dir, "strangerrsa", "rsa", "2048"),
        "two": keygen(keys_dir, "two", "ed25519"),
        "file-only": keygen(keys_dir, "fileonly", "ed25519"),
        "file-first": keygen(keys_dir, "filefirst", "ecdsa", "256"),
    }
    allowed = "".join(
        [
            *(
                f'{name}@kommune.dk namespaces="git" {keys[name].line}\n'
                for name in ("ed25519", "ecdsa-256", "ecdsa-384", "ecdsa-521", "rsa")
            ),
            f'a@kommune.dk,b@kommune.dk namespaces="git" {keys["two"].line}\n',
            f'file@kommune.dk namespaces="file" {keys["file-only"].line}\n',
            f'first@kommune.dk namespaces="file" {keys["file-first"].line}\n',
            f'second@kommune.dk namespaces="git" {keys["file-first"].line}\n',
        ]
    )
    commits: dict[str, str] = {}
    counter = [0]

    def commit(name: str, key: Key | None = None, *, config: tuple[str, ...] = ()) -> str:
        counter[0] += 1
        (root / "file.txt").write_text(f"{counter[0]}\n")
        run(root, "git", "add", "file.txt")
        signing = (
            ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key.path}", "commit", "-S"]
            if key
            else ["commit"]
        )
        run(root, "git", *config, *signing, "-q", "-m", name)
        commits[name] = run(root, "git", "rev-parse", "HEAD").decode().strip()
        return commits[name]

    def craft(name: str, raw: bytes) -> None:
        commits[name] = write_commit(root, raw)

    commit("unsigned")
    for name in ("ed25519", "ecdsa-256", "ecdsa-384", "ecdsa-521", "rsa"):
        commit(f"{name} listed", keys[name])
    commit("two principals on a line", keys["two"])
    commit("not listed", keys["stranger"])
    commit("not listed, rsa", keys["stranger-rsa"])
    commit("listed only for namespace file", keys["file-only"])
    commit("first line for the key forbids git", keys["file-first"])

    payload = raw_commit(root, commit("payload to sign"))
    craft(
        "ed25519 sha256 by ssh-keygen",
        with_header(
            payload, b"gpgsig", ssh_sign(keys["ed25519"], payload, "git", "hashalg=sha256")
        ),
    )
    craft(
        "rsa sha256 by ssh-keygen",
        with_header(payload, b"gpgsig", ssh_sign(keys["rsa"], payload, "git", "hashalg=sha256")),
    )
    craft(
        "namespace file",
        with_header(payload, b"gpgsig", ssh_sign(keys["ed25519"], payload, "file")),
    )
    craft(
        "namespace file, not listed",
        with_header(payload, b"gpgsig", ssh_sign(keys["stranger"], payload, "file")),
    )

    for name, key in (("", "ed25519"), (", not listed", "stranger")):
        signed = raw_commit(root, commits["ed25519 listed" if key == "ed25519" else "not listed"])
        craft(f"tampered payload{name}", signed.replace(b"\n\n", b"\n\nX", 1))
        # the blob names one key, its signature was made by another
        fields = strings(
            dearmor(ssh_sign(keys["ecdsa-256"] if key == "stranger" else keys["stranger"], payload))
        )
        own = strings(dearmor(ssh_sign(keys[key], payload)))
        craft(
            f"signature of another key{name}",
            with_header(payload, b"gpgsig", armor([own[0], *fields[1:]])),
        )
    other = split_signed(raw_commit(root, commits["rsa listed"]), b"gpgsig")
    assert other is not None
    craft("another commit's signature", with_header(payload, b"gpgsig", other[1]))
    good = ssh_sign(keys["ed25519"], payload)
    craft("gpgsig-sha256 only, in a sha1 repository", with_header(payload, b"gpgsig-sha256", good))
    craft(
        "both gpgsig and gpgsig-sha256",
        with_header(with_header(payload, b"gpgsig-sha256", good), b"gpgsig", good),
    )
    for name, key in (("", "ed25519"), (", not listed", "stranger")):
        fields = strings(dearmor(ssh_sign(keys[key], payload)))
        fields[1] = b"file"  # the namespace field; the signature itself is over "git"
        craft(
            f"signed for git, blob says file{name}", with_header(payload, b"gpgsig", armor(fields))
        )
    craft("signature version 2", with_header(payload, b"gpgsig", armor(strings(dearmor(good)), 2)))
    craft("garbled base64", with_header(payload, b"gpgsig", good.replace(b"\n", b"\n*", 2)))
    craft("no end marker", with_header(payload, b"gpgsig", good.replace(b"-----END", b"-----FIN")))
    craft(
        "x509 header (not a real signature)",
        with_header(
            payload,
            b"gpgsig",
            b"-----BEGIN SIGNED MESSAGE-----\nAAAA\n-----END SIGNED MESSAGE-----\n",
        ),
    )

    gnupg: Path | None = None
    if subprocess.run(["gpg", "--version"], capture_output=True).returncode == 0:
        gnupg = base / "gnupg"
        gnupg.mkdir(mode=0o700)
        env = {"GNUPGHOME": str(gnupg)}
        run(
            base,
            "gpg",
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            "Test <t@kommune.dk>",
            "ed25519",
            "sign",
            "never",
            env=env,
        )
        counter[0] += 1
        (root / "file.txt").write_text(f"{counter[0]}\n")
        run(root, "git", "add", "file.txt")
        run(
            root,
            "git",
            "-c",
            "gpg.format=openpgp",
            "-c",
            "user.signingkey=t@kommune.dk",
            "commit",
            "-S",
            "-q",
            "-m",
            "openpgp",
            env=env,
        )
        commits["openpgp"] = run(root, "git", "rev-parse", "HEAD").decode().strip()
    return History(root, keys, commits, allowed, gnupg)


def _env(history: History) -> dict[str, str]:
    return {"GNUPGHOME": str(history.gnupg)} if history.gnupg else {}


def test_each_commit_as_git_says(history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit by commit, the process's `%G? %GF` is git's; what it leaves to git is exactly
    what it does not model."""
    for name, value in _env(history).items():
        monkeypatch.setenv(name, value)
    commits = list(history.commits.values())
    told_by_git = git_says(history.root, commits, history.allowed, _env(history))
    found, rest = signatures_here(history.root, commits, history.allowed)
    here = {c: (s.status, s.key) for c, s in found.items()}
    mismatches = []
    for name, commit in history.commits.items():
        if name in EXPECTED and told_by_git[commit][0] != EXPECTED[name]:
            mismatches.append((name, "git", told_by_git[commit], EXPECTED[name]))
        if commit in here and here[commit] != told_by_git[commit]:
            mismatches.append((name, "here", here[commit], told_by_git[commit]))
    assert mismatches == []
    assert {n for n, c in history.commits.items() if c in rest} == {
        n for n in TO_GIT if n in history.commits
    }
    assert len(here) >= 22  # every case but those left to git, answered here
    # and what `dialog verify` uses, answered here or by git, is git's answer
    both = {
        c: (s.status, s.key) for c, s in signatures(history.root, commits, history.allowed).items()
    }
    assert both == told_by_git
    # the fingerprint is the key's, as dialog compares it with signeringsnoegler
    assert here[history.commits["ed25519 listed"]][1] == _fingerprint(history.keys["ed25519"])


def _fingerprint(key: Key) -> str:
    out = run(key.path.parent, "ssh-keygen", "-l", "-f", f"{key.path}.pub").decode()
    return out.split()[1]


def test_lines_beyond_the_model_go_to_git(history: History) -> None:
    """A key with valid-before (here in the past), valid-after or cert-authority on its
    line: its commits are git's to judge, every other commit is still answered here and
    still as git answers it."""
    keys = history.keys
    allowed = (
        history.allowed
        + f'old@kommune.dk valid-before="20000101",namespaces="git" {keys["stranger"].line}\n'
        + f'new@kommune.dk valid-after="20991231" {keys["stranger-rsa"].line}\n'
        + f"ca@kommune.dk cert-authority {keys['two'].line}\n"
    )
    commits = [c for n, c in history.commits.items() if n in EXPECTED]
    told_by_git = git_says(history.root, commits, allowed)
    found, rest = signatures_here(history.root, commits, allowed)
    for commit, signature in found.items():
        assert (signature.status, signature.key) == told_by_git[commit]
    by_name = {c: n for n, c in history.commits.items()}
    assert {by_name[c] for c in rest} >= {
        "not listed",
        "not listed, rsa",
        "two principals on a line",
        "namespace file, not listed",
    }
    assert history.commits["ed25519 listed"] in found
    assert told_by_git[history.commits["not listed"]][0] == "U"  # expired: git says unknown


def test_a_line_it_cannot_read_sends_every_signed_commit_to_git(history: History) -> None:
    """An unsigned commit is unsigned whatever the file says; every signed one is git's."""
    assert AllowedSigners.parse('a@x "quoted principal" ssh-ed25519 AAAA\n') is None
    assert AllowedSigners.parse("a@x ssh-ed25519 not-base64!\n") is None
    commits = [c for n, c in history.commits.items() if n != "openpgp"]
    allowed = "broken line\n" + history.allowed
    found, rest = signatures_here(history.root, commits, allowed)
    told_by_git = git_says(history.root, commits, allowed)
    assert {c: (s.status, s.key) for c, s in found.items()} == {c: told_by_git[c] for c in found}
    assert {s.status for s in found.values()} == {"N"} and len(found) == 3
    assert set(rest) == set(commits) - set(found)


def test_split_as_git_splits() -> None:
    """The payload is the object without its signature headers (and continuation lines);
    another algorithm's signature header is dropped from the payload, kept out of the
    signature; a continuation line in the message is the message's."""
    raw = (
        b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n"
        b"gpgsig-sha256 other\n other2\n"
        b"gpgsig line1\n line2\n  indented\nmergetag object 3\n tagged\n\n"
        b"message\n line in message\ngpgsig not a header\n"
    )
    payload, signature = split_signed(raw, b"gpgsig") or (b"", b"")
    assert signature == b"line1\nline2\n indented\n"
    assert payload == (
        b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n"
        b"mergetag object 3\n tagged\n\nmessage\n line in message\ngpgsig not a header\n"
    )
    assert split_signed(b"tree 1\n\nmessage\n", b"gpgsig") is None


# --- any change to a signed commit: the process says what git says --------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=st.sampled_from(
        [
            "ed25519 listed",
            "ecdsa-384 listed",
            "rsa listed",
            "not listed",
            "two principals on a line",
        ]
    ),
    where=st.floats(0, 1, exclude_max=True),
    change=st.sampled_from(["flip", "delete", "insert"]),
    byte=st.binary(min_size=1, max_size=1),
)
def test_a_changed_commit_as_git_says(
    history: History, case: str, where: float, change: str, byte: bytes
) -> None:
    raw = raw_commit(history.root, history.commits[case])
    at = int(where * len(raw))
    if change == "flip":
        changed = raw[:at] + bytes([raw[at] ^ (byte[0] or 1)]) + raw[at + 1 :]
    elif change == "delete":
        changed = raw[:at] + raw[at + 1 :]
    else:
        changed = raw[:at] + byte + raw[at:]
    commit = write_commit(history.root, changed)
    try:
        told_by_git = git_says(history.root, [commit], history.allowed)
    except subprocess.CalledProcessError:
        return  # git refuses the object (a broken header): nothing to compare with
    found, _ = signatures_here(history.root, [commit], history.allowed)
    if commit in found:
        assert (found[commit].status, found[commit].key) == told_by_git[commit]
