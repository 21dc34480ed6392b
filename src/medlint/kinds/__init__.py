"""Built-in check kinds, registered through the ``medlint.kinds`` entry points."""
