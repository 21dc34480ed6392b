"""The resident daemon: the same report and exit code as a run on its own; never a folder it cannot trust."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint import daemon

from conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="Unix sockets")


def _env(runtime: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HEALTHLINT_NO_DAEMON", "NO_COLOR", "GITHUB_ACTIONS", "PRE_COMMIT")}
    env.update(XDG_RUNTIME_DIR=str(runtime), **extra)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "healthlint", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def runtime(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    return folder


def _status(env: dict[str, str]) -> dict[str, object] | None:
    code = "import json, healthlint.daemon as d; print(json.dumps(d._ask(d.socket_path(), {'op': 'status'}, timeout=5)))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30).stdout
    return json.loads(out) if out.strip() else None


def test_a_run_through_the_daemon_prints_what_a_run_on_its_own_prints(runtime: Path, tmp_path: Path) -> None:
    env = _env(runtime)
    assert _run(["daemon", "start"], env).returncode == 0
    try:
        assert oct((runtime / "healthlint").stat().st_mode & 0o777) == "0o700"
        cache = str(tmp_path / "cache")
        cases = [
            ["--cache-dir", cache, "seeds"],
            ["--cache-dir", cache, "--format", "json", "tests/corpus"],
            ["--no-cache", "--format", "github", "tests/fuzz_corpus"],
            ["--cache-dir", cache, "--select", "Medical.UncitedStatistic", "--statistics", "seeds"],
            ["--cache-dir", cache, "no-such-file.md"],
            ["--format", "no-such-format", "seeds"],
        ]
        for args in cases:
            alone = _run(args, _env(runtime, HEALTHLINT_NO_DAEMON="1"))
            served_before = _status(env)["served"]  # type: ignore[index]
            via = _run(args, env)
            assert _status(env)["served"] == served_before + 1, args  # type: ignore[index,operator]
            assert (via.returncode, via.stdout, via.stderr) == (alone.returncode, alone.stdout, alone.stderr), args
        assert alone.returncode == 2 and alone.stderr  # the last case is a usage error, reported the same way
    finally:
        _run(["daemon", "stop"], env)
    assert _run(["daemon", "status"], env).returncode == 1
    assert not (runtime / "healthlint" / "socket").exists()


def test_a_stale_socket_is_ignored_silently(runtime: Path) -> None:
    import socket

    folder = runtime / "healthlint"
    folder.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.bind(str(folder / "socket"))  # bound, never listening: as after a daemon was killed
    alone = _run(["seeds"], _env(runtime, HEALTHLINT_NO_DAEMON="1"))
    via = _run(["seeds"], _env(runtime))
    assert (via.returncode, via.stdout, via.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def test_a_symlinked_or_open_folder_is_never_used(runtime: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (runtime / "healthlint").symlink_to(elsewhere)
    started = _run(["daemon", "start"], _env(runtime))
    assert started.returncode == 2 and "not a private folder" in started.stderr
    assert list(elsewhere.iterdir()) == []
    (runtime / "healthlint").unlink()
    (runtime / "healthlint").mkdir(mode=0o700)
    os.chmod(runtime / "healthlint", 0o755)
    started = _run(["daemon", "start"], _env(runtime))
    assert started.returncode == 2 and "not a private folder" in started.stderr
    assert list((runtime / "healthlint").iterdir()) == []


def test_the_client_never_sends_standard_input_or_fixes(monkeypatch: pytest.MonkeyPatch, runtime: Path) -> None:
    import io

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("HEALTHLINT_NO_DAEMON", raising=False)
    asked: list[object] = []
    monkeypatch.setattr(daemon, "_ask", lambda *a, **k: asked.append(a) or {"code": 0, "stdout": "", "stderr": ""})
    monkeypatch.setattr(daemon, "_own_socket", lambda p: True)
    monkeypatch.setattr(daemon, "owned_dir", lambda p, **k: True)
    out, err = io.StringIO(), io.StringIO()
    assert daemon.forward(["-"], out, err) is None
    assert daemon.forward(["--fix", "a.md"], out, err) is None
    assert asked == []
    assert daemon.forward(["a.md"], out, err) == 0
    assert len(asked) == 1


def test_a_command_of_other_code_is_not_served(runtime: Path) -> None:
    env = _env(runtime)
    assert _run(["daemon", "start"], env).returncode == 0
    try:
        code = (
            "import json, os, healthlint.daemon as d; "
            "r = d._ask(d.socket_path(), {'op': 'lint', 'argv': ['seeds'], 'cwd': os.getcwd(), 'env': {}, 'code': 'another'}); "
            "print(json.dumps(r))"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout
        assert json.loads(out) == {}
        assert _status(env)["served"] == 0  # type: ignore[index]
    finally:
        _run(["daemon", "stop"], env)
