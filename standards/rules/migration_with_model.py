"""migration-with-model: migrations travel with their model change, where history says so."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Convention, Finding
from standards.rules import CheckContext, Rule, RuleDoc
from standards.rules._companion import missing_companion
from standards.webmodel.changes import Change, is_migration, is_model

MIGRATION_NEEDS_MODEL = "change.migration_with_model"
MODEL_NEEDS_MIGRATION = "change.model_with_migration"


def check(ctx: CheckContext) -> Iterable[Finding]:
    if ctx.diff is None:
        return
    change = Change({path: len(lines) for path, lines in ctx.diff.lines.items()})
    migrations, models = change.touches(is_migration), change.touches(is_model)
    first = ctx.standards.enabled(MIGRATION_NEEDS_MODEL)
    if first is not None and migrations and not models:
        yield _finding(
            ctx,
            migrations[0],
            first,
            "a migration without a model (or schema) change",
            "the model change",
        )
    second = ctx.standards.enabled(MODEL_NEEDS_MIGRATION)
    if second is not None and models and not migrations:
        yield _finding(
            ctx,
            models[0],
            second,
            "a model change without a migration",
            "the migration",
        )


def _finding(ctx: CheckContext, path: str, conv: Convention, what: str, missing: str) -> Finding:
    line = min(ctx.diff.lines.get(path) or {1}) if ctx.diff else 1
    fix = f"add {missing} to this change, or say in the description why it stands alone"
    return missing_companion(RULE.qualified, (path, line), conv, f"this change has {what}", fix)


RULE = Rule(
    id="migration-with-model",
    title="Migrations and model changes travel together",
    conventions=(MIGRATION_NEEDS_MODEL, MODEL_NEEDS_MIGRATION),
    languages=(),
    doc=RuleDoc(
        what="Warns when a change adds a migration without touching a model (or db/schema.rb), or changes "
        "a model without a migration; each direction only where the repo's history shows that they "
        "usually travel together.",
        why="A migration without its model (or a model without its migration) leaves code and database "
        "out of step until someone notices in production.",
        example="db/migrate/20240101_add_state_to_orders.rb  (db/schema.rb unchanged)",
        use_instead="db/migrate/20240101_add_state_to_orders.rb + db/schema.rb",
    ),
    check=check,
    scope="change",
)
