"""Baselines for adopting healthlint on a back catalogue: report only new findings.

A finding is matched by path, rule and the words it covers, never by line
number, so edits elsewhere in an article do not bring old findings back. When
an article has the same finding several times, the baseline records how many;
only findings beyond that count are new.

Paths in the file are relative to the baseline file's folder, so the same
article matches whether it is named relatively, absolutely or from a subfolder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from healthlint.atomic import write_atomic
from healthlint.diagnostic import Diagnostic
from healthlint.errors import ConfigError

VERSION = 1


def _relative(path: str, folder: Path) -> str:
    """``path`` (as linted, relative to the current folder or absolute) relative to ``folder``."""
    try:
        return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()
    except ValueError:  # another drive (Windows): keep it absolute
        return Path(os.path.abspath(path)).as_posix()


def _key(d: Diagnostic, folder: Path) -> tuple[str, str, str]:
    return (_relative(d.path, folder), d.rule, " ".join(d.match.split()).casefold())


def _folder(baseline: Path) -> Path:
    return Path(os.path.abspath(baseline)).parent


def write_baseline(path: Path, diags: Iterable[Diagnostic]) -> int:
    """Record today's findings; returns how many were recorded."""
    folder = _folder(path)
    counts = Counter(_key(d, folder) for d in diags)
    entries = [
        {"path": p, "rule": r, "match": m, "count": n}
        for (p, r, m), n in sorted(counts.items())
    ]
    write_atomic(path, json.dumps({"version": VERSION, "findings": entries}, indent=1, ensure_ascii=False) + "\n")
    return sum(counts.values())


#: a baseline larger than this is refused (one finding takes about 150 bytes)
BASELINE_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class Baseline:
    """The findings recorded in a baseline file, and the folder its paths are relative to."""

    counts: Counter[tuple[str, str, str]]
    folder: Path


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a broken one is a configuration error."""
    try:
        from healthlint.safe_read import read_regular

        data = json.loads(read_regular(path, limit=BASELINE_LIMIT))  # a committed file: never a pipe or /dev/zero
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported baseline version {data.get('version')!r}")
        counts = Counter({(e["path"], e["rule"], e["match"]): int(e["count"]) for e in data["findings"]})
        return Baseline(counts, _folder(path))
    except FileNotFoundError:
        raise ConfigError("baseline file not found (create it with --write-baseline)", path=str(path)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"not a healthlint baseline: {exc}", path=str(path), line=1, column=1) from None


def new_findings(diags: Sequence[Diagnostic], baseline: Baseline) -> list[Diagnostic]:
    """The findings that the baseline does not account for, in order."""
    remaining = Counter(baseline.counts)
    out = []
    for d in diags:
        key = _key(d, baseline.folder)
        if remaining[key] > 0:
            remaining[key] -= 1
            continue
        out.append(d)
    return out
