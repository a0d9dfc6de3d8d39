"""The foreign-key index convention is decided by the repository's own evidence: the foreign
keys that queries filter, order or join on, counted with the denominator stated. Where most of
them lead an index the convention is a warning, hot-column-index runs and the key that breaks it
is known debt on the whole repository (playbook and `standards analyze`); where most have none
and the ORM adds none by itself, an index on a key queries use is a database practice the hook
still warns about (never blocks), with the numbers in the note and the old keys as known debt.
Small Flask-SQLAlchemy apps in real git repositories."""

from __future__ import annotations

from pathlib import Path

from _repo import make_repo

from standards.model import Level
from standards.playbook import render
from standards.playbook.debt import known_debt
from standards.report_analysis import analysis_text
from standards.rules import hot_column_index
from standards.webmodel import extract
from tests.fixtures_web import run, standards_for

FK = "web.schema.fk_indexed"
# (model, table, its foreign key) — each key is filtered on by a view below
LOOKED_UP = [
    ("Topic", "topics", "forum_id"),
    ("Post", "posts", "topic_id"),
    ("Vote", "votes", "post_id"),
    ("Report", "reports", "post_id"),
    ("Badge", "badges", "user_id"),
    ("Comment", "comments", "post_id"),
]


def app(indexed: set[str]) -> dict[str, str | bytes]:
    """Six models whose key is looked up (``indexed``: the models whose key leads an index) and
    two audit tables whose unindexed keys no query uses."""
    models = ["from app.extensions import db", ""]
    for model, table, key in LOOKED_UP:
        index = ", index=True" if model in indexed else ""
        parent = key.removesuffix("_id") + "s"
        models += [
            "",
            f"class {model}(db.Model):",
            f'    __tablename__ = "{table}"',
            "    id = db.Column(db.Integer, primary_key=True)",
            f'    {key} = db.Column(db.Integer, db.ForeignKey("{parent}.id"){index})',
            "",
        ]
    for model, table in (("TopicAudit", "topic_audits"), ("PostAudit", "post_audits")):
        models += [
            "",
            f"class {model}(db.Model):",
            f'    __tablename__ = "{table}"',
            "    id = db.Column(db.Integer, primary_key=True)",
            '    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"))',
            "",
        ]
    views = [
        "from flask import Blueprint",
        "",
        "from app.models import " + ", ".join(m for m, _, _ in LOOKED_UP),
        "",
        'bp = Blueprint("forum", __name__)',
    ]
    for model, table, key in LOOKED_UP:
        views += [
            "",
            "",
            f'@bp.route("/{table}/<int:{key}>")',
            f"def list_{table}({key}):",
            f"    return {model}.query.filter_by({key}={key}).all()",
        ]
    return {
        "requirements.txt": "flask\nflask-sqlalchemy\n",
        "app/__init__.py": "",
        "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
        "app/models.py": "\n".join(models) + "\n",
        "app/views.py": "\n".join(views) + "\n",
    }


def test_keys_that_queries_use_mostly_indexed_make_a_warning_and_the_gap_known_debt(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "forum", app(indexed={"Topic", "Post", "Vote", "Report", "Badge"}))
    analysis, standards = standards_for(root)
    fk = standards.get(FK)
    # 5 of the 6 looked-up keys are indexed (83%); over all 8 keys it would be 5 of 8 (62%, not checked)
    assert fk is not None and fk.support == (5, 6) and fk.level is Level.WARN
    assert "counted over the 6 foreign-key columns that queries filter, order or join on (8 in all)" in fk.note
    findings = run(root, hot_column_index.RULE)  # gated as the check engine gates it
    assert [f.message.split(" ")[0] for f in findings] == ["comments.post_id"]
    assert findings[0].level is Level.WARN
    debt = known_debt(analysis.ctx, extract(analysis.ctx), standards)
    assert [d.name for d in debt] == ["comments.post_id"]
    assert "5 of 6 foreign keys have one" in debt[0].problem and "index=True" in debt[0].fix
    assert "KNOWN DEBT (1" in analysis_text(analysis, standards) and "comments.post_id" in analysis_text(
        analysis, standards
    )
    ctx = analysis.ctx
    playbook = render(standards, ctx.discovery.languages(), list(ctx.frameworks), None, ctx)
    debt_section = playbook.split("## Known debt", 1)[1].split("\n## ", 1)[0]
    assert "comments.post_id, `post_id = db.Column(" in debt_section
    assert '<a id="web-schema-fk-indexed"></a>warns about code that breaks "foreign-key columns lead an index"' in (
        playbook
    )


def test_keys_that_queries_use_mostly_unindexed_are_a_practice_the_hook_warns_about(tmp_path: Path) -> None:
    """SQLAlchemy adds no index to a foreign key: where this repo's looked-up keys mostly have
    none, a new one is still a warning (never a block), and the old ones are known debt."""
    root = make_repo(tmp_path / "forum", app(indexed={"Topic"}))
    analysis, standards = standards_for(root)
    fk = standards.get(FK)
    assert fk is not None and fk.support == (1, 6) and fk.level is Level.WARN
    assert "mixed" not in fk.note and "small sample" not in fk.note
    assert (
        "a database practice the hook warns about (never blocks) for keys that queries use: SQLAlchemy adds no "
        "index by itself; the 5 unindexed ones here are known debt"
    ) in fk.note
    findings = run(root, hot_column_index.RULE)
    assert sorted(f.message.split(" ")[0] for f in findings) == [
        "badges.user_id",
        "comments.post_id",
        "posts.topic_id",
        "reports.post_id",
        "votes.post_id",
    ]
    assert {f.level for f in findings} == {Level.WARN}
    assert not [f for f in findings if "audits" in f.message]  # keys no query uses are not asked about
    debt = known_debt(analysis.ctx, extract(analysis.ctx), standards)
    assert debt and {d.name for d in debt} <= {f.message.split(" ")[0] for f in findings}
    ctx = analysis.ctx
    playbook = render(standards, ctx.discovery.languages(), list(ctx.frameworks), None, ctx)
    assert '<a id="web-schema-fk-indexed"></a>warns about code that breaks "foreign-key columns lead an index"' in (
        playbook
    )
    assert "so the hook does not ask for one" not in playbook
