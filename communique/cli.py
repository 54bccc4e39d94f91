"""The command line: thin commands over library calls.

Errors become messages only here: a coded error prints its code, what went
wrong and what to do, and sets a non-zero exit status.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from communique import __version__, settings
from communique.errors import CommuniqueError
from communique.pipeline import Pipeline

FORMATS = ("jsonl", "json", "pretty")


def _fail(exc: CommuniqueError) -> None:
    click.echo(f"error {exc.code}: {exc.message} ({exc.hint})", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
def main() -> None:
    """Communiqué: who cooperates with whom, on what, when and where, in six languages."""


@main.command(
    epilog="Example:\n\n  communique extract corpus/sample --format pretty",
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--explain", is_flag=True, help="Say why each event, participant, date and place.")
@click.option("--stages", default=None, help="Comma-separated stage names (default: all).")
@click.option("--languages", default=None, help="Languages the identifier may answer.")
@click.option("--max-bytes", type=int, default=None, help="Size limit per input (error E104).")
@click.option(
    "--kb",
    "extensions",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A YAML file that adds or overrides knowledge-base entries (repeatable).",
)
def extract(
    paths: tuple[str, ...],
    fmt: str,
    explain: bool,
    stages: str | None,
    languages: str | None,
    max_bytes: int | None,
    extensions: tuple[str, ...],
) -> None:
    """Extract records from files, folders, globs or - (standard input).

    Prints one record per document (shared/spec/output.md). The exit status is
    non-zero only when every input failed.
    """
    from communique import sources

    options: dict[str, Any] = {"explain": explain}
    if languages:
        options["languages"] = languages
    if extensions:
        options["kb"] = ",".join(extensions)
    try:
        pipeline = Pipeline.from_names(stages, **options)
    except CommuniqueError as exc:
        _fail(exc)
    records = (
        pipeline(doc).to_record() for doc in sources.iter_documents(paths, max_bytes=max_bytes)
    )
    total, failed = _print_records(records, fmt, explain)
    if total and failed == total:
        sys.exit(1)


def _print_records(records: Iterable[dict[str, Any]], fmt: str, explain: bool) -> tuple[int, int]:
    total = failed = 0
    collected = []
    for record in records:
        total += 1
        failed += "error" in record
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        elif fmt == "json":
            collected.append(record)
        else:
            from communique.report import print_pretty

            print_pretty(record, explain=explain)
    if fmt == "json":
        click.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    if fmt == "pretty":
        from communique.report import print_summary_line

        print_summary_line(total, failed)
    return total, failed


@main.command(
    "eval",
    epilog="Example:\n\n  communique eval ../shared/eval/dev --gate",
)
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--details", is_flag=True, help="List missed and spurious items per document.")
@click.option("--gate", is_flag=True, help="Fail (E211) on a drop below a pinned floor.")
@click.option("--raise-floors", is_flag=True, help="Pin the measured figures as new floors.")
@click.option("--allow-lower", is_flag=True, help="Let --raise-floors lower a floor.")
@click.option("--baseline", type=click.Path(path_type=Path), default=Path("eval/baseline.json"))
def eval_command(
    directory: Path,
    gold: Path | None,
    as_json: bool,
    details: bool,
    gate: bool,
    raise_floors: bool,
    allow_lower: bool,
    baseline: Path,
) -> None:
    """Score extraction of DIRECTORY/*.txt against the gold *.json beside them (or in --gold)."""
    from communique.evaluation import gate as gates
    from communique.evaluation.runner import format_details, format_table, run_eval

    report = run_eval(directory, gold)
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else format_table(report))
    if details:
        click.echo(format_details(report))
    set_name = directory.resolve().name
    pinned = json.loads(baseline.read_text(encoding="utf-8")) if baseline.exists() else {}
    if raise_floors:
        try:
            pinned = gates.raise_floors(report, pinned, set_name, allow_lower=allow_lower)
        except CommuniqueError as exc:
            _fail(exc)
        baseline.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        click.echo(f"floors for {set_name!r} written to {baseline}")
    if gate:
        failures = gates.check(report, pinned, set_name)
        for failure in failures:
            click.echo(f"below floor: {failure}", err=True)
        if failures:
            _fail(CommuniqueError("E211", f"{len(failures)} metric(s) in {set_name}"))


@main.group(epilog="Example:\n\n  communique kb search ONUDC")
@click.option(
    "--kb",
    "extensions",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A YAML file that adds or overrides entries (repeatable; also the `kb` setting).",
)
@click.pass_context
def kb(ctx: click.Context, extensions: tuple[str, ...]) -> None:
    """Look into the knowledge base: organizations, people, places and titles in six languages."""
    ctx.obj = _load_kb(extensions)


def _load_kb(extensions: tuple[str, ...]) -> Any:
    from communique.resources.kb import load_kb

    chosen = tuple(extensions) or tuple(settings.as_list(settings.get("kb")))
    try:
        return load_kb(chosen)
    except CommuniqueError as exc:
        _fail(exc)


@kb.command("show", epilog="Example:\n\n  communique kb show org:unodc")
@click.argument("ident")
@click.pass_obj
def kb_show(base: Any, ident: str) -> None:
    """Print everything known about one entry (org:..., person:..., place:..., country:xx)."""
    from communique.kbtools import show

    entry = show(base, ident)
    if entry is None:
        click.echo(f"no entry {ident!r}; try `communique kb search NAME`", err=True)
        sys.exit(1)
    click.echo(json.dumps(entry, ensure_ascii=False, indent=2))


@kb.command("search", epilog="Example:\n\n  communique kb search 'Управление ООН по наркотикам'")
@click.argument("name")
@click.option("--limit", default=20, show_default=True)
@click.pass_obj
def kb_search(base: Any, name: str, limit: int) -> None:
    """Find entries by name or acronym in any script, case and inflection."""
    from communique.kbtools import search

    hits = search(base, name, limit)
    for hit in hits:
        click.echo(f"{hit['id']:40} {hit['name']}{'' if hit['exact'] else '  (partial)'}")
    if not hits:
        sys.exit(1)


@kb.command("stats", epilog="Example:\n\n  communique kb stats --json")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def kb_stats(base: Any, as_json: bool) -> None:
    """Count entries by kind and the share with names in each language."""
    from communique.kbtools import stats

    figures = stats(base)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        click.echo(f"{key:40} {value}")


@kb.command("check", epilog="Example:\n\n  communique kb check --kb my_orgs.yaml")
@click.option("--warnings/--no-warnings", default=False, help="Also list doubtful aliases.")
@click.pass_obj
def kb_check(base: Any, warnings: bool) -> None:
    """Find malformed entries, broken references and shared aliases; exit 1 on errors."""
    from communique.kbtools import check

    report = check(base)
    for line in report.errors:
        click.echo(f"error: {line}")
    if warnings:
        for line in report.warnings:
            click.echo(f"warning: {line}")
    click.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    if report.errors:
        sys.exit(1)


@main.command(epilog="Example:\n\n  communique stages")
def stages() -> None:
    """List the pipeline stages in their default order, with what each needs and sets."""
    from communique.registry import STAGES

    order = settings.as_list(settings.get("stages"))
    for name in order + [n for n in STAGES.names() if n not in order]:
        stage = STAGES.get(name)
        needs = ", ".join(stage.requires) or "-"
        click.echo(f"{name:10} requires {needs:20} assigns {', '.join(stage.assigns)}")


@main.command("settings", epilog="Example:\n\n  communique settings")
def settings_command() -> None:
    """List every setting, its environment variable, current value and meaning."""
    for s in settings.SETTINGS:
        click.echo(f"{s.name:16} {s.env:28} = {settings.get(s.name)!s:30} {s.help}")


if __name__ == "__main__":  # pragma: no cover
    main()
