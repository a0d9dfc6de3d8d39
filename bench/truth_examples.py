"""Example truth rate, counted by the bench: every ``path:line`` that the written playbook.md
and `standards explain` cite, and whether that line holds the text shown with it.

This reads the outputs as a person would, with its own parser (it does not call
standards.playbook.quotes, which standards uses to check itself): a backticked snippet right
before a place (``\\`code\\` (path:line)`` or explain's ``- do: \\`code\\` (as path:line)``) claims
that the line holds the snippet's first line (``...`` elides text; further snippet lines must
follow, in order, within the construct); a bare place claims only that the line exists and is
not blank.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.recovery import standards_cmd

PATH = r"(?:[\w.@+-]+/)*[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]*"
PLACE = re.compile(rf"(?<![\w/.-])({PATH}):(\d+)(?![\d\w])")
SNIPPET_BEFORE = re.compile(r"`([^`]+)`\s*\((?:as\s+)?$")
CONSTRUCT_LINES = 60


@dataclass(frozen=True)
class Cited:
    origin: str  # "playbook.md:12" or "explain py.naming.function"
    path: str
    line: int
    snippet: str

    def label(self) -> str:
        shown = f" `{self.snippet[:80]}`" if self.snippet else ""
        return f"{self.origin}: {self.path}:{self.line}{shown}"


def citations(text: str, origin: str) -> list[Cited]:
    """Every place in ``text``, with the snippet written right before it, if any."""
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        for m in PLACE.finditer(raw):
            before = SNIPPET_BEFORE.search(raw[: m.start()])
            snippet = before.group(1).replace(" ⏎ ", "\n") if before else ""
            out.append(
                Cited(f"{origin}:{number}" if origin.endswith(".md") else origin, m.group(1), int(m.group(2)), snippet)
            )
    return out


def _squash(text: str) -> str:
    return " ".join(text.split())


def _contains(source: str, wanted: str) -> bool:
    at = 0
    line = _squash(source)
    for piece in (_squash(p) for p in wanted.split("...")):
        if not piece:
            continue
        found = line.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def verdict(root: Path, c: Cited) -> str:
    """ "" when the citation is true, else why not."""
    target = root / c.path
    try:
        if target.is_symlink() or not target.is_file() or not target.resolve().is_relative_to(root.resolve()):
            return "no such file in the repository"
        lines = target.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if not 0 < c.line <= len(lines):
        return f"the file has {len(lines)} lines"
    here = lines[c.line - 1]
    if not here.strip() and (c.line > 1 or c.snippet):
        return "the line is blank"  # line 1 of an empty file may stand for the file
    wanted = [w for w in c.snippet.split("\n") if w.strip()]
    if not wanted:
        return ""
    if not _contains(here, wanted[0]):
        return f"the line says `{here.strip()[:100]}`"
    rest = lines[c.line : c.line + CONSTRUCT_LINES]
    for w in wanted[1:]:
        hit = next((i for i, s in enumerate(rest) if _contains(s, w)), None)
        if hit is None:
            return f"`{w.strip()[:60]}` does not follow the line"
        rest = rest[hit + 1 :]
    return ""


def explain_outputs(root: Path) -> dict[str, str]:
    """`standards explain` of every convention that has examples or a Do."""
    try:
        data = tomllib.loads((root / "standards.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    out = {}
    for cid, conv in sorted((data.get("conventions") or {}).items()):
        if not (conv.get("examples") or conv.get("do") or conv.get("counter_examples")):
            continue
        proc = subprocess.run(
            standards_cmd("explain", cid), cwd=root, capture_output=True, text=True, timeout=120, check=False
        )
        out[cid] = proc.stdout
    return out


def measure(root: Path) -> dict[str, Any]:
    cited: list[Cited] = []
    playbook = root / "playbook.md"
    if playbook.is_file():
        cited += citations(playbook.read_text(encoding="utf-8"), "playbook.md")
    for cid, text in explain_outputs(root).items():
        cited += citations(text, f"explain {cid}")
    failures = []
    for c in cited:
        why = verdict(root, c)
        if why:
            failures.append(f"{c.label()}: {why}")
    quoted = [c for c in cited if c.snippet]
    return {
        "cited": len(cited),
        "with_snippet": len(quoted),
        "true": len(cited) - len(failures),
        "from_playbook": sum(c.origin.startswith("playbook.md") for c in cited),
        "failures": failures,
    }
