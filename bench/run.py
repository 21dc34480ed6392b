"""Benchmark healthlint beside proselint and markdownlint-cli2 on a corpus of unique sentences.

    python bench/run.py                 # 2,000 articles (~25 MB), 3 runs each, growth and per-rule tables
    python bench/run.py --quick         # 200 articles, 1 run: a smoke test of the script

Every timing is a separate process, start to exit, output to /dev/null, with
its peak memory (the largest resident set of the process and its workers,
from ``wait4``, as ``/usr/bin/time -v`` reports it). The table shows the
median of the runs. See bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this script)

WORK = HERE / ".work"
CORPORA = HERE / ".corpus"
TARGETS = {"memory": 150.0}
#: the issue's targets: (what is compared, seconds)
TARGET_OF = {
    "healthlint --version (start-up)": ("wall", 0.1),
    "healthlint, corpus, no cache, 1 job": ("cpu", 3.0),
    "healthlint, corpus, warm (nothing changed)": ("wall", 0.3),
    "healthlint, one article edited (pre-commit)": ("wall", 0.150),
    "healthlint, one article edited, daemon running (client CPU)": ("wall", 0.150),
}


#: every run goes without a resident daemon (a user's own one included) unless a row says otherwise
ENV: dict[str, str | None] = {"HEALTHLINT_NO_DAEMON": "1"}


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


def measure(cmd: list[str], *, cwd: Path = HERE.parent, timeout: float | None = None) -> tuple[float, float, int, float]:
    """Wall seconds, peak memory (MB), exit code and CPU seconds (all processes) of one run of ``cmd``.

    A run still going after ``timeout`` seconds is killed; its exit code is then -9 and its wall time the limit.
    """
    env = {**os.environ, "NO_COLOR": "1", **ENV}
    env = {k: v for k, v in env.items() if v is not None}  # ENV maps a variable to None to remove it
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time what users run: byte-code written once, then reused
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    if timeout is not None:
        try:
            _wait_pid(proc.pid, timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # the pool's workers are waited for by healthlint, so their CPU time is in the child's usage
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def _wait_pid(pid: int, timeout: float) -> None:
    """Return once ``pid`` has exited (without reaping it), or raise TimeoutExpired."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return
        time.sleep(0.02)
    raise subprocess.TimeoutExpired(str(pid), timeout)


class Row:
    def __init__(self, name: str, runs: list[tuple[float, float, int, float]], files: int, size: int) -> None:
        self.name = name
        self.times = [r[0] for r in runs]
        self.cpu = statistics.median(r[3] for r in runs)
        self.memory = max(r[1] for r in runs)
        self.codes = sorted({r[2] for r in runs})
        self.killed = sum(1 for r in runs if r[2] == -9)
        self.files = files
        self.size = size

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def repeat(name: str, runs: int, make: Callable[[int], list[str]], files: int, size: int, before: Callable[[int], None] | None = None, timeout: float | None = None) -> Row:
    results = []
    for i in range(runs):
        if before is not None:
            before(i)
        results.append(measure(make(i), timeout=timeout))
        if results[-1][2] == -9:
            break  # killed at the time limit: once is enough
    row = Row(name, results, files, size)
    print(f"  {name:<44} {row.median:8.3f} s  cpu {row.cpu:7.2f} s  {row.memory:6.0f} MB  exit {row.codes}", file=sys.stderr, flush=True)
    return row


def daemon_article(ml: list[str], one: list[str], edit: Callable[[int], None], runs: int, size: int) -> Row | None:
    """One edited article with ``healthlint daemon`` running (its own socket folder under .work/);
    CPU is the command's only (the daemon is not its child). None when the daemon cannot start."""
    runtime = WORK / "runtime"
    fresh(runtime)
    runtime.mkdir(mode=0o700, parents=True)
    saved = dict(ENV)
    ENV.update(XDG_RUNTIME_DIR=str(runtime), HEALTHLINT_NO_DAEMON=None)
    try:
        if measure([*ml, "daemon", "start"])[2] != 0:
            return None
        edit(-2)
        measure(one)  # the daemon loads the cached linter and compiles what the article needs once
        return repeat("healthlint, one article edited, daemon running (client CPU)", runs, lambda i: one, 1, size, before=edit)
    finally:
        measure([*ml, "daemon", "stop"])
        ENV.clear()
        ENV.update(saved)


PEERS = HERE / ".peers"


def proselint_cmd() -> list[str] | None:
    """proselint in the bench's own virtualenv (created and filled on first use); None when it cannot be had."""
    venv = PEERS / "venv"
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        print("installing proselint into bench/.peers/venv ...", file=sys.stderr)
        ok = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True).returncode == 0
        ok = ok and subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "proselint"], capture_output=True).returncode == 0
        if not ok or not exe.exists():
            return None
    return [str(exe)]


def markdownlint_cmd() -> list[str] | None:
    """markdownlint-cli2 in bench/.peers/node (npm install on first use); None when it cannot be had."""
    folder = PEERS / "node"
    exe = folder / "node_modules" / ".bin" / "markdownlint-cli2"
    if not exe.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        print("installing markdownlint-cli2 into bench/.peers/node ...", file=sys.stderr)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder), "markdownlint-cli2"], capture_output=True)
        if not exe.exists():
            return None
    return [str(exe)]


def _apart(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in a child process. Linux keeps a process's resident high-water mark across
    fork and exec, so every run this script starts reports at least this script's own resident
    size as its peak: generating 2,000 articles here left it at 65 MB, and ``--version`` was
    reported at 65 MB. What generates the corpus runs in a child, and this process stays small."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def build(n: int) -> tuple[Path, int]:
    folder = CORPORA / str(n)
    size = _apart(corpus.build, folder, n)
    return folder, size


def _write_hostile(folder: Path) -> dict[str, int]:
    """Write the hostile inputs into ``folder``: their names and sizes in bytes."""
    sizes = {}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in corpus.hostile().items():
        (folder / name).write_text(text, encoding="utf-8")
        sizes[name] = len(text.encode())
    return sizes


def _write_long(path: Path, length: int) -> tuple[int, int]:
    """Write a long article of about ``length`` characters: its characters and bytes."""
    text = corpus.long_article(length)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text), len(text.encode())


def fresh(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time healthlint (cold, warm, one article, 1 and 2 jobs, hostile inputs) beside proselint and markdownlint-cli2.")
    p.add_argument("--files", type=int, default=2000, help="articles in the corpus (default 2000)")
    p.add_argument("--runs", type=int, default=3, help="runs of each corpus measurement; the median is shown (default 3)")
    p.add_argument("--article-runs", type=int, default=20, help="runs of the one-article measurements (default 20)")
    p.add_argument("--quick", action="store_true", help="200 articles, 1 run, 5 article runs, small growth table")
    p.add_argument("--articles-only", action="store_true", help="only start-up and the one-article rows (no corpus, hostile, growth or per-rule runs)")
    p.add_argument("--timeout", type=float, default=120.0, help="kill a run after this many seconds (default 120)")
    p.add_argument("--no-peers", action="store_true", help="skip proselint and markdownlint-cli2")
    p.add_argument("--no-growth", action="store_true", help="skip the growth tables")
    p.add_argument("--no-hostile", action="store_true", help="skip the hostile-density inputs")
    p.add_argument("--no-rules", action="store_true", help="skip the per-rule throughput table")
    p.add_argument("--snapshot", action="store_true", help="time a frozen copy of src/ and rules/ (others editing the checkout would empty the cache)")
    p.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = p.parse_args(argv)
    if args.quick:
        args.files, args.runs, args.article_runs = min(args.files, 200), 1, 5
    if args.articles_only:
        args.files, args.no_hostile, args.no_growth, args.no_rules = min(args.files, 16), True, True, True
    runs = max(1, args.runs)
    ml = healthlint_cmd(args.snapshot)
    print(f"building the corpus ({args.files} articles) ...", file=sys.stderr)
    folder, size = build(args.files)
    rel = str(folder.relative_to(HERE.parent))
    cache = WORK / "cache"
    rows: list[Row] = []
    load = os.getloadavg()[0]
    limit = args.timeout
    print("healthlint:", file=sys.stderr)
    measure([*ml, "--no-cache", "-j", "1", str(next(iter(sorted(folder.rglob("*.md")))).relative_to(HERE.parent))])  # byte-code
    startup = repeat("healthlint --version (start-up)", args.article_runs, lambda i: [*ml, "--version"], 0, 0)
    rows.append(startup)
    if args.articles_only:
        fresh(cache)
    else:
        rows.append(repeat("healthlint, corpus, cold (empty cache), 2 jobs", runs, lambda i: [*ml, "--cache-dir", str(cache), "-j", "2", rel], args.files, size, before=lambda i: fresh(cache), timeout=limit))
        rows.append(repeat("healthlint, corpus, warm (nothing changed)", runs, lambda i: [*ml, "--cache-dir", str(cache), "-j", "2", rel], args.files, size))
        rows.append(repeat("healthlint, corpus, no cache, 1 job", runs, lambda i: [*ml, "--no-cache", "-j", "1", rel], args.files, size, timeout=limit))
        rows.append(repeat("healthlint, corpus, no cache, 2 jobs", runs, lambda i: [*ml, "--no-cache", "-j", "2", rel], args.files, size, timeout=limit))
    article = WORK / "precommit" / "article.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    base_text = next(text for name, text in corpus.articles(16) if name.endswith(".md"))

    def edit(i: int) -> None:  # as in a commit: the staged article changed since the last run
        article.write_text(base_text + f"\nEdited for run {i} at {time.time_ns()}.\n", encoding="utf-8")

    one = [*ml, "--cache-dir", str(cache), str(article.relative_to(HERE.parent))]
    edit(-1)
    measure(one)  # the compiled linter is cached once, as after a first commit
    rows.append(repeat("healthlint, one article edited (pre-commit)", args.article_runs, lambda i: one, 1, len(base_text), before=edit))
    rows.append(repeat("healthlint, one article unchanged (cached)", args.article_runs, lambda i: one, 1, len(base_text)))
    rows.append(repeat("healthlint, one article, --no-cache", max(3, args.article_runs // 4), lambda i: [*ml, "--no-cache", one[-1]], 1, len(base_text)))
    daemon_row = daemon_article(ml, one, edit, args.article_runs, len(base_text))
    if daemon_row is not None:
        rows.append(daemon_row)
    missing: list[str] = []
    if not args.no_peers:
        pl = proselint_cmd()
        if pl is None:
            missing.append("proselint (pip install proselint into bench/.peers/venv failed)")
        else:
            print("proselint:", file=sys.stderr)
            if not args.articles_only:
                rows.append(repeat("proselint, corpus", runs, lambda i: [*pl, "check", rel], args.files, size, timeout=limit))
            rows.append(repeat("proselint, one article", max(3, args.article_runs // 4), lambda i: [*pl, "check", one[-1]], 1, len(base_text)))
        mdl = markdownlint_cmd()
        if mdl is None:
            missing.append("markdownlint-cli2 (npm install markdownlint-cli2 into bench/.peers/node failed, or no npm)")
        else:
            print("markdownlint-cli2 (Markdown files only):", file=sys.stderr)
            md = sorted(folder.rglob("*.md"))
            md_size = sum(q.stat().st_size for q in md)
            if not args.articles_only:
                rows.append(repeat("markdownlint-cli2, corpus (.md only)", runs, lambda i: [*mdl, f"{rel}/**/*.md"], len(md), md_size, timeout=limit))
            rows.append(repeat("markdownlint-cli2, one article", max(3, args.article_runs // 4), lambda i: [*mdl, one[-1]], 1, len(base_text)))
    hostile_rows: list[Row] = []
    if not args.no_hostile:
        print("hostile inputs (one job, no cache):", file=sys.stderr)
        for name, nbytes in _apart(_write_hostile, WORK / "hostile").items():
            path = WORK / "hostile" / name
            hostile_rows.append(repeat(f"hostile: {name}", 1, lambda i, q=path: [*ml, "--no-cache", "-j", "1", str(q.relative_to(HERE.parent))], 1, nbytes, timeout=limit))
    growth_files, growth_size = [], []
    if not args.no_growth:
        print("growth:", file=sys.stderr)
        counts = [n for n in (1, 10, 100, 1000, 2000) if n < args.files] + [args.files]
        for n in counts:
            sub, sub_size = build(n)
            growth_files.append(repeat(f"files: {n}", 1, lambda i, s=sub: [*ml, "--no-cache", str(s.relative_to(HERE.parent))], n, sub_size, timeout=limit))
        for length in [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]:
            path = WORK / "long" / f"article-{length}.md"
            chars, nbytes = _apart(_write_long, path, length)
            growth_size.append(repeat(f"one article of {chars / 1000:.0f} kB", 1, lambda i, q=path: [*ml, "--no-cache", "-j", "1", str(q.relative_to(HERE.parent))], 1, nbytes, timeout=limit))
    load = max(load, os.getloadavg()[0])
    report(rows, hostile_rows, growth_files, growth_size, args, size, missing, load)
    if not args.no_rules:
        per_rule(CORPORA / str(args.files), 100 if args.quick else 250)
    if args.json:
        data = {r.name: {"median_s": r.median, "times_s": r.times, "cpu_s": r.cpu, "peak_mb": r.memory, "exit": r.codes, "files": r.files, "bytes": r.size} for r in rows + hostile_rows + growth_files + growth_size}
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def _time(seconds: float, killed: bool = False) -> str:
    shown = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return f"> {shown} (killed)" if killed else shown


def report(rows: list[Row], hostile_rows: list[Row], growth_files: list[Row], growth_size: list[Row], args: argparse.Namespace, size: int, missing: list[str], load: float) -> None:
    by = {r.name: r for r in rows}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"\nhealthlint benchmark: {args.files} articles, {size / 1e6:.1f} MB, {cores} cores, load average up to {load:.1f} during the run; median of {args.runs} corpus run(s), p50 of {args.article_runs} one-article runs\n")
    print("| run | wall (p50) | CPU | peak memory | exit | target |")
    print("|---|---:|---:|---:|---|---|")
    for r in rows:
        target = TARGET_OF.get(r.name)
        mark = ""
        if target is not None:
            what, limit = target
            value = r.cpu if what == "cpu" else r.median
            mark = f"{what} < {_time(limit)} {'ok' if value < limit and r.killed == 0 else 'MISSED'}"
        print(f"| {r.name} | {_time(r.median, r.killed > 0)} | {_time(r.cpu)} | {r.memory:.0f} MB | {','.join(map(str, r.codes))} | {mark} |")
    for name in missing:
        print(f"| {name} | not installed | | | | |")
    pro = by.get("proselint, corpus")
    mdl = by.get("markdownlint-cli2, corpus (.md only)")
    cold = by.get("healthlint, corpus, no cache, 1 job")
    if cold is not None and pro is not None:
        print(f"\nproselint CPU / healthlint CPU (corpus, one job): {pro.cpu / max(cold.cpu, 1e-9):.1f}x (target 20x)")
    if cold is not None and mdl is not None:
        md_share = mdl.size / max(cold.size, 1)
        print(f"markdownlint-cli2 wall on its {mdl.files} .md files ({md_share:.0%} of the bytes) / healthlint wall on all: {mdl.median / max(cold.median, 1e-9):.1f}x (target 10x)")
    peak = max(r.memory for r in rows if r.name.startswith("healthlint"))
    print(f"\nPeak memory of any healthlint corpus or article run: {peak:.0f} MB (target < {TARGETS['memory']:g} MB{' ok' if peak < TARGETS['memory'] else ' MISSED'}).")
    if hostile_rows:
        print("\nHostile-density inputs (one job, no cache; target < 10 s each, the same exit code every run):\n")
        print("| input | MB | wall | CPU | peak memory | exit |")
        print("|---|---:|---:|---:|---:|---|")
        for r in hostile_rows:
            print(f"| {r.name[9:]} | {r.size / 1e6:.1f} | {_time(r.median, r.killed > 0)} | {_time(r.cpu)} | {r.memory:.0f} MB | {','.join(map(str, r.codes))} |")
    if growth_files:
        print("\nGrowth with the number of files (no cache, all cores):\n")
        print("| files | MB | wall | CPU | CPU per file | peak memory |")
        print("|---:|---:|---:|---:|---:|---:|")
        for r in growth_files:
            print(f"| {r.files} | {r.size / 1e6:.2f} | {_time(r.median, r.killed > 0)} | {r.cpu:.2f} s | {r.cpu / r.files * 1000:.1f} ms | {r.memory:.0f} MB |")
    if growth_size:
        print("\nGrowth with the length of one article (no cache, one job):\n")
        print("| article | wall | CPU | MB/s of CPU | peak memory |")
        print("|---:|---:|---:|---:|---:|")
        for r in growth_size:
            print(f"| {r.size / 1000:.0f} kB | {_time(r.median, r.killed > 0)} | {r.cpu:.2f} s | {r.size / max(r.cpu, 1e-6) / 1e6:.2f} | {r.memory:.0f} MB |")


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
