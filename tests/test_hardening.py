"""Hostile input, bad rules, huge repositories: no crash, no hang, nothing lost.

A linter in pre-commit runs on every commit of every writer, a rule pack can come
from a third party and an article can be anything a CMS exported. These tests
call ``main(argv)`` in-process (one subprocess test sends a real Ctrl-C).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import healthlint.kinds.base
from healthlint.cli import main

from conftest import ROOT, SEEDS

ARTICLE = "# Ketamine\n\nKetamine cures anxiety. It affects 2.7% of adults.\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def diagnostics(out: str) -> list[tuple[str, int, int, str]]:
    return [(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(out)["diagnostics"]]


def style(root: Path, rules: dict[str, str], *, extra: str = "") -> None:
    """A project at ``root`` whose only style is ``T`` with the given rule files."""
    (root / "styles" / "T").mkdir(parents=True, exist_ok=True)
    for name, text in rules.items():
        (root / "styles" / "T" / f"{name}.yml").write_text(text, encoding="utf-8")
    (root / ".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n" + extra, encoding="utf-8")


WORD = "extends: existence\nmessage: \"Found '%s'\"\nlevel: warning\ntokens:\n  - miracle\n"
CATASTROPHIC = "extends: existence\nmessage: \"Bad '%s'\"\nlevel: error\nscope: sentence\nraw:\n  - '(a+)+$'\n"


@pytest.fixture
def quick_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """A short per-search limit, so a catastrophic pattern costs a fraction of a second."""
    monkeypatch.setattr(healthlint.kinds.base, "MATCH_TIMEOUT", 0.3)
    return 0.3


# -- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: codecs.BOM_UTF16_LE + t.replace("\n", "\r\n").encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom-crlf", "utf-16-be-bom"],
)
def test_utf8_and_utf16_by_bom_give_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encode: Any) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_bytes(ARTICLE.encode("utf-8"))
    expected = diagnostics(run("--no-cache", "--format", "json", "a.md")[1])
    Path("a.md").write_bytes(encode(ARTICLE + "Caf\u00e9 \U0001f600 cures.\n"))
    code, out, err = run("--no-cache", "--format", "json", "a.md")
    assert code == 1 and err == ""
    got = diagnostics(out)
    assert set(expected) <= set(got) and ("a.md", 4, 8, "Medical.AbsoluteClaim") in got  # columns count characters


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("caf\u00e9 cures 50%".encode("latin-1"), "a.md:1:4: error: not valid UTF-8 text (byte 0xe9 at offset 3); save the file as UTF-8"),
        ("cures 50%".encode("utf-32"), "a.md:1:1: error: UTF-32 text (by its byte order mark) is not supported; save the file as UTF-8"),
        ("cures 50%".encode("utf-16-le"), "a.md:1:1: error: looks like a binary file (NUL bytes), not an article"),
        (codecs.BOM_UTF16_LE + "a\nb \ud800".encode("utf-16-le", "surrogatepass"), "a.md:2:3: error: not valid UTF-16 text (code unit 0xd800 at offset 10)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.md:1:1: error: not valid UTF-8 text (byte 0x89 at offset 0)"),
    ],
    ids=["latin-1", "utf-32", "utf-16-without-bom", "utf-16-lone-surrogate", "binary"],
)
def test_other_encodings_are_a_clear_error_for_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_bytes(data)
    Path("b.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run("--no-cache", "a.md", "b.md")
    assert code == 2
    assert err.startswith(message), err
    assert err.count("error:") == 1 and "Traceback" not in err
    assert "b.md:3:10: error: Absolute claim 'cures'" in out  # the other file is still linted


# -- bad rules cannot hang a commit ------------------------------------------------------


def test_a_catastrophic_pattern_is_one_error_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_timeout: float) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Catastrophic": CATASTROPHIC, "Word": WORD})
    # several sentences that each backtrack for ever: the rule stops at the first, once per file
    Path("a.md").write_text("A miracle. " + ("a" * 5000 + "b. ") * 5 + "\n\nAnother miracle.\n", encoding="utf-8")
    Path("b.md").write_text("Yet another miracle, and aaaa.\n", encoding="utf-8")
    start = time.monotonic()
    code, out, err = run("--no-cache", "--format", "json", "a.md", "b.md")
    elapsed = time.monotonic() - start
    assert code == 2
    errors = err.splitlines()
    assert errors == [
        "styles/T/Catastrophic.yml:5:1: error: a pattern of T.Catastrophic took too long on a.md and was stopped; "
        "simplify the pattern (nested quantifiers such as (a+)+ backtrack without end)"
    ]
    assert [(p, r) for p, _, _, r in diagnostics(out)] == [("a.md", "T.Word"), ("a.md", "T.Word"), ("b.md", "T.Word")]
    assert elapsed < 3 * quick_timeout + 5, "one timeout for the file, not one per sentence"


def test_rule_time_adds_up_per_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Word": WORD})
    Path("a.md").write_text("A miracle.\n", encoding="utf-8")
    monkeypatch.setattr(healthlint.kinds.base, "RULE_BUDGET", 0.0)
    code, _, err = run("--no-cache", "a.md")
    assert code == 2
    assert "error: a pattern of T.Word took more than 0 s in all on a.md and was stopped" in err


def test_time_budget_semantics() -> None:
    from healthlint.kinds.base import search_timeout, time_budget, timed

    assert search_timeout() == healthlint.kinds.base.MATCH_TIMEOUT  # outside a rule: the per-search limit
    with time_budget(0.5) as left:
        assert search_timeout() == 0.5
        pattern = __import__("regex").compile("a")
        assert timed(pattern.search, "xa") is not None
        assert 0 < left[0] < 0.5
        left[0] = 0
        with pytest.raises(TimeoutError):
            search_timeout()
    assert search_timeout() == healthlint.kinds.base.MATCH_TIMEOUT


def test_work_between_matches_does_not_count_against_the_pattern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``regex`` counts a finditer time limit from its start; healthlint collects the matches first."""
    monkeypatch.chdir(tmp_path)
    negated = "extends: existence\nmessage: x\nlevel: warning\nscope: paragraph\nnegation: true\nquestions: true\ntokens:\n  - cure\n"
    style(tmp_path, {"Negated": negated})
    Path("a.md").write_text("It is no cure, " * 6000 + "\n", encoding="utf-8")  # one paragraph, 6,000 matches
    monkeypatch.setattr(healthlint.kinds.base, "MATCH_TIMEOUT", 0.1)
    start = time.process_time()
    code, out, err = run("--no-cache", "a.md")
    assert time.process_time() - start > 0.1  # checking each match's context takes longer than the limit ...
    assert (code, err) == (0, ""), err  # ... yet the pattern is not reported as too slow


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Capital", "extends: capitalization\nmessage: x\nlevel: error\nscope: heading\nmatch: '(a+)+$'\n"),
        ("Cond", "extends: conditional\nmessage: x\nlevel: error\nscope: paragraph\nfirst: 'miracle'\nsecond: '(a+)+$'\n"),
        (
            "Cite",
            # the source is looked for within 500 characters of the claim, where regex runs (a+)+$ in 0.4 s
            "extends: citation\nmessage: x\nlevel: error\nscope: sentence\nraw: ['miracle']\nnamed_source: '(a|a)+$'\n",
        ),
        ("Req", "extends: requirement\nmessage: x\nlevel: error\nraw: ['(a+)+$']\n"),
        # substitution makes groups non-capturing, and regex runs (?:a+)+ fast: (a|a)+ stays catastrophic
        ("Sub", "extends: substitution\nmessage: x\nlevel: error\nscope: paragraph\nswap:\n  '(a|a)+$': b\n"),
    ],
    ids=lambda v: v if "\n" not in v else "",
)
def test_every_rule_pattern_runs_with_a_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_timeout: float, name: str, rule: str) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {name: rule, "Word": WORD})
    hostile = "a" * 5000 + "b"
    Path("a.md").write_text(f"# {hostile}\n\nA miracle {hostile} miracle.\n", encoding="utf-8")
    start = time.monotonic()
    code, out, err = run("--no-cache", "--format", "json", "a.md")
    assert time.monotonic() - start < 10 * quick_timeout + 5
    assert code == 2 and f"styles/T/{name}.yml:" in err and "took too long on a.md" in err, err
    assert sum(1 for _, _, _, r in diagnostics(out) if r == "T.Word") == 2


def test_a_pattern_that_would_exhaust_memory_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``regex`` writes out fixed repetitions: a{99999999} took 26 GB (the machine killed the run)."""
    import resource

    monkeypatch.chdir(tmp_path)
    style(tmp_path, {
        "Huge": 'extends: existence\nmessage: x\nlevel: warning\nraw:\n  - "a{99999999}"\n',
        "Nested": 'extends: substitution\nmessage: x\nlevel: warning\nswap:\n  "(?:ab){65535}": b\n',
    })
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, _, err = run("validate", "styles/T")
    assert code == 2
    assert err.splitlines() == [
        "styles/T/Huge.yml:5:5: error: invalid regex in raw[0]: a repetition makes the pattern too large "
        "(more than 100,000 items once written out) (pattern offset 11)",
        "styles/T/Nested.yml:5:3: error: invalid regex in swap key '(?:ab){65535}': a repetition makes the pattern too large "
        "(more than 100,000 items once written out) (pattern offset 13)",
    ]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # kB


@pytest.mark.parametrize(
    ("formula", "error"),
    [
        ('"\\ud800"', "4:10: error: a lone surrogate escape"),  # caught when the YAML is read
        ('"a\\0b"', "1:1: error: invalid metric formula: source code string cannot contain null bytes"),
        ('"' + "-" * 100_000 + '1"', "1:1: error: invalid metric formula: "),
    ],
    ids=["lone-surrogate", "nul", "deep"],
)
def test_a_metric_formula_that_python_cannot_parse_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, formula: str, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Metric": f'extends: metric\nmessage: x\nlevel: error\nformula: {formula}\ncondition: "> 1"\n'})
    code, _, err = run("validate", "styles/T")
    assert code == 2 and err.startswith("styles/T/Metric.yml:" + error), err


def test_surrogate_escapes_in_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone escaped surrogate would crash every report; an escaped pair (as JSON writes) is its character."""
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"S": 'extends: existence\nmessage: "Found \\ud800 %s"\nlevel: warning\ntokens:\n  - cures\n'})
    Path("a.md").write_text("It cures.\n", encoding="utf-8")
    code, out, err = run("--no-cache", "a.md")
    assert (code, out) == (2, "") and err == "styles/T/S.yml:2:10: error: a lone surrogate escape (\\ud800 to \\udfff) is not a character\n"
    style(tmp_path, {"S": 'extends: existence\nmessage: "Found \\ud83d\\ude00 %s"\nlevel: warning\ntokens:\n  - cures\n'})
    code, out, err = run("--no-cache", "--format", "json", "a.md")
    assert code == 1 and json.loads(out)["diagnostics"][0]["message"] == "Found \U0001f600 cures"


@pytest.mark.parametrize(
    "body",
    [
        "extends: existence\ntokens: ['[']\n",
        "extends: existence\ntokens: [cures]\nexceptions: ['[']\n",
        "extends: substitution\nswap:\n  '[': x\n",
        "extends: occurrence\ntoken: '['\nmax: 1\n",
        "extends: repetition\ntokens: ['[']\n",
        "extends: conditional\nfirst: '['\nsecond: x\n",
        "extends: capitalization\nmatch: '['\n",
        "extends: citation\nraw: [x]\nnamed_source: '['\n",
        "extends: requirement\nraw: ['[']\n",
        "extends: sequence\ntokens:\n  - pattern: '['\n",
        "extends: spelling\nfilters: ['[']\n",
    ],
    ids=lambda b: b.split("\n")[0].split(": ")[1],
)
def test_an_invalid_pattern_is_a_rule_error_in_every_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Bad": "message: x\nlevel: warning\n" + body})
    code, out, err = run("validate", "styles/T")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("styles/T/Bad.yml:") and "error: invalid regex" in err, err


def test_yaml_is_data_no_object_is_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    style(tmp_path, {"Tag": f"extends: existence\nmessage: {tag}\nlevel: warning\ntokens:\n  - {tag}\n"})
    code, _, err = run("validate", "styles/T")
    assert code == 2 and "styles/T/Tag.yml:2:10: error: 'message' must be a string" in err
    Path(".healthlint.yaml").write_text(f"styles: {tag}\n", encoding="utf-8")
    assert run("--no-cache", "x.md")[0] == 2
    Path("styles/T/Tag.yml").unlink()
    style(tmp_path, {"Word": WORD})
    Path("a.md").write_text(f"---\ntitle: {tag}\n---\nA miracle.\n", encoding="utf-8")  # front matter: PyYAML's safe loader
    assert run("--no-cache", "a.md")[0] == 1
    assert not marker.exists()


def test_yaml_aliases_cannot_blow_up_a_rule_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdef", "bcdefg")
    )
    style(tmp_path, {"Bomb": "extends: existence\nmessage: x\nlevel: warning\n" + bomb + "tokens: *g\n", "Loop": "extends: existence\nmessage: x\nlevel: warning\ntokens: &t [a, *t]\n"})
    start = time.monotonic()
    code, _, err = run("validate", "styles/T")
    assert code == 2 and time.monotonic() - start < 10
    assert "styles/T/Loop.yml:4:" in err and "must be a string" in err


def test_script_rules_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Script": "extends: script\nmessage: x\nlevel: error\nscript: |\n  os := import(\"os\")\n  os.exit(3)\n"})
    Path("a.md").write_text("Text.\n", encoding="utf-8")
    code, out, err = run("--no-cache", "a.md")
    assert code == 0 and out == "No problems found in 1 file.\n"
    assert "'script' rules run Tengo code, which healthlint does not execute" in err + capsys.readouterr().err


def test_a_bad_setting_in_an_override_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".healthlint.yaml").write_text('overrides:\n  - files: ["*.md"]\n    rules: {Medical.AbsoluteClaim: 5}\n', encoding="utf-8")
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run("--no-cache", "a.md")
    assert code == 2 and out == ""
    assert "error: Medical.AbsoluteClaim: expected off, a level or a mapping of options, not 5" in err


# -- limits ------------------------------------------------------------------------------


def test_a_file_over_max_file_size_is_an_error_and_exclude_skips_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".healthlint.yaml").write_text("max_file_size: 1000\n", encoding="utf-8")
    Path("docs").mkdir()
    Path("docs/big.md").write_text(ARTICLE + "x " * 1000, encoding="utf-8")
    Path("docs/small.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "json", "docs")
    assert code == 2  # a file that was not linted is never a green run
    assert err == "docs/big.md: error: larger than max_file_size (1000 bytes); not read\n"
    data = json.loads(out)
    assert {d["path"] for d in data["diagnostics"]} == {"docs/small.md"}
    Path(".healthlint.yaml").write_text("max_file_size: 1000\nexclude: ['docs/big.md']\n", encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "json", "docs")
    assert (code, err) == (1, "")  # the configured way to skip it
    Path(".healthlint.yaml").write_text("max_file_size: 0\n", encoding="utf-8")  # 0: no limit
    code, out, err = run("--no-cache", "--format", "json", "docs")
    assert err == "" and {d["path"] for d in json.loads(out)["diagnostics"]} == {"docs/big.md", "docs/small.md"}


def test_symlink_loops_while_walking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("docs/sub").mkdir(parents=True)
    Path("docs/sub/a.md").write_text(ARTICLE, encoding="utf-8")
    os.symlink("..", "docs/sub/up")  # a folder loop
    os.symlink("loop2.md", "docs/loop1.md")  # a file loop
    os.symlink("loop1.md", "docs/loop2.md")
    os.symlink("missing.md", "docs/dangling.md")
    code, out, err = run("--no-cache", "--format", "json", "docs")
    assert code == 2
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"docs/sub/a.md"}
    assert sorted(line.split(": error: ")[0] for line in err.splitlines()) == ["docs/dangling.md", "docs/loop1.md", "docs/loop2.md"]
    assert "cannot read file" in err and "Traceback" not in err


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("docs/locked").mkdir(parents=True)
    Path("docs/locked/a.md").write_text(ARTICLE, encoding="utf-8")
    Path("docs/b.md").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:  # as chmod 000 does for a user who is not root
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run("--no-cache", "--format", "json", "docs")
    assert code == 2
    assert err == "docs/locked: error: cannot read directory: Permission denied\n"
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"docs/b.md"}


def test_a_named_pipe_in_a_folder_is_reported_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("docs").mkdir()
    Path("docs/a.md").write_text(ARTICLE, encoding="utf-8")
    fifo = tmp_path / "docs" / "pipe.md"
    os.mkfifo(fifo)
    done = threading.Event()

    def unblock() -> None:  # if healthlint opened the pipe, feed it so that the test fails instead of hanging
        if done.wait(20):
            return
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b"opened")
            os.close(fd)
        except OSError:
            pass

    watchdog = threading.Thread(target=unblock, daemon=True)
    watchdog.start()
    try:
        code, out, err = run("--no-cache", "--format", "json", "docs")
    finally:
        done.set()
        watchdog.join()
    assert code == 2 and err == "docs/pipe.md: error: a named pipe, not a regular file; not read\n"
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"docs/a.md"}


def test_files_that_vanish_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import healthlint.discover

    monkeypatch.chdir(tmp_path)
    for name in ("a.md", "b.md", "c.md"):
        Path(name).write_text(ARTICLE, encoding="utf-8")
    real = healthlint.discover.iter_files

    def iter_files(*args: Any, **kw: Any) -> Any:
        for path in real(*args, **kw):
            if path == "b.md":
                os.unlink("b.md")  # listed, then deleted before it is read
            yield path

    monkeypatch.setattr(healthlint.discover, "iter_files", iter_files)
    code, out, err = run("--no-cache", "--format", "json", "a.md", "b.md", "c.md")
    assert code == 2 and err == "b.md: error: cannot read file: No such file or directory\n"
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"a.md", "c.md"}
    # a file gone between linting and the report: formats that show source lines do without
    monkeypatch.setattr(healthlint.discover, "iter_files", real)
    from healthlint.api import Linter

    lint_paths = Linter.lint_paths

    def lint_then_delete(self: Linter, paths: Any, **kw: Any) -> Any:
        result = lint_paths(self, paths, **kw)
        os.unlink("c.md")
        return result

    monkeypatch.setattr(Linter, "lint_paths", lint_then_delete)
    for fmt in ("full", "sarif"):
        Path("c.md").write_text(ARTICLE, encoding="utf-8")
        code, out, err = run("--no-cache", "--format", fmt, "c.md")
        assert code == 1 and err == "" and "c.md" in out


def tree_state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def test_read_only_checkout_and_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    for seed in sorted(SEEDS.iterdir()):
        (repo / seed.name).write_bytes(seed.read_bytes())
        os.chmod(repo / seed.name, 0o444)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # nowhere for the cache's signing key either
    before = tree_state(repo)
    expected = run("--no-cache", "--format", "json", ".")
    assert expected[0] == 1
    assert run("--cache-dir", str(blocker / "cache"), "--format", "json", ".") == expected
    os.chmod(repo, 0o555)  # a read-only checkout (enforced for users other than root)
    try:
        assert run("--format", "json", ".")[1] == expected[1]
    finally:
        os.chmod(repo, 0o755)
    after = {k: v for k, v in tree_state(repo).items() if not k.startswith(".healthlint_cache")}
    assert after == before, "healthlint never writes to an article"


def test_a_damaged_cache_entry_with_the_right_key_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    first = run("a.md")
    (entry,) = (tmp_path / ".healthlint_cache").rglob("results/*/*.json")
    from healthlint.cache import _secret, _sign

    stored = entry.read_bytes().partition(b"\n")[2]
    secret = _secret()
    assert secret is not None
    for damaged in (
        ["x", None, [], {}, "Medical.AbsoluteClaim", "warning", 7, 8, 9, "a", "b"],
        [True, 1, 1, 5, "Medical.AbsoluteClaim", "warning", "m", "cure", None, 0, 4],  # a JSON true is not a line
        [1, 1, 1, 5, "Medical.AbsoluteClaim", "warning", "m", "cure", None, 0],  # a field short
        "1, 1, 1, 5",
    ):
        data = json.loads(stored)
        data["diagnostics"].insert(0, damaged)
        payload = json.dumps(data).encode("ascii")
        entry.write_bytes(_sign(secret, payload).hex().encode("ascii") + b"\n" + payload)  # damaged, yet signed
        assert run("a.md") == first, damaged
    entry.write_bytes(payload)  # unsigned
    assert run("a.md") == first
    entry.write_bytes(b"")  # truncated
    assert run("a.md") == first
    for p in (tmp_path / ".healthlint_cache").rglob("*"):
        if p.is_file():
            p.write_bytes(os.urandom(64))
    assert run("a.md") == first


# -- nothing lost ------------------------------------------------------------------------


def test_articles_are_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for seed in sorted(SEEDS.iterdir()):
        Path(seed.name).write_bytes(seed.read_bytes())
    Path("page.html").write_text("<p>It cures 50% of people.</p>", encoding="utf-8")
    Path("doc.md").write_text(ARTICLE, encoding="utf-8")
    before = tree_state(tmp_path)
    for fmt in ("text", "full", "json", "github", "sarif", "junit", "gitlab", "rdjson"):
        run("--no-cache", "--format", fmt, ".")
    assert tree_state(tmp_path) == before


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(ARTICLE, encoding="utf-8")
    Path("out.json").write_text("the old file\n", encoding="utf-8")

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, err = run("--no-cache", "--format", "json", option, "out.json", "a.md")
    assert code == 130 and err == "healthlint: interrupted\n"
    assert Path("out.json").read_text(encoding="utf-8") == "the old file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "out.json"], "no temporary file left behind"


def test_an_interrupted_cache_write_leaves_the_old_entry(tmp_path: Path) -> None:
    from healthlint.atomic import write_bytes_atomic

    target = tmp_path / "entry.json"
    target.write_bytes(b"old")
    real = os.replace
    try:
        os.replace = lambda src, dst: (_ for _ in ()).throw(KeyboardInterrupt)  # type: ignore[assignment]
        with pytest.raises(KeyboardInterrupt):
            write_bytes_atomic(target, b"new")
    finally:
        os.replace = real
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["entry.json"]


def test_ctrl_c_in_process_is_exit_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthlint.api import Linter

    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(ARTICLE, encoding="utf-8")

    def interrupted(*args: Any, **kw: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Linter, "lint_paths", interrupted)
    assert run("--no-cache", "a.md") == (130, "", "healthlint: interrupted\n")


SLOW = "extends: existence\nmessage: x\nlevel: error\nscope: sentence\nraw:\n  - '(a|a)+$'\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_promptly_without_a_traceback(tmp_path: Path, jobs: str) -> None:
    style(tmp_path, {"Slow": SLOW})
    for i in range(12):  # each sentence backtracks for a while: the run takes minutes
        (tmp_path / f"a{i}.md").write_text(" ".join("a" * 21 + "! B." for _ in range(40)) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "healthlint", "--no-cache", "--jobs", jobs, "."],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    time.sleep(3)
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
    start = time.monotonic()
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 10
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and err.decode().strip() == "healthlint: interrupted"


# -- output stays parseable whatever the article contains --------------------------------

ECHO = "extends: existence\nmessage: \"Echo '%s'\"\nlevel: warning\nscope: raw\nnonword: true\nraw:\n  - 'ECHO[\\s\\S]*?END'\n"
HOSTILE = 'ECHO "quotes" \'single\' %0A %25 % ::error::x, a=b \x1b[31m \x07 \u202e \U0001f600 <b>&amp;</b> ]]> --> \nnew line END'
NAMES = ['we"ird %25 ::a,b=c \U0001f600.txt', "line\nbreak.txt"]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Echo": ECHO})
    for name in NAMES:
        Path(name).write_text("Text before.\n" + HOSTILE + " after.\n", encoding="utf-8")
    Path(os.fsdecode(b"bad-\xff-name.txt")).write_text(HOSTILE + "\n", encoding="utf-8")
    return tmp_path


def _render(fmt: str) -> str:
    code, out, err = run("--no-cache", "--format", fmt, ".")
    assert code == 1 and err == "", err
    out.encode("utf-8")  # strictly encodable: no lone surrogate from the odd file name
    return out


def test_json_output_with_hostile_content(hostile: Path) -> None:
    data = json.loads(_render("json"))
    assert sorted(d["path"] for d in data["diagnostics"]) == sorted(["bad-\ufffd-name.txt", *NAMES])
    assert {d["match"] for d in data["diagnostics"]} == {HOSTILE}
    assert all(d["message"] == "Echo '" + " ".join(HOSTILE.split()) + "'" for d in data["diagnostics"])


def test_sarif_output_with_hostile_content(hostile: Path) -> None:
    log = json.loads(_render("sarif"))
    results = log["runs"][0]["results"]
    assert len(results) == 3
    assert {r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in results} == {HOSTILE}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert all(" " not in u and "\n" not in u and '"' not in u for u in uris)


def test_junit_output_with_hostile_content(hostile: Path) -> None:
    root = ET.fromstring(_render("junit"))
    names = sorted(case.get("name", "") for case in root.iter("testcase"))
    assert names == sorted(["bad-\ufffd-name.txt", *NAMES])
    failure = next(root.iter("failure"))
    assert "\U0001f600" in (failure.text or "") and "\x1b" not in (failure.text or "")


def test_github_output_with_hostile_content(hostile: Path) -> None:
    out = _render("github")
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("::warning file=") for line in lines)
    for line in lines:
        props, message = line[len("::warning ") :].split("::", 1)
        assert "\n" not in message and "\r" not in message
        assert message.startswith("Echo '") and "%25" in message  # % is escaped, :: in the data is harmless
        fields = dict(p.split("=", 1) for p in props.split(","))
        assert set(fields) == {"file", "line", "endLine", "title"}  # the span covers two lines: no columns
    assert "file=line%0Abreak.txt" in out and "we\"ird %2525 %3A%3Aa%2Cb=c \U0001f600.txt" in out


def test_gitlab_and_rdjson_output_with_hostile_content(hostile: Path) -> None:
    gitlab = json.loads(_render("gitlab"))
    assert sorted(i["location"]["path"] for i in gitlab) == sorted(["bad-\ufffd-name.txt", *NAMES])
    rdjson = json.loads(_render("rdjson"))
    assert len(rdjson["diagnostics"]) == 3


def test_a_rule_link_that_is_not_an_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    style(tmp_path, {"Word": WORD + "link: 'http://['\n"})
    Path("a.md").write_text("A miracle, and a [link](a://[).\n", encoding="utf-8")
    for fmt in ("html", "sarif", "text"):
        code, out, err = run("--no-cache", "--format", fmt, "a.md")
        assert (code, err) == (1, "") and "http://[" in out or fmt == "text"


def test_text_output_keeps_one_finding_per_line(hostile: Path) -> None:
    out = _render("text")
    lines = out.splitlines()
    assert len(lines) == 3 + 1  # three findings (one file name holds a line break) and the summary
    assert lines[-1] == "Found 3 problems (3 warnings) in 3 of 3 files."
    assert "line\ufffdbreak.txt:2:1: warning: Echo '" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out  # nothing for the terminal to obey


# -- hostile shapes take linear time (each was quadratic or worse: minutes at these sizes) --


def _vale_lint(text: str) -> Any:
    sys.path.insert(0, str(ROOT / "fuzz"))
    import healthlint_fuzz

    return healthlint_fuzz.vale_runner().lint(text, path="fuzz.md", fmt="markdown", real_ext=".md")


def _report_on_one_line(n: int) -> Any:
    from healthlint.diagnostic import Diagnostic, Level
    from healthlint.formatters.base import Report

    line = "It cures 50% of people. " * n
    diags = tuple(
        Diagnostic("page.html", 1, 10 + 24 * i, 1, 15 + 24 * i, "Medical.AbsoluteClaim", Level.ERROR, "x", "cures", None, 9 + 24 * i, 14 + 24 * i)
        for i in range(n)
    )
    return Report(diagnostics=diags, files=("page.html",), source_of=lambda p: line)


@pytest.fixture(scope="module")
def vale_runner() -> Any:
    sys.path.insert(0, str(ROOT / "fuzz"))
    import healthlint_fuzz

    return healthlint_fuzz.vale_runner()  # loaded once, outside the timed part


@pytest.mark.parametrize(
    "work",
    [
        pytest.param(lambda: __import__("healthlint.sentences").sentences.sentence_spans("A. " * 100_000), id="initials"),
        pytest.param(lambda: __import__("healthlint.parse.html").parse.html.parse_html("<!--" * 50_000), id="unclosed-comments"),
        pytest.param(lambda: __import__("healthlint.parse.html").parse.html.parse_html("<p>x</p>" + "<![CDATA[x>" * 30_000), id="unclosed-cdata"),
        pytest.param(lambda: __import__("healthlint.parse.html").parse.html.parse_html("<p>x</p>" + "<?" * 100_000), id="lt-without-gt"),
        pytest.param(
            lambda: __import__("healthlint.parse.markdown").parse.markdown.parse_markdown("<div>x</div>\n\n" * 20_000), id="many-html-blocks"
        ),
        pytest.param(
            lambda: __import__("healthlint.parse._frontmatter").parse._frontmatter.split_front_matter(
                (ROOT / "tests" / "fuzz_corpus" / "frontmatter-alias-bomb.md").read_text(encoding="utf-8")
            ),
            id="yaml-alias-bomb",
        ),
        pytest.param(lambda: __import__("healthlint.formatters.full").formatters.full.FullFormatter().render(_report_on_one_line(8000)), id="full-one-line"),
        pytest.param(lambda: __import__("healthlint.punkt").punkt.segment("A. " * 100_000), id="vale-initials"),
        pytest.param(lambda: _vale_lint("a\n" * 50_000 + "===\n"), id="vale-long-paragraph"),
    ],
)
def test_hostile_shapes_take_linear_time(work: Any, vale_runner: Any) -> None:
    start = time.process_time()
    work()
    assert time.process_time() - start < 5


def test_sentence_lookup_is_logarithmic() -> None:
    from healthlint.document import Segment, SegmentKind, Span
    from healthlint.kinds._context import sentence_of
    from healthlint.scopes import Block

    text = "Dr. Smith says 50% of U.S. adults. " * 20_000
    seg = Segment(SegmentKind.PARAGRAPH, Span(0, len(text)), text)
    block = Block(text, 0, seg)
    start = time.process_time()
    spans = [sentence_of(block, i) for i in range(15, len(text), 35)]
    assert time.process_time() - start < 5
    assert spans[0] == (0, 34) and spans[-1] == (len(text) - 35, len(text) - 1)


def test_stray_charrefs_do_not_turn_a_page_into_text() -> None:
    from healthlint.parse.html import parse_html

    source = "<p>a &#; b</p><p>c &#; d</p><script>var x = 'cures 100%';</script><p>Later.</p><![foo]><p>After.</p>"
    texts = [source[s.span.start : s.span.end] for s in parse_html(source).segments]
    assert texts == ["a &#; b", "c &#; d", "Later.", "<![foo]>", "After."]


DEEP = {
    "10000-nested-divs": "<div>" * 10_000 + "It cures 50%." + "</div>" * 10_000,
    "unclosed-inline-tags": "<b><i>" * 5000 + "It cures 50%.",
    "nested-table-cells": "<table><tr><td>" * 3000 + "It cures 50%.",
    "10000-nested-blockquotes": ">" * 10_000 + " It cures 50%.\n",
    "10000-nested-lists": "- " * 10_000 + "It cures 50%.\n",
    "10000-emphasis-markers": "*" * 10_000 + "cures" + "*" * 10_000,
    "10000-nested-brackets": "[" * 10_000 + "cures 50%" + "]" * 10_000 + "(x)",
}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting(name: str, fmt: str) -> None:
    sys.path.insert(0, str(ROOT / "fuzz"))
    import healthlint_fuzz

    start = time.process_time()
    healthlint_fuzz.check_text(DEEP[name], fmt)  # no crash, spans inside the file, same result twice, outputs parse
    assert time.process_time() - start < 10


def test_a_stdin_filename_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    code, out, err = run("--no-cache", "--format", "json", "--stdin-filename", os.fsdecode(b"b\xffd.md"), "-")
    assert code == 1 and err == ""
    out.encode("utf-8")
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"b\ufffdd.md"}


SAMPLE = [f"tests/fuzz_corpus/{n}" for n in ("html-bad-charrefs.html", "utf8-invalid.md", "frontmatter-alias-bomb.md", "zero-width-bidi.md", "md-footnotes.md")]


def test_the_same_output_in_every_process(tmp_path: Path) -> None:
    """No set or dict order leaks into the output: two processes with different hash seeds agree."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed, "HEALTHLINT_TODAY": "2026-12-01"}
        proc = subprocess.run(
            [sys.executable, "-m", "healthlint", "--no-cache", "--jobs", "1", "--format", "json", "seeds", *SAMPLE],
            cwd=ROOT, env=env, capture_output=True, timeout=300,
        )
        assert proc.returncode == 2, proc.stderr  # the corpus holds undecodable files on purpose
        outputs.append((proc.stdout, proc.stderr))
    assert outputs[0] == outputs[1]


def test_vale_mode_a_catastrophic_pattern_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_timeout: float) -> None:
    """With a .vale.ini (Vale compatibility mode) too: one error naming the rule, the run goes on."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "styles" / "T").mkdir(parents=True)
    (tmp_path / "styles" / "T" / "Cat.yml").write_text(CATASTROPHIC, encoding="utf-8")
    (tmp_path / "styles" / "T" / "Word.yml").write_text(WORD, encoding="utf-8")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\n[*]\nBasedOnStyles = T\n", encoding="utf-8")
    Path("a.md").write_text("A miracle. " + ("a" * 5000 + "b. ") * 3 + "\n", encoding="utf-8")
    Path("b.md").write_text("Another miracle.\n", encoding="utf-8")
    Path("report.txt").write_text("old\n", encoding="utf-8")
    code, out, err = run("--output", "report.txt", "a.md", "b.md")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{tmp_path / 'styles' / 'T' / 'Cat.yml'}: error: a pattern of T.Cat took too long on a.md and was stopped; "
        "simplify the pattern (nested quantifiers such as (a+)+ backtrack without end)"
    ]
    report = Path("report.txt").read_text(encoding="utf-8")
    assert "a.md" in report and "b.md" in report and "old" not in report
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", ".vale.ini", "a.md", "b.md", "report.txt", "styles"]
