"""Paths on the command line -> the article files to lint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", ".healthlint_cache", "_site", ".next", ".cache", "dist", "build", "site-packages"}
)


def iter_files(
    paths: list[str], *, wanted: Callable[[str], bool], on_error: Callable[[str, str], None]
) -> Iterator[str]:
    """Files named on the command line (always), and files found in directories.

    In directories, hidden entries and tool folders are skipped, symlinked
    directories are not followed (no loops), named pipes and devices are
    yielded (reading refuses and reports them), and only files ``wanted`` accepts are yielded.
    """
    for arg in paths:
        if arg == "-":
            yield arg
            continue
        p = Path(arg)
        if p.is_dir():
            yield from _walk(arg, wanted, on_error)
        elif p.exists():
            yield arg
        else:
            on_error(arg, "no such file or directory")


def _walk(top: str, wanted: Callable[[str], bool], on_error: Callable[[str, str], None]) -> Iterator[str]:
    def onerror(exc: OSError) -> None:
        on_error(exc.filename or top, f"cannot read directory: {exc.strerror or exc}")

    for root, dirs, files in os.walk(top, onerror=onerror, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if top in (".", "./") and path.startswith("./"):
                path = path[2:]
            if wanted(path):  # a pipe, a device or a link out of the tree is reported when read, never opened
                yield path

