"""CPU time of one keystroke in ``healthlint server`` on a 20 kB article.

    python bench/lsp_keystroke.py            # both measurements, Markdown and text
    python bench/lsp_keystroke.py --runs 50

1. In process: the call the server makes on each (debounced) change, that is
   apply the incremental edit, lint with the kept linter, turn the findings into
   LSP diagnostics, timed with ``time.process_time`` around each keystroke.
2. Over stdio: a real ``healthlint server`` process driven by a JSON-RPC client
   (debounce 0, so every keystroke is linted); the server's own CPU time
   (user + system, from /proc/PID/stat) is read before and after each
   keystroke, once its diagnostics for that version have arrived.

Both type one character at a time into the middle of the article after a
first lint (which compiles the rules) and print the median (p50) and the
slowest of the runs, in milliseconds of CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import LspClient  # noqa: E402  (tests/lsp_client.py)

from healthlint.lsp.positions import Text  # noqa: E402
from healthlint.lsp.session import Open, Session  # noqa: E402


def article(size: int = 20_000) -> str:
    """About ``size`` bytes of article text made from the seeds (whole lines)."""
    lines: list[str] = []
    total = 0
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            lines.append(line)
            total += len(line.encode("utf-8")) + 1
            if total >= size:
                return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def where_to_type(text: str) -> tuple[int, int]:
    """(line, character) at the end of a long line near the middle of the article (ASCII before it)."""
    lines = text.split("\n")
    mid = len(lines) // 2
    for i in range(mid, len(lines)):
        if len(lines[i]) > 80 and lines[i].isascii():
            return i, len(lines[i])
    return mid, len(lines[mid])


def in_process(text: str, name: str, runs: int) -> list[float]:
    session = Session(root=str(ROOT))
    doc = Open(f"file:///bench/{name}", str(ROOT / "bench" / name), "markdown" if name.endswith(".md") else "plaintext", 1, Text.of(text))
    session.lint(doc)  # the first lint compiles the rules
    line, char = where_to_type(text)
    times = []
    for i in range(runs):
        started = time.process_time()
        doc.text = doc.text.apply((line, char + i), (line, char + i), new="x", encoding="utf-16")
        session.lint(doc)
        times.append(time.process_time() - started)
    return times


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def over_stdio(text: str, name: str, runs: int) -> list[float]:
    c = LspClient(ROOT)
    try:
        c.start(ROOT, debounce_ms=0)
        uri = (ROOT / "bench" / name).as_uri()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        c.diagnostics(uri, 1)
        line, char = where_to_type(text)
        times = []
        for i in range(runs):
            before = cpu_of(c.proc.pid)
            pos = {"line": line, "character": char + i}
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "x"}]})
            c.diagnostics(uri, i + 2)
            time.sleep(0.02)  # let the server finish writing before its clock is read
            times.append(cpu_of(c.proc.pid) - before)
        return times
    finally:
        c.stop()


def show(label: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"  {label:<34} p50 {statistics.median(ms):6.1f} ms   mean {statistics.fmean(ms):6.1f} ms   max {ms[-1]:6.1f} ms   ({len(ms)} keystrokes)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args()
    text = article()
    print(f"article: {len(text.encode('utf-8'))} bytes, {text.count(chr(10))} lines (from the seeds)")
    for name in ("article.md", "article.txt"):
        print(name)
        show("in process (process_time)", in_process(text, name, args.runs))
        if Path("/proc/self/stat").exists():
            show("over stdio (server CPU, /proc)", over_stdio(text, name, args.runs))
    print("/proc counts CPU in 10 ms ticks: over stdio, read the mean (total / keystrokes); in process, the p50.")


if __name__ == "__main__":
    main()
