"""Go's ``fmt.Sprintf`` as Vale uses it to render rule messages.

Vale formats a message with ``fmt.Sprintf(msg + "%[n+1]s", args..., "")``
(``core.CondSprintf``): surplus arguments never print ``%!(EXTRA ...)`` and a
missing one prints an empty string. Verbs that do not fit their argument print
Go's ``%!d(string=x)`` forms, exactly as Vale would.
"""

from __future__ import annotations

from typing import Any, Sequence

import regex

_SPEC = regex.compile(r"%([-+# 0]*)(?:\[(\d+)\])?(\d+|\*)?(?:\.(\d+)?)?(?:\[(\d+)\])?(.)?", regex.DOTALL)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    return "string"


def _go_float(value: float, verb: str, precision: int | None) -> str:
    if verb in "fF":
        return f"{value:.{6 if precision is None else precision}f}"
    if verb in "eE":
        text = f"{value:.{6 if precision is None else precision}e}"
        return text.upper() if verb == "E" else text
    # %g / %v: shortest representation
    if precision is None:
        text = repr(float(value))
        if text.endswith(".0"):
            text = text[:-2]
        if "e" in text:
            mant, exp = text.split("e")
            sign = exp[0] if exp[0] in "+-" else "+"
            digits = exp.lstrip("+-").rjust(2, "0")
            text = f"{mant}e{sign}{digits}"
        return text
    return f"{value:.{precision}g}"


def _quote(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _render(verb: str, value: Any, flags: str, precision: int | None) -> str:
    kind = _type_name(value)
    if verb == "v":
        if kind == "float64":
            return _go_float(value, "g", precision)
        if kind == "bool":
            return "true" if value else "false"
        return str(value)
    if verb in "sq":
        if kind != "string":
            return f"%!{verb}({kind}={_render('v', value, '', None)})"
        text = str(value)
        if precision is not None:
            text = text[:precision]
        return _quote(text) if verb == "q" else text
    if verb in "dboxX":
        if kind != "int":
            return f"%!{verb}({kind}={_render('v', value, '', None)})"
        n = int(value)
        body = {"d": str(abs(n)), "b": bin(abs(n))[2:], "o": oct(abs(n))[2:], "x": f"{abs(n):x}", "X": f"{abs(n):X}"}[verb]
        sign = "-" if n < 0 else ("+" if "+" in flags else "")
        return sign + body
    if verb in "eEfFgG":
        if kind not in ("float64",):
            return f"%!{verb}({kind}={_render('v', value, '', None)})"
        text = _go_float(float(value), verb, precision)
        return ("+" + text) if "+" in flags and not text.startswith("-") else text
    if verb == "t":
        if kind != "bool":
            return f"%!t({kind}={_render('v', value, '', None)})"
        return "true" if value else "false"
    return f"%!{verb}({kind}={_render('v', value, '', None)})"


def sprintf(fmt: str, args: Sequence[Any]) -> str:
    """``fmt.Sprintf(fmt, args...)`` for the verbs rule messages use."""
    out: list[str] = []
    arg = 0
    reordered = False
    i = 0
    n = len(fmt)
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        if j + 1 < n and fmt[j + 1] == "%":
            out.append("%")
            i = j + 2
            continue
        m = _SPEC.match(fmt, j)
        assert m is not None
        flags, index1, width, precision, index2, verb = m.groups()
        index = index2 or index1
        if index is not None:
            reordered = True
            arg = int(index) - 1
        i = m.end()
        if verb is None:
            out.append("%!(NOVERB)")
            break
        if arg < 0 or arg >= len(args):
            out.append(f"%!{verb}(BADINDEX)" if index is not None else f"%!{verb}(MISSING)")
            arg += 1
            continue
        text = _render(verb, args[arg], flags, int(precision) if precision else (0 if precision == "" else None))
        arg += 1
        if width and width != "*":
            w = int(width)
            if len(text) < w:
                if "-" in flags:
                    text = text.ljust(w)
                elif "0" in flags and verb not in "sqv":
                    sign = text[0] if text[:1] in "+-" else ""
                    text = sign + text[len(sign):].rjust(w - len(sign), "0")
                else:
                    text = text.rjust(w)
        out.append(text)
    if not reordered and arg < len(args):
        extra = ", ".join(f"{_type_name(a)}={_render('v', a, '', None)}" for a in args[arg:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def cond_sprintf(fmt: str, *args: Any) -> str:
    """Vale's ``core.CondSprintf``: surplus arguments are ignored."""
    values = [*args, ""]
    return sprintf(fmt + f"%[{len(values)}]s", values)


def format_message(message: str, *args: Any) -> str:
    """A rule message with its arguments; line breaks become spaces (Vale's ``WhitespaceToSpace``)."""
    text = cond_sprintf(message, *args)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
