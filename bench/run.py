"""Benchmark healthlint against proselint on a corpus built from the seeds.

    python bench/run.py                 # 2,000 articles, 3 runs each, growth and per-rule tables
    python bench/run.py --quick         # 200 articles, 1 run: a smoke test of the script

Every timing is a separate process, start to exit, output to /dev/null, with
its peak memory (the largest resident set of the process and its workers,
from ``wait4``, as ``/usr/bin/time -v`` reports it). The table shows the
median of the runs. See bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this script)

WORK = HERE / ".work"
CORPORA = HERE / ".corpus"
TARGETS = {"cold": 5.0, "warm": 0.5, "pre-commit": 0.120, "memory": 150.0}


ENV: dict[str, str] = {}


def healthlint_cmd(snapshot: bool) -> list[str]:
    """The console script pre-commit runs, else ``python -m healthlint``; or a frozen copy of the checkout."""
    if snapshot:
        copy = WORK / "snapshot"
        fresh(copy)
        for part in ("src", "rules"):
            shutil.copytree(HERE.parent / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", "_packs"))
        ENV["PYTHONPATH"] = str(copy / "src")
        sys.path.insert(0, str(copy / "src"))
        return [sys.executable, "-m", "healthlint"]
    script = shutil.which("healthlint")
    return [script] if script else [sys.executable, "-m", "healthlint"]


def measure(cmd: list[str], *, cwd: Path = HERE.parent) -> tuple[float, float, int, float]:
    """Wall seconds, peak memory (MB), exit code and CPU seconds (all processes) of one run of ``cmd``."""
    env = {**os.environ, "NO_COLOR": "1", **ENV}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time what users run: byte-code written once, then reused
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # the pool's workers are waited for by healthlint, so their CPU time is in the child's usage
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


class Row:
    def __init__(self, name: str, runs: list[tuple[float, float, int, float]], files: int, size: int) -> None:
        self.name = name
        self.times = [r[0] for r in runs]
        self.cpu = statistics.median(r[3] for r in runs)
        self.memory = max(r[1] for r in runs)
        self.codes = sorted({r[2] for r in runs})
        self.files = files
        self.size = size

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def repeat(name: str, runs: int, make: Callable[[int], list[str]], files: int, size: int, before: Callable[[int], None] | None = None) -> Row:
    results = []
    for i in range(runs):
        if before is not None:
            before(i)
        results.append(measure(make(i)))
    row = Row(name, results, files, size)
    print(f"  {name:<44} {row.median:8.3f} s  cpu {row.cpu:7.2f} s  {row.memory:6.0f} MB  exit {row.codes}", file=sys.stderr, flush=True)
    return row


def proselint_cmd() -> list[str] | None:
    """proselint's command, installing it with pip when it is missing; None when it cannot be had."""
    found = shutil.which("proselint")
    if found:
        return [found]
    print("proselint is not installed: pip install proselint ...", file=sys.stderr)
    ok = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "proselint"], capture_output=True).returncode == 0
    found = shutil.which("proselint")
    return [found] if ok and found else None


def build(n: int) -> tuple[Path, int]:
    folder = CORPORA / str(n)
    size = corpus.build(folder, n)
    return folder, size


def fresh(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time healthlint (cold, warm, one file, 1 and 2 jobs) and proselint on the same corpus.")
    p.add_argument("--files", type=int, default=2000, help="articles in the corpus (default 2000)")
    p.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is shown (default 3)")
    p.add_argument("--proselint-runs", type=int, help="runs of proselint on the whole corpus (default: --runs)")
    p.add_argument("--quick", action="store_true", help="200 articles, 1 run, small growth table")
    p.add_argument("--no-proselint", action="store_true", help="skip proselint")
    p.add_argument("--no-growth", action="store_true", help="skip the growth tables")
    p.add_argument("--no-rules", action="store_true", help="skip the per-rule throughput table")
    p.add_argument("--snapshot", action="store_true", help="time a frozen copy of src/ and rules/ (others editing the checkout would empty the cache)")
    p.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = p.parse_args(argv)
    if args.quick:
        args.files, args.runs = min(args.files, 200), 1
    runs = max(1, args.runs)
    ml = healthlint_cmd(args.snapshot)
    print(f"building the corpus ({args.files} articles) ...", file=sys.stderr)
    folder, size = build(args.files)
    rel = str(folder.relative_to(HERE.parent))
    cache = WORK / "cache"
    rows: list[Row] = []
    print("healthlint:", file=sys.stderr)
    measure([*ml, "--no-cache", "-j", "1", str(next(iter(sorted(folder.rglob("*.md")))).relative_to(HERE.parent))])  # byte-code
    startup = repeat("healthlint --version (start-up)", runs, lambda i: [*ml, "--version"], 0, 0)
    rows.append(startup)
    rows.append(repeat("healthlint, corpus, cold (empty cache), 2 jobs", runs, lambda i: [*ml, "--cache-dir", str(cache), "-j", "2", rel], args.files, size, before=lambda i: fresh(cache)))
    rows.append(repeat("healthlint, corpus, warm (nothing changed)", runs, lambda i: [*ml, "--cache-dir", str(cache), "-j", "2", rel], args.files, size))
    rows.append(repeat("healthlint, corpus, no cache, 1 job", runs, lambda i: [*ml, "--no-cache", "-j", "1", rel], args.files, size))
    rows.append(repeat("healthlint, corpus, no cache, 2 jobs", runs, lambda i: [*ml, "--no-cache", "-j", "2", rel], args.files, size))
    article = WORK / "precommit" / "article.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    base_text = next(text for name, text in corpus.articles(16) if name.endswith(".md"))

    def edit(i: int) -> None:  # as in a commit: the staged article changed since the last run
        article.write_text(base_text + f"\nEdited for run {i} at {time.time_ns()}.\n", encoding="utf-8")

    one = [*ml, "--cache-dir", str(cache), str(article.relative_to(HERE.parent))]
    measure(one)  # the compiled linter is cached once, as after a first commit
    rows.append(repeat("healthlint, one article edited (pre-commit)", runs, lambda i: one, 1, len(base_text), before=edit))
    rows.append(repeat("healthlint, one article unchanged (cached)", runs, lambda i: one, 1, len(base_text)))
    rows.append(repeat("healthlint, one article, --no-cache", runs, lambda i: [*ml, "--no-cache", one[-1]], 1, len(base_text)))
    pl = None if args.no_proselint else proselint_cmd()
    if pl is not None:
        print("proselint:", file=sys.stderr)
        pruns = max(1, args.proselint_runs or runs)
        rows.append(repeat("proselint, corpus", pruns, lambda i: [*pl, "check", rel], args.files, size))
        rows.append(repeat("proselint, one article", runs, lambda i: [*pl, "check", one[-1]], 1, len(base_text)))
    growth_files, growth_size = [], []
    if not args.no_growth:
        print("growth:", file=sys.stderr)
        counts = [1, 10, 100] if args.quick else [1, 10, 100, 1000, 2000]
        for n in counts:
            sub, sub_size = build(n)
            growth_files.append(repeat(f"files: {n}", runs, lambda i, s=sub: [*ml, "--no-cache", str(s.relative_to(HERE.parent))], n, sub_size))
        for length in [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]:
            path = WORK / "long" / f"article-{length}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = corpus.long_article(length)
            path.write_text(text, encoding="utf-8")
            growth_size.append(repeat(f"one article of {len(text) / 1000:.0f} kB", runs, lambda i, q=path: [*ml, "--no-cache", "-j", "1", str(q.relative_to(HERE.parent))], 1, len(text.encode())))
    report(rows, growth_files, growth_size, args, pl is not None, size, startup)
    if not args.no_rules:
        per_rule(CORPORA / str(args.files), 100 if args.quick else 250)
    if args.json:
        data = {r.name: {"median_s": r.median, "times_s": r.times, "cpu_s": r.cpu, "peak_mb": r.memory, "exit": r.codes, "files": r.files, "bytes": r.size} for r in rows + growth_files + growth_size}
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def report(rows: list[Row], growth_files: list[Row], growth_size: list[Row], args: argparse.Namespace, have_proselint: bool, size: int, startup: Row) -> None:
    by = {r.name: r for r in rows}
    pro_corpus = by.get("proselint, corpus")
    pro_one = by.get("proselint, one article")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"\nhealthlint benchmark: {args.files} articles, {size / 1e6:.1f} MB, {cores} cores, median of {args.runs} run(s)\n")
    print("| run | median wall | CPU | peak memory | proselint ÷ healthlint | target |")
    print("|---|---:|---:|---:|---:|---|")
    targets = {
        "healthlint, corpus, cold (empty cache), 2 jobs": f"< {TARGETS['cold']:g} s",
        "healthlint, corpus, warm (nothing changed)": f"< {TARGETS['warm']:g} s",
        "healthlint, one article edited (pre-commit)": f"< {TARGETS['pre-commit'] * 1000:g} ms",
    }
    for r in rows:
        ratio = ""
        ref = pro_one if r.files == 1 else pro_corpus if r.files > 1 else None
        if ref is not None and r.name.startswith("healthlint") and r.median > 0:
            ratio = f"{ref.median / r.median:.2f}x"
        target = targets.get(r.name, "")
        if target:
            limit = TARGETS["cold"] if "cold" in r.name else TARGETS["warm"] if "warm" in r.name else TARGETS["pre-commit"]
            target += " ok" if r.median < limit else " MISSED"
        shown = f"{r.median * 1000:.0f} ms" if r.median < 1 else f"{r.median:.2f} s"
        cpu = f"{r.cpu * 1000:.0f} ms" if r.cpu < 1 else f"{r.cpu:.2f} s"
        print(f"| {r.name} | {shown} | {cpu} | {r.memory:.0f} MB | {ratio} | {target} |")
    if not have_proselint and not args.no_proselint:
        print("| proselint | could not be installed (pip install proselint failed) | | | | |")
    peak = max(r.memory for r in rows if r.name.startswith("healthlint"))
    print(f"\nPeak memory of any healthlint run: {peak:.0f} MB (target < {TARGETS['memory']:g} MB{' ok' if peak < TARGETS['memory'] else ' MISSED'}).")
    if growth_files:
        print("\nGrowth with the number of files (no cache, all cores):\n")
        print("| files | MB | wall | CPU | CPU per file | peak memory |")
        print("|---:|---:|---:|---:|---:|---:|")
        for r in growth_files:
            print(f"| {r.files} | {r.size / 1e6:.2f} | {r.median:.2f} s | {r.cpu:.2f} s | {r.cpu / r.files * 1000:.1f} ms | {r.memory:.0f} MB |")
    if growth_size:
        print("\nGrowth with the length of one article (no cache, one job):\n")
        print("| article | wall | CPU | MB/s of CPU | peak memory |")
        print("|---:|---:|---:|---:|---:|")
        for r in growth_size:
            print(f"| {r.size / 1000:.0f} kB | {r.median:.2f} s | {r.cpu:.2f} s | {r.size / max(r.cpu, 1e-6) / 1e6:.2f} | {r.memory:.0f} MB |")


def per_rule(folder: Path, limit: int) -> None:
    """Each rule alone over the first articles, in this process: which rules cost the time."""
    from healthlint.api import Linter
    from healthlint.engine import lint_document
    from healthlint.ruleset import Ruleset

    linter = Linter()
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:limit]
    docs = [linter.parse(p.read_text(encoding="utf-8"), path=str(p), format=linter.config.format_for(str(p))) for p in files]
    size = sum(len(d.source.encode()) for d in docs)
    times = []
    for rule in linter.ruleset.rules:
        alone = Ruleset((rule,), linter.ruleset.kinds, linter.ruleset.names)
        lint_document(docs[0], alone)  # compile what is compiled on first use
        start = time.perf_counter()
        for doc in docs:
            lint_document(doc, alone)
        times.append((time.perf_counter() - start, rule))
    total = sum(t for t, _ in times)
    print(f"\nPer rule, one core, in-process, {len(docs)} articles ({size / 1e6:.1f} MB), parsing excluded:\n")
    print("| rule | kind | time | throughput | share |")
    print("|---|---|---:|---:|---:|")
    for t, rule in sorted(times, key=lambda x: -x[0]):
        print(f"| {rule.name} | {rule.kind} | {t:.2f} s | {size / t / 1e6:.1f} MB/s | {t / total:.0%} |")


if __name__ == "__main__":
    raise SystemExit(main())
