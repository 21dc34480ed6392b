"""Built-in check kinds, registered through the ``healthlint.kinds`` entry points."""
