"""Fixtures for the escape-route tests: an adopted repository and a change committed past the hook."""

from __future__ import annotations

from pathlib import Path

from tests._repo import git, standards, style_repo, write


def adopted(tmp_path: Path) -> tuple[Path, dict[str, str], str]:
    """A repository after `standards init` and its adoption commit: (root, env, adoption commit)."""
    root = style_repo(tmp_path / "repo")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch"), "CI": "false"}
    init = standards(root, "init", extra_env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards", "--no-verify")
    return root, env, head(root)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").stdout.strip()


def sneak(root: Path, files: dict[str, str | bytes], message: str = "Sneak it in") -> None:
    """Commit ``files`` with --no-verify, as an agent that skips the hook would."""
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, "--no-verify")


def append(root: Path, rel: str, text: str) -> dict[str, str]:
    """``rel`` with ``text`` added at the end, for :func:`sneak`."""
    return {rel: (root / rel).read_text(encoding="utf-8") + text}


def heads(text: str) -> str:
    """The text output plus one ``path:line  rule  level  message`` line per finding, rebuilt
    from the grouped layout (a file line, then ``  line:col  level  rule  message`` lines), so
    tests can name a finding by its file, line, rule and level in one string."""
    import re

    out = [text]
    path = ""
    for line in text.splitlines():
        if line and not line.startswith(" ") and not re.match(r"\S+ \(\d+\)$", line):
            path = line.strip()
            continue
        found = re.match(r"  (\d+):\d+  (error|warning|info)  (\S+)  (.*)", line)
        if found and path:
            number, level, rule, message = found.groups()
            out.append(f"{path}:{number}  {rule}  {level}  {message}")
    return "\n".join(out)
