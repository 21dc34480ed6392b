"""The language server's state and logic, apart from the protocol plumbing.

Documents are kept as the editor sends them; each is linted with the linter of
its configuration (found as the command line finds it, from the document's
path), kept compiled in the process and reloaded when that configuration file
changes. Everything here works on ``lsprotocol`` values and plain text.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from lsprotocol import types as lsp

from healthlint.api import Linter
from healthlint.config import find_config, load_config
from healthlint.diagnostic import Diagnostic, Level
from healthlint.errors import HealthlintError
from healthlint.fix import Edit, apply_edits, certain_edit
from healthlint.lsp.positions import UTF16, Text, units

SOURCE = "healthlint"
FIX_ALL = lsp.CodeActionKind.SourceFixAll + ".healthlint"
#: editors' language ids -> healthlint formats, for documents whose extension says nothing
LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
_SEVERITY = {Level.ERROR: lsp.DiagnosticSeverity.Error, Level.WARNING: lsp.DiagnosticSeverity.Warning, Level.SUGGESTION: lsp.DiagnosticSeverity.Information}
_MD_SPECIAL = regex.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")


def md_escape(text: str) -> str:
    """Article or rule text shown as literal Markdown (no links, images or HTML)."""
    return str(_MD_SPECIAL.sub(r"\\\1", " ".join(text.split())))


@dataclass
class Open:
    """One open document."""

    uri: str
    path: str | None
    language: str
    version: int
    text: Text
    #: findings of the last lint and the text they were found in
    diagnostics: tuple[Diagnostic, ...] = ()
    linted: Text | None = None
    linter: Linter | None = None
    #: the rules that ran, by name (for links, rationales and fix kinds)
    rules: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Loaded:
    key: tuple[Any, ...]
    linter: Linter | None
    error: str | None


@dataclass
class Session:
    """Open documents, linters by configuration, and the last lint's CPU time."""

    encoding: str = UTF16
    root: str | None = None
    docs: dict[str, Open] = field(default_factory=dict)
    linters: dict[str, _Loaded] = field(default_factory=dict)
    last_cpu: float = 0.0
    #: Vale configurations already named in the log
    noted: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _resident()

    # --- configuration ---------------------------------------------------------------------
    def linter_for(self, path: str | None) -> tuple[Linter | None, str | None]:
        """The linter for a document; None and a message when its configuration is invalid,
        None and None when a Vale configuration governs it (the command line then runs Vale's semantics)."""
        start = Path(path) if path else Path(self.root or os.getcwd())
        cfg = find_config(start)
        if cfg is None:
            vale = _vale_config(start)
            if vale is not None:
                if vale not in self.noted:
                    self.noted.add(vale)
                    self.notes.append(f"healthlint: {vale} is a Vale configuration and there is no healthlint one; "
                                      "the command line lints these files with Vale's semantics, which the server does not offer: "
                                      "add a .healthlint.yaml to see healthlint's findings here")
                return None, None
        name = str(cfg) if cfg else ""
        try:
            st = os.stat(cfg) if cfg else None
            key: tuple[Any, ...] = (st.st_mtime_ns, st.st_size) if st else ()
        except OSError:
            key = ()
        loaded = self.linters.get(name)
        if loaded is None or loaded.key != key:
            try:
                loaded = _Loaded(key, Linter(load_config(cfg)), None)
            except HealthlintError as exc:
                loaded = _Loaded(key, None, str(exc))
            self.linters[name] = loaded
        return loaded.linter, loaded.error

    # --- linting ---------------------------------------------------------------------------
    def lint(self, doc: Open) -> tuple[list[lsp.Diagnostic], list[str]]:
        """Lint one document; its LSP diagnostics and messages for the log."""
        linter, error = self.linter_for(doc.path)
        if linter is None and error is None:  # a Vale project
            doc.diagnostics, doc.linted = (), None
            notes, self.notes[:] = list(self.notes), []
            return [], notes
        if linter is None:
            where = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
            text = f"healthlint cannot lint this file: the configuration is invalid:\n{error}"
            doc.diagnostics, doc.linted = (), None
            return [lsp.Diagnostic(where, text, severity=lsp.DiagnosticSeverity.Error, source=SOURCE)], [text]
        fmt = self.format_of(doc, linter)
        if fmt is None:
            doc.diagnostics, doc.linted = (), None
            return [], []
        started = time.process_time()
        shown = doc.path or doc.uri
        diags, errors = linter.lint_text_with_errors(doc.text.source, path=shown, format=fmt)
        self.last_cpu = time.process_time() - started
        doc.diagnostics, doc.linted, doc.linter = tuple(diags), doc.text, linter
        doc.rules = {r.name: r for r in linter.ruleset_for(shown).rules}
        return [self.to_lsp(doc, d) for d in diags], [str(e) for e in errors]

    def format_of(self, doc: Open, linter: Linter) -> str | None:
        """The format to lint a document in, or None when the command line would not lint it."""
        cfg = linter.config
        if doc.path is not None:
            if cfg.excluded(doc.path):
                return None
            if cfg.max_file_size > 0 and len(doc.text.source.encode("utf-8", "surrogatepass")) > cfg.max_file_size:
                return None  # the command line skips it too
            fmt = cfg.format_for(doc.path)
            if fmt is not None or Path(doc.path).suffix:
                return fmt
        return LANGUAGES.get(doc.language)

    def to_lsp(self, doc: Open, d: Diagnostic) -> lsp.Diagnostic:
        text = doc.linted or doc.text
        rule = doc.rules.get(d.rule)
        return lsp.Diagnostic(
            range=self.range_of(text, d),
            message=d.message,
            severity=_SEVERITY[d.level],
            code=d.rule,
            code_description=lsp.CodeDescription(href=rule.link) if rule is not None and _web_link(rule.link) else None,
            source=SOURCE,
        )

    def range_of(self, text: Text, d: Diagnostic) -> lsp.Range:
        """The span of a finding; a document-level finding underlines the title line it points at."""
        if d.start == d.end:
            line, char = text.to_client(d.start, self.encoding)
            end = units(text.line_text(line), self.encoding)
            return lsp.Range(lsp.Position(line, char), lsp.Position(line, max(end, char)))
        (l1, c1), (l2, c2) = text.to_client(d.start, self.encoding), text.to_client(d.end, self.encoding)
        return lsp.Range(lsp.Position(l1, c1), lsp.Position(l2, c2))

    # --- requests --------------------------------------------------------------------------
    def at(self, doc: Open, start: lsp.Position, end: lsp.Position | None = None) -> list[Diagnostic]:
        """The findings of the last lint under a position or range (current text)."""
        if doc.linted is None or doc.linted.source != doc.text.source:
            return []  # the text changed since the lint: wait for the next one
        text = doc.text
        a = text.from_client(start.line, start.character, encoding=self.encoding)
        b = a if end is None else text.from_client(end.line, end.character, encoding=self.encoding)
        out = []
        for d in doc.diagnostics:
            if d.start == d.end:
                line_span = text.index.line_span(text.index.position(d.start).line, text.source)
                lo, hi = line_span.start, line_span.end
            else:
                lo, hi = d.start, d.end
            if lo <= b and a <= hi:
                out.append(d)
        return out

    def hover(self, doc: Open, pos: lsp.Position) -> lsp.Hover | None:
        found = self.at(doc, pos)
        if not found:
            return None
        parts = []
        for d in found:
            rule = doc.rules.get(d.rule)
            block = [f"**{md_escape(d.rule)}** ({d.level.value})", md_escape(d.message)]
            if rule is not None and rule.rationale:
                block.append("Why: " + md_escape(rule.rationale))
            if rule is not None and _web_link(rule.link):
                block.append(f"[More about this rule](<{rule.link}>)")
            parts.append("\n\n".join(block))
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))

    def code_actions(self, doc: Open, rng: lsp.Range, *, only: list[str] | None = None) -> list[lsp.CodeAction]:
        """Quick fixes for the findings in ``rng``; with ``only`` a fix-all kind, the certain fixes of the whole file."""
        if doc.linter is None or doc.linted is None or doc.linted.source != doc.text.source:
            return []
        source = doc.text.source
        every = [e for d in doc.diagnostics if (e := certain_edit(source, d, rule=doc.rules.get(d.rule))) is not None]
        _, taken = apply_edits(source, every)
        fix_all = lsp.CodeAction(f"Apply the {len(taken)} certain healthlint fix{'es' if len(taken) != 1 else ''} in this file",
                                 kind=FIX_ALL, edit=self._workspace_edit(doc, taken))
        if only and not any(k == lsp.CodeActionKind.QuickFix or k.startswith(lsp.CodeActionKind.QuickFix + ".") for k in only):
            wanted = any(FIX_ALL == k or FIX_ALL.startswith(k + ".") for k in only)
            return [fix_all] if wanted and taken else []
        found = self.at(doc, rng.start, rng.end)
        out: list[lsp.CodeAction] = []
        for d in found:
            edit = certain_edit(source, d, rule=doc.rules.get(d.rule))
            if edit is None:
                continue
            title = f"Replace '{edit.old}' with '{edit.text}'"
            out.append(lsp.CodeAction(title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[self.to_lsp(doc, d)],
                                      is_preferred=True, edit=self._workspace_edit(doc, [edit])))
        if len(taken) > 1 and out:
            out.append(fix_all)
        fmt = _format_of_linted(doc)
        if fmt in ("markdown", "html"):
            for rule_name in dict.fromkeys(d.rule for d in found if d.start != d.end and not d.rule.startswith("healthlint.")):
                first = min((d for d in found if d.rule == rule_name), key=lambda d: d.start)
                out.append(self._disable(doc, rule_name, first, markdown=fmt == "markdown"))
        return out

    def _workspace_edit(self, doc: Open, edits: list[Edit]) -> lsp.WorkspaceEdit:
        text = doc.text
        changes = []
        for e in edits:
            (l1, c1), (l2, c2) = text.to_client(e.start, self.encoding), text.to_client(e.end, self.encoding)
            changes.append(lsp.TextEdit(lsp.Range(lsp.Position(l1, c1), lsp.Position(l2, c2)), e.text))
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(doc.uri, doc.version), changes)])

    def _disable(self, doc: Open, rule: str, d: Diagnostic, *, markdown: bool) -> lsp.CodeAction:
        """A directive that silences ``rule`` here, for the writer to give the reason.

        A comment line before the line, where that changes nothing of the page; in a
        Markdown paragraph's later line, a list item or a quotation a line of its own
        would split or end the block, so the finding is wrapped in inline comments.
        """
        text = doc.text
        line, _ = text.to_client(d.start, self.encoding)
        content = text.line_text(line)
        why = "why this wording is right here"
        uri = lsp.OptionalVersionedTextDocumentIdentifier(doc.uri, doc.version)
        if markdown and not _starts_block(text, line):
            (l1, c1), (l2, c2) = text.to_client(d.start, self.encoding), text.to_client(d.end, self.encoding)
            edits = [
                lsp.TextEdit(lsp.Range(lsp.Position(l1, c1), lsp.Position(l1, c1)), f"<!-- healthlint-disable {rule}: {why} -->"),
                lsp.TextEdit(lsp.Range(lsp.Position(l2, c2), lsp.Position(l2, c2)), f"<!-- healthlint-enable {rule} -->"),
            ]
            return lsp.CodeAction(f"Disable {rule} here", kind=lsp.CodeActionKind.QuickFix, edit=lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(uri, edits)]))
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        span = text.index.line_span(line + 1, text.source)
        nl = text.source[span.end : span.end + 2]
        newline = "\r\n" if nl == "\r\n" else nl[:1] if nl[:1] in ("\r", "\n") else "\n"
        insert = f"{indent}<!-- healthlint-disable-next-line {rule}: {why} -->{newline}"
        where = lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0))
        return lsp.CodeAction(f"Disable {rule} for this line", kind=lsp.CodeActionKind.QuickFix,
                              edit=lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(uri, [lsp.TextEdit(where, insert)])]))


def _vale_config(start: Path) -> str | None:
    from healthlint.vale.project import find_vale_config

    try:
        found = find_vale_config(start if start.exists() else start.parent, stop_at_repo=True)
    except (OSError, ValueError):
        return None
    return str(found) if found is not None else None


def _web_link(link: str) -> bool:
    """An http(s) link with nothing that could break out of a Markdown link or a URI."""
    return link.startswith(("https://", "http://")) and not any(ch.isspace() or ch in "<>\"`" or ord(ch) < 32 for ch in link)


def _resident() -> None:
    """A resident process builds the pre-filter's relaxed patterns on first use.

    A one-shot run waits until a pattern has cost 0.1 s before building them (they
    may not pay back); a server lints the same article hundreds of times, so it
    builds them at once: the first keystrokes then cost what the later ones do.
    """
    from healthlint import prefilter

    if hasattr(prefilter, "WARM_UP"):
        prefilter.WARM_UP = 0


_BLOCK_MARK = regex.compile(r"^(?:[-*+>|#]|\d+[.)]|[ \t])")


def _starts_block(text: Text, line: int) -> bool:
    """The Markdown line starts a paragraph of its own: a comment line before it splits nothing."""
    if _BLOCK_MARK.match(text.line_text(line)):
        return False  # a list item, quotation, table row, heading or indented line
    return line == 0 or not text.line_text(line - 1).strip()


def _format_of_linted(doc: Open) -> str | None:
    if doc.linter is None:
        return None
    fmt = doc.linter.config.format_for(doc.path) if doc.path else None
    return fmt or LANGUAGES.get(doc.language)
