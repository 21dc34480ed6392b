"""Releases a user can pin: one version, snippets that name it, and the README's pre-commit snippet
run with the real pre-commit against a clone tagged as a release is (docs/releasing.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import healthlint
from healthlint import init

from conftest import ROOT

VERSION = healthlint.__version__
DOCS = [ROOT / "README.md", ROOT / "action.yml", *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "releasing.md")]  # releasing.md shows a bump
BAD = "# Ketamine\n\nKetamine cures anxiety in 87% of cases.\n"


def readme_pre_commit_snippet() -> str:
    """The YAML block of the README's pre-commit section, exactly as a user copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1]
    m = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert m is not None, "the README's pre-commit section has a YAML snippet"
    return m.group(1)


def test_the_version_is_written_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/healthlint/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert project["project"]["urls"]["Repository"] == init.REPOSITORY
    proc = subprocess.run([sys.executable, "-m", "healthlint", "--version"], capture_output=True, text=True, check=True)
    assert proc.stdout == f"healthlint {VERSION}\n"


def test_snippets_name_this_release() -> None:
    pins = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for pattern in (r"\brev: v(\S+)", r"healthlint/healthlint@v(\S+?)[`\s)]", r"healthlint==([\w.]+)"):
            pins += [(doc.name, m.group(1)) for m in re.finditer(pattern, text)]
    assert len(pins) >= 6
    assert [p for p in pins if p[1] != VERSION] == [], f"snippets that do not name {VERSION}"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## [{VERSION}] - " in changelog and f"releases/tag/v{VERSION}" in changelog
    (repo,) = yaml.safe_load(readme_pre_commit_snippet())["repos"]
    assert repo["repo"] == init.REPOSITORY and repo["rev"] == f"v{VERSION}"
    assert yaml.safe_load(init.pre_commit_entry())["repos"][0] == {**repo, "hooks": [{"id": "healthlint"}]}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to tag a release")
def test_readme_pre_commit_snippet_works_against_a_tagged_release(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is missing; install the test extra: pip install -e '.[test]'")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), HEALTHLINT_TODAY="2026-12-01",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)

    # a release as docs/releasing.md cuts it: the commit carrying the version, tagged vX.Y.Z
    release = tmp_path / "healthlint"
    git(tmp_path, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(release))
    git(release, "tag", "-a", f"v{VERSION}", "-m", f"healthlint {VERSION}")
    # a content repository using the README's snippet as written, but for where the repository is
    snippet = readme_pre_commit_snippet()
    assert init.REPOSITORY in snippet
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    git(content, "init", "--quiet", "-b", "main")
    (content / ".pre-commit-config.yaml").write_text(snippet.replace(init.REPOSITORY, release.as_uri()), encoding="utf-8")
    (content / "articles" / "bad.md").write_text(BAD, encoding="utf-8")
    (content / "articles" / "bad.txt").write_text(BAD, encoding="utf-8")
    (content / "notes.txt").write_text(BAD, encoding="utf-8")  # plain text outside the articles: not linted
    git(content, "add", ".")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=content, env=env,
                          capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "articles/bad.md:3:10: error: Absolute claim 'cures'" in out
    assert "articles/bad.txt:3:10: error: Absolute claim 'cures'" in out
    assert "notes.txt" not in out and "Found " not in out  # no per-batch summary under pre-commit
