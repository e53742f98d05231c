"""Process files in worker processes, each under a time limit and a memory ceiling.

A PDF built to make the parser spin, or one that balloons in memory, must cost
one ``errors`` row, not the run: pebble kills a worker whose task outlives
``timeout_s`` and starts a fresh one, and each worker caps its own address space
so an allocation past ``max_memory_mb`` fails inside the worker instead of
taking the machine down.

A worker that dies under a file (killed from outside, as the out-of-memory killer
does) is not the file's fault until it happens twice: the file is tried once more
in a fresh worker. Workers die with the process that started them
(``PR_SET_PDEATHSIG``), and each file has a CPU-time ceiling as a backstop to the
timeout, so a killed ingest leaves no parser running on.

``WorkerSettings.executor`` chooses where the workers are: ``local`` (this pool,
on this machine) or ``dask`` (the same guarded pool inside each worker of a Dask
cluster; see ``pipeline.cluster``). Either way a file meets the same guards.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import logging
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from extractors.readers import READER_MODULES, reader_modules
from pipeline.errors import FileError
from pipeline.process import FileResult, error_row, process_file
from pipeline.read import FileIdentity, file_type_of, source_path_of
from pipeline.settings import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    DEFAULT_WORKERS,
    ReadSettings,
)
from rules.config import RulesConfig

PRELOADED_MODULES = reader_modules(READER_MODULES)
"""Every reader's modules: what a worker that may meet any file type loads at start."""
# A worker is replaced after this many files so slow leaks in parsers cannot build up.
TASKS_PER_WORKER = 200
TRIES_AFTER_WORKER_DEATH = 1
"""A file whose worker died is tried this many more times before it is recorded."""
CPU_BACKSTOP_FACTOR = 2.0
"""A file may use this many times ``timeout_s`` of CPU time before its worker is stopped,
should the main process no longer be there to stop it."""
_PR_SET_PDEATHSIG = 1
EXECUTORS = ("local", "dask")
"""Where files are processed: this machine's process pool, or a Dask cluster's workers."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerSettings:
    workers: int = DEFAULT_WORKERS
    """Worker processes; 0 processes in this process, with no time or memory limit (debugging)."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    """Memory one file may take on top of a loaded worker (address space, so generous)."""
    executor: str = "local"
    """``local`` or ``dask`` (``EXECUTORS``)."""
    scheduler: str | None = None
    """Dask scheduler address (``tcp://host:8786``); None starts a ``LocalCluster`` of
    ``workers`` processes on this machine. Only with ``executor="dask"``."""

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ValueError(
                f"executor must be one of {', '.join(EXECUTORS)}, got {self.executor!r}"
            )
        if self.scheduler is not None and self.executor != "dask":
            raise ValueError("a scheduler address needs executor='dask'")
        if self.workers < 0:
            raise ValueError(f"workers must be 0 or more, got {self.workers}")
        if self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, got {self.timeout_s}")
        if self.max_memory_mb < 256:
            raise ValueError(f"max_memory_mb must be at least 256, got {self.max_memory_mb}")


@dataclass(frozen=True)
class Job:
    path: Path
    raw_dir: Path
    identity: FileIdentity | None = None
    """None: the worker identifies (hashes) the file itself."""
    keep_model: bool = False
    """Send the document model back with the result (``lint`` reads it)."""

    def run(self, read_settings: ReadSettings, rules_config: RulesConfig | None) -> FileResult:
        return process_file(
            self.path,
            self.raw_dir,
            read_settings,
            rules_config,
            self.identity,
            keep_model=self.keep_model,
        )

    @property
    def source_path(self) -> str:
        return (
            self.identity.source_path if self.identity else source_path_of(self.path, self.raw_dir)
        )


def _address_space_in_use() -> int:
    """Bytes of virtual address space this process maps now (Linux ``VmSize``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this worker when the process that started it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the CPU backstop still applies
        return
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


def _load_before_fork(rules_config: RulesConfig | None) -> None:
    """Build the spaCy pipeline and the rules engine here before the workers are forked:
    each worker starts with them (copy-on-write) instead of building its own, and this
    process needs the spaCy pipeline anyway to link milestones to indicators
    (``pipeline.links``). The parsers are not loaded here: this process never parses, and
    they would add ~25 MB to it; each worker loads them at start. Nothing to share when
    workers are spawned rather than forked."""
    if multiprocessing.get_start_method() == "fork":
        from pipeline.apply_rules import engine_for

        engine_for(rules_config)


def _start_worker(
    max_memory_mb: int,
    rules_config: RulesConfig | None,
    parent_pid: int,
    modules: tuple[str, ...] = PRELOADED_MODULES,
) -> None:
    """Load the parsers (``modules``) and the rules engine, then cap the address space.

    Loading first means the ceiling limits what parsing a file may take, not the
    libraries every worker needs anyway.
    """
    from pipeline.apply_rules import engine_for

    _die_with_parent(parent_pid)

    for module in modules:
        importlib.import_module(module)
    engine_for(rules_config)
    # What is loaded now lives as long as the worker: keep it out of every collection
    gc.freeze()
    # The ceiling is on top of what the loaded worker already maps: a forked worker
    # inherits its parent's address space, which can be large in a long-lived process.
    limit = _address_space_in_use() + max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _run_job(
    job: Job, read_settings: ReadSettings, rules_config: RulesConfig | None, timeout_s: float
) -> FileResult:
    """``process_file`` in a worker, under a CPU-time ceiling for this one file."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    ceiling = int(used.ru_utime + used.ru_stime + CPU_BACKSTOP_FACTOR * timeout_s) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (ceiling, hard))
    return job.run(read_settings, rules_config)


def _job_size(job: Job) -> int:
    """The job's file size in bytes (0 when it cannot be read: the worker will say why)."""
    if job.identity is not None:
        return job.identity.size
    try:
        return job.path.stat().st_size
    except OSError:
        return 0


def failed_result(job: Job, error_type: str, detail: str) -> FileResult:
    result = FileResult(source_path=job.source_path, identity=job.identity)
    exc = FileError(error_type, detail=detail)
    result.errors.append(
        error_row(
            result.source_path, result.doc_id, "parse", error_type, exc.message, exc.transient
        )
    )
    return result


def _worker_died(job: Job, exitcode: int | None, settings: WorkerSettings) -> FileResult:
    if exitcode is not None and -exitcode in (signal.SIGKILL, signal.SIGTERM):
        # Killed from outside: the OOM killer, an operator. Not the paper's fault for sure.
        return failed_result(job, "worker_killed", f"signal {signal.Signals(-exitcode).name}")
    if exitcode is not None and -exitcode == signal.SIGXCPU:
        return failed_result(job, "timeout", f"{settings.timeout_s:g}")
    # The worker died under the file: the memory ceiling, mostly.
    return failed_result(
        job,
        "too_large",
        f"Reading the file stopped its worker (exit code {exitcode}); it probably "
        f"needs more than the {settings.max_memory_mb} MB memory limit "
        "(raise --max-memory-mb or split the file).",
    )


def open_pool(
    settings: WorkerSettings,
    rules_config: RulesConfig | None,
    size: int,
    context: Any = multiprocessing,
    modules: tuple[str, ...] = PRELOADED_MODULES,
) -> ProcessPool:
    """A pool of ``size`` guarded worker processes (memory ceiling, death with this process).

    ``context`` is the ``multiprocessing`` context its processes are started with (the
    platform's default unless given); ``modules`` are the parsers each loads at start
    (every reader's unless given).
    """
    return ProcessPool(
        max_workers=size,
        max_tasks=TASKS_PER_WORKER,
        initializer=_start_worker,
        initargs=(settings.max_memory_mb, rules_config, os.getpid(), modules),
        context=context,
    )


def schedule_job(
    pool: ProcessPool,
    job: Job,
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
) -> Future:
    """Start ``job`` on ``pool`` under the time limit; read it with ``job_outcome``."""
    return pool.schedule(
        _run_job,
        args=(job, read_settings, rules_config, settings.timeout_s),
        timeout=settings.timeout_s,
    )


def job_outcome(
    future: Future, job: Job, settings: WorkerSettings, retries: int
) -> FileResult | None:
    """The finished ``future``'s result; None when its worker died and it deserves another try."""
    try:
        return future.result()
    except FutureTimeout:
        return failed_result(job, "timeout", f"{settings.timeout_s:g}")
    except ProcessExpired as exc:
        if retries < TRIES_AFTER_WORKER_DEATH:
            log.warning(
                "the worker reading %s died (exit code %s); trying it once more",
                job.source_path,
                exc.exitcode,
            )
            return None
        return _worker_died(job, exc.exitcode, settings)


def _call_meanwhile(meanwhile: Callable[[], object]) -> None:
    try:
        meanwhile()
    except Exception:  # an optimisation only: the run goes on without it
        log.exception("preparing while the workers read failed")


def process_jobs(
    jobs: list[Job],
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[FileResult]:
    """Yield one ``FileResult`` per job, in completion order (publish sorts rows)."""
    for _, result in run_jobs(jobs, read_settings, rules_config, settings, meanwhile):
        yield result


def run_jobs(
    jobs: list[Job],
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[tuple[Job, FileResult]]:
    """Yield each job with its ``FileResult``, in completion order.

    ``meanwhile`` is called once in this process, after the jobs are handed to the local
    workers and while they work (before the first job where there are no local workers):
    this process's own preparation, done on a core the workers leave idle. It is only an
    optimisation: an error in it is logged, not raised. It must not import what a worker
    imports: the pool may fork a replacement worker meanwhile, which would inherit a
    half-done import.
    """
    local_pool = settings.executor == "local" and settings.workers > 0 and jobs
    if meanwhile is not None and not local_pool:
        _call_meanwhile(meanwhile)
    if settings.executor == "dask":
        from pipeline.cluster import run_jobs_on_cluster

        yield from run_jobs_on_cluster(jobs, read_settings, rules_config, settings)
        return
    if settings.workers == 0:
        for job in jobs:
            yield job, job.run(read_settings, rules_config)
        return
    if not jobs:
        return
    _load_before_fork(rules_config)
    # Each worker loads the readers of the file types in this run only: a folder of PDFs
    # does not pay for importing the DOCX and HTML readers in every worker.
    modules = reader_modules(t for job in jobs if (t := file_type_of(job.path)))
    size = min(settings.workers, len(jobs))
    with open_pool(settings, rules_config, size, modules=modules) as pool:

        def schedule(job: Job) -> Future:
            return schedule_job(pool, job, read_settings, rules_config, settings)

        # Largest files first: a long paper started last would leave the other workers idle
        # while it finishes (results come back in completion order whatever the order).
        pending: dict[Future, tuple[Job, int]] = {
            schedule(job): (job, 0) for job in sorted(jobs, key=_job_size, reverse=True)
        }
        if meanwhile is not None:
            _call_meanwhile(meanwhile)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job, retries = pending.pop(future)
                result = job_outcome(future, job, settings, retries)
                if result is None:
                    pending[schedule(job)] = (job, retries + 1)
                    continue
                yield job, result
