"""Output formatters, registered through the ``medlint.formatters`` entry points."""
