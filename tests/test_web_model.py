"""Unit tests of the framework model extraction (no rules involved)."""

from __future__ import annotations

from pathlib import Path

from standards import pipeline, webmodel
from tests.fixtures_web import write


def model_of(root: Path) -> webmodel.WebModel:
    return webmodel.extract(pipeline.analyze(root, only=set()).ctx)


def test_alembic_replay_follows_revision_order_and_drops(tmp_path: Path) -> None:
    mig = """
    import sqlalchemy as sa
    from alembic import op

    revision = "{rev}"
    down_revision = {down}


    def upgrade():
        {body}


    def downgrade():
        op.drop_table("t")
    """
    write(
        tmp_path,
        {
            "requirements.txt": "alembic\n",
            "versions/b.py": mig.format(rev="b", down='"a"', body='op.drop_index("ix_t_a", table_name="t")'),
            "versions/a.py": mig.format(
                rev="a",
                down="None",
                body='op.create_table("t", sa.Column("a_id", sa.Integer()), sa.Column("b", sa.Integer()))\n'
                '        op.create_index("ix_t_a", "t", ["a_id"])\n'
                '        op.create_index("ix_t_b", "t", ["b", "a_id"], unique=True, postgresql_where=sa.text("b > 0"))',
            ),
        },
    )
    table = model_of(tmp_path).schema.tables["t"]
    assert [ix.columns for ix in table.indexes] == [("b", "a_id")]
    assert table.indexes[0].unique and table.indexes[0].partial
    assert table.covered("b") and not table.covered("a_id")


def test_django_meta_indexes_and_inherited_fields(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "manage.py": "",
            "requirements.txt": "django\n",
            "shop/models.py": """
            from django.db import models


            class Base(models.Model):
                created = models.DateTimeField(db_index=True)

                class Meta:
                    abstract = True


            class Order(Base):
                number = models.CharField(unique=True)
                state = models.CharField()
                shop = models.ForeignKey("Shop", db_index=False)

                class Meta:
                    indexes = [models.Index(fields=["-state", "number"], condition=models.Q(x=1))]
            """,
        },
    )
    table = model_of(tmp_path).schema.table_for("Order")
    assert table is not None and "Base" not in model_of(tmp_path).schema.tables
    assert table.covered("created") and table.covered("number") and table.covered("state")
    assert not table.covered("shop") and table.indexes[0].partial


def test_query_sites_across_orms(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/q.py": """
            def f(session, u):
                Order.objects.filter(user__id=u, state__in=["a"], total__gt=3).order_by("-created")
                Order.objects.exclude(Q(kind="x"))
                session.execute(select(Item).where(Item.sku == u, Item.kind.in_([1])))
                Item.query.filter_by(owner_id=u)
            """,
            "app/models/thing.rb": "class Thing < ApplicationRecord\n  scope :live, -> { where(state: 'on') }\nend\n",
            "app/services/find.rb": "class Find\n  def x\n    Thing.find_by_slug_and_kind(1, 2)\n"
            '    Thing.where("owner_id = ?", 1).order(:created_at)\n  end\nend\n',
            "src/q.js": "knex('orders').where('user_id', 1).andWhere({state: 'x'});\n",
        },
    )
    sites = {(q.model, q.column, q.op) for q in model_of(tmp_path).queries}
    assert {
        ("Order", "user", "eq"),
        ("Order", "state", "eq"),
        ("Order", "created", "order"),
        ("Order", "kind", "eq"),
        ("Item", "sku", "eq"),
        ("Item", "kind", "eq"),
        ("Item", "owner_id", "eq"),
        ("Thing", "state", "eq"),
        ("Thing", "slug", "eq"),
        ("Thing", "kind", "eq"),
        ("Thing", "owner_id", "eq"),
        ("Thing", "created_at", "order"),
        ("orders", "user_id", "eq"),
        ("orders", "state", "eq"),
    } <= sites
    assert ("Order", "total", "eq") not in sites


def test_handlers_of_each_framework(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "flask\ndjango\n",
            "web/routes.py": """
            from flask.views import MethodView


            @bp.route("/a")
            def a():
                return 1


            class Thing(MethodView):
                def get(self):
                    x = 1
                    return x

                def helper(self):
                    return 2
            """,
            "shop/views.py": "def detail(request, pk):\n    return pk\n\n\ndef helper(x):\n    return x\n",
            "shop/urls.py": "from django.urls import path\n",  # Django is named from its import, not its pin
            "app/controllers/things_controller.rb": "class ThingsController < ApplicationController\n"
            "  def index\n    a = 1\n    b = 2\n  end\n\n  private\n\n  def helper\n  end\nend\n",
            "src/api/endpoints/posts.js": "module.exports = {\n  browse: {\n    permissions: true,\n"
            "    query(frame) {\n      return models.Post.findPage(frame.options);\n    }\n  }\n};\n",
        },
    )
    found = {(h.framework, h.name, h.statements) for h in model_of(tmp_path).handlers}
    assert found == {
        ("flask", "a", 1),
        ("flask", "Thing.get", 2),
        ("django", "detail", 1),
        ("rails", "ThingsController#index", 2),
        ("express", "browse", 1),
    }


def test_alembic_batch_blocks_alter_their_own_tables_and_renames_are_followed(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "alembic\n",
            "versions/a.py": """
            import sqlalchemy as sa
            from alembic import op

            revision = "a"
            down_revision = None


            def upgrade():
                op.create_table("posts", sa.Column("id", sa.Integer()), sa.Column("topic_id", sa.Integer()))
                op.create_table("topics", sa.Column("id", sa.Integer()), sa.Column("new_forum_id", sa.Integer()))
                with op.batch_alter_table("posts") as batch_op:
                    batch_op.create_index("ix_posts_topic_id", ["topic_id"])
                with op.batch_alter_table("topics") as batch_op:
                    batch_op.create_foreign_key("fk", "forums", ["new_forum_id"], ["id"])
                op.alter_column("topics", "new_forum_id", new_column_name="forum_id")
            """,
        },
    )
    tables = model_of(tmp_path).schema.tables
    assert sorted(tables) == ["posts", "topics"]
    assert tables["posts"].covered("topic_id") and "new_forum_id" not in tables["posts"].columns
    assert sorted(tables["topics"].columns) == ["forum_id", "id"]
    assert tables["topics"].columns["forum_id"].references == "forums.id"


def test_sqlmodel_tables_and_fields(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "sqlmodel\n",
            "app/models.py": """
            from sqlmodel import Field, SQLModel


            class ItemBase(SQLModel):
                title: str = Field(max_length=255)


            class Item(ItemBase, table=True):
                id: int = Field(primary_key=True)
                owner_id: int = Field(foreign_key="user.id", nullable=False)
                slug: str = Field(index=True)
            """,
        },
    )
    schema = model_of(tmp_path).schema
    assert sorted(schema.tables) == ["item"] and schema.models["Item"] == "item"
    item = schema.tables["item"]
    assert item.columns["owner_id"].references == "user.id" and not item.covered("owner_id")
    assert item.covered("slug") and item.covered("id")
