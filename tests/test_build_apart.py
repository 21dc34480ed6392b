"""A run that builds its rules does so in a forked child and keeps only the pickled linter.

What a user sees: the same report, the same errors and notices (once each), and the memory
of a cached run, since the build's imports (ruamel.yaml, lemminflect, numpy) and the objects
it drops stay in the child.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint import _apart

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
linux_only = pytest.mark.skipif(sys.platform != "linux" or not hasattr(os, "fork"), reason="the build runs apart only on Linux")

#: runs the command as its own process would (``main()`` reads ``sys.argv``), then says which
#: of the build's modules it imported
_SCRIPT = """
import sys
from healthlint import _apart
if sys.argv[1] == "here":
    _apart.possible = lambda: False
from healthlint.cli import main
where, sys.argv = sys.argv[1], ["healthlint", *sys.argv[2:]]
code = main()
sys.stdout.flush()
print("imported:", sorted(m for m in ("lemminflect", "numpy", "ruamel.yaml") if m in sys.modules), file=sys.stderr)
print("exit:", code, file=sys.stderr)
"""


@pytest.fixture(autouse=True)
def owned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit tests below run in this process as if it were the command's own."""
    monkeypatch.setattr(_apart, "_OWNED", True)


def _run(where: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHLINT_")}
    env["HEALTHLINT_NO_DAEMON"] = "1"
    return subprocess.run([sys.executable, "-c", _SCRIPT, where, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _article(tmp_path: Path) -> Path:
    seeds = sorted(SEEDS.glob("*")) if SEEDS.is_dir() else []
    target = tmp_path / "article.md"
    if seeds:
        target.write_bytes(seeds[0].read_bytes())
    else:
        target.write_text("Ketamine is 100% safe and works for 92% of our patients.\n", encoding="utf-8")
    return target


@linux_only
@pytest.mark.parametrize("cache", [["--no-cache"], ["--cache-dir", "cache"]], ids=["no-cache", "empty-cache"])
def test_the_report_is_the_one_an_in_process_build_gives_without_its_imports(tmp_path: Path, cache: list[str]) -> None:
    _article(tmp_path)
    apart = _run("apart", *cache, "--no-exit", "article.md", cwd=tmp_path)
    if "--cache-dir" in cache:
        assert (tmp_path / "cache").is_dir() and any((tmp_path / "cache").rglob("linter-*.pickle")), "the child stores the linter"
        for p in (tmp_path / "cache").rglob("*"):
            if p.is_file():
                p.unlink()
    here = _run("here", *cache, "--no-exit", "article.md", cwd=tmp_path)
    assert apart.stdout == here.stdout and "warning" in apart.stdout
    assert "exit: 0" in apart.stderr and "exit: 0" in here.stderr
    assert "imported: []" in apart.stderr, apart.stderr
    assert "imported: []" not in here.stderr  # the in-process build does import them: the check can fail


@linux_only
def test_a_rule_error_and_a_build_notice_are_printed_once(tmp_path: Path) -> None:
    styles = tmp_path / "styles" / "X"
    styles.mkdir(parents=True)
    (styles / "Tengo.yml").write_text("extends: script\nmessage: x\nscript: |\n  a := 1\n", encoding="utf-8")
    (styles / "Bad.yml").write_text("extends: existence\nmessage: x\ntokens:\n  - '(unclosed'\n", encoding="utf-8")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\n[*]\nBasedOnStyles = X\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("hello world\n", encoding="utf-8")
    for cache in (["--no-cache"], ["--cache-dir", "cache"]):
        bad = _run("apart", *cache, "a.md", cwd=tmp_path)
        assert "exit: 2" in bad.stderr
        assert bad.stderr.count("Bad.yml:4:15: error: invalid regex in tokens[0]") == 1, bad.stderr
    (styles / "Bad.yml").unlink()
    for cache in (["--no-cache"], ["--cache-dir", "cache"]):
        ok = _run("apart", *cache, "a.md", cwd=tmp_path)
        assert "exit: 0" in ok.stderr
        assert ok.stderr.count("X.Tengo: 'script' rules run Tengo code") == 1, ok.stderr


@linux_only
def test_what_the_child_told_is_written_once_when_it_succeeds_and_dropped_when_it_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert _apart.run(lambda: (sys.stderr.write("notice\n"), b"\x00ok\xff")[1]) == b"\x00ok\xff"
    assert capsys.readouterr().err == "notice\n"
    assert _apart.run(lambda: (sys.stderr.write("half\n"), None)[1]) is None
    assert capsys.readouterr().err == ""


@linux_only
def test_a_child_that_fails_or_dies_gives_none() -> None:
    def raises() -> bytes:
        raise ValueError("a rule file is wrong")

    def dies() -> bytes:
        os.kill(os.getpid(), signal.SIGKILL)
        return b"never"

    assert _apart.run(raises) is None
    assert _apart.run(dies) is None
    assert _apart.run(lambda: b"") == b""


@linux_only
def test_a_result_past_the_limit_is_refused_and_the_child_does_not_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_apart, "LIMIT", 1_000)
    assert _apart.run(lambda: b"x" * 1_000_000) is None  # more than a pipe holds: the child is stopped
    assert _apart.run(lambda: b"x" * 900) == b"x" * 900


@linux_only
def test_a_parent_that_ignores_sigchld_still_gets_the_result() -> None:
    """Some runners start their jobs with SIGCHLD ignored: the child is then reaped at once."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert _apart.run(lambda: b"built") == b"built"
        assert _apart.run(lambda: None) is None
    finally:
        signal.signal(signal.SIGCHLD, previous)


def test_a_process_that_runs_the_command_again_and_again_builds_in_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test session, the daemon or a library calling ``cli.main(argv)`` keeps what one build
    computed for the next: only the command's own process (``main()`` with no arguments) forks."""
    monkeypatch.setattr(_apart, "_OWNED", False)
    assert not _apart.possible()
    assert _apart.run(lambda: b"built") is None
