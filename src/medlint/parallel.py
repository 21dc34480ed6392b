"""Lint many files: cached results first, then the rest across a pool of processes.

The results come back in input order whatever the number of jobs, so the
output (sorted afterwards) is the same with one job or many. Workers receive
only paths: each reads its own files, so the corpus is never held in memory
or sent through a pipe. On Linux the workers are forked and inherit the
loaded linter; elsewhere the linter is pickled to them once.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from medlint.api import Linter
    from medlint.cache import ResultCache
    from medlint.diagnostic import Diagnostic
    from medlint.errors import MedlintError

    FileResult = tuple[list[Diagnostic], list[MedlintError]]

#: fewer files than this are linted in this process (a pool costs ~10 ms per worker to start)
POOL_MIN_FILES = 8


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_files(
    linter: Linter,
    files: Sequence[tuple[str, str]],
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
) -> list[FileResult]:
    """``(diagnostics, errors)`` for each ``(path, format)`` of ``files``, in the same order."""
    results: list[FileResult | None] = [None] * len(files)
    misses = list(range(len(files)))
    if cache is not None:
        misses = []
        for i, (path, fmt) in enumerate(files):
            hit = None
            try:
                with open(path, "rb") as fh:
                    hit = cache.get(cache.entry(path, fmt, fh.read()), path)
            except OSError:
                pass  # linting it reports the problem
            if hit is None:
                misses.append(i)
            else:
                results[i] = (hit, [])
    if jobs > 1 and len(misses) >= POOL_MIN_FILES:
        for i, res in zip(misses, _pooled(linter, [files[i] for i in misses], jobs, cache)):
            results[i] = res
    else:
        for i in misses:
            path, fmt = files[i]
            results[i] = linter.lint_file(path, format=fmt, cache=cache)
    return results  # type: ignore[return-value]


_WORKER: tuple[Linter, ResultCache | None] | None = None


def _init(linter: Linter, cache: ResultCache | None) -> None:
    global _WORKER
    _WORKER = (linter, cache)


def _work(item: tuple[str, str]) -> FileResult:
    assert _WORKER is not None
    linter, cache = _WORKER
    return linter.lint_file(item[0], format=item[1], cache=cache)


def _pooled(linter: Linter, files: list[tuple[str, str]], jobs: int, cache: ResultCache | None) -> list[FileResult]:
    import multiprocessing

    method = "fork" if sys.platform == "linux" else None
    ctx = multiprocessing.get_context(method)
    workers = min(jobs, len(files))
    # small chunks keep both workers busy to the end; big enough to amortize the pipe
    chunk = max(1, min(16, len(files) // (workers * 8)))
    with ctx.Pool(workers, initializer=_init, initargs=(linter, cache)) as pool:
        return list(pool.imap(_work, files, chunksize=chunk))
