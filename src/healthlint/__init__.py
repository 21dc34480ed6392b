"""healthlint: a linter for medical and health copy.

The public API::

    from healthlint import Linter, lint_text, lint_file, lint_paths, load_config, load_ruleset

Everything else is private. Imports are lazy, so ``import healthlint`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Diagnostic",
    "Level",
    "Linter",
    "HealthlintError",
    "Result",
    "Ruleset",
    "__version__",
    "find_config",
    "lint_file",
    "lint_paths",
    "lint_text",
    "load_config",
    "load_ruleset",
]

_WHERE = {
    "Config": "healthlint.config",
    "find_config": "healthlint.config",
    "load_config": "healthlint.config",
    "Diagnostic": "healthlint.diagnostic",
    "Level": "healthlint.diagnostic",
    "HealthlintError": "healthlint.errors",
    "Linter": "healthlint.api",
    "Result": "healthlint.api",
    "lint_file": "healthlint.api",
    "lint_paths": "healthlint.api",
    "lint_text": "healthlint.api",
    "Ruleset": "healthlint.ruleset",
    "load_ruleset": "healthlint.ruleset",
}

if TYPE_CHECKING:
    from healthlint.api import Linter, Result, lint_file, lint_paths, lint_text
    from healthlint.config import Config, find_config, load_config
    from healthlint.diagnostic import Diagnostic, Level
    from healthlint.errors import HealthlintError
    from healthlint.ruleset import Ruleset, load_ruleset


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'healthlint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
