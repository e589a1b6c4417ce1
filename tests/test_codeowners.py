"""`dialog codeowners`: the approver of each product must review it on GitHub."""

from __future__ import annotations

from helpers.repo import git
from helpers.strategisk import strategi

FOLDER = "meetings/2025/2025-04-23-vaekst"


def with_fagdirektoer(who: str, extra: str = "") -> dict[str, str]:
    return {
        f"{FOLDER}/meeting.md": strategi(
            "Vækst", "2025-04-23", extra=f"fagdirektoer: {who}\n{extra}"
        )
    }


def test_program_is_owned_by_the_meetings_fagdirektoer(make_repo, dialog):
    root = make_repo(with_fagdirektoer("bo"))
    result = dialog("codeowners", cwd=root)
    assert result.code == 0, result.err
    rules = [line for line in result.out.splitlines() if not line.startswith("#")]
    assert rules == [f"/{FOLDER}/program.md @boberg"]


def test_ejer_and_other_roles_resolve_to_their_handles(make_repo, dialog):
    config = (
        "organisation: K\n"
        "personer:\n"
        "  anna: {navn: Anna, rolle: kommunaldirektoer, github: '@anna-a'}\n"
        "  bo: {navn: Bo, rolle: chef, github: boberg}\n"
        "fora:\n"
        "  strategisk-dialogmoede:\n"
        "    navn: S\n"
        "    produkter:\n"
        "      baggrundsnotat: {godkendes_af: ejer}\n"
        "      facilitering: {paakraevet: ved_behov, godkendes_af: kommunaldirektoer}\n"
    )
    meeting = "---\nforum: strategisk-dialogmoede\ntitel: V\ndato: 2025-04-23\nejere: [bo, anna]\n"
    root = make_repo(
        {
            "dialog.yaml": config,
            f"{FOLDER}/meeting.md": meeting + "facilitering: ja\n---\n",
        },
        with_meeting=False,
    )
    result = dialog("codeowners", cwd=root)
    assert result.code == 0, result.err
    assert f"/{FOLDER}/baggrundsnotat.md @boberg @anna-a\n" in result.out
    assert f"/{FOLDER}/facilitering.md @anna-a\n" in result.out


def test_a_person_without_a_handle_is_reported_and_fails(make_repo, dialog):
    root = make_repo(with_fagdirektoer("carl"))
    result = dialog("codeowners", cwd=root)
    assert result.code == 1
    assert (
        "dialog.yaml:6: carl (Økonomichef Carl Crone) skal godkende program.md i"
        " 2025-04-23-vaekst, men har intet GitHub-brugernavn; tilføj `github: BRUGERNAVN` til carl"
    ) in result.err
    assert "# ingen godkender: carl (Økonomichef Carl Crone)" in result.out


def test_a_meeting_without_fagdirektoer_is_reported(make_repo, dialog):
    root = make_repo({f"{FOLDER}/meeting.md": strategi("Vækst", "2025-04-23")})
    result = dialog("codeowners", cwd=root)
    assert result.code == 1
    assert f"{FOLDER}/meeting.md:1: program.md skal godkendes af mødets" in result.err
    assert "tilføj `fagdirektoer: ID`" in result.err


def test_meetings_before_gaelder_fra_are_left_out(make_repo, dialog):
    root = make_repo(with_fagdirektoer("carl"))
    config = (root / "dialog.yaml").read_text("utf-8")
    (root / "dialog.yaml").write_text("gaelder_fra: 2025-05-01\n" + config, "utf-8")
    result = dialog("codeowners", cwd=root)
    assert result.code == 0, result.err
    assert "program.md" not in result.out


def test_check_passes_when_committed_file_is_current_and_fails_when_stale(make_repo, dialog):
    root = make_repo(with_fagdirektoer("bo"))
    result = dialog("codeowners", "--check", cwd=root)
    assert result.code == 1
    assert "ingen CODEOWNERS-fil (.github/CODEOWNERS)" in result.err
    assert dialog("codeowners", "-o", ".github/CODEOWNERS", cwd=root).code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "codeowners")
    result = dialog("codeowners", "--check", cwd=root)
    assert result.code == 0, result.err
    assert "er opdateret" in result.err
    meeting = root / FOLDER / "meeting.md"
    meeting.write_text(meeting.read_text("utf-8").replace("fagdirektoer: bo", "fagdirektoer: anna"))
    result = dialog("codeowners", "--check", cwd=root)
    assert result.code == 1
    assert (
        ".github/CODEOWNERS er ikke opdateret; dan den igen med: dialog codeowners -o" in result.err
    )


def test_check_finds_codeowners_at_the_root_too(make_repo, dialog):
    root = make_repo(with_fagdirektoer("bo"))
    assert dialog("codeowners", "-o", "CODEOWNERS", cwd=root).code == 0
    assert dialog("codeowners", "--check", cwd=root).code == 0
