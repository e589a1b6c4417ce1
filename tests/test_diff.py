"""`dialog diff`: what a change does to the meetings, on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import forkrun
from helpers.configs import CONFIG
from helpers.meetings import BUDGET_PUNKT, DIR, DIR_ID
from helpers.repo import git
from helpers.strategisk import strategi

PUNKTER = f"{DIR}/punkter"
CANARY = "KANARIEFUGL"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def punkt(titel: str, body: str = "", lukket: str = "false", extra: str = "") -> str:
    return f"---\ntitel: {titel}\nlukket: {lukket}\n{extra}---\n{body}"


def diff_json(dialog, root: Path, *args: str) -> dict:
    result = dialog("diff", "--format", "json", *args, cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def only_meeting(data: dict) -> dict:
    assert len(data["meetings"]) == 1, data
    return data["meetings"][0]


def test_an_added_punkt_is_listed_with_its_sections_as_added_words(make_repo, dialog):
    root = make_repo()
    write(root, f"{PUNKTER}/02-ny-sag.md", punkt("Ny sag", "## Indstilling\n\nAt sagen drøftes.\n"))
    [found] = only_meeting(diff_json(dialog, root))["punkter"]
    assert (found["nr"], found["change"], found["titel"]) == (2, "added", "Ny sag")
    assert found["sections"] == [
        {"titel": "Indstilling", "words": [{"op": "+", "text": "At sagen drøftes."}]}
    ]


def test_a_removed_punkt_is_listed_as_removed(make_repo, dialog):
    root = make_repo({f"{PUNKTER}/02-gammel.md": punkt("Gammel sag")})
    (root / f"{PUNKTER}/02-gammel.md").unlink()
    [found] = only_meeting(diff_json(dialog, root))["punkter"]
    assert (found["nr"], found["change"], found["titel"]) == (2, "removed", "Gammel sag")


def test_a_punkt_moved_to_a_new_number_is_renumbered_not_removed_and_added(make_repo, dialog):
    root = make_repo({f"{PUNKTER}/02-gammel.md": punkt("Gammel sag", "Tekst.\n")})
    (root / f"{PUNKTER}/02-gammel.md").rename(root / f"{PUNKTER}/03-gammel.md")
    write(root, f"{PUNKTER}/02-ny.md", punkt("Ny sag"))
    found = only_meeting(diff_json(dialog, root))["punkter"]
    changes = [(p["nr"], p["nr_before"], p["change"], p["titel"]) for p in found]
    assert changes == [(2, None, "added", "Ny sag"), (3, 2, "renumbered", "Gammel sag")]
    assert found[1]["sections"] == [] and found[1]["fields"] == []


def test_a_changed_field_shows_old_and_new_under_its_danish_name(make_repo, dialog):
    root = make_repo()
    meeting = root / f"{DIR}/meeting.md"
    meeting.write_text(meeting.read_text().replace("Mødelokale 1", "Byrådssalen"))
    fields = only_meeting(diff_json(dialog, root))["fields"]
    assert fields == [
        {"key": "sted", "label": "Sted", "before": "Mødelokale 1", "after": "Byrådssalen"}
    ]


def test_changed_sections_show_indstilling_and_beslutning_first_as_a_word_diff(make_repo, dialog):
    root = make_repo()
    path = root / f"{PUNKTER}/01-budget.md"
    changed = (
        BUDGET_PUNKT.replace("Tekst.", "Ny tekst.")
        .replace("budgettet drøftes", "budgettet godkendes")
        .replace("Drøftet.", "Godkendt.")
    )
    path.write_text(changed, encoding="utf-8")
    [found] = only_meeting(diff_json(dialog, root))["punkter"]
    assert [s["titel"] for s in found["sections"]] == [
        "Indstilling",
        "Beslutning",
        "Sagsfremstilling",
    ]
    assert found["sections"][0]["words"] == [
        {"op": "=", "text": "Det indstilles, at budgettet"},
        {"op": "-", "text": "drøftes."},
        {"op": "+", "text": "godkendes."},
    ]


def test_a_long_unchanged_stretch_is_shortened_around_the_change(make_repo, dialog):
    before = " ".join(f"ord{i}" for i in range(40))
    root = make_repo({f"{PUNKTER}/02-lang.md": punkt("Lang", f"## Baggrund\n\n{before}\n")})
    after = before.replace("ord20", "ORD20")
    write(root, f"{PUNKTER}/02-lang.md", punkt("Lang", f"## Baggrund\n\n{after}\n"))
    [found] = only_meeting(diff_json(dialog, root))["punkter"]
    ops = [w["op"] for w in found["sections"][0]["words"]]
    assert ops == ["...", "=", "-", "+", "=", "..."]


def test_an_added_and_a_removed_meeting_are_listed(make_repo, dialog):
    root = make_repo()
    git(root, "rm", "-q", "-r", DIR)
    write(root, "meetings/2025/2025-04-23-vaekst/meeting.md", strategi("Vækst", "2025-04-23"))
    meetings = diff_json(dialog, root)["meetings"]
    assert [(m["id"], m["change"]) for m in meetings] == [
        (DIR_ID, "removed"),
        ("2025-04-23-vaekst", "added"),
    ]


def program(body: str = "Velkomst.\n") -> str:
    return f"---\ntitel: Program\n---\n{body}"


def strategic_repo(make_repo) -> tuple[Path, str]:
    folder = "meetings/2025/2025-04-23-vaekst"
    root = make_repo(
        {
            f"{folder}/meeting.md": strategi("Vækst", "2025-04-23", extra="fagdirektoer: bo\n"),
            f"{folder}/program.md": program(),
        }
    )
    return root, folder


def test_an_approval_shows_as_udkast_to_godkendt(make_repo, dialog):
    root, folder = strategic_repo(make_repo)
    assert dialog("approve", f"{folder}/program.md", "--by", "bo", cwd=root).code == 0
    [produkt] = only_meeting(diff_json(dialog, root))["produkter"]
    assert (produkt["type"], produkt["state_before"], produkt["state_after"]) == (
        "program",
        "udkast",
        "godkendt",
    )


def test_an_edit_after_the_approval_shows_as_godkendt_to_foraeldet(make_repo, dialog):
    root, folder = strategic_repo(make_repo)
    assert dialog("approve", f"{folder}/program.md", "--by", "bo", cwd=root).code == 0
    commit(root, "approve")
    path = root / f"{folder}/program.md"
    path.write_text(path.read_text().replace("Velkomst.", "Velkomst og kaffe."))
    result = dialog("diff", cwd=root)
    assert result.code == 0, result.err
    assert "Program – ændret; godkendt → forældet godkendelse" in result.out
    assert "Velkomst. {+og kaffe.+}" not in result.out  # the word diff is whole words
    assert "[-Velkomst.-] {+Velkomst og kaffe.+}" in result.out


CLOSED = f"""\
---
titel: Personalesag {CANARY}
lukket: true
offentlig_titel: Lukket sag om personale
sagsnr: 25/{CANARY}
deltager: [carl]
bilag:
  - titel: Notat {CANARY}
    dokumentnr: 1/{CANARY}
---
## Sagsfremstilling

{CANARY} i teksten.

## Beslutning

Besluttet {CANARY}.
"""


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_public_diff_has_no_byte_of_a_closed_punkt(make_repo, dialog, fmt):
    root = make_repo({f"{PUNKTER}/02-personale.md": CLOSED})
    write(
        root,
        f"{PUNKTER}/02-personale.md",
        CLOSED.replace(f"Besluttet {CANARY}", f"Afvist {CANARY}2"),
    )
    write(
        root, f"{PUNKTER}/03-ny-lukket.md", CLOSED.replace("Lukket sag om personale", "Anden sag")
    )
    result = dialog("diff", "--public", "--format", fmt, cwd=root)
    assert result.code == 0, result.err
    assert CANARY not in result.out and CANARY.lower() not in result.out.lower()
    assert "Lukket punkt 2 ændret: Lukket sag om personale" in result.out or fmt == "json"
    assert "Lukket punkt 3 tilføjet: Anden sag" in result.out or fmt == "json"


def test_public_diff_hides_a_punkt_closed_on_either_side(make_repo, dialog):
    open_first = CLOSED.replace("lukket: true", "lukket: false")
    root = make_repo({f"{PUNKTER}/02-personale.md": open_first})
    write(root, f"{PUNKTER}/02-personale.md", CLOSED.replace("Besluttet", "Afvist"))
    result = dialog("diff", "--public", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert CANARY not in result.out
    assert "Lukket punkt 2 ændret" in result.out


def test_public_diff_shows_a_closed_bilag_of_an_open_punkt_without_its_title(make_repo, dialog):
    bilag = f"bilag:\n  - titel: Bilag {CANARY}\n    dokumentnr: 9/{CANARY}\n"
    root = make_repo({f"{PUNKTER}/02-aaben.md": punkt("Åben sag")})
    write(root, f"{PUNKTER}/02-aaben.md", punkt("Åben sag", extra=bilag))
    result = dialog("diff", "--public", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert CANARY not in result.out
    assert "(Lukket bilag)" in result.out


def test_md_escapes_html_and_table_pipes_from_the_files(make_repo, dialog):
    root = make_repo()
    body = "## Indstilling\n\nAt <script>alert(1)</script> | kolonne &lt;b&gt; drøftes.\n"
    write(root, f"{PUNKTER}/02-ny.md", punkt("Sag <script>x</script> | y", body))
    result = dialog("diff", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert "<script>" not in result.out
    assert "\\<script\\>" in result.out
    assert " | " not in result.out and "\\|" in result.out
    assert "\\&lt;b\\&gt;" in result.out


def test_text_carries_no_control_character_of_a_file(make_repo, dialog):
    # issue 17: the loader drops control characters (DM705 reports them), so no output,
    # this one included, carries one
    root = make_repo()
    write(root, f"{PUNKTER}/02-ny.md", punkt('"Sag \\e]0;ejet\\a"'))
    result = dialog("diff", cwd=root)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "Sag ]0;ejet" in result.out


def test_the_default_base_is_the_merge_base_with_main(make_repo, dialog):
    root = make_repo()
    git(root, "checkout", "-q", "-b", "feature")
    write(root, f"{PUNKTER}/02-paa-grenen.md", punkt("På grenen"))
    commit(root)
    git(root, "checkout", "-q", "main")
    write(root, f"{PUNKTER}/02-paa-main.md", punkt("På main"))
    commit(root)
    git(root, "checkout", "-q", "feature")
    titles = [p["titel"] for p in only_meeting(diff_json(dialog, root))["punkter"]]
    assert titles == ["På grenen"]


def test_two_revisions_are_compared_without_the_working_tree(make_repo, dialog):
    root = make_repo()
    write(root, f"{PUNKTER}/02-committed.md", punkt("Committed"))
    commit(root)
    write(root, f"{PUNKTER}/03-uncommitted.md", punkt("Uncommitted"))
    data = diff_json(dialog, root, "HEAD~1", "HEAD")
    assert [p["titel"] for p in only_meeting(data)["punkter"]] == ["Committed"]


def test_no_change_says_so_and_exits_0(make_repo, dialog):
    root = make_repo()
    result = dialog("diff", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert "Ingen ændringer i møderne." in result.out


def test_an_unknown_revision_is_one_line_and_exit_2(make_repo, dialog_process):
    root = make_repo()
    done = dialog_process("diff", "no-such-branch", cwd=root)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "ukendt version 'no-such-branch'" in done.stderr


def test_an_unknown_format_is_refused_with_exit_2(make_repo, dialog):
    root = make_repo()
    result = dialog("diff", "--format", "html", cwd=root)
    assert result.code == 2
    assert "Ugyldig værdi for '--format'" in result.err


def run_with_env(root: Path, **env: str) -> str:
    import os
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = forkrun.run(
        [sys.executable, "-m", "dialogmoder", "diff"],
        cwd=root,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_text_is_coloured_on_a_terminal_unless_no_color_is_set(make_repo):
    root = make_repo()
    write(root, f"{PUNKTER}/02-ny.md", punkt("Ny", "## Indstilling\n\nAt den drøftes.\n"))
    green = "\x1b[32m"
    assert green in run_with_env(root, FORCE_COLOR="1")
    plain = run_with_env(root, FORCE_COLOR="1", NO_COLOR="1")
    assert green not in plain and "{+At den drøftes.+}" in plain


def test_public_diff_hides_a_punkt_that_cannot_be_read(make_repo, dialog):
    root = make_repo()
    write(root, f"{PUNKTER}/02-brudt.md", f"---\ntitel: {CANARY}\nlukket: false\nukendt: 1\n---\n")
    result = dialog("diff", "--public", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert CANARY not in result.out
    assert "Lukket punkt 2 tilføjet" in result.out


def test_a_dialog_repository_in_a_subfolder_of_the_git_repository(make_repo, dialog):
    root = make_repo()
    (root / "kommune").mkdir()
    for name in ("dialog.yaml", "meetings"):
        (root / name).rename(root / "kommune" / name)
    commit(root, "move into a subfolder")
    write(root, f"kommune/{PUNKTER}/02-ny.md", punkt("Ny sag"))
    data = diff_json(dialog, root / "kommune")
    assert [(p["titel"], p["change"]) for p in only_meeting(data)["punkter"]] == [
        ("Ny sag", "added")
    ]


def test_a_base_whose_dialog_yaml_cannot_be_read_names_the_revision(make_repo, dialog):
    root = make_repo({"dialog.yaml": "organisation: [\n"})
    write(root, "dialog.yaml", CONFIG)
    result = dialog("diff", "HEAD", cwd=root)
    assert result.code == 2
    assert (
        result.err.startswith("dialog: i HEAD: dialog.yaml:")
        or "i HEAD: dialog.yaml:" in result.err
    )


def test_a_change_to_a_shared_file_a_punkt_links_to_shows_in_the_punkt(make_repo, dialog):
    root = make_repo({"meetings/faelles/budget.md": punkt("Fælles budget", "Tekst.\n")})
    (root / f"{PUNKTER}/02-budget.md").symlink_to("../../../faelles/budget.md")
    commit(root, "link")
    write(root, "meetings/faelles/budget.md", punkt("Fælles budget", "Ny tekst.\n"))
    [found] = only_meeting(diff_json(dialog, root))["punkter"]
    assert (found["nr"], found["change"], found["titel"]) == (2, "changed", "Fælles budget")


def test_in_a_ci_checkout_the_base_is_the_merge_base_with_origin_main(make_repo, dialog, tmp_path):
    origin = make_repo()
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "pull-request")
    git(clone, "branch", "-q", "-D", "main")
    git(clone, "remote", "set-head", "origin", "-d")  # as actions/checkout leaves it
    write(clone, f"{PUNKTER}/02-ny.md", punkt("Ny sag"))
    commit(clone)
    [found] = only_meeting(diff_json(dialog, clone))["punkter"]
    assert (found["titel"], found["change"]) == ("Ny sag", "added")


def test_a_shallow_clone_without_the_merge_base_says_to_fetch_more(make_repo, dialog, tmp_path):
    origin = make_repo()
    git(origin, "checkout", "-q", "-b", "feature")
    write(origin, f"{PUNKTER}/02-ny.md", punkt("Ny sag"))
    commit(origin)
    git(origin, "checkout", "-q", "main")
    write(origin, f"{PUNKTER}/02-anden.md", punkt("Anden sag"))
    commit(origin)
    clone = tmp_path / "clone"
    url = f"file://{origin}"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--no-single-branch",
        "-b",
        "feature",
        url,
        str(clone),
    )
    result = dialog("diff", cwd=clone)
    assert result.code == 2
    assert "fetch-depth: 0" in result.err
    assert result.err.strip().count("\n") == 0


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_public_diff_with_a_cpr_number_is_refused_naming_where_it_is_written(
    make_repo, dialog, change
):
    """A job summary is published: a CPR number in it stops `diff --public`, also one the
    change removes (the summary would show it as removed text)."""
    number = "Borger 010190-1234 klagede."
    punkt = "---\ntitel: Klage\nlukket: false\n---\n## Sagsfremstilling\n\n{}\n"
    before = number if change == "removed" else "Borger klagede."
    after = "Borger klagede." if change == "removed" else number
    root = make_repo({f"{PUNKTER}/02-klage.md": punkt.format(before)})
    write(root, f"{PUNKTER}/02-klage.md", punkt.format(after))
    for fmt in ("text", "md", "json"):
        result = dialog("diff", "--public", "--format", fmt, cwd=root)
        assert result.code == 1, result.out
        assert "1234" not in result.out
        assert f"{PUNKTER}/02-klage.md:7: fejl DM601" in result.err
        assert "intet blev skrevet" in result.err
    internal = dialog("diff", "--format", "md", cwd=root)
    assert internal.code == 0 and "1234" in internal.out
