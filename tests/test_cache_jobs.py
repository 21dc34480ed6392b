"""The result cache and the process pool change nothing but the time a run takes.

Same output and exit code with or without the cache, cold or warm, with one
job or two; and the cache never serves a stale result: editing an article, a
rule, the configuration, the healthlint version or the date gives a new one.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import healthlint.cache
from healthlint import parallel
from healthlint.api import Linter
from healthlint.cli import main

from conftest import FIXTURES, ROOT, SEEDS

CORPUS = ROOT / "tests" / "corpus"
RULE = """\
extends: existence
message: "Word '%s'."
level: warning
tokens:
  - {token}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signing key of the compiled-linter cache lives in a test folder, not in ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Articles of every format, an undecodable file and a subfolder, in a work folder."""
    work = tmp_path / "work"
    shutil.copytree(SEEDS, work / "seeds")
    if CORPUS.is_dir():
        shutil.copytree(CORPUS, work / "corpus")
    shutil.copytree(FIXTURES / "parse", work / "parse")
    (work / "parse" / "broken.md").write_bytes(b"# Title\n\nCaf\xe9 cures colds.\n")
    monkeypatch.chdir(work)
    return work


def _runs(tmp_path: Path, *paths: str, fmt: str = "text") -> dict[str, tuple[int, str, str]]:
    cache = str(tmp_path / "cache")
    args = ("--format", fmt, *paths)
    return {
        "no cache, 1 job": run("--no-cache", "-j", "1", *args),
        "cold cache, 1 job": run("--cache-dir", cache, "-j", "1", *args),
        "warm cache, 1 job": run("--cache-dir", cache, "-j", "1", *args),
        "no cache, 2 jobs": run("--no-cache", "-j", "2", *args),
        "cold cache, 2 jobs": run("--cache-dir", cache + "2", "-j", "2", *args),
        "warm cache, 2 jobs": run("--cache-dir", cache + "2", "-j", "2", *args),
        "warm cache, default jobs": run("--cache-dir", cache, *args),
    }


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_same_output_and_exit_code_with_and_without_cache_and_jobs(tree: Path, tmp_path: Path, fmt: str) -> None:
    runs = _runs(tmp_path, ".", "missing.md", "seeds", fmt=fmt)
    reference = runs["no cache, 1 job"]
    assert reference[0] == 2  # findings, plus an unreadable file and a missing path
    assert "broken.md" in reference[2] and "missing.md" in reference[2]
    if fmt == "json":
        assert len(json.loads(reference[1])["diagnostics"]) > 100
    for name, result in runs.items():
        assert result == reference, name


def test_pool_is_used_and_results_keep_input_order(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[int] = []
    real = parallel._pooled

    def spy(linter: Any, files: list[tuple[str, str]], jobs: int, cache: Any) -> Any:
        used.append(len(files))
        return real(linter, files, jobs, cache)

    monkeypatch.setattr(parallel, "_pooled", spy)
    linter = Linter()
    files = sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.suffix in (".md", ".txt", ".html"))
    assert len(files) >= parallel.POOL_MIN_FILES
    pooled = parallel.lint_files(linter, [(f, linter.config.format_for(f) or "text") for f in files], jobs=2)
    assert used == [len(files)]
    alone = [linter.lint_file_with_errors(f, format=linter.config.format_for(f) or "text") for f in files]
    assert [d for d, _ in pooled] == [d for d, _ in alone]
    assert [[str(e) for e in errs] for _, errs in pooled] == [[str(e) for e in errs] for _, errs in alone]


def test_warm_run_reads_results_and_lints_nothing(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = str(tmp_path / "cache")
    first = run("--cache-dir", cache, "-j", "1", "seeds")
    calls: list[str] = []
    real = Linter.lint_one
    monkeypatch.setattr(Linter, "lint_one", lambda self, shown, data, *, format=None: calls.append(shown) or real(self, shown, data, format=format))
    assert run("--cache-dir", cache, "-j", "1", "seeds") == first
    assert calls == []
    assert run("--no-cache", "-j", "1", "seeds") == first
    assert len(calls) == len(list((tree / "seeds").iterdir()))


def test_cache_folder_is_ignored_by_git_and_sits_beside_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / ".healthlint.yaml").write_text("min_level: warning\n", encoding="utf-8")
    (project / "docs" / "a.md").write_text("# A\n\nKetamine cures anxiety.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("project/docs")
    assert code == 1 and "cures" in out
    folder = project / ".healthlint_cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert list(folder.rglob("*.json")) and list(folder.rglob("linter-*.pickle"))
    assert not (tmp_path / ".healthlint_cache").exists()


# -- never stale -----------------------------------------------------------------


@pytest.fixture
def house(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with its own style (one rule) and a configuration."""
    root = tmp_path / "house"
    (root / "styles" / "House").mkdir(parents=True)
    (root / "styles" / "House" / "Word.yml").write_text(RULE.format(token="alpha"), encoding="utf-8")
    (root / ".healthlint.yaml").write_text("styles: [House]\nstyles_path: [styles]\n", encoding="utf-8")
    (root / "a.md").write_text("# Title\n\nalpha beta gamma.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _matches(out: str) -> list[str]:
    return [d["match"] + "/" + d["severity"] for d in json.loads(out)["diagnostics"]]


def test_editing_an_article_gives_a_new_result(house: Path) -> None:
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning"]
    (house / "a.md").write_text("# Title\n\nbeta gamma.\n", encoding="utf-8")
    assert _matches(run("--format", "json", "a.md")[1]) == []
    (house / "a.md").write_text("# Title\n\nalpha alpha.\n", encoding="utf-8")
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning", "alpha/warning"]


def test_editing_a_rule_gives_a_new_result(house: Path) -> None:
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning"]
    (house / "styles" / "House" / "Word.yml").write_text(RULE.format(token="gamma"), encoding="utf-8")
    assert _matches(run("--format", "json", "a.md")[1]) == ["gamma/warning"]
    (house / "styles" / "House" / "Other.yml").write_text(RULE.format(token="beta"), encoding="utf-8")
    assert sorted(_matches(run("--format", "json", "a.md")[1])) == ["beta/warning", "gamma/warning"]


def test_editing_the_config_gives_a_new_result(house: Path) -> None:
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning"]
    (house / ".healthlint.yaml").write_text("styles: [House]\nstyles_path: [styles]\nrules:\n  House.Word: error\n", encoding="utf-8")
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/error"]
    (house / ".healthlint.yaml").write_text("styles: [House]\nstyles_path: [styles]\nrules:\n  House.Word: off\n", encoding="utf-8")
    assert _matches(run("--format", "json", "a.md")[1]) == []


def test_select_ignore_and_min_level_are_part_of_the_key(house: Path) -> None:
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning"]
    assert _matches(run("--format", "json", "--ignore", "House.Word", "a.md")[1]) == []
    assert _matches(run("--format", "json", "--min-level", "error", "a.md")[1]) == []
    assert _matches(run("--format", "json", "a.md")[1]) == ["alpha/warning"]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = Linter.lint_one
    monkeypatch.setattr(Linter, "lint_one", lambda self, shown, data, *, format=None: calls.append(shown) or real(self, shown, data, format=format))
    return calls


def test_a_new_healthlint_version_or_day_gives_a_new_result(house: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    first = run("a.md")
    assert run("a.md") == first and calls == ["a.md"]
    monkeypatch.setattr(healthlint.cache, "__version__", "99.0.0")
    assert run("a.md") == first and calls == ["a.md", "a.md"]
    monkeypatch.setenv("HEALTHLINT_TODAY", "2030-01-01")
    assert run("a.md") == first and calls == ["a.md", "a.md", "a.md"]
    assert (house / ".healthlint_cache" / "99.0.0").is_dir()


def test_a_changed_healthlint_source_file_gives_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = healthlint.cache.code_fingerprint()
    real = healthlint.cache._stat_line
    monkeypatch.setattr(healthlint.cache, "_stat_line", lambda p: real(p) + (" edited" if p.endswith("engine.py") else ""))
    assert healthlint.cache.code_fingerprint() != before


# -- broken caches ---------------------------------------------------------------------


def test_corrupt_cache_entries_are_ignored_and_replaced(house: Path) -> None:
    first = run("a.md")
    entries = [p for p in (house / ".healthlint_cache").rglob("*") if p.is_file() and p.suffix in (".json", ".pickle")]
    # a result, the linter, the formatter table, what the build computed from text (memo-*.json)
    assert len(entries) == 4 and any(p.name == "formatters.json" for p in entries) and any(p.name.startswith("memo-") for p in entries)
    for p in entries:
        p.write_bytes(b"\x00garbage{[")
    assert run("a.md") == first
    assert run("a.md") == first
    assert all(p.read_bytes() != b"\x00garbage{[" for p in entries)


def test_unwritable_cache_folder_runs_without_cache(house: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    expected = run("--no-cache", "a.md")
    assert run("--cache-dir", str(blocker / "cache"), "a.md") == expected
    assert run("--cache-dir", str(blocker / "cache"), "a.md") == expected


boomed: list[str] = []


def _boom() -> None:
    boomed.append("unpickled")


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_boom, ())


def test_a_planted_linter_pickle_is_never_loaded(house: Path) -> None:
    first = run("a.md")
    (entry,) = (house / ".healthlint_cache").rglob("linter-*.pickle")
    payload = pickle.dumps(({"roots": [], "rules": "", "kinds": []}, pickle.dumps(_Planted())))
    entry.write_bytes(healthlint.cache._MAGIC + b"\x00" * 32 + payload)
    assert run("a.md") == first
    assert boomed == []


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("-j", "0", "seeds")
    assert info.value.code == 2 and "expected a number of processes" in capsys.readouterr().err
    assert parallel.default_jobs() >= 1


def test_cached_linter_imports_no_yaml_parser(house: Path, tmp_path: Path) -> None:
    """A pre-commit run with a warm cache reads no YAML: ruamel is not imported."""
    import subprocess
    import sys

    run("a.md")
    code = (
        "import sys, io\n"
        "from healthlint.cli import main\n"
        "rc = main(['a.md'], stdout=io.StringIO())\n"
        "print(rc, 'ruamel' in ' '.join(sys.modules))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=house, capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.split() == ["1", "False"], proc.stderr
