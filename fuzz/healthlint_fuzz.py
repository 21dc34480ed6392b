"""Fuzz target for healthlint: any bytes in, a clean answer out.

One input is linted as it would be from disk: decoded (UTF-8, UTF-8 with BOM,
UTF-16 by its BOM, anything else a clean ``InputError``), then parsed and
linted as Markdown, HTML and plain text with the shipped rules. The checks:

- nothing raises but the ``InputError`` of an undecodable input;
- every segment lies inside the source and its prose characters are the source's;
- every citation span lies inside the source;
- every diagnostic's span lies inside the source, its ``match`` is the source slice
  and its line and column are the ones :class:`~healthlint.document.LineIndex` gives;
- the shipped rules report no error (a timeout on a small input is a bug);
- linting the same text twice gives the same result;
- the work grows linearly: an input repeated four times costs at most GROWTH_LIMIT
  times the CPU of the input once (a quadratic path costs 16 times), checked on
  every input of Hypothesis's dense-text strategy and on every 64th atheris input;
- Vale compatibility mode (``fuzz/vale/``, a style using most of Vale's check kinds)
  raises nothing and every alert's span is its match;
- the JSON, SARIF, GitLab, rdjson and JUnit outputs parse, the GitHub output is one
  workflow command per line, and every output encodes as UTF-8.

``tests/test_fuzz.py`` runs the same checks from Hypothesis and over
``tests/fuzz_corpus/``. Long runs (atheris, coverage-guided)::

    pip install atheris
    python fuzz/healthlint_fuzz.py -max_total_time=3600 -timeout=20 -dict=fuzz/markup.dict \\
        -artifact_prefix=fuzz/artifacts/ fuzz/corpus seeds tests/corpus tests/fuzz_corpus

Without atheris, ``python fuzz/healthlint_fuzz.py --hypothesis SECONDS`` runs the
Hypothesis strategies of ``tests/test_fuzz.py`` for that long.
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("markdown", "html", "text")
#: a path with everything an output format must escape: quotes, %, ::, a comma, a newline, emoji
HOSTILE_PATH = 'docs/"q\'%25::a,b\n\u00e9\U0001f600.md'

_LINTER: Any = None
_FORMATTERS: dict[str, Any] = {}
_VALE: Any = None


def linter() -> Any:
    """One linter with the shipped rules, built once (building compiles every pattern)."""
    global _LINTER
    if _LINTER is None:
        from healthlint.api import Linter
        from healthlint.config import Config

        _LINTER = Linter(Config())
    return _LINTER


def check_bytes(data: bytes, *, outputs: bool = True) -> None:
    """Decode ``data`` as healthlint reads a file, then :func:`check_text` in every format."""
    from healthlint.decode import decode
    from healthlint.errors import InputError

    try:
        text = decode(data, "fuzz")
    except InputError as exc:
        assert exc.path == "fuzz" and exc.line >= 1 and exc.column >= 1, str(exc)
        assert "\n" not in exc.message
        return
    for fmt in FORMATS:
        check_text(text, fmt, outputs=outputs)
        check_vale(text, fmt)


def check_text(text: str, fmt: str, *, outputs: bool = True) -> list[Any]:
    """Parse and lint ``text`` as ``fmt``; assert every invariant; return the diagnostics."""
    from healthlint.document import LineIndex

    lint = linter()
    path = "fuzz." + {"markdown": "md", "html": "html", "text": "txt"}[fmt]
    n = len(text)
    doc = lint.parse(text, path=path, format=fmt)
    assert doc.source == text
    assert len(doc.prose) == n, "prose is as long as the source"
    for seg in doc.segments:
        assert 0 <= seg.span.start <= seg.span.end <= n, (seg.kind, seg.span, n)
        for i, ch in enumerate(seg.text):
            if not ch.isspace():
                assert ch == text[seg.span.start + i], (seg.kind, seg.span, i, ch)
    for c in doc.citations:
        assert 0 <= c.span.start <= c.span.end <= n, (c.kind, c.span, n)
    for name, values in doc.metadata.items():
        for value in values:
            assert value.span is None or 0 <= value.span.start <= value.span.end <= n, (name, value.span)

    diags: list[Any]
    diags, errors = lint.lint_text_with_errors(text, path=path, format=fmt)
    assert not errors, [str(e) for e in errors]
    index = LineIndex.from_source(text)
    for d in diags:
        assert 0 <= d.start <= d.end <= n, (d.rule, d.start, d.end, n)
        assert d.match == text[d.start : d.end], (d.rule, d.match)
        assert (d.line, d.column) == index.position(d.start), (d.rule, d.line, d.column)
        assert (d.end_line, d.end_column) == index.position(d.end), (d.rule, d.end_line, d.end_column)
        assert d.path == path
    again, errors_again = lint.lint_text_with_errors(text, path=path, format=fmt)
    assert again == diags and not errors_again, "the same text gives the same result"
    if outputs and diags:
        check_outputs(diags, text)
    return diags


def vale_runner() -> Any:
    """Vale compatibility mode with a small style that uses most of Vale's check kinds."""
    global _VALE
    if _VALE is None:
        from healthlint.vale.api import load_runner

        _VALE = load_runner(ROOT / "fuzz" / "vale" / ".vale.ini", notice=lambda message: None)
    return _VALE


def check_vale(text: str, fmt: str) -> None:
    """Lint ``text`` in Vale compatibility mode: no exception, every alert's span is its match."""
    runner = vale_runner()
    alerts = runner.lint(text, path="fuzz.md", fmt=fmt, real_ext=".md")
    assert not runner.errors, runner.errors
    for a in alerts:
        assert 0 <= a.start <= a.end <= len(text), (a.rule, a.start, a.end, len(text))
        assert a.match == text[a.start : a.end], (a.rule, a.match)
        assert a.line >= 1 and a.column >= 1 and (a.end_line, a.end_column) >= (a.line, a.column), a
    assert runner.lint(text, path="fuzz.md", fmt=fmt, real_ext=".md") == alerts, "the same text gives the same alerts"


def check_outputs(diags: list[Any], source: str, *, path: str = HOSTILE_PATH) -> dict[str, str]:
    """Render ``diags`` (moved to a hostile ``path``) in every CI format; assert each parses."""
    from dataclasses import replace

    from healthlint import __version__
    from healthlint.diagnostic import Level
    from healthlint.errors import InputError
    from healthlint.formatters.base import Report
    from healthlint.plugins import load_formatter

    moved = tuple(sorted(replace(d, path=path) for d in diags))
    error = InputError('cannot read file: "quoted"\n%25 :: \x1b[31m\U0001f600', path=path, line=2, column=3)
    report = Report(
        diagnostics=moved,
        rules=linter().ruleset.info(),
        files=(path, "ok.md"),
        errors=(error,),
        version=__version__,
        fail_level=Level.WARNING,
        source_of=lambda p: source if p == path else None,
    )
    out: dict[str, str] = {}
    for name in ("text", "full", "json", "sarif", "gitlab", "rdjson", "junit", "github"):
        if name not in _FORMATTERS:
            _FORMATTERS[name] = load_formatter(name)
        rendered = _FORMATTERS[name].render(report, color=False)
        rendered.encode("utf-8")  # no lone surrogate can reach the output
        out[name] = rendered
    data = json.loads(out["json"])
    assert [d["match"] for d in data["diagnostics"]] == [d.match for d in moved]
    assert {d["path"] for d in data["diagnostics"]} == {path}
    sarif = json.loads(out["sarif"])
    assert len(sarif["runs"][0]["results"]) == len(moved)
    assert len(json.loads(out["gitlab"])) == len(moved)
    rdjson = json.loads(out["rdjson"])
    assert len(rdjson["diagnostics"]) == len(moved)
    root = ET.fromstring(out["junit"])
    assert root.tag == "testsuites"
    assert "\r" not in out["github"]  # the runner reads lines split at \n and \r (not at \x1c or \u2028)
    for line in out["github"].split("\n")[:-1]:
        assert line.startswith(("::", "- ")), line  # a command, or a plain line of the hidden group
    return out


#: linting an input repeated four times may cost at most this many times its CPU once:
#: linear work costs 4 times, a path quadratic in the length of a block or a document 16
GROWTH_LIMIT = 9.0
#: CPU seconds below which the four-times run is not judged (timer noise, start-up of a pattern)
GROWTH_FLOOR = 0.2
#: the size of the "once" text: long enough that fixed costs do not dominate
GROWTH_UNIT = 12_000


def check_growth(text: str, fmt: str) -> tuple[float, float]:
    """Lint ``text`` repeated to GROWTH_UNIT characters and to four times that; return both CPU times.

    Raises AssertionError when the longer one costs more than GROWTH_LIMIT times the shorter.
    """
    import time

    if not text:
        return 0.0, 0.0
    lint = linter()
    unit = text * max(1, GROWTH_UNIT // len(text))
    path = "fuzz." + {"markdown": "md", "html": "html", "text": "txt"}[fmt]
    lint.lint_text_with_errors(unit[:200], path=path, format=fmt)  # what is built on first use
    times = []
    for piece in (unit, unit * 4):
        start = time.process_time()
        lint.lint_text_with_errors(piece, path=path, format=fmt)
        times.append(time.process_time() - start)
    once, four = times
    assert four < GROWTH_FLOOR or four <= GROWTH_LIMIT * max(once, GROWTH_FLOOR / GROWTH_LIMIT), (
        f"linting {fmt} grows faster than its length: {len(unit):,} characters {once:.2f} s, "
        f"four times that {four:.2f} s (input starts {text[:60]!r})"
    )
    return once, four


_INPUTS = 0


def test_one_input(data: bytes) -> None:
    """The atheris entry point."""
    global _INPUTS
    check_bytes(data, outputs=len(data) < 4096)
    _INPUTS += 1
    if _INPUTS % 64 == 0 and len(data) < 512:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        check_growth(text, "markdown")


def _hypothesis_run(seconds: float) -> int:
    """A long Hypothesis run of the strategies in tests/test_fuzz.py (when atheris is missing)."""
    import time

    from hypothesis import HealthCheck, given, settings

    sys.path.insert(0, str(ROOT / "tests"))
    import test_fuzz

    tried = 0

    @settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(test_fuzz.documents())
    def run(data: bytes) -> None:
        nonlocal tried
        tried += 1
        check_bytes(data)

    start = time.monotonic()
    while time.monotonic() - start < seconds:  # each call draws 100 new random inputs
        run()
    print(f"healthlint fuzz (hypothesis): {tried} inputs in {time.monotonic() - start:.0f} s, no failure")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--hypothesis"]:
        return _hypothesis_run(float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
    import atheris

    with atheris.instrument_imports(include=["healthlint", "markdown_it", "mdit_py_plugins"]):
        import pkgutil

        import healthlint

        for module in pkgutil.walk_packages(healthlint.__path__, "healthlint."):  # kinds load lazily: import them here
            if not module.name.endswith("__main__"):
                __import__(module.name)
        import markdown_it.main  # noqa: F401
    os.environ.setdefault("HEALTHLINT_TODAY", "2026-12-01")
    for arg in sys.argv[1:]:  # libFuzzer wants its corpus and artifact folders to exist
        folder = arg.split("=", 1)[1] if arg.startswith("-artifact_prefix=") else "" if arg.startswith("-") else arg
        if folder and not os.path.exists(folder) and (folder.endswith("/") or not os.path.splitext(folder)[1]):
            os.makedirs(folder, exist_ok=True)
    linter()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
