"""playbook.md: the ranked rulebook agents read (see standards.playbook)."""

from __future__ import annotations

from standards import playbook
from standards.check.baseline import PATH as BASELINE
from standards.emitters import EmitEnv
from standards.fsutil import WritePlan
from standards.model import Standards

ORDER = 70


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    text = playbook.render(standards, env.languages, list(env.frameworks), plan.current(BASELINE))
    plan.add(env.playbook_path, text)
    return []
