"""Hostile inputs a pull request can commit: time, peak memory and exit code of one CLI run each.

    python bench/hostile.py              # every case
    python bench/hostile.py jsonld fifo  # only these

Each case runs ``python -m healthlint --no-cache`` in a fresh process under a
memory limit (``--memory-mb``, default 3000) and a time limit (``--timeout``,
default 60 s); a small article is the baseline (start-up and rule loading).
Figures from a run before the fixes and after them are in the commit messages.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ARTICLE = "# Ketamine\n\nKetamine cures anxiety. It affects 2.7% of adults.\n"


def _nested_json_ld(depth: int = 22, words: int = 40) -> str:
    inner = '"x"'
    for _ in range(depth):
        inner = '{"name":' + inner + ',"description":"' + "word " * words + '"}'
    return (
        '<html><head><script type="application/ld+json">{"@type":"MedicalWebPage","reviewedBy":'
        '{"name":"Jane Doe, MD","affiliation":' + inner + "}}</script></head>"
        "<body><p>Ketamine cures anxiety.</p></body></html>\n"
    )


def _make(folder: Path) -> dict[str, Callable[[], str]]:
    """Case name -> a function that creates its input and returns the path to lint."""

    def write(name: str, text: str) -> Callable[[], str]:
        def make() -> str:
            (folder / name).write_text(text, encoding="utf-8")
            return name

        return make

    def zero_link() -> str:
        os.symlink("/dev/zero", folder / "zero.md")
        return "zero.md"

    def fifo() -> str:
        os.mkfifo(folder / "pipe.md")
        return "pipe.md"

    names = ", ".join(f"Medical.Nope{i}" for i in range(16_000))
    return {
        "baseline": write("small.md", ARTICLE),
        "frontmatter-hex": write("fm.md", "---\nreviewer: 0x" + "f" * 5000 + "\n---\n" + ARTICLE),
        "frontmatter-toml-bin": write("fm-toml.md", "+++\nreviewer = 0b" + "1" * 20_000 + "\n+++\n" + ARTICLE),
        "jsonld": write("jsonld.html", _nested_json_ld()),
        "directive": write("directive.md", f"<!-- healthlint-disable {names}: quoted -->\n" + ARTICLE),
        "dev-zero-link": zero_link,
        "fifo": fifo,
    }


def _run(path: str, cwd: Path, memory_mb: int, timeout: float) -> tuple[float, float, int | str, str]:
    """Wall time, peak memory (MB, of this process alone: ``wait4``), exit code and the last stderr line."""

    def limit() -> None:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "healthlint", "--no-cache", "--format", "json", path],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit,
        )
        code: int | str = "timeout"
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
        proc.returncode = 0  # reaped above
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return elapsed, usage.ru_maxrss / 1024, code, (lines[-1] if lines else "")[:90]


def main() -> None:
    p = argparse.ArgumentParser(description="Hostile inputs: time, peak memory and exit code of one CLI run each.")
    p.add_argument("cases", nargs="*")
    p.add_argument("--memory-mb", type=int, default=3000)
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()  # a repository: symlinks out of it are refused
        print(f"{'case':<22} {'time':>8} {'peak MB':>8}  exit  last stderr line")
        for name, make in _make(folder).items():
            if args.cases and name not in args.cases:
                continue
            elapsed, peak, code, last = _run(make(), folder, args.memory_mb, args.timeout)
            print(f"{name:<22} {elapsed:>7.2f}s {peak:>8.0f}  {code!s:>4}  {last}")


if __name__ == "__main__":
    main()
