"""Typed errors, each rendered compiler-style as ``path:line:col: error: ...``."""

from __future__ import annotations


class HealthlintError(Exception):
    """Base class of every error healthlint reports to a user."""

    def __init__(
        self, message: str, *, path: str = "", line: int = 0, column: int = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)

    def __str__(self) -> str:
        from healthlint.escape import terminal

        where = terminal(self.path)  # a file name with a line break stays on one line
        if where and self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: error: {self.message}" if where else f"error: {self.message}"


class RuleError(HealthlintError):
    """A rule file is invalid (bad YAML, unknown key, invalid regex ...)."""


class ConfigError(HealthlintError):
    """A configuration file or command-line option is invalid."""


class PluginError(HealthlintError):
    """A check kind or formatter plug-in failed to load or to run."""


class InputError(HealthlintError):
    """An article could not be read or decoded."""


class RuleErrors(HealthlintError):
    """Several rule or configuration errors, reported together."""

    def __init__(self, errors: list[HealthlintError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
