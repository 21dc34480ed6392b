"""A pull request is an attacker: file names, article text, symlinks and the cache folder are its own.

Each test here reproduces one way a pull request could fool, crash, slow down or
leak through healthlint in CI, and checks what a maintainer would check: the
output still says what is true, nothing outside the checkout is read or written,
and a file that was not linted is an error (exit 2), never a green run.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pytest

from healthlint.cli import main

from conftest import ROOT

CORPUS = ROOT / "tests" / "fuzz_corpus"
ARTICLE = "# Ketamine\n\nKetamine cures anxiety. It affects 2.7% of adults.\n"
#: what a terminal, a CI log or the runner would obey
TERMINAL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
#: file names a pull request can commit (all valid on Linux)
HOSTILE_NAMES = [
    "new\nline.md",
    "x\n::error file=README.md,line=1::forged.md",
    "##[stop-commands]token.md",
    "a ##[add-mask]b %0A %25 c.md",
    "esc \x1b[31mred\x1b]8;;http:x\x07link.md",
    "bidi \u202etxt.md\u202c.md",
    "link](https:evil.example).md",
    "![x](https:evil.example?p.png).md",
    "see http:\\\\evil.example and mail a@evil.example.md",
    "<img src=x onerror=alert(1)>.md",
    "::warning::leading.md",
    "www.evil.example.md",
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signing key lives in a per-test cache home (never the real one)."""
    home = tmp_path / "user-cache"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))


def assert_terminal_safe(text: str) -> None:
    """Nothing a terminal or a CI runner would obey: no control or bidi character, no command."""
    assert not TERMINAL_BAD.search(text), repr(TERMINAL_BAD.search(text))
    assert "##[" not in text
    for line in text.split("\n"):
        assert not line.lstrip().startswith("::"), line


# -- 1 and 8: every output path escapes what it prints ------------------------------------


@pytest.fixture
def hostile_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Articles under hostile names, one undecodable file (a stderr error) and enough findings to overflow GitHub."""
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    monkeypatch.chdir(repo)
    for name in HOSTILE_NAMES:
        (repo / "docs" / name).write_text(ARTICLE, encoding="utf-8")
    (repo / "docs" / "bad\n##[stop-commands]\x1b[2J.md").write_bytes(b"not \xc3\x28 text")
    return repo


def _lines_of_github(out: str) -> Iterator[str]:
    for line in out.split("\n"):
        if line:
            yield line


@pytest.mark.parametrize("fmt", ["text", "full", "line", "json", "github", "sarif", "junit", "gitlab", "rdjson", "html"])
def test_hostile_file_names_in_every_format_and_on_stderr(hostile_tree: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    summary = hostile_tree.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = run("--no-cache", "--format", fmt, "docs")
    assert code == 2  # the undecodable file
    # stderr: one line per error, nothing for the terminal or the runner to obey
    assert_terminal_safe(err)
    assert len(err.splitlines()) == 1 and "not valid UTF-8" in err
    if fmt in ("text", "full", "line"):
        assert_terminal_safe(out)
        if fmt != "full":
            assert len(out.splitlines()) == 5 * len(HOSTILE_NAMES) + (fmt == "text")  # one line per finding (+ summary)
    elif fmt == "github":
        assert "##[" not in out
        for line in _lines_of_github(out):
            if line.startswith("::"):
                assert re.fullmatch(r"::(error|warning|notice|group|endgroup)[^\r\n]*", line), line
                assert not TERMINAL_BAD.search(line)
            else:
                assert_terminal_safe(line)  # the "more findings" list
        assert out.count("::endgroup::") == 1 and "more findings" in out
        _check_step_summary(summary.read_text(encoding="utf-8"))
    elif fmt in ("json", "sarif", "gitlab", "rdjson"):
        data = json.loads(out)
        text = json.dumps(data, ensure_ascii=False)
        assert ("docs/new%0Aline.md" if fmt == "sarif" else "docs/new\\nline.md") in text  # the real name, encoded, not altered
    elif fmt == "junit":
        names = {case.get("name") for case in ET.fromstring(out).iter("testcase")}
        assert "docs/##[stop-commands]token.md" in names
    else:
        _check_html(out)


def _check_html(page: str) -> None:
    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(tag)
            assert not any(name.startswith("on") for name, _ in attrs), (tag, attrs)

    Tags().feed(page)
    assert "img" not in found  # the file name is text, not an image tag


def _check_step_summary(markdown: str) -> None:
    """Rendered as GitHub renders a job summary: file names are text, never links or images."""
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(markdown)
    links = re.findall(r'<a href="([^"]*)"', page)
    assert all(href.startswith("https://") and "evil" not in href for href in links)  # only the rules' documentation
    assert "<img" not in page and "evil.example" not in "".join(links)
    assert "www.evil" not in markdown and "a@evil" not in markdown  # nothing left for GitHub's autolinker
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>", page, re.S)
    shown = {re.sub("<[^>]+>", "", c) for c in cells}
    assert "docs/link](https:evil.example).md" in shown and "docs/![x](https:evil.example?p.png).md" in shown
    assert "docs/&lt;img src=x onerror=alert(1)&gt;.md" in shown
    assert "docs/new<br>line.md" in {c for c in cells} or "docs/new<br />line.md" in {c for c in cells}


def test_list_rules_explain_and_statistics_escape_rule_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        'extends: existence\nmessage: "Found \\e[2J%s"\nlevel: warning\n'
        'description: "Flags \\e]8;;http://x\\aclick\\e]8;;\\a \\u202e##[stop-commands]x"\n'
        'link: "https://example.org/\\e[31m"\ntokens:\n  - miracle\n'
    )
    (tmp_path / "styles" / "T").mkdir(parents=True)
    (tmp_path / "styles" / "T" / "Evil.yml").write_text(rule, encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    code, out, err = run("--no-cache", "--list-rules")
    assert code == 0 and "T.Evil" in out
    assert_terminal_safe(out)
    code, out, err = run("explain", "T.Evil")
    assert code == 0 and "T.Evil" in out
    assert_terminal_safe(out)
    code, out, err = run("--no-cache", "--statistics", "--format", "line", "a.md")
    assert code == 1 and "T.Evil" in out
    assert_terminal_safe(out)


def test_error_lines_and_the_full_error_block_escape_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "x\n::error file=a.md::forged \x1b[2J.md"
    Path(name).write_bytes(b"\xff bad")
    for fmt in ("full", "text"):
        code, out, err = run("--no-cache", "--format", fmt, name)
        assert code == 2
        assert_terminal_safe(err)
        assert_terminal_safe(out)
        assert len(err.splitlines()) == 1


# -- 2: parsing never raises on data -------------------------------------------------------


@pytest.mark.parametrize("name", ["frontmatter-hex-int-5000.md", "frontmatter-toml-bin-int.md"])
def test_a_huge_integer_in_front_matter_is_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "other.md").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "json", name, "other.md")
    assert (code, err) == (1, "")
    paths = {d["path"] for d in json.loads(out)["diagnostics"]}
    assert paths == {name, "other.md"}  # both files linted: the run did not end at the first


def test_a_parser_exception_is_an_error_for_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import healthlint.parse.text

    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("Ketamine cures anxiety.\n", encoding="utf-8")
    Path("b.md").write_text(ARTICLE, encoding="utf-8")

    def broken(source: str) -> Any:
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(healthlint.parse.text, "parse_text", broken)
    code, out, err = run("--no-cache", "--format", "json", "a.txt", "b.md")
    assert code == 2
    assert err.startswith("a.txt:1:1: error: cannot parse this text file (ValueError: Exceeds the limit")
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"b.md"}


def test_memory_error_in_the_html_parser_is_not_bad_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import healthlint.parse.html

    monkeypatch.chdir(tmp_path)
    page = "<p>Ketamine cures anxiety.</p>\n" + "<p>It works for everyone.</p>\n" * 3
    Path("a.html").write_text(page, encoding="utf-8")
    real = healthlint.parse.html._Parser.handle_starttag
    calls = [0]

    def starved(self: Any, tag: str, attrs: Any) -> None:
        calls[0] += 1
        if calls[0] == 2:  # as under a memory limit, halfway through the page
            raise MemoryError
        real(self, tag, attrs)

    monkeypatch.setattr(healthlint.parse.html._Parser, "handle_starttag", starved)
    code, out, err = run("--no-cache", "--format", "json", "a.html")
    assert code == 2 and "a.html:1:1: error: cannot parse this html file (ran out of memory)" in err
    assert json.loads(out)["diagnostics"] == []  # no partial report that looks complete


# -- 5: small files, bounded work -----------------------------------------------------------


def test_nested_json_ld_is_walked_once(tmp_path: Path) -> None:
    from healthlint.parse.html import parse_html

    source = (CORPUS / "jsonld-nested-each-level-text.html").read_text(encoding="utf-8")
    result = parse_html(source)
    produced = sum(len(v.value) for _, v in result.metadata)
    assert produced < 25 * len(source)  # was 2^depth: 300+ MB of text from 5 kB
    assert ("reviewedby", "Jane Doe, MD") not in [(k, v.value) for k, v in result.metadata]
    assert any(k == "reviewedby" and "Jane Doe, MD" in v.value for k, v in result.metadata)


def test_a_directive_with_many_unknown_rule_names_reports_a_bounded_amount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = (CORPUS / "directive-many-unknown-rules.md").read_text(encoding="utf-8")
    Path("a.md").write_text(source, encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "json", "a.md")
    diags = [d for d in json.loads(out)["diagnostics"] if d["rule"] == "healthlint.InvalidDirective"]
    assert 1 < len(diags) <= 10  # was one per name: 2,000 copies of the comment
    assert "unknown rule 'Medical.Nope0'" in diags[0]["message"] or any("Nope0" in d["message"] for d in diags)
    assert any("1995 more unknown rule names" in d["message"] for d in diags)


# -- 3 and 6: only regular files inside the tree are read ---------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu\n", encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "a.md").write_text(ARTICLE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("TOP-SECRET cures everything.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("fmt", ["html", "json", "full"])
def test_symlinks_out_of_the_tree_are_not_read(repo: Path, fmt: str) -> None:
    os.symlink("../.git/config", "content/notes.md")
    os.symlink("../../outside/secret.md", "content/leak.md")
    os.symlink("/etc/passwd", "content/passwd.md")
    for args in (["content"], ["content/notes.md", "content/leak.md", "content/passwd.md", "content/a.md"]):
        code, out, err = run("--no-cache", "--format", fmt, *args)
        assert code == 2
        assert "c2VjcmV0LXRva2Vu" not in out and "TOP-SECRET" not in out and "root:" not in out
        errors = sorted(line.split(": error: ")[0] for line in err.splitlines())
        assert errors == ["content/leak.md", "content/notes.md", "content/passwd.md"]
        assert "content/a.md" in out  # the real article is still linted


def test_symlinks_inside_the_tree_and_follow_symlinks(repo: Path) -> None:
    os.symlink("a.md", "content/alias.md")
    os.symlink("../../outside/secret.md", "content/leak.md")
    code, out, err = run("--no-cache", "--format", "json", "content/alias.md")
    assert (code, err) == (1, "")
    code, out, err = run("--no-cache", "--format", "json", "content/leak.md")
    assert code == 2 and "follow_symlinks" in err
    Path(".healthlint.yaml").write_text("follow_symlinks: true\n", encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "json", "content/leak.md")
    assert (code, err) == (1, "") and "content/leak.md" in {d["path"] for d in json.loads(out)["diagnostics"]}


def test_a_symlinked_folder_named_on_the_command_line_is_not_a_way_out(repo: Path, tmp_path: Path) -> None:
    os.symlink("../outside", "content2")
    code, out, err = run("--no-cache", "--format", "json", "content2")
    assert code == 2 and "TOP-SECRET" not in out and "content2/secret.md: error: a symbolic link" in err


def _watchdog(fifo: Path) -> Any:
    """Feed ``fifo`` after a while, so a test that would hang fails instead."""
    done = threading.Event()

    def unblock() -> None:
        if done.wait(20):
            return
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b"opened")
            os.close(fd)
        except OSError:
            pass

    threading.Thread(target=unblock, daemon=True).start()
    return done


def test_devices_and_pipes_named_on_the_command_line_are_refused(repo: Path) -> None:
    os.symlink("/dev/zero", "content/zero.md")
    os.mkfifo("content/pipe.md")
    done = _watchdog(repo / "content" / "pipe.md")
    try:
        code, out, err = run("--no-cache", "--format", "json", "content/zero.md", "content/pipe.md", "/dev/zero", "content/a.md")
    finally:
        done.set()
    assert code == 2
    assert "content/zero.md: error: a symbolic link to a file outside the repository" in err
    assert "content/pipe.md: error: a named pipe, not a regular file; not read" in err
    assert "/dev/zero: error: a character device, not a regular file; not read" in err
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"content/a.md"}


def test_a_file_over_the_default_size_limit_is_an_error(repo: Path) -> None:
    with open("content/big.md", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    code, out, err = run("--no-cache", "--format", "json", "content")
    assert code == 2 and err == "content/big.md: error: larger than max_file_size (10485760 bytes); not read\n"


def test_vale_mode_walk_refuses_pipes_and_links_out(repo: Path) -> None:
    Path(".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*.md]\nBasedOnStyles = Vale\n", encoding="utf-8")
    Path("styles").mkdir()
    os.mkfifo("content/pipe.md")
    done = _watchdog(repo / "content" / "pipe.md")
    try:
        code, out, err = run("--output", "line", "content")
    finally:
        done.set()
    assert code == 2 and "content/pipe.md: error: a named pipe" in err
    Path("content/pipe.md").unlink()
    os.symlink("../../outside/secret.md", "content/leak.md")
    code, out, err = run("--output", "line", "content")
    assert code == 2 and "TOP-SECRET" not in out and "content/leak.md: error: a symbolic link" in err


def test_the_cache_never_reads_a_pipe_among_the_rule_files_or_as_formatters_json(repo: Path) -> None:
    (repo / "styles" / "T").mkdir(parents=True)
    (repo / "styles" / "T" / "Word.yml").write_text("extends: existence\nmessage: \"Found '%s'\"\nlevel: warning\ntokens:\n  - cures\n", encoding="utf-8")
    os.mkfifo(repo / "styles" / "T" / "notes.txt")
    Path(".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n", encoding="utf-8")
    done = _watchdog(repo / "styles" / "T" / "notes.txt")
    try:
        assert run("--format", "json", "content")[0] == 1  # makes the cache folder
        from healthlint import __version__

        table = repo / ".healthlint_cache" / __version__ / "formatters.json"
        table.unlink()
        os.mkfifo(table)
        done2 = _watchdog(table)
        try:
            code, out, err = run("--format", "json", "content")
        finally:
            done2.set()
    finally:
        done.set()
    assert (code, err) == (1, "")


# -- 4 and 9: the cache ----------------------------------------------------------------------


def test_a_committed_cache_symlink_never_makes_healthlint_write_outside(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    os.symlink(target, ".healthlint_cache")
    code, out, err = run("--format", "json", "content")
    assert (code, err) == (1, "")
    assert list(target.iterdir()) == []
    os.unlink(".healthlint_cache")
    from healthlint import __version__

    (repo / ".healthlint_cache" / __version__).mkdir(parents=True)
    os.symlink(target, repo / ".healthlint_cache" / __version__ / "results")
    code, out, err = run("--format", "json", "content")
    assert (code, err) == (1, "") and list(target.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_cache_folder_of_another_user_is_not_used(repo: Path) -> None:
    Path(".healthlint_cache").mkdir()
    os.chown(".healthlint_cache", 4242, 4242)
    code, out, err = run("--format", "json", "content")
    assert (code, err) == (1, "") and list(Path(".healthlint_cache").iterdir()) == []


def _key_path() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "healthlint" / "cache-key"


def test_a_signing_key_readable_by_others_or_a_link_is_not_trusted(repo: Path, tmp_path: Path) -> None:
    from healthlint.cache import _secret

    assert _secret() is not None
    key = _key_path()
    key.chmod(0o644)  # planted in a shared cache home, or copied carelessly
    assert _secret() is None
    planted = tmp_path / "planted-key"
    planted.write_bytes(b"k" * 32)
    planted.chmod(0o600)
    key.unlink()
    os.symlink(planted, key)
    assert _secret() is None
    key.unlink()
    key.parent.chmod(0o777)
    assert _secret() is None  # anyone could have put a key there
    key.parent.chmod(0o700)
    assert _secret() is not None
    code, out, err = run("--format", "json", "content")
    assert (code, err) == (1, "")


def test_an_unsigned_formatter_table_imports_nothing(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthlint import __version__
    from healthlint.cache import LAYOUT, _sha, code_fingerprint

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    marker = tmp_path / "imported"
    (plugins / "planted_module.py").write_text(f"open({str(marker)!r}, 'w').close()\nclass F:\n    name = 'json'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(plugins))
    assert run("--format", "json", "content")[0] == 1
    table = repo / ".healthlint_cache" / __version__ / "formatters.json"
    key = _sha("formatters", LAYOUT, code_fingerprint())
    table.write_text(json.dumps({"key": key, "table": {"json": "planted_module:F"}}), encoding="utf-8")
    code, out, err = run("--format", "json", "content")
    assert (code, err) == (1, "") and json.loads(out)["diagnostics"]
    assert not marker.exists()
    sys.modules.pop("planted_module", None)


# -- 7: writes never replace a link or a device -------------------------------------------------


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_symlink_at_the_output_path_is_refused(repo: Path, tmp_path: Path, option: str) -> None:
    victim = tmp_path / "outside" / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    os.symlink(victim, "report.txt")
    code, out, err = run("--no-cache", option, "report.txt", "content")
    assert code == 2 and "report.txt: error: cannot write" in err and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert os.path.islink("report.txt")
    assert [p.name for p in Path(".").iterdir() if p.name.endswith(".tmp")] == []


def test_a_pipe_at_the_output_path_is_written_through(repo: Path) -> None:
    os.mkfifo("report.fifo")
    os.symlink("report.fifo", "report.link")
    for target in ("report.fifo", "report.link"):
        reader = os.open("report.fifo", os.O_RDONLY | os.O_NONBLOCK)  # a reader is there, as with >(gzip)
        try:
            code, out, err = run("--no-cache", "--format", "json", "--output", target, "content")
            got = os.read(reader, 1 << 16)
        finally:
            os.close(reader)
        assert (code, err) == (1, "")
        assert stat.S_ISFIFO(os.lstat("report.fifo").st_mode)  # still a pipe, not replaced by a file
        assert json.loads(got)["diagnostics"]


def test_a_failed_write_leaves_no_temporary_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code, out, err = run("--no-cache", "--output", "report.txt", "content")
    assert code == 2 and "No space left on device" in err
    assert sorted(p.name for p in Path(".").iterdir()) == [".git", "content"]


def test_a_committed_baseline_that_is_a_device_or_a_pipe_is_refused(repo: Path) -> None:
    os.symlink("/dev/zero", "baseline.json")
    os.mkfifo("pipe.json")
    done = _watchdog(repo / "pipe.json")
    try:
        for name in ("baseline.json", "pipe.json"):
            code, out, err = run("--no-cache", "--baseline", name, "content")
            assert code == 2 and f"{name}:1:1: error: not a healthlint baseline: a " in err
    finally:
        done.set()


def test_a_report_is_not_written_through_a_symlinked_folder(repo: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "outside", "reports")
    code, out, err = run("--no-cache", "--output", "reports/report.txt", "content")
    assert code == 2 and "reports/report.txt: error: cannot write the report: the folder reports is a symbolic link" in err
    assert sorted(p.name for p in (tmp_path / "outside").iterdir()) == ["secret.md"]


def test_sarif_rule_help_renders_rule_text_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from markdown_it import MarkdownIt

    monkeypatch.chdir(tmp_path)
    rule = (
        'extends: existence\nmessage: "Found %s"\nlevel: warning\n'
        'rationale: "See ![pixel](https://evil.example/p.png) and [docs](https://evil.example) <img src=x>"\n'
        'link: "https://example.org/a> [x](https://evil.example)"\ntokens:\n  - miracle\n'
    )
    (tmp_path / "styles" / "T").mkdir(parents=True)
    (tmp_path / "styles" / "T" / "Evil.yml").write_text(rule, encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    code, out, err = run("--no-cache", "--format", "sarif", "a.md")
    assert code == 1
    (rule_out,) = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    page = MarkdownIt("commonmark").render(rule_out["help"]["markdown"])
    assert "<img" not in page
    assert re.findall(r'<a href="([^"]*)"', page) == ["https://example.org/a%3E%20%5Bx%5D(https://evil.example)"]


def test_directives_are_matched_to_findings_in_one_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import healthlint.suppress

    monkeypatch.chdir(tmp_path)
    page = "# Ketamine\n\n" + "<!-- healthlint-disable-next-line Medical.AbsoluteClaim: a quote -->\nIt cures all.\n\n" * 2000
    Path("a.md").write_text(page, encoding="utf-8")
    calls = [0]
    real = healthlint.suppress._Range.covers

    def counted(self: Any, rule: str, offset: int) -> bool:
        calls[0] += 1
        return real(self, rule, offset)

    monkeypatch.setattr(healthlint.suppress._Range, "covers", counted)
    code, out, err = run("--no-cache", "--format", "json", "a.md")
    assert err == "" and not any(d["rule"] == "Medical.AbsoluteClaim" for d in json.loads(out)["diagnostics"])
    assert calls[0] < 100 * 2000  # was one call per (finding, directive) pair: over 4 million


def test_first_covering_is_the_first_range_in_order_that_covers() -> None:
    import random

    from healthlint.diagnostic import Diagnostic, Level
    from healthlint.document import Span
    from healthlint.suppress import _Range, first_covering

    rng = random.Random(15)
    names = ["A.x", "A.y", "B.z"]
    for _ in range(300):
        ranges = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 50)
            rules = None if rng.random() < 0.2 else frozenset(rng.sample(names + ["A", "B"], rng.randint(1, 2)))
            ranges.append(_Range(rules, start, start + rng.randint(-3, 30), Span(0, 1), True))
        diags = []
        for _ in range(rng.randint(0, 8)):
            at = rng.randint(0, 60)
            diags.append(Diagnostic("a.md", 1, at + 1, 1, at + 2, rng.choice(names), Level.WARNING, "m", "x", None, at, at + 1))
        expected = [next((r for r in ranges if r.covers(d.rule, d.start)), None) for d in diags]
        assert [id(r) for r in first_covering(ranges, diags)] == [id(r) for r in expected]


@pytest.mark.parametrize("fmt", ["text", "full", "line", "github"])
def test_article_text_quoted_in_a_message_cannot_command_the_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    echo = "extends: existence\nmessage: \"Echo '%s'\"\nlevel: warning\nscope: raw\nnonword: true\nraw:\n  - 'ECHO[\\s\\S]*?END'\n"
    (tmp_path / "styles" / "T").mkdir(parents=True)
    (tmp_path / "styles" / "T" / "Echo.yml").write_text(echo, encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("styles: [T]\nstyles_path: [styles]\n", encoding="utf-8")
    hostile = "ECHO ##[stop-commands]tok\n::error file=a.md::forged\r\x1b[2J \u202e %0A END"
    Path("a.md").write_text(f"Text.\n\n{hostile}\n", encoding="utf-8")
    code, out, err = run("--no-cache", "--format", fmt, "a.md")
    assert (code, err) == (1, "")
    assert "##[" not in out
    if fmt == "github":
        lines = out.splitlines()
        assert len(lines) == 1 and lines[0].startswith("::warning file=a.md,")
        assert "\x1b" not in out and "\u202e" not in out and "%250A" in out  # shown, not obeyed
    else:
        assert_terminal_safe(out)
