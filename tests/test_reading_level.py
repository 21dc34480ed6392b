"""ReadingLevel on real page shapes: lists are not one sentence, short texts are not graded."""

from __future__ import annotations

from healthlint import lint_text, load_ruleset
from healthlint.kinds.readability import grade_of, stats
from healthlint.ruleset import Ruleset
from healthlint.sentences import sentence_spans

_ALL = load_ruleset()
_LEVEL = Ruleset(tuple(r for r in _ALL.rules if r.name == "Medical.ReadingLevel"), _ALL.kinds)

HARD = (
    "Pharmacokinetic variability attributable to hepatic cytochrome polymorphisms necessitates individualized "
    "titration, particularly among polypharmacy populations exhibiting concomitant serotonergic administration."
)
EASY = "Take one pill each day. Drink water with it. Call your doctor if you feel sick. Do not stop on your own."


def grades(text: str, path: str = "a.md") -> list[tuple[int, str]]:
    return [(d.line, d.args[0] if hasattr(d, "args") else d.message) for d in lint_text(text, path=path, ruleset=_LEVEL)]


def test_a_very_short_article_is_not_graded() -> None:
    assert lint_text("Contraindications and precautions.\n", path="a.md", ruleset=_LEVEL) == []
    assert lint_text(f"{HARD}\n", path="a.md", ruleset=_LEVEL) == []  # 20 hard words: too few to grade


def test_a_long_hard_article_is_graded_once_with_its_hardest_paragraphs() -> None:
    text = "# Title\n\n" + "\n\n".join([f"{HARD} {HARD}"] * 4 + [EASY]) + "\n"
    diags = lint_text(text, path="a.md", ruleset=_LEVEL)
    article = [d for d in diags if d.line == 1]
    assert len(article) == 1 and "article" in article[0].message
    assert len(diags) == 1 + 3  # the three hardest paragraphs


def test_lone_bullet_lines_end_sentences() -> None:
    items = "\n".join(f"-\n{w} can make you tired and sleepy" for w in ("Fatigue", "Nausea", "Headache", "Dizziness", "Stress"))
    assert [len(x) for x in (sentence_spans(items),)] == [5]
    text = f"Side effects of this drug:\n{items}\n"
    s = stats(text, spans=tuple(sentence_spans(text)), line_words=8)
    assert s.sentences == 6  # the lead-in and five items, not one 40-word sentence


def test_a_list_exported_as_text_is_list_items() -> None:
    items = "\n".join(f"•\nPeople with {w} should ask their doctor before starting any new treatment plan" for w in ("asthma", "diabetes", "anemia", "gout", "lupus", "acne", "eczema", "migraine"))
    text = f"{EASY} {EASY} {EASY}\n\n{items}\n"
    # the items are list items (not scored), so the article is the easy paragraph only
    assert lint_text(text, path="a.txt", ruleset=_LEVEL) == []


def test_short_lines_without_punctuation_end_sentences() -> None:
    text = "Common symptoms\nTrouble sleeping\nFeeling on edge\nA fast heartbeat"
    assert stats(text, line_words=8).sentences == 4
    assert stats(text).sentences == 1  # Vale's counting, for Vale styles


def test_letters_are_counted_only_for_metrics_that_use_them() -> None:
    s = stats(HARD, letters=False)
    assert s.characters == 0 and s.words == stats(HARD).words
    assert grade_of(s, ("Flesch-Kincaid",)) == grade_of(stats(HARD), ("Flesch-Kincaid",))
