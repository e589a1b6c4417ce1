"""BAD_INPUTS.md, "Reading front matter": every row, through the real `dialog check`."""

from __future__ import annotations

import json

import pytest

from helpers.meetings import BUDGET, DIR, DIR_ID

MEETING_PATH = f"{DIR}/meeting.md"


def meeting(extra: str = "", **overrides: str) -> str:
    """A valid meeting.md front matter with some keys replaced or added."""
    keys = {
        "forum": "direktionen",
        "titel": "Direktionen",
        "dato": "2025-03-05",
        "start": "09:00",
        "slut": "12:00",
    }
    keys.update(overrides)
    lines = [f"{k}: {v}" for k, v in keys.items()]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\nTekst.\n"


def check_out(make_repo, dialog, files):
    root = make_repo(files)
    result = dialog("check", cwd=root)
    return root, result


def export_meeting(root, dialog):
    result = dialog("export", cwd=root)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    return next(m for m in data["meetings"] if m["id"] == DIR_ID)


def test_unquoted_times_are_times_not_sexagesimal_integers(make_repo, dialog):
    root = make_repo({MEETING_PATH: meeting(start="13:30", slut="15:00")})
    exported = export_meeting(root, dialog)
    assert (exported["start"], exported["slut"]) == ("13:30", "15:00")


def test_punkt_tid_is_a_time(make_repo, dialog):
    punkt = "---\ntitel: Budget\nlukket: false\ntid: 10:00\n---\n"
    root = make_repo({BUDGET: punkt})
    assert export_meeting(root, dialog)["punkter"][0]["tid"] == "10:00"


def test_an_integer_where_a_time_belongs_is_an_error_not_coerced(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(start="810")})
    assert result.code == 1
    assert f"{MEETING_PATH}:5: fejl DM004 start 810 er et tal, ikke et tidspunkt" in result.out


@pytest.mark.parametrize("word", ["NO", "on", "yes", "off", "Norway"])
def test_yaml_11_booleans_stay_strings_where_text_is_expected(make_repo, dialog, word):
    root = make_repo({MEETING_PATH: meeting(titel=word)})
    assert export_meeting(root, dialog)["titel"] == word


def test_lukket_yes_is_refused(make_repo, dialog):
    punkt = "---\ntitel: Budget\nlukket: yes\n---\n"
    _, result = check_out(make_repo, dialog, {BUDGET: punkt})
    assert result.code == 1
    assert (
        f"{BUDGET}:3: fejl DM004 lukket skal være true eller false (eller ja/nej),"
        " men der står 'yes'" in (result.out)
    )


def test_lukket_in_quotes_is_refused_not_read_as_a_flag(make_repo, dialog):
    punkt = '---\ntitel: Budget\nlukket: "false"\n---\n'
    _, result = check_out(make_repo, dialog, {BUDGET: punkt})
    assert result.code == 1
    assert f"{BUDGET}:3:" in result.out
    assert "uden anførselstegn; der står teksten 'false' i anførselstegn" in result.out


def test_lukket_ja_and_nej_are_documented_flags(make_repo, dialog):
    root = make_repo({BUDGET: "---\ntitel: Budget\nlukket: nej\n---\n"})
    assert export_meeting(root, dialog)["punkter"][0]["lukket"] is False


def test_missing_lukket_means_closed(make_repo, dialog):
    punkt = "---\ntitel: Budget\nbilag:\n  - titel: Notat\n---\n"
    root = make_repo({BUDGET: punkt})
    exported = export_meeting(root, dialog)["punkter"][0]
    assert exported["lukket"] is True
    assert exported["bilag"][0]["lukket"] is True


def test_dotted_identifiers_stay_text(make_repo, dialog):
    punkt = "---\ntitel: Budget\nlukket: false\nkle: 00.30.10\nsagsnr: 24/7615\n---\n"
    root = make_repo({BUDGET: punkt})
    exported = export_meeting(root, dialog)["punkter"][0]
    assert (exported["kle"], exported["sagsnr"]) == ("00.30.10", "24/7615")


def test_a_float_where_an_id_belongs_is_an_error_showing_the_text_as_written(make_repo, dialog):
    punkt = "---\ntitel: Budget\nlukket: false\nkle: 1.10\n---\n"
    _, result = check_out(make_repo, dialog, {BUDGET: punkt})
    assert result.code == 1
    assert (
        f"{BUDGET}:4: fejl DM004 kle skal være tekst, ikke tallet 1.10;"
        " sæt det i anførselstegn: kle: '1.10'" in result.out
    )


def test_impossible_date_names_file_and_line(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(dato="2025-02-30")})
    assert result.code == 1
    assert (
        f"{MEETING_PATH}:4: fejl DM004 dato 2025-02-30 er ikke en dato (dagen findes ikke)"
        in result.out
    )


def test_malformed_date(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(dato="29-01-2025")})
    assert "dato '29-01-2025' er ikke en dato; skriv ÅÅÅÅ-MM-DD" in result.out


def test_front_matter_never_closed(make_repo, dialog):
    text = "\n---\nforum: direktionen\ntitel: x\n\nLang tekst uden afslutning.\n"
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert (
        f"{MEETING_PATH}:2: fejl DM002 front matter, der begynder på linje 2, afsluttes aldrig"
        in (result.out)
    )


@pytest.mark.parametrize(
    ("yaml_text", "kind"), [("- forum\n- titel\n", "en liste"), ("bare tekst\n", "en enkelt værdi")]
)
def test_front_matter_must_be_a_mapping(make_repo, dialog, yaml_text, kind):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: f"---\n{yaml_text}---\n"})
    assert result.code == 1
    assert f"{MEETING_PATH}:2: fejl DM002 front matter skal være nøgler med værdier" in result.out
    assert kind in result.out


def test_duplicate_keys_name_both_lines(make_repo, dialog):
    text = meeting(extra="titel: Anden titel\n")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert (
        f"{MEETING_PATH}:7: fejl DM002 nøglen 'titel' står to gange (først på linje 3,"
        " igen på linje 7)" in result.out
    )


def test_python_tags_are_refused(make_repo, dialog):
    text = meeting(titel="!!python/object/apply:os.system ['touch pwned']")
    root, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert f"{MEETING_PATH}:3: fejl DM002 YAML-mærket" in result.out
    assert not (root / "pwned").exists()


def test_billion_laughs_is_refused_quickly(make_repo, dialog):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    text = "---\n" + "\n".join(bomb) + "\n---\n"
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert "YAML-ankre og -aliaser (&navn, *navn) kan ikke bruges" in result.out


def test_oversized_front_matter_is_refused(make_repo, dialog):
    text = meeting(extra="note: " + "x" * 300_000 + "\n")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert "grænsen er 262,144" in result.out


@pytest.mark.parametrize("key", ["content", "handler", "metadata"])
def test_keys_that_collide_in_python_frontmatter_are_plain_unknown_keys(make_repo, dialog, key):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(extra=f"{key}: x\n")})
    assert result.code == 1
    assert f"{MEETING_PATH}:7: fejl DM005 ukendt nøgle '{key}'" in result.out


def test_non_string_keys_are_refused(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(extra="1: x\n")})
    assert result.code == 1
    assert f"{MEETING_PATH}:7: fejl DM002 nøglen '1' skal være et navn" in result.out


def test_unknown_key_suggests_the_closest(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(extra="vært_: [anna]\n")})
    assert f"{MEETING_PATH}:7: fejl DM005 ukendt nøgle 'vært_'; mente du 'vært'?" in result.out


def test_keys_with_danish_letters_are_aliases(make_repo, dialog):
    root = make_repo({MEETING_PATH: meeting(extra="vært: [anna]\nbistås_af: [bo]\n")})
    exported = export_meeting(root, dialog)
    assert (exported["vaert"], exported["bistaas_af"]) == (["anna"], ["bo"])


def test_unquoted_colon_in_a_value_gets_a_hint(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: meeting(titel="Punkt: status")})
    assert result.code == 1
    assert (
        f"{MEETING_PATH}:3: fejl DM002 YAML-delen kan ikke læses: en værdi indeholder ': '"
        " (et kolon og et mellemrum)" in (result.out)
    )
    assert "sæt hele værdien i anførselstegn, fx titel: 'Punkt: status'" in result.out


def test_tab_indentation_gets_a_hint(make_repo, dialog):
    text = meeting(extra="pauser:\n\t- tid: 10:00\n")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert f"{MEETING_PATH}:8: fejl DM002" in result.out
    assert "ryk ind med mellemrum, ikke tabulatorer" in result.out


def test_windows_1252_file_is_reported_not_guessed(make_repo, dialog):
    raw = meeting(titel="Vækst").encode("cp1252")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: raw})
    assert result.code == 1
    assert f"{MEETING_PATH}:3: fejl DM001 er ikke UTF-8 (byte 0xE6" in result.out


def test_utf16_file_is_reported(make_repo, dialog):
    raw = meeting().encode("utf-16")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: raw})
    assert result.code == 1
    assert f"{MEETING_PATH}:1: fejl DM001 er gemt som UTF-16, ikke UTF-8" in result.out


def test_crlf_files_read_fine_with_right_line_numbers(make_repo, dialog):
    text = meeting(dato="2025-02-30").replace("\n", "\r\n").encode()
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert f"{MEETING_PATH}:4: fejl DM004 dato 2025-02-30" in result.out


def test_leading_blank_lines_do_not_shift_line_numbers(make_repo, dialog):
    text = "\n\n" + meeting(dato="2025-02-30")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert f"{MEETING_PATH}:6: fejl DM004 dato 2025-02-30" in result.out


def test_merge_conflict_markers_are_named_at_their_line(make_repo, dialog):
    text = (
        "---\nforum: direktionen\n<<<<<<< HEAD\ntitel: A\n=======\ntitel: B\n>>>>>>> other\n"
        "dato: 2025-03-05\n---\n"
    )
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert f"{MEETING_PATH}:3: fejl DM003 uløst flettekonflikt" in result.out


def test_every_error_of_a_file_is_reported_not_just_the_first(make_repo, dialog):
    text = meeting(dato="2025-02-30", start="25:00", extra="vaert: 7\n")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.out.count(MEETING_PATH) == 3


def test_missing_required_key_points_at_the_front_matter(make_repo, dialog):
    text = "---\nforum: direktionen\ndato: 2025-03-05\n---\n"
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert f"{MEETING_PATH}:1: fejl DM004 titel mangler" in result.out


def test_nested_error_points_at_the_list_item_line(make_repo, dialog):
    punkt = (
        "---\ntitel: Budget\nlukket: false\nbilag:\n  - titel: Notat\n    lukket: false\n"
        "  - titel: 42\n    lukket: false\n---\n"
    )
    _, result = check_out(make_repo, dialog, {BUDGET: punkt})
    assert f"{BUDGET}:7: fejl DM004 bilag[2].titel skal være tekst, ikke tallet 42" in result.out


def test_no_front_matter_at_all(make_repo, dialog):
    _, result = check_out(make_repo, dialog, {MEETING_PATH: "Bare tekst.\n"})
    assert f"{MEETING_PATH}:1: fejl DM002 har ingen front matter" in result.out


def test_broken_dialog_yaml_makes_the_repository_unusable(make_repo, dialog):
    root = make_repo({"dialog.yaml": "organisation: [\n"})
    result = dialog("check", cwd=root)
    assert result.code == 2
    assert "dialog.yaml:2: fejl DM002 YAML-delen kan ikke læses" in result.err


def test_no_dialog_yaml_anywhere_suggests_init(tmp_path, dialog):
    result = dialog("check", cwd=tmp_path)
    assert result.code == 2
    assert "ikke et dialog-arkiv (ingen dialog.yaml i" in result.err
    assert "kør `dialog init`" in result.err


@pytest.mark.parametrize(
    "value",
    [
        "[" * 30000 + "]" * 30000,  # deep enough to crash libyaml's recursive composer
        "[a, " * 45 + "]" * 45,
        "9" * 5000,  # longer than Python's int conversion limit
    ],
)
def test_pathological_yaml_is_refused_not_crashed(make_repo, dialog, value):
    text = "---\nforum: direktionen\nnote: " + value + "\n---\n"
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert result.code == 1
    assert f"{MEETING_PATH}:3: fejl DM002" in result.out


def test_old_mac_cr_line_endings_count_lines_like_an_editor(make_repo, dialog):
    text = meeting(dato="2025-02-30").replace("\n", "\r").encode()
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert f"{MEETING_PATH}:4: fejl DM004 dato 2025-02-30" in result.out


def test_conflict_markers_in_the_body_with_crlf(make_repo, dialog):
    text = (meeting() + "Tekst\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> x\n").replace("\n", "\r\n")
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text.encode()})
    assert f"{MEETING_PATH}:10: fejl DM003 uløst flettekonflikt" in result.out


def test_a_heading_underline_is_not_a_conflict(make_repo, dialog):
    text = meeting() + "Overskrift\n=======\n\nTekst med <<<<<<< midt i.\n"
    _, result = check_out(make_repo, dialog, {MEETING_PATH: text})
    assert "DM003" not in result.out
