"""Output formatters, registered through the ``healthlint.formatters`` entry points."""
