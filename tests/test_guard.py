"""A pattern's guard holds wherever the pattern can match, and rejects the starts the pattern cannot have."""

from __future__ import annotations

import random

import pytest
import regex

from healthlint._guard import leading_guard

LONG_BEHIND = r"(?<=(?:\b(?:studies|trials|research)\b)[^.!?]{0,120})"
PATTERNS = [
    r"(?<![\w.,/$])\d{1,3}\s*%",
    r"(?:(?:(?<![\w.,])(?<!\d\s?-\s?))\d+\s*%|(?<![\w])[nN]\s*=\s*\d+)(?!\s+guaranteed)",
    r"(?:(?<![\w])\d+%|\bin\s+\d+\s+people|(?:twice|\d+\s*times)\s+as\s+likely)",
    LONG_BEHIND + r"\b(?:in|of)\s+\d{2,}\s+(?:patients|adults)",
    r"(?:" + LONG_BEHIND + r"\b(?:in|of)\s+\d{2,}\s+people|(?<![\w.])\d+(?:\.\d+)?\s*%)(?!\s*off)",
    r"(?:(?:about|nearly)\s+)?(?<![\w])\d+\s*%",
]
NOT_GUARDED = [
    r"(?<![\w])a|b",  # the second alternative has no look-behind and stands for the whole pattern
    r"(?:(?<![\w])a)?b",
    r"(?<![\w])?a",
    r"(\w)(?<![\d])\1",
]


def _texts(seed: int) -> list[str]:
    rnd = random.Random(seed)
    words = ["12%", "7 %", "n = 40", "N=3", "in 200 people", "twice as likely", "3 times as likely", "studies show", "of 150 patients",
             "guaranteed", "off", "about", "nearly", "1.5%", "$5%", "x12%", "-4%", "trials found that in 45 adults", ".", "research"]
    return [" ".join(rnd.choice(words) for _ in range(12)) for _ in range(150)] + ["12% " * 50, "guaranteed 12% " * 40]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_guard_holds_at_every_match(pattern: str) -> None:
    guard_src = leading_guard(pattern)
    assert guard_src is not None
    compiled, guard = regex.compile(pattern), regex.compile(guard_src)
    rejected = 0
    for text in _texts(len(pattern)):
        starts = {m.start() for m in compiled.finditer(text, overlapped=True)}
        for pos in range(len(text) + 1):
            ok = guard.match(text, pos) is not None
            assert ok or pos not in starts, (text, pos)
            rejected += not ok
    assert rejected  # and it tells something


@pytest.mark.parametrize("pattern", NOT_GUARDED)
def test_no_guard_where_one_cannot_be_proved(pattern: str) -> None:
    guard_src = leading_guard(pattern)
    if guard_src is None:
        return
    compiled, guard = regex.compile(pattern), regex.compile(guard_src)
    for text in ["a b ab ba", "xb b", "aa 1a", "b", "zz"]:
        for m in compiled.finditer(text, overlapped=True):
            assert guard.match(text, m.start()) is not None, (pattern, text)
