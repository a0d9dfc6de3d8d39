"""What history was read, and why none was: the evidence note every git.* convention rests
on (a shallow clone, a window, no commits, not a repository, no git binary)."""

from __future__ import annotations

from datetime import UTC, datetime

from standards.context import Context
from standards.history import messages
from standards.history.reader import history_for
from standards.model import Level, Observation

LANGUAGES = ()


def analyze(ctx: Context) -> list[Observation]:
    history = history_for(ctx)
    commits = history.commits
    people = list(messages.by_people(commits))
    value = {
        "commits": len(commits),
        "by_people": len(people),
        "merges": sum(1 for c in commits if c.is_merge),
        "authors": len({c.author for c in people}),
        "from": _date(commits[-1].committed) if commits else "",
        "to": _date(commits[0].committed) if commits else "",
        "shallow": history.shallow,
    }
    return [
        Observation(
            id="git.history",
            title="History read for the git.* conventions",
            category="history",
            language="git",
            value=value,
            support=len(people),
            total=len(commits),
            max_level=Level.INFO,
            note=history.problem or history.note,
            why="conventions learned from history are only as good as the history read",
        )
    ]


def _date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).date().isoformat()
