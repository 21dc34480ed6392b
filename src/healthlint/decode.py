"""Bytes to text: UTF-8 (with or without BOM), UTF-16 by its BOM; anything else is an error."""

from __future__ import annotations

import codecs

from healthlint.errors import InputError


def decode(data: bytes, path: str) -> str:
    """Decode an article, never guessing silently."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts with FF FE
        raise InputError("UTF-32 text (by its byte order mark) is not supported; save the file as UTF-8", path=path, line=1, column=1)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        else:  # count in the text before the bad code unit, not in its bytes
            before = data[: exc.start].decode(encoding, "replace")
            line = before.count("\n") + 1
            col = len(before) - (before.rfind("\n") + 1) + 1
        if encoding == "utf-8":
            what = f"byte 0x{data[exc.start]:02x}"
        else:  # name the 16-bit unit (a lone surrogate), not its first byte
            unit = data[exc.start : exc.start + 2]
            value = int.from_bytes(unit, "big") if data.startswith(codecs.BOM_UTF16_BE) else int.from_bytes(unit, "little")
            what = f"code unit 0x{value:04x}" if len(unit) == 2 else "a lone last byte"
        raise InputError(
            f"not valid {encoding.upper()} text ({what} at offset {exc.start}); save the file as UTF-8",
            path=path, line=line, column=col,
        ) from None
    if "\x00" in text[:8192]:
        raise InputError("looks like a binary file (NUL bytes), not an article", path=path, line=1, column=1)
    return text
