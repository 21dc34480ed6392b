"""The pre-filter (RE2 finds where a pattern can start, ``regex`` confirms) finds exactly what a plain search finds."""

from __future__ import annotations

import pytest
import regex

from healthlint import _relax, _sieve, prefilter
from healthlint.api import Linter
from healthlint.engine import lint_document
from healthlint.scopes import blocks

from conftest import ROOT, SEEDS


@pytest.mark.parametrize(
    ("pattern", "relaxed"),
    [
        pytest.param(r"(?<![\w.,/])\d{1,3}%", r"(?:)\d{1,3}%", id="look-behind"),
        pytest.param(r"\bcures?\b", r"\bcures?\b", id="word-boundaries-kept"),
        pytest.param(r"^foo$", r"(?:)foo(?:)", id="anchors"),
        pytest.param(r"a*+b|x{2,3}+y", r"a*b|x{2,3}y", id="possessive"),
        pytest.param(r"(?>\w+)x", r"(?:\w+)x", id="atomic"),
        pytest.param(r"[\]^$(]+x(?=y)", r"[\]^$(]+x(?:)", id="class-with-specials"),
        pytest.param(r"\p{Lu}+(?i:abc)(?<=\b(?:our)\b[^.!?]{0,80})", r"\p{Lu}+(?i:abc)(?:)", id="nested"),
        pytest.param(r"[[:alpha:]]+(?#note)\A", r"[[:alpha:]]+(?:)", id="posix-comment"),
    ],
)
def test_relax(pattern: str, relaxed: str) -> None:
    assert _relax.relax(pattern) == relaxed
    regex.compile(relaxed)


@pytest.mark.parametrize(
    "pattern",
    [r"(a)\1", r"(?P<x>a)(?P=x)", r"(?(1)a|b)", r"(?R)", r"(?x) a b", r"a{e<=1}", r"\L<words>", r"(?V1)[[a-z]--[aeiou]]", r"(a", r"a)"],
)
def test_patterns_it_cannot_reason_about_are_never_relaxed(pattern: str) -> None:
    assert _relax.relax(pattern) is None


@pytest.mark.parametrize(
    ("relaxed", "wanted"),
    [
        pytest.param(r"\bcures?\b", "cures?", id="word-boundaries-dropped"),
        pytest.param(r"(a)(?P<n>b)(?|c)", "(?:a)(?:b)(?:c)", id="groups-non-capturing"),
        pytest.param(r"a{,3}b{2000}c{5,1500}", "a{0,3}b{1000,}c{5,}", id="repetitions"),
        pytest.param(r"\u00e9\’", r"\x{00e9}\x{2019}", id="escapes"),
        pytest.param(r"(?-i:X)(?i:y)", "(?-i:X)(?i:y)", id="scoped-flags"),
    ],
)
def test_translate(relaxed: str, wanted: str) -> None:
    assert _relax.translate(relaxed) == wanted


@pytest.mark.parametrize("relaxed", [r"\N{BULLET}", r"\X", r"[[:alpha:]]", r"[\Wx]", r"(?x:a b)", r"\0"])
def test_what_cannot_be_translated_is_searched_plainly(relaxed: str) -> None:
    assert _relax.translate(relaxed) is None


@pytest.mark.parametrize("letter", ["d", "s", "w"])
def test_classes_hold_what_regex_puts_in_them(letter: str) -> None:
    """RE2's \\d, \\s, \\w are ASCII: the translation widens them (a no-break space, a Devanagari digit),
    and narrows them inside a negated class, so the relaxed pattern matches wherever regex does."""
    re2 = pytest.importorskip("re2")
    plain = regex.compile(f"\\{letter}")
    for relaxed, expect in [(f"\\{letter}", True), (f"\\{letter.upper()}", False), (f"[\\{letter}]", True), (f"[^\\{letter}]", False)]:
        program = re2.compile(_relax.translate(relaxed).encode("utf-8"))
        for ch in "a Z 9 \u00a0 \u2009 \u3000 \u0966 \u00e9 \u0301 _ \u200d - \u2019 \u0661 \n \x85 \u1680 \U0001d7ce \u02b0".split(" ") + [" "]:
            if (plain.fullmatch(ch) is not None) == expect:
                assert program.fullmatch(ch.encode("utf-8")) is not None, (relaxed, repr(ch))


def _shipped_patterns(kinds: tuple[str, ...] = ()) -> list[regex.Pattern[str]]:
    out = []
    for rule in Linter().ruleset.rules:
        if kinds and rule.kind not in kinds:
            continue
        c = rule.compiled
        values = vars(c).values() if hasattr(c, "__dict__") else [getattr(c, s) for s in getattr(c, "__slots__", ())]
        for value in values:
            for v in value if isinstance(value, tuple) else (value,):
                if hasattr(v, "pattern") and hasattr(v, "flags") and isinstance(v.pattern, str):
                    out.append(v)
    return out


def _files(*, all_folders: bool = True) -> list[tuple[str, str]]:
    folders = [SEEDS, *([ROOT / "tests" / "corpus", ROOT / "tests" / "fuzz_corpus"] if all_folders else [])]
    out = []
    for folder in folders:
        for p in sorted(folder.iterdir()):
            if p.suffix not in (".txt", ".md", ".html"):
                continue
            try:
                out.append((p.name, p.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue  # decoding is tested elsewhere; these files never reach the rules
    return out


@pytest.mark.parametrize("long_text", [prefilter.LONG_TEXT, 0], ids=["as-compiled", "bare-copies"])
def test_find_all_and_search_equal_plain_search_on_every_block(engine: str, long_text: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every claim pattern, every sentence and heading of the seeds (the next test compares the
    linter's findings on the seeds, tests/corpus and tests/fuzz_corpus); with ``long_text`` 0 every
    candidate is confirmed by the pattern's copy without its required-string hint."""
    monkeypatch.setattr(prefilter, "LONG_TEXT", long_text)
    monkeypatch.setattr(prefilter, "_BARE", {})
    linter = Linter()
    patterns = _shipped_patterns(("existence", "citation", "requirement"))
    assert len(patterns) >= 10
    used = 0
    for name, text in _files(all_folders=False):
        doc = linter.parse(text, path=name)
        with prefilter.scanning(doc.prose):
            for pattern in patterns:
                for block in blocks(doc, ("sentence", "heading")):
                    plain = [(m.span(), m.groups()) for m in pattern.finditer(block.text)]
                    fast = [(m.span(), m.groups()) for m in prefilter.find_all(pattern, block.text, block.base, 10.0)[0]]
                    assert fast == plain, (name, pattern.pattern[:60], block.text[:80])
                for pos in (0, len(doc.prose) // 3):
                    a, b = pattern.search(doc.prose, pos), prefilter.search(pattern, doc.prose, pos, timeout=10.0)
                    assert (a and a.span()) == (b and b.span()), (name, pattern.pattern[:60])
    used = sum(1 for f in prefilter._FINDERS.values() if f is not None)
    assert used >= len(patterns) // 2  # most shipped patterns do get a finder


def test_the_linter_reports_the_same_with_and_without_the_pre_filter(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    linter = Linter()
    docs = [linter.parse(text, path=name) for name, text in _files()]
    fast = [lint_document(d, linter.ruleset) for d in docs]
    monkeypatch.setattr(prefilter, "WARM_UP", 1e15)
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    plain = [lint_document(d, linter.ruleset) for d in docs]
    assert [d for d, _ in fast] == [d for d, _ in plain]
    assert [[str(e) for e in errs] for _, errs in fast] == [[str(e) for e in errs] for _, errs in plain]


def test_without_re2_a_notice_and_the_same_findings(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import builtins

    real = builtins.__import__

    def no_re2(name: str, *args: object, **kw: object) -> object:
        if name == "re2":
            raise ImportError("no wheel for this platform")
        return real(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_re2)
    monkeypatch.setattr(prefilter, "_RE2", None)
    monkeypatch.setattr(prefilter, "_LOADED", False)
    monkeypatch.setattr(prefilter, "WARM_UP", 0)
    monkeypatch.setattr(prefilter, "LONG", 0)
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    pattern = regex.compile(r"(?<![\w.])\d{1,3}\s?%")
    text = "About 12% of adults, 3.5% of teens and 40 % of none."
    with prefilter.scanning(text):
        found = [m.group() for m in prefilter.find_all(pattern, text, 0, 10.0)[0]]
    assert found == [m.group() for m in pattern.finditer(text)]
    assert "google-re2 is not installed" in capsys.readouterr().err


def test_a_pattern_is_searched_plainly_until_it_has_spent_the_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "_EXPECTED", 1)  # a run of many documents builds finders at once
    monkeypatch.setattr(prefilter, "LONG", 0)
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    pattern = regex.compile(r"(?<![\w.])\d{1,3}\s?%")
    text = "About 12% of adults. " * 50
    with prefilter.scanning(text):
        prefilter.find_all(pattern, text, 0, 10.0)
        assert prefilter.finder(pattern) is None  # a few microseconds spent: building it would cost more
        monkeypatch.setitem(prefilter._SPENT, (pattern.pattern, pattern.flags), prefilter.WARM_UP)
        assert prefilter.finder(pattern) is not None
        found, _ = prefilter.find_all(pattern, text, 0, 10.0)
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


def test_a_run_on_one_short_article_builds_no_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_DOCUMENTS", 0)
    monkeypatch.setattr(prefilter, "WARM_UP", 0)
    linter = Linter()
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text(encoding="utf-8")[: prefilter.LONG - 1]
    lint_document(linter.parse(text, path="a.txt"), linter.ruleset)
    assert not any(prefilter._FINDERS.values())


def test_a_pattern_the_cached_linter_has_not_compiled_is_compiled_only_where_it_can_match(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("re2")
    from healthlint.cache import LazyPattern

    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_DOCUMENTS", 0)
    source = r"(?<![\w.])\d{1,3}\s?%\s+of\s+(?:adults|teens)"
    lazy = LazyPattern(source, regex.IGNORECASE, None, prefilter.prepare(regex.compile(source, regex.IGNORECASE)))  # as the cache keeps it
    text = "Nothing to count in this sentence. Nor here."
    with prefilter.scanning(text):
        assert prefilter.find_all(lazy, text, 0, 10.0)[0] == []
        assert prefilter.search(lazy, text, 0, timeout=10.0) is None
    assert "match" not in vars(lazy)  # no candidate in the document: never compiled
    text = "About 12% of adults and 40 % of TEENS, but 3.5% of none."
    with prefilter.scanning(text):
        found = [m.span() for m in prefilter.find_all(lazy, text, 0, 10.0)[0]]
    assert found == [m.span() for m in regex.finditer(source, text, regex.IGNORECASE)]
    assert len(found) == 2


def test_a_pattern_pickled_without_its_forms_is_searched_as_a_compiled_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A linter built apart for one run (``healthlint.cache.build_linter``) carries no RE2 forms:
    one short article searches it plainly, as a linter built in the process would, and makes
    no form (making every pattern's would cost more than the article)."""
    pytest.importorskip("re2")
    from healthlint.cache import LazyPattern

    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_PREPARED", {})
    monkeypatch.setattr(prefilter, "_DOCUMENTS", 0)
    source = r"(?<![\w.])\d{1,3}\s?%\s+of\s+(?:adults|teens)"
    lazy = LazyPattern(source, regex.IGNORECASE)
    text = "About 12% of adults and 40 % of TEENS, but 3.5% of none."
    with prefilter.scanning(text):
        found = [m.span() for m in prefilter.find_all(lazy, text, 0, 10.0)[0]]
    assert found == [m.span() for m in regex.finditer(source, text, regex.IGNORECASE)] and len(found) == 2
    assert prefilter._FINDERS == {} and prefilter._PREPARED == {}


def test_a_cached_linter_reports_what_a_fresh_one_does_on_each_article_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As pre-commit runs it: one article per process, every pattern still uncompiled when it starts."""
    import pickle

    from healthlint import cache

    linter = Linter()
    blob = cache._dumps(linter)
    for name, text in _files():
        monkeypatch.setattr(prefilter, "_FINDERS", {})
        monkeypatch.setattr(prefilter, "_SPENT", {})
        monkeypatch.setattr(prefilter, "_DOCUMENTS", 0)
        fresh = pickle.loads(blob)
        a = linter.lint_text_with_errors(text, path=name)
        b = fresh.lint_text_with_errors(text, path=name)
        assert a[0] == b[0], name
        assert [str(e) for e in a[1]] == [str(e) for e in b[1]], name


def test_a_long_text_builds_its_finders_before_the_first_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "AT_ONCE", 1_000)
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    pattern = regex.compile(r"(?<![\w.])\d{1,3}\s?%")
    text = "About 12% of adults, 7% of children and 100 % of 5%s. " * 40
    with prefilter.scanning(text):
        found, _ = prefilter.find_all(pattern, text, 0, 10.0)
        assert prefilter._FINDERS.get((pattern.pattern, pattern.flags)) is not None  # no plain warm-up search
        assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]
        assert prefilter.search(pattern, text, 30, timeout=10.0).span() == pattern.search(text, 30).span()


def test_a_run_of_many_documents_builds_finders_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("re2")
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_EXPECTED", prefilter.MANY)
    pattern = regex.compile(r"(?<![\w.])\d{1,3}\s?%")
    text = "About 12% of adults. " * 50
    with prefilter.scanning(text):
        found, _ = prefilter.find_all(pattern, text, 0, 10.0)
        assert prefilter.finder(pattern) is not None  # no plain search spent first
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("how", ["find_all", "search"])
def test_a_catastrophic_pattern_stops_within_one_time_limit_however_many_candidates(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``finditer``'s ``timeout`` bounds the whole search: the searches at the candidates (and the
    guards before them, which may be the whole pattern) share it, as a plain search would."""
    pytest.importorskip("re2")
    import time

    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_GUARDS", {})
    monkeypatch.setattr(prefilter, "_EXPECTED", prefilter.MANY)
    pattern = regex.compile(r"(a+)+$")
    text = "a" * 2_000 + "b."  # each 'a' a candidate; each attempt a few ms of backtracking
    with prefilter.scanning(text):
        start = time.process_time()
        with pytest.raises(TimeoutError):
            if how == "find_all":
                prefilter.find_all(pattern, text, 0, 0.3)
            else:
                prefilter.search(pattern, text, 0, timeout=0.3)
        assert time.process_time() - start < 1.0, "one limit for the search, not one per candidate"
        assert prefilter.finder(pattern) is not None  # the candidates did come from RE2


def test_the_set_of_small_patterns_finds_the_candidates_their_own_scans_find(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a run of many documents each small pattern is first asked of one RE2 set per text:
    where the set says it does not occur, its candidates are none, as its own scan finds."""
    monkeypatch.setattr(prefilter, "_EXPECTED", 1_000)
    monkeypatch.setattr(_sieve, "_SIEVE", None)
    monkeypatch.setattr(_sieve, "_OUTSIDE", {})
    monkeypatch.setattr(_sieve, "_BUILDS", 0)
    linter = Linter()
    docs = [linter.parse(text, path=name) for name, text in _files()]
    for d in docs:
        lint_document(d, linter.ruleset)  # builds the finders, then the set
    sieved = [f for f in prefilter._FINDERS.values() if f is not None and f.sieved]
    assert len(sieved) >= 10 and _sieve._SIEVE is not None
    answered = absent = 0
    for d in docs:
        try:
            data = d.prose.encode("utf-8")
        except UnicodeEncodeError:
            continue
        scan = prefilter._Scan(d.prose)
        for f in sieved:
            assert scan.starts(f) == prefilter._starts_in_bytes(f, data, d.prose), (d.path, f.source[:60])
        if scan._sieve is not None and scan._sieve[1] is not None:
            answered += 1
            absent += sum(1 for f in sieved if scan._absent(f))
    assert answered >= len(docs) // 2 and absent > 0  # the set did answer, and ruled patterns out


def test_the_set_holds_only_small_patterns_a_document_asked_for(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent of a pool builds every pattern's finder before forking; the RE2 set must hold
    only those a linted document asked for (a set of every small pattern, most of them of
    rules whose words a corpus lacks, is a hundred times slower per text)."""
    from healthlint import parallel

    monkeypatch.setattr(prefilter, "_EXPECTED", 1_000)
    monkeypatch.setattr(_sieve, "_SIEVE", None)
    monkeypatch.setattr(_sieve, "_OUTSIDE", {})
    monkeypatch.setattr(_sieve, "_BUILDS", 0)
    linter = Linter()
    parallel.prepare(linter)
    small = [f for f in prefilter._FINDERS.values() if f is not None and f.small]
    assert len(small) >= 10 and not any(f.sieved for f in small)
    asked: set[int] = set()
    real = prefilter._Scan.starts

    def starts(scan: prefilter._Scan, f: prefilter._Finder) -> list[int] | None:
        asked.add(id(f))
        return real(scan, f)

    monkeypatch.setattr(prefilter._Scan, "starts", starts)
    name, text = _files(all_folders=False)[0]
    lint_document(linter.parse(text, path=name), linter.ruleset)
    prefilter.seal()
    assert _sieve._SIEVE is not None
    members = {id(f) for f in _sieve._SIEVE._finders}
    assert members and members <= asked
    assert len(members) < len(small)  # the seed asks for some small patterns, not all


def test_a_set_whose_automaton_gives_up_is_not_trusted() -> None:
    re2 = pytest.importorskip("re2")

    class Finder:
        def __init__(self, source: str) -> None:
            self.source = source

    sieve = _sieve.Sieve(re2, [Finder("cures?"), Finder("guaranteed")])
    assert sieve.matching(b"it cures all") == frozenset({0, 2})  # 2: the empty pattern, always there
    sieve._set = type("Failing", (), {"Match": lambda self, data: []})()  # RE2 out of memory answers "none"
    assert sieve.matching(b"it cures all") is None
