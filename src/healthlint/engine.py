"""Apply a ruleset to a Document: findings -> sorted Diagnostics."""

from __future__ import annotations

from typing import Iterable

import regex

from healthlint import prefilter, tokens
from healthlint.diagnostic import Diagnostic, Level
from healthlint.document import Document
from healthlint.errors import HealthlintError, InputError, PluginError, RuleError
from healthlint.kinds import base as kinds_base
from healthlint.kinds.base import Finding, time_budget
from healthlint.ruleset import Ruleset
from healthlint.model import Rule

#: findings of one rule in one document after which the rule stops there (a rule's own ``limit``
#: may be lower): work on hostile dense text (3 MB of "guaranteed 12% ") is bounded by count, not by
#: time, so the same input always gives the same findings and exit code; no article comes close
MAX_FINDINGS = 5000

_VERB = regex.compile(r"%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([svdqf%])")


def format_message(message: str, args: tuple[object, ...]) -> str:
    """Vale's messages: Go ``fmt`` verbs, surplus arguments ignored, missing ones empty."""
    counter = 0

    def repl(m: regex.Match[str]) -> str:
        nonlocal counter
        if m.group(2) == "%":
            return "%"
        if m.group(1):
            index = int(m.group(1)) - 1
            counter = index + 1
        else:
            index = counter
            counter += 1
        if index >= len(args):
            return ""
        value = args[index]
        if m.group(2) == "f" and isinstance(value, (int, float)):
            return f"{value:.2f}"
        if m.group(2) == "q":
            return f'"{value}"'
        return str(value)

    return " ".join(_VERB.sub(repl, message).split())


def lint_document(
    doc: Document, ruleset: Ruleset, *, min_level: Level = Level.SUGGESTION
) -> tuple[list[Diagnostic], list[HealthlintError]]:
    """Every finding of every rule on ``doc``, sorted; rule failures as errors."""
    with prefilter.scanning(doc.prose):
        out, errors = _run(doc, ruleset, min_level)
    out.sort()
    if doc.comments:
        from healthlint import suppress

        out = suppress.apply(doc, out, ruleset.names, ran={r.name for r in ruleset.rules})
    return out, errors


def _run(doc: Document, ruleset: Ruleset, min_level: Level) -> tuple[list[Diagnostic], list[HealthlintError]]:
    out: list[Diagnostic] = []
    errors: list[HealthlintError] = []
    words: dict[bool, frozenset[str]] = {}  # the document's words (with its markup or not), cut once when needed
    folded: dict[bool, list[str]] = {}  # or its texts case-folded, for a rule with few anchor words
    for rule in ruleset.rules:
        if rule.level < min_level:
            continue
        anchors = anchors_of(rule)
        if anchors is not None:
            raw = "raw" in rule.scope
            if raw in words or len(anchors) > FEW_ANCHORS:
                if raw not in words:
                    words[raw] = document_words(doc, raw=raw)
                absent = anchors.isdisjoint(words[raw])
            else:
                if raw not in folded:
                    folded[raw] = [t.casefold() for t in document_texts(doc, raw=raw)]
                absent = not any(tokens.any_word(t, anchors) for t in folded[raw])
            if absent:
                continue  # none of the words the rule needs occurs: it cannot match here
        kind = ruleset.kinds[rule.kind]
        try:
            with time_budget() as left:  # a rule that runs out of time stops for the rest of this document
                findings = list(_limited(kind.check(doc, rule), rule, doc))
        except TimeoutError:
            line = rule.lines.get("tokens") or rule.lines.get("raw") or rule.lines.get("swap") or 1
            took = f"more than {kinds_base.RULE_BUDGET:g} s in all" if left[0] <= 0.01 else "too long"
            errors.append(
                RuleError(
                    f"a pattern of {rule.name} took {took} on {doc.path} and was stopped; "
                    "simplify the pattern (nested quantifiers such as (a+)+ backtrack without end)",
                    path=rule.path, line=line, column=1,
                )
            )
            continue
        except HealthlintError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # a plug-in boundary: name the rule and the file
            errors.append(PluginError(f"check kind '{rule.kind}' failed in {rule.name} on {doc.path}: {type(exc).__name__}: {exc}", path=rule.path, line=1, column=1))
            continue
        if len(findings) >= MAX_FINDINGS and not (rule.limit and rule.limit <= MAX_FINDINGS):
            errors.append(
                InputError(
                    f"{rule.name} stopped after {MAX_FINDINGS:,} findings in this file; the rest of the file "
                    "was not checked by it (is the text machine-made?)",
                    path=doc.path, line=1, column=1,
                )
            )
        for f in findings:
            diag = _diagnostic(doc, rule, f)
            if diag.level >= min_level:
                out.append(diag)
    return out, errors


def anchors_of(rule: Rule) -> frozenset[str] | None:
    """The words one of which a text must hold for ``rule`` to match there (None: no such words known)."""
    anchors = getattr(rule.compiled, "anchors", None)
    return anchors if isinstance(anchors, frozenset) else None


#: a rule with at most this many anchor words looks them up in the text (a scan per word);
#: with more, the document is cut into words once (20-30 scans' worth) for every such rule
FEW_ANCHORS = 64


def document_texts(doc: Document, *, raw: bool = False) -> list[str]:
    """Every text a rule may read in ``doc``: its prose (entities decoded) and metadata; ``raw``:
    its source too (a rule scoped to ``raw`` reads the markup)."""
    texts = [doc.prose]
    if raw and doc.prose != doc.source:
        texts.append(doc.source)
    texts.extend(value.value for values in doc.metadata.values() for value in values)
    return texts


def document_words(doc: Document, *, raw: bool = False) -> frozenset[str]:
    """Every word of :func:`document_texts`."""
    found: set[str] = set()
    for text in document_texts(doc, raw=raw):
        found.update(tokens.words(text))
    return frozenset(found)


def speed_note(rule: Rule) -> str:
    """How the engine narrows where ``rule`` runs, for ``validate --verbose``."""
    anchors = anchors_of(rule)
    if anchors is not None:
        return f"indexed by {len(anchors)} anchor word{'s' if len(anchors) != 1 else ''}"
    patterns = patterns_of(rule.compiled)
    filtered = bool(patterns) and all(prefilter.build(p) is not None for p in patterns)
    if set(rule.scope) <= {"document", "metadata", "raw"}:
        return "runs once per document" + ("; its patterns are pre-filtered by RE2" if filtered else "")
    if filtered:
        return "slow: no anchor words; its patterns are pre-filtered by RE2"
    return "slow: no anchor words and no pre-filter; it reads every block"


def patterns_of(compiled: object) -> list[regex.Pattern[str]]:
    """The patterns a rule's compiled form holds (directly, or in a tuple)."""
    values = vars(compiled).values() if hasattr(compiled, "__dict__") else [getattr(compiled, s, None) for s in getattr(compiled, "__slots__", ())]
    out = []
    for value in values:
        for v in value if isinstance(value, tuple) else (value,):
            if isinstance(getattr(v, "pattern", None), str) and hasattr(v, "flags"):
                out.append(v)
    return out


def _limited(findings: Iterable[Finding], rule: Rule, doc: Document) -> Iterable[Finding]:
    n = 0
    skip = rule.skip
    limit = min(rule.limit, MAX_FINDINGS) if rule.limit else MAX_FINDINGS
    for f in findings:
        if skip and f.end > f.start and doc.in_zone(f.start, skip):
            continue
        yield f
        n += 1
        if n >= limit:
            return


def _diagnostic(doc: Document, rule: Rule, f: Finding) -> Diagnostic:
    start = doc.position(f.start)
    end = doc.position(f.end)
    level = Level.parse(f.level) if f.level else rule.level
    message = f.message if f.message is not None else format_message(rule.message, f.args)
    return Diagnostic(
        path=doc.path,
        line=start.line,
        column=start.column,
        end_line=end.line,
        end_column=end.column,
        rule=rule.name,
        level=level,
        message=message,
        match=doc.source[f.start : f.end],
        replacement=f.replacement,
        start=f.start,
        end=f.end,
    )
