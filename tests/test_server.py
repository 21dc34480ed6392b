"""``healthlint server`` driven over stdio as an editor drives it (JSON-RPC, LSP 3.17)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("pygls")

from conftest import SEEDS  # noqa: E402
from lsp_client import LspClient  # noqa: E402

from healthlint.cli import main  # noqa: E402

SEED = SEEDS / "001_4e77a5e1fadfe47f.txt"
RATIONALE = "Stigmatizing words make people less willing to seek treatment"


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut16(line: str, start: int, end: int) -> str:
    """The text between two UTF-16 columns of a line, as an editor reads a range."""
    return line.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def rng(d: dict[str, Any]) -> tuple[int, int, int, int]:
    r = d["range"]
    return r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]


def open_doc(c: LspClient, path: Path, text: str, language: str = "markdown", version: int = 1) -> list[dict[str, Any]]:
    c.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": language, "version": version, "text": text}})
    return c.diagnostics(path.as_uri(), version)


def change(c: LspClient, path: Path, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> list[dict[str, Any]]:
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": path.as_uri(), "version": version},
        "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}}, "text": text}],
    })
    return c.diagnostics(path.as_uri(), version)


def actions(c: LspClient, path: Path, line: int, char: int) -> list[dict[str, Any]]:
    pos = {"line": line, "character": char}
    return c.request("textDocument/codeAction", {"textDocument": {"uri": path.as_uri()}, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}) or []


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / ".git").mkdir()  # configuration discovery stops here, as in a repository
    return root


@pytest.fixture(scope="module")
def client(ws: Path) -> Iterator[LspClient]:
    c = LspClient(ws)
    init = c.start(ws)
    assert init["capabilities"]["positionEncoding"] == "utf-16"
    assert init["serverInfo"]["name"] == "healthlint"
    yield c
    assert c.stop() == 0


def test_seed_diagnostics_match_the_command_line(client: LspClient, ws: Path) -> None:
    path = ws / "seed.txt"
    shutil.copy(SEED, path)
    text = path.read_text(encoding="utf-8")
    diags = open_doc(client, path, text, "plaintext")
    out = io.StringIO()
    main(["--no-cache", "--format", "json", str(path)], stdout=out, stderr=io.StringIO())
    expected = json.loads(out.getvalue())["diagnostics"]
    lines = text.splitlines()
    got = sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diags)
    want = sorted((e["rule"], e["line"] - 1, u16(lines[e["line"] - 1][: e["column"] - 1])) for e in expected)
    assert got == want
    assert all(d["source"] == "healthlint" for d in diags)
    stigma = next(d for d in diags if d["code"] == "Medical.StigmatizingLanguage")
    line, s, _, e = rng(stigma)
    assert cut16(lines[line], s, e) == "anxiety victims"
    assert stigma["severity"] == 2
    assert stigma["codeDescription"]["href"].startswith("https://")
    # document-level findings underline the title line
    doc_level = [d for d in diags if d["code"] == "Medical.MissingDate"]
    assert [rng(d) for d in doc_level] == [(0, 0, 0, u16(lines[0]))]
    title_hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 0, "character": 3}})
    assert "Medical\\.MissingDate" in title_hover["contents"]["value"] and "Medical\\.MissingReviewer" in title_hover["contents"]["value"]

    hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": s + 3}})
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown" and "anxiety victims" in value
    assert "Medical\\.StigmatizingLanguage" in value and "Stigmatizing words make people less willing" in value

    fixes = [a for a in actions(client, path, line, s + 1) if a["kind"] == "quickfix" and a.get("isPreferred")]
    assert len(fixes) == 1
    edit = fixes[0]["edit"]["documentChanges"][0]["edits"][0]
    assert edit["newText"] == "people with anxiety"
    assert rng(edit) == rng(stigma)
    r = edit["range"]
    after = change(client, path, 2, (r["start"]["line"], r["start"]["character"]), (r["end"]["line"], r["end"]["character"]), edit["newText"])
    left = [d for d in after if d["code"] == "Medical.StigmatizingLanguage"]
    assert len(left) == len([d for d in diags if d["code"] == "Medical.StigmatizingLanguage"]) - 1
    assert all(d["range"]["start"]["line"] != line for d in left)
    assert len(after) == len(diags) - 1


def test_emoji_and_cjk_before_a_finding(client: LspClient, ws: Path) -> None:
    path = ws / "emoji.md"
    line = "😀 我们的故事 🧠💊 Many addicts avoid care."
    text = f"# 康复 😀 Recovery\n\n{line}\n"
    diags = open_doc(client, path, text)
    stigma = [d for d in diags if d["code"] == "Medical.StigmatizingLanguage"]
    assert len(stigma) == 1
    l, s, l2, e = rng(stigma[0])
    assert (l, l2) == (2, 2)
    assert s == u16(line[: line.index("addicts")]) and s != line.index("addicts")  # UTF-16 units, not code points
    assert cut16(line, s, e) == "addicts"
    title = next(d for d in diags if d["code"] == "Medical.MissingReviewer")
    assert rng(title) == (0, 2, 0, u16("# 康复 😀 Recovery"))

    # type an emoji at the start of the line: the finding moves by two code units
    diags = change(client, path, 2, (2, 0), (2, 0), "🩺")
    moved = next(d for d in diags if d["code"] == "Medical.StigmatizingLanguage")
    assert rng(moved) == (2, s + 2, 2, e + 2)

    hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 2, "character": s + 3}})
    assert hover is not None and RATIONALE in hover["contents"]["value"]
    assert client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 2, "character": 1}}) is None

    acts = actions(client, path, 2, s + 4)
    quick = next(a for a in acts if a.get("isPreferred"))
    edit = quick["edit"]["documentChanges"][0]
    assert edit["textDocument"]["version"] == 2
    assert rng(edit["edits"][0]) == (2, s + 2, 2, e + 2)
    assert edit["edits"][0]["newText"] == "people with substance use disorders"
    disable = next(a for a in acts if a["title"] == "Disable Medical.StigmatizingLanguage for this line")
    inserted = disable["edit"]["documentChanges"][0]["edits"][0]["newText"]
    assert inserted.startswith("<!-- healthlint-disable-next-line Medical.StigmatizingLanguage: ") and inserted.endswith("-->\n")

    # the directive, once typed, suppresses the finding (as on the command line)
    diags = change(client, path, 3, (2, 0), (2, 0), inserted)
    assert "Medical.StigmatizingLanguage" not in [d["code"] for d in diags]


def test_fix_all_sees_the_latest_text(client: LspClient, ws: Path) -> None:
    path = ws / "all.md"
    open_doc(client, path, "# Recovery\n\nMany addicts avoid care.\n")
    # typed and asked at once (fix-all on save): the answer is for version 2, not the text linted before
    client.notify("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": 2},
                                             "contentChanges": [{"text": "# Recovery\n\nMany addicts avoid care.\nHe committed suicide.\n"}]})
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}}
    acts = client.request("textDocument/codeAction", {"textDocument": {"uri": path.as_uri()}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in acts] == ["source.fixAll.healthlint"]
    change = acts[0]["edit"]["documentChanges"][0]
    assert change["textDocument"]["version"] == 2
    assert [(rng(e), e["newText"]) for e in change["edits"]] == [((2, 5, 2, 12), "people with substance use disorders"), ((3, 3, 3, 20), "died by suicide")]
    assert client.request("textDocument/codeAction", {"textDocument": {"uri": path.as_uri()}, "range": whole, "context": {"diagnostics": [], "only": ["refactor"]}}) == []


def test_disable_inside_a_paragraph_wraps_the_words(client: LspClient, ws: Path) -> None:
    """A comment line inside a Markdown paragraph would split it: the directive goes around the words."""
    path = ws / "para.md"
    diags = open_doc(client, path, "# T\n\nThe first line of a paragraph\nand many addicts 😀 avoid care.\n")
    d = next(d for d in diags if d["code"] == "Medical.StigmatizingLanguage")
    act = next(a for a in actions(client, path, 3, d["range"]["start"]["character"]) if a["title"].startswith("Disable "))
    assert act["title"] == "Disable Medical.StigmatizingLanguage here"
    edits = act["edit"]["documentChanges"][0]["edits"]
    assert [rng(e) for e in edits] == [(3, 9, 3, 9), (3, 16, 3, 16)]
    c = client
    c.notify("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": 2}, "contentChanges": [
        {"range": e["range"], "text": e["newText"]} for e in reversed(edits)]})  # applied last first, as an editor does
    after = c.diagnostics(path.as_uri(), 2)
    assert not [x for x in after if x["code"] in ("Medical.StigmatizingLanguage", "healthlint.InvalidDirective", "healthlint.UnusedDirective")]


def test_lsp_line_breaks_only(client: LspClient, ws: Path) -> None:
    """U+2028 and form feeds end no line in LSP: a finding after them stays on its line."""
    path = ws / "breaks.md"
    line = "One\u2028two \x0c three \u2029 four. Many addicts avoid care."
    diags = open_doc(client, path, f"# T\n\n{line}\n")
    d = next(d for d in diags if d["code"] == "Medical.StigmatizingLanguage")
    assert rng(d) == (2, line.index("addicts"), 2, line.index("addicts") + len("addicts"))


def test_configuration_exclusions_and_reload(client: LspClient, ws: Path) -> None:
    site = ws / "site"
    (site / "drafts").mkdir(parents=True)
    cfg = site / ".healthlint.yaml"
    cfg.write_text("rules:\n  Medical.StigmatizingLanguage: 'off'\nexclude: ['drafts/**']\n", encoding="utf-8")
    text = "# Recovery\n\nMany addicts avoid care.\n"
    codes = [d["code"] for d in open_doc(client, site / "a.md", text)]
    assert "Medical.StigmatizingLanguage" not in codes and "Medical.MissingDate" in codes
    assert open_doc(client, site / "drafts" / "b.md", text) == []
    # an unknown extension is not linted, as on the command line
    assert open_doc(client, site / "notes.rst", text, "restructuredtext") == []

    cfg.write_text("rules:\n  Medical.MissingDate: 'off'\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": (site / "a.md").as_uri()}})
    codes = [d["code"] for d in client.diagnostics((site / "a.md").as_uri(), 1)]
    assert "Medical.StigmatizingLanguage" in codes and "Medical.MissingDate" not in codes

    cfg.write_text("rules: [oops]\n", encoding="utf-8")  # the editor watches configuration files and says so
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg.as_uri(), "type": 2}]})
    bad = client.diagnostics((site / "a.md").as_uri(), 1)
    assert len(bad) == 1 and bad[0]["severity"] == 1 and ".healthlint.yaml" in bad[0]["message"]

    client.notify("textDocument/didClose", {"textDocument": {"uri": (site / "a.md").as_uri()}})
    closed = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == (site / "a.md").as_uri())
    assert closed["params"]["diagnostics"] == []


def test_a_vale_project_is_not_linted_with_the_medical_pack(client: LspClient, ws: Path) -> None:
    folder = ws / "valeproj"
    folder.mkdir()
    (folder / ".vale.ini").write_text("StylesPath = styles\n\n[*.md]\nBasedOnStyles = Vale\n", encoding="utf-8")
    # the command line runs Vale's semantics here; the server shows nothing rather than other findings
    assert open_doc(client, folder / "a.md", "# T\n\nMany addicts avoid care.\n") == []
    log = client.wait(lambda m: m.get("method") == "window/logMessage" and ".vale.ini" in m["params"]["message"])
    assert "Vale configuration" in log["params"]["message"]


def test_utf8_position_encoding_when_the_client_asks(ws: Path) -> None:
    c = LspClient(ws)
    try:
        assert c.start(ws, encodings=["utf-8", "utf-16"])["capabilities"]["positionEncoding"] == "utf-8"
        line = "😀 我们 Many addicts avoid care."
        diags = open_doc(c, ws / "u8.md", f"# T\n\n{line}\n")
        d = next(d for d in diags if d["code"] == "Medical.StigmatizingLanguage")
        assert rng(d)[1] == len(line[: line.index("addicts")].encode("utf-8"))
    finally:
        assert c.stop() == 0


def test_server_without_pygls_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    err = io.StringIO()
    assert main(["server"], stdout=io.StringIO(), stderr=err) == 2
    assert f"{sys.executable} -m pip install 'healthlint[lsp]'" in err.getvalue()
