"""One escaping function per output surface; every byte from a file name, an article or a rule goes through one.

A pull request controls file names, article text and rule files, and the CI log,
the job summary and a developer's terminal each obey their own in-band commands:

- **terminal** (:func:`terminal`): every stderr line, the text, full and line formats,
  ``--list-rules``, ``--statistics`` and ``explain``. Control characters (a line break,
  an escape sequence) and bidirectional overrides are shown as U+FFFD, so one item stays
  one line and nothing moves the cursor or reorders the text. A CI runner reads these
  lines too, so its command markers are defused as well (below).
- **GitHub workflow commands** (:func:`workflow_data`, :func:`workflow_property`,
  :func:`workflow_line`): ``%``, CR and LF are percent-encoded as the Actions toolkit
  does (``:`` and ``,`` too in a property), and ``##[`` is broken wherever it occurs,
  because the runner obeys ``##[command]`` anywhere in a line (``##[stop-commands]``
  would make it ignore every later command, ``add-mask`` included).
- **Markdown table cells** for the job summary (:func:`markdown_cell`,
  :func:`markdown_url`): Markdown's punctuation is backslash-escaped and ``& < >`` become
  entities, so a file name renders as text, never as a link, an image, emphasis, HTML
  or an autolink; a line break is ``<br>``.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: C0 and C1 controls but TAB, DEL, the bidirectional marks, embeddings, overrides and isolates,
#: and the Unicode line and paragraph separators
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
#: shown instead of a character the surface would obey
REPLACEMENT = "\ufffd"
#: the runner's command marker, broken by a zero-width space: ``#\u200b#[``
_RUNNER_MARK = "##["
_BROKEN_MARK = "#\u200b#["
#: a line whose first non-blank characters are ``::`` is a workflow command
_LEADING_COMMAND = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
#: what GitHub Markdown gives a meaning to inside a table cell: emphasis, code, links, images, HTML,
#: entities, the cell separator, math (``$``), autolinks (``http:``, ``www.``, ``a@b.c``), mentions and
#: issue references (``@x``, ``#1``); backslash-escaping any of them is plain CommonMark
_MD_SPECIAL = re.compile(r"[\\`*_\[\]()!<>&|#~:@.$]|\r\n|[\r\n]|" + CONTROL.pattern)
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def defuse_runner_marks(text: str) -> str:
    """``text`` with every ``##[`` broken (``###[`` too), so a CI runner sees no command in it."""
    while _RUNNER_MARK in text:
        text = text.replace(_RUNNER_MARK, _BROKEN_MARK)
    return text


def terminal(text: str) -> str:
    """``text`` safe for one line of a terminal or a CI log: no control, bidi or runner command."""
    if CONTROL.search(text):
        text = CONTROL.sub(REPLACEMENT, text)
    if _RUNNER_MARK in text:
        text = defuse_runner_marks(text)
    if text.lstrip().startswith("::"):
        text = _LEADING_COMMAND.sub("\\1:\u200b", text, count=1)
    return text


def terminal_lines(text: str) -> str:
    """Several lines for a terminal: each line as :func:`terminal` makes it, the line breaks kept."""
    return "\n".join(terminal(line) for line in text.split("\n"))


def workflow_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded, other controls and bidi as U+FFFD."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if CONTROL.search(text):
        text = CONTROL.sub(REPLACEMENT, text)
    return defuse_runner_marks(text)


def workflow_property(text: str) -> str:
    """A workflow command's property value: as :func:`workflow_data`, plus ``:`` and ``,``."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_line(text: str) -> str:
    """A plain log line printed between workflow commands: never a command itself."""
    return terminal(text)


def _md_char(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _MD_ENTITIES:
        return _MD_ENTITIES[ch]
    if ch in ("\r\n", "\r", "\n"):
        return "<br>"
    if len(ch) == 1 and ("!" <= ch <= "~"):
        return "\\" + ch
    return REPLACEMENT


def markdown_cell(text: str) -> str:
    """``text`` as the content of a GitHub Markdown table cell that renders as exactly this text."""
    return _MD_SPECIAL.sub(_md_char, text)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text (SARIF ``help.markdown``); line breaks kept."""
    return "\n".join(markdown_cell(line) for line in text.split("\n"))


def markdown_url(url: str) -> str:
    """A link destination for ``[text](<url>)`` in a table cell: nothing in it can end the link or the cell."""
    from urllib.parse import quote

    return quote(url, safe="/:?#[]@!$&'()*+,;=%-._~")


class TerminalWriter:
    """A text stream whose every line goes through :func:`terminal` (healthlint's stderr)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with each of its lines made safe; the line breaks are kept."""
        return self._stream.write(terminal_lines(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
