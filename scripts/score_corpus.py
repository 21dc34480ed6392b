#!/usr/bin/env python3
"""Score healthlint's Medical rules against the labeled corpus in ``tests/corpus/``.

Each article ``NN_name.{md,html,txt}`` has a sidecar ``NN_name.labels.yaml`` that says
what a careful medical-legal reviewer would flag (``fires``), which words are traps that
no finding may cover (``must_not_fire``), which document-level rules must or must not
fire (``document``) and which rules the file does not score (``unlabeled_rules``).
``tests/corpus/README.md`` explains the format and the labeling policy.

Usage::

    python scripts/score_corpus.py                   # table + mismatches
    python scripts/score_corpus.py --verbose         # every mismatch, with reasons
    python scripts/score_corpus.py --rule UncitedStatistic --verbose
    python scripts/score_corpus.py --floor 0.9       # exit 1 below the floors
    python scripts/score_corpus.py --json            # machine-readable results
    python scripts/score_corpus.py --check-labels    # validate labels only (no healthlint)
    python scripts/score_corpus.py --stats           # label counts per rule

Scoring. A span finding is a true positive when it overlaps a ``fires`` label of the
same rule on the label's line (character overlap of ``[column, end_column)``, across
lines for multi-line findings). A finding that overlaps a ``must_not_fire`` label of its
rule is a false positive, and so is any other finding of a scored rule. A ``fires`` label
is recalled when a true-positive finding overlaps it. A document rule "fired" when the
file has any diagnostic of that rule.

Exit codes: 0 ok, 1 a floor was missed or the labels are invalid, 2 healthlint could not be
imported or failed on a file.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, cast

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / "tests" / "corpus"
#: the labels judge freshness against this date (review dates before 2024-12-01 are stale)
CORPUS_TODAY = "2026-12-01"

SPAN_RULES: tuple[str, ...] = (
    "Medical.UncitedStatistic",
    "Medical.VagueAttribution",
    "Medical.AbsoluteClaim",
    "Medical.AbsoluteSafety",
    "Medical.EvidenceClaim",
    "Medical.TestimonialStatistic",
    "Medical.Superlative",
    "Medical.StigmatizingLanguage",
)
#: document rules every label file must state
REQUIRED_DOCUMENT_RULES: tuple[str, ...] = (
    "Medical.MissingReviewer",
    "Medical.MissingConsultNotice",
    "Medical.MissingDate",
    "Medical.MissingCrisisResource",
)
#: document rules a label file may state or list under ``unlabeled_rules``
OPTIONAL_DOCUMENT_RULES: tuple[str, ...] = ("Medical.ReadingLevel",)
DOCUMENT_RULES = REQUIRED_DOCUMENT_RULES + OPTIONAL_DOCUMENT_RULES
ALL_RULES = SPAN_RULES + DOCUMENT_RULES

ARTICLE_SUFFIXES = (".md", ".html", ".txt")
LABEL_SUFFIX = ".labels.yaml"
TOP_KEYS = {"fires", "must_not_fire", "document", "unlabeled_rules", "notes"}
ENTRY_KEYS = {"rule", "line", "match", "why", "nth"}

LintFn = Callable[[str], Sequence[Any]]


class HealthlintUnavailable(ImportError):
    """``healthlint.lint_file`` could not be imported."""


class LabelError(ValueError):
    """The labels of the corpus are invalid; ``errors`` lists every problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# --------------------------------------------------------------------------- source


@dataclass(frozen=True)
class Source:
    """An article's text with its line starts (``\\n``, ``\\r\\n`` and ``\\r`` end lines)."""

    path: Path
    text: str
    line_starts: tuple[int, ...]

    @classmethod
    def read(cls, path: Path) -> Source:
        text = path.read_bytes().decode("utf-8")
        starts = [0]
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\r":
                i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
                starts.append(i)
            elif ch == "\n":
                i += 1
                starts.append(i)
            else:
                i += 1
        if starts[-1] == n and n > 0 and len(starts) > 1:
            starts.pop()  # a final line ending does not open a new line
        return cls(path, text, tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line ending."""
        start = self.line_starts[number - 1]
        end = self.line_starts[number] if number < self.line_count else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return self.text[start:end]

    def offset(self, line: int, column: int) -> int:
        """0-based offset of a 1-based line and column (clamped to the text)."""
        line = max(1, min(line, self.line_count))
        return max(0, min(self.line_starts[line - 1] + column - 1, len(self.text)))


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class SpanLabel:
    kind: str  # "fires" or "must_not_fire"
    rule: str
    line: int
    match: str
    start: int  # 0-based offsets into the article
    end: int
    why: str = ""

    def describe(self) -> str:
        why = f" ({self.why})" if self.why else ""
        return f"{self.rule} {self.match!r}{why}"


@dataclass(frozen=True)
class FileLabels:
    article: Path
    source: Source
    fires: tuple[SpanLabel, ...]
    must_not_fire: tuple[SpanLabel, ...]
    document: dict[str, bool]
    unlabeled: frozenset[str]

    def scores(self, rule: str) -> bool:
        return rule not in self.unlabeled


def articles(corpus_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in Path(corpus_dir).iterdir()
        if p.is_file() and p.suffix in ARTICLE_SUFFIXES and p.name != "README.md"
    )


def label_path(article: Path) -> Path:
    return article.with_name(article.stem + LABEL_SUFFIX)


def _load_one(article: Path, errors: list[str]) -> FileLabels | None:
    lp = label_path(article)
    where = lp.name
    if not lp.exists():
        errors.append(f"{article.name}: no label file {lp.name}")
        return None
    try:
        source = Source.read(article)
    except UnicodeDecodeError as exc:
        errors.append(f"{article.name}: not UTF-8 ({exc})")
        return None
    try:
        data = yaml.safe_load(lp.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        errors.append(f"{where}: invalid YAML: {exc}")
        return None
    if not isinstance(data, dict):
        errors.append(f"{where}: top level must be a mapping")
        return None
    for key in sorted(set(data) - TOP_KEYS):
        errors.append(f"{where}: unknown key {key!r}")

    unlabeled_raw = data.get("unlabeled_rules") or []
    if not isinstance(unlabeled_raw, list):
        errors.append(f"{where}: unlabeled_rules must be a list")
        unlabeled_raw = []
    unlabeled = set()
    for rule in unlabeled_raw:
        if rule not in ALL_RULES:
            errors.append(f"{where}: unlabeled_rules: unknown rule {rule!r}")
        unlabeled.add(rule)

    spans: dict[str, list[SpanLabel]] = {"fires": [], "must_not_fire": []}
    for kind in ("fires", "must_not_fire"):
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            errors.append(f"{where}: {kind} must be a list")
            continue
        for i, entry in enumerate(entries):
            ref = f"{where}: {kind}[{i}]"
            label = _span_label(kind, entry, source, ref, errors)
            if label is None:
                continue
            if label.rule in unlabeled:
                errors.append(f"{ref}: {label.rule} is listed in unlabeled_rules")
            spans[kind].append(label)

    document: dict[str, bool] = {}
    doc = data.get("document")
    if not isinstance(doc, dict):
        errors.append(f"{where}: document must be a mapping of rule -> true/false")
        doc = {}
    for rule, value in doc.items():
        if rule not in DOCUMENT_RULES:
            errors.append(f"{where}: document: {rule!r} is not a document rule")
        elif not isinstance(value, bool):
            errors.append(f"{where}: document: {rule} must be true or false")
        elif rule in unlabeled:
            errors.append(f"{where}: document: {rule} is listed in unlabeled_rules")
        else:
            document[rule] = value
    for rule in REQUIRED_DOCUMENT_RULES:
        if rule not in doc:
            errors.append(f"{where}: document: {rule} missing")
    for rule in OPTIONAL_DOCUMENT_RULES:
        if rule not in doc and rule not in unlabeled:
            errors.append(f"{where}: {rule} must be in document or in unlabeled_rules")

    _check_overlaps(where, spans["fires"], spans["must_not_fire"], errors)
    return FileLabels(
        article,
        source,
        tuple(spans["fires"]),
        tuple(spans["must_not_fire"]),
        document,
        frozenset(unlabeled),
    )


def _span_label(
    kind: str, entry: Any, source: Source, ref: str, errors: list[str]
) -> SpanLabel | None:
    if not isinstance(entry, dict):
        errors.append(f"{ref}: must be a mapping")
        return None
    for key in sorted(set(entry) - ENTRY_KEYS):
        errors.append(f"{ref}: unknown key {key!r}")
    rule, line, match = entry.get("rule"), entry.get("line"), entry.get("match")
    why, nth = entry.get("why", ""), entry.get("nth")
    ok = True
    if rule not in SPAN_RULES:
        errors.append(f"{ref}: {rule!r} is not a span rule")
        ok = False
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        errors.append(f"{ref}: line must be a positive integer")
        return None
    if line > source.line_count:
        errors.append(f"{ref}: line {line} is past the end ({source.line_count} lines)")
        return None
    if not isinstance(match, str) or not match:
        errors.append(f"{ref}: match must be a non-empty string")
        return None
    if kind == "must_not_fire" and (not isinstance(why, str) or not why.strip()):
        errors.append(f"{ref}: must_not_fire labels need a 'why'")
    if nth is not None and (not isinstance(nth, int) or isinstance(nth, bool) or nth < 1):
        errors.append(f"{ref}: nth must be a positive integer")
        return None
    text = source.line(line)
    hits = [m.start() for m in re.finditer(re.escape(match), text)]
    if not hits:
        errors.append(f"{ref}: {match!r} does not occur on line {line}: {text[:120]!r}")
        return None
    if nth is None and len(hits) > 1:
        errors.append(f"{ref}: {match!r} occurs {len(hits)} times on line {line}; add nth")
        return None
    index = (nth or 1) - 1
    if index >= len(hits):
        errors.append(f"{ref}: nth={nth} but {match!r} occurs {len(hits)} times")
        return None
    start = source.line_starts[line - 1] + hits[index]
    if not ok:
        return None
    return SpanLabel(kind, str(rule), line, match, start, start + len(match), str(why or ""))


def _check_overlaps(
    where: str, fires: list[SpanLabel], traps: list[SpanLabel], errors: list[str]
) -> None:
    seen: set[tuple[str, str, int, int]] = set()
    for label in fires + traps:
        key = (label.kind, label.rule, label.start, label.end)
        if key in seen:
            errors.append(f"{where}: duplicate {label.kind} label {label.describe()}")
        seen.add(key)
    for i, a in enumerate(fires):
        for b in fires[i + 1 :]:
            same_span = (a.start, a.end) == (b.start, b.end)  # reported as a duplicate
            if a.rule == b.rule and a.start < b.end and b.start < a.end and not same_span:
                errors.append(
                    f"{where}: line {a.line}: overlapping fires labels "
                    f"{a.match!r} and {b.match!r} for {a.rule}"
                )
        for t in traps:
            if a.rule == t.rule and a.start < t.end and t.start < a.end:
                errors.append(
                    f"{where}: line {a.line}: fires {a.match!r} overlaps "
                    f"must_not_fire {t.match!r} for {a.rule}"
                )


def load_labels(corpus_dir: Path | str = DEFAULT_CORPUS) -> list[FileLabels]:
    """Load and validate every label file; raise :class:`LabelError` on any problem."""
    errors: list[str] = []
    corpus = Path(corpus_dir)
    loaded = [fl for a in articles(corpus) if (fl := _load_one(a, errors)) is not None]
    known = {label_path(a).name for a in articles(corpus)}
    for lp in sorted(corpus.glob("*" + LABEL_SUFFIX)):
        if lp.name not in known:
            errors.append(f"{lp.name}: no article for this label file")
    if errors:
        raise LabelError(errors)
    return loaded


def check_labels(corpus_dir: Path | str = DEFAULT_CORPUS) -> list[str]:
    """Every problem with the corpus labels, as ``file: message`` strings (empty = valid)."""
    try:
        load_labels(corpus_dir)
    except LabelError as exc:
        return exc.errors
    return []


# --------------------------------------------------------------------------- linting


def _import_lint_file() -> LintFn:
    """``healthlint.lint_file``, from this checkout's ``src/`` when it has one."""
    src = REPO / "src"
    if (src / "healthlint").is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    try:
        lint_file = getattr(importlib.import_module("healthlint"), "lint_file")
    except (ImportError, AttributeError) as exc:
        raise HealthlintUnavailable(
            f"cannot import healthlint.lint_file ({exc}); install healthlint "
            "(pip install -e .) or wait for its library API"
        ) from exc
    return cast(LintFn, lint_file)


def _finding_span(source: Source, d: Any) -> tuple[int, int]:
    start = source.offset(int(d.line), int(d.column))
    end_line = getattr(d, "end_line", None) or d.line
    end_column = getattr(d, "end_column", None) or d.column
    end = source.offset(int(end_line), int(end_column))
    return (start, end) if end > start else (start, start + 1)


def _finding_text(source: Source, d: Any, span: tuple[int, int]) -> str:
    text = getattr(d, "match", "") or source.text[span[0] : span[1]]
    return " ".join(str(text).split())[:100]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# --------------------------------------------------------------------------- scoring


def score(
    corpus_dir: Path | str = DEFAULT_CORPUS,
    *,
    lint: LintFn | None = None,
    rules: Iterable[str] | None = None,
    today: str = CORPUS_TODAY,
) -> dict[str, Any]:
    """Run ``lint`` (default ``healthlint.lint_file``) over the corpus and score it.

    ``today`` (``YYYY-MM-DD``) is the date the labels judge freshness against; healthlint
    sees it as ``HEALTHLINT_TODAY`` while the corpus is linted.

    Returns a JSON-serialisable dict with per-rule ``span`` and ``document`` metrics,
    the lists of ``false_positives``, ``false_negatives`` and ``document_mismatches``,
    ``unscored`` rule counts and per-file ``errors``. Raises :class:`LabelError` if the
    labels are invalid and :class:`HealthlintUnavailable` if healthlint cannot be imported.
    """
    corpus = Path(corpus_dir)
    labels = load_labels(corpus)
    lint_fn = lint or _import_lint_file()
    selected = set(_normalise_rules(rules)) if rules else set(ALL_RULES)
    saved_today = os.environ.get("HEALTHLINT_TODAY")
    os.environ["HEALTHLINT_TODAY"] = today  # healthlint's clock for MissingDate
    try:
        return _score(corpus, labels, lint_fn, selected)
    finally:
        if saved_today is None:
            os.environ.pop("HEALTHLINT_TODAY", None)
        else:
            os.environ["HEALTHLINT_TODAY"] = saved_today


def _score(
    corpus: Path, labels: list[FileLabels], lint_fn: LintFn, selected: set[str]
) -> dict[str, Any]:

    span: dict[str, dict[str, Any]] = {
        r: {"tp": 0, "fp": 0, "fn": 0, "labels": 0, "findings": 0} for r in SPAN_RULES
    }
    docs = {r: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for r in DOCUMENT_RULES}
    fps: list[dict[str, Any]] = []
    fns: list[dict[str, Any]] = []
    doc_mismatches: list[dict[str, Any]] = []
    unscored: Counter[str] = Counter()
    errors: list[dict[str, str]] = []

    for fl in labels:
        name = fl.article.name
        try:
            diags = list(lint_fn(str(fl.article)))
        except Exception as exc:  # report and go on: one broken file must not hide the rest
            errors.append({"file": name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        by_rule: dict[str, list[Any]] = {}
        for d in diags:
            by_rule.setdefault(str(d.rule), []).append(d)
        for rule in sorted(set(by_rule) - set(ALL_RULES)):
            unscored[rule] += len(by_rule[rule])

        for rule in SPAN_RULES:
            if rule not in selected or not fl.scores(rule):
                continue
            fires = [lb for lb in fl.fires if lb.rule == rule]
            traps = [lb for lb in fl.must_not_fire if lb.rule == rule]
            recalled: set[SpanLabel] = set()
            stats = span[rule]
            stats["labels"] += len(fires)
            for d in by_rule.get(rule, []):
                s, e = _finding_span(fl.source, d)
                stats["findings"] += 1
                trap = next((t for t in traps if s < t.end and t.start < e), None)
                hit = [f for f in fires if s < f.end and f.start < e]
                if trap is None and hit:
                    stats["tp"] += 1
                    recalled.update(hit)
                    continue
                stats["fp"] += 1
                fps.append(
                    {
                        "file": name,
                        "line": int(d.line),
                        "column": int(d.column),
                        "end_line": int(getattr(d, "end_line", d.line)),
                        "end_column": int(getattr(d, "end_column", d.column)),
                        "rule": rule,
                        "text": _finding_text(fl.source, d, (s, e)),
                        "reason": "must_not_fire" if trap else "unlabeled",
                        "why": trap.why if trap else "",
                        "label": trap.match if trap else "",
                        "message": str(getattr(d, "message", "")),
                    }
                )
            for f in fires:
                if f not in recalled:
                    stats["fn"] += 1
                    fns.append(
                        {"file": name, "line": f.line, "rule": rule, "match": f.match,
                         "why": f.why}
                    )

        for rule in DOCUMENT_RULES:
            if rule not in selected or rule not in fl.document:
                continue
            expected, fired = fl.document[rule], rule in by_rule
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (expected, fired), "tn"
            )
            docs[rule][key] += 1
            if expected != fired:
                doc_mismatches.append(
                    {"file": name, "rule": rule, "expected": expected, "fired": fired}
                )

    span_out: dict[str, Any] = {}
    for rule, st in span.items():
        if rule not in selected:
            continue
        st["precision"] = _ratio(st["tp"], st["tp"] + st["fp"])
        st["recall"] = _ratio(st["labels"] - st["fn"], st["labels"])
        span_out[rule] = st
    doc_out: dict[str, Any] = {}
    for rule, st in docs.items():
        if rule not in selected:
            continue
        total = st["tp"] + st["fp"] + st["fn"] + st["tn"]
        doc_out[rule] = {
            **st,
            "correct": st["tp"] + st["tn"],
            "total": total,
            "accuracy": _ratio(st["tp"] + st["tn"], total),
        }
    return {
        "corpus": str(corpus),
        "files": len(labels),
        "span": span_out,
        "document": doc_out,
        "false_positives": fps,
        "false_negatives": fns,
        "document_mismatches": doc_mismatches,
        "unscored": dict(sorted(unscored.items())),
        "errors": errors,
    }


def _normalise_rules(rules: Iterable[str]) -> list[str]:
    out = []
    for r in rules:
        name = r if r.startswith("Medical.") else f"Medical.{r}"
        if name not in ALL_RULES:
            raise ValueError(f"unknown rule {r!r}; expected one of: {', '.join(ALL_RULES)}")
        out.append(name)
    return out


def below_floor(
    results: dict[str, Any], *, floor: float | None, doc_floor: float | None
) -> list[str]:
    """Human-readable reasons why ``results`` miss the floors (empty = all good)."""
    misses = []
    if floor is not None:
        for rule, st in results["span"].items():
            for metric in ("precision", "recall"):
                value = st[metric]
                if value is not None and value < floor:
                    misses.append(f"{rule} {metric} {value:.3f} < {floor}")
    if doc_floor is not None:
        for rule, st in results["document"].items():
            value = st["accuracy"]
            if value is not None and value < doc_floor:
                misses.append(f"{rule} accuracy {value:.3f} < {doc_floor}")
    return misses


# --------------------------------------------------------------------------- output


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def render(results: dict[str, Any], *, verbose: bool = False, limit: int = 10) -> str:
    lines = [f"healthlint corpus score: {results['files']} articles in {results['corpus']}", ""]
    if results["span"]:
        lines.append(f"{'span rule':<32} {'labels':>6} {'found':>6} {'TP':>4} {'FP':>4} "
                     f"{'FN':>4} {'precision':>9} {'recall':>7}")
        for rule, st in results["span"].items():
            lines.append(
                f"{rule:<32} {st['labels']:>6} {st['findings']:>6} {st['tp']:>4} "
                f"{st['fp']:>4} {st['fn']:>4} {_fmt(st['precision']):>9} {_fmt(st['recall']):>7}"
            )
        lines.append("")
    if results["document"]:
        lines.append(f"{'document rule':<32} {'files':>6} {'TP':>4} {'FP':>4} {'FN':>4} "
                     f"{'TN':>4} {'accuracy':>9}")
        for rule, st in results["document"].items():
            if not st["total"]:
                continue  # no file labels this rule (e.g. ReadingLevel)
            lines.append(
                f"{rule:<32} {st['total']:>6} {st['tp']:>4} {st['fp']:>4} {st['fn']:>4} "
                f"{st['tn']:>4} {_fmt(st['accuracy']):>9}"
            )
        lines.append("")

    def section(title: str, rows: list[str]) -> None:
        if not rows:
            return
        lines.append(f"{title} ({len(rows)}):")
        shown = rows if verbose else rows[:limit]
        lines.extend(f"  {r}" for r in shown)
        if len(rows) > len(shown):
            lines.append(f"  ... {len(rows) - len(shown)} more (use --verbose)")
        lines.append("")

    fp_rows = []
    for fp in results["false_positives"]:
        reason = f"must_not_fire: {fp['why']}" if fp["reason"] == "must_not_fire" else "unlabeled"
        row = f"{fp['file']}:{fp['line']}:{fp['column']}: {fp['rule']} {fp['text']!r} [{reason}]"
        if verbose and fp["message"]:
            row += f" -- {fp['message']}"
        fp_rows.append(row)
    section("false positives", fp_rows)
    fn_rows = [
        f"{fn['file']}:{fn['line']}: {fn['rule']} {fn['match']!r}"
        + (f" ({fn['why']})" if verbose and fn["why"] else "")
        for fn in results["false_negatives"]
    ]
    section("false negatives", fn_rows)
    dm_rows = [
        f"{m['file']}: {m['rule']} expected {'fire' if m['expected'] else 'no finding'}, "
        f"got {'a finding' if m['fired'] else 'none'}"
        for m in results["document_mismatches"]
    ]
    section("document mismatches", dm_rows)
    if results["unscored"]:
        lines.append("findings of rules this corpus does not score: "
                     + ", ".join(f"{r} ({n})" for r, n in results["unscored"].items()))
        lines.append("")
    for err in results["errors"]:
        lines.append(f"error: {err['file']}: {err['error']}")
    return "\n".join(lines).rstrip() + "\n"


def label_stats(corpus_dir: Path | str = DEFAULT_CORPUS) -> dict[str, Any]:
    """Counts of labels per rule, and of ``must_not_fire`` labels per ``why`` tag."""
    labels = load_labels(corpus_dir)
    per_rule: dict[str, dict[str, int]] = {
        r: {"fires": 0, "must_not_fire": 0, "true": 0, "false": 0, "unlabeled": 0}
        for r in ALL_RULES
    }
    why: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    for fl in labels:
        formats[fl.article.suffix] += 1
        for lb in fl.fires:
            per_rule[lb.rule]["fires"] += 1
        for lb in fl.must_not_fire:
            per_rule[lb.rule]["must_not_fire"] += 1
            why[lb.why.split(":")[0].strip()] += 1
        for rule, value in fl.document.items():
            per_rule[rule]["true" if value else "false"] += 1
        for rule in fl.unlabeled:
            per_rule[rule]["unlabeled"] += 1
    return {"formats": dict(formats), "rules": per_rule, "why": dict(why.most_common())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="corpus folder (default: tests/corpus)")
    parser.add_argument("--rule", action="append", metavar="NAME",
                        help="score only this rule (repeatable; 'Medical.' is optional)")
    parser.add_argument("--floor", type=float, metavar="F",
                        help="exit 1 if any span rule's precision or recall is below F")
    parser.add_argument("--doc-floor", type=float, metavar="D",
                        help="exit 1 if any document rule's accuracy is below D "
                             "(default 0.95 when --floor is given)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every mismatch")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--check-labels", action="store_true",
                        help="only validate the label files")
    parser.add_argument("--stats", action="store_true", help="print label counts per rule")
    parser.add_argument("--today", default=CORPUS_TODAY, metavar="YYYY-MM-DD",
                        help=f"date the labels judge freshness against (default {CORPUS_TODAY})")
    args = parser.parse_args(argv)

    if args.check_labels or args.stats:
        problems = check_labels(args.corpus)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        if args.stats:
            stats = label_stats(args.corpus)
            if args.json:
                print(json.dumps(stats, indent=2))
            else:
                print("articles:", ", ".join(f"{k} {v}" for k, v in sorted(stats["formats"].items())))
                print(f"{'rule':<32} {'fires':>6} {'mnf':>5} {'true':>5} {'false':>6} {'unlab':>6}")
                for rule, c in stats["rules"].items():
                    print(f"{rule:<32} {c['fires']:>6} {c['must_not_fire']:>5} {c['true']:>5} "
                          f"{c['false']:>6} {c['unlabeled']:>6}")
                print("must_not_fire by why:", ", ".join(f"{k} {v}" for k, v in stats["why"].items()))
        else:
            print(f"labels OK: {len(articles(args.corpus))} articles")
        return 0

    try:
        rules = _normalise_rules(args.rule) if args.rule else None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.today):
            parser.error(f"--today must be YYYY-MM-DD, got {args.today!r}")
        results = score(args.corpus, rules=rules, today=args.today)
    except LabelError as exc:
        for p in exc.errors:
            print(p, file=sys.stderr)
        return 1
    except HealthlintUnavailable as exc:
        print(f"score_corpus: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        parser.error(str(exc))

    doc_floor = args.doc_floor
    if doc_floor is None and args.floor is not None:
        doc_floor = 0.95
    misses = below_floor(results, floor=args.floor, doc_floor=doc_floor)
    results["floor_misses"] = misses
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        sys.stdout.write(render(results, verbose=args.verbose))
        for m in misses:
            print(f"below floor: {m}")
    if results["errors"]:
        return 2
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
