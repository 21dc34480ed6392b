"""Paths on the command line -> the article files to lint."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterator

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", ".healthlint_cache", "_site", ".next", ".cache", "dist", "build", "site-packages"}
)


#: files that are not articles although their extension is (compared case-insensitively, without
#: the extension): licences, notices and the files crawlers and build tools read
NOT_ARTICLES = frozenset(
    {"license", "licence", "copying", "notice", "authors", "contributors", "codeowners", "robots", "humans",
     "changelog", "code_of_conduct", "third_party_notices", "requirements"}
)
#: the first bytes of a report healthlint wrote (``--format html``): never linted when walking a folder
GENERATED_MARK = b'<meta name="generator" content="healthlint'


def iter_files(
    paths: list[str], *, wanted: Callable[[str], bool], on_error: Callable[[str, str], None],
    named: Callable[[str], bool] = lambda path: True,
) -> Iterator[str]:
    """Files named on the command line (those ``named`` accepts), and article files found in folders.

    In folders, hidden entries and tool folders are skipped, symlinked
    directories are not followed (no loops), named pipes and devices are
    yielded (reading refuses and reports them), files that are not articles
    (``LICENSE*``, ``robots.txt``, a report healthlint wrote) are skipped, and
    only files ``wanted`` accepts are yielded.
    """
    for arg in paths:
        if arg == "-":
            yield arg
            continue
        p = Path(arg)
        if p.is_dir():
            yield from _walk(arg, wanted, on_error)
        elif p.exists():
            if named(arg):
                yield arg
        else:
            on_error(arg, "no such file or directory")


def is_article_name(name: str) -> bool:
    """False for ``LICENSE.md``, ``LICENCE-MIT.txt``, ``robots.txt``, ``NOTICE.html`` and the like."""
    stem = name.split(".", 1)[0].lower()
    if stem in NOT_ARTICLES:
        return False
    return not stem.startswith(("license", "licence", "copying"))


def generated_by_healthlint(path: str) -> bool:
    """True for an HTML report healthlint wrote (its generator mark is in the first kilobyte)."""
    if not path.lower().endswith((".html", ".htm", ".xhtml")):
        return False
    try:  # only a regular file is opened: a named pipe would block, and reading refuses it later anyway
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            return GENERATED_MARK in os.read(fd, 1024)
        finally:
            os.close(fd)
    except OSError:
        return False  # linting it reports the problem


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
            # a pipe, a device or a link out of the tree is reported when read, never opened
            if wanted(path) and is_article_name(name) and not generated_by_healthlint(path):
                yield path

