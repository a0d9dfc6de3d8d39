"""How a source file's bytes become the text every reader sees: UTF-8 with its BOM stripped
(else latin-1), newlines normalised to LF. Standard library only: :mod:`standards.fsutil`
reads with it, and so does the hook's quick verdict, whose fingerprints must hash the same
line text as the check's."""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> str:
    """The text of a source file's bytes (see the module docstring)."""
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
