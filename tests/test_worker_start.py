"""What a worker loads before its first file, and what the driver does while workers read."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

from extractors.readers import READER_MODULES, reader_for, reader_modules
from pipeline.settings import FILE_TYPES, ReadSettings
from pipeline.workers import PRELOADED_MODULES, Job, WorkerSettings, run_jobs

ROOT = Path(__file__).resolve().parents[1]
PAPER = "Minutes of the Finance Panel\n\nRESOLVED: That the budget be approved.\n"


def test_every_file_type_names_the_modules_of_its_reader():
    for file_type in sorted(set(FILE_TYPES.values())):
        modules = reader_modules([file_type])
        assert reader_for(file_type).__module__ in modules, file_type
        for name in modules:
            importlib.import_module(name)
    # a worker that may meet any paper loads every reader once
    assert set(PRELOADED_MODULES) == {m for ms in READER_MODULES.values() for m in ms}
    assert len(set(PRELOADED_MODULES)) == len(PRELOADED_MODULES)
    assert "extractors.readers.docx" not in reader_modules(["pdf", "md"])
    # a Markdown table in HTML is read by the HTML reader's code
    assert reader_modules(["md", "txt"]) == ("extractors.readers.text", "extractors.readers.html")
    assert reader_modules(["no such type"]) == ()


# A job that reports, from inside its worker, which readers were loaded when it ran. The
# class lives in the script's ``__main__``, which the forked worker shares.
PROBE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from pipeline.settings import ReadSettings
    from pipeline.workers import Job, WorkerSettings, run_jobs

    READERS = ("extractors.readers.docx", "extractors.readers.pdf", "extractors.readers.pdf_playa")

    class Probe(Job):
        def run(self, read_settings, rules_config):
            loaded = [name for name in READERS if name in sys.modules]
            Path(sys.argv[2]).write_text(json.dumps(loaded))
            return super().run(read_settings, rules_config)

    paper = Path(sys.argv[1])
    before = [name for name in READERS if name in sys.modules]
    jobs = [Probe(paper, paper.parent)]
    results = [r for _, r in run_jobs(jobs, ReadSettings(), None, WorkerSettings(workers=1))]
    assert not results[0].failed, results[0].errors
    print(json.dumps(before))
    """
)


def test_a_worker_loads_the_readers_of_the_runs_file_types_only(tmp_path):
    paper = tmp_path / "minutes.md"
    paper.write_text(PAPER)
    report = tmp_path / "loaded.json"
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(paper), str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []  # the driver loads none
    # a run of Markdown papers: neither the DOCX nor the PDF readers in the worker
    assert json.loads(report.read_text()) == []


def _papers(folder: Path, n: int) -> list[Job]:
    jobs = []
    for i in range(n):
        path = folder / f"paper{i}.txt"
        path.write_text(PAPER.replace("budget", f"budget {i}"))
        jobs.append(Job(path, folder))
    return jobs


def test_the_driver_prepares_once_while_the_workers_read(tmp_path):
    jobs = _papers(tmp_path, 3)
    for workers in (0, 1, 2):
        results: list[str] = []
        calls: list[tuple[int, int]] = []

        def meanwhile(results: list[str] = results, calls: list = calls) -> None:
            # how many results are back, and how many worker processes are running
            calls.append((len(results), len(multiprocessing.active_children())))

        runs = run_jobs(jobs, ReadSettings(), None, WorkerSettings(workers=workers), meanwhile)
        for _, result in runs:
            results.append(result.source_path)
        # once, before the first result came back, and with the workers already started:
        # the driver's preparation overlaps their reading
        assert len(calls) == 1 and calls[0][0] == 0 and calls[0][1] >= workers, (workers, calls)
        assert sorted(results) == ["paper0.txt", "paper1.txt", "paper2.txt"]


def test_a_failing_preparation_does_not_stop_the_run(tmp_path, caplog):
    def meanwhile() -> None:
        raise RuntimeError("no pandas today")

    jobs = _papers(tmp_path, 2)
    results = [
        r for _, r in run_jobs(jobs, ReadSettings(), None, WorkerSettings(workers=1), meanwhile)
    ]
    assert [r.failed for r in results] == [False, False]
    assert "preparing while the workers read failed" in caplog.text
