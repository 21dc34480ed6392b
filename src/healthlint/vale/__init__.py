"""Vale compatibility: run existing Vale configurations and styles unchanged.

Nothing here is imported unless a Vale configuration (``.vale.ini`` and
friends) or a Vale-only check kind is in use, so healthlint's start-up cost for
its own configuration does not grow.
"""

from __future__ import annotations

import os
from pathlib import Path

#: file names Vale looks for, in its search order
CONFIG_NAMES = (".vale", "_vale", "vale.ini", ".vale.ini", "_vale.ini")


def find_vale_config(start: Path, *, stop_at_repo: bool = False) -> Path | None:
    """The first of Vale's config names in ``start`` or a parent (``VALE_CONFIG_PATH`` first).

    Here rather than in :mod:`healthlint.vale.project`: every run without a healthlint
    configuration asks, and most find none (importing the project reader costs 15 ms).
    """
    env = os.environ.get("VALE_CONFIG_PATH")
    if env and Path(env).is_file():
        return Path(env)
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        if stop_at_repo and (d / ".git").exists():
            break
    return None
