"""medlint: a linter for medical and health copy.

The public API::

    from medlint import Linter, lint_text, lint_file, lint_paths, load_config, load_ruleset

Everything else is private. Imports are lazy, so ``import medlint`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Diagnostic",
    "Level",
    "Linter",
    "MedlintError",
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
    "Config": "medlint.config",
    "find_config": "medlint.config",
    "load_config": "medlint.config",
    "Diagnostic": "medlint.diagnostic",
    "Level": "medlint.diagnostic",
    "MedlintError": "medlint.errors",
    "Linter": "medlint.api",
    "Result": "medlint.api",
    "lint_file": "medlint.api",
    "lint_paths": "medlint.api",
    "lint_text": "medlint.api",
    "Ruleset": "medlint.ruleset",
    "load_ruleset": "medlint.ruleset",
}

if TYPE_CHECKING:
    from medlint.api import Linter, Result, lint_file, lint_paths, lint_text
    from medlint.config import Config, find_config, load_config
    from medlint.diagnostic import Diagnostic, Level
    from medlint.errors import MedlintError
    from medlint.ruleset import Ruleset, load_ruleset


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'medlint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
