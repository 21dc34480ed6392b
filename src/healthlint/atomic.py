"""Files healthlint writes (reports, baselines, cache) are replaced atomically."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line endings as given) atomically over ``path``."""
    write_bytes_atomic(path, text.encode("utf-8", "surrogateescape"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a unique temporary file beside ``path``, then rename it over ``path``.

    Readers see the old file or the new one, never a part; concurrent writers of
    the same path each rename a whole file (the last one wins).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
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
