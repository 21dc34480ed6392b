"""A rule's matching, as a reader sees it: its patterns as written, its token sequences, its lexicons.

``healthlint explain`` and the generated part of ``docs/rules.md`` both use it, so a rule author
who adds a term to a lexicon sees it in both without writing any documentation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import regex

from healthlint import yamlpos
from healthlint.lexicon import MACRO, Lexicon, StyleData

#: how many terms of a lexicon are shown
SHOWN_TERMS = 8


@dataclass(frozen=True)
class Matching:
    """What a rule file matches with: its patterns (as written) and the style data they name."""

    patterns: tuple[tuple[str, str], ...]
    lexicons: tuple[str, ...]
    named: tuple[str, ...]
    lemmas: tuple[str, ...]


def _pattern_fields(kind: Any) -> set[str]:
    return {
        f.name
        for f in dataclasses.fields(kind.Options)
        if f.metadata.get("regex") or f.metadata.get("sequence") or f.name == "exceptions"
    }


def render_token(token: Mapping[str, Any]) -> str:
    """One sequence token in words: ``{conditions}``, ``cure (any form)``, ``/pattern/``."""
    if "lexicon" in token:
        names = token["lexicon"] if isinstance(token["lexicon"], list) else [token["lexicon"]]
        text = " or ".join(f"{{{n}}}" for n in names)
    elif "lemma" in token:
        words = token["lemma"] if isinstance(token["lemma"], list) else [token["lemma"]]
        text = " or ".join(words) + " (any form)"
    else:
        text = f"/{token.get('pattern', '.+')}/"
    if token.get("negate"):
        text = f"any word but {text}"
    if token.get("skip"):
        text = f"(up to {token['skip']} words) {text}"
    return f"[{text}]" if token.get("optional") else text


def render_sequence(tokens: list[Any]) -> str:
    return " + ".join(render_token(t) for t in tokens if isinstance(t, dict))


def matching(path: Path, kinds: Mapping[str, Any], data: Mapping[str, StyleData], style: str) -> Matching:
    """The patterns of a rule file as written, and every lexicon, named pattern and lemma they use."""
    raw = yamlpos.plain(yamlpos.load(path.read_text(encoding="utf-8-sig"), str(path)))
    kind = kinds.get(str(raw.get("extends", "")))
    fields = _pattern_fields(kind) if kind is not None else set()
    patterns: list[tuple[str, str]] = []
    for key in [k for k in raw if k in fields]:
        value = raw[key]
        if key == "tokens" and str(raw.get("extends")) == "sequence":
            patterns.append((key, render_sequence(value if isinstance(value, list) else [])))
            continue
        items = list(value) if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and "sequence" in item:
                patterns.append((key, render_sequence(item["sequence"])))
            elif isinstance(item, str):
                patterns.append((key, item))
    lexicons: dict[str, None] = {}
    named: dict[str, None] = {}
    lemmas: dict[str, None] = {}
    texts = [p for _, p in patterns]
    seen: set[str] = set()
    while texts:
        text = texts.pop(0)
        for m in MACRO.finditer(text):
            what, ref = m.group(1), m.group(2)
            {"lexicon": lexicons, "pattern": named, "lemma": lemmas}[what][ref] = None
            if what == "pattern" and ref not in seen:
                seen.add(ref)
                owner, _, name = ref.rpartition(".")
                found = data.get(owner or style)
                if found is not None and name in found.patterns:
                    texts.append(found.patterns[name])
        for m in _TOKEN_NAMES.finditer(text):
            (lexicons if m.group(1) else lemmas)[(m.group(1) or m.group(2)).strip()] = None
    return Matching(tuple(patterns), tuple(lexicons), tuple(named), tuple(lemmas))


#: a rendered sequence token: "{conditions}", "cure (any form)"
_TOKEN_NAMES = regex.compile(r"(?<![\w:])\{([A-Za-z][\w.-]*)\}|(\b[\p{L}'’-]+) \(any form\)")


def lexicon_line(lex: Lexicon) -> str:
    """``conditions (112 terms, 230 forms with plurals): acne, ADHD, ...``."""
    how = {"verb": "every verb form", "noun": "plurals", "all": "every form"}.get(lex.inflect, "")
    counts = f"{len(lex.terms)} terms" + (f", {len(lex.forms)} forms with {how}" if how else "")
    shown = ", ".join(lex.terms[:SHOWN_TERMS]) + (", ..." if len(lex.terms) > SHOWN_TERMS else "")
    return f"{lex.name} ({counts}): {shown}"


def describe(m: Matching, data: Mapping[str, StyleData], style: str) -> Iterator[str]:
    """Text lines (no indentation) for "How it matches", then "Lexicons" and "Named patterns"."""
    yield "How it matches"
    for key, text in m.patterns:
        yield f"  {key}: {text}"
    if m.lexicons:
        yield ""
        yield "Lexicons (rules/<Style>/lexicons/<name>.txt; add a term and every rule naming the list catches it)"
        for ref in m.lexicons:
            owner, _, name = ref.rpartition(".")
            lex = data.get(owner or style)
            if lex is not None and name in lex.lexicons:
                yield "  " + lexicon_line(lex.lexicons[name])
    if m.named:
        yield ""
        yield "Named patterns (rules/<Style>/patterns.yml)"
        for ref in m.named:
            owner, _, name = ref.rpartition(".")
            found = data.get(owner or style)
            if found is not None and name in found.patterns:
                yield f"  {ref}: {found.patterns[name]}"


BEGIN = "<!-- BEGIN GENERATED by scripts/gen_rules_doc.py from rules/Medical: do not edit by hand -->"
END = "<!-- END GENERATED -->"


def render_markdown(style_dir: Path, kinds: Mapping[str, Any]) -> str:
    """The generated part of ``docs/rules.md``: each rule's matching, every lexicon, every named pattern."""
    from healthlint.lexicon import load_style_data
    from healthlint.packs import style_files

    style = style_dir.name
    data = {style: load_style_data(style_dir)}
    out = [BEGIN, "", "## How each rule matches", ""]
    out.append(
        f"Generated from the rule files in `rules/{style}/`; `healthlint explain {style}.<Name>` prints the same. "
        "`{name}` is a lexicon, `[...]` an optional token, `+` the next word."
    )
    for path in style_files(style_dir):
        m = matching(path, kinds, data, style)
        if not m.patterns:
            continue
        out += ["", f"### {style}.{path.stem}", "", "```text"]
        out += [f"{key}: {text}" for key, text in m.patterns]
        out.append("```")
        if m.lexicons:
            out += ["", "Lexicons: " + ", ".join(f"`{n}`" for n in m.lexicons) + "."]
        if m.named:
            out += ["", "Named patterns: " + ", ".join(f"`{n}`" for n in m.named) + "."]
    out += ["", "## Lexicons", "", f"`rules/{style}/lexicons/<name>.txt`, one term a line; a rule names them as "
            "`{lexicon:NAME}` in a pattern or `lexicon: NAME` in a sequence.", ""]
    out += ["| lexicon | terms | forms | first terms | source |", "|---|---:|---:|---|---|"]
    for name, lex in sorted(data[style].lexicons.items()):
        first = ", ".join(lex.terms[:SHOWN_TERMS]) + (", ..." if len(lex.terms) > SHOWN_TERMS else "")
        source = lex.source.replace("|", "\\|")
        out.append(f"| `{name}` | {len(lex.terms)} | {len(lex.forms)} | {first.replace('|', '/')} | {source} |")
    out += ["", "## Named patterns", "", f"`rules/{style}/patterns.yml`; a rule names them as `{{pattern:NAME}}`.", ""]
    out += ["| pattern | written as |", "|---|---|"]
    for name, text in data[style].patterns.items():
        shown = text.replace("|", "\\|").replace("`", "'")
        out.append(f"| `{name}` | `{shown}` |")
    out += ["", END]
    return "\n".join(out) + "\n"


def replace_generated(page: str, generated: str) -> str:
    """``page`` with its generated part replaced (appended when it has none)."""
    if BEGIN in page and END in page:
        head, rest = page.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + generated.rstrip("\n") + tail
    return page.rstrip("\n") + "\n\n" + generated
