"""git's ``cat-file --batch`` output read back into the contents of the objects asked for.
Standard library only: :mod:`standards.check.versions` reads base and index versions with it,
and so does the hook's quick verdict."""

from __future__ import annotations


def batch_contents(out: bytes, names: list[str]) -> dict[str, bytes]:
    """Of ``names`` (asked in this order, one request line each), those git answered with a
    blob, and their bytes; a missing object, a tree or a submodule is left out."""
    found: dict[str, bytes] = {}
    at = 0
    for name in names:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing", or a submodule / tree
        size = int(header[2])
        found[name] = out[at : at + size]
        at += size + 1  # the newline after the content
    return found
