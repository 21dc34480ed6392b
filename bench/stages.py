"""Where a corpus run's CPU goes, stage by stage, in one process (no cache, one job).

    python bench/stages.py                # 300 articles of the benchmark corpus
    python bench/stages.py --files 2000   # the full corpus
    python bench/stages.py --profile 15   # also the lint pass's top functions by own time

Prints the CPU seconds of: importing healthlint, loading and compiling the rules,
parsing each format beside the parsing library alone (markdown-it-py, html.parser:
the floor of a parser written on them), the first lint pass (patterns compiled on
first use, RE2 finders built, their automata warmed) and later passes (what a
resident process pays), and each rule alone (with the document's blocks and sentences,
which the rules of a run share: the column sums to more than a pass). The lowest of ``--passes`` passes is
shown; on a shared machine compare CPU, never wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this script)


def cpu(work: Callable[[], object], passes: int = 1) -> float:
    """The lowest CPU time of ``passes`` runs of ``work``."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=300, help="articles in the corpus (default 300)")
    p.add_argument("--passes", type=int, default=3, help="passes of each in-process measurement; the lowest is shown (default 3)")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="print the N functions of a warm lint pass with the most own time")
    args = p.parse_args(argv)

    folder = HERE / ".corpus" / str(args.files)
    size = corpus.build(folder, args.files)
    start = time.process_time()
    from healthlint.api import Linter
    from healthlint.engine import lint_document
    from healthlint.prefilter import expect
    from healthlint.ruleset import Ruleset

    imported = time.process_time() - start
    start = time.process_time()
    linter = Linter()
    loaded = time.process_time() - start

    files = sorted(f for f in folder.rglob("*") if f.is_file())
    by_format: dict[str, list[tuple[str, str]]] = {}
    for f in files:
        by_format.setdefault(linter.config.format_for(str(f)) or "text", []).append((str(f), f.read_text(encoding="utf-8")))
    print(f"{len(files)} articles, {size / 1e6:.1f} MB; CPU seconds (lowest of {args.passes} passes)")
    print(f"  import healthlint            {imported:7.3f}")
    print(f"  load and compile the rules   {loaded:7.3f}")

    parsed_total = 0.0
    for fmt, texts in sorted(by_format.items()):
        took = cpu(lambda: [linter.parse(t, path=name) for name, t in texts], args.passes)
        parsed_total += took
        mb = sum(len(t) for _, t in texts) / 1e6
        floor = _library_floor(fmt, [t for _, t in texts], args.passes)
        beside = f"   (library alone {floor:.3f})" if floor is not None else ""
        print(f"  parse {fmt:<9} {mb:5.1f} MB    {took:7.3f}{beside}")
    print(f"  parse, all formats           {parsed_total:7.3f}")

    docs = [(linter.parse(t, path=name), name) for texts in by_format.values() for name, t in texts]
    expect(len(docs))  # as the command line says how many files it lints
    first = cpu(lambda: [lint_document(d, linter.ruleset_for(n)) for d, n in docs])
    warm = cpu(lambda: [lint_document(d, linter.ruleset_for(n)) for d, n in docs], args.passes)
    print(f"  rules, first pass            {first:7.3f}   (patterns compiled, finders built and warmed on first use)")
    print(f"  rules, later passes          {warm:7.3f}")
    ruleset = linter.ruleset
    alone = {r.name: cpu(lambda r=r: [lint_document(d, Ruleset((r,), ruleset.kinds, ruleset.names)) for d, _ in docs]) for r in ruleset.rules}
    for name, took in sorted(alone.items(), key=lambda x: -x[1]):
        print(f"    {name:<34} {took:7.3f}")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for d, n in docs:
            lint_document(d, linter.ruleset_for(n))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
    return 0


def _library_floor(fmt: str, texts: list[str], passes: int) -> float | None:
    """The parsing library alone on ``texts`` (what any parser built on it pays), or None."""
    if fmt == "markdown":
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        return cpu(lambda: [md.parse(t) for t in texts], passes)
    if fmt == "html":
        from html.parser import HTMLParser

        def feed() -> None:
            for t in texts:
                parser = HTMLParser(convert_charrefs=False)
                parser.feed(t)
                parser.close()

        return cpu(feed, passes)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
