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
    from healthlint.api import FileResult, Linter
    from healthlint.api import ResultStore
    from healthlint.diagnostic import Diagnostic, Row
    from healthlint.errors import HealthlintError

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
    cache: ResultStore | None = None,
) -> list[FileResult]:
    """``(diagnostics, errors)`` for each ``(path, format)`` of ``files``, in the same order."""
    from healthlint.errors import HealthlintError

    results: list[FileResult | None] = [None] * len(files)
    misses = list(range(len(files)))
    if cache is not None:
        misses = []
        for i, (path, fmt) in enumerate(files):
            hit = None
            try:
                data = linter.read_policy(path).read(path, display=path)  # regular, in the tree, bounded
                hit = cache.lookup(path, data, format=fmt)
            except HealthlintError:
                pass  # linting it reports the problem
            if hit is None:
                misses.append(i)
            else:
                results[i] = (hit, [])
    if misses:
        linter.prepare()
        from healthlint.prefilter import expect

        expect(len(misses))  # one article alone is pre-filtered with short RE2 forms
    if jobs > 1 and len(misses) >= POOL_MIN_FILES:
        for i, res in zip(misses, _pooled(linter, [files[i] for i in misses], jobs, cache)):
            results[i] = res
    else:
        for i in misses:
            path, fmt = files[i]
            results[i] = linter.lint_file_with_errors(path, format=fmt, cache=cache)
    return results  # type: ignore[return-value]


_WORKER: tuple[Linter, ResultStore | None] | None = None


def _init(linter: Linter, cache: ResultStore | None) -> None:
    global _WORKER
    _WORKER = (linter, cache)
    # Ctrl-C reaches every process of the terminal's group: only the parent handles it
    # (exit 130, no traceback); leaving the pool terminates the workers
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(item: tuple[str, str]) -> tuple[list[tuple[str, Row]], list[HealthlintError]]:
    assert _WORKER is not None
    linter, cache = _WORKER
    diags, errors = linter.lint_file_with_errors(item[0], format=item[1], cache=cache)
    return [(d.path, d.to_row()) for d in diags], errors


def _diagnostics(rows: list[tuple[str, Row]]) -> list[Diagnostic]:
    from healthlint.diagnostic import Diagnostic

    return [Diagnostic.from_row(path, row) for path, row in rows]


#: from this many files on, the parent compiles every pattern and its RE2 finder before forking
PREPARE_MIN_FILES = 64
#: files the parent lints itself before forking, warming the RE2 automata for every worker
WARM_FILES = 16


def prepare(linter: Linter) -> None:
    """Compile every rule pattern and build its RE2 finder once, here, for the forked workers to share.

    Each worker would otherwise compile the patterns it meets (``regex`` compiles in Python,
    ~250 ms for the shipped pack) and warm up its own finders: with two workers, 15-25 %
    more CPU than one job.
    """
    from healthlint import prefilter
    from healthlint.engine import patterns_of

    for rule in linter.ruleset.rules:
        for pattern in patterns_of(rule.compiled):
            try:
                pattern.search  # a cached linter's patterns compile on first use  # noqa: B018
                prefilter.ready(pattern)
            except Exception:  # noqa: BLE001  (a bad pattern is reported where it runs)
                continue


def _pooled(linter: Linter, files: list[tuple[str, str]], jobs: int, cache: ResultStore | None) -> list[FileResult]:
    import multiprocessing

    method = "fork" if sys.platform == "linux" else None
    head: list[FileResult] = []
    if method == "fork" and len(files) >= PREPARE_MIN_FILES:
        prepare(linter)
        # the first files linted here warm what the workers then share: the RE2 automata's
        # states, the patterns kinds compile on first use, the rules' memos
        head = [linter.lint_file_with_errors(path, format=fmt, cache=cache) for path, fmt in files[:WARM_FILES]]
        files = files[WARM_FILES:]
        from healthlint.prefilter import seal

        seal()  # the small patterns those files asked for, in one RE2 set the workers share
    ctx = multiprocessing.get_context(method)
    workers = min(jobs, len(files))
    # small chunks keep both workers busy to the end; big enough to amortize the pipe
    chunk = max(1, min(16, len(files) // (workers * 8)))
    with ctx.Pool(workers, initializer=_init, initargs=(linter, cache)) as pool:
        return head + [(_diagnostics(rows), errors) for rows, errors in pool.imap(_work, files, chunksize=chunk)]
