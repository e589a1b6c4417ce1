"""Time `dialog verify` on a repository with many approvals across many commits.

    python benchmarks/verify_history.py [--approvals 1000] [--commits 5000] [--repeat 3]

The history is written with `git fast-import`: strategic meetings (generate.py's, three
approved products each), each created, edited as drafts by a chef, and approved one
product per commit by the fagdirektør, whose address dialog.yaml lists. Each approval
commit is then signed with an SSH key (an Ed25519 key made by ssh-keygen, listed under the
fagdirektør's signeringsnoegler), as `git commit -S` with gpg.format=ssh signs it: the
commits are rewritten in order with a `gpgsig` header (--unsigned leaves them unsigned).
Prints the best of --repeat runs of `dialog verify` as a separate process; it must find
nothing (exit 0) and prove every approval by its signature.
Targets: 1,000 approvals across 5,000 commits in under 5 s (issue 13 unsigned, issue 21
signed). --keep DIR writes the repository to DIR and keeps it (to time other builds on it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import best, dialog_command  # noqa: E402

APPROVER = "Viggo Dam <vd@kommune.dk>"
AUTHOR = "Ole Carl <oc@kommune.dk>"
CONFIG = generate.CONFIG.replace(
    "  vd: {navn: Viggo Dam, titel: Velfærdsdirektør, rolle: fagdirektoer, github: vdam}\n",
    "  vd: {navn: Viggo Dam, titel: Velfærdsdirektør, rolle: fagdirektoer, github: vdam,"
    " email: vd@kommune.dk}\n",
)
PRODUCTS = ("program.md", "baggrundsnotat.md", "opfoelgningsnotat.md")


def draft(text: str, n: int) -> str:
    """The product before its approval: no approval keys, a body still being written."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("godkendt")]
    return "".join(lines).replace("status: godkendt\n", "status: udkast\n") + f"\nUdkast {n}.\n"


class Stream:
    """A git fast-import stream of commits on refs/heads/main."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.count = 0
        self.clock = 1_700_000_000

    def commit(self, who: str, message: str, files: dict[str, str]) -> None:
        self.count += 1
        self.clock += 60
        data = message.encode()
        self.parts.append(
            f"commit refs/heads/main\nauthor {who} {self.clock} +0000\n"
            f"committer {who} {self.clock} +0000\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
        for path, text in files.items():
            blob = text.encode()
            self.parts.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        self.parts.append(b"\n")


class Signer:
    """An SSH key made by ssh-keygen that signs commit payloads as `ssh-keygen -Y sign -n
    git` does (SSHSIG, sha512, armored in lines of 70): Ed25519 signatures are deterministic,
    so these are the very bytes ssh-keygen writes (checked once, on the first payload)."""

    def __init__(self, folder: Path) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519

        self.path = folder / "vd_signing_key"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vd", "-f", str(self.path)],
            check=True,
        )
        self.public_line = self.path.with_suffix(".pub").read_text().strip()
        key = serialization.load_ssh_private_key(self.path.read_bytes(), None)
        assert isinstance(key, ed25519.Ed25519PrivateKey)
        self.key = key
        self.blob = base64.b64decode(self.public_line.split()[1])
        self.checked = False

    def sign(self, payload: bytes) -> bytes:
        def string(value: bytes) -> bytes:
            return struct.pack(">I", len(value)) + value

        digest = hashlib.sha512(payload).digest()
        signed = b"SSHSIG" + string(b"git") + string(b"") + string(b"sha512") + string(digest)
        signature = string(b"ssh-ed25519") + string(self.key.sign(signed))
        blob = b"SSHSIG\0\0\0\1" + b"".join(
            string(f) for f in (self.blob, b"git", b"", b"sha512", signature)
        )
        text = base64.b64encode(blob)
        body = b"\n".join(text[i : i + 70] for i in range(0, len(text), 70))
        armored = b"-----BEGIN SSH SIGNATURE-----\n" + body + b"\n-----END SSH SIGNATURE-----\n"
        if not self.checked:
            message = self.path.parent / "payload"
            message.write_bytes(payload)
            subprocess.run(
                ["ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", str(self.path), str(message)],
                check=True,
            )
            assert Path(f"{message}.sig").read_bytes() == armored, "not as ssh-keygen signs"
            self.checked = True
        return armored


def sign_history(target: Path, signer: Signer, who: str) -> int:
    """Rewrite refs/heads/main oldest first, each commit on its rewritten parent, the
    commits authored by `who` with a gpgsig header where `git commit -S` puts it (after
    the other headers). Written as loose objects; returns how many were signed."""
    order = subprocess.run(
        ["git", "rev-list", "--reverse", "--topo-order", "main"],
        cwd=target,
        capture_output=True,
        check=True,
    ).stdout.split()
    out = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=target,
        input=b"\n".join(order) + b"\n",
        capture_output=True,
        check=True,
    ).stdout
    objects = target / ".git" / "objects"
    renamed: dict[bytes, bytes] = {}
    signed = 0
    at = 0
    author = f"author {who} ".encode()
    for old in order:
        newline = out.index(b"\n", at)
        size = int(out[at:newline].split()[2])
        raw = out[newline + 1 : newline + 1 + size]
        at = newline + 1 + size + 1
        head, _, message = raw.partition(b"\n\n")
        lines = [
            b"parent " + renamed[line[7:]] if line.startswith(b"parent ") else line
            for line in head.split(b"\n")
        ]
        payload = b"\n".join(lines) + b"\n\n" + message
        if any(line.startswith(author) for line in lines):
            armored = signer.sign(payload).rstrip(b"\n").replace(b"\n", b"\n ")
            payload = b"\n".join([*lines, b"gpgsig " + armored]) + b"\n\n" + message
            signed += 1
        stored = b"commit %d\0" % len(payload) + payload
        name = hashlib.sha1(stored).hexdigest().encode()
        folder = objects / name[:2].decode()
        folder.mkdir(exist_ok=True)
        (folder / name[2:].decode()).write_bytes(zlib.compress(stored, 1))
        renamed[old] = name
    subprocess.run(
        ["git", "update-ref", "refs/heads/main", renamed[order[-1]].decode()],
        cwd=target,
        check=True,
    )
    return signed


def build(target: Path, approvals: int, commits: int, signer: Signer | None = None) -> None:
    rng = random.Random(13)
    meetings = -(-approvals // len(PRODUCTS))
    edits = max(0, commits - 1 - meetings - approvals)  # draft edits, spread evenly
    stream = Stream()
    config = CONFIG
    if signer is not None:
        config = config.replace(
            " email: vd@kommune.dk}\n",
            f" email: vd@kommune.dk, signeringsnoegler: [{json.dumps(signer.public_line)}]}}\n",
        )
        assert config != CONFIG
    stream.commit(AUTHOR, "dialog.yaml", {"dialog.yaml": config})
    day = date(2025, 12, 4)
    for m in range(meetings):
        day -= timedelta(days=28)
        folder = f"meetings/{day:%Y}/{day.isoformat()}-strategisk-{m}"
        tree = generate.strategisk(rng, day)
        products = {p: tree[p] for p in PRODUCTS}
        stream.commit(AUTHOR, f"{folder}: new", {f"{folder}/meeting.md": tree["meeting.md"]})
        for n in range(edits // meetings + (m < edits % meetings)):
            p = PRODUCTS[n % len(PRODUCTS)]
            stream.commit(AUTHOR, f"{folder}: draft", {f"{folder}/{p}": draft(products[p], n)})
        for p in PRODUCTS[: approvals - m * len(PRODUCTS)]:
            stream.commit(APPROVER, f"{folder}: approve {p}", {f"{folder}/{p}": products[p]})
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=target, input=b"".join(stream.parts), check=True
    )
    signed = sign_history(target, signer, APPROVER) if signer is not None else 0
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    print(
        f"{stream.count} commits, {approvals} approvals ({signed} signed) in {target}",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--unsigned", action="store_true", help="leave the approvals unsigned")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dialog-verify-bench-") as folder:
        root = args.keep or Path(folder) / "repo"
        signer = None if args.unsigned else Signer(Path(folder))
        build(root, args.approvals, args.commits, signer)
        command = [*dialog_command(), "verify", "--root", str(root)]
        if signer is not None:  # every approval proven by its signature, none by its author
            told = subprocess.run(
                command, capture_output=True, text=True, env={**os.environ, "DIALOG_SPROG": "en"}
            )
            proven = told.stderr.count(": proven by a signature with their key SHA256:")
            assert told.returncode == 0 and proven == args.approvals, (proven, told.stderr[-500:])
        figure = best(command, args.repeat)
    seconds = figure["seconds"]
    what = "unsigned" if args.unsigned else "signed"
    print(
        f"dialog verify, {args.approvals} {what} approvals across {args.commits} commits:"
        f" {seconds:.2f} s (best of {args.repeat}; target < 5 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
