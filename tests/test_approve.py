"""`dialog approve`: the approval keys change, every other byte stays; the wrong person,
a second approval and a file changed underneath are refused."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.errors import DialogError
from dialogmoder.workflow.approve import prepare_approval, write_approval

from helpers.configs import CONFIG
from helpers.examples import examples
from helpers.repo import git
from helpers.strategisk import SDM, content_hash, product, sdm, sdm_meeting

PROGRAM = f"{SDM}/program.md"

ODD = (
    b"---\r\n"
    b"# Program for the strategic meeting; keep this comment\r\n"
    b'titel: "Program: V\xc3\xa6kst"   # quoted because of the colon\r\n'
    b"status: 'udkast'\r\n"
    b"godkendt_af:\r\n"
    b"programpunkter:\r\n"
    b"  - {tid: '09:00', titel: Velkomst}\r\n"
    b'  -   tid:    "10:00"\r\n'
    b"      titel: Dialog\r\n"
    b"---\r\n"
    b"## Form\xc3\xa5l\r\n"
    b"\r\n"
    b"Tekst med trailing spaces.   \r\n"
    b"---\r\n"
    b"Not front matter: a thematic break.\r\n"
)


def test_approve_keeps_every_other_byte(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=ODD))  # type: ignore[arg-type]
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    assert result.out == f"{PROGRAM}: godkendt af bo den 2025-04-14\n"
    digest = content_hash(ODD.decode())
    expected = (
        ODD.replace(b"status: 'udkast'", b"status: 'godkendt'")
        .replace(b"godkendt_af:\r\n", b"godkendt_af: bo\r\n")
        .replace(
            b"      titel: Dialog\r\n---\r\n",
            b"      titel: Dialog\r\ngodkendt_dato: 2025-04-14\r\n"
            b"godkendt_hash: " + digest.encode() + b"\r\n---\r\n",
        )
    )
    assert (root / PROGRAM).read_bytes() == expected


def test_approve_replaces_values_in_place_and_keeps_comments(make_repo, dialog) -> None:
    text = (
        "---\n"
        "titel: Program\n"
        "status: udkast  # udkast until the fagdirektør approves\n"
        "godkendt_af: null\n"
        'godkendt_dato: "2025-01-01"\n'
        "godkendt_hash: ~\n"
        "---\n"
        "Body\n"
    )
    root = make_repo(sdm(program_md=text))
    assert dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root).code == 0
    assert (root / PROGRAM).read_text() == (
        "---\n"
        "titel: Program\n"
        "status: godkendt  # udkast until the fagdirektør approves\n"
        "godkendt_af: bo\n"
        'godkendt_dato: "2025-04-14"\n'
        f"godkendt_hash: {content_hash(text)}\n"
        "---\n"
        "Body\n"
    )


def test_the_approval_commit_changes_only_approval_lines(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=ODD))  # type: ignore[arg-type]
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    diff = git(root, "diff", "-U0", "--no-color", "--", PROGRAM)
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-status: 'udkast'",
        "-godkendt_af:",
        "+status: 'godkendt'",
        "+godkendt_af: bo",
        "+godkendt_dato: 2025-04-14",
        f"+godkendt_hash: {content_hash(ODD.decode())}",
    ]


def test_approved_product_passes_check_until_it_is_edited(make_repo, dialog) -> None:
    root = make_repo(sdm())
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    clean = dialog("check", "--format", "json", "--today", "2025-04-16", cwd=root)
    assert [f["path"] for f in json.loads(clean.out)] == [f"{SDM}/baggrundsnotat.md"]
    with (root / PROGRAM).open("a", encoding="utf-8") as handle:
        handle.write("En sætning mere.\n")
    stale = dialog("check", "--format", "json", "--today", "2025-04-16", cwd=root)
    rules = {(f["rule"], f["path"]) for f in json.loads(stale.out)}
    assert ("DM302", PROGRAM) in rules
    assert ("DM201", PROGRAM) in rules


def test_a_stale_approval_can_be_renewed(make_repo, dialog) -> None:
    root = make_repo(sdm())
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-10", cwd=root)
    with (root / PROGRAM).open("a", encoding="utf-8") as handle:
        handle.write("Rettet.\n")
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-11", cwd=root)
    assert result.code == 0, result.err
    text = (root / PROGRAM).read_text()
    assert "godkendt_dato: 2025-04-11\n" in text
    assert text.count("godkendt_hash:") == 1
    check = dialog("check", "--format", "json", "--today", "2025-04-11", PROGRAM, cwd=root)
    assert [f for f in json.loads(check.out) if f["path"] == PROGRAM] == []


def test_double_approval_by_the_same_person_changes_nothing(make_repo, dialog) -> None:
    root = make_repo(sdm())
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-10", cwd=root)
    before = (root / PROGRAM).read_bytes()
    again = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-12", cwd=root)
    assert again.code == 0
    assert again.out == f"{PROGRAM}: allerede godkendt af bo den 2025-04-10; uændret\n"
    assert (root / PROGRAM).read_bytes() == before


def test_second_approval_by_another_person_is_refused(make_repo, dialog) -> None:
    config = CONFIG.replace("  carl:", "  dora: {navn: Dora Dahl, rolle: fagdirektoer}\n  carl:")
    meeting = sdm_meeting().replace("fagdirektoer: bo\n", "")
    root = make_repo({"dialog.yaml": config, **sdm(meeting_md=meeting)})
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-10", cwd=root)
    before = (root / PROGRAM).read_bytes()
    result = dialog("approve", PROGRAM, "--by", "dora", cwd=root)
    assert result.code == 1
    assert "allerede godkendt af bo den 2025-04-10" in result.err
    assert (root / PROGRAM).read_bytes() == before


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        (
            "anna",
            "har rollen 'kommunaldirektoer'; Program skal godkendes af en fagdirektoer",
        ),
        ("carl", "har rollen 'chef'; Program skal godkendes af en fagdirektoer"),
        ("dora", "er ikke mødets fagdirektør (bo)"),
        ("boo", "'boo' er ikke en person i dialog.yaml; mente du 'bo'?"),
    ],
)
def test_approval_by_the_wrong_person_is_refused(person, reason, make_repo, dialog) -> None:
    config = CONFIG.replace("  carl:", "  dora: {navn: Dora Dahl, rolle: fagdirektoer}\n  carl:")
    root = make_repo({"dialog.yaml": config, **sdm()})
    before = (root / PROGRAM).read_bytes()
    result = dialog("approve", PROGRAM, "--by", person, cwd=root)
    assert result.code == 1
    assert reason in result.err
    assert (root / PROGRAM).read_bytes() == before


def test_check_reports_an_approval_by_the_wrong_person(make_repo, dialog) -> None:
    root = make_repo(sdm())
    dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-10", cwd=root)
    path = root / PROGRAM
    path.write_text(path.read_text().replace("godkendt_af: bo", "godkendt_af: anna"))
    result = dialog("check", "--format", "json", "--today", "2025-04-11", cwd=root)
    found = [f for f in json.loads(result.out) if f["path"] == PROGRAM]
    # the approver's name is shown ("Godkendt af ..."), so recipe 2 covers it: stale too
    assert {f["rule"] for f in found} >= {"DM301", "DM302"}


def test_a_file_changed_between_read_and_write_is_refused(make_repo) -> None:
    root = make_repo(sdm())
    pending = prepare_approval(root, root / PROGRAM, "bo", date(2025, 4, 14))
    path = root / PROGRAM
    edited = path.read_text() + "Skrevet ind imens.\n"
    path.write_text(edited)
    with pytest.raises(DialogError, match="blev ændret på disken, mens den blev godkendt"):
        write_approval(pending)
    assert path.read_text() == edited


def test_a_punkt_cannot_be_approved(make_repo, dialog) -> None:
    root = make_repo()
    result = dialog(
        "approve", "meetings/2025/2025-03-05-direktionen/punkter/01-budget.md", "--by", "bo",
        cwd=root,
    )  # fmt: skip
    assert result.code == 2
    assert "er ikke et produkt; dialog approve tager et mødes program.md" in result.err


def test_a_product_with_errors_is_not_approved(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md="---\ntitel: Program\nstatus: klar\n---\n"))
    result = dialog("approve", PROGRAM, "--by", "bo", cwd=root)
    assert result.code == 1
    assert f"{PROGRAM}:3: fejl DM004 status skal være en af" in result.err
    assert "ret disse, før der godkendes" in result.err


def test_approve_runs_as_a_process(make_repo, dialog_process) -> None:
    root = make_repo(sdm())
    done = dialog_process("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "status: godkendt\n" in (root / PROGRAM).read_text()


def test_content_hash_ignores_line_endings_and_comments() -> None:
    text = "---\ntitel: Program\nstatus: udkast\n---\nTekst.\n"
    same = "---\r\ntitel: 'Program'  # a comment\r\nstatus: godkendt\r\n---\r\nTekst.\r\n\r\n"
    assert content_hash(text) == content_hash(same)


@pytest.mark.parametrize(
    "changed",
    [
        "---\ntitel: Program 2\nstatus: udkast\n---\nTekst.\n",
        "---\ntitel: Program\nstatus: udkast\n---\nTekst!\n",
        "---\ntitel: Program\nstatus: udkast\nprogrampunkter: []\n---\nTekst.\n",
    ],
)
def test_content_hash_changes_with_the_content(changed: str) -> None:
    assert content_hash("---\ntitel: Program\nstatus: udkast\n---\nTekst.\n") != content_hash(
        changed
    )


def test_an_ejer_approves_when_the_forum_says_ejer(make_repo, dialog) -> None:
    config = CONFIG.replace(
        "baggrundsnotat: {paakraevet: ja, frist: -7}",
        "baggrundsnotat: {paakraevet: ja, frist: -7, godkendes_af: ejer}",
    )
    root = make_repo({"dialog.yaml": config, **sdm()})  # the meeting's ejere: [carl]
    notat = f"{SDM}/baggrundsnotat.md"
    refused = dialog("approve", notat, "--by", "bo", cwd=root)
    assert refused.code == 1
    assert "er ikke ejer af dette møde (ejere: carl)" in refused.err
    assert dialog("approve", notat, "--by", "carl", cwd=root).code == 0


def test_anyone_in_dialog_yaml_approves_a_product_without_godkendes_af(make_repo, dialog):
    root = make_repo(sdm(baggrundsnotat_md=product("Baggrundsnotat")))
    result = dialog("approve", f"{SDM}/baggrundsnotat.md", "--by", "carl", cwd=root)
    assert result.code == 0, result.err


def test_a_product_outside_a_meeting_folder_is_refused(make_repo, dialog) -> None:
    root = make_repo({"meetings/arkiv/x/program.md": "---\ntitel: Program\n---\n"})
    result = dialog("approve", "meetings/arkiv/x/program.md", "--by", "bo", cwd=root)
    assert result.code == 2
    assert "ligger ikke i en mødemappe" in result.err


# --- property: whatever the file looks like, approve changes only approval lines -----------

_plain = st.text(alphabet="abcæøå ÆØÅ-.,()/0123456789", min_size=1, max_size=20).filter(
    lambda t: t.strip() == t and t[0].isalpha()
)


def _scalar(value: str, quote: str) -> str:
    return f"{quote}{value}{quote}" if quote else value


@st.composite
def product_files(draw: st.DrawFn) -> bytes:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    if draw(st.booleans()):
        lines.append("# a comment on top")
    if draw(st.booleans()):
        quote = draw(st.sampled_from(["", chr(34), chr(39)]))
        lines.append(f"titel: {_scalar(draw(_plain), quote)}")
    status = draw(st.sampled_from([None, "udkast", "'udkast'", '"udkast"']))
    if status is not None:
        comment = draw(st.sampled_from(["", "  # draft"]))
        lines.insert(draw(st.integers(0, len(lines))), f"status: {status}{comment}")
    for key in ("godkendt_af", "godkendt_dato", "godkendt_hash"):
        if draw(st.booleans()):
            lines.insert(
                draw(st.integers(0, len(lines))),
                f"{key}:{draw(st.sampled_from(['', ' null', ' ~']))}",
            )
    if draw(st.booleans()):
        lines.append("programpunkter:")
        lines.append("  - {tid: '09:00', titel: Velkomst}  # first")
    body = draw(st.text(alphabet="abc æøå#\n-*", max_size=60)).replace("\n", newline)
    return ("---" + newline + newline.join(lines) + newline + "---" + newline + body).encode()


def _other_lines(data: bytes) -> list[bytes]:
    keys = (b"status:", b"godkendt_af:", b"godkendt_dato:", b"godkendt_hash:")
    return [line for line in data.splitlines(keepends=True) if not line.startswith(keys)]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(original=product_files())
def test_approve_changes_only_the_approval_lines(tmp_path, dialog, original) -> None:
    (tmp_path / "dialog.yaml").write_text(CONFIG, encoding="utf-8")
    folder = tmp_path / SDM
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meeting.md").write_text(sdm_meeting(), encoding="utf-8")
    (folder / "program.md").write_bytes(original)
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=tmp_path)
    assert result.code == 0, result.err
    after = (folder / "program.md").read_bytes()
    assert _other_lines(after) == _other_lines(original)
    assert content_hash(after.decode()) == content_hash(original.decode())
    check = dialog("check", "--format", "json", "--today", "2025-04-14", cwd=tmp_path)
    assert [f for f in json.loads(check.out) if f["path"] == PROGRAM] == []


@pytest.mark.parametrize("front", ["", "# only a comment\n"])
def test_approve_a_product_with_empty_front_matter(front, make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=f"---\n{front}---\nBody\n"))
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    digest = content_hash("---\n---\nBody\n")
    assert (root / PROGRAM).read_text() == (
        f"---\n{front}status: godkendt\ngodkendt_af: bo\ngodkendt_dato: 2025-04-14\n"
        f"godkendt_hash: {digest}\n---\nBody\n"
    )


def test_approve_keeps_the_file_mode(make_repo, dialog) -> None:
    root = make_repo(sdm())
    (root / PROGRAM).chmod(0o640)
    assert dialog("approve", PROGRAM, "--by", "bo", cwd=root).code == 0
    assert (root / PROGRAM).stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in (root / SDM).iterdir() if p.name.startswith(".")) == []


def test_an_approval_dated_in_the_future_is_refused(make_repo, dialog) -> None:
    # a typo such as 2052-04-14 for 2025-04-14 must not stand as an approval
    root = make_repo(sdm())
    before = (root / PROGRAM).read_bytes()
    future = date.fromordinal(date.today().toordinal() + 1).isoformat()
    result = dialog("approve", PROGRAM, "--by", "bo", "--dato", future, cwd=root)
    assert result.code == 2
    assert result.err == (
        f"dialog: --dato {future} ligger i fremtiden; en godkendelse dateres den dag, den gives\n"
    )
    assert (root / PROGRAM).read_bytes() == before


def test_a_flow_style_front_matter_names_the_file_it_cannot_approve(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md="---\n{titel: Program, status: udkast}\n---\nTekst.\n"))
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 1
    assert result.err == (
        f"dialog: {PROGRAM}: front matter er skrevet som én {{...}}-linje;"
        " skriv én nøgle pr. linje for at godkende\n"
    )


BAGGRUND = f"{SDM}/baggrundsnotat.md"


@pytest.mark.parametrize(
    ("written", "approved"),
    [
        ("status: udkast\n", "status: godkendt\n"),
        ("status: 'udkast'\n", "status: 'godkendt'\n"),
        ('status: "udkast"\n', 'status: "godkendt"\n'),
        ("status: >-\n  udkast\n", "status: godkendt\n"),
        ("status: >- # folded\n  udkast\n\n# a comment after\n",
         "status: godkendt # folded\n\n# a comment after\n"),
        ("status: |-\n  udkast\n", "status: godkendt\n"),
        ("godkendt_af:\nstatus: udkast\n", "godkendt_af: bo\nstatus: godkendt\n"),
        ("status: udkast\ngodkendt_hash: |\n  sha256:0000\n# kept\n",
         "status: godkendt\ngodkendt_hash: {hash}\n# kept\n"),
        ("godkendt_af: >-\n  carl\nstatus: |-\n  udkast\ngodkendt_dato: >-\n  2025-04-01\n",
         "godkendt_af: bo\nstatus: godkendt\ngodkendt_dato: 2025-04-14\n"),
    ],
    ids=["plain", "single", "double", "folded", "folded-comment", "literal", "empty",
         "literal-clip", "folded-and-literal"],
)  # fmt: skip
def test_approve_handles_every_scalar_style_and_keeps_every_other_byte(
    written, approved, make_repo, dialog
) -> None:
    body = "## Formål\n\nTekst.\n"
    original = f"---\n# note\ntitel: Baggrund\n{written}---\n{body}"
    root = make_repo(sdm(baggrundsnotat_md=original))
    result = dialog("approve", BAGGRUND, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    digest = content_hash(original, "baggrundsnotat")
    added = {
        "godkendt_af": "godkendt_af: bo\n",
        "godkendt_dato": "godkendt_dato: 2025-04-14\n",
        "godkendt_hash": f"godkendt_hash: {digest}\n",
    }
    stamp = "".join(line for key, line in added.items() if f"{key}:" not in written)
    approved = approved.replace("{hash}", digest)
    expected = f"---\n# note\ntitel: Baggrund\n{approved}{stamp}---\n{body}"
    assert (root / BAGGRUND).read_text(encoding="utf-8") == expected


def test_approve_a_symlinked_product_edits_the_target_and_keeps_the_link(make_repo, dialog) -> None:
    shared = "---\ntitel: Fælles program\nstatus: udkast\n---\n## Formål\n\nTekst.\n"
    root = make_repo(sdm(program_md=None) | {"shared/program.md": shared})
    link = root / PROGRAM
    link.symlink_to(os.path.relpath(root / "shared/program.md", link.parent))
    before = os.readlink(link)
    result = dialog("approve", PROGRAM, "--by", "bo", "--date", "2025-04-14", cwd=root)
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == before
    assert (root / "shared/program.md").read_bytes() == (
        "---\ntitel: Fælles program\nstatus: godkendt\ngodkendt_af: bo\n"
        f"godkendt_dato: 2025-04-14\ngodkendt_hash: {content_hash(shared)}\n"
        "---\n## Formål\n\nTekst.\n"
    ).encode()
