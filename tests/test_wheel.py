"""The shipped rule packs are inside the wheel, and an installed healthlint finds them anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (whl,) = out.glob("healthlint-*.whl")
    return whl


def test_wheel_contains_every_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*") if p.is_file())
    assert packs, "the repository ships rule packs"
    assert any(p.endswith(".txt") and "/lexicons/" in p for p in packs) and "Medical/patterns.yml" in packs
    for pack in packs:
        assert f"healthlint/_packs/{pack}" in names
    assert "healthlint/py.typed" in names


def test_installed_healthlint_finds_packs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)  # a clean venv: nothing from this interpreter leaks in
    python = env_dir / "bin" / "python"
    # the wheel with its dependencies, resolved by pip as a user's `pip install healthlint` would
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import healthlint.packs as p; print(p.shipped_packs_dir())"], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(env_dir) in where.stdout and "_packs" in where.stdout
    rules = subprocess.run([str(env_dir / "bin" / "healthlint"), "--list-rules"], cwd=elsewhere, capture_output=True, text=True)
    assert rules.returncode == 0, rules.stderr
    shipped = {f"Medical.{p.stem}" for p in (ROOT / "rules" / "Medical").glob("*.yml") if p.name != "patterns.yml"}
    assert {line.split()[0] for line in rules.stdout.splitlines()} >= shipped
    run = subprocess.run([str(env_dir / "bin" / "healthlint"), str(SEEDS)], cwd=elsewhere, capture_output=True, text=True)
    assert run.returncode == 1 and "[Medical.UncitedStatistic]" in run.stdout, run.stderr
