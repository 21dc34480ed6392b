"""Regenerate the generated part of docs/rules.md from rules/Medical (``--check``: exit 1 when stale)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from healthlint.plugins import load_kinds
    from healthlint.ruledoc import render_markdown, replace_generated

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--check", action="store_true", help="do not write; exit 1 when docs/rules.md is stale")
    args = p.parse_args(argv)
    page_path = ROOT / "docs" / "rules.md"
    page = page_path.read_text(encoding="utf-8")
    fresh = replace_generated(page, render_markdown(ROOT / "rules" / "Medical", load_kinds()))
    if args.check:
        if fresh != page:
            print("docs/rules.md is stale: run python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    if fresh != page:
        page_path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
