"""The `kg` command line: a thin skin over the library.

Each command parses options, calls one library function and turns a KgError into a one-line
message and an exit status (1: the input was read and found wanting; 2: unusable input or
usage).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from kg import __version__
from kg.cli.common import DEFAULT_OUT, base_option, fail, quiet_option, shown_as
from kg.errors import KgError
from kg.settings import DEFAULT_BASE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: UN resolutions as linked data (build, validate, query, serve)."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", default=DEFAULT_OUT, show_default=True,
              type=click.Path(path_type=Path), help="Build directory (replaced atomically).")
@base_option
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--keep-going", is_flag=True,
              help="Skip unusable sources (listed) instead of stopping.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Run SHACL validation after building and summarise the result.")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "never"]), default="never",
              show_default=True, help="Exit 1 when validation finds these (or worse).")
@click.option("--metadata", "metadata", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV table of metadata (symbol, date, meeting, vote ...) filling what the "
                   "texts lack; repeatable. A folder's kg-metadata.csv is used without it.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Per-source build cache (default OUT/cache): unchanged sources are not "
                   "parsed again.")
@click.option("--no-cache", is_flag=True, help="Parse every source, use no cache.")
@click.option("--no-lineage", is_flag=True,
              help="Skip the corpus-level lineage stage (series and paragraph changes).")
@quiet_option
def build(sources: tuple[Path, ...], out: Path, base: str | None, jobs: int | None,
          keep_going: bool, validate: bool, fail_on: str = "never", metadata: tuple[Path, ...] = (),
          cache_dir: Path | None = None, no_cache: bool = False,
          no_lineage: bool = False, quiet: bool = False) -> None:
    """Parse SOURCES (files or folders; default: the bundled corpus) into a build directory.

    Writes the dumps in parts (OUT/dumps/NNNNN.nq, .trig with one named graph per resolution,
    .ttl; served as kg.nq, kg.trig, kg.ttl, and `kg export` makes single files of them), the
    embedded store OUT/store and OUT/build.json.

    Example: kg build corpus/ --out out
    """
    from kg.build import SHOWN_ERRORS
    from kg.build import build as run_build

    if fail_on != "never" and not validate:
        raise click.UsageError("--fail-on needs the validation that --no-validate turns off")
    if metadata:
        from kg.readers.table import use_tables

        use_tables(list(metadata))

    with shown_as("build", quiet) as shown:
        try:
            result = run_build(list(sources), out, base=base or DEFAULT_BASE, jobs=jobs,
                               keep_going=keep_going, progress=shown,
                               cache=not no_cache, cache_dir=cache_dir,
                               lineage=not no_lineage, validate=validate)
        except KgError as exc:
            shown.close()
            fail(exc)
            return
    for error in result.errors:
        click.echo(f"skipped: {error}", err=True)
    for other in result.others[:SHOWN_ERRORS]:
        click.echo(f"other source: {other}", err=True)
    if len(result.others) > SHOWN_ERRORS:
        click.echo(f"... and {len(result.others) - SHOWN_ERRORS} more other sources "
                   "(listed in build.json)", err=True)
    click.echo(f"Built {result.summary()}")
    if result.report is not None:
        click.echo(result.report.summary())
    from kg.validation.ci import fail_code, failing

    sys.exit(fail_code(result.report, failing(fail_on)))


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@base_option
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="SHACL-validate each graph (slower on large corpora).")
@click.option("--metadata", "metadata", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV table of metadata filling what the texts lack; repeatable.")
@click.option("--top", type=int, default=15, show_default=True,
              help="How many unknown opening phrases and problem files to list.")
@quiet_option
def report(sources: tuple[Path, ...], base: str | None, jobs: int | None, validate: bool,
           metadata: tuple[Path, ...], top: int, quiet: bool = False) -> None:
    """Print a quality report of SOURCES (default: the bundled corpus), per source folder.

    Documents built and skipped (with the reason), paragraphs, documents without operative
    paragraphs, opening phrases the phrase scheme does not know, citations, validation.

    Example: kg report ../shared/corpus --no-validate
    """
    from kg.build import default_corpus
    from kg.quality.report import corpus_report

    if metadata:
        from kg.readers.table import use_tables

        use_tables(list(metadata))
    with shown_as("report", quiet) as shown:
        try:
            result = corpus_report(list(sources) or [default_corpus()],
                                   base=base or DEFAULT_BASE, validate=validate, jobs=jobs,
                                   progress=shown)
        except KgError as exc:
            shown.close()
            fail(exc)
            return
    click.echo(result.to_text(top=top), nl=False)


@main.command()
@click.argument("build_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nq", "jsonld", "xml"]))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File (default: stdout).")
def export(build_dir: Path, fmt: str, output: Path | None) -> None:
    """Write the built graph in one RDF syntax (JSON-LD uses the published context).

    Example: kg export out --format jsonld -o kg.jsonld
    """
    from kg.atomic import writing
    from kg.builddir.dumps import dump, open_dump, read_quads
    from kg.builddir.dumps import export as run_export
    from kg.rdf import formats

    try:
        if fmt in ("nq", "trig"):  # the build's own dump, its parts as one file
            with open_dump(build_dir, fmt) as stream:
                if output is None:
                    shutil.copyfileobj(stream, sys.stdout.buffer, 1 << 20)
                    return
                with writing(output) as sink:
                    shutil.copyfileobj(stream, sink, 1 << 20)
            return
        quads = read_quads(build_dir)
        if output:
            dump(quads, formats.by_name(fmt), output)
        else:
            run_export(quads, formats.by_name(fmt), sys.stdout.buffer)
    except KgError as exc:
        fail(exc)


@main.command()
@click.argument("query_spec", metavar="QUERY")
@click.option("--store", "store_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(path_type=Path), help="Build directory to query.")
@click.option("--endpoint", default=None, metavar="URL", help="Query a remote SPARQL endpoint.")
@click.option("--param", "-p", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query (see `kg queries`); for other queries, a "
                   "variable to bind (IRIs as <...> or http...).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def query(query_spec: str, store_dir: Path, endpoint: str | None, param: tuple[str, ...],
          fmt: str) -> None:
    """Run QUERY: a .rq file, a named query from queries/ (see `kg queries`) or a SPARQL string.

    The prefixes of /sparql (unres: eli: dcterms: skos: ...) are predeclared.

    Example: kg query paragraphs-by-phrase -p label="calls upon"
    """
    from kg.sparql.run import render, resolve_query, run_local, run_remote

    try:
        params = dict(_split(p) for p in param)
        named = resolve_query(query_spec)
        terms = named.bindings(params)
        answer = (run_remote(named.text, endpoint, terms) if endpoint
                  else run_local(named.text, store_dir, terms))
    except KgError as exc:
        fail(exc)
        return
    click.echo(render(answer, fmt))


def _split(pair: str) -> tuple[str, str]:
    name, eq, value = pair.partition("=")
    if not eq:
        raise click.BadParameter(f"{pair!r}: expected NAME=VALUE", param_hint="--param")
    return name.strip(), value


@main.command("queries")
def list_queries() -> None:
    """List the named queries of queries/ with their parameters.  Example: kg queries"""
    from kg.sparql.queries import queries

    for q in queries():
        click.echo(f"{q.name}: {q.title}")
        for p in q.params:
            need = "required" if p.required else "optional"
            click.echo(f"    -p {p.name}=...  {need} {p.kind}: {p.description} "
                       f"(e.g. -p {p.example_arg()})")


@main.command()
@click.argument("build_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@base_option
@click.option("--timeout-s", default=10.0, show_default=True, help="SPARQL query time limit.")
@click.option("--max-rows", default=10_000, show_default=True, help="Rows (triples) per answer.")
@click.option("--max-body", default=1_000_000, show_default=True, help="Request body limit, bytes.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes (killed past the time limit; no network access).")
@click.option("--processes", default=2, show_default=True, help="Web server processes.")
@click.option("--limit", "limits", multiple=True, metavar="NAME=N",
              help="Limits: query-memory-mb (1024), per-client (4), queue (32), queue-wait-s (5).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="HOST[:PORT]",
              help="A Host header value the server answers for (repeatable; '*' for any). "
                   "Default: the --host:--port address and localhost forms; others get 400.")
def serve(build_dir: Path, host: str, port: int, base: str | None, timeout_s: float,
          max_rows: int, max_body: int, workers: int, processes: int,
          allowed_hosts: tuple[str, ...] = (), limits: tuple[str, ...] = ()) -> None:
    """Serve a build: SPARQL endpoint at /sparql, resource pages, content negotiation, dumps.

    A rebuild into BUILD_DIR is served without a restart (downloads in flight finish from
    the previous build).

    Example: kg serve out --port 8000 --allowed-host data.example.org
    """
    from kg.serve import run

    try:
        run(build_dir, host=host, port=port, base=base, timeout_s=timeout_s, max_rows=max_rows,
            max_body=max_body, workers=workers, processes=processes,
            allowed_hosts=allowed_hosts, limits=limits)
    except KgError as exc:
        fail(exc)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--stage", type=click.Choice(["normalise", "segment", "rdf"]), default="rdf",
              show_default=True)
@base_option
def parse(source: Path, stage: str, base: str | None) -> None:
    """Show one source after a pipeline stage (for debugging a parse).

    Example: kg parse corpus/seeds/000_bccda29d65a91df4.txt --stage segment
    """
    from kg.quality.parse import show

    try:
        click.echo(show(source, stage, base=base or DEFAULT_BASE))
    except KgError as exc:
        fail(exc)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--store", "build_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(path_type=Path), help="Build directory to look symbols up in.")
@click.option("--all", "show_unchanged", is_flag=True, help="Print unchanged paragraphs too.")
@click.option("--colour/--no-colour", default=None, help="Colour (default: when a terminal).")
def diff(old: str, new: str, build_dir: Path, show_unchanged: bool, colour: bool | None) -> None:
    """Show how NEW changed since OLD, paragraph by paragraph, with word-level changes.

    OLD and NEW are two source files, or two symbols of a build. Removed words are shown as
    [-...-], added words as {+...+}; each paragraph is labelled with its change type.

    Example: kg diff A/RES/60/161 A/RES/62/152 --store out
    """
    from kg.lineage.compare import diff as run_diff

    try:
        click.echo(run_diff(old, new, build_dir=build_dir, show_unchanged=show_unchanged,
                            colour=sys.stdout.isatty() if colour is None else colour), nl=False)
    except KgError as exc:
        fail(exc)


@main.command()
@click.argument("build_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store: its root URL with --store-type, else its Graph Store Protocol URL.")
@click.option("--store-type", "kind", default="generic", show_default=True,
              type=click.Choice(["generic", "virtuoso", "oxigraph", "fuseki"]),
              help="Derive the GSP, query and update URLs from --endpoint as this store has them.")
@click.option("--gsp-url", default=None, metavar="URL", help="Graph Store Protocol URL.")
@click.option("--query-url", default=None, metavar="URL", help="SPARQL query URL.")
@click.option("--update-url", default=None, metavar="URL", help="SPARQL Update URL.")
@click.option("--via", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Write graphs with GSP PUT/DELETE or with SPARQL Update.")
@click.option("--user", default=None, help="User name (HTTP basic, or digest with --digest).")
@click.option("--password", default=None, envvar="KG_PUBLISH_PASSWORD",
              help="Password (or the environment variable KG_PUBLISH_PASSWORD).")
@click.option("--digest", is_flag=True, help="HTTP digest authentication (Virtuoso's *-auth).")
@click.option("--token", default=None, envvar="KG_PUBLISH_TOKEN",
              help="Bearer token (or the environment variable KG_PUBLISH_TOKEN).")
@click.option("--retries", default=4, show_default=True, help="Retries per request (back-off).")
@click.option("--concurrency", default=4, show_default=True, help="Requests in flight.")
@click.option("--full", is_flag=True, help="Send every graph, whatever the store holds.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send nothing.")
@quiet_option
def publish(build_dir: Path, endpoint: str, kind: str, gsp_url: str | None,
            query_url: str | None, update_url: str | None, via: str, user: str | None,
            password: str | None, digest: bool, token: str | None, retries: int,
            concurrency: int, full: bool, dry_run: bool, quiet: bool = False) -> None:
    """Push a build into a SPARQL 1.1 store, one named graph per resolution; only graphs that
    changed since the last publish to that store are sent, deleted sources are removed.

    Example: kg publish out --endpoint http://127.0.0.1:8890 --store-type virtuoso
    --user dba --password dba
    """
    from kg.publish import Endpoint
    from kg.publish import publish as run_publish

    auth = "digest" if digest else None
    target = Endpoint.preset(kind, endpoint, gsp=gsp_url, query=query_url, update=update_url,
                             via=via, user=user, password=password, token=token, auth=auth,
                             retries=retries)
    with shown_as("publish", quiet) as shown:
        try:
            result = run_publish(build_dir, target, full=full, dry_run=dry_run,
                                 concurrency=concurrency, progress=shown)
        except KgError as exc:
            shown.close()
            fail(exc)
            return
    click.echo(result.summary())


from kg.cli.validate import validate  # noqa: E402

main.add_command(validate)
