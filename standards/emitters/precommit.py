"""``.pre-commit-config.yaml``: local hooks that call the installed `standards`.

The hooks are ``repo: local`` with ``language: system``, so they work offline and with
exactly the version of `standards` (and the ruff it pins) installed in the environment.
`standards check --staged` runs ruff, ESLint, RuboCop and our own rules with the
baseline applied, so no separate raw linter hook is added (it would block on old debt).
A commit-msg hook is added when the history's commit conventions are enforced.

An existing file is edited as text: our hook entries are inserted, or replaced where a
previous run put them, and every other byte (indentation, comments, quoting, the order of
keys) stays as the person wrote it. The YAML is parsed only to find where things are, and
the result is parsed again to prove the edit right. A layout the textual edit cannot handle
(flow-style ``repos``/``hooks``) falls back to a round trip through ruamel.yaml.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from standards.emitters import EmitEnv
from standards.emitters._yaml_text import Edit, NeedsRoundTrip, apply, dash, first_key_line, item_end
from standards.errors import ConfigError
from standards.fsutil import WritePlan
from standards.model import Level, Standards

ORDER = 60
PATH = ".pre-commit-config.yaml"

CHECK_HOOK = {
    "id": "standards-check",
    "name": "standards check (conventions in playbook.md)",
    "entry": "standards check --staged",
    "language": "system",
    # the files pre-commit passes are checked: staged ones as the change, the others (run
    # --all-files, run --files) in full, so the hook never reports Passed on files it skipped
    "pass_filenames": True,
    "require_serial": True,
    "always_run": True,
    "stages": ["pre-commit"],
}
COMMIT_MSG_HOOK = {
    "id": "standards-commit-msg",
    "name": "standards commit-msg (commit message conventions)",
    "entry": "standards commit-msg",
    "language": "system",
    "always_run": True,
    "stages": ["commit-msg"],
}
OURS = {CHECK_HOOK["id"], COMMIT_MSG_HOOK["id"]}
TYPES_KEY = "default_install_hook_types"
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .()/+-]*")
_NOT_PLAIN = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_EMPTY_FLOW = re.compile(r"(?P<key>repos:)\s*\[\s*\]\s*(?P<comment>#.*)?")


def wanted_hooks(standards: Standards) -> list[dict]:
    hooks = [dict(CHECK_HOOK)]
    if standards.settings.get("fix") is True:
        # opt-in: the hook fixes what the enforced conventions' fixers can, then refuses the
        # commit so the fixes are reviewed and staged (pre-commit reports the modified files)
        hooks[0]["entry"] = f"{CHECK_HOOK['entry']} --fix"
    if any(c.id.startswith("git.commit") and c.level is Level.ERROR for c in standards.conventions.values()):
        hooks.append(dict(COMMIT_MSG_HOOK))
    return hooks


def install_types(hooks: list[dict]) -> list[str]:
    stages = {s for h in hooks for s in h["stages"]}
    return ["pre-commit"] + (["commit-msg"] if "commit-msg" in stages else [])


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _load(text: str) -> Any:
    from standards.analyzers._configfiles import refuse_deep  # ruamel takes minutes on deep nesting

    refuse_deep(PATH, text)
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            PATH, f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None
        ) from None
    except RecursionError:
        raise ConfigError(PATH, "nested too deeply to read") from None


def merge(text: str | None, hooks: list[dict]) -> str:
    """``text`` (the current file, or None) with our hooks in it; other bytes unchanged."""
    if text is None or not text.strip():
        return (text or "") + _fresh(hooks)
    doc = _load(text)
    if doc is None:
        return text + ("" if text.endswith("\n") else "\n") + _fresh(hooks)
    if not isinstance(doc, dict):
        raise ConfigError(PATH, "expected a mapping with a `repos` list")
    repos = doc.get("repos")
    if repos is not None and not isinstance(repos, list):
        raise ConfigError(PATH, "`repos` must be a list")
    try:
        merged = _merge_text(text, doc, hooks)
    except NeedsRoundTrip:
        raise CannotEditInPlace from None
    try:
        proven = _hooks_in(_load(merged)) == hooks
    except ConfigError:
        proven = False
    if not proven:
        raise CannotEditInPlace
    return merged


class CannotEditInPlace(Exception):
    """The file's layout (a flow-style ``repos: [...]``, say) cannot take our hooks by a textual
    insertion, and rewriting the whole document would change bytes that are not ours."""


def _fresh(hooks: list[dict]) -> str:
    types = ", ".join(install_types(hooks))
    return f"{TYPES_KEY}: [{types}]\nrepos:\n" + "".join(_repo_lines(hooks, "", compact=True))


def _merge_text(text: str, doc: Any, hooks: list[dict]) -> str:
    lines = text.splitlines(keepends=True)
    edits: list[Edit] = []
    if TYPES_KEY not in doc:
        at = first_key_line(doc, lines)
        edits.append(Edit(at, at, (f"{TYPES_KEY}: [{', '.join(install_types(hooks))}]\n",)))
    if "repos" not in doc:
        edits.append(Edit(len(lines), len(lines), ("repos:\n", *_repo_lines(hooks, "", compact=True))))
    else:
        edits.extend(_repos_edits(lines, doc, hooks))
    return apply(lines, edits)


def _repos_edits(lines: list[str], doc: Any, hooks: list[dict]) -> list[Edit]:
    repos = doc["repos"]
    key_line, key_col = doc.lc.key("repos")
    if not repos:
        match = _EMPTY_FLOW.fullmatch(lines[key_line].strip())
        if repos is not None and match is None:
            raise NeedsRoundTrip
        if repos is None and lines[key_line].strip() != "repos:":
            raise NeedsRoundTrip
        head = " " * key_col + "repos:" + (f"  {match['comment']}" if match and match["comment"] else "") + "\n"
        return [Edit(key_line, key_line + 1, (head, *_repo_lines(hooks, " " * key_col, compact=True)))]
    dashes = [dash(lines, repos, i) for i in range(len(repos))]
    ours = next((i for i, repo in enumerate(repos) if _is_our_repo(repo)), None)
    if ours is None:
        dash_line, dash_col = dashes[-1]
        end = item_end(lines, dash_line, dash_col)
        compact = dash_col <= key_col
        return [Edit(end, end, tuple(_repo_lines(hooks, " " * dash_col, compact)))]
    local_hooks = repos[ours].get("hooks")
    if [_plain(h) for h in local_hooks if _is_ours(h)] == hooks:
        return []
    spans = [
        (line, item_end(lines, line, col), col)
        for i, hook in enumerate(local_hooks)
        if _is_ours(hook)
        for line, col in [dash(lines, local_hooks, i)]
    ]
    first_line, first_end, col = spans[0]
    edits = [Edit(first_line, first_end, tuple(_hook_lines(hooks, " " * col)))]
    edits += [Edit(line, end, ()) for line, end, _ in spans[1:]]
    return edits


def _repo_lines(hooks: list[dict], indent: str, compact: bool) -> list[str]:
    inner = indent + "  "
    return [f"{indent}- repo: local\n", f"{inner}hooks:\n", *_hook_lines(hooks, inner if compact else inner + "  ")]


def _hook_lines(hooks: list[dict], indent: str) -> list[str]:
    lines: list[str] = []
    for hook in hooks:
        for n, (key, value) in enumerate(hook.items()):
            lines.append(f"{indent}{'- ' if n == 0 else '  '}{key}: {_scalar(value)}\n")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _NOT_PLAIN and not text.endswith(" "):
        return text
    return json.dumps(text)


def _is_ours(hook: Any) -> bool:
    return isinstance(hook, dict) and hook.get("id") in OURS


def _is_our_repo(repo: Any) -> bool:
    """A ``repo: local`` entry holding at least one of our hooks."""
    return (
        isinstance(repo, dict)
        and repo.get("repo") == "local"
        and isinstance(repo.get("hooks"), list)
        and any(_is_ours(h) for h in repo["hooks"])
    )


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _hooks_in(doc: Any) -> list[dict]:
    for repo in doc.get("repos") or []:
        if _is_our_repo(repo):
            return [_plain(h) for h in repo["hooks"] if _is_ours(h)]
    return []


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    text = plan.current(PATH)
    hooks = wanted_hooks(standards)
    try:
        new = merge(text, hooks)
    except CannotEditInPlace:
        snippet = "".join(_repo_lines(hooks, "", compact=True))
        note = (
            f"pre-commit: {PATH} is laid out in a way standards cannot edit without rewriting the whole "
            f"file, so it was left as it is; add these hooks to its `repos` yourself:\n{snippet}"
        )
        return [note]
    if new != text:
        plan.add(PATH, new)
    return []
