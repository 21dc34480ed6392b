"""healthlint: a linter for medical and health copy (Markdown, HTML and plain text).

It reports, at the exact line and column of the words, what a careful medical-legal
reviewer would flag: uncited statistics, absolute efficacy and safety claims, a missing
medical reviewer or "talk to your doctor" notice, and more.

Lint a string, a file or folders::

    from healthlint import Linter, lint_text

    for d in lint_text("Ketamine cures anxiety.", path="draft.md"):
        print(d.path, d.line, d.column, d.rule, d.message)

    linter = Linter()                 # configuration and rules loaded once, reused
    linter.lint_file("article.md")    # -> list[Diagnostic]; raises HealthlintError
    linter.lint_paths(["articles/"])  # -> Result: diagnostics, files, per-file errors

Public names: :class:`Linter`, :class:`Result`, :func:`lint_text`, :func:`lint_file`,
:func:`lint_paths`, :class:`Diagnostic`, :class:`Level`, :class:`Config`,
:func:`load_config`, :func:`find_config`, :class:`Ruleset`, :func:`load_ruleset`,
:class:`HealthlintError` and ``__version__``. Everything else is private.
"""

from __future__ import annotations

#: the one place the version is written: the wheel's metadata is read from this line
__version__ = "0.1.0"

from healthlint.diagnostic import Diagnostic, Level  # noqa: E402
from healthlint.errors import HealthlintError  # noqa: E402
from healthlint.config import Config, find_config, load_config  # noqa: E402
from healthlint.ruleset import Ruleset, load_ruleset  # noqa: E402
from healthlint.api import Linter, Result, lint_file, lint_paths, lint_text  # noqa: E402

__all__ = [
    "Config",
    "Diagnostic",
    "HealthlintError",
    "Level",
    "Linter",
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
