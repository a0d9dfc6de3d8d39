from __future__ import annotations

from pathlib import Path

from standards.rules import hot_column_index
from tests.fixtures_web import added, run, standards_for, write
from tests.fixtures_web.apps import (
    NAMES,
    django_app,
    express_app,
    fastapi_app,
    rails_app,
)

MODEL = """

class Dispute(Base):
    __tablename__ = "disputes"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"){index})
"""
LOOKUPS = "".join(
    f"\n\ndef disputes_{i}(session, user_id):\n    return session.query(Dispute).filter_by(customer_id=user_id).all()\n"
    for i in range(3)
)


def test_fk_convention_inferred_where_the_orm_does_not_index(tmp_path: Path) -> None:
    _, standards = standards_for(write(tmp_path, fastapi_app()))
    fk = standards.get("web.schema.fk_indexed")
    assert fk is not None and fk.support == (len(NAMES), len(NAMES))
    assert fk.enforced_by == ["standards:hot-column-index"]


def test_new_fk_column_queried_without_index_gets_an_alembic_migration(
    tmp_path: Path,
) -> None:
    write(tmp_path, fastapi_app())
    diff = added(tmp_path, "app/models.py", MODEL.format(index=""))
    added(tmp_path, "app/services/records.py", LOOKUPS)
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.path == "app/models.py" and "customer_id" in finding.source_line
    assert "disputes.customer_id is a foreign key that leads no index" in finding.message
    assert "filtered on in 3 places (app/services/records.py:" in finding.message
    assert finding.fix is not None
    assert 'op.create_index(op.f("ix_disputes_customer_id"), "disputes", ["customer_id"], unique=False)' in (
        finding.fix.replacement
    )
    assert "migrations/versions" in finding.fix.description
    assert 'customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)' in finding.fix.replacement


def test_same_column_with_an_index_passes(tmp_path: Path) -> None:
    write(tmp_path, fastapi_app())
    diff = added(tmp_path, "app/models.py", MODEL.format(index=", index=True"))
    added(tmp_path, "app/services/records.py", LOOKUPS)
    assert run(tmp_path, hot_column_index.RULE, diff) == []


def test_column_leading_a_composite_index_passes_but_second_column_does_not(
    tmp_path: Path,
) -> None:
    write(tmp_path, fastapi_app())
    model = MODEL.format(index="") + "    vendor_id: Mapped[int] = mapped_column(ForeignKey('users.id'))\n"
    model = model.replace(
        '    __tablename__ = "disputes"\n',
        '    __tablename__ = "disputes"\n    __table_args__ = (Index("ix_d", "customer_id", "vendor_id"),)\n',
    )
    diff = added(tmp_path, "app/models.py", model)
    assert [f.message.split(" ")[0] for f in run(tmp_path, hot_column_index.RULE, diff)] == ["disputes.vendor_id"]


def test_alembic_index_added_later_covers_the_column(tmp_path: Path) -> None:
    write(tmp_path, fastapi_app())
    diff = added(tmp_path, "app/models.py", MODEL.format(index=""))
    write(
        tmp_path,
        {
            "migrations/versions/0002_disputes.py": """
            import sqlalchemy as sa
            from alembic import op

            revision = "0002"
            down_revision = "0001"


            def upgrade():
                op.create_table("disputes", sa.Column("id", sa.Integer()), sa.Column("customer_id", sa.Integer()))
                with op.batch_alter_table("disputes") as batch_op:
                    batch_op.create_index("ix_disputes_customer_id", ["customer_id"])
            """
        },
    )
    assert run(tmp_path, hot_column_index.RULE, diff) == []


def test_django_foreign_keys_never_flagged_and_hot_column_gets_db_index(
    tmp_path: Path,
) -> None:
    write(tmp_path, django_app())
    lookups = "".join(
        f"\n\ndef by_state_{i}(request):\n    return Order.objects.filter(state=request.GET['s'])\n" for i in range(4)
    )
    diff = added(tmp_path, "shop/views.py", lookups)
    _, standards = standards_for(tmp_path)
    fk = standards.get("web.schema.fk_indexed")  # Django's own index on every ForeignKey is the norm here ...
    assert fk is not None and fk.support == (8, 8) and fk.level.value == "warn"  # ... but never a block
    assert "8 indexed by Django by default" in fk.note
    hot = standards.get("web.schema.hot_columns")
    assert hot is not None and hot.level.value == "warn"
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert all("owner" not in f.message for f in findings)
    state = [f for f in findings if "Order.state" in f.message]
    assert state and state[0].level.value == "warn"
    assert "db_index=True" in state[0].fix.replacement


def test_rails_fix_uses_concurrently_when_the_repo_does(tmp_path: Path) -> None:
    write(tmp_path, rails_app(concurrently=True))
    diff = added(
        tmp_path,
        "db/schema.rb",
        'ActiveRecord::Schema[7.1].define(version: 2) do\n  create_table "notes" do |t|\n'
        '    t.bigint "author_id"\n  end\nend\n',
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert len(findings) == 1 and "notes.author_id" in findings[0].message
    code = findings[0].fix.replacement
    assert "add_index :notes, :author_id, algorithm: :concurrently" in code
    assert "disable_ddl_transaction!" in code and "ActiveRecord::Migration[7.1]" in code


def test_rails_polymorphic_reference_is_covered_by_its_pair_index(
    tmp_path: Path,
) -> None:
    files = {k: v for k, v in rails_app().items() if k != "db/schema.rb"}
    for i, name in enumerate(NAMES):
        files[f"db/migrate/2023010100000{i}_create_{name}s.rb"] = (
            f"class Create{name.capitalize()}s < ActiveRecord::Migration[7.1]\n  def change\n"
            f"    create_table :{name}s do |t|\n      t.references :user, foreign_key: true\n    end\n  end\nend\n"
        )
    write(tmp_path, files)
    diff = added(
        tmp_path,
        "db/migrate/20240202000000_create_comments.rb",
        "class CreateComments < ActiveRecord::Migration[7.1]\n  def change\n"
        "    create_table :comments do |t|\n      t.references :commentable, polymorphic: true\n"
        "      t.bigint :author_id\n    end\n    add_index :comments, :author_id\n"
        "    remove_index :comments, :author_id\n  end\nend\n",
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert [f.message.split(" ")[0] for f in findings] == ["comments.author_id"]


def test_knex_fk_without_index_is_caught(tmp_path: Path) -> None:
    write(tmp_path, express_app())
    diff = added(
        tmp_path,
        "migrations/20240202_notes.js",
        "exports.up = (knex) => knex.schema.createTable('notes', (table) => {\n"
        "    table.increments('id');\n    table.integer('order_id').references('orders.id');\n});\n",
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert len(findings) == 1 and "notes.order_id" in findings[0].message
    assert "table.index(['order_id'])" in findings[0].fix.replacement


def test_changed_text_is_the_changed_lines_with_context() -> None:
    """The pre-commit fast path reads only what a diff changed (plus three lines around
    each change), so a file that merely contains a lookup elsewhere does not load the schema."""
    from standards.gitutil import DiffInfo
    from standards.webmodel.diffscope import changed_text

    text = "\n".join(f"line {n}" for n in range(1, 21))
    diff = DiffInfo(lines={"a.py": {10}}, new_files={"new.py"})
    assert changed_text(diff, "a.py", text).split("\n") == [f"line {n}" for n in range(7, 14)]
    assert changed_text(diff, "b.py", text) == ""
    assert changed_text(diff, "new.py", text) == text
    assert changed_text(None, "a.py", text) == text
