"""Shared by the kinds healthlint can load but not (fully) run: they say so, never skip silently."""

from __future__ import annotations

from typing import Any

_TOLD: set[str] = set()


def tell(ctx: Any, rule_name: str, why: str) -> None:
    """Report once per rule that it cannot run, through the run's notice callback (stderr in the CLI)."""
    key = f"{rule_name}:{why}"
    if key in _TOLD and ctx is None:
        return
    _TOLD.add(key)
    notice = getattr(ctx, "notice", None)
    message = f"healthlint: {rule_name}: {why}; the rule is loaded but reports nothing"
    if callable(notice):
        notice(message)
    else:
        import sys

        sys.stderr.write(message + "\n")
