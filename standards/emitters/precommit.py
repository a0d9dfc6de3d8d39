"""``.pre-commit-config.yaml``: local hooks that call the installed `standards`.

The hooks are ``repo: local`` with ``language: system``, so they work offline and with
exactly the version of `standards` (and the ruff it pins) installed in the environment.
`standards check --staged` runs ruff, ESLint, RuboCop and our own rules with the
baseline applied, so no separate raw linter hook is added (it would block on old debt).
A commit-msg hook is added when the history's commit conventions are enforced.
An existing file is merged with ruamel.yaml (comments kept); other hooks are untouched.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from standards.emitters import EmitEnv
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
    "pass_filenames": False,
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


def wanted_hooks(standards: Standards) -> list[dict]:
    hooks = [dict(CHECK_HOOK)]
    if any(c.id.startswith("git.commit") and c.level is Level.ERROR for c in standards.conventions.values()):
        hooks.append(dict(COMMIT_MSG_HOOK))
    return hooks


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def merge(text: str | None, hooks: list[dict]) -> str:
    yaml = _yaml()
    try:
        doc = yaml.load(text) if text else None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            PATH, f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None
        ) from None
    if doc is None:
        doc = yaml.load("repos: []\n")
    if not isinstance(doc, dict):
        raise ConfigError(PATH, "expected a mapping with a `repos` list")
    repos = doc.get("repos")
    if repos is None:
        doc["repos"] = repos = yaml.load("[]")
    if not isinstance(repos, list):
        raise ConfigError(PATH, "`repos` must be a list")
    stages = {s for h in hooks for s in h["stages"]}
    install_types = ["pre-commit"] + (["commit-msg"] if "commit-msg" in stages else [])
    existing_types = doc.get("default_install_hook_types")
    if existing_types is None:
        doc.insert(0, "default_install_hook_types", install_types)
    else:
        for t in install_types:
            if t not in existing_types:
                existing_types.append(t)
    local = None
    for repo in repos:
        if (
            isinstance(repo, dict)
            and repo.get("repo") == "local"
            and any(isinstance(h, dict) and h.get("id") in OURS for h in repo.get("hooks") or [])
        ):
            local = repo
            break
    if local is None:
        repos.append({"repo": "local", "hooks": []})
        local = repos[-1]
    current = [h for h in local.get("hooks") or [] if not (isinstance(h, dict) and h.get("id") in OURS)]
    old = {h.get("id"): h for h in local.get("hooks") or [] if isinstance(h, dict) and h.get("id") in OURS}
    merged = list(current)
    for hook in hooks:
        prev = old.get(hook["id"])
        if prev is not None and all(prev.get(k) == v for k, v in hook.items()):
            merged.append(prev)
        else:
            merged.append(hook)
    local["hooks"] = merged
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    text = plan.current(PATH)
    new = merge(text, wanted_hooks(standards))
    if new != text:
        plan.add(PATH, new)
    return []
