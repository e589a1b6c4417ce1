"""Where this dialogmoder was installed from, as a pip requirement CI can install again.

`dialog init` writes it into the workflows, so a new repository's first CI run installs the
version that wrote it. PEP 610's `direct_url.json` says where an install came from: a VCS
URL and commit (from git), an archive URL, or a local folder; without the file the
install came from a package index, and the version pin names it. From a source CI cannot
reach (a folder on this machine, an editable install) the running dialogmoder is zipped
into a wheel that goes into the repository, `.dialog/dialogmoder-VERSION-py3-none-any.whl`,
and the workflows install that file: the installed files themselves, so no build backend
is needed, and CI renders with exactly the version the secretariat uses.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path
from urllib.parse import urlsplit

from dialogmoder.danish import N_, besked
from dialogmoder.errors import DialogError

PACKAGE = "dialogmoder"
WHEEL_DIR = ".dialog"  # in the repository: the wheel of a dialogmoder CI cannot reach
_ASK = N_(
    "; CI cannot install dialogmoder from there. Give the install source the workflow"
    " should use with --install-spec, e.g. --install-spec"
    " 'dialogmoder @ git+https://github.com/OWNER/dialogmoder@v{version}'"
    " or --install-spec 'dialogmoder=={version}'"
)
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip entries' time: the same files give the same wheel


@dataclass(frozen=True)
class InstallSource:
    """What the workflows pip-install, and the wheel (its path in the repository and its
    bytes) to write beside them when the requirement is a file in the repository."""

    spec: str
    wheel: tuple[str, bytes] | None = None


def current_install_source() -> InstallSource:
    """The requirement that installs the running dialogmoder again, or DialogError."""
    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:
        raise DialogError(
            besked("this dialogmoder runs from a source folder, not an installed package")
            + besked(_ASK).format(version="VERSION")
        ) from None
    spec = install_spec_of(dist)
    if spec is not None:
        return InstallSource(spec)
    name, data = wheel_of_running(dist)
    path = f"{WHEEL_DIR}/{name}"
    return InstallSource(f"./{path}", (path, data))


def current_install_spec() -> str:
    """The requirement alone (see current_install_source)."""
    return current_install_source().spec


def install_spec_of(dist: Distribution) -> str | None:
    """The requirement for an installed distribution, from its PEP 610 record; None when
    it came from a place CI cannot reach (a folder or file on this machine, an editable
    install, an unreadable record)."""
    version = dist.version
    raw = dist.read_text("direct_url.json")
    if raw is None:  # installed from a package index by name: the version pin finds it
        return f"{PACKAGE}=={version}"
    try:
        record = json.loads(raw)
        url = record["url"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(url, str) or not isinstance(record, dict):
        return None
    vcs = record.get("vcs_info")
    local = urlsplit(url).scheme in {"", "file"}
    if local or isinstance(record.get("dir_info"), dict):
        return None
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        return f"{PACKAGE} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    return f"{PACKAGE} @ {url}"  # an archive (wheel or sdist) at a URL CI can fetch


def _package_files() -> dict[str, bytes]:
    """The running package's files by their path in a wheel (`dialogmoder/…`), the
    packaged templates among them (in a source checkout they lie beside src/)."""
    import dialogmoder
    from dialogmoder.io.templating import packaged_templates

    package = Path(dialogmoder.__file__).resolve().parent
    files: dict[str, bytes] = {}

    def add(folder: Path, prefix: str) -> None:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if "__pycache__" in rel.parts or path.suffix in {".pyc", ".pyo"}:
                continue
            if path.is_file():
                files[f"{prefix}/{rel.as_posix()}"] = path.read_bytes()

    add(package, PACKAGE)
    if not any(name.startswith(f"{PACKAGE}/templates/") for name in files):
        add(packaged_templates(), f"{PACKAGE}/templates")
    return files


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel_of_running(dist: Distribution) -> tuple[str, bytes]:
    """A wheel (file name, bytes) of the running dialogmoder: its installed files, its
    installed METADATA and entry points, a WHEEL file and a RECORD of them all."""
    version = re.sub(r"[^\w.]+", "_", dist.version)
    info = f"{PACKAGE}-{version}.dist-info"
    metadata = dist.read_text("METADATA")
    if metadata is None:
        raise DialogError(
            besked("the install of dialogmoder {version} has no METADATA").format(
                version=dist.version
            )
            + besked(_ASK).format(version=dist.version)
        )
    files = _package_files()
    files[f"{info}/METADATA"] = metadata.encode("utf-8")
    entry_points = dist.read_text("entry_points.txt")
    if entry_points:
        files[f"{info}/entry_points.txt"] = entry_points.encode("utf-8")
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: dialogmoder (dialog init)\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [_record_line(name, data) for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=_EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    return f"{PACKAGE}-{version}-py3-none-any.whl", buffer.getvalue()
