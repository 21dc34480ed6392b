"""Vale compatibility: run existing Vale configurations and styles unchanged.

Nothing here is imported unless a Vale configuration (``.vale.ini`` and
friends) or a Vale-only check kind is in use, so healthlint's start-up cost for
its own configuration does not grow.
"""

from __future__ import annotations

#: file names Vale looks for, in its search order
CONFIG_NAMES = (".vale", "_vale", "vale.ini", ".vale.ini", "_vale.ini")
