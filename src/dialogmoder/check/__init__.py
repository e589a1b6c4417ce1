"""`dialog check`: load the repository, run every rule, apply dialog.yaml's `regler`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dialogmoder.check.rules import REGISTRY, Context, Rule, all_rules
from dialogmoder.check.rules.load import effective_regler
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.repository import count_meeting_folders, load_repository, ready_to_load
from dialogmoder.errors import DialogError
from dialogmoder.io.fork import in_two, two_processors
from dialogmoder.io.git import staged_deletions
from dialogmoder.io.layout import CONFIG_FILE


@dataclass(frozen=True)
class Checked:
    """What a check found, and what it looked at: the files read (dialog.yaml, each
    meeting.md, punkt and product, and every file a finding names) and the meetings."""

    findings: list[Finding]
    files: frozenset[str]
    meetings: frozenset[str]


def check_repository(
    root: Path,
    only: Iterable[Path] | None = None,
    *,
    today: date | None = None,
    staged: bool = False,
) -> list[Finding]:
    """Every finding of the repository (or of the meetings holding `only`), sorted."""
    return run_check(root, only, today=today, staged=staged).findings


def run_check(
    root: Path,
    only: Iterable[Path] | None = None,
    *,
    today: date | None = None,
    staged: bool = False,
    deletions: Callable[[], list[Path]] | None = None,
) -> Checked:
    """Every finding of the repository (or of the meetings holding `only`), sorted, with
    what was checked.

    With `only`, the meetings with deletions staged in git are checked too; `staged`
    without `only` checks just those (the pre-commit hook, when a commit only deletes).
    `deletions` gives those deletions when the caller has asked git already
    (`git.staged_deletions_later`), and is called in every case.
    """
    deleted = deletions() if deletions is not None else None
    if staged and only is None:
        only = []
    paths = None if only is None else [_inside(root, Path(p)) for p in only]
    if paths is not None and (root / CONFIG_FILE).resolve() in paths:
        paths = None  # a change to dialog.yaml can break any meeting: check them all
    if paths is not None:
        # a commit's deletions leave gaps in meetings pre-commit does not name
        paths += [p.resolve() for p in (staged_deletions(root) if deleted is None else deleted)]
    context = Context(today=today or date.today())
    all_rules()  # import every rule module once, before any fork
    if paths is not None:  # some meetings (the pre-commit hook): one process, one load
        return _merged([_check_part(root, paths, context, (0, 1))])
    folders = count_meeting_folders(root)
    processes = 2 if _worth_splitting(folders) else 1
    slices = -(-folders // (processes * MEETINGS_AT_ONCE)) or 1
    if processes == 1:
        return _check_share(root, context, (0, 1), slices)
    _ready_for_the_fork()
    # Loading is CPU-bound Python, and every rule looks at one meeting at a time: each of
    # two processes loads and checks every other meeting, and only the findings travel
    # back. Findings about dialog.yaml come from both halves; the set keeps one of each.
    return _merged(list(in_two(lambda share: _check_share(root, context, share, slices))))


# The most meetings a process holds loaded at once: a larger share is checked a slice at a
# time, each let go before the next is loaded, so peak memory stays flat however large the
# archive grows (50,010 files, 6,238 meetings: 368 MB summed over the two processes in one
# slice each, 229 MB in two, 1.01 x the CPU; in three, 183 MB and 1.05 x). Each slice more
# looks again at the meetings it has not loaded: DM704 reads their meeting.md
# (`Repository.uids_among`, ~40 ms at 50,010 files), and when its open bilag have files,
# the closed-file check lists their bilag/ folders (`edition.public.closed_files`).
MEETINGS_AT_ONCE = 2000


def _check_share(root: Path, context: Context, share: tuple[int, int], slices: int) -> Checked:
    """The check of every `share[1]`-th meeting folder from the `share[0]`-th, in `slices`
    slices of it (every other of those folders, for two slices, and so on)."""
    first, step = share
    return _merged(
        [_check_part(root, None, context, (first + step * i, step * slices)) for i in range(slices)]
    )


def _merged(parts: list[Checked]) -> Checked:
    """Parts' findings as one sorted list; a finding several parts give (about dialog.yaml,
    the meetings folder) once."""
    findings = set().union(*(part.findings for part in parts))
    return Checked(
        sorted(findings, key=_order),
        frozenset().union(*(part.files for part in parts)),
        frozenset().union(*(part.meetings for part in parts)),
    )


# The modules rules import when they first run (DM601 the public edition, DM50x bilag
# files and logos): imported before a fork, or each process would import them again.
_USED_BY_RULES = (
    "dialogmoder.domain.bilagsfil",
    "dialogmoder.domain.edition",
    "dialogmoder.domain.logo",
    "dialogmoder.domain.state",
)


def _ready_for_the_fork() -> None:
    """What both processes need, done once before the fork: the modules rules import and
    the validators of the models loading uses."""
    import importlib

    for name in _USED_BY_RULES:
        importlib.import_module(name)
    ready_to_load()


# Below this many meeting folders a second process costs more than it saves.
SPLIT_FROM = 150


def _worth_splitting(folders: int) -> bool:
    """Whether a check of this many meeting folders is split over two processes."""
    return folders >= SPLIT_FROM and two_processors()


def _check_part(
    root: Path, paths: list[Path] | None, context: Context, part: tuple[int, int]
) -> Checked:
    repo = load_repository(root, paths, part=part)
    findings = list(repo.findings)
    settings = effective_regler(repo.config.regler)
    for rule in all_rules():
        if rule.check is not None and settings.get(rule.id) != "off":
            findings.extend(rule.check(repo, context))
    files = {repo.config_doc.path} | {f.path for f in findings}
    for folder in repo.meetings:
        files.add(f"{folder.path}/meeting.md")
        files.update(p.path for p in folder.punkter)
        files.update(doc.path for doc in folder.produkter.values())
    meetings = frozenset(folder.path for folder in repo.meetings)
    return Checked(list(configured(findings, settings)), frozenset(files), meetings)


def configured(findings: list[Finding], settings: Mapping[str, str]) -> Iterable[Finding]:
    """Drop the rules set to `off`; give the others the severity dialog.yaml sets."""
    for finding in findings:
        setting = settings.get(finding.rule)
        if setting == "off":
            continue
        if setting in {"error", "warning"} and setting != finding.severity:
            yield replace(finding, severity=setting)  # type: ignore[arg-type]
        else:
            yield finding


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line or 0, finding.rule, finding.message)


def _inside(root: Path, path: Path) -> Path:
    if not path.exists():
        raise DialogError(besked("{path}: no such file or folder").format(path=path), exit_code=2)
    resolved = path.resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        raise DialogError(
            besked("{path} is not inside the dialog repository {root}").format(
                path=path, root=root
            ),
            exit_code=2,
        )
    return resolved


def explain_rule(rule_id: str) -> Rule:
    """The rule with this id; DialogError (exit 2) naming every id if there is none."""
    rules = all_rules()
    found = REGISTRY.get(rule_id.strip().upper())
    if found is None:
        ids = ", ".join(r.id for r in rules)
        raise DialogError(
            besked("no rule '{rule_id}'; the rules are: {ids}").format(rule_id=rule_id, ids=ids),
            exit_code=2,
        )
    return found
