"""Build the benchmark corpus deterministically from ``seeds/`` (and ``tests/corpus/``).

The seeds are plain-text exports of real pages (about 14 kB each). Seven
articles in eight are a seed in one of three formats, in turn: the text
itself, a Markdown rendition or an HTML page; a seeded random generator
drops, repeats and swaps a few blocks, so no two articles are identical (the
result cache cannot share entries between them). The eighth is a file of
``tests/corpus/`` (hand-written Markdown, HTML and text with front matter,
tables, links and footnotes) when that folder exists, else a seed again.
2,000 articles make about 26 MB, the size of the catalogues the issue names.

Real catalogues do not repeat their sentences, so neither does this corpus:
every sentence has some of its words swapped for other words of the seeds and
its numbers redrawn (:func:`vary_text`), deterministically, until it is one
not seen before. A corpus of repeated sentences would flatter every cache
keyed by text.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TEST_CORPUS = ROOT / "tests" / "corpus"
FORMATS = ("txt", "md", "html")
_BULLET = re.compile(r"^\s*[•·▪◦‣●○■□➢►✓✔]\s*")
_END = re.compile(r"[.,;:!…\"”]\s*$")


def seeds() -> list[str]:
    """The seed articles, in a fixed order."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()) if p.is_file() and p.suffix == ".txt"]


def test_corpus() -> list[tuple[str, str]]:
    """``(suffix, text)`` of the articles of ``tests/corpus/`` (none when it is absent)."""
    out = []
    if TEST_CORPUS.is_dir():
        for p in sorted(TEST_CORPUS.rglob("*")):
            if p.is_file() and p.suffix.lower() in (".md", ".html", ".htm", ".txt"):
                out.append((p.suffix.lower(), p.read_text(encoding="utf-8")))
    return out


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: a word that may be swapped: four letters or more, not part of markup, a key or a link
_SWAPPABLE = re.compile(r"(?<![\w<>/=&#@.:_-])[A-Za-z]{4,}(?![\w>/=:_(\[-])")
#: a number that is not part of a date, a time, a version or an address
_NUMBER = re.compile(r"(?<![\w\-/:.#&])\d{1,3}(?![\w\-/:]|\.\d)")


def vocabulary() -> list[str]:
    """The lower-case words of the seeds (four letters or more), in a fixed order."""
    return sorted({w for t in seeds() for w in re.findall(r"\b[a-z]{4,}\b", t)})


def vary_text(text: str, rng: random.Random, words: list[str], seen: set[str]) -> str:
    """``text`` with every sentence changed into one not in ``seen`` (words swapped, numbers redrawn)."""

    def sentence(m: re.Match[str]) -> str:
        original = m.group()
        slots = list(_SWAPPABLE.finditer(original))
        if not slots and not _NUMBER.search(original):
            return original
        for tries in range(8):
            out = _NUMBER.sub(lambda n: str(rng.randrange(1, 10 ** len(n.group()))), original)
            chosen = rng.sample(slots, min(len(slots), 1 + len(slots) // 6 + tries)) if slots else []
            for w in sorted(chosen, key=lambda w: -w.start()):
                new = rng.choice(words)
                new = new.capitalize() if w.group()[:1].isupper() else new
                out = out[: w.start()] + new + out[w.end() :]
            if out not in seen:
                break
        seen.add(out)
        return out

    return _SENTENCE.sub(sentence, text)


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]


def _is_heading(block: str) -> bool:
    words = block.split()
    return "\n" not in block.strip() and 0 < len(words) <= 14 and not _END.search(block) and block.lstrip()[:1].isupper()


def _kind(block: str) -> str:
    if _BULLET.match(block):
        return "list"
    return "heading" if _is_heading(block) else "paragraph"


def to_markdown(blocks: list[str]) -> str:
    out = []
    for i, b in enumerate(blocks):
        kind = _kind(b)
        if kind == "heading":
            out.append(("# " if i == 0 else "## ") + b.strip())
        elif kind == "list":
            out.append("\n".join("- " + _BULLET.sub("", line).strip() for line in b.splitlines() if line.strip()))
        else:
            out.append(" ".join(line.strip() for line in b.splitlines()))
    return "\n\n".join(out) + "\n"


def to_html(blocks: list[str]) -> str:
    title = html.escape(blocks[0].strip()) if blocks else "Article"
    body = []
    for i, b in enumerate(blocks):
        kind = _kind(b)
        text = html.escape(" ".join(line.strip() for line in b.splitlines()))
        if kind == "heading":
            tag = "h1" if i == 0 else "h2"
            body.append(f"<{tag}>{text}</{tag}>")
        elif kind == "list":
            items = "".join(f"<li>{html.escape(_BULLET.sub('', line).strip())}</li>" for line in b.splitlines() if line.strip())
            body.append(f"<ul>{items}</ul>")
        else:
            body.append(f"<p>{text}</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title}</title>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _vary(blocks: list[str], rng: random.Random, number: int) -> list[str]:
    head, rest = blocks[:1], list(blocks[1:])
    for _ in range(rng.randrange(0, 3)):  # drop a block or two
        if len(rest) > 4:
            del rest[rng.randrange(len(rest))]
    for _ in range(rng.randrange(0, 3)):  # repeat one
        if rest:
            rest.insert(rng.randrange(len(rest) + 1), rest[rng.randrange(len(rest))])
    if len(rest) > 6:  # swap two neighbours
        i = rng.randrange(len(rest) - 1)
        rest[i], rest[i + 1] = rest[i + 1], rest[i]
    return head + rest + [f"This is article number {number} of the benchmark corpus."]


def articles(n: int, seed: int = 2026) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` of ``n`` articles, the same on every run."""
    pool = seeds()
    extra = test_corpus()
    rng = random.Random(seed)
    words = vocabulary()
    seen: set[str] = set()
    used = 0
    for i in range(n):
        if extra and i % 8 == 7:
            suffix, text = extra[(i // 8) % len(extra)]
            fmt = "html" if suffix in (".html", ".htm") else suffix.lstrip(".")
            body = vary_text(text, rng, words, seen) + ("" if text.endswith("\n") else "\n") + f"\nThis is article number {i} of the benchmark corpus.\n"
        else:
            blocks = [vary_text(b, rng, words, seen) for b in _vary(_blocks(pool[used % len(pool)]), rng, i)]
            fmt = FORMATS[(used // len(pool)) % len(FORMATS)]
            used += 1
            if fmt == "txt":
                body = "\n\n".join(blocks) + "\n"
            elif fmt == "md":
                body = to_markdown(blocks)
            else:
                body = to_html(blocks)
        yield f"{i // 100:02d}/article-{i:04d}.{fmt}", body


def build(folder: Path, n: int, seed: int = 2026) -> int:
    """Write ``n`` articles under ``folder`` (replacing its articles); return the bytes written."""
    total = 0
    for name, text in articles(n, seed):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        total += len(data)
    return total


def long_article(size: int) -> str:
    """One Markdown article of about ``size`` characters (the seeds, repeated)."""
    blocks: list[str] = []
    pool = [_blocks(t) for t in seeds()]
    i = 0
    text = ""
    while len(text) < size:
        blocks.extend(pool[i % len(pool)] if not blocks else pool[i % len(pool)][1:])
        i += 1
        text = to_markdown(blocks)
    return text


def hostile() -> dict[str, str]:
    """The dense inputs a pull request can send: ``{file name: text}`` (issue: linear in size, under 10 s)."""
    rows = "\n".join(f"| {i} | guaranteed {i % 97}% cure | Cures. | {i * 7 % 1000} mg |" for i in range(60_000))
    table = "| n | claim | note | dose |\n|---|---|---|---|\n" + rows
    while len(table) > 1_500_000:
        table = table[: table.rindex("\n")]
    return {
        "dense-claims.txt": ("guaranteed 12% " * 200_000)[:3_000_000] + "\n",
        "short-sentences.txt": ("Cures. " * 300_000)[:2_000_000] + "\n",
        "table.md": "# Doses\n\n" + table + "\n",
    }
