"""``healthlint server``: diagnostics while typing, hover with the rationale, certain fixes as quick fixes.

Runs on standard input and output (LSP over stdio) with pygls. Changes are
linted after a short pause in typing (``initializationOptions.debounceMs``,
default 150 ms); opening or saving a document lints it at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from healthlint import __version__
from healthlint.lsp.positions import UTF8, UTF16, UTF32, Text
from healthlint.lsp.session import FIX_ALL, Open, Session

DEBOUNCE_MS = 150
_ENCODINGS = {lsp.PositionEncodingKind.Utf8: UTF8, lsp.PositionEncodingKind.Utf16: UTF16, lsp.PositionEncodingKind.Utf32: UTF32}


class HealthlintServer(LanguageServer):
    """The language server: a :class:`Session` and the debounce timers."""

    def __init__(self) -> None:
        super().__init__("healthlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.session = Session()
        self.debounce = DEBOUNCE_MS / 1000
        self.timers: dict[str, asyncio.TimerHandle] = {}

    def encoding(self) -> str:
        kind = self.server_capabilities.position_encoding
        return _ENCODINGS.get(kind, UTF16) if kind is not None else UTF16  # type: ignore[call-overload]

    def publish(self, doc: Open) -> None:
        self.session.encoding = self.encoding()
        try:
            diags, notes = self.session.lint(doc)
        except Exception as exc:  # never take the editor's server down over one document
            logging.getLogger(__name__).exception("lint failed")
            diags, notes = [], [f"healthlint failed on {doc.uri}: {type(exc).__name__}: {exc}"]
        for note in notes:
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, note))
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(doc.uri, diags, version=doc.version))

    def fresh(self, uri: str) -> Open | None:
        """The document, linted now if a change is still waiting (a request must see the current text)."""
        doc = self.session.docs.get(uri)
        if doc is not None and (doc.linted is None or doc.linted.source != doc.text.source):
            timer = self.timers.pop(uri, None)
            if timer is not None:
                timer.cancel()
            self.publish(doc)
        return doc

    def later(self, uri: str) -> None:
        old = self.timers.pop(uri, None)
        if old is not None:
            old.cancel()

        def run() -> None:
            self.timers.pop(uri, None)
            doc = self.session.docs.get(uri)
            if doc is not None:
                self.publish(doc)

        self.timers[uri] = asyncio.get_running_loop().call_later(self.debounce, run)


server = HealthlintServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: HealthlintServer, params: lsp.InitializeParams) -> None:
    options: Any = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)) and options["debounceMs"] >= 0:
        ls.debounce = float(options["debounceMs"]) / 1000
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    ls.session.root = to_fs_path(root) if root else None


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HealthlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    path = to_fs_path(item.uri) if item.uri.startswith("file:") else None
    doc = Open(item.uri, path, item.language_id, item.version, Text.of(item.text))
    ls.session.docs[item.uri] = doc
    ls.publish(doc)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HealthlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    doc = ls.session.docs.get(params.text_document.uri)
    if doc is None:
        return
    enc = ls.encoding()
    text = doc.text
    for change in params.content_changes:
        if isinstance(change, lsp.TextDocumentContentChangePartial):
            r = change.range
            text = text.apply((r.start.line, r.start.character), (r.end.line, r.end.character), new=change.text, encoding=enc)
        else:
            text = Text.of(change.text)
    doc.text, doc.version = text, params.text_document.version
    ls.later(doc.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HealthlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    doc = ls.session.docs.get(params.text_document.uri)
    if doc is not None:
        ls.publish(doc)  # a saved configuration may change what is reported: lint now


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HealthlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.session.docs.pop(uri, None)
    timer = ls.timers.pop(uri, None)
    if timer is not None:
        timer.cancel()
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: HealthlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    """A configuration file changed (the client watches them): lint every open document again."""
    for doc in list(ls.session.docs.values()):
        ls.publish(doc)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: HealthlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    doc = ls.fresh(params.text_document.uri)
    return ls.session.hover(doc, params.position) if doc is not None else None


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: HealthlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    doc = ls.fresh(params.text_document.uri)
    if doc is None:
        return None
    only = [str(k) for k in params.context.only] if params.context.only else None
    return ls.session.code_actions(doc, params.range, only=only)


def serve() -> None:
    """Run the server on standard input and output until the editor says ``exit``."""
    logging.basicConfig(level=logging.WARNING)  # to standard error: standard output carries the protocol
    server.start_io()
