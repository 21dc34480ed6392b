#!/usr/bin/env python3
"""Measure the Medical pack on the real-page development set and regenerate ``docs/accuracy.md``.

The development set is a folder of stored public health pages, each ``NNN_slug.txt`` with a
``NNN_slug.labels.yaml`` in the format of ``tests/corpus/`` (see ``tests/corpus/README.md``).
The pages belong to their publishers, so the folder is not part of the repository: only the
list of addresses (``docs/devset-sources.tsv``), the label counts and the scores are committed.

Usage::

    HEALTHLINT_DEVSET=/path/to/devset/corpus python scripts/accuracy_report.py
    python scripts/accuracy_report.py --devset DIR [--devset DIR ...] [--heldout DIR ...] [--today 2026-12-02]
    python scripts/accuracy_report.py --devset DIR --stdout     # print, do not write the file

The scoring is ``scripts/score_corpus.py``'s (imported, not re-implemented). Exit codes: 0 the
report was written, 1 the labels are invalid, 2 a folder is missing or healthlint failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score_corpus as sc  # noqa: E402  (a sibling script, not a package)

REPO = sc.REPO
DEFAULT_OUTPUT = REPO / "docs" / "accuracy.md"
DEFAULT_SOURCES = REPO / "docs" / "devset-sources.tsv"
DEFAULT_TODAY = "2026-12-02"
CATEGORIES = ("clinic", "med-spa", "supplement", "telehealth", "rehab", "education", "news")


class ReportError(Exception):
    """A usage problem the user can fix (missing folder, bad sources file)."""


@dataclass(frozen=True)
class Source:
    page_id: str
    address: str
    category: str
    subset: str  # "dev", "heldout" (held-out A), "heldout-b" (held-out B) ...


@dataclass(frozen=True)
class Measured:
    name: str  # "development", "held-out A", "held-out B" ...
    subset: str  # the sources file's ``set`` column for these pages
    folder: Path
    results: dict[str, Any]
    stats: dict[str, Any]


def read_sources(path: Path) -> list[Source]:
    """Rows of ``docs/devset-sources.tsv``: id, address, category, set."""
    if not path.is_file():
        raise ReportError(f"{path}: sources file not found")
    rows: list[Source] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
            try:
                src = Source(row["id"], row["address"], row["category"], row.get("set") or "dev")
            except KeyError as exc:
                raise ReportError(f"{path}: header must name id, address, category") from exc
            if src.category not in CATEGORIES:
                raise ReportError(f"{path}:{n}: unknown category {src.category!r}")
            rows.append(src)
    return rows


def resolve_folder(value: str | None, *, env: str, required: bool) -> Path | None:
    """The folder given on the command line or in ``env``; a clear error when it is missing."""
    raw = value or os.environ.get(env)
    if not raw:
        if required:
            raise ReportError(
                f"no development set: pass --devset DIR or set {env}. The pages are not in the "
                "repository (their publishers own them); docs/devset-sources.tsv lists their "
                "addresses so the set can be rebuilt."
            )
        return None
    folder = Path(raw).expanduser()
    if not folder.is_dir():
        raise ReportError(f"{folder}: not a folder ({env} or the command line points here)")
    if not sc.articles(folder):
        raise ReportError(f"{folder}: no articles (*.txt, *.md, *.html) in it")
    return folder


def _lettered(value: str | None, *, env: str, required: bool) -> tuple[str | None, Path | None]:
    """``C=DIR`` names the set's letter (development C, held-out C); a plain ``DIR`` takes its place in order."""
    found = re.fullmatch(r"([A-Z])=(.+)", value or "")
    if found:
        return found.group(1), resolve_folder(found.group(2), env=env, required=required)
    return None, resolve_folder(value, env=env, required=required)


def measure(name: str, subset: str, folder: Path, *, today: str) -> Measured:
    results = sc.score(folder, today=today)
    if results["errors"]:
        first = results["errors"][0]
        raise ReportError(f"healthlint failed on {first['file']}: {first['error']}")
    return Measured(name, subset, folder, results, sc.label_stats(folder))


def git_commit() -> str:
    """``HEAD``'s short hash, with ``+changes`` when the pack or engine has uncommitted edits."""
    def run(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""

    head = run("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = run("status", "--porcelain", "--", "src", "rules")
    return f"{head}+changes" if dirty else head


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _micro(results: dict[str, Any]) -> tuple[float | None, float | None]:
    tp = sum(st["tp"] for st in results["span"].values())
    fp = sum(st["fp"] for st in results["span"].values())
    labels = sum(st["labels"] for st in results["span"].values())
    fn = sum(st["fn"] for st in results["span"].values())
    return sc._ratio(tp, tp + fp), sc._ratio(labels - fn, labels)


def _page_ids(folder: Path) -> list[str]:
    return [m.group(1) for a in sc.articles(folder) if (m := re.match(r"(\d+)_", a.name))]


def render_measured(m: Measured) -> list[str]:
    res, stats = m.results, m.stats
    out = [f"### Scores on the {m.name} set ({res['files']} pages)", ""]
    out += ["| span rule | labels | findings | TP | FP | FN | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for rule, st in res["span"].items():
        out.append(f"| {rule} | {st['labels']} | {st['findings']} | {st['tp']} | {st['fp']} | "
                   f"{st['fn']} | {_pct(st['precision'])} | {_pct(st['recall'])} |")
    p, r = _micro(res)
    out += [f"| **all span rules** | | | | | | **{_pct(p)}** | **{_pct(r)}** |", ""]
    trap_fp = sum(1 for fp in res["false_positives"] if fp["reason"] == "must_not_fire")
    out += [f"Of {len(res['false_positives'])} false positives, {trap_fp} fell on a labeled trap "
            f"(`must_not_fire`) and the rest on words no label names.", ""]
    out += ["| document rule | pages | must fire | TP | FP | FN | TN | accuracy |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for rule, st in res["document"].items():
        if not st["total"]:
            continue
        out.append(f"| {rule} | {st['total']} | {st['tp'] + st['fn']} | {st['tp']} | {st['fp']} | "
                   f"{st['fn']} | {st['tn']} | {_pct(st['accuracy'])} |")
    out += ["", f"#### Labels on the {m.name} set", "",
            "| rule | `fires` | `must_not_fire` | document true | document false |",
            "| --- | ---: | ---: | ---: | ---: |"]
    for rule, c in stats["rules"].items():
        if rule in sc.OPTIONAL_DOCUMENT_RULES:
            continue
        out.append(f"| {rule} | {c['fires']} | {c['must_not_fire']} | {c['true']} | {c['false']} |")
    tags = ", ".join(f"{k} {v}" for k, v in list(stats["why"].items())[:12])
    out += ["", f"Most frequent trap reasons: {tags}.", ""]
    out += _limits(res)
    return out


def _limits(res: dict[str, Any]) -> list[str]:
    """What the set cannot tell: rules with few labels, document rules with one answer."""
    notes = []
    thin = [f"{r} ({st['labels']})" for r, st in res["span"].items() if st["labels"] < 10]
    if thin:
        notes.append("Span rules with fewer than 10 labeled findings (their figures are "
                     "indicative only): " + ", ".join(thin) + ".")
    for rule, st in res["document"].items():
        if st["total"] and st["tp"] + st["fn"] in (0, st["total"]):
            answer = "must fire" if st["tp"] + st["fn"] else "must stay quiet"
            notes.append(f"{rule}: every page {answer}, so its accuracy only shows that it "
                         "does so, not that it can tell pages apart.")
    return [*(f"- {n}" for n in notes), ""] if notes else []


def render_sources(sources: list[Source], measured: list[Measured]) -> list[str]:
    out: list[str] = []
    for m in measured:
        ids = set(_page_ids(m.folder))
        rows = [s for s in sources if s.subset == m.subset and s.page_id in ids]
        counts = {c: sum(1 for s in rows if s.category == c) for c in CATEGORIES}
        out += [f"### Pages of the {m.name} set", "",
                "By category: " + ", ".join(f"{c} {n}" for c, n in counts.items() if n) + ".", "",
                "| id | category | address |", "| --- | --- | --- |"]
        out += [f"| {s.page_id} | {s.category} | <{s.address}> |" for s in rows]
        missing = sorted(ids - {s.page_id for s in rows})
        if missing:
            out.append(f"\nPages without an address in the sources file: {', '.join(missing)}.")
        out.append("")
    return out


def render(measured: list[Measured], sources: list[Source], *, today: str, commit: str) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
    lines = [
        "# Accuracy of the Medical pack on real health pages",
        "",
        "<!-- generated by scripts/accuracy_report.py; do not edit by hand -->",
        "",
        f"Measured at commit `{commit}` on {now}; dates were judged against {today} "
        "(`HEALTHLINT_TODAY`), with the pack's 24-month freshness limit.",
        "",
        "## How the set was built and labeled",
        "",
        "- **Pages.** Stored copies of public web pages (about the first 2,000 characters of "
        "each, as plain text) found by searching for the words such sites use: commercial "
        "clinics (ketamine and IV infusion, TMS, GLP-1 weight loss, stem cell, hormone, "
        "chiropractic), supplement and CBD shops, telehealth services, addiction treatment "
        "centres, and patient-education pages (national health services, government "
        "institutes, hospital systems, health news, pharmacy sites). One page per address; "
        "near-empty, non-English and non-health results were dropped.",
        "- **Labels.** Every page was labeled by `review-policy.md`, the project's "
        "medical-legal reviewer standard, in the label format of `tests/corpus/` "
        "(`fires` for each finding a reviewer would send back, `must_not_fire` traps for "
        "tempting non-findings, the four whole-article checks; ReadingLevel unlabeled). "
        "Whole-article checks judge the text shown (the start of each page).",
        "- **Labeled before running.** All labels were written, validated and hashed before "
        "healthlint was run on any page; they were not changed after seeing its output.",
        "- **Not in the repository.** The page text and the label files (which quote it) belong "
        "to the pages' publishers and are kept outside the repository. "
        "`docs/devset-sources.tsv` lists the addresses so the set can be rebuilt.",
        "- **Development B.** A second development batch, built the same way for the classes "
        "the pack does worst on unseen copy (figures about the business, new wordings of "
        "appeals and absolutes, consult paraphrases). Until a rule round has been tuned on it, "
        "its figures are as unseen as a held-out set's.",
        "- **Held-out sets.** Further sets built and labeled the same way; nobody tunes the pack "
        "on them, they only check that gains on the development sets generalize. Held-out B "
        "was gathered later to hold the classes the first sets lack (figures about the "
        "business itself, named reviewers, crisis lines, supplement safety claims); after it "
        "had measured two rule rounds it became **development C** (same pages, ids 201-230), "
        "and held-out C (ids 401 and up) was built and labeled in its place before the pack "
        "ran on it. A held-out set is scored, never read: its mismatches are not looked at.",
        "",
        "Run `python scripts/accuracy_report.py --devset DIR [--devset DIR] --heldout DIR ...` "
        "(or `HEALTHLINT_DEVSET` / `HEALTHLINT_HELDOUT`, folders separated by `:`) to regenerate this page; "
        "`python scripts/score_corpus.py --corpus DIR --today "
        f"{today} -v` lists each mismatch.",
        "",
        "## Results",
        "",
    ]
    for m in measured:
        lines += render_measured(m)
    lines += ["## Pages", ""]
    lines += render_sources(sources, measured)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", action="append", default=[],
                        help="a development set folder, repeatable; C=DIR names it development C "
                        "(default: $HEALTHLINT_DEVSET, folders separated by ':')")
    parser.add_argument("--heldout", action="append", default=[],
                        help="a held-out set folder, repeatable; C=DIR names it held-out C "
                        "(default: $HEALTHLINT_HELDOUT, folders separated by ':')")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="addresses and categories (default: docs/devset-sources.tsv)")
    parser.add_argument("--today", default=DEFAULT_TODAY, metavar="YYYY-MM-DD",
                        help=f"date the labels judge freshness against (default {DEFAULT_TODAY})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="report to write (default: docs/accuracy.md)")
    parser.add_argument("--stdout", action="store_true", help="print the report instead")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.today):
        parser.error(f"--today must be YYYY-MM-DD, got {args.today!r}")
    try:
        dev_args = args.devset or [p for p in os.environ.get("HEALTHLINT_DEVSET", "").split(os.pathsep) if p] or [None]
        devs = [_lettered(d, env="HEALTHLINT_DEVSET", required=True) for d in dev_args]
        held_args = args.heldout or [p for p in os.environ.get("HEALTHLINT_HELDOUT", "").split(os.pathsep) if p]
        held = [_lettered(h, env="HEALTHLINT_HELDOUT", required=False) for h in held_args]
        sources = read_sources(args.sources)
        measured = []
        for i, (letter, folder) in enumerate(f for f in devs if f[1] is not None):
            letter = letter or chr(ord("A") + i)
            name, subset = ("development", "dev") if letter == "A" else (f"development {letter}", f"dev-{letter.lower()}")
            measured.append(measure(name, subset, folder, today=args.today))
        for i, (letter, folder) in enumerate(f for f in held if f[1] is not None):
            letter = letter or chr(ord("A") + i)
            subset = "heldout" if letter == "A" else f"heldout-{letter.lower()}"
            measured.append(measure(f"held-out {letter}", subset, folder, today=args.today))
    except sc.LabelError as exc:
        for problem in exc.errors:
            print(f"accuracy_report: {problem}", file=sys.stderr)
        return 1
    except (ReportError, sc.HealthlintUnavailable) as exc:
        print(f"accuracy_report: {exc}", file=sys.stderr)
        return 2
    report = render(measured, sources, today=args.today, commit=git_commit())
    if args.stdout:
        sys.stdout.write(report)
    else:
        args.output.write_text(report, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
