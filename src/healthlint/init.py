"""``healthlint init [FOLDER]``: start a content repository's configuration.

Writes a commented ``.healthlint.yaml``, a ``styles/`` folder with one example
house rule, and a ``.pre-commit-config.yaml`` with the healthlint hook (or,
when that file exists, prints the entry to add). Nothing is ever overwritten:
if a configuration or the example rule exists, nothing is written and the exit
code is 2. Files are created exclusively (``O_EXCL``), so a file appearing
meanwhile, or a link in the way, is not written through.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Sequence, TextIO

from healthlint import __version__
from healthlint.config import CONFIG_NAMES

EXIT_OK, EXIT_ERROR = 0, 2

#: the repository pre-commit clones the hook from (also in the README's snippet)
REPOSITORY = "https://github.com/healthlint/healthlint"

CONFIG = """\
# healthlint configuration: https://github.com/healthlint/healthlint#configuration
# Every key is optional; healthlint checks each one and names the line of a mistake.

# Styles to run: the shipped Medical style, and your house style in styles/House.
styles: [Medical, House]
styles_path: [styles]          # folders with more styles, relative to this file

# Report findings at or above min_level; exit 1 (block the commit) at or above fail_level.
min_level: suggestion
fail_level: warning

# Per-rule settings: off, a level (suggestion, warning, error) or the rule's options.
# `healthlint --list-rules` lists the rules; `healthlint explain RULE` documents one.
rules:
  # Medical.ReadingLevel: {grade: 8}
  # Medical.MissingDate: {max_age_months: 24}

# Files that are not articles. They are skipped even when named on the command line
# (as the pre-commit hook names them), unless force_exclude is false.
exclude: ["drafts/**"]

# citations:
#   own_domains: [example-clinic.com]   # links to your own pages are not citations
"""

RULE = """\
# An example house rule in Vale's format (https://vale.sh/docs/checks/substitution):
# `healthlint validate` loads it and checks that each example behaves as documented.
extends: substitution
message: "Write '%[1]s', not '%[2]s' (house style)."
description: Flags spellings of COVID-19 other than the house style's.
level: suggestion
ignorecase: false
swap:
  'Covid(?:-19)?': COVID-19
  'covid(?:-19)?': COVID-19
examples:
  fail: ["Covid-19 vaccines are free at every clinic."]
  pass: ["COVID-19 vaccines are free at every clinic."]
"""

RULE_PATH = Path("styles") / "House" / "Spelling.yml"


def pre_commit_entry() -> str:
    """The ``.pre-commit-config.yaml`` text that runs healthlint on Markdown and HTML articles."""
    return (
        "repos:\n"
        f"  - repo: {REPOSITORY}\n"
        f"    rev: v{__version__}\n"
        "    hooks:\n"
        "      - id: healthlint\n"
    )


def main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """The ``init`` subcommand."""
    p = argparse.ArgumentParser(
        prog="healthlint init",
        description="Write a commented .healthlint.yaml, an example house rule in styles/ and a "
        ".pre-commit-config.yaml entry. Never overwrites a file.",
    )
    p.add_argument("folder", nargs="?", default=".", help="the content repository (default: the current folder)")
    args = p.parse_args(list(argv))
    root = Path(args.folder)
    if not root.is_dir():
        err.write(f"healthlint init: error: {args.folder}: not a folder\n")
        return EXIT_ERROR
    existing = [name for name in CONFIG_NAMES if os.path.lexists(root / name)]
    if os.path.lexists(root / RULE_PATH):
        existing.append(RULE_PATH.as_posix())
    if _pyproject_configures(root / "pyproject.toml"):
        existing.append("pyproject.toml ([tool.healthlint])")
    if existing:
        err.write(
            f"healthlint init: error: {', '.join(existing)} already exist{'s' if len(existing) == 1 else ''} "
            f"in {args.folder}; nothing was written (init never overwrites a file)\n"
        )
        return EXIT_ERROR
    hook = root / ".pre-commit-config.yaml"
    writes = [(root / ".healthlint.yaml", CONFIG), (root / RULE_PATH, RULE)]
    if not os.path.lexists(hook):
        writes.append((hook, pre_commit_entry()))
    try:
        for path, text in writes:
            _create(path, text)
            out.write(f"wrote {path}\n")
    except OSError as exc:
        err.write(f"healthlint init: error: cannot write {exc.filename}: {exc.strerror or exc}\n")
        return EXIT_ERROR
    if os.path.lexists(hook) and (hook, pre_commit_entry()) not in writes:
        out.write(f"{hook} exists and was left alone; add this to its repos:\n\n")
        out.write("".join(line + "\n" for line in pre_commit_entry().splitlines()[1:]))
        out.write("\n")
    out.write("Next: `healthlint validate` checks the configuration and the example rule; `healthlint .` lints;\n")
    out.write("`pre-commit install` runs healthlint on every commit (pip install pre-commit first if needed).\n")
    return EXIT_OK


def _pyproject_configures(path: Path) -> bool:
    try:
        return "[tool.healthlint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _create(path: Path, text: str) -> None:
    """Write a new file; fail if anything (a file, a link) is already at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
