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


# ---------------------------------------------------------------------------
# The knowledge store: ingest, reprocess, events, search, show, partners (issue 5).
# Thin commands over communique.batch and communique.store.queries.
# ---------------------------------------------------------------------------

QUERY_FORMATS = ("table", "json", "csv")


def _open(db: str | None, create: bool = False, window: int | None = None) -> Any:
    from communique.store import MergeRules, open_store

    rules = MergeRules(window_days=window) if window is not None else MergeRules()
    try:
        return open_store(db, create=create, rules=rules)
    except CommuniqueError as exc:
        _fail(exc)


def _db_option(function: Any) -> Any:
    return click.option(
        "--db", default=None, help="Database path or URL (default: the `db` setting)."
    )(function)


def _batch_options(function: Any) -> Any:
    options = [
        click.option(
            "--workers", type=int, default=None, help="Extraction processes (default: CPUs)."
        ),
        click.option(
            "--batch-size",
            type=int,
            default=64,
            show_default=True,
            help="Documents per transaction.",
        ),
        click.option(
            "--merge-window",
            type=int,
            default=None,
            help="Days apart two reports of one event may be (3).",
        ),
        click.option("--stages", default=None, help="Comma-separated stage names (default: all)."),
        click.option("--languages", default=None, help="Languages the identifier may answer."),
        click.option(
            "--kb",
            "extensions",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help="Knowledge-base extension (repeatable).",
        ),
        click.option("--quiet", is_flag=True, help="No progress bar."),
        _db_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _pipeline_options(
    stages: str | None,
    languages: str | None,
    extensions: tuple[str, ...],
    max_bytes: int | None = None,
) -> Any:
    from communique.batch import PipelineOptions

    return PipelineOptions(stages, languages, tuple(extensions), max_bytes)


def _run_batch(quiet: bool, total: int | None, job: Any) -> Any:
    """Run `job(on_progress)` under a progress bar; Ctrl-C stops it with what is committed kept."""
    from communique.batch.progress import progress_bar

    with progress_bar(total, disabled=quiet) as on_progress:
        try:
            return job(on_progress)
        except CommuniqueError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("interrupted: every committed batch is kept; rerun to finish", err=True)
            sys.exit(130)


def _report(summary: Any, store: Any) -> None:
    from communique.batch import describe
    from communique.store.engine import describe as describe_url

    figures = describe(summary)
    line = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in figures.items())
    click.echo(f"{line} into {describe_url(store.url)}")


@main.command(
    epilog="Example:\n\n  communique ingest ../shared/eval/dev/*.txt --db eval.db --workers 2",
)
@click.argument("paths", nargs=-1, required=True)
@_batch_options
@click.option("--max-bytes", type=int, default=None, help="Size limit per input (error E104).")
def ingest(
    paths: tuple[str, ...],
    workers: int | None,
    batch_size: int,
    merge_window: int | None,
    stages: str | None,
    languages: str | None,
    extensions: tuple[str, ...],
    quiet: bool,
    db: str | None,
    max_bytes: int | None,
) -> None:
    """Extract files, folders, globs or - and store documents, events and errors.

    Inputs already stored are skipped, so rerunning after an interruption
    finishes the job; the same text twice is stored once.
    """
    import os

    from communique import batch
    from communique.batch.runner import count_files

    store = _open(db, create=True, window=merge_window)
    options = _pipeline_options(stages, languages, extensions, max_bytes)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    summary = _run_batch(
        quiet,
        count_files(paths),
        lambda on_progress: batch.ingest(
            paths,
            store,
            workers=n_workers,
            batch_size=batch_size,
            options=options,
            on_progress=on_progress,
        ),
    )
    _report(summary, store)
    if summary.errors and not summary.documents and not summary.skipped:
        sys.exit(1)


@main.command(epilog="Example:\n\n  communique reprocess --db communique.db --stale")
@_batch_options
@click.option("--stale", is_flag=True, help="Only documents extracted by another pipeline version.")
@click.option("--merge-only", is_flag=True, help="Rebuild the merged events; extract nothing.")
def reprocess(
    workers: int | None,
    batch_size: int,
    merge_window: int | None,
    stages: str | None,
    languages: str | None,
    extensions: tuple[str, ...],
    quiet: bool,
    db: str | None,
    stale: bool,
    merge_only: bool,
) -> None:
    """Extract stored documents again after a pipeline or knowledge-base upgrade.

    Each document's derived data is replaced in one transaction: no duplicates,
    no loss, and an interrupted run can simply be run again.
    """
    import os

    from communique import batch

    store = _open(db, window=merge_window)
    if merge_only:
        try:
            click.echo(f"{store.recluster()} merged events")
        except CommuniqueError as exc:
            _fail(exc)
        return
    options = _pipeline_options(stages, languages, extensions)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    summary = _run_batch(
        quiet,
        store.counts()["documents"],
        lambda on_progress: batch.reprocess(
            store,
            workers=n_workers,
            batch_size=batch_size,
            options=options,
            stale_only=stale,
            on_progress=on_progress,
        ),
    )
    _report(summary, store)


def _filter_options(function: Any) -> Any:
    options = [
        click.option(
            "--org", default=None, help="An organization: id, name or acronym, any script."
        ),
        click.option("--with", "partner", default=None, help="A second organization taking part."),
        click.option("--person", default=None, help="A person: id or name."),
        click.option("--country", default=None, help="ISO code or name of the country."),
        click.option(
            "--type", "event_type", default=None, help="CONSULT, AGREE, SUPPORT, COOPERATE, AID."
        ),
        click.option(
            "--context", default=None, help="A context: health, migration, trafficking..."
        ),
        click.option("--lang", default=None, help="A language the reports are written in."),
        click.option("--since", default=None, help="From this day (YYYY-MM-DD)."),
        click.option("--until", default=None, help="Up to this day (YYYY-MM-DD)."),
        click.option(
            "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True
        ),
        click.option("--limit", type=int, default=50, show_default=True),
        _db_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _filters(options: dict[str, Any]) -> Any:
    from communique.store.queries import Filters

    return Filters(
        org=options["org"],
        partner=options["partner"],
        person=options["person"],
        country=options["country"],
        type=options["event_type"],
        context=options["context"],
        lang=options["lang"],
        since=options["since"],
        until=options["until"],
    )


def _print_rows(
    items: list[dict[str, Any]], flatten: Any, columns: tuple[str, ...], fmt: str
) -> None:
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    rows = [flatten(item) for item in items]
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, box=None, pad_edge=False)
    for row in rows:
        table.add_row(*(row[c] for c in columns))
    Console(width=200).print(table)
    click.echo(f"{len(rows)} row(s)")


@main.command(
    epilog="Example:\n\n  communique events --org UNODC --since 2020-01-01 --format json",
)
@_filter_options
def events(**options: Any) -> None:
    """List merged events (one row per real-world event, newest first)."""
    from communique.store import flat, queries

    store = _open(options["db"])
    try:
        found = queries.events(store, _filters(options), limit=options["limit"])
    except CommuniqueError as exc:
        _fail(exc)
    _print_rows(found, flat.event_row, flat.EVENT_COLUMNS, options["fmt"])


@main.command(
    epilog="Examples:\n\n  communique search 'الأمم المتحدة'\n\n  communique search --org ONUDC",
)
@click.argument("query", required=False, default="")
@_filter_options
def search(query: str, **options: Any) -> None:
    """Full-text search over every language and script, with snippets; --org finds mentions."""
    from communique.store import flat, queries

    store = _open(options["db"])
    try:
        hits = queries.search(store, query, _filters(options), limit=options["limit"])
    except CommuniqueError as exc:
        _fail(exc)
    _print_rows(hits, flat.hit_row, flat.HIT_COLUMNS, options["fmt"])


@main.command(epilog="Example:\n\n  communique show org:unodc")
@click.argument("ident")
@click.option("--record", is_flag=True, help="For a document, print its whole extraction record.")
@_db_option
def show(ident: str, record: bool, db: str | None) -> None:
    """Show a document (doc:), an event (ev:), a merged event (cl:) or an entity (id or name)."""
    from communique.store import queries

    store = _open(db)
    try:
        item = store.get_record(ident) if record else queries.show(store, ident)
    except CommuniqueError as exc:
        _fail(exc)
    click.echo(json.dumps(item, ensure_ascii=False, indent=2))


@main.command(
    epilog="Example:\n\n  communique partners UNODC\n\n  communique partners UNODC --with IOM"
)
@click.argument("org")
@click.option("--with", "other", default=None, help="Show the events of this one partnership.")
@click.option(
    "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True
)
@click.option("--limit", type=int, default=50, show_default=True)
@_db_option
def partners(org: str, other: str | None, fmt: str, limit: int, db: str | None) -> None:
    """List an organization's partners: events together, first and last seen, types, languages."""
    from communique.store import flat, queries

    store = _open(db)
    try:
        if other is not None:
            pair = queries.partnership(store, org, other)
            if fmt == "json":
                click.echo(json.dumps(pair, ensure_ascii=False, indent=2))
                return
            _print_rows(pair["events"], flat.event_row, flat.EVENT_COLUMNS, fmt)
            return
        found = queries.partners(store, org, limit=limit)
    except CommuniqueError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    _print_rows(found["partners"], flat.partner_row, flat.PARTNER_COLUMNS, fmt)


# ---------------------------------------------------------------------------
# Exports (issue 5, item 6): merged events as files, through communique.exports.
# ---------------------------------------------------------------------------

EXPORT_FORMATS_HELP = "csv, jsonl, parquet, plover, graphml, gexf, or an exporter plugin's name."


def _export_filter_options(function: Any) -> Any:
    options = [
        click.option("--org", default=None, help="An organization: id, name or acronym."),
        click.option("--with", "partner", default=None, help="A second organization taking part."),
        click.option("--person", default=None, help="A person: id or name."),
        click.option("--country", default=None, help="ISO code or name of the country."),
        click.option("--type", "event_type", default=None, help="CONSULT, AGREE, SUPPORT..."),
        click.option("--context", default=None, help="A context: health, migration..."),
        click.option("--lang", default=None, help="A language the reports are written in."),
        click.option("--since", default=None, help="From this day (YYYY-MM-DD)."),
        click.option("--until", default=None, help="Up to this day (YYYY-MM-DD)."),
        _db_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


@main.command(
    epilog="Example:\n\n  communique export --format plover --out unodc.jsonl --org UNODC"
    "\n\n  communique export --format graphml --out network.graphml --since 2020-01-01",
)
@click.option("--format", "fmt", required=True, help=EXPORT_FORMATS_HELP)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@_export_filter_options
def export(fmt: str, out: Path | None, **options: Any) -> None:
    """Export merged events (csv, jsonl, parquet, PLOVER) or the cooperation network.

    The filters are those of `communique events`. A file is replaced only once
    it is complete. Parquet, GraphML and GEXF need the `exports` extra.
    """
    from communique import exports

    if out is None and fmt == "parquet" and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give --out PATH or redirect the output")
    store = _open(options["db"])
    try:
        count = exports.export(store, fmt, out, _filters(options))
    except CommuniqueError as exc:
        _fail(exc)
    where = str(out) if out is not None else "standard output"
    click.echo(f"{count} item(s) exported as {fmt} to {where}", err=True)


# ---------------------------------------------------------------------------
# The server: JSON API and explorer pages over a store (issue 6).
# The one place HTTP ingest is wired: the API never runs the pipeline itself,
# so `serve` hands it `http_ingest`, which chains source -> pipeline -> store.
# ---------------------------------------------------------------------------


def http_ingest(store: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """Extract one posted document (the fields of a JSONL line) and store it."""
    from communique.batch.work import DEFAULT_OPTIONS, WorkItem, extract_chunk
    from communique.errors import CATALOGUE
    from communique.store import raw_hash
    from communique.store.views import document_view

    line = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    content = payload.get("text") or payload.get("html") or ""
    label = "http:" + str(payload.get("url") or "post")
    item = WorkItem(label=label, raw_hash=raw_hash(content), data=line, fmt="jsonl")
    incoming = extract_chunk([item], DEFAULT_OPTIONS)
    error = incoming[0].record.get("error") if incoming else {"code": "E101"}
    if error:
        code = error.get("code", "E200")
        detail = str(error.get("message", "")).removeprefix(CATALOGUE[code].summary)
        raise CommuniqueError(code, detail.lstrip(": "))
    outcome = store.write(incoming)
    if outcome.errors or not outcome.ids:
        raise CommuniqueError("E300", f"{label} was not stored")
    doc_id = outcome.ids[0]
    events = [event["id"] for event in document_view(store, doc_id)["events"]]
    status = "duplicate" if outcome.duplicates else "stored"
    return {"id": doc_id, "status": status, "events": events}


@main.command(
    epilog="Examples:\n\n  communique serve --db communique.db --port 8000\n\n"
    "  COMMUNIQUE_TOKEN=s3cret communique serve --allow-ingest",
)
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/v1/documents (needs --token).")
@click.option(
    "--token",
    default=None,
    envvar="COMMUNIQUE_TOKEN",
    help="Bearer token ingest requests must carry (or COMMUNIQUE_TOKEN).",
)
@click.option("--max-upload", type=int, default=None, help="Largest request body in bytes.")
def serve(
    db: str | None,
    host: str,
    port: int,
    allow_ingest: bool,
    token: str | None,
    max_upload: int | None,
) -> None:
    """Serve the JSON API (/api/v1) and the explorer pages; read only by default."""
    try:
        import uvicorn

        from communique.api import DEFAULT_MAX_UPLOAD, create_app
    except ImportError as exc:
        click.echo(f"error: {exc.name} is missing: pip install 'communique[web]'", err=True)
        sys.exit(2)
    if allow_ingest and not token:
        click.echo("error: --allow-ingest needs --token (or COMMUNIQUE_TOKEN)", err=True)
        sys.exit(2)
    try:
        app = create_app(
            db,
            allow_ingest=allow_ingest,
            token=token,
            max_upload=max_upload or DEFAULT_MAX_UPLOAD,
            ingest=http_ingest if allow_ingest else None,
        )
    except CommuniqueError as exc:
        _fail(exc)
    address = f"[{host}]" if ":" in host else host
    click.echo(f"serving {app.state.store!r} at http://{address}:{port}/ (API: /api/v1/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    main()
