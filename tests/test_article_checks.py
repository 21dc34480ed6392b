"""Whole-article checks (review-policy.md section 8), class by class: each ``noop`` next to a ``fires``."""

from __future__ import annotations

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.ruleset import Ruleset

_ALL = load_ruleset()
BODY = "\n\nKetamine can help some people.\n"


def diags(rule: str, text: str, path: str = "a.txt") -> list[object]:
    name = f"Medical.{rule}"
    return list(lint_text(text, path=path, ruleset=Ruleset(tuple(r for r in _ALL.rules if r.name == name), _ALL.kinds)))


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHLINT_TODAY", "2026-12-01")


NOOPS = [
    # date: either order in a byline, glued to the next word, <time>, JSON-LD
    ("MissingDate", "July 3, 2026 by Jane Doe" + BODY, "a.txt"),
    ("MissingDate", "Sleep basics\nJune 3, 2026Medically reviewed by Jane Doe, MD" + BODY, "a.txt"),
    ("MissingDate", "Updated 3rd of June, 2026" + BODY, "a.txt"),
    ("MissingDate", '<article><p>By Jane Doe, <time datetime="2026-06-03">June 3</time></p><p>Sleep helps.</p></article>', "a.html"),
    ("MissingDate", '<script type="application/ld+json">{"datePublished": "2026-06-03"}</script><p>Sleep helps.</p>', "a.html"),
    # reviewer: a named person with a clinical credential, in prose or metadata
    ("MissingReviewer", "Medically reviewed by Jane Doe, LCSW" + BODY, "a.txt"),
    ("MissingReviewer", "Reviewed by: Ana Ruiz, FNP-C" + BODY, "a.txt"),
    ("MissingReviewer", "Fact-checked by Jane Doe, PharmD" + BODY, "a.txt"),
    ("MissingReviewer", "Reviewed and approved by Jane Doe, PA-C" + BODY, "a.txt"),
    ("MissingReviewer", "---\nreviewed_by: Jane Doe, psychiatrist\n---\nKetamine can help.\n", "a.md"),
    # consult notice and its paraphrases
    ("MissingConsultNotice", "Keep your prescriber in the loop about every supplement you take." + BODY, "a.txt"),
    ("MissingConsultNotice", "If a friend is struggling, help them reach a mental health professional." + BODY, "a.txt"),
    ("MissingConsultNotice", "This page is not a substitute for professional medical advice." + BODY, "a.txt"),
    ("MissingConsultNotice", "Let your doctor know before you stop any medicine." + BODY, "a.txt"),
    ("MissingConsultNotice", "Each drip must be supervised by a licensed physician." + BODY, "a.txt"),
    ("MissingConsultNotice", "Use it only under the guidance of licensed clinicians." + BODY, "a.txt"),
    ("MissingConsultNotice", "Tell the pharmacist about every other medicine you take." + BODY, "a.txt"),
    ("MissingConsultNotice", "Educational purpose only" + BODY, "a.txt"),
    ("MissingConsultNotice", "This guide is informational; decisions belong with your care." + BODY, "a.txt"),
    ("MissingConsultNotice", "Friends can help them get help from a mental health professional." + BODY, "a.txt"),
    ("MissingConsultNotice", "Do not stop the pills without talking to your doctor." + BODY, "a.txt"),
    ("MissingDate", "Home\nGo back3 Mar 20269 min read" + BODY, "a.txt"),
    # crisis services, national equivalents
    ("MissingCrisisResource", "If you have thoughts of suicide, call Samaritans on 116 123." + BODY, "a.txt"),
    ("MissingCrisisResource", "Suicidal thoughts need help now: call Lifeline on 13 11 14." + BODY, "a.txt"),
    ("MissingCrisisResource", "Veterans with suicidal thoughts can reach the Veterans Crisis Line." + BODY, "a.txt"),
]

FIRES = [
    # a copyright year, a label with no date
    ("MissingDate", "© 2026 Sleep Clinic. All rights reserved." + BODY, "a.txt"),
    ("MissingDate", "Posted in Sleep by Jane Doe" + BODY, "a.txt"),
    # an author byline, a footer medical director, no credential, a placeholder, an unnamed board
    ("MissingReviewer", "Written by Jane Doe, MD" + BODY, "a.txt"),
    ("MissingReviewer", "Ketamine can help.\n\nMedical Director: Jane Doe, MD\n", "a.txt"),
    ("MissingReviewer", "Medically reviewed by Jane Doe" + BODY, "a.txt"),
    ("MissingReviewer", "Medically reviewed by: Pending" + BODY, "a.txt"),
    ("MissingReviewer", "Reviewed by our Medical Advisory Board" + BODY, "a.txt"),
    ("MissingReviewer", "---\nreviewed_by: pending\n---\nKetamine can help.\n", "a.md"),
    # sales and admissions lines, other disclaimers
    ("MissingConsultNotice", "Questions? Check with us first." + BODY, "a.txt"),
    ("MissingConsultNotice", "Speak with an admissions counselor today." + BODY, "a.txt"),
    ("MissingConsultNotice", "This is not legal advice." + BODY, "a.txt"),
    ("MissingConsultNotice", "We are not a medical provider." + BODY, "a.txt"),
    ("MissingConsultNotice", "This product is not intended to diagnose, treat, cure or prevent any disease." + BODY, "a.txt"),
    # what people did or need not do, the publisher's own portal, service descriptions
    ("MissingConsultNotice", "Many buyers got the pills without ever consulting a doctor." + BODY, "a.txt"),
    ("MissingConsultNotice", "Book directly with a specialist without seeing a GP first." + BODY, "a.txt"),
    ("MissingConsultNotice", "Review your progress with your provider using our patient portal." + BODY, "a.txt"),
    ("MissingConsultNotice", "Initial Consultation\n\nYour provider will take your history." + BODY, "a.txt"),
    ("MissingConsultNotice", "Hospitals now work with chiropractic doctors." + BODY, "a.txt"),
    ("MissingConsultNotice", "You might have to see the clinic a few times." + BODY, "a.txt"),
    # suicide mentioned (also as a contraindication) with no crisis service
    ("MissingCrisisResource", "Do not use if you have a history of suicidal thoughts. Call our helpline at (800) 555-0100." + BODY, "a.txt"),
    ("MissingCrisisResource", "Suicidal thoughts? Call 911." + BODY, "a.txt"),
    ("MissingCrisisResource", "Suicide risk rises in recovery. SAMHSA's National Helpline: 1-800-662-4357." + BODY, "a.txt"),
    ("MissingCrisisResource", "Suicidal thoughts can follow. Book an appointment at (555) 010-9880." + BODY, "a.txt"),
]


@pytest.mark.parametrize(("rule", "text", "path"), NOOPS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(NOOPS)])
def test_satisfied(rule: str, text: str, path: str) -> None:
    assert diags(rule, text, path) == []


@pytest.mark.parametrize(("rule", "text", "path"), FIRES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FIRES)])
def test_not_satisfied(rule: str, text: str, path: str) -> None:
    assert diags(rule, text, path), f"{rule} should fire on {text!r}"


def test_a_stale_date_is_stale_not_missing() -> None:
    found = diags("MissingDate", "July 3, 2019 by Jane Doe" + BODY)
    assert [(d.line, d.match) for d in found] == [(1, "July 3, 2019 by Jane Doe")]  # type: ignore[attr-defined]
    assert "months old" in found[0].message  # type: ignore[attr-defined]
