"""Whatever lands in a meeting folder, `dialog check` answers with findings, never a crash,
and `dialog status` still shows the dashboard."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.configs import CONFIG
from helpers.examples import examples
from helpers.meetings import DIR, DIR_MEETING
from helpers.repo import write_files
from helpers.strategisk import SDM, sdm, sdm_meeting

KEYS = [
    "forum", "titel", "dato", "start", "slut", "status", "tid", "lukket", "bilag", "fil",
    "deltager", "vaert", "fagdirektoer", "formoede", "pauser", "underpunkter", "beslutning",
    "godkendt_af", "godkendt_hash", "godkendt_dato", "kraever_beslutning", "temaer", "nr",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["09:00", "25:61", "2025-04-22", "2025-02-30", "anna", "ja", "010190-1234"]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=10))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=20,
)
front_matter = st.dictionaries(keys, values, max_size=8).map(
    lambda data: "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n## Beslutning\n"
)
contents = st.one_of(st.text(max_size=300), front_matter, st.binary(max_size=200))

NAMES = [
    "2025-03-05-direktionen/punkter/01-x.md",
    "2025-03-05-direktionen/meeting.md",
    "2025-04-22-vaekst/meeting.md",
    "2025-04-22-vaekst/program.md",
    "2025-04-22-vaekst/opfoelgningsnotat.md",
    "2025-04-22-vaekst/punkter/01-x.md",
]

SETTINGS = settings(
    max_examples=examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _repo(root: Path) -> Path:
    """A Direktionen meeting and a strategisk dialogmøde with its products; the meetings/."""
    files = {"dialog.yaml": CONFIG, f"{DIR}/meeting.md": DIR_MEETING}
    write_files(root, files | sdm(meeting_md=sdm_meeting(status="afholdt")))
    for folder in (DIR, SDM):
        (root / folder / "punkter").mkdir(exist_ok=True)
    return root / "meetings/2025"


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass", newline="")


@SETTINGS
@given(content=contents, name=st.sampled_from(NAMES))
@example(content="---\ntitel: \x08\n---\n", name="2025-03-05-direktionen/punkter/01-x.md")
def test_check_never_crashes_on_a_meeting_file(tmp_path, dialog, content, name) -> None:
    folder = _repo(tmp_path)
    try:
        _write(folder / name, content)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written as UTF-8 by an editor either
    result = dialog("check", "--today", "2025-03-01", "--root", tmp_path)
    assert result.code in {0, 1, 2}, result.err
    for fmt in ("json", "github"):
        assert dialog("check", "--format", fmt, "--root", tmp_path).code in {0, 1, 2}
    # status exits 1 when it names files it cannot read, like plan and calendar
    assert dialog("status", "--today", "2025-03-01", "--root", tmp_path).code in {0, 1, 2}


@SETTINGS
@example(content="organisation: \x08\n")
@given(content=st.one_of(st.text(max_size=300), front_matter.map(lambda t: t.strip("-\n"))))
def test_check_never_crashes_on_dialog_yaml(tmp_path, dialog, content) -> None:
    _repo(tmp_path)
    try:
        _write(tmp_path / "dialog.yaml", content)
    except UnicodeEncodeError:
        return
    result = dialog("check", "--root", tmp_path)
    assert result.code in {0, 1, 2}, result.err
