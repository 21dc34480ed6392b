"""Files healthlint writes (reports, baselines, cache) are replaced atomically, never through a link or device.

A report or baseline path named by the user may already be something other than a
regular file, and in CI the checkout (a pull request) decides what is there:

- missing or a regular file: a temporary file beside it is renamed over it, so
  readers see the old file or the new one, never a part;
- a character device, a named pipe or a socket (``-o /dev/stdout``, ``-o /dev/null``,
  ``-o >(gzip > r.gz)``), named directly or through a symlink: written through, the
  node itself is left as it is (renaming over it would replace the machine's
  ``/dev/stdout`` with a regular file when run as root);
- a symlink to a regular file (or to nothing): refused, unless it is one of the
  system's own names for an open file (``/dev/stdout``, ``/dev/fd/1``,
  ``/proc/self/fd/1``), which is written through; a link committed in place of a
  report would otherwise make healthlint write wherever it points;
- a block device or a folder: refused, and so is a relative path through a
  folder that is a symlink (a committed ``reports -> ~/.ssh``).

A failed write leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from healthlint.safe_read import UnsafeFile

#: symlinks here are the system's names for open files: writing through them is what the user asked for
_FD_ALIASES = ("/dev/", "/proc/")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line endings as given) to a report or baseline ``path`` (see the module)."""
    data = text.encode("utf-8", "surrogateescape")
    through = _write_through(path)
    if through:
        _write_node(path, data)
    else:
        write_bytes_atomic(path, data)


def _write_through(path: Path) -> bool:
    """True to write into what ``path`` is, False to replace it; raises :class:`UnsafeFile` to refuse."""
    if not os.path.isabs(path):  # a relative path is in the checkout: a folder on the way may be a committed link
        folder = os.path.dirname(os.path.normpath(path))
        while folder and folder not in (os.curdir, os.pardir) and not folder.endswith(os.sep + os.pardir):
            if os.path.islink(folder):
                raise UnsafeFile(f"the folder {folder} is a symbolic link (to {os.readlink(folder)}); not written through")
            folder = os.path.dirname(folder)
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        return False
    is_link = stat.S_ISLNK(own.st_mode)
    try:
        st = os.stat(path) if is_link else own
    except FileNotFoundError:
        raise UnsafeFile("a symbolic link to nothing; not replaced or written through") from None
    mode = st.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return True
    if stat.S_ISBLK(mode):
        raise UnsafeFile("a block device; not written")
    if stat.S_ISDIR(mode):
        raise UnsafeFile("a folder; not written")
    if not is_link:
        return False
    if os.path.abspath(path).startswith(_FD_ALIASES):
        return True  # /dev/stdout redirected to a file: write into the open file
    raise UnsafeFile(f"a symbolic link (to {os.readlink(path)}); not replaced or written through")


def _write_node(path: Path, data: bytes) -> None:
    """Write ``data`` into an existing device, pipe or open file, without creating or truncating anything."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # a pipe without a reader fails here (ENXIO) instead of blocking forever
    try:
        try:
            os.set_blocking(fd, True)  # opened without blocking only to fail fast on a pipe nobody reads
        except (AttributeError, OSError):
            pass
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a unique temporary file beside ``path``, then rename it over ``path``.

    Readers see the old file or the new one, never a part; concurrent writers of
    the same path each rename a whole file (the last one wins). Whatever ``path``
    was (a symlink, a pipe) is replaced, never written through: the cache uses
    this inside its own folders; reports and baselines go through :func:`write_atomic`.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
