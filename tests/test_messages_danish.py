"""What dialog prints to a person is Danish, whatever the machine's locale says, and English
with DIALOG_SPROG=en: every message has a Danish translation, and a corpus of a new user's
mistakes run through the command line prints no English sentence."""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer

from dialogmoder.cli import app
from dialogmoder.danish import catalogue, terminal

from helpers import forkrun
from helpers.configs import CONFIG
from helpers.meetings import BUDGET, DIR, DIR_ID, punkt
from helpers.repo import PROJECT
from helpers.rule_cases import CASES
from helpers.run import SPEC, Result, run_dialog, run_dialog_process

SOURCE = PROJECT / "src" / "dialogmoder"

# --- every message has its Danish -----------------------------------------------------------


def _danish(msgid: str) -> str | None:
    """The catalogue's Danish for `msgid`, or None when it has none."""
    found: str | None = catalogue.translations()._catalog.get(msgid)  # type: ignore[attr-defined]
    return found or None  # the compiled catalogue holds translated messages only


def test_every_help_text_of_every_command_has_its_danish() -> None:
    """The --help of every command, option and argument (cli.py's `help=` and docstrings,
    danish/extract.py) is in the catalogue, translated: a new option without it fails."""
    texts = terminal.help_texts(typer.main.get_command(app))
    assert len(texts) > 80
    assert [t for t in texts if _danish(t) is None] == []


def _arguments(command) -> list:
    found = [p for p in command.params if p.param_type_name == "argument"]
    for sub in getattr(command, "commands", {}).values():
        found += _arguments(sub)
    return found


def test_every_argument_of_every_command_has_a_danish_name() -> None:
    """An argument's name shows in the usage line, the help page and "Argumentet 'møde'
    mangler.": a new argument without its Danish name fails here."""
    arguments = _arguments(typer.main.get_command(app))
    names = terminal._argument_names()
    assert len(arguments) > 10
    missing = {a.metavar or a.name for a in arguments} - set(names) - {"navn", "N"}
    assert missing == set()
    assert all(danish != english for english, danish in names.items())


def test_a_missing_argument_is_named_in_danish() -> None:
    result = run_dialog("render")
    assert result.code == 2
    assert "render [TILVALG] {dokument} {møde}" in result.err
    assert result.err.endswith("Fejl: Argumentet 'dokument' mangler.\n"), result.err


def test_every_click_message_dialog_lists_has_its_danish() -> None:
    plurals = terminal.click_plurals(2)
    assert all(_danish(m) for m in terminal.CLICK)
    assert all(_danish(m) for _, m in terminal.USAGE_MESSAGES)
    assert [p for p in plurals if not p or p == terminal.click_plurals(1)[0]] == []


# Calls whose argument (at the index given) is a message for a person.
MESSAGE_CALLS = {
    "DialogError": 0,
    "YamlError": 0,
    "BadParameter": 0,
    "found": 3,
    "_finding": 3,
    "Finding": 4,
}


def _english_literals(path: Path, base: Path = PROJECT) -> list[str]:
    """Messages written as a literal (a string or an f-string with words) where a message
    call takes one: each must be `besked(...)` (or a variable holding its result)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        index = MESSAGE_CALLS.get(name or "")
        if index is None or len(node.args) <= index:
            continue
        arg = node.args[index]
        if isinstance(arg, ast.JoinedStr):
            text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            text = arg.value
        else:
            continue
        if re.search(r"[A-Za-z]{2,}", text):
            hits.append(f"{path.relative_to(base)}:{node.lineno}: {text!r}")
    return hits


def test_every_message_is_written_with_besked() -> None:
    """A message written as a plain (f-)string would print English to a Danish reader."""
    hits = [hit for path in sorted(SOURCE.rglob("*.py")) for hit in _english_literals(path)]
    assert hits == []


def test_a_message_written_as_an_f_string_is_found(tmp_path: Path) -> None:
    module = tmp_path / "x.py"
    module.write_text(
        "def f(path):\n"
        "    raise DialogError(f'{path} is not a folder')\n"
        "def g(path):\n"
        "    raise DialogError(besked('{path} is not a folder').format(path=path))\n"
    )
    assert _english_literals(module, tmp_path) == ["x.py:2: ' is not a folder'"]


# --- a corpus of a new user's mistakes ------------------------------------------------------

# English words that a Danish message never uses (quoted values, `code`, paths, options
# and identifiers are taken out of a line before its words are counted).
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """the is are not must unknown cannot expected missing file files line lines no such
        with of and or be has does did should found invalid value error warning usage try
        option options command commands argument arguments could would was were this that
        these there here from into only will what which where when your you please given
        allowed already exists empty folder written date number key keys in known by on
        than it its""",
    )
)
# Danish words spelled as English ones
DANISH_TOO = frozenset({"for", "at", "to", "her", "have", "under", "man", "den", "hold"})
_NOT_WORDS = re.compile(
    r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|<[^>\n]*>|\{[^}\n]*\}|\[[^\]\n]*\]"
    r"|\S*[/._=@\\]\S*|--?[\w-]+|\b\w*\d\w*\b|\b[a-z]+_[a-z_]+\b|\b[a-z]+-[a-z-]+\b"
)


def english_lines(text: str) -> list[str]:
    """The lines of `text` with two or more English words in them."""
    found = []
    for line in text.splitlines():
        words = set(re.findall(r"[A-Za-zæøåÆØÅ]+", _NOT_WORDS.sub(" ", line).lower()))
        if len((words & ENGLISH) - DANISH_TOO) >= 2:
            found.append(line)
    return found


def test_the_english_heuristic_tells_the_two_languages_apart() -> None:
    assert english_lines("x.md:3: error DM005 unknown key 'lukke'; did you mean 'lukket'?")
    assert english_lines("Error: No such command 'chek'.")
    assert not english_lines("x.md:3: fejl DM005 ukendt nøgle 'lukke'; mente du 'lukket'?")
    assert not english_lines("Fejl: Kommandoen 'chek' findes ikke. Mente du 'check'?")
    assert not english_lines("Brug: dialog check [TILVALG] [paths]...")


@dataclass
class Mistake:
    """What a new user did: the repository's files (over the default ones) and the command."""

    name: str
    args: tuple[str, ...]
    files: dict[str, str | bytes | None] = field(default_factory=dict)
    with_meeting: bool = True
    code: int | None = None  # the exit code, when it says something


def _front(text: str) -> dict[str, str | bytes | None]:
    return {f"{DIR}/punkter/02-x.md": text}


MEETING_MD = f"{DIR}/meeting.md"
TODAY = ("--today", "2025-03-01")

MISTAKES = [
    # the command line
    Mistake("no-such-command", ("chek",), code=2),
    Mistake("no-such-option", ("check", "--foo"), code=2),
    Mistake("missing-argument", ("render",), code=2),
    Mistake("missing-option", ("new-meeting", "--dato", "2025-04-01"), code=2),
    Mistake("wrong-format", ("check", "--format", "pfd"), code=2),
    Mistake("not-a-number", ("plan", "tyvefemogtyve"), code=2),
    Mistake("extra-argument", ("render", "referat", DIR_ID, "igen"), code=2),
    Mistake("option-without-value", ("check", "--today"), code=2),
    Mistake("bad-today", ("check", "--today", "2025-13-01"), code=2),
    Mistake("today-not-a-date", ("status", "--today", "i går"), code=2),
    Mistake("md-findings", ("check", "--format", "md"), code=2),
    Mistake("explain-no-rule", ("check", "--explain", "DM999"), code=2),
    Mistake(
        "wrong-rolle",
        ("person", "add", "Søren Kjær", "--titel", "Direktør", "--rolle", "direktoer"),
        code=2,
    ),
    Mistake("unknown-person", ("approve", f"{DIR}/program.md", "--by", "ingen"), code=2),
    Mistake("unknown-meeting", ("render", "referat", "2025-03-06-direktionen"), code=2),
    Mistake("unknown-kind", ("render", "protokol", DIR_ID), code=2),
    Mistake("unknown-forum", ("new-meeting", "--forum", "byraadet", "--dato", "2025-04-01")),
    Mistake("plan-unknown-forum", ("plan", "2025", "--forum", "byraadet")),
    Mistake("unknown-owner", ("actions", "--owner", "ingen")),
    Mistake("unknown-schema", ("schema", "byraad"), code=2),
    Mistake("unknown-revision", ("diff", "ingen-gren")),
    Mistake("init-twice", ("init", ".", *SPEC)),
    Mistake("position-too-far", ("add-item", DIR_ID, "--titel", "Nyt", "--position", "9")),
    Mistake("pdf-to-stdout", ("render", "referat", DIR_ID, "--format", "pdf", "-o", "-")),
    Mistake("approve-referat-unknown-person", ("approve", MEETING_MD, "--by", "ingen")),
    Mistake(
        "approve-in-the-future",
        ("approve", f"{DIR}/program.md", "--by", "x", "--dato", "2999-01-01"),
    ),
    # front matter
    Mistake("yaml-colon", ("check", *TODAY), _front("---\ntitel: Punkt: status\n---\n")),
    Mistake("yaml-quote", ("check", *TODAY), _front('---\ntitel: "Punkt\nlukket: false\n---\n')),
    Mistake("yaml-tab", ("check", *TODAY), _front("---\ntitel: Punkt\n\tlukket: false\n---\n")),
    Mistake(
        "yaml-list",
        ("check", *TODAY),
        _front("---\ntitel: Punkt\nlukket: false\nbilag:\n  - titel: A\n - titel: B\n---\n"),
    ),
    Mistake("yaml-at", ("check", *TODAY), _front("---\ntitel: @kommune\nlukket: false\n---\n")),
    Mistake(
        "yaml-flow", ("check", *TODAY), _front("---\ntitel: Punkt\nlukket: false\ntid: [9\n---\n")
    ),
    Mistake("yaml-key-twice", ("check", *TODAY), _front("---\ntitel: A\ntitel: B\n---\n")),
    Mistake("no-front-matter", ("check", *TODAY), _front("# Punkt\n\nTekst.\n")),
    Mistake("front-matter-open", ("check", *TODAY), _front("---\ntitel: Punkt\n")),
    Mistake("unknown-key", ("check", *TODAY), _front(punkt(extra="lukke: true"))),
    Mistake(
        "bad-date",
        ("check", *TODAY),
        {MEETING_MD: "---\nforum: direktionen\ntitel: D\ndato: 2025-02-30\n---\n"},
    ),
    Mistake("bad-time", ("check", *TODAY), _front(punkt(tid="9.30"))),
    Mistake("flag-in-quotes", ("check", *TODAY), _front(punkt(lukket="'false'"))),
    Mistake("number-as-text", ("check", *TODAY), _front(punkt(extra="kle: 00.30"))),
    Mistake("list-as-text", ("check", *TODAY), _front(punkt(titel="[a, b]"))),
    Mistake("utf16", ("check", *TODAY), _front(punkt().encode("utf-16"))),
    Mistake("cp1252", ("check", *TODAY), _front(punkt(titel="Ældrepleje").encode("cp1252"))),
    Mistake("bad-dialog-yaml", ("check", *TODAY), {"dialog.yaml": CONFIG + "fora: [\n"}, code=2),
    Mistake("unknown-rule", ("check", *TODAY), {"dialog.yaml": CONFIG + "regler: {DM999: off}\n"}),
    Mistake("stray-file", ("check", *TODAY), {f"{DIR}/noter.txt": "noter\n"}),
    Mistake("misnamed-punkt", ("check", *TODAY), {f"{DIR}/punkter/2-x.md": punkt()}),
    Mistake("status-of-missing-file", ("status", *TODAY), {BUDGET: "---\ntitel: [\n---\n"}),
    Mistake("not-a-repository", ("check",), with_meeting=False, code=2),
    # every rule's own case: a repository that makes it fire
    *[Mistake(f"rule-{c.rule}", ("check", "--today", c.today), dict(c.fire)) for c in CASES],
]


def _run(root: Path, mistake: Mistake) -> Result:
    args = mistake.args
    if mistake.name != "not-a-repository":
        args = (*args, "--root", str(root)) if _takes_root(args) else args
        return run_dialog(*args, cwd=root)
    empty = root.parent / "tom"
    empty.mkdir(exist_ok=True)
    return run_dialog(*args, "--root", str(empty))


def _takes_root(args: tuple[str, ...]) -> bool:
    """Whether the command has a --root option (and the arguments reach it)."""
    return args[0] not in ("chek", "init", "schema") and args[-1] != "--today"


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_a_mistake_is_told_in_danish_and_in_english_with_dialog_sprog_en(
    mistake: Mistake, make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(mistake.files)
    # the machine's locale says English: dialog speaks Danish all the same
    for name, value in {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DIALOG_SPROG", raising=False)
    danish = _run(root, mistake)
    said = danish.out + danish.err
    assert danish.code != 0 or said.strip(), said
    if mistake.code is not None:
        assert danish.code == mistake.code, said
    assert english_lines(said) == [], said

    monkeypatch.setenv("DIALOG_SPROG", "en")
    english = _run(root, mistake)
    assert english.code == danish.code
    assert english_lines(english.out + english.err), english.out + english.err


def test_the_corpus_is_large() -> None:
    assert len(MISTAKES) >= 80


@pytest.mark.parametrize(
    "args", [(), ("--help",), ("check", "--help"), ("person", "add", "--help")]
)
def test_help_is_danish(args: tuple[str, ...]) -> None:
    result = run_dialog(*args)
    assert result.out + result.err
    assert english_lines(result.out + result.err) == [], result.out + result.err
    assert "Brug:" in result.out + result.err


def test_a_process_speaks_danish_whatever_the_locale_says(make_repo) -> None:
    root = make_repo(_front(punkt(extra="lukke: true")))
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en"}
    env.pop("DIALOG_SPROG", None)
    # another locale than the tests': forkrun starts a new interpreter for it
    done = forkrun.run(
        [sys.executable, "-m", "dialogmoder", "check", "--today", "2025-03-01"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "fejl DM005 ukendt nøgle 'lukke'; mente du 'lukket'?" in done.stdout
    assert "1 fejl, 0 advarsler i 1 fil (tjekket:" in done.stderr
    assert (
        "Fejl: Kommandoen 'chek' findes ikke. Mente du 'check'" in run_dialog_process("chek").stderr
    )
