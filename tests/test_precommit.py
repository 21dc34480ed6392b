"""The hook with the real pre-commit tool: a bad article blocks the commit, a clean one passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BAD = "# Ketamine\n\nKetamine cures anxiety in 87% of cases.\n"
CLEAN = (
    "# Ketamine\n\nMedically reviewed by Jane Doe, MD. Published March 5, 2026.\n\n"
    "Ketamine may help some people. Talk with your doctor before starting any treatment.\n"
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to test a pre-commit hook")


def _pre_commit() -> list[str]:
    """The real pre-commit, from the test extra (never installed by the tests)."""
    pytest.importorskip("pre_commit", reason="pre-commit is missing; install the test extra: pip install -e '.[test]'")
    return [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    e = dict(os.environ)
    e.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
        HEALTHLINT_TODAY="2026-12-01",
    )
    e.pop("GITHUB_ACTIONS", None)
    return e


def _content_repo(tmp: Path, env: dict[str, str]) -> Path:
    repo = tmp / "content"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=env)
    return repo


def test_manifest_is_valid(env: dict[str, str]) -> None:
    proc = subprocess.run([*_pre_commit(), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_try_repo_blocks_a_bad_article(tmp_path: Path, env: dict[str, str]) -> None:
    repo = _content_repo(tmp_path, env)
    (repo / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.txt").write_text(BAD, encoding="utf-8")  # plain text is not reached by the default hook
    _git(repo, "add", ".")
    proc = subprocess.run([*_pre_commit(), "try-repo", str(ROOT), "healthlint", "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "bad.md:3:10: error: Absolute claim 'cures'" in out
    assert "[Medical.AbsoluteClaim]" in out
    assert "clean.md" not in out.split("Failed")[-1]
    assert "notes.txt" not in out


def test_commit_is_blocked_then_passes(tmp_path: Path, env: dict[str, str]) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    repo = _content_repo(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: healthlint\n", encoding="utf-8"
    )
    proc = subprocess.run([*_pre_commit(), "install"], cwd=repo, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (repo / "article.md").write_text(BAD, encoding="utf-8")
    _git(repo, "add", ".")
    commit = subprocess.run(["git", "commit", "-m", "add article"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "article.md:3:10: error: Absolute claim 'cures'" in out
    assert _git(repo, "rev-parse", "--verify", "HEAD").returncode != 0, "nothing was committed"
    (repo / "article.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", ".")
    commit = subprocess.run(["git", "commit", "-m", "add article"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert (repo / "article.md").read_text(encoding="utf-8") == CLEAN
