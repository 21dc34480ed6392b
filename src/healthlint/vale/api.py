"""Load a Vale configuration into a :class:`~healthlint.vale.runner.Runner`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from healthlint.vale.project import load_rules, load_vale_config
from healthlint.vale.runner import Runner


def load_runner(
    config: Path,
    *,
    min_level: str | None = None,
    system_dictionaries: bool = True,
    notice: Callable[[str], None] | None = None,
    kinds: Any = None,
) -> Runner:
    """The configuration at ``config`` with its styles loaded and compiled (raises RuleErrors)."""
    from healthlint.kinds.vale_dialect import ValeDialect

    if kinds is None:
        from healthlint.plugins import load_kinds

        kinds = load_kinds()
    cfg = load_vale_config(config, min_level=min_level)
    ctx = ValeDialect(
        accepted=tuple(cfg.accepted),
        rejected=tuple(cfg.rejected),
        word_template=cfg.word_template,
        styles_path=tuple(str(p) for p in cfg.styles_paths),
        system_dictionaries=system_dictionaries,
        notice=notice,
    )
    rules = load_rules(cfg, kinds, ctx)
    return Runner(cfg, rules, kinds, notice=notice)
