"""The `dialog` command: options in, one library call, output out."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from dialogmoder import exit_codes
from dialogmoder.danish import besked, nbesked
from dialogmoder.error_handler import user_errors
from dialogmoder.errors import DialogError
from dialogmoder.version import __version__

if TYPE_CHECKING:
    from dialogmoder.domain.edition import Edition
    from dialogmoder.domain.repository import Repository

app = typer.Typer(
    name="dialog",
    help="Strategiske dialogmøder and Direktionen as code: scaffold, check, render.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

RootOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional at runtime on 3.11
    typer.Option(
        "--root",
        help="The dialog repository (default: the nearest folder with dialog.yaml).",
        file_okay=False,
    ),
]


TodayOption = Annotated[
    Optional[str],  # noqa: UP045 - Typer needs Optional at runtime on 3.11
    typer.Option("--today", help="The day frister are counted from, YYYY-MM-DD (default: today)."),
]

ForumOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--forum", help="Only this forum (id from dialog.yaml)."),
]

OutputOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--output", "-o", help="File to write, or - for stdout (the default)."),
]

# Every --format is a choice: Typer refuses any other value with its usage error (exit 2)
# and --help lists them. The names are the library's (tests/test_cli_options.py holds the
# two together); they are written out here so that `dialog --version` imports no library.
CheckFormat = StrEnum("CheckFormat", ["text", "json", "github", "md"])
VerifyFormat = StrEnum("VerifyFormat", ["text", "json", "github"])
StatusFormat = StrEnum("StatusFormat", ["text", "json"])
RenderFormat = StrEnum("RenderFormat", ["md", "html", "pdf"])
PlanFormat = StrEnum("PlanFormat", ["text", "md", "html"])
SchemaFormat = StrEnum("SchemaFormat", ["json", "md"])
ActionsFormat = StrEnum("ActionsFormat", ["text", "json", "md"])
DiffFormat = StrEnum("DiffFormat", ["text", "md", "json"])


def _root(root: Path | None, near: list[Path] | None = None) -> Path:
    """--root, else the nearest folder with dialog.yaml above the first of `near` (a PATH
    argument), else above the working directory."""
    from dialogmoder.io.layout import find_root

    if root is None and near:
        first = near[0].resolve()
        root = first if first.is_dir() else first.parent
    return find_root(root if root is not None else Path.cwd())


def _day(value: str | None, option: str = "--today") -> date:
    """The date an option gives (YYYY-MM-DD, years 1900-2999); today when it is not given."""
    from dialogmoder.domain.dates import date_out_of_range, parse_date

    if value is None:
        return date.today()
    try:
        day = parse_date(value)
    except ValueError:
        raise DialogError(
            besked("{option} {value!r} is not a date; write YYYY-MM-DD, e.g. 2025-01-29").format(
                option=option, value=value
            )
        ) from None
    refused = date_out_of_range(day)
    if refused:
        raise DialogError(f"{option} {refused}")
    return day


def _readable(root: Path) -> Repository:
    """The repository for a view: files that cannot be read are named on stderr, and what
    they hold is left out (their findings still give the exit code)."""
    from dialogmoder.domain.findings import print_unreadable
    from dialogmoder.domain.repository import load_repository

    repo = load_repository(root)
    print_unreadable(repo.findings, sys.stderr)
    return repo


def _emit(output: str | None, data: bytes, allowed: tuple[str, ...] = ()) -> None:
    """Write to stdout, or replace the file atomically."""
    if output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))
        return
    from dialogmoder.io.edit import write_output

    target = Path(output)
    if target.is_dir():
        raise DialogError(besked("-o {output} is a folder; give a file name").format(output=output))
    write_output(target, data, allowed)
    print(besked("wrote {output}").format(output=output), file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"dialog {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """dialog: meetings of a municipality's direktion as Markdown files in git."""


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new repository.")] = Path("."),
    organisation: Annotated[
        str, typer.Option(help="The organisation's name, e.g. 'Norddjurs Kommune'.")
    ] = "Min Kommune",
    install_spec: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="What the CI workflow pip-installs, e.g. 'dialogmoder==0.1.0' (default: this"
            " dialogmoder, from where it was installed)."
        ),
    ] = None,
) -> None:
    """Create a new dialog repository: dialog.yaml, templates/, meetings/."""
    from dialogmoder.workflow.scaffold import init_repository

    for path in init_repository(directory, organisation, install_spec):
        print(besked("created {path}").format(path=path))


@app.command("new-meeting")
def new_meeting(
    forum: Annotated[str, typer.Option(help="Forum id from dialog.yaml, e.g. direktionen.")],
    dato: Annotated[str, typer.Option(help="Meeting date, YYYY-MM-DD.")],
    titel: Annotated[
        Optional[str], typer.Option(help="Title; also names the folder.")  # noqa: UP045
    ] = None,
    facilitering: Annotated[
        bool, typer.Option(help="Also create the materiale til facilitering (ved behov).")
    ] = False,
    root: RootOption = None,
) -> None:
    """Create a meeting folder with meeting.md and every product its forum requires."""
    from dialogmoder.workflow.scaffold import new_meeting as scaffold_meeting

    base = _root(root)
    for path in scaffold_meeting(base, forum, _day(dato, "--dato"), titel, facilitering):
        print(besked("created {path}").format(path=path.relative_to(base)))


@app.command("add-item")
def add_item(
    meeting: Annotated[
        str, typer.Argument(help="Meeting folder or id, e.g. 2025-01-29-direktionen.")
    ],
    titel: Annotated[str, typer.Option(help="The punkt's title.")],
    position: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Insert as number N; later punkter are renumbered."),
    ] = None,
    aaben: Annotated[
        bool, typer.Option("--aaben", help="An open punkt (default: closed until you say so).")
    ] = False,
    offentlig_titel: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--offentlig-titel",
            help="A closed punkt's public title (offentlig_titel); also names its file,"
            " which is otherwise NN-lukket-punkt.md, never the closed title.",
        ),
    ] = None,
    slug: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The file's name after the number, e.g. budget-2026 (a-z, 0-9, -)."),
    ] = None,
    root: RootOption = None,
) -> None:
    """Add a numbered punkt to a meeting."""
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.workflow.scaffold import add_item as scaffold_item

    base = _root(root)
    path = scaffold_item(
        load_repository(base),
        meeting,
        titel,
        position,
        lukket=not aaben,
        offentlig_titel=offentlig_titel,
        slug=slug,
    )
    print(besked("created {path}").format(path=path.relative_to(base)))


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Also when the referat is approved (and, for remove-item, when the punkt has"
        " changes that are not committed).",
    ),
]


@app.command("move-item")
def move_item(
    meeting: Annotated[
        str, typer.Argument(help="Meeting folder or id, e.g. 2025-01-29-direktionen.")
    ],
    source: Annotated[int, typer.Argument(metavar="FROM", help="The punkt's number now.")],
    target: Annotated[int, typer.Argument(metavar="TO", help="The number it gets.")],
    force: ForceOption = False,
    root: RootOption = None,
) -> None:
    """Give a punkt another number; the punkter between move one up or down."""
    from dialogmoder.danish import besked
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.workflow.punkter import move_item as move

    base = _root(root)
    moved = move(load_repository(base), meeting, source, target, force)
    print(
        besked("moved punkt {source} to {path}; {n} other punkter renumbered").format(
            source=source, path=moved.path.relative_to(base).as_posix(), n=moved.renamed
        )
    )


@app.command("remove-item")
def remove_item(
    meeting: Annotated[
        str, typer.Argument(help="Meeting folder or id, e.g. 2025-01-29-direktionen.")
    ],
    number: Annotated[int, typer.Argument(metavar="N", help="The number of the punkt.")],
    force: ForceOption = False,
    root: RootOption = None,
) -> None:
    """Delete a punkt; the later punkter move down one number. Its bilag files stay."""
    from dialogmoder.danish import besked
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.workflow.punkter import remove_item as remove

    base = _root(root)
    removed = remove(load_repository(base), meeting, number, force)
    print(
        besked("removed {path}; {n} later punkter renumbered").format(
            path=removed.path.relative_to(base).as_posix(), n=removed.renamed
        )
    )
    for fil in removed.bilag:
        print(
            besked("kept the bilag file {fil}; delete it yourself if nothing else uses it").format(
                fil=fil
            )
        )


@app.command()
def check(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Check only the meetings holding these files or folders."),
    ] = None,
    today: TodayOption = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            help="text (grouped by file), json (a list of findings), github (annotations);"
            " md only with --list-rules.",
        ),
    ] = CheckFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings also make the exit code 1.")
    ] = False,
    explain: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Explain one rule, e.g. --explain DM201, and exit."),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List every rule (try --format md) and exit.")
    ] = False,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Without PATH, check only the meetings with deletions staged in git, not"
            " the whole repository (the pre-commit hook).",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """Check the repository; exit 0 clean, 1 with findings, 2 when it cannot be read.

    Given PATHs inside a git work tree, the meetings with staged deletions are checked too.
    """
    if output_format is CheckFormat.md and not list_rules:
        raise typer.BadParameter(
            besked("md is the rules table, for --list-rules; findings are text, json or github"),
            param_hint="'--format'",
        )
    deletions = None
    if explain is None and not list_rules:
        day = _day(today)
        where = _root(root, paths)
        if paths or staged:  # git answers while the check's modules are imported
            from dialogmoder.io.git import staged_deletions_later

            deletions = staged_deletions_later(where)
    from dialogmoder.check import explain_rule, run_check
    from dialogmoder.check.rules import all_rules, explanation, rules_table
    from dialogmoder.domain import findings as printers

    if explain is not None:
        print(explanation(explain_rule(explain)))
        return
    if list_rules:
        print(rules_table(all_rules(), output_format.value))
        return
    checked = run_check(where, paths or None, today=day, staged=staged, deletions=deletions)
    findings = checked.findings
    printers.print_findings(findings, output_format.value, sys.stdout)
    summary = printers.summary(findings, len(checked.files), len(checked.meetings))
    print(summary, file=sys.stderr)
    raise typer.Exit(exit_codes.for_findings(findings, strict=strict))


@app.command()
def export(root: RootOption = None) -> None:
    """The whole validated repository as JSON on stdout, for integrations."""
    from dialogmoder.views.export import export_document

    sys.stdout.write(export_document(_root(root)))


@app.command()
def approve(
    file: Annotated[
        Path,
        typer.Argument(
            help="The product to approve (e.g. .../program.md), or a meeting (its folder or"
            " id) whose referat to approve."
        ),
    ],
    by: Annotated[str, typer.Option("--by", help="Person id from dialog.yaml who approves.")],
    dato: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dato", help="Date of the approval, YYYY-MM-DD (default: today)."),
    ] = None,
    old_date: Annotated[
        Optional[str],  # noqa: UP045
        # --dato's name until now: scripts that use it keep working; not shown in --help
        typer.Option("--date", hidden=True, help="The old name of --dato."),
    ] = None,
    root: RootOption = None,
) -> None:
    """Record an approval in a product's front matter, or a referat's in its meeting.md;
    every other byte stays as it was."""
    from dialogmoder.workflow.approve import approve as approve_product

    if dato is not None and old_date is not None:
        raise DialogError(
            besked("--date is the old name of --dato; give the date once, with --dato")
        )
    day = _day(old_date, "--date") if old_date is not None else _day(dato, "--dato")
    base = _root(root, [file])
    print(approve_product(base, file, by, day))


@app.command()
def status(
    today: TodayOption = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="text (a dashboard) or json.")
    ] = StatusFormat.text,
    root: RootOption = None,
) -> None:
    """The dashboard: coming meetings, each product's state and days to its frist."""
    from dialogmoder.views.status import build_status, print_status

    day = _day(today)
    repo = _readable(_root(root))
    print_status(build_status(repo, day), output_format.value, sys.stdout)
    raise typer.Exit(exit_codes.for_findings(repo.findings))


@app.command()
def render(
    kind: Annotated[
        str,
        typer.Argument(
            help="dagsorden, referat, program, baggrundsnotat, facilitering, opfoelgningsnotat"
            " or materiale (program, baggrundsnotat and facilitering in one)."
        ),
    ],
    meeting: Annotated[
        str, typer.Argument(help="Meeting folder or id, e.g. 2025-01-29-direktionen.")
    ],
    output_format: Annotated[
        Optional[RenderFormat],  # noqa: UP045
        typer.Option(
            "--format", "-f", help="md, html or pdf (default: from the -o file's name, else md)."
        ),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="The public edition: nothing from closed punkter.")
    ] = False,
    bilag: Annotated[
        bool,
        typer.Option(
            "--bilag",
            help="With --format pdf: one PDF with the bilag that are PDFs after the document"
            " (dagsorden, referat, materiale).",
        ),
    ] = False,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output", "-o", help="File to write, or - for stdout (default: build/ folder)."
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Render a meeting's dagsorden, referat, program or opfølgningsnotat."""
    from dialogmoder.render import render_meeting

    fmt = None if output_format is None else output_format.value
    rendering = render_meeting(_root(root), kind, meeting, fmt, public, output, bilag)
    if rendering.path is None:
        sys.stdout.write(rendering.data.decode("utf-8"))
    else:
        print(besked("wrote {path}").format(path=rendering.path))


@app.command()
def plan(
    year: Annotated[int, typer.Argument(help="The year, e.g. 2024.")],
    forum: ForumOption = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="text (a table), md or html.")
    ] = PlanFormat.text,
    root: RootOption = None,
) -> None:
    """The årsplan: every meeting of the year with time, tema, vært, bistås af and formøde."""
    from dialogmoder.views.plan import render_plan

    repo = _readable(_root(root))
    sys.stdout.write(render_plan(repo, year, forum, output_format.value))
    raise typer.Exit(exit_codes.for_findings(repo.findings))


@app.command()
def calendar(
    output: OutputOption = None,
    forum: ForumOption = None,
    root: RootOption = None,
) -> None:
    """An iCalendar file with every meeting, formøde and product frist."""
    from dialogmoder.views.ics import render_calendar

    repo = _readable(_root(root))
    _emit(output, render_calendar(repo, forum))
    raise typer.Exit(exit_codes.for_findings(repo.findings))


@app.command()
def invitation(
    meeting: Annotated[
        str, typer.Argument(help="The meeting: its folder, by name or path, or its id.")
    ],
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="File to write, or - for stdout (default: build/ID-invitation.ics).",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """A meeting invitation (iTIP) for Outlook: a request, or a cancellation when it is off."""
    from dialogmoder.danish import besked
    from dialogmoder.io.layout import BUILD_DIR
    from dialogmoder.views.invitation import build_invitation

    top = _root(root)
    repo = _readable(top)
    made = build_invitation(repo, meeting)
    if made.without_email:
        print(
            besked("no invitation for {who}: no email in dialog.yaml").format(
                who=", ".join(made.without_email)
            ),
            file=sys.stderr,
        )
    if output is None:
        folder = repo.meeting(meeting)
        output = str(top / BUILD_DIR / f"{folder.uid}-invitation.ics")
    _emit(output, made.data)
    if output != "-":
        print(
            besked("{method}, SEQUENCE {sequence}").format(
                method=made.method, sequence=made.sequence
            ),
            file=sys.stderr,
        )
    raise typer.Exit(exit_codes.for_findings(repo.findings))


@app.command()
def site(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="The site's folder (default: build/site; --intern: build/intern).",
        ),
    ] = None,
    intern: Annotated[
        bool,
        typer.Option(
            "--intern",
            help="The mødemappe for the members: every forum in full, closed punkter and"
            " bilag included, every page marked internal and noindex.",
        ),
    ] = False,
    today: TodayOption = None,
    root: RootOption = None,
) -> None:
    """A static site of the published fora's public editions (`offentlig: true`)."""
    from dialogmoder.site import build_site, rebuild_site, unchanged_site

    day = _day(today)
    where = _root(root)
    edition: Edition = "intern" if intern else "public"
    report, inputs = unchanged_site(where, output, day, edition)
    unchanged = report is not None  # the site in its folder is the one a build would write
    rebuilt = None if unchanged else rebuild_site(where, output, day, edition, inputs)
    if rebuilt is not None:  # only the meetings that changed were read
        report, repo = rebuilt
    elif report is None:
        repo = _readable(where)
        report = build_site(repo, output, day, edition, inputs)
    meetings = nbesked("{n} meeting", "{n} meetings", report.meetings).format(n=report.meetings)
    print(
        besked("wrote {path}: {meetings}, {files} files").format(
            path=report.path, meetings=meetings, files=report.files
        ),
        file=sys.stderr,
    )
    if unchanged:
        return
    raise typer.Exit(exit_codes.for_findings(repo.findings))


@app.command()
def schema(
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="One schema: dialog, meeting, punkt, program, baggrundsnotat, facilitering,"
            " opfoelgningsnotat, or the site's data: data-indeks, data-aar, data-moede"
            " (default: all, as one JSON object)."
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", help="Folder to write NAME.schema.json files (or keys.md) into."
        ),
    ] = None,
    output_format: Annotated[
        SchemaFormat,
        typer.Option("--format", help="json (JSON Schema) or md (docs/keys.md: every key)."),
    ] = SchemaFormat.json,
) -> None:
    """JSON Schema (draft 2020-12) of dialog.yaml and every front matter, for editors;
    with --format md, the reference of every key for people (docs/keys.md)."""
    from dialogmoder.views.keys import keys_reference, write_keys_reference
    from dialogmoder.views.schema import all_schemas, model_schema, schema_text, write_schemas

    if output_format is SchemaFormat.md and output is not None:
        print(besked("wrote {x}").format(x=write_keys_reference(output, name)))
    elif output_format is SchemaFormat.md:
        sys.stdout.write(keys_reference(name))
    elif output is not None:
        for path in write_schemas(output, name):
            print(besked("wrote {path}").format(path=path))
    elif name is not None:
        sys.stdout.write(schema_text(model_schema(name)))
    else:
        sys.stdout.write(schema_text(all_schemas()))


@app.command()
def codeowners(
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 when the committed CODEOWNERS is out of date."),
    ] = False,
    output: OutputOption = None,
    root: RootOption = None,
) -> None:
    """CODEOWNERS lines: each product that needs approval is reviewed by its approver."""
    from dialogmoder.views.codeowners import build_codeowners, current_codeowners, stale_codeowners

    base = _root(root)
    repo = _readable(base)
    target = None if output in (None, "-") else Path(output)
    # the committed file's own lines (not dialog's) are kept
    result = build_codeowners(repo, current_codeowners(base, target))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    stale = None
    if check:
        configured = bool(repo.config.konfiguration_ejes_af)
        stale = stale_codeowners(base, result.text, target, configured=configured)
        print(stale or besked("CODEOWNERS is up to date"), file=sys.stderr)
    else:
        _emit(output, result.text.encode("utf-8"))
    failed = bool(result.problems) or stale is not None
    raise typer.Exit(exit_codes.for_findings(repo.findings, failed=failed))


@app.command()
def actions(
    owner: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--owner",
            help="Only initiativer of this person or group (id from dialog.yaml); a person's"
            " include those of the groups they are a member of.",
        ),
    ] = None,
    today: TodayOption = None,
    forum: ForumOption = None,
    output_format: Annotated[
        ActionsFormat, typer.Option("--format", "-f", help="text, json or md.")
    ] = ActionsFormat.text,
    root: RootOption = None,
) -> None:
    """Every initiativ from the opfølgningsnotater: open ones first, overdue at the top."""
    from dialogmoder.views.actions import collect_actions, render_actions

    base = _root(root)
    day = _day(today)
    repo = _readable(base)
    found = collect_actions(repo, day, owner=owner, forum=forum)
    sys.stdout.write(render_actions(found, day, output_format.value, base))
    raise typer.Exit(exit_codes.for_findings(repo.findings))


person_app = typer.Typer(help="The people in dialog.yaml.", no_args_is_help=True)
app.add_typer(person_app, name="person")


@person_app.command("add")
def person_add(
    navn: Annotated[str, typer.Argument(help="Full name, e.g. 'Søren Kjær'; gives the id.")],
    titel: Annotated[str, typer.Option(help="Title, e.g. Velfærdsdirektør.")],
    rolle: Annotated[str, typer.Option(help="borgmester, fagdirektoer, chef, konsulent, ...")],
    email: Annotated[Optional[str], typer.Option(help="E-mail address.")] = None,  # noqa: UP045
    github: Annotated[Optional[str], typer.Option(help="GitHub user name.")] = None,  # noqa: UP045
    root: RootOption = None,
) -> None:
    """Add a person to dialog.yaml with an id made from the name (Søren Kjær: soeren-kjaer)."""
    from dialogmoder.io.printable import printable
    from dialogmoder.workflow.people import NewPerson, add_person

    person_id = add_person(_root(root), NewPerson(navn, titel, rolle, email, github))
    print(
        besked("added {person_id} ({navn}) to dialog.yaml").format(
            person_id=person_id, navn=printable(navn)
        )
    )


@app.command()
def diff(
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="Revision to compare from (default: the merge base with the default branch)."
        ),
    ] = None,
    head: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Revision to compare to (default: the working tree)."),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text (coloured on a terminal), md or json."),
    ] = DiffFormat.text,
    public: Annotated[
        bool, typer.Option("--public", help="A closed punkt only as its number and title.")
    ] = False,
    root: RootOption = None,
) -> None:
    """What a change does to the meetings, in Danish: for a reviewer or a job summary."""
    from dialogmoder.diff import review_diff
    from dialogmoder.diff.formats import print_diff

    diff = review_diff(_root(root), base, head, public=public)
    print_diff(diff, output_format.value, sys.stdout)


@app.command()
def verify(
    rev: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--rev",
            help="Verify the approvals of this revision (default: the working tree, against"
            " the history of HEAD).",
        ),
    ] = None,
    output_format: Annotated[
        VerifyFormat, typer.Option("--format", help="text (grouped by file), json or github.")
    ] = VerifyFormat.text,
    root: RootOption = None,
) -> None:
    """Each approval was committed by its approver (author email or signing key), from git;
    exit 0 verified, 1 with findings, 2 when git or the repository cannot be read."""
    from dialogmoder.domain import findings as printers
    from dialogmoder.workflow.verify import print_proofs, verify_approvals

    verified = verify_approvals(_root(root), rev)
    findings = verified.findings
    printers.print_findings(findings, output_format.value, sys.stdout)
    print_proofs(verified.proofs, output_format.value, sys.stdout, sys.stderr)
    print(printers.summary(findings), file=sys.stderr)
    raise typer.Exit(exit_codes.for_findings(findings))


@app.command("allowed-signers")
def allowed_signers(output: OutputOption = None, root: RootOption = None) -> None:
    """The allowed signers file for git's gpg.ssh.allowedSignersFile, from dialog.yaml's
    signeringsnoegler."""
    from dialogmoder.domain.repository import load_config
    from dialogmoder.io.layout import ALLOWED_SIGNERS_FILE
    from dialogmoder.workflow.verify import allowed_signers as signers_text

    # .git/allowed_signers: beside the repository's own git, out of its working tree
    text = signers_text(load_config(_root(root)).data).encode("utf-8")
    _emit(output, text, allowed=(ALLOWED_SIGNERS_FILE,))


# --- more commands are registered above this line ------------------------------------


def main() -> None:
    from dialogmoder.command_table import command_table
    from dialogmoder.danish.terminal import run, speak

    with user_errors():
        speak()  # click's and Typer's own messages in the reader's language
        run(command_table(app))  # the command that runs is built, not every one
