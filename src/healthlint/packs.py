"""Where the shipped rule packs are: inside the installed package, or the checkout's ``rules/``."""

from __future__ import annotations

from pathlib import Path


def shipped_packs_dir() -> Path:
    """The folder holding one sub-folder per shipped style (``Medical/`` ...)."""
    here = Path(__file__).resolve().parent
    installed = here / "_packs"
    if installed.is_dir():
        return installed
    checkout = here.parent.parent / "rules"  # an editable install of the repository
    return checkout


def style_files(folder: Path) -> list[Path]:
    """The rule files of a style folder, recursively, sorted (``.yml`` only, as Vale).

    A style's data (``patterns.yml`` and the ``lexicons`` folder, see :mod:`healthlint.lexicon`)
    holds no rules.
    """
    from healthlint.lexicon import is_data_file

    return sorted(p for p in folder.rglob("*.yml") if p.is_file() and not is_data_file(p, folder))
