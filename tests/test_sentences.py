from __future__ import annotations

import pytest

from healthlint.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("It affects 2.7% of U.S. adults each year.", id="decimal-and-US"),
        pytest.param("Dr. Smith agreed with the finding.", id="dr"),
        pytest.param("Some drugs, e.g. SSRIs, take 4.5 hours to peak.", id="eg-and-hours"),
        pytest.param("Smith et al. (2021) found a 20% drop.", id="et-al"),
        pytest.param("J. Smith and M. Jones wrote it.", id="initials"),
    ],
)
def test_no_split(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("It works. It is safe.", ["It works.", "It is safe."], id="plain"),
        pytest.param("Is it a cure? No. It helps.", ["Is it a cure?", "No.", "It helps."], id="question"),
        pytest.param("Remission was 66%.[3] Relapse was rare.", ["Remission was 66%.[3]", "Relapse was rare."], id="marker-after-stop"),
        pytest.param("Remission was 66%.\u00b9 Relapse was rare.", ["Remission was 66%.\u00b9", "Relapse was rare."], id="superscript"),
        pytest.param('He said "it works." Then left.', ['He said "it works."', "Then left."], id="quote"),
        pytest.param("Reviewed by Jane Doe, MD. She agrees.", ["Reviewed by Jane Doe, MD.", "She agrees."], id="credential"),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
