"""--fix and --diff: certain fixes only, applied once, line endings, BOM and links respected."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from healthlint.api import Linter
from healthlint.cli import main
from healthlint.config import load_config
from healthlint.fix import Edit, apply_edits, fix_text

STIGMA = "--select=Medical.StigmatizingLanguage"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-cache", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_rewrites_person_first_and_keeps_crlf(here: Path) -> None:
    src = b"# Recovery\r\n\r\nMany addicts avoid care.\r\nHe is an addict, she said.\r\n"
    (here / "a.md").write_bytes(src)
    code, out, err = run(STIGMA, "--fix", "a.md")
    data = (here / "a.md").read_bytes()
    assert data == b"# Recovery\r\n\r\nMany people with substance use disorders avoid care.\r\nHe is a person with a substance use disorder, she said.\r\n"
    assert "a.md:3:6: fixed [Medical.StigmatizingLanguage] 'addicts' -> 'people with substance use disorders'" in err
    assert "'an addict' -> 'a person with a substance use disorder'" in err
    assert code == 0 and "No problems found" in out  # nothing remains: exit as ruff, on what is left


def test_fix_exit_code_follows_the_findings_that_remain(here: Path) -> None:
    (here / "a.md").write_text("# Recovery\n\nMany addicts avoid care. Ketamine cures anxiety.\n", encoding="utf-8")
    code, out, _ = run("--fix", "a.md")
    assert code == 1
    assert "people with substance use disorders" in (here / "a.md").read_text(encoding="utf-8")
    assert "Medical.AbsoluteClaim" in out and "Medical.StigmatizingLanguage" not in out


def test_claims_are_never_fixed(here: Path) -> None:
    text = "# Ketamine\n\nKetamine cures anxiety in 90% of patients and is the best treatment.\n"
    (here / "c.md").write_text(text, encoding="utf-8")
    code, out, err = run("--diff", "c.md")
    assert (code, out) == (0, "")
    code, out, _ = run("--fix", "c.md")
    assert code == 1 and "Medical.AbsoluteClaim" in out
    assert (here / "c.md").read_text(encoding="utf-8") == text


def test_diff_shows_changes_without_writing_and_exits_1(here: Path) -> None:
    src = b"# Recovery\r\n\r\nHe committed suicide in 2019.\r\n"
    (here / "a.md").write_bytes(src)
    code, out, err = run(STIGMA, "--diff", "a.md")
    assert code == 1
    assert (here / "a.md").read_bytes() == src
    assert "--- a/a.md\n+++ b/a.md\n" in out
    assert "-He committed suicide in 2019.\r\n+He died by suicide in 2019.\r\n" in out
    assert "would fix 1 finding in 1 file" in err
    (here / "b.md").write_text("# Fine\n\nPeople in recovery can thrive.\n", encoding="utf-8")
    assert run(STIGMA, "--diff", "b.md")[:2] == (0, "")


def test_bom_and_mode_are_kept(here: Path) -> None:
    path = here / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfServices for the mentally ill are underfunded.\n")
    os.chmod(path, 0o600)
    run(STIGMA, "--fix", "a.txt")
    assert path.read_bytes() == b"\xef\xbb\xbfServices for people with mental illness are underfunded.\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_utf16_file_stays_utf16(here: Path) -> None:
    path = here / "a.txt"
    path.write_bytes(b"\xff\xfe" + "Many addicts avoid care.\n".encode("utf-16-le"))
    run(STIGMA, "--fix", "a.txt")
    assert path.read_bytes() == b"\xff\xfe" + "Many people with substance use disorders avoid care.\n".encode("utf-16-le")


def test_links_and_special_files_are_refused(here: Path) -> None:
    target = here / "real.md"
    target.write_text("Many addicts avoid care.\n", encoding="utf-8")
    (here / "link.md").symlink_to(target)
    code, _, err = run(STIGMA, "--fix", "link.md")
    assert code == 2 and "link.md: error: is a symbolic link" in err
    assert target.read_text(encoding="utf-8") == "Many addicts avoid care.\n"
    assert (here / "link.md").is_symlink()
    os.mkfifo(here / "pipe.md")
    code, _, err = run(STIGMA, "--fix", "pipe.md")
    assert code == 2 and "pipe.md: error: is not a regular file" in err


def test_stdin_is_refused(here: Path) -> None:
    code, _, err = run("--fix", "-")
    assert code == 2 and "standard input" in err


def test_replacements_that_do_not_agree_are_left_to_the_writer(here: Path) -> None:
    text = (
        "Junkies and a junkie. He commits suicide. Getting clean is hard. The clean drug test came. "
        "The alcoholic left. Her son's addict's story.\n"
    )
    (here / "a.txt").write_text(text, encoding="utf-8")
    run(STIGMA, "--fix", "a.txt")
    fixed = (here / "a.txt").read_text(encoding="utf-8")
    assert fixed.startswith("Junkies and a person who uses drugs. He commits suicide. Getting clean is hard. The clean drug test came. The alcoholic left.")
    assert "addict's" in fixed


def test_suppressed_findings_are_not_fixed(here: Path) -> None:
    text = "# Quote\n\n<!-- healthlint-disable-next-line Medical.StigmatizingLanguage: his own words -->\nI was an addict.\n"
    (here / "a.md").write_text(text, encoding="utf-8")
    assert run(STIGMA, "--diff", "a.md")[:2] == (0, "")


def test_misspelt_rule_in_directive_is_fixed_before_what_it_suppresses(here: Path) -> None:
    text = "# Quote\n\n<!-- healthlint-disable-next-line Medical.StigmaticLanguage: his own words -->\nHe was an addict.\n"
    (here / "a.md").write_text(text, encoding="utf-8")
    code, out, err = run(STIGMA, "--fix", "a.md")
    assert (here / "a.md").read_text(encoding="utf-8") == text.replace("StigmaticLanguage", "StigmatizingLanguage")
    assert "'Medical.StigmaticLanguage' -> 'Medical.StigmatizingLanguage'" in err
    assert code == 0, out


def _style(root: Path) -> None:
    style = root / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Drug.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' for '%s'.\"\nlevel: warning\nignorecase: true\n"
        "swap:\n  'drug addicts': people who use drugs\n", encoding="utf-8")
    (style / "Avoid.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' for '%s'.\"\nlevel: warning\nignorecase: true\n"
        "swap:\n  'addicts avoid': people with substance use disorders avoid\n", encoding="utf-8")
    (root / ".healthlint.yaml").write_text("styles: [House]\nstyles_path: [styles]\n", encoding="utf-8")


def test_overlapping_fixes_are_applied_once(here: Path) -> None:
    _style(here)
    (here / "a.md").write_text("Many drug addicts avoid care.\r\nDrug addicts heal.\r\n", encoding="utf-8", newline="")
    code, out, err = run("--fix", "a.md")
    fixed = (here / "a.md").read_bytes()
    # both rules match "addicts"; the first fix is taken, the other is gone once it is re-linted
    assert fixed == b"Many people who use drugs avoid care.\r\nPeople who use drugs heal.\r\n"
    assert err.count("fixed [") == 2
    assert code == 0, out


def test_apply_edits_skips_overlaps_and_stale_edits() -> None:
    src = "one two three four"
    edits = [
        Edit(4, 13, "2 3", "R.A", 1, 5, "two three"),
        Edit(8, 18, "3 4", "R.B", 1, 9, "three four"),  # overlaps the one before: left for a later round
        Edit(0, 3, "1", "R.C", 1, 1, "one"),
        Edit(14, 18, "x", "R.D", 1, 15, "FOUR"),  # stale: the text is not what it was
    ]
    text, taken = apply_edits(src, edits)
    assert text == "1 2 3 four"
    assert [e.rule for e in taken] == ["R.C", "R.A"]


def test_fix_text_is_bounded_and_stable(here: Path) -> None:
    linter = Linter(load_config(None))
    text = "Alcoholics and addicts. " * 50
    result = fix_text(linter, text, path="a.txt", format="text")
    assert "addicts" not in result.text.lower() and "alcoholics" not in result.text.lower()
    again = fix_text(linter, result.text, path="a.txt", format="text")
    assert not again.changed and again.text == result.text


def test_spans_with_markup_inside_are_left_alone(here: Path) -> None:
    (here / "a.md").write_text("# T\n\nSome anxiety *victims* wait. Many addicts wait.\n", encoding="utf-8")
    (here / "b.html").write_text("<title>T</title><p>Stress and anxiety&#160;victims wait. Many addicts wait.</p>\n", encoding="utf-8")
    run(STIGMA, "--fix", "a.md", "b.html")
    assert (here / "a.md").read_text(encoding="utf-8") == "# T\n\nSome anxiety *victims* wait. Many people with substance use disorders wait.\n"
    assert (here / "b.html").read_text(encoding="utf-8") == "<title>T</title><p>Stress and anxiety&#160;victims wait. Many people with substance use disorders wait.</p>\n"


def test_case_of_the_replacement(here: Path) -> None:
    (here / "a.txt").write_text("HIV victims face stigma. Support for HIV victims helps. ADDICTS. Addicts recover.\n", encoding="utf-8")
    run(STIGMA, "--fix", "a.txt")
    assert (here / "a.txt").read_text(encoding="utf-8") == (
        "People with HIV face stigma. Support for people with HIV helps. PEOPLE WITH SUBSTANCE USE DISORDERS. "
        "People with substance use disorders recover.\n"
    )


def test_a_swap_that_offers_a_choice_is_not_applied(here: Path) -> None:
    style = here / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Words.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' for '%s'.\"\nlevel: warning\nignorecase: true\n"
        "swap:\n  utilize: use\n  patient compliance: adherence|taking the medicine as prescribed\n", encoding="utf-8")
    (here / ".healthlint.yaml").write_text("styles: [House]\nstyles_path: [styles]\n", encoding="utf-8")
    (here / "a.txt").write_text("Patients utilize it. Patient compliance matters.\n", encoding="utf-8")
    code, out, _ = run("--fix", "a.txt")
    assert (here / "a.txt").read_text(encoding="utf-8") == "Patients use it. Patient compliance matters.\n"
    assert code == 1 and "House.Words" in out


def test_fix_refuses_a_vale_project(here: Path) -> None:
    (here / ".git").mkdir()
    (here / ".vale.ini").write_text("[*.md]\nBasedOnStyles = Vale\n", encoding="utf-8")
    (here / "a.md").write_text("# T\n\nMany addicts avoid care.\n", encoding="utf-8")
    code, _, err = run("--fix", "a.md")
    assert code == 2 and ".vale.ini is a Vale one" in err
    assert (here / "a.md").read_text(encoding="utf-8") == "# T\n\nMany addicts avoid care.\n"
