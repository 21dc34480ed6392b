"""Run a build in a forked child and take back only its result, as bytes.

Building the rules from their YAML imports ruamel.yaml, lemminflect and numpy, and
the objects it makes and drops on the way leave Python's memory arenas half empty:
a run that builds its linter (``--no-cache``, an empty cache in CI, a rule just
edited) kept about 28 MB more to its end than one that loads the cached linter
(300 articles, one job: 166 against 138 MB peak). Built in a child and handed back
pickled, the linter is the one a cached run loads, and the parent's memory is a
cached run's.

Only in a process the command owns (:func:`own_process`: ``healthlint`` started from a
shell, pre-commit or CI), and only where a fork is cheap and safe: Linux, one thread. A
process that runs the command again and again (a test session, the daemon, a library
calling ``cli.main``) builds in itself, where what one build computed makes the next
one fast (0.35 s against 1.6 s a run). Anywhere else, and whenever the child fails for
any reason (an error in a rule file, a linter that cannot be pickled, the child killed),
:func:`run` returns None and the caller builds in its own process as before, so errors
are reported exactly as they always were.
"""

from __future__ import annotations

import io
import os
import struct
import sys
from typing import Callable

#: the result is never read past this size (the compiled Medical pack pickles to ~2 MB)
LIMIT = 64 * 1024 * 1024
_HEADER = struct.Struct("<Q")


#: set by :func:`own_process`
_OWNED = False


def own_process() -> None:
    """Say that this process is the command's own, which exits after one run."""
    global _OWNED
    _OWNED = True


def possible() -> bool:
    """True where :func:`run` forks: the command's own process, on Linux, with no thread but this one."""
    if not _OWNED or sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def run(work: Callable[[], bytes | None]) -> bytes | None:
    """``work()`` run in a forked child: its bytes, or None when it returned None, raised, or
    could not run apart. What the child wrote to ``sys.stderr`` is written here when it succeeded
    (and dropped when it failed: the caller's own build then says it again)."""
    if not possible():
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    done = False
    code = 0
    try:
        with os.fdopen(read_end, "rb") as pipe:
            blob = pipe.read(LIMIT + 1)
        if len(blob) <= LIMIT:
            try:
                code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            except ChildProcessError:  # SIGCHLD ignored by whoever started us: reaped already, the sizes below tell
                pass
            done = True
    finally:
        if not done:  # interrupted (Ctrl-C), or more than the limit: the child goes too
            _end(pid)
    if not done or code != 0 or len(blob) < 2 * _HEADER.size:
        return None
    (size,) = _HEADER.unpack_from(blob)
    (told,) = _HEADER.unpack_from(blob, _HEADER.size)
    start = 2 * _HEADER.size
    if len(blob) != start + size + told:
        return None
    if told:
        sys.stderr.write(blob[start + size :].decode("utf-8", "replace"))
    return blob[start : start + size]


def _child(work: Callable[[], bytes | None], fd: int) -> None:
    code = 1
    try:
        sys.stderr = io.StringIO()
        result = work()
        if result is not None:
            told = sys.stderr.getvalue().encode("utf-8", "surrogateescape")
            with os.fdopen(fd, "wb") as pipe:
                pipe.write(_HEADER.pack(len(result)) + _HEADER.pack(len(told)) + result + told)
            code = 0
    except BaseException:  # noqa: BLE001  (anything: the parent builds on its own and reports it)
        code = 1
    finally:
        os._exit(code)  # no atexit handler, no flush of the parent's buffered output


def _end(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
