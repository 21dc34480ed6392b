"""Lint one document the way Vale does: blocks, scopes, rules, comment controls, alerts.

Alerts are located with the exact source offsets the token stream carries, so
a match is reported where it is, never where a text search finds it first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

import regex

from healthlint.diagnostic import Diagnostic, Level
from healthlint.document import Document, LineIndex, Segment, SegmentKind, Span
from healthlint.vale.comments import Comments
from healthlint.gofmt import format_message
from healthlint.scopes import scope_matches
from healthlint.model import Finding, Rule
from healthlint.vale.project import LEVELS, ValeConfig
from healthlint.vale.walker import DEFAULT_IGNORED, DEFAULT_SKIPPED, SKIP_CLASSES, Block, WalkSettings, WalkState, walk

#: Vale's format names for extensions (``core.FormatByExtension``) that healthlint reads
EXT_FORMAT = {
    "md": "markdown", "mdown": "markdown", "markdown": "markdown", "markdn": "markdown",
    "html": "html", "htm": "html", "shtml": "html", "xhtml": "html",
    "txt": "text",
}
#: extensions Vale reads as source code (it lints their comments) or as markup and data formats
#: healthlint does not parse; such a file is never linted as prose: it is skipped, and said so
NOT_READ = {
    **dict.fromkeys(
        "c h cc cpp cxx hpp cs csx css scss sass less go hs java js jsx mjs cjs ts tsx lua pl pm php ps1 "
        "py py3 pyi pyw r rb rs scala sh bash zsh swift jl proto tf sql el clj kt kts dart".split(),
        "source code",
    ),
    **dict.fromkeys("rst rest adoc asciidoc asc org xml dita mdx textile texi tex".split(), "markup"),
    **dict.fromkeys("json yml yaml toml".split(), "data"),
}


def format_of(path: str, formats: dict[str, str], forced_ext: str | None = None) -> tuple[str, str]:
    """``(format, real extension)`` for a path.

    The format is ``markdown``, ``html`` or ``text`` for what healthlint parses;
    ``source code``, ``markup`` or ``data`` for a format Vale reads and healthlint
    does not (never linted as prose); ``lines`` for an extension neither knows,
    whose lines Vale lints as they are (``lintLines``).
    """
    import os

    real = os.path.splitext(path)[1]
    ext = (forced_ext or real).lstrip(".").lower()
    ext = formats.get(ext, ext).lstrip(".").lower()
    return EXT_FORMAT.get(ext) or NOT_READ.get(ext, "lines"), real


@dataclass
class _File:
    path: str
    base_styles: list[str]
    checks: dict[str, bool]
    comments: Comments
    index: LineIndex
    source: str
    orig: list[int] | None
    alerts: list[Diagnostic] = field(default_factory=list)
    history: set[tuple[int, int, str]] = field(default_factory=set)
    limits: dict[str, int] = field(default_factory=dict)
    #: rules stopped on this file (a pattern ran out of time)
    stopped: set[str] = field(default_factory=set)
    #: the document as given (``source`` is normalized; ``orig`` maps back to this)
    original: str = ""
    #: what the file's rules share (``Document.shared``)
    shared: dict[str, Any] = field(default_factory=dict)


class Runner:
    """A loaded Vale configuration and its rules, ready for many documents."""

    def __init__(self, cfg: ValeConfig, rules: list[Rule], kinds: Any, *, notice: Any = None) -> None:
        self.cfg = cfg
        self.rules = rules
        #: check kind by name (``Rule.kind``)
        self.kinds = kinds
        self.notice = notice
        #: rule failures met while linting (``path:line:col: error: ...``): the run exits 2
        self.errors: list[str] = []
        bases = {part.strip().lstrip("~").split(".")[0] for r in rules for s in r.scope for part in s.split("&")}
        self.segmentation = "sentence" in bases
        self.splitting = "paragraph" in bases
        self.settings = WalkSettings(
            skipped=tuple(cfg.skipped_scopes) or DEFAULT_SKIPPED,
            ignored=tuple(cfg.ignored_scopes) or DEFAULT_IGNORED,
            classes=SKIP_CLASSES + tuple(cfg.ignored_classes),
            skip_alt="alt" in cfg.skipped_scopes,
        )

    # -- rule selection ------------------------------------------------------
    def _should_run(self, f: _File, rule: Rule, scope: str) -> bool:
        name = rule.name
        if f.comments.query(name):
            return False
        if LEVELS[rule.level.value] < self.cfg.min_level:
            return False
        if not scope_matches(rule.scope, scope):
            return False
        if name in f.checks:
            return f.checks[name]
        if name in self.cfg.gchecks:
            return self.cfg.gchecks[name]
        return rule.style in f.base_styles

    # -- a document ----------------------------------------------------------
    def lint(self, text: str, *, path: str, fmt: str, real_ext: str) -> list[Diagnostic]:
        """All alerts for one document (``fmt``: markdown, html, text or lines)."""
        base, checks = self.cfg.file_settings(path)
        if not self.cfg.linted(path) or (not base and not checks and self.cfg.non_global):
            return []
        source, orig = _normalize(text)
        f = _File(path, base, checks, Comments(tuple(base)), LineIndex.from_source(source), source, orig, original=text)
        state = WalkState()
        ext = real_ext
        settings = WalkSettings(self.settings.skipped, self.settings.ignored, self.settings.classes, self.settings.skip_alt, ext)
        if fmt == "markdown":
            from healthlint.vale.markdown import markdown_events

            tok, blk = self._patterns(path)
            result = markdown_events(source, token_ignores=tok, block_ignores=blk)
            for fv in result.front:
                self._block(f, Block(fv.text, fv.offsets, f"text.frontmatter.{fv.key}{ext}"), prose=False)
            for block in walk(result.events, settings, f.comments, state):
                self._block(f, block, prose=block.prose)
            if result.extra_pre:
                state.metrics["pre"] = state.metrics.get("pre", 0) + result.extra_pre
        elif fmt == "html":
            from healthlint.vale.events import tokenize_html

            for block in walk(tokenize_html(source), settings, f.comments, state):
                self._block(f, block, prose=block.prose)
        else:
            block = Block(source, tuple(range(len(source))), "text" + ext)
            if fmt == "text":
                state.add_summary(source, block.offsets)
            self._block(f, block, prose=fmt == "text")
        if fmt in ("markdown", "html"):
            f.comments.reset()
        summary = "".join(state.summary_text)
        if fmt in ("markdown", "html", "text"):
            self.summary_metrics = state.metrics
            self._block(f, Block(summary, tuple(state.summary_offsets), "summary" + ext, ), prose=False, metrics=state.metrics)
        self._block(f, Block(source, tuple(range(len(source))), "raw" + ext), prose=False)
        f.alerts.sort(key=lambda a: (a.line, a.column))
        return f.alerts

    def _patterns(self, path: str) -> tuple[list[regex.Pattern[str]], list[regex.Pattern[str]]]:
        from healthlint.kinds.vale_dialect import vcompile

        tok = list(self.cfg.gtoken_ignores)
        blk = list(self.cfg.gblock_ignores)
        for sec in self.cfg.matching(path):
            tok.extend(sec.token_ignores)
            blk.extend(sec.block_ignores)
        out_t, out_b = [], []
        for p in tok:
            try:
                out_t.append(vcompile(p))
            except Exception:
                pass
        for p in blk:
            try:
                out_b.append(vcompile(p))
            except Exception:
                pass
        return out_t, out_b

    def _block(self, f: _File, block: Block, *, prose: bool, metrics: dict[str, int] | None = None) -> None:
        subs: list[Block] = []
        if prose and (self.splitting or self.segmentation):
            subs = list(self._split(block))
        subs.append(block)
        if metrics is not None:
            f.shared["counts"] = metrics
        for blk in subs:
            doc: Document | None = None
            for rule in self.rules:
                if rule.name in f.stopped or not self._should_run(f, rule, blk.scope):
                    continue
                try:
                    doc = doc or _document(f, blk)
                    findings = list(self.kinds[rule.kind].check(doc, rule))
                except TimeoutError:  # a catastrophic pattern: stop the rule for this file, say where it is
                    f.stopped.add(rule.name)
                    self.errors.append(
                        f"{rule.path or rule.name}: error: a pattern of {rule.name} took too long on {f.path} and was stopped; "
                        "simplify the pattern (nested quantifiers such as (a+)+ backtrack without end)"
                    )
                    continue
                for finding in findings:
                    match = blk.text[finding.start : finding.end]
                    if not f.comments.query(f"{rule.name}[{match}]"):
                        self._add(f, rule, blk, finding, match)

    def _split(self, block: Block) -> Iterator[Block]:
        from healthlint.punkt import segment

        text = block.text
        if self.splitting:
            cursor = 0
            for p in regex.split(r"(?<=\n\n)", text):
                if not p:
                    continue
                i = text.find(p, cursor)
                cursor = i + len(p)
                yield Block(p, block.offsets[i : i + len(p)], "paragraph." + block.scope)
        if self.segmentation:
            cursor = 0
            for s in segment(text):
                s = s.strip()
                if not s:
                    continue
                i = text.find(s, cursor)
                if i < 0:
                    continue
                cursor = i + len(s)
                yield Block(s, block.offsets[i : i + len(s)], "sentence." + block.scope)

    def _add(self, f: _File, rule: Rule, blk: Block, finding: Finding, found: str) -> None:
        if finding.document:
            start = end = 0
            line, col, eline, ecol = 1, 1, 1, 1
        else:
            start = blk.source_offset(finding.start)
            end = max(start, blk.source_end(finding.end))
            p, q = f.index.position(start), f.index.position(end)
            line, col, eline, ecol = p.line, p.column, q.line, q.column
        key = (line, col, rule.name)
        if key in f.history:
            return
        if rule.limit and f.limits.get(rule.name, 0) >= rule.limit:
            return
        text = finding.message if finding.message is not None else format_message(rule.message, *finding.args)
        f.history.add(key)
        if rule.limit:
            f.limits[rule.name] = f.limits.get(rule.name, 0) + 1
        o_start = f.orig[start] if f.orig is not None and start < len(f.orig) else start
        o_end = f.orig[end] if f.orig is not None and end < len(f.orig) else end
        # the match is the document's own text at the span (a block's text drops markup such as '<a>')
        match = f.original[o_start:o_end] if f.original else found
        level = Level.parse(finding.level) if finding.level else rule.level
        fix = finding.suggestions[0] if finding.suggestions else None
        f.alerts.append(Diagnostic(f.path, line, col, eline, ecol, rule.name, level, text, match, fix, o_start, o_end))


def _document(f: _File, blk: Block) -> Document:
    """A block as the one-segment Document a kind's ``check`` reads (offsets into the block's text)."""
    text = blk.text
    segment = Segment(SegmentKind.PARAGRAPH, Span(0, len(text)), text, scope=blk.scope)
    return Document(f.path, "vale", text, LineIndex.from_source(text), (segment,), prose=text, shared=f.shared)


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """``\\r\\n`` and ``\\r`` become ``\\n`` (Vale's ``Sanitize``); offsets map back to the original."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" not in text:
        return text, None
    out: list[str] = []
    orig: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            out.append("\n")
            orig.append(i)
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            continue
        out.append(ch)
        orig.append(i)
        i += 1
    orig.append(n)
    return "".join(out), orig
