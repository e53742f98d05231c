"""Issue 18: a nightly job that cannot be wedged, tricked or quietly emptied.

Real files, real processes and real signals: a FIFO, a link to /dev/zero, links out of
the input folder, a file name that is not UTF-8, a 3 GB (sparse) file, an empty input
folder, `query` write attempts, raised limits, workers killed with SIGKILL, a deleted
table file, an empty manifest. Tests run as root, where ``chmod 000`` stops nothing, so
the unreadable sub-folder is made by a monkeypatched ``os.scandir`` that raises
``PermissionError`` for it, exactly what a non-root job meets.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from filelock import FileLock

from pipeline.errors import RunError
from pipeline.ingest import LOCK_FILE, RUN_LOG, IngestSettings, ingest
from pipeline.publish import MANIFEST, PART_FILE, STATE_DIR, current_version_dir, read_manifest
from pipeline.schema import TABLES
from pipeline.settings import ReadSettings
from pipeline.workers import WorkerSettings

MINUTES = """Minutes

Children's Scrutiny Panel, {day} March 2025

Resolved:

1) to note the report on item {n}; and

2) to receive a further report on item {n} in June 2025.
"""
IN_PROCESS = IngestSettings(workers=WorkerSettings(workers=0))
STAMPS = ("ingested_at", "occurred_at")


def write_minutes(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINUTES.format(n=n, day=1 + n % 28), encoding="utf-8")
    return path


def boardpapers(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def cli(*args: str) -> Result:
    """The command in this process; an exception that escapes it fails the test."""
    from pipeline.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def tables_of(out: Path, names=TABLES) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in names:
        frame = pd.read_parquet(out / name)
        frames[name] = frame.drop(columns=[c for c in STAMPS if c in frame])
    return frames


def sources(out: Path) -> list[str]:
    return sorted(pd.read_parquet(out / "documents")["source_path"])


def errors_by_path(out: Path) -> dict[str, str]:
    errors = pd.read_parquet(out / "errors")
    return dict(zip(errors["source_path"], errors["error_type"], strict=True))


def build_long_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for n in range(1, pages + 1):
        canvas.drawString(72, 720, f"Minutes, page {n}. Resolved: to note the report.")
        canvas.showPage()
    canvas.save()
    return path


# --- 1, 2, 4: what is in the folder is looked at, never trusted -----------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """One real `boardpapers ingest` process over a folder of hostile entries."""
    root = tmp_path_factory.mktemp("hostile")
    raw, out = root / "raw", root / "out"
    write_minutes(raw / "good.txt", 1)
    write_minutes(raw / "sub" / "also_good.txt", 2)
    write_minutes(root / "elsewhere" / "outside.txt", 3)
    os.mkfifo(raw / "incoming.pdf")
    os.mkfifo(raw / "sub" / "pipe.txt")
    (raw / "zero.txt").symlink_to("/dev/zero")
    (raw / "notes.txt").symlink_to("/etc/passwd")
    (raw / "escape.txt").symlink_to("../elsewhere/outside.txt")
    (raw / "alias.txt").symlink_to("good.txt")  # inside: read, a duplicate of good.txt
    (raw / "pipe_alias.txt").symlink_to("sub/pipe.txt")
    (raw / "folder_link").symlink_to("sub", target_is_directory=True)
    with open(os.fsencode(raw) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(MINUTES.format(n=4, day=4).encode())
    os.mkdir(os.fsencode(raw) + b"/r\xe9union")
    with open(os.fsencode(raw) + b"/r\xe9union/m.txt", "wb") as handle:
        handle.write(MINUTES.format(n=5, day=5).encode())
    with (raw / "huge.pdf").open("wb") as handle:
        handle.truncate(3 * 2**30)  # 3 GB, sparse: hashing it would take seconds
    started = time.monotonic()
    run = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "1", timeout=90)
    return {
        "raw": raw,
        "out": out,
        "run": run,
        "seconds": time.monotonic() - started,
        "errors": errors_by_path(out),
    }


def test_a_fifo_and_a_link_to_a_device_are_error_rows_not_a_hang(hostile):
    run = hostile["run"]
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    errors = hostile["errors"]
    assert errors["incoming.pdf"] == "not_a_file"
    assert errors["sub/pipe.txt"] == "not_a_file"
    assert errors["pipe_alias.txt"] == "not_a_file"  # a link inside, to a FIFO
    assert errors["zero.txt"] == "outside_input"
    assert errors["folder_link"] == "not_a_file"
    message = pd.read_parquet(hostile["out"] / "errors").set_index("source_path")["message"]
    assert "named pipe" in message["incoming.pdf"]
    # The lock was released: the next night runs, and as fast (nothing is waited on).
    again = boardpapers("ingest", str(hostile["raw"]), "--out", str(hostile["out"]), timeout=60)
    assert again.returncode == 3, again.stderr
    assert errors_by_path(hostile["out"]) == errors


def test_a_huge_file_is_refused_by_its_size_before_it_is_hashed(hostile, tmp_path, monkeypatch):
    assert hostile["errors"]["huge.pdf"] == "too_large"
    message = pd.read_parquet(hostile["out"] / "errors").set_index("source_path")["message"]
    assert "3072 MB, over the 200 MB limit" in message["huge.pdf"]

    raw = tmp_path / "raw"
    write_minutes(raw / "ok.txt", 1)
    with (raw / "big.txt").open("wb") as handle:
        handle.truncate(2 * 2**20)
    hashed: list[str] = []
    import pipeline.ingest

    real_identify = pipeline.ingest.identify

    def spy(path, raw_dir, max_file_mb=None):
        hashed.append(path.name)
        return real_identify(path, raw_dir, max_file_mb)

    monkeypatch.setattr(pipeline.ingest, "identify", spy)
    settings = IngestSettings(read=ReadSettings(max_file_mb=1), workers=WorkerSettings(workers=0))
    ingest(raw, tmp_path / "out", settings)
    assert hashed == ["ok.txt"]
    assert errors_by_path(tmp_path / "out") == {"big.txt": "too_large"}


def test_a_file_name_that_is_not_utf8_is_an_error_row_not_a_traceback(hostile):
    errors = hostile["errors"]
    assert errors["caf\\xe9.txt"] == "bad_name"
    assert errors["r\\xe9union"] == "bad_name"  # a folder: one row, not entered
    assert "Traceback" not in hostile["run"].stderr
    assert "good.txt" in sources(hostile["out"])


def test_links_are_never_followed_out_of_the_input_folder(hostile):
    errors = hostile["errors"]
    assert errors["notes.txt"] == "outside_input"
    assert errors["escape.txt"] == "outside_input"
    out = hostile["out"]
    assert sources(out) == ["good.txt", "sub/also_good.txt"]
    titles = " ".join(str(t) for t in pd.read_parquet(out / "documents")["title"])
    assert "root:" not in titles
    message = pd.read_parquet(out / "errors").set_index("source_path")["message"]
    assert "/etc/passwd" in message["notes.txt"]
    # A link inside the folder is read; the paper is published under the file's own name.
    assert errors["alias.txt"] == "duplicate"


# --- 3: walk errors and vanished folders never unpublish -------------------------------


def test_an_unreadable_sub_folder_keeps_its_papers_and_is_tried_again(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(3):
        write_minutes(raw / f"top_{n}.txt", n)
    write_minutes(raw / "2025" / "march.txt", 10)
    write_minutes(raw / "2025" / "april.txt", 11)
    ingest(raw, out, IN_PROCESS)
    before = tables_of(out)

    real_scandir = os.scandir
    locked = os.fspath(raw / "2025")

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr("pipeline.read.os.scandir", scandir)
    summary = ingest(raw, out, IN_PROCESS)
    assert (summary.removed, summary.failed) == (0, 1)
    errors = pd.read_parquet(out / "errors")
    assert errors[["source_path", "error_type"]].values.tolist() == [["2025", "folder_unreadable"]]
    assert bool(errors["transient"].iloc[0])
    assert "Permission denied" in errors["message"].iloc[0]
    after = tables_of(out)
    for name in ("documents", "statements"):
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)

    monkeypatch.undo()
    summary = ingest(raw, out, IN_PROCESS)
    assert summary.failed == 0 and summary.reprocessed == 2
    assert pd.read_parquet(out / "errors").empty
    assert sources(out) == sorted(["2025/april.txt", "2025/march.txt", *before_tops(3)])


def before_tops(n: int) -> list[str]:
    return [f"top_{i}.txt" for i in range(n)]


def test_an_input_folder_that_cannot_be_listed_fails_the_run_not_the_publication(
    tmp_path, monkeypatch
):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_minutes(raw / "m.txt", 1)
    ingest(raw, out, IN_PROCESS)

    def scandir(path="."):
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    monkeypatch.setattr("pipeline.read.os.scandir", scandir)
    with pytest.raises(RunError, match="could not be listed"):
        ingest(raw, out, IN_PROCESS)
    assert sources(out) == ["m.txt"]


def test_an_empty_or_unmounted_input_folder_is_refused_and_the_publication_stays(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(4):
        write_minutes(raw / f"m_{n}.txt", n)
    assert cli("ingest", str(raw), "--out", str(out), "--workers", "0").exit_code == 0
    before = tables_of(out)

    hidden = tmp_path / "unmounted"
    raw.rename(hidden)
    raw.mkdir()  # the mount point, with nothing mounted on it
    run = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "0")
    assert run.returncode == 1
    assert run.stderr.startswith("Error: The input folder") and "is empty" in run.stderr
    assert "--allow-removals" in run.stderr and "Traceback" not in run.stderr
    pd.testing.assert_frame_equal(before["documents"], tables_of(out)["documents"])

    # Most of the known files gone at once: refused too.
    raw.rmdir()
    hidden.rename(raw)
    for n in range(3):
        (raw / f"m_{n}.txt").unlink()
    run = cli("ingest", str(raw), "--out", str(out), "--workers", "0")
    assert run.exit_code == 1 and "3 of the 4 files" in run.stderr
    log = [json.loads(line) for line in (out / RUN_LOG).read_text().splitlines()]
    assert [e["outcome"] for e in log] == ["ok", "failed", "failed"]
    assert len(tables_of(out)["documents"]) == 4

    run = cli("ingest", str(raw), "--out", str(out), "--workers", "0", "--allow-removals")
    assert run.exit_code == 0, run.stderr
    assert "3 removed" in run.stdout
    assert sources(out) == ["m_3.txt"]


# --- 5: query only reads -----------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("query")
    for n in range(3):
        write_minutes(root / "raw" / f"m_{n}.txt", n)
    ingest(root / "raw", root / "out", IN_PROCESS)
    return root / "out"


@pytest.mark.parametrize(
    "sql",
    [
        "copy (select 1 as x) to '{out}/milestones/part-0.parquet'",
        "copy statements to '/tmp/stolen.csv'",
        "create table t as select 1",
        "select 1; drop view statements",
        "set enable_external_access = true",
        "attach '/tmp/other.duckdb' as other",
        "install httpfs",
        "pragma enable_profiling",
    ],
)
def test_query_refuses_every_statement_that_is_not_a_read(published, sql):
    from pipeline.query import run_query

    part = current_version_dir(published) / "statements" / PART_FILE
    before = part.read_bytes()
    with pytest.raises(RunError, match="only reads"):
        run_query(published, sql.format(out=published))
    assert part.read_bytes() == before
    rows = len(pd.read_parquet(published / "statements"))
    assert rows and run_query(published, "select count(*) from statements")[1] == [(rows,)]


def test_query_cannot_read_files_outside_the_publication(published):
    from pipeline.query import run_query

    with pytest.raises(RunError, match="disabled by configuration"):
        run_query(published, "select * from read_csv('/etc/passwd')")
    with pytest.raises(RunError, match="disabled by configuration"):
        run_query(published, "select * from read_text('/etc/hostname')")
    own = f"select count(*) from read_parquet('{published}/documents/*.parquet')"
    assert run_query(published, own)[1] == [(3,)]


def test_query_write_attempt_from_the_command_line_is_one_error_line(published):
    target = published / "milestones" / PART_FILE
    run = boardpapers("query", f"copy (select 1 as x) to '{target}'", "--data", str(published))
    assert run.returncode == 1
    assert run.stderr.startswith("Error: `boardpapers query` only reads: COPY")
    assert pd.read_parquet(published / "milestones").columns.tolist() == TABLES["milestones"].names


def test_published_files_are_read_only(published):
    version = current_version_dir(published)
    for name in TABLES:
        assert stat.S_IMODE((version / name / PART_FILE).stat().st_mode) == 0o444, name
        assert stat.S_IMODE((version / name).stat().st_mode) == 0o555, name
    assert stat.S_IMODE((version / MANIFEST).stat().st_mode) == 0o444


def test_a_query_reads_one_version_even_when_a_run_publishes_meanwhile(tmp_path):
    from pipeline.query import connect

    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(2):
        write_minutes(raw / f"m_{n}.txt", n)
    ingest(raw, out, IN_PROCESS)
    old = [(len(pd.read_parquet(out / name)),) for name in ("documents", "statements")]
    connection = connect(out)
    for n in range(2, 5):
        write_minutes(raw / f"m_{n}.txt", n)
    ingest(raw, out, IN_PROCESS)  # switched in between the connection and the reads
    documents = connection.execute("select count(*) from documents").fetchall()
    statements = connection.execute("select count(*) from statements").fetchall()
    connection.close()
    assert [*documents, *statements] == old
    assert len(sources(out)) == 5


# --- 6: failures are retried when they may have passed -----------------------------------


def test_a_raised_page_limit_retries_the_file(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    build_long_pdf(raw / "appendix.pdf", 3)

    def run(max_pages: int):
        read = ReadSettings(max_pages=max_pages)
        return ingest(raw, out, IngestSettings(read=read, workers=WorkerSettings(workers=0)))

    first = run(1)
    assert first.failed == 1 and errors_by_path(out) == {"appendix.pdf": "too_large"}
    entry = read_manifest(out)["files"]["appendix.pdf"]
    assert entry["limits"]["max_pages"] == 1 and entry["error_types"] == ["too_large"]
    same = run(1)
    assert (same.unchanged, same.reprocessed, same.failed) == (1, 0, 1)
    raised = run(1500)
    assert (raised.reprocessed, raised.failed) == (1, 0)
    assert sources(out) == ["appendix.pdf"]
    assert pd.read_parquet(out / "errors").empty


def lying_count_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages whose page tree says ``/Count 1``: pdfium believes it."""
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path))
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"Appendix page {number}: the figures for this quarter.")
        sheet.showPage()
    sheet.save()
    data = path.read_bytes()
    assert data.count(f"/Count {pages}".encode()) == 1
    path.write_bytes(data.replace(f"/Count {pages}".encode(), b"/Count 1"))
    return path


@pytest.mark.parametrize("engine", ["playa", "pdfplumber"])
def test_a_pdf_whose_page_count_lies_still_meets_the_page_limit(tmp_path, engine):
    import pypdfium2

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    pdf = lying_count_pdf(raw / "appendix.pdf", 6)
    assert len(pypdfium2.PdfDocument(pdf)) == 1  # the quick page check is fooled
    read = ReadSettings(max_pages=3, pdf_engine=engine, ocr=False)
    summary = ingest(raw, out, IngestSettings(read=read, workers=WorkerSettings(workers=0)))
    assert summary.failed == 1 and errors_by_path(out) == {"appendix.pdf": "too_large"}
    read = ReadSettings(max_pages=10, pdf_engine=engine, ocr=False)
    summary = ingest(raw, out, IngestSettings(read=read, workers=WorkerSettings(workers=0)))
    assert summary.failed == 0 and sources(out) == ["appendix.pdf"]


def test_a_deeply_nested_info_dictionary_is_never_a_bug_in_boardpapers(tmp_path):
    import re as regex

    from reportlab.pdfgen import canvas

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    base = tmp_path / "base.pdf"
    sheet = canvas.Canvas(str(base))
    sheet.drawString(72, 720, "Minutes of the meeting. RESOLVED that the report be noted.")
    sheet.showPage()
    sheet.save()
    data = base.read_bytes()
    info = regex.search(rb"/Info (\d+) 0 R", data)
    assert info is not None
    nested = b"<< /Title (x) /Sub " + b"<< /A " * 3000 + b"1" + b" >>" * 3000 + b" >>"
    body = regex.compile(rb"(\n" + info.group(1) + rb" 0 obj\n)(.*?)(\nendobj)", regex.S)
    (raw / "nested.pdf").write_bytes(body.sub(lambda m: m[1] + nested + m[3], data, count=1))
    read = ReadSettings(ocr=False)
    ingest(raw, out, IngestSettings(read=read, workers=WorkerSettings(workers=0)))
    assert "internal" not in set(errors_by_path(out).values())


def slow_for(name: str, seconds: float):
    """A ``process_file`` that takes ``seconds`` longer on the file called ``name``."""
    import pipeline.workers

    real = pipeline.workers.process_file

    def slow(path, *args, **kwargs):
        if Path(path).name == name:
            time.sleep(seconds)
        return real(path, *args, **kwargs)

    return slow


def test_a_raised_timeout_retries_the_file(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_minutes(raw / "slow.txt", 1)
    write_minutes(raw / "quick.txt", 2)
    monkeypatch.setattr("pipeline.workers.process_file", slow_for("slow.txt", 2.0))

    def run(timeout_s: float):
        return ingest(raw, out, IngestSettings(workers=WorkerSettings(1, timeout_s=timeout_s)))

    assert run(1.0).failed == 1
    assert errors_by_path(out) == {"slow.txt": "timeout"}
    assert run(1.0).unchanged == 2  # the same limit: not tried again
    raised = run(30.0)
    assert (raised.reprocessed, raised.failed) == (1, 0)
    assert sources(out) == ["quick.txt", "slow.txt"]


class Killer:
    """Kills, with SIGKILL from this process, every worker that writes its pid to ``pids``."""

    def __init__(self, pids: Path) -> None:
        self.pids, self.killed = pids, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self) -> None:
        while not self.stop.is_set():
            lines = self.pids.read_text().split() if self.pids.exists() else []
            for pid in map(int, lines):
                if pid not in self.killed:
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(pid)
            time.sleep(0.05)

    def __enter__(self) -> Killer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def hanging_on(name: str, pids: Path, times: int):
    """A ``process_file`` whose first ``times`` tries of ``name`` report their pid and hang."""
    import pipeline.workers

    real = pipeline.workers.process_file

    def hang(path, *args, **kwargs):
        tries = pids.read_text().split() if pids.exists() else []
        if Path(path).name == name and len(tries) < times:
            with pids.open("a") as handle:
                handle.write(f"{os.getpid()}\n")
            time.sleep(60)
        return real(path, *args, **kwargs)

    return hang


def test_a_worker_killed_once_is_retried_and_the_paper_published(tmp_path, monkeypatch):
    raw, out, pids = tmp_path / "raw", tmp_path / "out", tmp_path / "pids"
    write_minutes(raw / "victim.txt", 1)
    write_minutes(raw / "other.txt", 2)
    monkeypatch.setattr("pipeline.workers.process_file", hanging_on("victim.txt", pids, 1))
    with Killer(pids) as killer:
        summary = ingest(raw, out, IngestSettings(workers=WorkerSettings(workers=1)))
    assert len(killer.killed) == 1
    assert summary.failed == 0
    assert sources(out) == ["other.txt", "victim.txt"]


def test_a_worker_killed_twice_keeps_the_papers_last_rows(tmp_path, monkeypatch):
    raw, out, pids = tmp_path / "raw", tmp_path / "out", tmp_path / "pids"
    write_minutes(raw / "victim.txt", 1)
    write_minutes(raw / "other.txt", 2)
    settings = IngestSettings(workers=WorkerSettings(workers=1))
    ingest(raw, out, settings)
    before = tables_of(out)

    write_minutes(raw / "victim.txt", 7)  # a new version of the paper
    monkeypatch.setattr("pipeline.workers.process_file", hanging_on("victim.txt", pids, 2))
    with Killer(pids) as killer:
        summary = ingest(raw, out, settings)
    assert len(killer.killed) == 2
    assert (summary.failed, summary.kept) == (1, 1)
    errors = pd.read_parquet(out / "errors")
    assert errors["error_type"].tolist() == ["worker_killed"]
    assert "SIGKILL" in errors["message"].iloc[0] and bool(errors["transient"].iloc[0])
    for name in ("documents", "statements"):
        pd.testing.assert_frame_equal(before[name], tables_of(out)[name], obj=name)

    monkeypatch.undo()
    summary = ingest(raw, out, settings)
    assert (summary.changed, summary.failed) == (1, 0)
    texts = " ".join(pd.read_parquet(out / "statements")["text"])
    assert "item 7" in texts and "item 1" not in texts


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_workers_die_with_a_killed_main_process(tmp_path):
    raw, out, pids = tmp_path / "raw", tmp_path / "out", tmp_path / "pids"
    write_minutes(raw / "stuck.txt", 1)
    script = f"""
import os, sys, time
import pipeline.workers

def hang(path, *args, **kwargs):
    with open({str(pids)!r}, "a") as handle:
        handle.write(f"{{os.getpid()}}\\n")
    time.sleep(120)

pipeline.workers.process_file = hang
from pipeline.cli import main
sys.argv = ["boardpapers", "ingest", {str(raw)!r}, "--out", {str(out)!r}, "--workers", "1"]
main()
"""
    run = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    worker = int(pids.read_text().split()[0])
    assert alive(worker)
    run.kill()
    run.wait(timeout=30)
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "a worker outlived the ingest process that started it"


# --- 7: broken state heals ----------------------------------------------------------------


def from_scratch(raw: Path, tmp_path: Path) -> dict[str, pd.DataFrame]:
    ingest(raw, tmp_path / "scratch", IN_PROCESS)
    return tables_of(tmp_path / "scratch")


def assert_same_tables(a: dict, b: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture
def corpus(tmp_path) -> Path:
    for n in range(4):
        write_minutes(tmp_path / "raw" / f"m_{n}.txt", n)
    ingest(tmp_path / "raw", tmp_path / "out", IN_PROCESS)
    return tmp_path / "raw"


def test_the_manifest_records_rows_and_hashes_of_every_table(corpus, tmp_path):
    manifest = read_manifest(tmp_path / "out")
    assert set(manifest["tables"]) == set(TABLES)
    assert manifest["tables"]["statements"]["rows"] == len(
        pd.read_parquet(tmp_path / "out/statements")
    )
    assert len(manifest["tables"]["statements"]["sha256"]) == 64
    assert Path(manifest["raw_dir"]).is_absolute()


def test_a_deleted_table_file_is_rebuilt_by_parsing_everything_again(corpus, tmp_path):
    out = tmp_path / "out"
    part = current_version_dir(out) / "statements" / PART_FILE
    part.parent.chmod(0o755)
    part.unlink()
    summary = ingest(corpus, out, IN_PROCESS)
    assert "statements table file" in summary.state_reset
    assert summary.new == 4 and summary.unchanged == 0
    assert_same_tables(tables_of(out), from_scratch(corpus, tmp_path))


def test_a_table_file_changed_behind_the_jobs_back_is_rebuilt(corpus, tmp_path):
    out = tmp_path / "out"
    part = current_version_dir(out) / "documents" / PART_FILE
    empty = TABLES["documents"].empty_table()
    import pyarrow.parquet as pq

    part.chmod(0o644)
    pq.write_table(empty, part)
    summary = ingest(corpus, out, IN_PROCESS)
    assert "documents table file" in summary.state_reset
    assert_same_tables(tables_of(out), from_scratch(corpus, tmp_path))


def test_an_empty_manifest_is_rebuilt_not_a_crash(corpus, tmp_path):
    out = tmp_path / "out"
    manifest = current_version_dir(out) / MANIFEST
    manifest.chmod(0o644)
    manifest.write_text("")
    assert read_manifest(out) == {}
    from pipeline.report import render_report

    assert "<html" in render_report(out)
    run = cli("ingest", str(corpus), "--out", str(out), "--workers", "0")
    assert run.exit_code == 0, run.output
    assert "could not be trusted" in run.stderr
    assert_same_tables(tables_of(out), from_scratch(corpus, tmp_path))
    assert cli("report", "--data", str(out), "--format", "md").exit_code == 0


# --- 8: lint runs in the worker pool, under the limits --------------------------------------


def test_lint_stops_a_file_that_outlives_the_time_limit(tmp_path, monkeypatch):
    from pipeline.lint import lint

    write_minutes(tmp_path / "slow.txt", 1)
    (tmp_path / "plan.txt").write_text("We will hold regular reviews.\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.workers.process_file", slow_for("slow.txt", 8.0))
    started = time.monotonic()
    findings, problems = lint(
        [tmp_path / "slow.txt", tmp_path / "plan.txt"],
        workers=WorkerSettings(workers=1, timeout_s=1.0),
    )
    assert time.monotonic() - started < 8.0
    assert [(Path(p.path).name, p.error_type) for p in problems] == [("slow.txt", "timeout")]
    assert {Path(f.path).name for f in findings} == {"plan.txt"}


def test_lint_refuses_a_fifo_instead_of_waiting_on_it(tmp_path):
    from pipeline.lint import lint

    os.mkfifo(tmp_path / "draft.txt")
    findings, problems = lint([tmp_path / "draft.txt"], workers=WorkerSettings(workers=1))
    assert findings == [] and [p.error_type for p in problems] == ["not_a_file"]


# --- 9: the smaller items ---------------------------------------------------------------------


def test_an_output_folder_that_cannot_be_written_is_one_error_line(tmp_path):
    write_minutes(tmp_path / "raw" / "m.txt", 1)
    (tmp_path / "file").write_text("not a folder")
    run = cli("ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "file" / "out"))
    assert run.exit_code == 1
    assert run.stderr.startswith("Error: The output folder")


def test_a_full_disk_while_publishing_leaves_the_last_publication(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = tables_of(out)
    write_minutes(corpus / "new.txt", 9)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pipeline.publish._write_parquet", full)
    with pytest.raises(RunError, match="No space left on device"):
        ingest(corpus, out, IN_PROCESS)
    assert_same_tables(before, tables_of(out))


def test_a_bad_query_data_path_is_one_error_line(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "part-0.parquet").write_bytes(b"not parquet")
    for data in (tmp_path / "missing", tmp_path):
        run = cli("query", "select 1", "--data", str(data))
        assert run.exit_code == 1, run.output
        assert run.stderr.startswith("Error:")


def test_a_duplicate_gives_the_partial_exit_status(tmp_path):
    write_minutes(tmp_path / "raw" / "a.txt", 1)
    write_minutes(tmp_path / "raw" / "copy_of_a.txt", 1)
    run = cli("ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--workers", "0")
    assert run.exit_code == 3
    assert errors_by_path(tmp_path / "out") == {"copy_of_a.txt": "duplicate"}


def test_a_run_refused_by_the_lock_is_in_the_run_log(corpus, tmp_path):
    out = tmp_path / "out"
    with FileLock(str(out / STATE_DIR / LOCK_FILE)), pytest.raises(RunError, match="Another"):
        ingest(corpus, out, IN_PROCESS)
    last = json.loads((out / RUN_LOG).read_text().splitlines()[-1])
    assert last["outcome"] == "refused" and "Another boardpapers run" in last["failure"]


def test_the_input_folder_is_recorded_absolute(tmp_path, monkeypatch):
    write_minutes(tmp_path / "raw" / "m.txt", 1)
    monkeypatch.chdir(tmp_path)
    ingest(Path("raw"), Path("out"), IN_PROCESS)
    assert read_manifest(tmp_path / "out")["raw_dir"] == str(tmp_path / "raw")


# --- the main process killed at random moments ------------------------------------------------


def test_the_main_process_killed_at_random_moments_never_leaves_a_mixed_publication(tmp_path):
    """20 SIGKILLs at random moments over a 40-file corpus (the issue's attack)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(20):
        write_minutes(raw / f"m_{n:02d}.txt", n)
    first = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert first.returncode == 0, first.stderr
    old = tables_of(out)
    for n in range(20, 40):
        write_minutes(raw / f"m_{n:02d}.txt", n)
    (raw / "m_00.txt").unlink()
    new = from_scratch(raw, tmp_path)

    chance = random.Random(18)
    for _ in range(20):
        run = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "ingest", str(raw), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.3, 3.0))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = tables_of(out)
        whole = [
            duckdb.connect()
            .execute(f"select count(*) from read_parquet('{out / name}/*.parquet')")
            .fetchall()
            for name in ("documents", "statements")
        ]
        assert whole == [[(len(now["documents"]),)], [(len(now["statements"]),)]]
        same_as = [
            all(now[name].equals(version[name]) for name in ("documents", "statements"))
            for version in (old, new)
        ]
        assert any(same_as), f"{len(now['documents'])} documents: neither old nor new"
    last = boardpapers("ingest", str(raw), "--out", str(out))
    assert last.returncode == 0, last.stderr
    assert_same_tables(tables_of(out), new)


# --- fuzz: damaged DOCX zips and PDF bytes are bad input, never "a bug in boardpapers" ---------

FUZZ_CASES = 100
"""Per format; seeded, so a failure names the case that reproduces it (about 3 s in all)."""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Flip, cut and insert a few runs of bytes, as a bad disk or a truncated upload does."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        choice = rng.random()
        if choice < 0.5:
            out[at] = rng.randrange(256)
        elif choice < 0.75:
            del out[at : at + rng.randint(1, 64)]
        else:
            out[at:at] = rng.randbytes(rng.randint(1, 16))
    return bytes(out)


def test_fuzzed_docx_and_pdf_bytes_never_give_an_internal_error(tmp_path, build_pdf, build_docx):
    from docbuilders.spec import Heading, ListItem, Paper, Paragraph, Table
    from pipeline.process import process_file

    paper = Paper(
        title="Plan",
        blocks=[
            Heading("Action plan"),
            Paragraph("Eastmoor Borough Council, 3 March 2025"),
            Table(rows=[["Ref", "Action", "Status"], ["1", "Train managers.", "Achieved"]]),
            ListItem("Note the report.", numbered=True),
        ],
    )
    seeds = {
        "docx": build_docx(paper, tmp_path / "seed.docx").read_bytes(),
        "pdf": build_pdf(paper, tmp_path / "seed.pdf").read_bytes(),
    }
    internal = []
    for kind, seed in seeds.items():
        for case in range(FUZZ_CASES):
            path = tmp_path / f"{kind}-{case}.{kind}"
            path.write_bytes(mutate(seed, random.Random(f"{kind}-{case}")))
            result = process_file(path, tmp_path)
            internal += [
                (path.name, e["message"]) for e in result.errors if e["error_type"] == "internal"
            ]
    assert internal == []
