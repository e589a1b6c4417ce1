"""Where this dialogmoder was installed from, as a pip requirement CI can install again.

`dialog init` writes it into the workflow, so a new repository's first CI run installs the
version that wrote it. PEP 610's `direct_url.json` says where an install came from: a VCS
URL and commit (from git), an archive URL, or a local folder; without the file the
install came from a package index, and the version pin names it.
"""

from __future__ import annotations

import json
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from urllib.parse import urlsplit

from dialogmoder.danish import N_, besked
from dialogmoder.errors import DialogError

PACKAGE = "dialogmoder"
_ASK = N_(
    "; CI cannot install dialogmoder from there. Give the install source the workflow"
    " should use with --install-spec, e.g. --install-spec"
    " 'dialogmoder @ git+https://github.com/OWNER/dialogmoder@v{version}'"
    " or --install-spec 'dialogmoder=={version}'"
)


def current_install_spec() -> str:
    """The requirement that installs the running dialogmoder again, or DialogError."""
    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:
        raise DialogError(
            besked("this dialogmoder runs from a source folder, not an installed package")
            + besked(_ASK).format(version="VERSION")
        ) from None
    return install_spec_of(dist)


def install_spec_of(dist: Distribution) -> str:
    """The requirement for an installed distribution, from its PEP 610 record."""
    version = dist.version
    raw = dist.read_text("direct_url.json")
    if raw is None:  # installed from a package index by name: the version pin finds it
        return f"{PACKAGE}=={version}"
    ask = besked(_ASK).format(version=version)
    try:
        record = json.loads(raw)
        url = record["url"]
    except (ValueError, KeyError, TypeError):
        raise DialogError(
            besked(
                "the install record of dialogmoder {version} (direct_url.json) is unreadable"
            ).format(version=version)
            + ask
        ) from None
    if not isinstance(url, str) or not isinstance(record, dict):
        raise DialogError(
            besked(
                "the install record of dialogmoder {version} (direct_url.json) is unreadable"
            ).format(version=version)
            + ask
        )
    vcs = record.get("vcs_info")
    local = urlsplit(url).scheme in {"", "file"}
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        if local:
            raise DialogError(
                besked(
                    "dialogmoder {version} was installed from the {x} repository {url}, a"
                    " folder on this machine"
                ).format(version=version, x=vcs.get("vcs", "vcs"), url=url)
                + ask
            )
        return f"{PACKAGE} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
    if isinstance(record.get("dir_info"), dict):
        how = (
            besked("an editable install")
            if record["dir_info"].get("editable")
            else besked("a local folder")
        )
        raise DialogError(
            besked("dialogmoder {version} is {how} from {url}").format(
                version=version, how=how, url=url
            )
            + ask
        )
    if local:
        raise DialogError(
            besked("dialogmoder {version} was installed from the file {url}").format(
                version=version, url=url
            )
            + ask
        )
    return f"{PACKAGE} @ {url}"  # an archive (wheel or sdist) at a URL CI can fetch
