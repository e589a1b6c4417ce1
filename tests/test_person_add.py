"""`dialog person add`: a person into dialog.yaml by name, every other byte kept."""

from __future__ import annotations

import subprocess
import sys

import yaml

from helpers import forkrun
from helpers.configs import CONFIG
from helpers.repo import PROJECT
from helpers.run import SPEC

SOEREN = ["Søren Kjær", "--titel", "Velfærdsdirektør", "--rolle", "fagdirektoer"]
SOEREN_YAML = "  soeren-kjaer:\n    navn: Søren Kjær\n    titel: Velfærdsdirektør\n"


def test_person_add_to_a_fresh_init_makes_the_id_from_the_name_byte_for_byte(tmp_path, dialog):
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", *SOEREN, "--email", "sk@norddjurs.dk", cwd=root)
    assert result.code == 0, result.err
    assert "soeren-kjaer" in result.out
    added = SOEREN_YAML + "    rolle: fagdirektoer\n    email: sk@norddjurs.dk\n"
    expected = before.replace(b"personer: {}\n", f"personer:\n{added}".encode())
    assert expected != before
    assert (root / "dialog.yaml").read_bytes() == expected
    assert dialog("check", cwd=root).code == 0


def test_person_add_goes_after_the_last_person_keeping_comments_and_order(make_repo, dialog):
    bundled = (PROJECT / "dialog.yaml").read_text("utf-8")
    root = make_repo({"dialog.yaml": bundled}, with_meeting=False)
    before = (root / "dialog.yaml").read_bytes()
    assert dialog("person", "add", *SOEREN, "--github", "sorenkjaer", cwd=root).code == 0
    last = b"    rolle: konsulent\n\ngrupper:"
    assert before.count(last) == 1
    added = SOEREN_YAML + "    rolle: fagdirektoer\n    github: sorenkjaer\n"
    expected = before.replace(last, b"    rolle: konsulent\n" + added.encode() + b"\ngrupper:")
    assert (root / "dialog.yaml").read_bytes() == expected


def test_person_add_refuses_a_duplicate_id_naming_the_existing_person(make_repo, dialog):
    root = make_repo(with_meeting=False)
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", "Bo", "--titel", "Chef", "--rolle", "chef", cwd=root)
    assert result.code == 1
    assert "'bo' findes allerede: Velfærdsdirektør Bo Berg" in result.err
    assert (root / "dialog.yaml").read_bytes() == before


def test_person_add_with_an_unknown_rolle_lists_the_roles_and_writes_nothing(make_repo, dialog):
    root = make_repo(with_meeting=False)
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", "Søren Kjær", "--titel", "Chef", "--rolle", "boss", cwd=root)
    assert result.code == 2
    assert "--rolle skal være en af: borgmester, kommunaldirektoer" in result.err
    assert (root / "dialog.yaml").read_bytes() == before


def test_person_add_keeps_a_bom_and_crlf_line_endings(make_repo, dialog):
    config = "organisation: X\r\npersoner:\r\n  bo: {navn: Bo Berg, rolle: chef}\r\n"
    root = make_repo({"dialog.yaml": b"\xef\xbb\xbf" + config.encode()}, with_meeting=False)
    assert dialog("person", "add", *SOEREN, cwd=root).code == 0
    added = (SOEREN_YAML + "    rolle: fagdirektoer\n").replace("\n", "\r\n")
    assert (root / "dialog.yaml").read_bytes() == b"\xef\xbb\xbf" + (config + added).encode()


def test_person_ids_written_with_aeoeaa_are_accepted(make_repo, dialog):
    config = CONFIG.replace(
        "personer:\n", "personer:\n  søren-kjær: {navn: Søren Kjær, rolle: chef}\n"
    ).replace("medlemmer: [anna, bo]", "medlemmer: [anna, bo, søren-kjær]")
    root = make_repo({"dialog.yaml": config}, with_meeting=False)
    result = dialog("check", cwd=root)
    assert result.code == 0, result.out + result.err


def test_person_add_refuses_a_name_whose_id_is_written_with_aeoeaa_already(make_repo, dialog):
    config = CONFIG.replace(
        "personer:\n", "personer:\n  søren-kjær: {navn: S. Kjær, rolle: chef}\n"
    )
    root = make_repo({"dialog.yaml": config}, with_meeting=False)
    result = dialog("person", "add", *SOEREN, cwd=root)
    assert result.code == 1
    assert "'søren-kjær' findes allerede: S. Kjær" in result.err


def test_person_add_with_an_empty_titel_says_so_and_writes_nothing(make_repo, dialog):
    root = make_repo(with_meeting=False)
    before = (root / "dialog.yaml").read_bytes()
    result = dialog("person", "add", "Søren Kjær", "--titel", "", "--rolle", "chef", cwd=root)
    assert result.code == 2
    assert result.err.strip() == "dialog: --titel er tom; udfyld den"
    assert (root / "dialog.yaml").read_bytes() == before


def test_person_add_to_a_config_without_personer_adds_the_key(make_repo, dialog):
    root = make_repo({"dialog.yaml": "organisation: X  # no people yet"}, with_meeting=False)
    assert dialog("person", "add", *SOEREN, cwd=root).code == 0
    assert (root / "dialog.yaml").read_text("utf-8") == (
        "organisation: X  # no people yet\npersoner:\n" + SOEREN_YAML + "    rolle: fagdirektoer\n"
    )


def test_person_adds_at_once_take_turns_and_keep_every_person(make_repo):
    root = make_repo(with_meeting=False)
    names = ["Søren Kjær", "Åse Ødegård", "Jens Ås", "Mette Frederiksen"]
    for round_nr in range(5):
        batch = [f"{name} {round_nr}" for name in names]
        procs = [
            forkrun.Popen(  # real processes, forked from the tests' zygote
                [
                    sys.executable,
                    "-m",
                    "dialogmoder",
                    "person",
                    "add",
                    name,
                    "--titel",
                    "Chef",
                    "--rolle",
                    "chef",
                ],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in batch
        ]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * len(batch), errors
    personer = yaml.safe_load((root / "dialog.yaml").read_text("utf-8"))["personer"]
    assert len(personer) == 4 + 5 * len(names)
