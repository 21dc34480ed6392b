"""An opt-in resident process that keeps the rules compiled: ``healthlint daemon start|stop|status``.

One article as pre-commit lints it spends most of its time compiling the
patterns its rules need (``regex`` parses patterns in Python); a process that
stays up compiles each pattern once. While the daemon runs, the ``healthlint``
command sends it its arguments, working folder and the few environment
variables that shape the output, and prints what comes back: the same report
and exit code it would have produced itself (the daemon runs the same
:func:`healthlint.cli.main`). When the daemon is not running, is stopped
half-way or answers anything unexpected, the command lints on its own, silently.

Safety: the socket lives in a folder of its own (in ``$XDG_RUNTIME_DIR``, else
the user's cache folder) created with mode 0700; a folder or socket that is a
symlink, belongs to another user or is open to others is never used. The
daemon also checks its peer's user id where the platform tells it (Linux). One
JSON request per connection, of bounded size. A command from another
interpreter or install, or after healthlint's own files changed, is not
served (the command then lints on its own).
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO


if TYPE_CHECKING:  # imported where a socket is opened: a run with no daemon running never needs it
    import socket


def owned_dir(path: Path, **checks: Any) -> bool:
    """:func:`healthlint.safe_read.owned_dir`, imported when a daemon's folder is looked at (a
    plain run, ``--version`` included, never needs it)."""
    from healthlint.safe_read import owned_dir as owned

    return owned(path, **checks)

#: the environment variables the command's output depends on (forwarded to the daemon)
ENV_KEYS = ("NO_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT", "HEALTHLINT_TODAY", "XDG_CACHE_HOME", "HOME", "PYTHONPATH")
#: the largest request or response read (bytes)
MAX_MESSAGE = 64 << 20
#: a daemon idle this long (seconds) exits
IDLE = 12 * 3600
#: set to any value: never use the daemon
DISABLE = "HEALTHLINT_NO_DAEMON"


def folder() -> Path:
    """Where the socket lives: ``$XDG_RUNTIME_DIR/healthlint``, else ``<cache>/healthlint/daemon``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        return Path(runtime) / "healthlint"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "healthlint" / "daemon"


def socket_path() -> Path:
    return folder() / "socket"


def _own_socket(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.geteuid()


# -- the client ----------------------------------------------------------------
def forward(argv: Sequence[str], out: TextIO, err: TextIO) -> int | None:
    """Let a running daemon lint ``argv``; its exit code, or None (lint here) on any problem.

    Only plain runs are sent: nothing read from standard input, no files fixed, output
    not to a terminal (colour depends on it).
    """
    if not hasattr(os, "geteuid") or os.environ.get(DISABLE) or "-" in argv or "--fix" in argv:
        return None
    try:
        if out.isatty() or err.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    path = socket_path()
    if not _own_socket(path):
        return None
    if not owned_dir(path.parent, create=False, mode=0o700, closed_to=0o077):
        return None
    from healthlint.cache import code_fingerprint

    env = {k: os.environ[k] for k in ENV_KEYS if k in os.environ}
    # the daemon answers only a command of its own interpreter and code, unchanged since it started
    request = {"op": "lint", "argv": list(argv), "cwd": os.getcwd(), "env": env, "code": code_fingerprint()}
    reply = _ask(path, request)
    if not reply or not isinstance(reply.get("code"), int) or not isinstance(reply.get("stdout"), str) or not isinstance(reply.get("stderr"), str):
        return None
    out.write(reply["stdout"])
    err.write(reply["stderr"])
    out.flush()
    return int(reply["code"])


def _ask(path: Path, request: dict[str, Any], *, timeout: float = 300.0) -> dict[str, Any] | None:
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(path))
            s.sendall(json.dumps(request).encode("utf-8"))
            s.shutdown(socket.SHUT_WR)
            data = _read_all(s)
        reply = json.loads(data.decode("utf-8")) if data else None
    except (OSError, ValueError):
        return None
    return reply if isinstance(reply, dict) else None


def _read_all(s: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = s.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_MESSAGE:
            raise ValueError("message too large")
        chunks.append(chunk)


# -- the server ----------------------------------------------------------------
class _KeptPickle:
    """``pickle`` for the cache module inside the daemon: the same bytes give the same object back.

    The cached linter is still read, its signature and its rule files still checked on every
    run; only unpickling it again (and compiling its patterns again) is saved.
    """

    def __init__(self, real: Any) -> None:
        self._real = real
        self._kept: dict[bytes, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def loads(self, data: bytes, *args: Any, **kw: Any) -> Any:
        import hashlib

        key = hashlib.sha256(data).digest()
        if key not in self._kept:
            if len(self._kept) >= 4:  # a few configurations; each linter holds its compiled patterns
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = self._real.loads(data, *args, **kw)
        return self._kept[key]


def _keep_linters() -> None:
    import pickle

    import regex

    from healthlint import cache

    if getattr(cache, "pickle", None) is pickle:
        cache.pickle = _KeptPickle(pickle)  # type: ignore[attr-defined]
    main = sys.modules.get("regex._main") or sys.modules.get("regex.regex")
    if main is not None and hasattr(main, "_MAXCACHE"):
        main._MAXCACHE = max(main._MAXCACHE, 4096)  # every pattern of a large pack stays compiled
    del regex


def serve() -> int:
    """Listen on the socket until asked to stop (or idle for ``IDLE`` seconds)."""
    import socket

    from healthlint.cache import code_fingerprint

    _keep_linters()
    code = code_fingerprint()
    path = socket_path()
    if not owned_dir(path.parent, create=True, parents=True, mode=0o700, closed_to=0o077):
        return 2
    if os.path.lexists(path):
        if not _own_socket(path) or _ask(path, {"op": "status"}, timeout=2.0) is not None:
            return 2  # not ours, or a daemon already answers there
        os.unlink(path)  # a socket left by a daemon that died
    old = os.umask(0o077)
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
    finally:
        os.umask(old)
    server.listen(8)
    server.settimeout(IDLE)
    started = time.time()
    served = 0
    try:
        while True:
            try:
                conn, _ = server.accept()
            except socket.timeout:
                return 0
            with conn:
                if not _same_user(conn):
                    continue
                conn.settimeout(30.0)
                try:
                    request = json.loads(_read_all(conn).decode("utf-8"))
                except (OSError, ValueError):
                    continue
                op = request.get("op") if isinstance(request, dict) else None
                if op == "status":
                    reply: dict[str, Any] = {"pid": os.getpid(), "since": started, "served": served}
                elif op == "stop":
                    _send(conn, {"stopping": os.getpid()})
                    return 0
                elif op == "lint" and request.get("code") == code:
                    reply = _lint(request)
                    served += 1
                elif op == "lint":
                    reply = {}  # another interpreter or install, or healthlint's files changed: not served
                else:
                    continue
                _send(conn, reply)
    finally:
        server.close()
        try:
            if _own_socket(path):
                os.unlink(path)
        except OSError:
            pass


def _send(conn: socket.socket, reply: dict[str, Any]) -> None:
    try:
        conn.sendall(json.dumps(reply).encode("utf-8"))
    except OSError:
        pass


def _same_user(conn: socket.socket) -> bool:
    import socket

    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None:
        return True  # the folder (0700) keeps others out
    import struct

    try:
        _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i")))
    except OSError:
        return False
    return uid == os.geteuid()


def _lint(request: dict[str, Any]) -> dict[str, Any]:
    """Run the command as the client would have: its folder, arguments and environment."""
    from healthlint import cli

    argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv) or not isinstance(cwd, str) or not isinstance(env, dict):
        return {}
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    here = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    try:
        os.chdir(cwd)
        for k in ENV_KEYS:
            value = env.get(k)
            if isinstance(value, str):
                os.environ[k] = value
            else:
                os.environ.pop(k, None)
        code = cli.main(argv, stdout=out, stderr=err)
    except BaseException:  # the client lints on its own
        return {}
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        try:
            os.chdir(here)
        except OSError:
            pass
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


# -- the command -----------------------------------------------------------------
def command(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """``healthlint daemon start|stop|status``."""
    action = argv[0] if len(argv) == 1 else ""
    if not hasattr(os, "geteuid"):
        err.write("healthlint: the daemon needs Unix sockets (not available on this platform)\n")
        return 2
    path = socket_path()
    if action not in ("start", "stop", "status"):
        err.write("usage: healthlint daemon start|stop|status\n")
        return 2
    if not owned_dir(path.parent, create=action == "start", parents=True, mode=0o700, closed_to=0o077):
        if action == "start" or os.path.lexists(path.parent):
            err.write(f"healthlint: {path.parent} is not a private folder of this user (0700, no symlink); the daemon does not use it\n")
            return 2
        out.write("healthlint daemon: not running\n")
        return 1 if action == "status" else 0
    status = _ask(path, {"op": "status"}, timeout=5.0) if _own_socket(path) else None
    if action == "status":
        out.write(f"healthlint daemon: running (pid {status.get('pid')}, socket {path})\n" if status else "healthlint daemon: not running\n")
        return 0 if status else 1
    if action == "stop":
        if status:
            _ask(path, {"op": "stop"}, timeout=5.0)
        out.write("healthlint daemon: stopped\n" if status else "healthlint daemon: not running\n")
        return 0
    if status:
        out.write(f"healthlint daemon: already running (pid {status.get('pid')})\n")
        return 0
    import subprocess

    subprocess.Popen(
        [sys.executable, "-m", "healthlint.daemon"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd="/",
    )
    for _ in range(100):
        time.sleep(0.05)
        status = _ask(path, {"op": "status"}, timeout=2.0) if _own_socket(path) else None
        if status:
            out.write(f"healthlint daemon: running (pid {status.get('pid')}, socket {path})\n")
            return 0
    err.write("healthlint: the daemon did not start\n")
    return 2


if __name__ == "__main__":
    sys.exit(serve())
