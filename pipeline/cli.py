"""The ``boardpapers`` command line: a thin layer over the library functions."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from pipeline.errors import BoardpapersError
from pipeline.settings import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_OCR_TIMEOUT_S,
    DEFAULT_OUT_DIR,
    DEFAULT_PDF_ENGINE,
    DEFAULT_RAW_DIR,
    DEFAULT_TIMEOUT_S,
    DEFAULT_WORKERS,
    PDF_ENGINES,
    ReadSettings,
)
from rules.config import SEVERITIES

# Exit statuses of `ingest`, documented in the README ("Running it every night").
EXIT_OK = 0
EXIT_RUN_FAILED = 1
EXIT_SOME_FILES_FAILED = 3

pdf_engine_option = click.option(
    "--pdf-engine",
    type=click.Choice(PDF_ENGINES),
    default=DEFAULT_PDF_ENGINE,
    show_default=True,
    help="Engine that reads every page of a PDF: pdfium (pypdfium2), playa (PLAYA-PDF) or "
    "pdfplumber (the slower reference). The same records on the real papers and every "
    "fixture; word differences are listed in tests/test_pdf_engines.py.",
)


def ocr_options(command: Callable) -> Callable:
    """``--no-ocr`` and ``--ocr-timeout``, for every command that reads papers."""
    command = click.option(
        "--ocr-timeout",
        "ocr_timeout_s",
        default=DEFAULT_OCR_TIMEOUT_S,
        show_default=True,
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds OCR may spend on one scanned page; a page that takes longer is left out "
        "and noted in errors.",
    )(command)
    return click.option(
        "--no-ocr",
        is_flag=True,
        help="Do not OCR the PDF pages without a usable text layer (a scanned paper is then a "
        'no_text_layer error). OCR needs an engine: pip install "boardpapers[ocr]", or '
        "Tesseract on the system.",
    )(command)


def _ocr_settings(no_ocr: bool, ocr_timeout_s: float) -> dict[str, object]:
    return {"ocr": not no_ocr, "ocr_timeout_s": ocr_timeout_s}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="boardpapers")
@click.option("-v", "--verbose", is_flag=True, help="Log each stage's details to stderr.")
def main(verbose: bool) -> None:
    """Turn a folder of council committee papers into Parquet tables."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


# Shared by the commands that read a publication.
data_option = click.option(
    "--data",
    "out_dir",
    default=str(DEFAULT_OUT_DIR),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the tables were published to (ingest --out).",
)


@contextmanager
def progress_reporter() -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on a terminal; plain log lines (every tenth file) when not."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = None

        def update_bar(done: int, total: int, source_path: str) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)
            bar.set_postfix_str(source_path[-40:], refresh=False)
            bar.update(1)

        try:
            yield update_bar
        finally:
            if bar is not None:
                bar.close()
        return

    def log_line(done: int, total: int, source_path: str) -> None:
        if done == total or done % 10 == 1:
            click.echo(f"ingest: {done}/{total} processed ({source_path})", err=True)

    yield log_line


@main.command()
@click.argument(
    "raw_dir",
    required=False,
    default=str(DEFAULT_RAW_DIR),
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--out",
    "out_dir",
    default=str(DEFAULT_OUT_DIR),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the tables are published to.",
)
@click.option(
    "--max-file-mb",
    default=DEFAULT_MAX_FILE_MB,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Files larger than this go to errors as too_large.",
)
@click.option(
    "--max-pages",
    default=DEFAULT_MAX_PAGES,
    show_default=True,
    type=click.IntRange(min=1),
    help="PDFs with more pages go to errors as too_large.",
)
@click.option(
    "--workers",
    default=DEFAULT_WORKERS,
    show_default=True,
    type=click.IntRange(min=0),
    help="Worker processes (0: in this process, without time or memory limits).",
)
@click.option(
    "--timeout",
    "timeout_s",
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds one file may take before it is stopped and recorded as timeout.",
)
@click.option(
    "--max-memory-mb",
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    type=click.IntRange(min=256),
    help="Memory one file may use in its worker; a file that needs more is recorded as too_large.",
)
@click.option(
    "--wait",
    "lock_timeout_s",
    default=0.0,
    type=click.FloatRange(min=0),
    help="Seconds to wait for another run on the same --out to finish (default: exit at once).",
)
@click.option(
    "--allow-removals",
    is_flag=True,
    help="Publish even when RAW_DIR is empty or more than half the known files vanished at "
    "once (by default the run refuses, in case the folder is not mounted).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where files are processed: this machine's worker pool, or the workers of a Dask "
    'cluster (needs pip install "boardpapers[dask]"; see "Running on a cluster").',
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Dask scheduler to send the work to (tcp://HOST:8786); without it --executor dask "
    "starts a cluster of --workers processes on this machine.",
)
@click.option(
    "--partition-by",
    "partition_by",
    metavar="organisation,year",
    default="",
    help="Write the tables Hive-partitioned by the papers' organisation and/or year "
    "(for corpora of many councils; see the README).",
)
@pdf_engine_option
@ocr_options
def ingest(
    raw_dir: Path,
    out_dir: Path,
    max_file_mb: float,
    max_pages: int,
    workers: int,
    timeout_s: float,
    max_memory_mb: int,
    lock_timeout_s: float,
    allow_removals: bool,
    pdf_engine: str,
    no_ocr: bool,
    ocr_timeout_s: float,
    executor: str,
    scheduler: str | None,
    partition_by: str,
) -> None:
    """Read every paper in RAW_DIR (default data/raw) and publish the tables to --out."""
    from pipeline.ingest import IngestSettings
    from pipeline.ingest import ingest as run_ingest
    from pipeline.workers import WorkerSettings

    settings = IngestSettings(
        read=ReadSettings(
            max_file_mb=max_file_mb,
            max_pages=max_pages,
            pdf_engine=pdf_engine,
            **_ocr_settings(no_ocr, ocr_timeout_s),
        ),
        workers=WorkerSettings(
            workers=workers,
            timeout_s=timeout_s,
            max_memory_mb=max_memory_mb,
            executor=executor,
            scheduler=scheduler,
        ),
        lock_timeout_s=lock_timeout_s,
        allow_removals=allow_removals,
        partition_by=_partition_by(partition_by, executor, scheduler),
    )

    try:
        with progress_reporter() as progress:
            summary = run_ingest(raw_dir, out_dir, settings, progress=progress)
    except (BoardpapersError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if summary.state_reset:
        click.echo(
            f"The last publication could not be trusted ({summary.state_reset}); "
            "every file was parsed again.",
            err=True,
        )
    click.echo(summary.sentence())
    if summary.kept:
        click.echo(
            f"{summary.kept} paper(s) kept their last published rows over a passing fault; "
            "they are tried again on the next run.",
            err=True,
        )
    click.echo(f"Tables published under {out_dir}/ (documents, milestones, statements, ...).")
    if summary.failed:
        click.echo(
            f"{summary.failed} file(s) could not be read in full: see {out_dir}/errors.",
            err=True,
        )
        sys.exit(EXIT_SOME_FILES_FAILED)


def _partition_by(value: str, executor: str, scheduler: str | None) -> tuple[str, ...]:
    from pipeline.publish import PARTITIONS, check_partition_by

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask.")
    names = tuple(p.strip() for p in value.split(",") if p.strip())
    try:
        return check_partition_by(names)
    except ValueError as exc:
        raise click.BadParameter(
            f"give one or both of {', '.join(PARTITIONS)}, comma-separated ({exc})",
            param_hint="--partition-by",
        ) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "docx-comments"]),
    default="text",
    show_default=True,
    help="text: one finding a line, like a compiler; json: for tools; sarif: SARIF 2.1.0 for "
    "CI and code review; docx-comments: a copy of a DOCX draft with each finding as a Word "
    "comment (needs --out).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write to: the commented copy for docx-comments (required), or the "
    "json/sarif output (default: print it).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="warning",
    show_default=True,
    help="Exit with status 1 when a finding is at least this severe.",
)
@pdf_engine_option
@ocr_options
def lint(
    paths: tuple[Path, ...],
    output_format: str,
    fail_on: str,
    out_path: Path | None,
    pdf_engine: str,
    no_ocr: bool,
    ocr_timeout_s: float,
) -> None:
    """Check the wording of draft plans (PDF, DOCX, HTML, TXT/MD files or folders of them).

    Prints `path:line:col: severity rule message (suggestion)` for text files and
    `path:page N:milestone REF: ...` where the format has pages. Every paragraph, bullet
    and table cell is checked, not only the records the finders recognised. Rules are
    configured in the nearest boardpapers.toml or pyproject.toml [tool.boardpapers.rules].
    """
    from pipeline.lint import as_json, should_fail
    from pipeline.lint import lint as run_lint

    if output_format == "docx-comments":
        if out_path is None:
            raise click.UsageError("--format docx-comments needs --out FILE for the copy.")
        docx_paths = [p for p in paths if p.suffix.lower() == ".docx" and p.is_file()]
        if len(docx_paths) != 1 or len(paths) != 1:
            raise click.UsageError("--format docx-comments takes exactly one .docx draft.")
    try:
        findings, problems = run_lint(
            paths, read=ReadSettings(pdf_engine=pdf_engine, **_ocr_settings(no_ocr, ocr_timeout_s))
        )
    except (BoardpapersError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if output_format in ("json", "sarif"):
        from pipeline.lint_output import as_sarif

        text = (
            as_json(findings, problems) if output_format == "json" else as_sarif(findings, problems)
        )
        if out_path is None:
            click.echo(text)
        else:
            out_path.write_text(text + "\n", encoding="utf-8")
            click.echo(f"{len(findings)} finding(s) written to {out_path}.", err=True)
    elif output_format == "docx-comments":
        from pipeline.lint_output import write_docx_comments

        assert out_path is not None
        try:
            added = write_docx_comments(paths[0], findings, out_path)
        except OSError as exc:
            raise click.ClickException(f"The commented copy could not be written: {exc}") from exc
        for problem in problems:
            click.echo(f"{problem.path}: error {problem.error_type} {problem.message}", err=True)
        click.echo(
            f"{added} comment(s) for {len(findings)} finding(s) written to {out_path}.", err=True
        )
    else:
        for finding in findings:
            click.echo(finding.to_line())
        for problem in problems:
            click.echo(f"{problem.path}: error {problem.error_type} {problem.message}", err=True)
        noun = "finding" if len(findings) == 1 else "findings"
        click.echo(
            f"{len(findings)} {noun} in {len(set(f.path for f in findings))} file(s).", err=True
        )
    sys.exit(1 if should_fail(findings, fail_on) or problems else 0)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--records", is_flag=True, help="Also show the detected kind, metadata and records.")
@pdf_engine_option
@ocr_options
def inspect(path: Path, records: bool, pdf_engine: str, no_ocr: bool, ocr_timeout_s: float) -> None:
    """Dump the intermediate document model of one file as JSON (for debugging extractors)."""
    from dataclasses import asdict

    from pipeline.extract import extract_rows
    from pipeline.read import identify, read_document

    try:
        identity = identify(path.resolve(), path.resolve().parent)
        doc = read_document(
            path,
            identity,
            ReadSettings(pdf_engine=pdf_engine, **_ocr_settings(no_ocr, ocr_timeout_s)),
        )
    except (BoardpapersError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    payload: dict[str, object] = {"document": doc.to_dict()}
    if records:
        extracted = extract_rows(doc)
        payload["doc_kind"] = extracted.doc_kind
        payload["meta"] = asdict(extracted.meta)
        payload["records"] = extracted.tables
    click.echo(json.dumps(payload, indent=1, default=str, ensure_ascii=False))


@main.command()
@data_option
@click.option(
    "--out",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write the report to (default: print it).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="html: one self-contained page; md: Markdown to paste into a committee paper.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only papers dated on or after this day (YYYY-MM-DD).",
)
@click.option(
    "--organisation",
    help="Only organisations whose name contains this (case ignored), e.g. eastmoor.",
)
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the papers are, for the source links (default: the folder ingested).",
)
def report(
    out_dir: Path,
    report_path: Path | None,
    output_format: str,
    since: datetime | None,
    organisation: str | None,
    raw_dir: Path | None,
) -> None:
    """Write the RAG exception report: red, amber, not achieved and slipping milestones."""
    from pipeline.report import render_report

    link_from = report_path.resolve().parent if report_path else Path.cwd()
    try:
        text = render_report(
            out_dir,
            fmt=output_format,
            since=since.date() if since else None,
            organisation=organisation,
            raw_dir=raw_dir,
            link_from=link_from,
        )
    except (BoardpapersError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if report_path is None:
        click.echo(text, nl=False)
        return
    try:
        report_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"The report could not be written: {exc}") from exc
    click.echo(f"Report written to {report_path}.", err=True)


@main.command()
@click.argument("sql")
@data_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text; csv or json: for other tools.",
)
def query(sql: str, out_dir: Path, output_format: str) -> None:
    """Run SQL (DuckDB) over the published tables: milestones, flags, documents, ...

    Every table is a view of its own name, and milestone_history links each
    milestone across papers, e.g.
    boardpapers query "select ref, text, previous_rag, rag from milestone_history
    where in_latest_paper and previous_rag = 'green' and rag = 'amber'"
    """
    from pipeline.query import format_result, run_query

    try:
        columns, rows = run_query(out_dir, sql)
    except (BoardpapersError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_result(columns, rows, output_format))


if __name__ == "__main__":
    main()
