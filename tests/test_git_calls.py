"""Every call to git lives in io/git.py, and every failure of git is a sentence there: a
missing git, a folder outside any repository and a revision that names no commit."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import dialogmoder
from dialogmoder.errors import DialogError
from dialogmoder.io import git as io_git

from helpers.meetings import DIR
from helpers.repo import git
from helpers.run import SPEC

PACKAGE = Path(dialogmoder.__file__).parent
HOME = Path("io") / "git.py"
# what starts a program: a call of one of these with "git" among its arguments runs git
_RUNNERS = {
    ("subprocess", "run"),
    ("subprocess", "Popen"),
    ("subprocess", "call"),
    ("subprocess", "check_call"),
    ("subprocess", "check_output"),
    ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
    ("os", "system"),
    ("os", "popen"),
    ("shutil", "which"),
}


def _runs_git(call: ast.Call) -> bool:
    func = call.func
    name = (
        (func.value.id, func.attr)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
        else None
    )
    runner = name in _RUNNERS or (name is not None and name[0] == "os" and name[1][:5] in
                                  ("execl", "execv", "spawn"))  # fmt: skip
    if not runner:
        return False
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value == "git" or node.value.startswith("git "))
        for arg in [*call.args, *(k.value for k in call.keywords)]
        for node in ast.walk(arg)
    )


def git_calls_outside_home(package: Path) -> list[str]:
    """`module.py:line` of every call that runs git in a module other than io/git.py."""
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel == HOME:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{rel.as_posix()}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _runs_git(node)
        ]
    return found


def test_no_module_outside_io_git_runs_git() -> None:
    assert git_calls_outside_home(PACKAGE) == []
    assert git_calls_outside_home(PACKAGE.parent.parent / "src" / "dialogmoder") == []


@pytest.mark.parametrize(
    "call",
    [
        'subprocess.run(["git", "init", "-q", str(target)], check=False)',
        'subprocess.run(["git", *args], cwd=root)',
        'shutil.which("git")',
        'os.system("git status")',
    ],
)
def test_the_scan_finds_a_git_call_planted_in_another_module(tmp_path: Path, call: str) -> None:
    copy = tmp_path / "dialogmoder"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    scaffold = copy / "workflow" / "scaffold.py"
    text = scaffold.read_text(encoding="utf-8")
    scaffold.write_text(text + f"\n\ndef _late(target, root, args):\n    {call}\n", "utf-8")
    lines = len(text.splitlines())
    assert git_calls_outside_home(copy) == [f"workflow/scaffold.py:{lines + 4}"]


@pytest.fixture
def hide_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to leave a PATH on which there is no git (nor anything else)."""

    def hide() -> None:
        empty = tmp_path / "empty-path"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))

    return hide


def test_diff_without_git_says_to_install_it(make_repo, dialog, hide_git) -> None:
    root = make_repo()
    hide_git()
    result = dialog("diff", "HEAD", cwd=root)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "dialog: kan ikke køre git (filen eller mappen findes ikke); er det installeret?"
    ]


def test_verify_without_git_says_to_install_it(make_repo, dialog, hide_git) -> None:
    root = make_repo()
    hide_git()
    result = dialog("verify", cwd=root)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "dialog: kan ikke køre git (filen eller mappen findes ikke); er det installeret?"
    ]


def test_init_and_check_staged_work_without_git(tmp_path, dialog, hide_git) -> None:
    hide_git()
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    assert not (root / ".git").exists()
    result = dialog("check", "--staged", cwd=root)
    assert (result.code, result.err) == (0, "Ingen fejl eller advarsler i 1 fil (0 møder)\n")


def test_init_makes_a_git_work_tree(tmp_path, dialog) -> None:
    root = tmp_path / "ny"
    assert dialog("init", root, *SPEC).code == 0
    assert git(root, "rev-parse", "--show-toplevel").strip() == str(root.resolve())


def outside_any_repository(make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dialog repository copied without its .git, where git finds no repository above."""
    source = make_repo()
    root = tmp_path / "kopi"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".git"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return root


def test_diff_outside_a_git_repository_says_so(make_repo, dialog, tmp_path, monkeypatch) -> None:
    root = outside_any_repository(make_repo, tmp_path, monkeypatch)
    result = dialog("diff", "HEAD", cwd=root)
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"dialog: {root}: ") and "not a git repository" in line


def test_verify_outside_a_git_repository_says_so(make_repo, dialog, tmp_path, monkeypatch) -> None:
    root = outside_any_repository(make_repo, tmp_path, monkeypatch)
    result = dialog("verify", cwd=root)
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"dialog: {root}: ") and "not a git repository" in line


def test_a_revision_that_names_no_commit_is_a_sentence_with_exit_2(make_repo) -> None:
    root = make_repo()
    for rev in ("no-such-branch", "HEAD~5", "--output=x"):
        with pytest.raises(DialogError) as raised:
            io_git.commit_of(root, rev)
        assert raised.value.exit_code == 2
        assert raised.value.message.startswith(f"ukendt version '{rev}': ")
    assert io_git.find_commit(root, "no-such-branch") is None
    assert io_git.commit_of(root, "main") == git(root, "rev-parse", "HEAD").strip()


def test_a_subfolder_is_archived_from_its_own_folder_and_missing_before_it_existed(
    make_repo,
) -> None:
    root = make_repo()
    first = git(root, "rev-parse", "HEAD").strip()
    sub = root / "kommune"
    sub.mkdir()
    (sub / "dialog.yaml").write_text("organisation: X\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "kommune")
    assert io_git.prefix_in_work_tree(sub) == "kommune/"
    assert io_git.archive(sub, first) is None
    target = root.parent / "ud"
    io_git.tree_files(sub, "HEAD", target)
    assert [p.name for p in target.iterdir()] == ["dialog.yaml"]
    with pytest.raises(DialogError, match="mappen findes ikke i"):
        io_git.tree_files(sub, first, root.parent / "ud2")


def test_unrelated_histories_have_no_merge_base(make_repo) -> None:
    root = make_repo()
    git(root, "checkout", "-q", "--orphan", "other")
    git(root, "commit", "-q", "-m", "alone")
    assert io_git.merge_base(root, "main", "HEAD") is None
    assert io_git.merge_base(root, "main", "main") == io_git.commit_of(root, "main")


def test_changed_files_lists_changed_and_untracked_files(make_repo) -> None:
    root = make_repo()
    (root / f"{DIR}/meeting.md").write_text("x", "utf-8")
    (root / "ny fil.md").write_text("y", "utf-8")
    assert io_git.changed_files(root, "HEAD", None) == [
        f"{DIR}/meeting.md",
        "ny fil.md",
    ]
    assert io_git.changed_files(root, "HEAD", "HEAD") == []


@pytest.mark.skipif(
    not hasattr(__import__("signal"), "SIGPIPE") or shutil.which("sh") is None,
    reason="SIGPIPE and a POSIX shell",
)
def test_a_read_that_git_died_of_sigpipe_for_is_made_again(tmp_path, monkeypatch):
    """git dies of SIGPIPE when the ssh-keygen it verifies a signature with ends before
    reading what git writes to it (a race): a read-only command is run again, up to five
    times; any other command's death is an error at once."""
    import os
    import subprocess

    real = shutil.which("git")
    assert real is not None
    stand_in = tmp_path / "bin" / "git"
    stand_in.parent.mkdir()
    runs = tmp_path / "runs"
    # the first two runs die as git does, killed by SIGPIPE; the third is the real git
    stand_in.write_text(
        "#!/bin/sh\n"
        f'echo run >> "{runs}"\n'
        f'if [ "$(wc -l < "{runs}")" -le 2 ]; then kill -PIPE $$; fi\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    stand_in.chmod(0o755)
    root = tmp_path / "repo"
    subprocess.run([real, "init", "-q", str(root)], check=True)
    monkeypatch.setenv("PATH", f"{stand_in.parent}{os.pathsep}{os.environ['PATH']}")

    assert io_git._git(root, "rev-parse", "--is-inside-work-tree", racy=True) == b"true\n"
    assert runs.read_text().count("run") == 3

    runs.unlink()
    with pytest.raises(io_git.GitError):
        io_git._git(root, "rev-parse", "--is-inside-work-tree")
    assert runs.read_text().count("run") == 1
