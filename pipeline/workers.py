"""Process files in worker processes, each under a time limit and a memory ceiling.

A PDF built to make the parser spin, or one that balloons in memory, must cost
one ``errors`` row, not the run: pebble kills a worker whose task outlives
``timeout_s`` and starts a fresh one, and each worker caps its own address space
so an allocation past ``max_memory_mb`` fails inside the worker instead of
taking the machine down.
"""

from __future__ import annotations

import importlib
import resource
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from pipeline.errors import FileError
from pipeline.process import FileResult, error_row, process_file
from pipeline.read import FileIdentity
from pipeline.settings import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    DEFAULT_WORKERS,
    ReadSettings,
)
from rules.config import RulesConfig

PRELOADED_MODULES = (
    "pypdfium2",
    "extractors.readers.pdf",
    "extractors.readers.docx",
    "extractors.readers.html",
    "extractors.readers.text",
)
# A worker is replaced after this many files so slow leaks in parsers cannot build up.
TASKS_PER_WORKER = 200


@dataclass(frozen=True)
class WorkerSettings:
    workers: int = DEFAULT_WORKERS
    """Worker processes; 0 processes in this process, with no time or memory limit (debugging)."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    """Memory one file may take on top of a loaded worker (address space, so generous)."""

    def __post_init__(self) -> None:
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
    identity: FileIdentity


def _address_space_in_use() -> int:
    """Bytes of virtual address space this process maps now (Linux ``VmSize``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _start_worker(max_memory_mb: int, rules_config: RulesConfig | None) -> None:
    """Load the parsers and the rules engine, then cap the address space.

    Loading first means the ceiling limits what parsing a file may take, not the
    libraries every worker needs anyway.
    """
    from pipeline.apply_rules import engine_for

    for module in PRELOADED_MODULES:
        importlib.import_module(module)
    engine_for(rules_config)
    # The ceiling is on top of what the loaded worker already maps: a forked worker
    # inherits its parent's address space, which can be large in a long-lived process.
    limit = _address_space_in_use() + max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _failed(job: Job, error_type: str, detail: str) -> FileResult:
    result = FileResult(source_path=job.identity.source_path, identity=job.identity)
    exc = FileError(error_type, detail=detail)
    result.errors.append(
        error_row(result.source_path, job.identity.doc_id, "parse", error_type, exc.message)
    )
    return result


def process_jobs(
    jobs: list[Job],
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
) -> Iterator[FileResult]:
    """Yield one ``FileResult`` per job, in completion order (publish sorts rows)."""
    if settings.workers == 0:
        for job in jobs:
            yield process_file(job.path, job.raw_dir, read_settings, rules_config, job.identity)
        return
    with ProcessPool(
        max_workers=min(settings.workers, max(len(jobs), 1)),
        max_tasks=TASKS_PER_WORKER,
        initializer=_start_worker,
        initargs=(settings.max_memory_mb, rules_config),
    ) as pool:
        futures = {
            pool.schedule(
                process_file,
                args=(job.path, job.raw_dir, read_settings, rules_config, job.identity),
                timeout=settings.timeout_s,
            ): job
            for job in jobs
        }
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except FutureTimeout:
                yield _failed(job, "timeout", f"{settings.timeout_s:g}")
            except ProcessExpired as exc:
                # The worker died under the file: the memory ceiling or the OOM killer, mostly.
                yield _failed(
                    job,
                    "too_large",
                    f"Reading the file stopped its worker (exit code {exc.exitcode}); it probably "
                    f"needs more than the {settings.max_memory_mb} MB memory limit "
                    "(raise --max-memory-mb or split the file).",
                )
