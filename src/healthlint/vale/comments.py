"""Vale's in-document comment controls (``<!-- vale off -->`` and friends)."""

from __future__ import annotations

import json

import regex

_CONTROL = regex.compile(r"^vale (.+\..+|[^.]+) = (YES|NO|on|off)$")
_STYLES = regex.compile(r"^vale styles? = (.*)$")
_MATCHES = regex.compile(r"^vale (.+\..+)(\[.+\]) = (YES|NO)$")


class Comments:
    """The comment state of one file, updated in document order."""

    def __init__(self, base_styles: tuple[str, ...] = ()) -> None:
        self.state: dict[str, bool] = {}
        self.base_styles = base_styles

    @property
    def off(self) -> bool:
        return self.state.get("off", False)

    def update(self, comment: str) -> None:
        if comment == "vale off":
            self.state["off"] = True
        elif comment == "vale on":
            self.state["off"] = False
        elif (m := _MATCHES.match(comment)) is not None:
            try:
                parts = json.loads(m.group(2))
            except ValueError:
                return
            if isinstance(parts, list):
                for p in parts:
                    self.state[f"{m.group(1)}[{p}]"] = m.group(3) == "NO"
        elif (m := _CONTROL.match(comment)) is not None:
            self.state[m.group(1)] = m.group(2) in ("NO", "off")
        elif (m := _STYLES.match(comment)) is not None:
            for style in self.base_styles:
                self.state[style] = True
            for style in m.group(1).split(", "):
                self.state[style] = False

    def query(self, check: str) -> bool:
        """True when ``check`` (a rule, or ``Rule[match]``) is disabled here."""
        if self.state.get("off"):
            return True
        style, dot, _ = check.partition(".")
        if dot and self.state.get(style):
            return True
        return self.state.get(check, False)

    def reset(self) -> None:
        for key in self.state:
            if key != "off":
                self.state[key] = False
