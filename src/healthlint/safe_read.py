"""The one way healthlint reads a file: regular files only, bounded, inside the tree.

Articles, the cache's files, rule folders hashed for the cache key and
``formatters.json`` all come from a checkout, and a pull request controls what
is in it: a symlink to ``../.git/config`` or ``/etc/passwd``, a symlink to
``/dev/zero``, a named pipe. So a read

- opens without blocking and checks the opened file (``fstat``): a device, a
  pipe, a socket or a folder is refused, never read (a pipe would block forever,
  ``/dev/zero`` would fill the memory);
- reads at most ``limit`` bytes (``max_file_size`` for articles) and refuses a
  larger file rather than cutting it;
- for an article whose path goes through a symlink: the target must lie inside
  the repository (or a folder named on the command line) and outside any hidden
  or tool folder (``.git``), unless ``follow_symlinks: true`` is configured.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Iterable

from healthlint.errors import InputError

#: one read of a file in pieces this large
_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


class UnsafeFile(OSError):
    """A file healthlint refuses to read: not a regular file, too large, outside the tree."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | os.PathLike[str], *, limit: int = 0, follow: bool = True) -> bytes:
    """The bytes of the regular file ``path``; ``limit`` bytes at most (0: no limit).

    Raises :class:`UnsafeFile` (an ``OSError``) for a device, a pipe, a socket, a
    folder, a file over the limit or, with ``follow=False``, a symlink; any other
    ``OSError`` as ``open`` raises it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        if os.path.islink(path):
            raise UnsafeFile("a symbolic link, not read")
    try:
        before = os.stat(path) if follow else os.lstat(path)
    except OSError:
        before = None  # open() says what is wrong
    if before is not None and not stat.S_ISREG(before.st_mode):
        raise UnsafeFile(f"{_kind(before.st_mode)}, not a regular file; not read")
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the two looks
            raise UnsafeFile(f"{_kind(st.st_mode)}, not a regular file; not read")
        if limit > 0 and st.st_size > limit:
            raise UnsafeFile(f"larger than max_file_size ({limit} bytes); not read")
        want = limit + 1 if limit > 0 else -1
        parts: list[bytes] = []
        got = 0
        while want < 0 or got < want:
            piece = os.read(fd, _CHUNK if want < 0 else min(_CHUNK, want - got))
            if not piece:
                break
            parts.append(piece)
            got += len(piece)
        if limit > 0 and got > limit:  # it grew while being read
            raise UnsafeFile(f"larger than max_file_size ({limit} bytes); not read")
        return b"".join(parts)
    finally:
        os.close(fd)


def _repository_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` that holds a ``.git`` entry."""
    here = os.path.realpath(start)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


@dataclass(frozen=True, slots=True)
class ReadPolicy:
    """Where a run may read articles from and how much of each."""

    #: resolved folders a symlinked article's target must lie in
    roots: tuple[str, ...]
    #: bytes per article (``max_file_size``); 0: no limit
    limit: int = 0
    follow_symlinks: bool = False
    #: folder -> whether the folder, or one above it as written, is a symlink
    _linked: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_paths(cls, paths: Iterable[str], *, limit: int = 0, follow_symlinks: bool = False, root: str | os.PathLike[str] | None = None) -> ReadPolicy:
        """The repository of the current folder (and of ``root``, the configuration's), and the folders named."""
        policy = cls((), limit, follow_symlinks)
        roots: list[str] = []
        for start in [os.getcwd(), *([os.fspath(root)] if root is not None else [])]:
            roots.append(_repository_root(start) or os.path.realpath(start))
        for p in paths:
            if p != "-" and os.path.isdir(p) and not policy._through_link(os.path.normpath(p)):
                roots.append(os.path.realpath(p))  # a folder named as itself, not through a link
        return cls(tuple(dict.fromkeys(roots)), limit, follow_symlinks)

    def _through_link(self, path: str) -> bool:
        """True when ``path`` as written, or a folder on the way to it, is a symlink."""
        if os.path.islink(path):
            return True
        folder = os.path.dirname(path)
        chain: list[str] = []
        while folder and folder not in self._linked:
            chain.append(folder)
            if os.path.islink(folder):
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        linked = self._linked.get(folder, False) or bool(chain) and os.path.islink(chain[-1])
        for f in chain:
            self._linked[f] = linked
        return linked

    def refusal(self, path: str) -> str | None:
        """Why the article ``path`` must not be read, or None."""
        if self.follow_symlinks or not self._through_link(os.path.normpath(path)):
            return None
        real = os.path.realpath(path)
        hidden = ""
        for root in self.roots:
            if real.startswith(root.rstrip(os.sep) + os.sep):
                rel = os.path.relpath(real, root)
                if not any(_hidden(part) for part in rel.split(os.sep)):
                    return None
                hidden = hidden or rel
        if hidden:
            return f"a symbolic link into a hidden or tool folder ({hidden}); not read"
        return "a symbolic link to a file outside the repository; not read (set 'follow_symlinks: true' to read it)"

    def read(self, path: str, *, display: str) -> bytes:
        """The bytes of the article ``path``; an :class:`InputError` naming ``display`` when refused."""
        why = self.refusal(path)
        if why is not None:
            raise InputError(why, path=display)
        try:
            return read_regular(path, limit=self.limit)
        except UnsafeFile as exc:
            raise InputError(exc.reason, path=display) from None
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", path=display) from None


def _hidden(part: str) -> bool:
    from healthlint.discover import SKIP_DIRS

    return part.startswith(".") or part in SKIP_DIRS


#: a rule file, a Vale configuration or a vocabulary is never larger than this
SMALL_FILE_LIMIT = 4 * 1024 * 1024


def read_small_text(path: str | os.PathLike[str], *, limit: int = SMALL_FILE_LIMIT) -> str:
    """A small UTF-8 text file (BOM dropped) read as :func:`read_regular` does; ``UnicodeDecodeError`` on bad bytes."""
    return read_regular(path, limit=limit).decode("utf-8-sig")


def owned_dir(
    path: str | os.PathLike[str], *, create: bool = False, parents: bool = False, mode: int = 0o755, closed_to: int = 0
) -> bool:
    """True for a real folder (not a symlink, not a device) owned by this user.

    ``closed_to`` names the permission bits others must not have (``0o022``: nobody
    else may write; ``0o077``: nobody else may enter). With ``create`` a missing
    folder is made with ``mode`` (and with ``parents``, its missing parents too).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        try:
            if parents:
                os.makedirs(os.path.dirname(os.fspath(path)) or ".", mode=mode, exist_ok=True)
            try:
                os.mkdir(path, mode)
            except FileExistsError:
                pass
            st = os.lstat(path)
        except OSError:
            return False
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if not hasattr(os, "geteuid"):
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & closed_to
