"""Commands shown in the project's own words: shell lines in the code blocks of README,
CONTRIBUTING and development/testing pages (Markdown fences, reStructuredText
``code-block``/``::`` blocks). Only lines that test, lint, format or type-check count."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from standards.runbook import classify
from standards.runbook.files import RepoFiles
from standards.runbook.model import Command

SOURCE = "docs"
MAX_DOCS = 30
DOC_NAME = re.compile(
    r"^(readme|contributing|hacking|development|developing|testing|tests?|getting[-_]started)", re.IGNORECASE
)
DOC_DIRS = ("", ".github", "docs", "doc", "docs/development", "docs/contributing", "docs/dev", "doc/development")
FENCE = re.compile(r"^\s*(```|~~~)")
RST_BLOCK = re.compile(r"(::\s*$|^\s*\.\. (code-block|code|sourcecode)::\s*(bash|sh|shell|console|text|none)?\s*$)")
PROMPT = re.compile(r"^\s*(\$|>|%|#)\s+")
SHELL_START = re.compile(r"^[A-Za-z_./$(]")


def doc_files(repo: RepoFiles) -> list[str]:
    out = []
    for folder in DOC_DIRS:
        for rel in repo.matching(folder, (".md", ".rst", ".txt", ".markdown")):
            if DOC_NAME.match(PurePosixPath(rel).name):
                out.append(rel)
    return out[:MAX_DOCS]


def commands(repo: RepoFiles) -> list[Command]:
    out = []
    for rel in doc_files(repo):
        text = repo.text(rel)
        if text is not None:
            out += _blocks(rel, text)
    return out


def _blocks(rel: str, text: str) -> list[Command]:
    out = []
    for number, line in code_lines(text, rel.endswith(".rst")):
        command = PROMPT.sub("", line).strip()
        if not SHELL_START.match(command) or len(command) > 200:
            continue
        kind = classify.kind_of(command)
        if kind and kind != "build":
            out.append(Command(command, kind, SOURCE, rel, number))
    return out


def code_lines(text: str, rst: bool) -> list[tuple[int, str]]:
    """The lines inside code blocks, with their numbers."""
    out: list[tuple[int, str]] = []
    lines = text.split("\n")
    fence = ""
    rst_indent = -1
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if match and (not fence or match.group(1) == fence):
            fence = "" if fence else match.group(1)
            continue
        if fence:
            out.append((number, line))
            continue
        if rst:
            indent = len(line) - len(line.lstrip())
            if rst_indent >= 0 and line.strip():
                if indent > rst_indent:
                    out.append((number, line))
                    continue
                rst_indent = -1
            if RST_BLOCK.search(line):
                rst_indent = indent
    return out
