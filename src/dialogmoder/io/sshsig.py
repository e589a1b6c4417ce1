"""SSH commit signatures checked in this process, with the answer git's `%G?` and `%GF` give.

git verifies an SSH-signed commit by running `ssh-keygen` twice (`-Y find-principals`, then
`-Y verify`, or `-Y check-novalidate` for a key the allowed signers file does not list),
about 15 ms a commit. This module does the same steps without the programs, for what
dialog's allowed signers file holds (`principal namespaces="git" key` lines) and the key
types people sign with (Ed25519, ECDSA, RSA with SHA-2); the signature format is SSHSIG
(openssh-portable PROTOCOL.sshsig) and the cryptography is the `cryptography` package's.

Whatever it does not model (another signature format, a security key or certificate, an
option other than `namespaces=`, a signature or key encoded in any but the usual way) gets
None: the caller asks git for that commit, so an answer here is never a guess. So does a
commit without a plain committer line (git 2.39 calls it unsigned, and passes the committer
time to ssh-keygen as -Overify-time). `dialog verify` runs with git 2.36 or newer only
(`--remerge-diff`), all of which verify SSH signatures by these steps.

The steps, as git 2.39 and OpenSSH 9 take them (gpg-interface.c verify_ssh_signed_buffer,
ssh-keygen.c sig_find_principals / sig_verify, sshsig.c):
1. the first allowed-signers line with the signature's key gives the principals;
2. for each principal, the signature must verify in namespace `git` and some line must list
   that principal with that key, the namespace allowed: then G (git's "good, trusted");
3. no line has the key: a signature that verifies is U (good, key not listed), else B;
   a line has the key but no principal verifies: B. %GF is the key's SHA256 fingerprint
   for G and U, empty for B.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

NAMESPACE = b"git"
_BEGIN = b"-----BEGIN SSH SIGNATURE-----\n"
_END = b"\n-----END SSH SIGNATURE-----"
_HASHES = {b"sha256": hashlib.sha256, b"sha512": hashlib.sha512}
_CURVES: dict[bytes, tuple[type[ec.EllipticCurve], type[hashes.HashAlgorithm]]] = {
    b"ecdsa-sha2-nistp256": (ec.SECP256R1, hashes.SHA256),
    b"ecdsa-sha2-nistp384": (ec.SECP384R1, hashes.SHA384),
    b"ecdsa-sha2-nistp521": (ec.SECP521R1, hashes.SHA512),
}
_RSA_HASHES: dict[bytes, type[hashes.HashAlgorithm]] = {
    b"rsa-sha2-256": hashes.SHA256,
    b"rsa-sha2-512": hashes.SHA512,
}
_TYPES = (b"ssh-ed25519", b"ssh-rsa", *_CURVES)
# the order of Ed25519's group: OpenSSH accepts an S of L or more, OpenSSL does not
_ED25519_L = 2**252 + 27742317777372353535851937790883648493
# a principal or namespace with one of these is a pattern (or quoted) to ssh-keygen
_PATTERN = frozenset(b'*?!,"\\')
# a security key's line: its key is compared (a signature by it goes to git), never loaded
_SK_TYPES = (b"sk-ssh-ed25519@openssh.com", b"sk-ecdsa-sha2-nistp256@openssh.com")
# `principals [options] type base64 [comment]`, without quoted spaces
_LINE = re.compile(
    rb'(?P<principals>[^ \t"]+)[ \t]+(?:(?P<options>[^ \t]+)[ \t]+)?'
    rb"(?P<type>" + b"|".join(re.escape(t) for t in (*_TYPES, *_SK_TYPES)) + rb")"
    rb"[ \t]+(?P<key>[A-Za-z0-9+/=]+)(?:[ \t][^\r\v\f\0]*)?"
)

# a committer line's value as git writes it
_IDENT = re.compile(rb"[^<>\n]*<[^<>\n]*> ([0-9]{1,12}) [+-][0-9]{4}")

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


class Unsupported(Exception):
    """Something this module does not model: git is asked instead."""


class _Reader:
    """SSH wire encoding (RFC 4251): uint32 lengths before strings."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def string(self) -> bytes:
        if self.at + 4 > len(self.data):
            raise Unsupported("short")
        (size,) = struct.unpack_from(">I", self.data, self.at)
        start = self.at + 4
        if start + size > len(self.data):
            raise Unsupported("short")
        self.at = start + size
        return self.data[start : self.at]

    def mpint(self) -> int:
        """A positive integer in its shortest encoding (anything else: Unsupported)."""
        value = self.string()
        if not value or value[0] & 0x80 or (value[0] == 0 and not (value[1:2] and value[1] & 0x80)):
            raise Unsupported("mpint")
        return int.from_bytes(value, "big")

    def end(self) -> None:
        if self.at != len(self.data):
            raise Unsupported("trailing data")


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


@dataclass(frozen=True)
class _Key:
    blob: bytes  # the key's wire encoding, as OpenSSH writes it
    key: PublicKey

    def fingerprint(self) -> str:
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode()
        return "SHA256:" + digest.rstrip("=")


@functools.lru_cache(maxsize=256)  # a history holds few keys, each signs many commits
def _load(blob: bytes) -> _Key:
    """A public key from its wire encoding; Unsupported unless it is Ed25519, ECDSA on
    NIST P-256/384/521 or RSA of 2048 to 8192 bits, encoded as OpenSSH encodes it."""
    kind = _Reader(blob).string()
    if kind not in _TYPES:
        raise Unsupported(kind.decode("ascii", "replace"))
    try:
        key = serialization.load_ssh_public_key(kind + b" " + base64.b64encode(blob))
    except (ValueError, UnsupportedAlgorithm) as e:
        raise Unsupported("key") from e
    if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise Unsupported("key")
    if isinstance(key, rsa.RSAPublicKey) and not 2048 <= key.key_size <= 8192:
        raise Unsupported("rsa size")
    written = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    if base64.b64decode(written.split()[1]) != blob:
        raise Unsupported("encoding")
    return _Key(blob, key)


@dataclass(frozen=True)
class _Line:
    principals: tuple[bytes, ...]
    namespaces: tuple[bytes, ...] | None  # None: any namespace
    blob: bytes


class AllowedSigners:
    """An allowed signers file (ssh-keygen(1) ALLOWED SIGNERS), as far as this module models
    it: lines of principals without patterns, no option but `namespaces=` (without
    patterns), then a key. The keys of the other lines (valid-after, valid-before,
    cert-authority, patterns) are `unsure`: a signature by one of them is git's to judge."""

    def __init__(self, lines: list[_Line], unsure: set[bytes]) -> None:
        self.lines = lines
        self.unsure = unsure

    @classmethod
    def parse(cls, text: str) -> AllowedSigners | None:
        """The file's lines, or None when a line is not even `principals [options] key`
        with a key this module can read (then no line can be relied on)."""
        lines: list[_Line] = []
        unsure: set[bytes] = set()
        for raw in text.encode().split(b"\n"):
            line = raw.strip(b" \t")
            if not line or line.startswith(b"#"):
                continue
            found = _LINE.fullmatch(line)
            if found is None:
                return None
            try:
                blob = base64.b64decode(found["key"], validate=True)
                if _Reader(blob).string() != found["type"]:
                    return None
                if found["type"] in _TYPES:
                    _load(blob)  # an unreadable key or an unusual encoding: git's to judge
            except (binascii.Error, ValueError, Unsupported):
                return None
            principals = tuple(found["principals"].split(b","))
            options = found["options"]
            namespaces = None
            if options is not None:
                names = re.fullmatch(rb'namespaces="([^"]*)"', options)
                namespaces = tuple(names[1].split(b",")) if names else None
                if names is None:
                    unsure.add(blob)
            if any(not p or _PATTERN & set(p) for p in (*principals, *(namespaces or ()))):
                unsure.add(blob)
            lines.append(_Line(principals, namespaces, blob))
        return cls(lines, unsure)


def _dearmor(armored: bytes) -> bytes:
    if not armored.startswith(_BEGIN):
        raise Unsupported("armor")
    end = armored.find(_END, len(_BEGIN) - 1)
    if end < 0:
        raise Unsupported("armor")
    body = armored[len(_BEGIN) : end + 1].replace(b"\n", b"")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as e:
        raise Unsupported("base64") from e


def _verifies(key: _Key, signature: bytes, message: bytes) -> bool:
    """Whether `signature` (an SSH signature blob) by `key` is good for `message`, as
    OpenSSH's sshkey_verify decides it for these key types."""
    reader = _Reader(signature)
    kind = reader.string()
    public = key.key
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            if kind != b"ssh-ed25519":
                return False  # OpenSSH: a signature of another type does not verify
            raw = reader.string()
            reader.end()
            if len(raw) != 64 or int.from_bytes(raw[32:], "little") >= _ED25519_L:
                raise Unsupported("ed25519 signature")
            public.verify(raw, message)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            curve, digest = _CURVES.get(kind, (None, None))
            if curve is None or digest is None or not isinstance(public.curve, curve):
                return False
            inner = _Reader(reader.string())
            reader.end()
            r, s = inner.mpint(), inner.mpint()
            inner.end()
            public.verify(encode_dss_signature(r, s), message, ec.ECDSA(digest()))
        elif isinstance(public, rsa.RSAPublicKey):
            algorithm = _RSA_HASHES.get(kind)
            if algorithm is None:
                return False  # sshsig takes rsa-sha2-256 and -512 only (not SHA-1)
            raw = reader.string()
            reader.end()
            size = (public.key_size + 7) // 8
            if len(raw) > size:
                raise Unsupported("rsa signature length")
            public.verify(raw.rjust(size, b"\0"), message, padding.PKCS1v15(), algorithm())
        else:
            raise Unsupported("key")
    except InvalidSignature:
        return False
    return True


def _plain_committer(payload: bytes) -> bool:
    """The payload's first `committer` header is a plain `Name <address> time zone` with a
    time this century: git 2.39 calls a commit without a readable committer unsigned (N)
    and gives ssh-keygen the committer time as -Overify-time, which it may refuse; such a
    commit is git's to judge."""
    if b"\0" in payload:
        return False
    for line in payload.split(b"\n"):
        if not line:
            return False  # the end of the headers
        if line.startswith(b"committer "):
            found = _IDENT.fullmatch(line[len(b"committer ") :])
            return found is not None and 946_684_800 <= int(found[1]) <= 4_102_444_800
    return False


def verify(payload: bytes, armored: bytes, signers: AllowedSigners) -> tuple[str, str] | None:
    """git's `%G?` and `%GF` for an SSH signature `armored` of `payload`, or None when this
    module does not model the signature (the caller asks git)."""
    if not armored.startswith(b"-----BEGIN SSH SIGNATURE-----"):
        return None  # OpenPGP, X.509 or not a signature git knows: git's to judge
    if not _plain_committer(payload):
        return None
    try:
        blob = _Reader(_dearmor(armored))
        if blob.data[:6] != b"SSHSIG":
            raise Unsupported("magic")
        blob.at = 6
        if blob.data[6:10] != b"\0\0\0\1":
            raise Unsupported("version")
        blob.at = 10
        key = _load(blob.string())
        namespace, reserved, hashalg, signature = (blob.string() for _ in range(4))
        blob.end()
        if reserved or b"\0" in namespace or hashalg not in _HASHES:
            raise Unsupported("fields")
        message = (
            b"SSHSIG"
            + _string(NAMESPACE)
            + _string(b"")
            + _string(hashalg)
            + _string(_HASHES[hashalg](payload).digest())
        )
        good = namespace == NAMESPACE and _verifies(key, signature, message)
    except Unsupported:
        return None
    if key.blob in signers.unsure:
        return None
    listed = next((line for line in signers.lines if line.blob == key.blob), None)
    if listed is None:
        return ("U", key.fingerprint()) if good else ("B", "")
    for principal in listed.principals:
        if good and any(
            principal in line.principals
            and line.blob == key.blob
            and (line.namespaces is None or NAMESPACE in line.namespaces)
            for line in signers.lines
        ):
            return "G", key.fingerprint()
    return "B", ""
