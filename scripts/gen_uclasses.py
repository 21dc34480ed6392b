"""Write src/healthlint/_uclasses.py: regex's \\d, \\s and \\w as code point ranges (run after a regex upgrade)."""

from __future__ import annotations

from pathlib import Path

import regex

from healthlint._relax import computed_ranges

HEAD = '''"""The code points ``regex`` puts in ``\\\\d``, ``\\\\s`` and ``\\\\w`` (written by scripts/gen_uclasses.py).

RE2's classes are ASCII, so the pre-filter writes these out. They hold for the ``regex``
release named here; with another release :mod:`healthlint._relax` computes them afresh.
"""

from __future__ import annotations

'''


def main() -> None:
    out = [HEAD + f"REGEX_VERSION = {regex.__version__!r}\n", "#: letter -> ((first, last), ...) code point ranges", "RANGES: dict[str, tuple[tuple[int, int], ...]] = {"]
    for letter in "dsw":
        out.append(f'    "{letter}": (')
        line = "       "
        for a, b in computed_ranges(letter):
            item = f" ({a:#x}, {b:#x}),"
            if len(line) + len(item) > 110:
                out.append(line)
                line = "       "
            line += item
        out += [line, "    ),"]
    out.append("}")
    target = Path(__file__).resolve().parents[1] / "src" / "healthlint" / "_uclasses.py"
    target.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
