"""Process files on a Dask cluster: the per-file work as Dask tasks, everything else here.

``boardpapers ingest --executor dask [--scheduler tcp://HOST:8786]`` sends each file's
work (read → extract → rules, ``pipeline.process.process_file``) to the workers of a
Dask cluster as one task; without ``--scheduler`` a ``distributed.LocalCluster`` of
``--workers`` processes is started on this machine for the run. The driver keeps the
lock, the manifest, the change detection and the atomic publish, so a lost worker or a
killed driver never leaves half a publication.

What runs where:

- **Driver** (the ``ingest`` process): scans the input folder, hashes files, decides
  what to process, submits one future per file (``Client.submit``), takes results as
  they finish (``as_completed``) and publishes. A task never carries file bytes: it
  carries the file's path, which every worker must reach at the same path (a shared
  filesystem, or an object store mounted through fsspec/FUSE on every host).
- **Worker**: runs the task inside a guarded process pool of its own
  (``pipeline.workers.open_pool``, one process per worker thread, kept warm between
  tasks), so a file meets exactly the guards of a local run: ``--timeout`` (the
  process is killed and replaced), ``--max-memory-mb`` (an address-space ceiling),
  ``--max-pages`` and ``--max-file-mb`` (in ``ReadSettings``), and one more try when
  its process dies.

Faults: a worker that is lost mid-task (killed, its host gone) has its tasks moved to
the other workers by the scheduler; a task whose workers were lost
``distributed.scheduler.allowed-failures`` times (default 3) ends as a ``worker_killed``
row, which keeps the paper's last published rows and is tried again next run. A task
that raises is retried ``TASK_RETRIES`` times (``retries=``). Workers that declare a
``MEMORY`` resource (``dask worker ... --resources "MEMORY=16e9"``) get at most as many
files at once as their memory allows (``resources=``): each file asks for
``--max-memory-mb``.

``distributed`` is the optional extra ``boardpapers[dask]``; without it the run stops
with a message saying how to install it.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import pickle
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from pipeline import EXTRACTOR_VERSION
from pipeline.apply_rules import engine_for
from pipeline.errors import RunError
from pipeline.process import FileResult
from pipeline.settings import ReadSettings
from pipeline.workers import (
    PRELOADED_MODULES,
    TRIES_AFTER_WORKER_DEATH,
    Job,
    WorkerSettings,
    failed_result,
    job_outcome,
    open_pool,
    schedule_job,
)
from rules.config import RulesConfig

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "boardpapers[dask]"'
MEMORY_RESOURCE = "MEMORY"
"""Worker resource (bytes) a file asks for when the cluster's workers declare it."""
TASK_RETRIES = 1
"""Times a task that raised (not a bad paper: those are rows) is submitted again."""
CONNECT_TIMEOUT_S = 30.0
WAIT_FOR_WORKERS_S = 60.0
"""How long a run waits for the first worker to join the scheduler before giving up."""
POOLS_KEPT = 2
"""Guarded pools a worker keeps warm (one per combination of memory limit and rules)."""
TASK_PREFIX = "process_file"
WORKER_DAEMON_CONFIG = "distributed.worker.daemon"
"""Must be False on workers: their guarded pool starts processes, which a daemon may not."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise RunError(
            "--executor dask needs Dask's distributed scheduler, which is not installed; "
            f"run: {INSTALL_HINT}"
        ) from exc
    return distributed


# ---- on the worker ---------------------------------------------------------------

_pools: dict[tuple[int, bytes], Any] = {}
_pools_lock = threading.Lock()


def _worker_pool(settings: WorkerSettings, rules_config: RulesConfig | None) -> Any:
    """This worker's guarded pool for these limits: one process per worker thread."""
    from distributed import get_worker

    key = (settings.max_memory_mb, pickle.dumps(rules_config))
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None or not pool.active:
            while len(_pools) >= POOLS_KEPT:
                _pools.pop(next(iter(_pools))).stop()
            # Load once here and fork: Dask workers start processes with "spawn", which
            # would import every parser again in each pool process.
            for module in PRELOADED_MODULES:
                importlib.import_module(module)
            engine_for(rules_config)
            pool = _pools[key] = open_pool(
                settings,
                rules_config,
                get_worker().state.nthreads,
                context=multiprocessing.get_context("fork"),
            )
        return pool


def dask_setup(worker: Any) -> None:
    """Distributed's preload hook (``dask worker SCHEDULER --preload pipeline.cluster``):
    import the parsers and load the default rules when the worker starts, so its first
    file pays only for starting the guarded pool (a fork), not for the imports."""
    for module in PRELOADED_MODULES:
        importlib.import_module(module)
    engine_for(None)


def process_on_worker(
    job: Job,
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
) -> FileResult:
    """The Dask task: one file in this worker's guarded pool, under the run's limits."""
    pool = _worker_pool(settings, rules_config)
    for retries in range(TRIES_AFTER_WORKER_DEATH + 1):
        result = job_outcome(
            schedule_job(pool, job, read_settings, rules_config, settings), job, settings, retries
        )
        if result is not None:
            return result
    raise AssertionError("job_outcome gives a result on the last try")


def worker_state() -> tuple[str, bool]:
    """The extractor version a worker runs (it must be the driver's), and whether it may
    start processes (a daemonic worker may not)."""
    import multiprocessing

    return EXTRACTOR_VERSION, not multiprocessing.current_process().daemon


# ---- on the driver ---------------------------------------------------------------


@contextlib.contextmanager
def connect(settings: WorkerSettings) -> Iterator[Any]:
    """A ``distributed.Client`` for the run: to ``settings.scheduler``, or a new LocalCluster."""
    distributed = _distributed()
    if settings.scheduler is None:
        import dask

        workers = max(1, settings.workers)
        with (
            dask.config.set({WORKER_DAEMON_CONFIG: False}),
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                resources={MEMORY_RESOURCE: settings.max_memory_mb * 2**20},
                preload=[__name__],
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(settings.scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise RunError(
            f"The Dask scheduler at {settings.scheduler} cannot be reached ({exc}); start it "
            "with `dask scheduler` and check the address, or drop --scheduler to run a "
            "cluster on this machine."
        ) from exc
    with client:
        yield client


def check_workers(client: Any) -> None:
    """Wait for a worker; refuse workers that run another version of the extraction code."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except TimeoutError as exc:
        raise RunError(
            f"No Dask worker joined the scheduler within {WAIT_FOR_WORKERS_S:g}s; start workers "
            "with `dask worker SCHEDULER_ADDRESS` on hosts that can read the input folder."
        ) from exc
    try:
        states = client.run(worker_state)
    except Exception as exc:
        raise RunError(
            f"The Dask workers cannot run boardpapers ({type(exc).__name__}: {exc}); install "
            f"the same boardpapers on every worker host ({INSTALL_HINT})."
        ) from exc
    daemonic = sorted(address for address, (_, may_fork) in states.items() if not may_fork)
    if daemonic:
        raise RunError(
            f"Dask workers {', '.join(daemonic)} run as daemon processes, which cannot start "
            "the guarded process each file is read in; start them with "
            "DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment."
        )
    other = {address: v for address, (v, _) in states.items() if v != EXTRACTOR_VERSION}
    if other:
        raise RunError(
            f"Dask workers run another boardpapers extractor version ({other}) than this "
            f"driver ({EXTRACTOR_VERSION}); install the same version on every host."
        )


def _resources(client: Any, settings: WorkerSettings) -> dict[str, float] | None:
    """Ask for a file's memory only where workers declare it, or no worker could take it."""
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    if any(MEMORY_RESOURCE in (w.get("resources") or {}) for w in workers.values()):
        return {MEMORY_RESOURCE: settings.max_memory_mb * 2**20}
    return None


def run_jobs_on_cluster(
    jobs: list[Job],
    read_settings: ReadSettings,
    rules_config: RulesConfig | None,
    settings: WorkerSettings,
) -> Iterator[tuple[Job, FileResult]]:
    """Yield each job with its ``FileResult`` as the cluster finishes it (completion order)."""
    distributed = _distributed()
    if not jobs:
        return
    with connect(settings) as client:
        check_workers(client)
        resources = _resources(client, settings)
        job_of: dict[str, Job] = {}
        futures = []
        for job in jobs:
            future = client.submit(
                process_on_worker,
                job,
                read_settings,
                rules_config,
                settings,
                key=f"{TASK_PREFIX}-{uuid.uuid4().hex}",
                pure=False,
                retries=TASK_RETRIES,
                resources=resources,
            )
            job_of[future.key] = job
            futures.append(future)
        try:
            for future in distributed.as_completed(futures):
                job = job_of.pop(future.key)
                yield job, _task_result(distributed, future, job)
                future.release()
        finally:
            client.cancel([f for f in futures if f.key in job_of])


def _task_result(distributed: Any, future: Any, job: Job) -> FileResult:
    try:
        return future.result()
    except distributed.KilledWorker as exc:
        log.warning("the Dask workers reading %s were lost: %s", job.source_path, exc)
        return failed_result(job, "worker_killed", "Dask workers lost while reading it")
    except Exception as exc:
        log.error("the Dask task reading %s failed: %r", job.source_path, exc)
        return failed_result(job, "internal", f"{type(exc).__name__} in a Dask worker")
