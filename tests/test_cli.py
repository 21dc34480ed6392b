"""The command line, called in-process: exit codes, formats, subcommands."""

from __future__ import annotations

import io
import os
import shlex
import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from healthlint.cli import main

from conftest import ROOT, SEEDS

CLAIMS = "# Ketamine\n\nKetamine cures anxiety. It affects 2.7% of adults.\n"
CLEAN = (
    "# Ketamine\n\nMedically reviewed by Jane Doe, MD. Published March 5, 2026.\n\n"
    "Ketamine may help some people. Talk with your doctor before starting any treatment.\n"
)


def run(*argv: str, stdin: bytes | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims.md").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_findings_exit_1_compiler_style(articles: Path) -> None:
    code, out, err = run("claims.md")
    assert code == 1
    lines = out.splitlines()
    assert "claims.md:3:10: error: Absolute claim 'cures'" in out
    assert any(line.startswith("claims.md:3:36: warning: Statistic '2.7%'") and line.endswith("[Medical.UncitedStatistic]") for line in lines)
    assert lines[-1].startswith("Found ")
    assert err == ""


def test_clean_article_exits_0(articles: Path) -> None:
    code, out, _ = run("clean.md")
    assert code == 0, out
    assert out == "No problems found in 1 file.\n"


def test_no_exit_reports_findings_and_exits_0_but_not_past_a_broken_file(articles: Path) -> None:
    code, out, _ = run("--no-exit", "claims.md")
    assert code == 0 and "claims.md:3:10: error: Absolute claim 'cures'" in out
    (articles / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert run("--no-exit", "claims.md", "photo.md")[0] == 2


def test_fail_level_and_min_level(articles: Path) -> None:
    assert run("claims.md", "--fail-level", "error")[0] == 1
    code, out, _ = run("claims.md", "--min-level", "error", "--fail-level", "error")
    assert code == 1 and "warning" not in out.split("Found")[0]
    code, out, _ = run("claims.md", "--select", "Medical.UncitedStatistic", "--fail-level", "error")
    assert code == 0 and "Medical.AbsoluteClaim" not in out


def test_select_unknown_rule_is_a_usage_error(articles: Path) -> None:
    code, _, err = run("claims.md", "--select", "Medical.UncitedStatistik")
    assert code == 2
    assert "did you mean 'Medical.UncitedStatistic'" in err


def test_json_fields(articles: Path) -> None:
    code, out, _ = run("--format", "json", "claims.md")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"version", "diagnostics", "summary"}
    d = data["diagnostics"][0]
    assert set(d) == {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "match", "replacement", "start", "end"}
    from healthlint import Diagnostic, lint_file

    assert [Diagnostic.from_dict(x) for x in data["diagnostics"]] == lint_file("claims.md")
    source = (articles / "claims.md").read_text(encoding="utf-8").splitlines()
    for d in data["diagnostics"]:
        if d["line"] == d["end_line"] and d["match"]:
            assert source[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1] == d["match"]
        assert d["rule"] not in d["message"]


def test_unreadable_and_non_utf8_files_are_reported_and_others_linted(articles: Path) -> None:
    (articles / "latin1.md").write_bytes("Caf\xe9 cures all.\n".encode("latin-1"))
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    code, out, err = run("latin1.md", "binary.txt", "claims.md", "missing.md")
    assert code == 2
    assert "latin1.md:1:4: error: not valid UTF-8 text" in err
    assert "binary.txt:1:1: error: looks like a binary file" in err
    assert "missing.md: error: no such file or directory" in err
    assert "claims.md:3:10: error: Absolute claim" in out
    assert "Traceback" not in err


def test_stdin_with_filename(monkeypatch: pytest.MonkeyPatch, articles: Path) -> None:
    code, out, _ = run("-", "--stdin-filename", "page.html", stdin=b"<p>It cures <b>anxiety</b>.</p>", monkeypatch=monkeypatch)
    assert code == 1
    assert "page.html:1:7: error: Absolute claim 'cures'" in out


def test_directory_walk_skips_hidden_and_tools(articles: Path) -> None:
    for folder in (".git", "node_modules", ".hidden"):
        (articles / folder).mkdir()
        (articles / folder / "x.md").write_text(CLAIMS, encoding="utf-8")
    (articles / "notes.py").write_text("print('cures')\n", encoding="utf-8")
    code, out, _ = run(".")
    assert code == 1
    paths = {line.split(":")[0] for line in out.splitlines()[:-1]}
    assert paths == {"claims.md", "clean.md"} or paths == {"claims.md"}
    assert "in 1 of 2 files" in out


def test_no_paths_is_a_usage_error() -> None:
    code, _, err = run()
    assert code == 2 and "no paths given" in err


def test_unknown_format_is_a_usage_error(articles: Path) -> None:
    code, _, err = run("--format", "yaml", "claims.md")
    assert code == 2 and "unknown output format 'yaml'" in err


def test_github_format_is_auto_under_actions(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run("claims.md")
    assert "::error file=claims.md,line=3," in out
    assert all(line.startswith("::") for line in out.splitlines())


def test_color_only_when_asked(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in run("claims.md")[1]  # StringIO is not a terminal
    assert "\x1b[" in run("claims.md", "--color", "always")[1]


def test_output_file_is_written(articles: Path) -> None:
    code, out, _ = run("--format", "json", "--output", "report.json", "claims.md")
    assert code == 1 and out == ""
    assert json.loads((articles / "report.json").read_text(encoding="utf-8"))["diagnostics"]


def test_list_rules_and_explain() -> None:
    code, out, _ = run("--list-rules")
    assert code == 0 and "Medical.UncitedStatistic" in out
    code, out, _ = run("explain", "Medical.UncitedStatistic")
    assert code == 0
    for section in ("What it finds", "Why it matters", "Flagged", "Not flagged"):
        assert section in out
    code, _, err = run("explain", "Medical.UncitedStatistics")
    assert code == 2 and "did you mean 'Medical.UncitedStatistic'" in err


def test_statistics_and_quiet(articles: Path) -> None:
    _, out, _ = run("--statistics", "--quiet", "claims.md")
    assert "Found" not in out
    assert "Medical.AbsoluteClaim" in out.splitlines()[-1] or "Medical.UncitedStatistic" in out.splitlines()[-1]


def test_seeds_run_and_nothing_is_modified() -> None:
    before = {p: p.read_bytes() for p in SEEDS.iterdir()}
    code, out, err = run(str(SEEDS))
    assert code == 1 and err == ""
    assert {p: p.read_bytes() for p in SEEDS.iterdir()} == before


def test_python_dash_m_and_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "healthlint", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0
    assert proc.stdout.startswith("healthlint ")


def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "sleep’s tea.md"  # the path is printed on every line
    article.write_text("# Sleep\n\nOur tea is completely safe for the whole family.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "HEALTHLINT_NO_DAEMON": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "healthlint", "--no-cache", str(article)], capture_output=True, env=env, cwd=tmp_path
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("ascii", "replace")
    assert proc.returncode == 1
    assert b"sleep\\u2019s tea.md" in proc.stdout and b"'completely safe'" in proc.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (a device that is always full)")
@pytest.mark.parametrize("argv", [["seeds"], ["--format", "json", "seeds"], ["validate", "rules"]], ids=["text", "json", "validate"])
def test_a_full_standard_output_is_an_error_not_a_traceback(argv: list[str]) -> None:
    env = {**os.environ, "HEALTHLINT_NO_DAEMON": "1"}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "healthlint", *argv], stdout=full, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr, proc.stderr.decode()
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().endswith("healthlint: error: cannot write to standard output: No space left on device")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's >&- and 2>&-")
@pytest.mark.parametrize("closed", ["stdout", "stderr", "both"])
def test_a_closed_standard_stream_is_an_error_not_a_traceback(closed: str) -> None:
    """``healthlint seeds/ >&-`` (a hook or a job started with its output closed): Python gives
    the process no ``sys.stdout``; the run says so on standard error and exits 2."""
    redirect = {"stdout": "2>&1 >&-", "stderr": "2>&-", "both": ">&- 2>&-"}[closed]  # stderr read where it is open
    command = f"{shlex.quote(sys.executable)} -m healthlint seeds {redirect}; echo exit=$?"
    env = {**os.environ, "HEALTHLINT_NO_DAEMON": "1"}
    proc = subprocess.run(["sh", "-c", command], capture_output=True, env=env, cwd=ROOT)
    text = proc.stdout.decode() + proc.stderr.decode()
    assert "Traceback" not in text and "Exception ignored" not in text, text
    if closed == "stderr":
        assert "Found " in text and text.rstrip().endswith("exit=1")  # the report as usual
    else:
        assert text.rstrip().endswith("exit=2")
    if closed == "stdout":
        assert "healthlint: error: cannot write to standard output: it is closed" in text


class _Writes(io.StringIO):
    """Standard output that remembers the size of each write, and how many report lines were made by then."""

    def __init__(self, made: list[int]) -> None:
        super().__init__()
        self.sizes: list[int] = []
        self.made_then: list[int] = []
        self._made = made

    def write(self, s: str) -> int:
        self.sizes.append(len(s))
        self.made_then.append(self._made[0])
        return super().write(s)


@pytest.mark.parametrize("fmt", ["text", "line", "github"])
def test_a_large_report_is_written_as_it_is_made_not_held_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """Tens of thousands of findings (a first run over a whole catalogue) reach standard output in
    pieces of about 1 MB: the report is never one string the size of all of it. Same bytes as
    the format renders whole."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "styles" / "T").mkdir(parents=True)
    message = "Found '%s': a message long enough that the report of each finding takes about a hundred characters"
    (tmp_path / "styles" / "T" / "Word.yml").write_text(f'extends: existence\nmessage: "{message}"\nlevel: warning\ntokens:\n  - miracle\n', encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n", encoding="utf-8")
    names = [f"a{i}.md" for i in range(4)]
    for name in names:
        (tmp_path / name).write_text("A miracle, another miracle.\n\n" * 1_500, encoding="utf-8")
    from healthlint.formatters import github, line, text as text_format

    cls = {"text": text_format.TextFormatter, "line": line.LineFormatter, "github": github.GithubFormatter}[fmt]
    made = [0]
    lines_of = cls.lines

    def counted(self: object, report: object, *, color: bool = False) -> Iterator[str]:
        for one in lines_of(self, report, color=color):
            made[0] += 1
            yield one

    monkeypatch.setattr(cls, "lines", counted)
    out, err = _Writes(made), io.StringIO()
    assert main(["--no-cache", "--format", fmt, *names], stdout=out, stderr=err) == 1, err.getvalue()
    text = out.getvalue()
    assert len(text) > 1_200_000 and text.count("miracle") >= 12_000
    pieces = [n for n in out.sizes if n]
    assert len(pieces) >= 2 and max(pieces) < (1 << 20) + 10_000, "written in pieces of about 1 MB"
    assert out.made_then[0] < made[0], "the first piece was written before the rest of the report was made"
    if fmt == "text":
        assert text.endswith("Found 12000 problems (12000 warnings) in 4 of 4 files.\n")
