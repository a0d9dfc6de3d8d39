"""The layer model behind thin-controller, hot-column-index and layering, on small apps in
each framework's own idiom: where each handler's data access goes (ORM, a repository injected
with FastAPI ``Depends``, a service, a model method), and findings whose fix names the layer
the app really uses."""

from __future__ import annotations

from pathlib import Path

from standards import pipeline, webmodel
from standards.rules import hot_column_index, layering, thin_controller
from standards.webmodel import MODEL_METHOD, ORM, SERVICE, VIA_MODEL, VIA_REPOSITORY
from tests._repo import git
from tests.fixtures_web import added, run, standards_for, write
from tests.fixtures_web.apps import django_app, express_app, rails_app

AREAS = ["forum", "topic", "post", "badge", "report_card", "group"]


def committed(root: Path, files: dict[str, str]) -> Path:
    """The app written and committed in a real git repository."""
    write(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the app")
    return root


def model_of(root: Path) -> webmodel.WebModel:
    return webmodel.extract(pipeline.analyze(root, only=set()).ctx)


# -- FastAPI with repositories injected through Depends ---------------------------------------


FASTAPI_MODELS = """
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Forum(Base):
    __tablename__ = "forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Topic(Base):
    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    score: Mapped[int] = mapped_column()
"""

FASTAPI_REPOSITORY = """
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Forum, Topic


class ForumRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_forums(self, owner_id: int) -> list[Forum]:
        return list(self.session.scalars(select(Forum).where(Forum.owner_id == owner_id)))

    def get_forum(self, forum_id: int) -> Forum | None:
        return self.session.get(Forum, forum_id)

    def topics_of(self, forum_id: int) -> list[Topic]:
        return list(self.session.scalars(select(Topic).where(Topic.forum_id == forum_id)))
"""

FASTAPI_DEPS = """
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from app.db import SessionLocal
from app.repositories.forum import ForumRepository


def get_session():
    with SessionLocal() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_forum_repository(session: SessionDep) -> ForumRepository:
    return ForumRepository(session)


ForumRepoDep = Annotated[ForumRepository, Depends(get_forum_repository)]
"""


def fastapi_repository_app() -> dict[str, str]:
    routes = [
        "from fastapi import APIRouter, Depends",
        "",
        "from app.api.deps import ForumRepoDep, SessionDep, get_forum_repository",
        "from app.repositories.forum import ForumRepository",
        "",
        "router = APIRouter()",
    ]
    for i, area in enumerate(AREAS):
        routes += [
            "",
            "",
            f'@router.get("/{area}s/{{owner_id}}")',
            f"def list_{area}s(owner_id: int, repo: ForumRepoDep):",
            "    return repo.list_forums(owner_id)",
            "",
            "",
            f'@router.get("/{area}s/one/{{forum_id}}")',
            f"def get_{area}(forum_id: int, forums: ForumRepository = Depends(get_forum_repository)):",
            f"    found = forums.get_forum(forum_id + {i})",
            "    return found",
        ]
    return {
        "requirements.txt": "fastapi\nsqlalchemy\n",
        "app/__init__.py": "",
        "app/db.py": "from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n",
        "app/models.py": FASTAPI_MODELS,
        "app/api/__init__.py": "",
        "app/api/deps.py": FASTAPI_DEPS,
        "app/repositories/__init__.py": "",
        "app/repositories/forum.py": FASTAPI_REPOSITORY,
        "app/routes/__init__.py": "",
        "app/routes/forums.py": "\n".join(routes) + "\n",
    }


FAT_DEPENDS_HANDLER = """


@router.get("/dashboard/{owner_id}")
def dashboard(owner_id: int, session: SessionDep):
    forums = session.query(Forum).filter(Forum.owner_id == owner_id).all()
    topics = session.query(Topic).filter(Topic.user_id == owner_id).all()
    posts = session.query(Post).filter(Post.topic_id.in_([t.id for t in topics])).all()
    latest = session.query(Topic).order_by(Topic.id.desc()).first()
    return {"forums": forums, "topics": topics, "posts": posts, "latest": latest}
"""


def test_depends_injected_repository_is_recorded_as_repository_access(tmp_path: Path) -> None:
    web = model_of(committed(tmp_path, fastapi_repository_app()))
    by_name = {h.name: h for h in web.handlers}
    aliased, plain = by_name["list_forums"], by_name["get_forum"]
    assert [(c.text, c.kind, c.access, c.owner, c.injected) for c in aliased.calls] == [
        ("repo.list_forums", SERVICE, VIA_REPOSITORY, "ForumRepository", True)
    ]
    assert plain.calls[0].access == VIA_REPOSITORY and plain.injected == {"forums": "ForumRepository"}
    assert plain.main_access == VIA_REPOSITORY and not plain.calls_of(ORM)
    layer = webmodel.data_layer(web)
    assert layer is not None and layer.kind == VIA_REPOSITORY and layer.handlers == 2 * len(AREAS)
    assert layer.root == "app/repositories/"
    repo = next(a for a in web.accessors if a.name == "ForumRepository")
    assert repo.kind == VIA_REPOSITORY and set(repo.models) == {"Forum", "Topic"}


def test_handler_calling_the_injected_repository_is_thin(tmp_path: Path) -> None:
    committed(tmp_path, fastapi_repository_app())
    diff = added(
        tmp_path,
        "app/routes/forums.py",
        '\n\n@router.get("/archive/{owner_id}")\ndef archive(owner_id: int, repo: ForumRepoDep):\n'
        "    return repo.list_forums(owner_id)\n",
    )
    assert run(tmp_path, thin_controller.RULE, diff) == []
    archive = next(h for h in model_of(tmp_path).handlers if h.name == "archive")
    assert archive.main_access == VIA_REPOSITORY and archive.injected == {"repo": "ForumRepository"}


def test_session_queries_on_three_models_are_flagged_with_the_repository_as_fix(tmp_path: Path) -> None:
    committed(tmp_path, fastapi_repository_app())
    added(tmp_path, "app/routes/forums.py", "from app.models import Forum, Post, Topic\n")
    diff = added(tmp_path, "app/routes/forums.py", FAT_DEPENDS_HANDLER)
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert len(findings) == 1, [f.message for f in findings]
    finding = findings[0]
    assert finding.message.startswith("dashboard makes 4 ORM queries on 3 models: Forum (")
    assert "Topic (" in finding.message and "Post (" in finding.message
    assert finding.fix is not None
    assert finding.fix.description.startswith(
        "move the queries on Forum, Topic, Post into a method on ForumRepository like the others in "
        "app/repositories/forum.py"
    )
    assert "service layer" not in finding.fix.description


def test_three_queries_stay_under_the_query_threshold(tmp_path: Path) -> None:
    committed(tmp_path, fastapi_repository_app())
    added(tmp_path, "app/routes/forums.py", "from app.models import Forum, Post, Topic\n")
    three = FAT_DEPENDS_HANDLER.replace("    latest = session.query(Topic).order_by(Topic.id.desc()).first()\n", "")
    three = three.replace(', "latest": latest', "")
    diff = added(tmp_path, "app/routes/forums.py", three)
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert not any("ORM queries on" in f.message for f in findings)
    assert [f.line for f in findings if "directly" in f.message]  # still reaching the ORM past the repository


# -- Flask + Flask-SQLAlchemy + Alembic ----------------------------------------------------------


def flask_app(comment_index: str) -> dict[str, str]:
    models = [
        "from app import db",
        "",
        "",
        "class User(db.Model):",
        '    __tablename__ = "users"',
        "    id = db.Column(db.Integer, primary_key=True)",
        "",
        "",
        "class Topic(db.Model):",
        '    __tablename__ = "topics"',
        "    id = db.Column(db.Integer, primary_key=True)",
        '    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)',
        "",
        "    def recalculate(self):",
        "        self.post_count = Post.query.filter_by(topic_id=self.id).count()",
        "",
        "",
        "class Post(db.Model):",
        '    __tablename__ = "posts"',
        "    id = db.Column(db.Integer, primary_key=True)",
        '    topic_id = db.Column(db.Integer, db.ForeignKey("topics.id"), index=True)',
        '    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)',
        "    score = db.Column(db.Integer)",
        "",
        "",
        "class Comment(db.Model):",
        '    __tablename__ = "comments"',
        "    id = db.Column(db.Integer, primary_key=True)",
        f'    post_id = db.Column(db.Integer, db.ForeignKey("posts.id"){comment_index})',
    ]
    views = [
        "from flask import Blueprint",
        "",
        "from app.models import Comment, Post, Topic",
        "",
        'bp = Blueprint("forum", __name__)',
    ]
    for area in AREAS:
        views += [
            "",
            "",
            f'@bp.route("/{area}/<int:topic_id>")',
            f"def show_{area}(topic_id):",
            "    topic = Topic.query.get_or_404(topic_id)",
            "    topic.recalculate()",
            "    return render_template('topic.html', topic=topic)",
        ]
    views += [
        "",
        "",
        '@bp.route("/post/<int:post_id>/comments")',
        "def comments(post_id):",
        "    return Comment.query.filter_by(post_id=post_id).all()",
    ]
    migration = [
        "import sqlalchemy as sa",
        "from alembic import op",
        "",
        'revision = "0001"',
        "down_revision = None",
        "",
        "",
        "def upgrade():",
        '    op.create_table("users", sa.Column("id", sa.Integer(), nullable=False))',
        '    op.create_table("topics", sa.Column("id", sa.Integer()), sa.Column("user_id", sa.Integer()))',
        '    op.create_index("ix_topics_user_id", "topics", ["user_id"])',
        '    op.create_table("posts", sa.Column("id", sa.Integer()), sa.Column("topic_id", sa.Integer()))',
        '    op.create_index("ix_posts_topic_id", "posts", ["topic_id"])',
    ]
    return {
        "requirements.txt": "flask\nflask-sqlalchemy\nflask-migrate\n",
        "app/__init__.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
        "app/models.py": "\n".join(models) + "\n",
        "app/views.py": "\n".join(views) + "\n",
        "migrations/versions/0001_init.py": "\n".join(migration) + "\n",
    }


LIKES = """from app import db


class Like(db.Model):
    __tablename__ = "likes"
    id = db.Column(db.Integer, primary_key=True)
    post_id = db.Column(db.Integer, db.ForeignKey("posts.id"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)
"""


def test_flask_unindexed_foreign_key_filtered_on_gets_index_true_and_a_migration(tmp_path: Path) -> None:
    committed(tmp_path, {**flask_app(""), "app/likes.py": LIKES})  # 5 of its 6 foreign keys lead an index
    findings = run(tmp_path, hot_column_index.RULE)
    assert [f.message.split(" ")[0] for f in findings] == ["comments.post_id"]
    finding = findings[0]
    assert finding.path == "app/models.py" and finding.source_line.startswith("post_id = db.Column(")
    assert "filtered on in 1 place (app/views.py:" in finding.message
    line = int(finding.message.split("app/views.py:")[1].split(")")[0])
    assert "Comment.query.filter_by(post_id=post_id)" in (tmp_path / "app/views.py").read_text().split("\n")[line - 1]
    code = finding.fix.replacement
    assert 'post_id = db.Column(db.Integer, db.ForeignKey("posts.id"), index=True)' in code
    assert 'op.create_index("ix_comments_post_id", "comments", ["post_id"], unique=False)' in code
    assert "migrations/versions" in finding.fix.description


def test_flask_indexed_foreign_key_passes(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    assert run(tmp_path, hot_column_index.RULE) == []


def test_model_methods_are_delegation_not_data_access(tmp_path: Path) -> None:
    web = model_of(committed(tmp_path, flask_app(", index=True")))
    show = next(h for h in web.handlers if h.name == "show_forum")
    assert [(c.text, c.kind, c.model) for c in show.calls] == [
        ("Topic.query.get_or_404", ORM, "Topic"),
        ("topic.recalculate", MODEL_METHOD, "Topic"),
    ]
    assert show.access() == {ORM: 1, VIA_MODEL: 1}
    topic = next(a for a in web.accessors if a.name == "Topic")
    assert topic.kind == VIA_MODEL and topic.methods == ("recalculate",)


AGGREGATION = """


@bp.route("/topic/<int:topic_id>/score")
def topic_score(topic_id):
    total = 0
    for post in Post.query.filter_by(topic_id=topic_id).all():
        total += post.score
    return {"score": total}
"""


def test_aggregation_loop_in_a_flask_view_is_flagged(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    diff = added(tmp_path, "app/views.py", AGGREGATION)
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert len(findings) == 1, [f.message for f in findings]
    finding = findings[0]
    assert finding.message.startswith(
        "topic_score loads Post rows (Post.query.filter_by(topic_id=topic_id).all()) and adds them up "
        "in the handler (total +=)"
    )
    assert finding.source_line.startswith("for post in Post.query")
    assert "func.sum" in finding.fix.description
    assert "move that query into a method on the Post model in app/models.py" in finding.fix.description


def test_a_loop_that_only_renders_rows_is_not_aggregation(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    diff = added(
        tmp_path,
        "app/views.py",
        AGGREGATION.replace("        total += post.score\n", "        print(post.score)\n"),
    )
    assert run(tmp_path, thin_controller.RULE, diff) == []


# -- Django ------------------------------------------------------------------------------------


def test_django_foreign_key_is_indexed_by_default_and_db_index_false_is_caught(tmp_path: Path) -> None:
    files = django_app()
    files["shop/models.py"] += (
        "\n\nclass Note(models.Model):\n"
        '    order = models.ForeignKey("Order", on_delete=models.CASCADE)\n'
        '    ticket = models.ForeignKey("Ticket", on_delete=models.CASCADE, db_index=False)\n'
    )
    files["shop/views.py"] += (
        "\n\ndef notes(request, pk):\n    return Note.objects.filter(order_id=pk, ticket=request.GET['t'])\n"
    )
    committed(tmp_path, files)
    findings = [f for f in run(tmp_path, hot_column_index.RULE) if "Note." in f.message]
    assert [f.message.split(" ")[0] for f in findings] == ["Note.ticket"]
    finding = findings[0]
    assert "declared with db_index=False" in finding.message and "shop/views.py:" in finding.message
    assert finding.level.value == "warn"  # Django apps carry no FK convention: the hot-column one speaks
    assert 'ticket = models.ForeignKey("Ticket", on_delete=models.CASCADE, db_index=True)' in (finding.fix.replacement)


# -- Rails -------------------------------------------------------------------------------------


def rails_migrations_app() -> dict[str, str]:
    files = {k: v for k, v in rails_app().items() if k != "db/schema.rb"}
    for i, name in enumerate(["order", "invoice", "ticket", "review"]):
        files[f"db/migrate/2023010100000{i}_create_{name}s.rb"] = (
            f"class Create{name.capitalize()}s < ActiveRecord::Migration[7.1]\n  def change\n"
            f"    create_table :{name}s do |t|\n      t.references :user, foreign_key: true\n"
            "      t.string :state\n    end\n  end\nend\n"
        )
    files["app/models/note.rb"] = "class Note < ApplicationRecord\nend\n"
    files["app/models/memo.rb"] = "class Memo < ApplicationRecord\nend\n"
    return files


def test_rails_add_column_id_filtered_with_where_gets_add_index(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    added(
        tmp_path,
        "app/controllers/notes_controller.rb",
        "class NotesController < ApplicationController\n  def index\n"
        "    @notes = NoteLister.call(Note.where(author_id: params[:author]))\n  end\nend\n",
    )
    diff = added(
        tmp_path,
        "db/migrate/20240202000000_create_notes.rb",
        "class CreateNotes < ActiveRecord::Migration[7.1]\n  def change\n"
        "    create_table :notes do |t|\n      t.string :body\n    end\n"
        "    add_column :notes, :author_id, :bigint\n  end\nend\n",
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert [f.message.split(" ")[0] for f in findings] == ["notes.author_id"]
    finding = findings[0]
    assert finding.line == 6 and "filtered on in 1 place (app/controllers/notes_controller.rb:3)" in finding.message
    assert "add_index :notes, :author_id" in finding.fix.replacement


def test_rails_references_are_indexed_by_default(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    added(
        tmp_path,
        "app/controllers/memos_controller.rb",
        "class MemosController < ApplicationController\n  def index\n"
        "    @memos = MemoLister.call(Memo.where(author_id: params[:author]))\n  end\nend\n",
    )
    diff = added(
        tmp_path,
        "db/migrate/20240202000000_create_memos.rb",
        "class CreateMemos < ActiveRecord::Migration[7.1]\n  def change\n"
        "    create_table :memos do |t|\n      t.references :author, foreign_key: true\n    end\n  end\nend\n",
    )
    assert run(tmp_path, hot_column_index.RULE, diff) == []


def test_rails_joins_on_an_unindexed_key_are_named(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    added(
        tmp_path,
        "app/services/note_report.rb",
        "class NoteReport\n  def self.call\n    Note.joins(:author).order(:author_id)\n  end\nend\n",
    )
    diff = added(
        tmp_path,
        "db/migrate/20240202000000_create_notes.rb",
        "class CreateNotes < ActiveRecord::Migration[7.1]\n  def change\n"
        "    create_table :notes do |t|\n      t.integer :author_id\n    end\n  end\nend\n",
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert len(findings) == 1
    assert "ordered and joined on in 1 place (app/services/note_report.rb:3)" in findings[0].message


def test_rails_aggregation_in_an_action_is_flagged(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    diff = added(
        tmp_path,
        "app/controllers/totals_controller.rb",
        "class TotalsController < ApplicationController\n  def show\n    total = 0\n"
        "    Order.where(user_id: current_user.id).each do |order|\n      total += order.amount\n    end\n"
        "    @total = total\n  end\nend\n",
    )
    findings = [f for f in run(tmp_path, thin_controller.RULE, diff) if "adds them up" in f.message]
    assert len(findings) == 1 and findings[0].line == 4
    assert "(total +=)" in findings[0].message and ".sum(:column)" in findings[0].fix.description


def test_rails_model_method_on_a_found_record_is_delegation(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    write(
        tmp_path,
        {
            "app/controllers/orders_controller.rb": "class OrdersController < ApplicationController\n"
            "  def recalc\n    @order = Order.find(params[:id])\n    @order.recalculate\n  end\nend\n"
        },
    )
    handler = next(h for h in model_of(tmp_path).handlers if h.name == "OrdersController#recalc")
    assert [(c.text, c.kind) for c in handler.calls] == [("Order.find", ORM), ("@order.recalculate", MODEL_METHOD)]


# -- layering ----------------------------------------------------------------------------------


def test_layering_fix_names_the_repositories_of_the_repo(tmp_path: Path) -> None:
    files = fastapi_repository_app()
    for area in AREAS:
        files[f"app/repositories/{area}_extra.py"] = "from app.models import Forum\n"
        files[f"app/routes/{area}_extra.py"] = "from app.repositories.forum import ForumRepository\n"
    committed(tmp_path, files)
    _, standards = standards_for(tmp_path)
    assert standards.get("web.layers") is not None
    diff = added(tmp_path, "app/repositories/forum.py", "\nfrom app.routes.forums import router\n")
    findings = run(tmp_path, layering.RULE, diff)
    assert len(findings) == 1
    assert "into this repo's repositories (app/repositories/)" in findings[0].fix.description


# -- Express with Sequelize/Mongoose models, and a session alias defined out of sight ----------------


def test_express_route_querying_three_sequelize_models_is_flagged(tmp_path: Path) -> None:
    committed(tmp_path, express_app())
    diff = added(
        tmp_path,
        "src/routes/records.js",
        "router.get('/summary', async (req, res) => {\n"
        "    const orders = await Order.findAll({where: {userId: req.user.id}});\n"
        "    const user = await User.findByPk(req.user.id);\n"
        "    const open = await Invoice.count({where: {state: 'open'}});\n"
        "    const paid = await Invoice.sum('amount');\n"
        "    res.json({orders, user, open, paid});\n"
        "});\n",
    )
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert len(findings) == 1 and findings[0].message.startswith("GET /summary makes 4 ORM queries on 3 models")
    assert "Object.keys" not in findings[0].message


def test_session_from_an_alias_defined_elsewhere_is_recognised(tmp_path: Path) -> None:
    files = fastapi_repository_app()
    files["app/routes/raw.py"] = (
        "from fastapi import APIRouter\n\nfrom app.api.session import DbDep\nfrom app.models import User\n\n"
        'router = APIRouter()\n\n\n@router.get("/raw")\ndef raw(db: DbDep):\n    return db.query(User).all()\n'
    )
    handler = next(h for h in model_of(committed(tmp_path, files)).handlers if h.name == "raw")
    assert [(c.text, c.kind, c.model) for c in handler.calls] == [("db.query", ORM, "User")]
    assert handler.injected == {"db": "DbDep"}


def test_gathering_rows_into_a_list_or_text_is_not_aggregation(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    gathering = AGGREGATION.replace(
        "        total += post.score\n", "        total += [post.id]\n        html += f'<li>{post.id}'\n"
    )
    diff = added(tmp_path, "app/views.py", gathering)
    assert run(tmp_path, thin_controller.RULE, diff) == []
    web = model_of(tmp_path)
    assert next(h for h in web.handlers if h.name == "topic_score").loops == []


def test_rails_grouping_and_building_messages_are_not_aggregation(tmp_path: Path) -> None:
    committed(tmp_path, rails_migrations_app())
    write(
        tmp_path,
        {
            "app/controllers/groups_controller.rb": "class GroupsController < ApplicationController\n"
            "  def index\n    @groups = {}\n    Order.where(state: 'open').find_each do |o|\n"
            "      @groups[o.state] ||= []\n      @groups[o.state].push o\n    end\n  end\n\n"
            "  def errors\n    message = ''\n    Order.where(state: 'bad').each do |o|\n"
            '      message += if o.late? then "late #{o.id}" else "bad" end\n    end\n  end\nend\n'
        },
    )
    handlers = [h for h in model_of(tmp_path).handlers if h.name.startswith("GroupsController#")]
    assert len(handlers) == 2 and all(h.loops == [] for h in handlers)


def test_python_text_accumulated_over_rows_is_not_aggregation(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    text = AGGREGATION.replace("    total = 0\n", '    total = ""\n').replace("post.score", "post.title")
    diff = added(tmp_path, "app/views.py", text)
    assert run(tmp_path, thin_controller.RULE, diff) == []


def test_rails_generated_schema_dump_is_read_and_findings_sit_at_the_lookup(tmp_path: Path) -> None:
    files = rails_app()
    body = files["db/schema.rb"].rsplit("end\n", 1)[0]
    files["db/schema.rb"] = (
        "# This file is auto-generated from the current state of the database. Instead\n"
        "# of editing this file, please use the migrations feature of Active Record.\n"
        f"{body}"
        '  create_table "notes", force: :cascade do |t|\n    t.bigint "story_id"\n    t.string "short_id"\n  end\n'
        '  add_foreign_key "notes", "stories"\nend\n'
    )
    files["app/models/note.rb"] = "class Note < ApplicationRecord\n  def self./(x)\n  end\n\n  def pin!\n  end\nend\n"
    files["app/controllers/notes_controller.rb"] = (
        "class NotesController < ApplicationController\n  def index\n"
        "    @notes = NoteLister.call(Note.where(story_id: params[:story], short_id: params[:s]))\n  end\nend\n"
    )
    committed(tmp_path, files)
    web = model_of(tmp_path)
    notes = web.schema.tables["notes"]
    assert notes.columns["story_id"].references == "stories.id" and not notes.columns["short_id"].fk_like
    assert next(a for a in web.accessors if a.name == "Note").methods == ("pin!",)
    findings = run(tmp_path, hot_column_index.RULE)
    assert [(f.path, f.line, f.message.split(" ")[0]) for f in findings] == [
        ("app/controllers/notes_controller.rb", 3, "notes.story_id")
    ]


def test_rails_migration_newer_than_the_schema_dump_is_replayed_on_top(tmp_path: Path) -> None:
    committed(tmp_path, rails_app())
    added(
        tmp_path,
        "app/services/coupon_finder.rb",
        "class CouponFinder\n  def self.call(id)\n    Order.where(coupon_id: id)\n  end\nend\n",
    )
    diff = added(
        tmp_path,
        "db/migrate/20240202000000_add_coupon_to_orders.rb",
        "class AddCouponToOrders < ActiveRecord::Migration[7.1]\n  def change\n"
        "    add_column :orders, :coupon_id, :bigint\n  end\nend\n",
    )
    findings = run(tmp_path, hot_column_index.RULE, diff)
    assert [(f.path, f.line, f.message.split(" ")[0]) for f in findings] == [
        ("db/migrate/20240202000000_add_coupon_to_orders.rb", 3, "orders.coupon_id")
    ]
    assert "filtered on in 1 place (app/services/coupon_finder.rb:3)" in findings[0].message


def test_queries_spread_over_models_point_to_the_model_methods_the_repo_delegates_to(tmp_path: Path) -> None:
    committed(tmp_path, flask_app(", index=True"))
    diff = added(
        tmp_path,
        "app/views.py",
        '\n\n@bp.route("/overview")\ndef overview():\n    topics = Topic.query.count()\n'
        "    posts = Post.query.count()\n    comments = Comment.query.count()\n"
        "    users = User.query.count()\n    return {'t': topics, 'p': posts, 'c': comments, 'u': users}\n",
    )
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert [f.message.split(":")[0] for f in findings] == ["overview makes 4 ORM queries on 4 models"]
    fix = findings[0].fix.description
    assert "into methods on the models involved, the way this repo's handlers delegate" in fix
    where = fix.split(" at ")[-1].rstrip(")")
    path, line = where.rsplit(":", 1)
    assert "topic.recalculate()" in (tmp_path / path).read_text().split("\n")[int(line) - 1]
