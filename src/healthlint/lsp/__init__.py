"""The language server (``healthlint server``); needs the ``lsp`` extra (pygls)."""
