"""The finding shared by the rules about files that travel together in a change."""

from __future__ import annotations

from standards.model import Convention, Finding, Fix


def missing_companion(rule: str, at: tuple[str, int], conv: Convention, what: str, fix: str) -> Finding:
    """The file at ``at`` (path, line) changed without its companion, where the history says
    the two go together."""
    path, line = at
    return Finding(
        path=path,
        line=line,
        column=1,
        rule=rule,
        message=f"{what}; {conv.support[0]} of {conv.support[1]} such changes here carried both",
        level=conv.level,
        why=conv.why,
        fix=Fix(fix),
        anchor=conv.anchor,
        whole_file=True,
    )
