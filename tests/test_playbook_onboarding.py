"""playbook.md as an onboarding note: how to add a feature here (the layering as a flow, each
step a real file of the repository), known debt largest first with its fix, framework and
safety conventions with their counts, style last and compressed, at most 1,500 words, and
every ``path:line`` a quote of its line. Each fixture app is a small real git repository."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from _repo import make_repo, standards

from standards import pipeline
from standards.model import Convention, Level, Source, Standards
from standards.playbook import budget, practices, quotes, render
from standards.playbook.debt import known_debt
from standards.playbook.facts import Step, quote
from standards.playbook.flow import feature_flow
from standards.webmodel import extract

# -- fixture apps ----------------------------------------------------------------------------


def flask_app() -> dict[str, str]:
    """Flask + Flask-SQLAlchemy + WTForms + Alembic: blueprint routes, two fat handlers."""
    views = [
        "from flask import Blueprint, flash, render_template",
        "from flask_babel import gettext as _",
        "from flask_login import login_required",
        "",
        "from app.extensions import db",
        "from app.forum.forms import ReplyForm, TopicForm",
        "from app.forum.models import Forum, Post, Topic",
        "",
        'forum = Blueprint("forum", __name__)',
    ]
    for i in range(18):
        form = "TopicForm" if i % 2 else "ReplyForm"
        views += [
            "",
            "",
            f'@forum.route("/topics/{i}/new", methods=["GET", "POST"])',
            "@login_required",
            f"def new_topic_{i}():",
            f"    form = {form}()",
            "    if form.validate_on_submit():",
            "        topic = Topic(title=form.title.data)",
            "        db.session.add(topic)",
            "        db.session.commit()",
            '        flash(_("Topic created."))',
            '    return render_template("topic.html", form=form)',
        ]
    for name, extra in (("forum_stats", 30), ("topic_export", 18)):
        views += [
            "",
            "",
            f'@forum.route("/{name}/<int:forum_id>")',
            "@login_required",
            f"def {name}(forum_id):",
            "    forum_ = Forum.query.get(forum_id)",
            "    topics = Topic.query.filter_by(forum_id=forum_id).all()",
            "    posts = Post.query.filter_by(forum_id=forum_id).all()",
            *[f"    total_{k} = len(topics) + len(posts) + {k}" for k in range(extra)],
            '    flash(_("Computed."))',
            '    return render_template("stats.html", forum=forum_, total=total_0)',
        ]
    models = [
        "from app.extensions import db",
        "",
        "",
        "class Forum(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        "",
        "",
        "class Topic(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        "    title = db.Column(db.String(80))",
        "    forum_id = db.Column(db.Integer, db.ForeignKey('forum.id'), index=True)",
        "",
        "    @classmethod",
        "    def in_forum(cls, forum_id):",
        "        return cls.query.filter_by(forum_id=forum_id).all()",
        "",
        "",
        "class Post(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        "    forum_id = db.Column(db.Integer, db.ForeignKey('forum.id'), index=True)",
    ]
    forms = [
        "from flask_wtf import FlaskForm",
        "from wtforms import StringField",
        "",
        "",
        "class TopicForm(FlaskForm):",
        '    title = StringField("Title")',
        "",
        "",
        "class ReplyForm(FlaskForm):",
        '    title = StringField("Reply")',
    ]
    revision = "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '{0}'\n\n\ndef upgrade():\n    {1}\n"
    return {
        "requirements.txt": "flask\nflask-sqlalchemy\nflask-wtf\nalembic\n",
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
        "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
        "app/forum/__init__.py": "",
        "app/forum/views.py": "\n".join(views) + "\n",
        "app/forum/models.py": "\n".join(models) + "\n",
        "app/forum/forms.py": "\n".join(forms) + "\n",
        "migrations/versions/0001_init.py": revision.format("0001", "op.create_table('forum')"),
        "migrations/versions/0002_topics.py": revision.format("0002", "op.add_column('topic', sa.Column('title'))"),
    }


def fastapi_app() -> dict[str, str]:
    """FastAPI: routers receive a repository through Depends, Pydantic schemas in and out."""
    routes = [
        "from fastapi import APIRouter, Depends",
        "",
        "from app.repositories.orders import OrderRepository, get_order_repository",
        "from app.schemas import OrderIn, OrderOut",
        "",
        "router = APIRouter()",
    ]
    for i in range(6):
        routes += [
            "",
            "",
            f'@router.get("/orders{i}/{{order_id}}", response_model=OrderOut)',
            f"def read_order_{i}(order_id: int, repo: OrderRepository = Depends(get_order_repository)):",
            "    return repo.get(order_id)",
            "",
            "",
            f'@router.post("/orders{i}")',
            f"def create_order_{i}(payload: OrderIn, repo: OrderRepository = Depends(get_order_repository)):",
            "    return repo.add(payload)",
        ]
    return {
        "requirements.txt": "fastapi\nsqlalchemy\npydantic\n",
        "app/__init__.py": "",
        "app/db.py": (
            "from sqlalchemy.orm import DeclarativeBase, Session\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n"
            "def get_session():\n    return Session()\n"
        ),
        "app/models.py": (
            "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.db import Base\n\n\n"
            'class Order(Base):\n    __tablename__ = "orders"\n'
            "    id: Mapped[int] = mapped_column(primary_key=True)\n\n\n"
            'class Customer(Base):\n    __tablename__ = "customers"\n'
            "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        ),
        "app/schemas.py": (
            "from pydantic import BaseModel\n\n\nclass OrderIn(BaseModel):\n    note: str\n\n\n"
            "class OrderOut(BaseModel):\n    id: int\n"
        ),
        "app/repositories/__init__.py": "",
        "app/repositories/orders.py": (
            "from fastapi import Depends\n\nfrom app.db import get_session\nfrom app.models import Order\n\n\n"
            "class OrderRepository:\n    def __init__(self, session):\n        self.session = session\n\n"
            "    def get(self, order_id):\n        return self.session.get(Order, order_id)\n\n"
            "    def add(self, payload):\n        order = Order(note=payload.note)\n        self.session.add(order)\n"
            "        return order\n\n\n"
            "def get_order_repository(session=Depends(get_session)) -> OrderRepository:\n"
            "    return OrderRepository(session)\n"
        ),
        "app/routers/__init__.py": "",
        "app/routers/orders.py": "\n".join(routes) + "\n",
    }


def django_app() -> dict[str, str]:
    views = [
        "from django.contrib.auth.decorators import login_required",
        "from django.shortcuts import render",
        "",
        "from shop.forms import OrderForm",
        "from shop.models import Order",
    ]
    for i in range(6):
        views += [
            "",
            "",
            "@login_required",
            f"def order_new_{i}(request):",
            "    form = OrderForm(request.POST or None)",
            "    if form.is_valid():",
            "        form.save()",
            '    return render(request, "order.html", {"form": form})',
        ]
    views += [
        "",
        "",
        "def order_list(request):",
        "    orders = Order.objects.filter(owner=request.user)",
        '    return render(request, "orders.html", {"orders": orders})',
    ]
    migration = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n"
    return {
        "manage.py": "import django\n",
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/models.py": (
            "from django.db import models\n\n\nclass Product(models.Model):\n"
            "    name = models.CharField(max_length=20)\n\n\n"
            "class Order(models.Model):\n    owner = models.ForeignKey('auth.User', on_delete=models.CASCADE)\n"
        ),
        "shop/forms.py": (
            "from django import forms\n\nfrom shop.models import Order\n\n\nclass OrderForm(forms.ModelForm):\n"
            "    class Meta:\n        model = Order\n        fields = ['owner']\n"
        ),
        "shop/views.py": "\n".join(views) + "\n",
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": migration,
        "shop/migrations/0002_order_owner.py": migration,
    }


def rails_app() -> dict[str, str]:
    files = {
        "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
        "app/controllers/application_controller.rb": (
            "class ApplicationController < ActionController::Base\n  before_action :authenticate_user!\nend\n"
        ),
        "config/routes.rb": "Rails.application.routes.draw do\n  resources :posts\n  resources :comments\n"
        "  resources :tags\nend\n",
    }
    for name in ("post", "comment", "tag"):
        cls = name.capitalize()
        files[f"app/controllers/{name}s_controller.rb"] = (
            f"class {cls}sController < ApplicationController\n"
            f"  before_action :set_{name}, only: [:show]\n\n"
            f"  def index\n    @items = {cls}.where(published: true)\n  end\n\n"
            f"  def show\n  end\n\n"
            f"  private\n\n  def set_{name}\n    @item = {cls}.find(params[:id])\n  end\nend\n"
        )
        files[f"app/models/{name}.rb"] = f"class {cls} < ApplicationRecord\nend\n"
        files[f"app/views/{name}s/index.html.erb"] = "<h1>Items</h1>\n"
        files[f"test/controllers/{name}s_controller_test.rb"] = (
            f"require 'test_helper'\n\nclass {cls}sControllerTest < ActionDispatch::IntegrationTest\nend\n"
        )
    files["db/migrate/20240101000000_create_posts.rb"] = (
        "class CreatePosts < ActiveRecord::Migration[7.1]\n  def change\n    create_table :posts\n  end\nend\n"
    )
    files["db/migrate/20240102000000_create_tags.rb"] = (
        "class CreateTags < ActiveRecord::Migration[7.1]\n  def change\n    create_table :tags\n  end\nend\n"
    )
    return files


def express_app() -> dict[str, str]:
    controller = "const Order = require('../models/order');\n\n" + "".join(
        f"exports.{name} = async (req, res) => {{\n"
        "  const rows = await Order.findAll({ where: { userId: req.user.id } });\n"
        "  res.json(rows);\n};\n\n"
        for name in ("list", "show", "create", "remove")
    )
    return {
        "package.json": '{"dependencies": {"express": "4"}}\n',
        "src/routes/index.js": (
            "const express = require('express');\nconst orders = require('../controllers/orders');\n\n"
            "const router = express.Router();\n"
            "router.get('/orders', (req, res) => orders.list(req, res));\n"
            "router.get('/orders/:id', (req, res) => orders.show(req, res));\n"
            "router.post('/orders', (req, res) => orders.create(req, res));\n"
            "module.exports = router;\n"
        ),
        "src/controllers/orders.js": controller,
        "src/models/order.js": (
            "class Order {\n  static findAll() {\n    return [];\n  }\n}\n\nmodule.exports = Order;\n"
        ),
        "src/models/user.js": "class User {}\n\nmodule.exports = User;\n",
    }


def celery_app() -> dict[str, str]:
    views = [
        "from flask import Blueprint",
        "",
        "from app.tasks import process_upload",
        "",
        'bp = Blueprint("up", __name__)',
    ]
    for i in range(5):
        views += [
            "",
            "",
            f'@bp.route("/uploads{i}/<int:upload_id>", methods=["POST"])',
            f"def start_{i}(upload_id):",
            "    process_upload.delay(upload_id)",
            '    return "", 202',
        ]
    return {
        "requirements.txt": "flask\ncelery\n",
        "app/__init__.py": "",
        "app/extensions.py": "from celery import Celery\n\ncelery = Celery()\n",
        "app/views.py": "\n".join(views) + "\n",
        "app/tasks.py": (
            "from app import pipeline\nfrom app.extensions import celery\n\n\n@celery.task\n"
            "def process_upload(upload_id):\n    pipeline.run(upload_id)\n"
        ),
        "app/pipeline.py": "def run(upload_id):\n    return upload_id\n",
    }


# -- helpers -----------------------------------------------------------------------------------


def analysed(root: Path) -> pipeline.Analysis:
    return pipeline.analyze(root, only=set())


def flow_of(root: Path) -> list[Step]:
    ctx = analysed(root).ctx
    return feature_flow(ctx, extract(ctx))


def assert_real(root: Path, steps: list[Step]) -> None:
    """Every step names a file of the repository and its example quotes its line."""
    for step in steps:
        assert step.path and (root / step.path).exists(), step
        if step.example is not None:
            lines = (root / step.example.path).read_text(encoding="utf-8").split("\n")
            assert quotes.holds(lines, step.example.line, step.example.snippet), step.example


def playbook_of(root: Path, runbook_md: str | None = None) -> str:
    analysis = analysed(root)
    ctx = analysis.ctx
    return render(Standards(), ctx.discovery.languages(), list(ctx.frameworks), None, ctx, runbook_md)


# -- the flow ----------------------------------------------------------------------------------


def test_flask_flow_is_route_form_model_migration_with_real_files(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "flaskapp", flask_app())
    steps = flow_of(root)
    assert [s.layer for s in steps] == ["route", "form", "data", "model", "migration"]
    route, form, data, model, migration = steps
    assert "`@<blueprint>.route(...)` (20 of 20 handlers)" in route.text and "`app/forum/views.py`" in route.text
    assert route.path == "app/forum/views.py" and route.example is not None
    assert route.example.snippet.startswith("@forum.route(")
    assert "a WTForms form (18 of 20 handlers use one) from `app/forum/forms.py`" in form.text
    assert (
        form.example is not None
        and form.example.snippet.startswith("class ")
        and "(FlaskForm):" in form.example.snippet
    )
    assert "handlers query the models themselves (20 of 20" in data.text
    assert "Flask-SQLAlchemy `db.Model` class (3 models) in `app/forum/models.py`" in model.text
    assert "an Alembic revision in `migrations/versions/` (2 so far)" in migration.text
    assert migration.example is not None and migration.example.snippet == "def upgrade():"
    assert_real(root, steps)


def test_fastapi_flow_names_the_repository_received_through_depends(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "api", fastapi_app())
    steps = flow_of(root)
    layers = [s.layer for s in steps]
    assert layers[:3] == ["route", "schema", "data"], steps
    route, schema, data = steps[:3]
    assert "`APIRouter` function" in route.text and "`app/routers/orders.py`" in route.text
    assert "a Pydantic schema (12 of 12 handlers use one) from `app/schemas.py`" in schema.text
    assert "through a repository the handler receives with `Depends(...)` (12 of 12 handlers)" in data.text
    assert "`OrderRepository` in `app/repositories/orders.py`" in data.text
    assert data.example is not None and data.example.snippet == "def get(self, order_id):"
    assert "service layer" not in " ".join(s.text for s in steps)
    assert_real(root, steps)


def test_django_flow_is_view_form_model_migration(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "site", django_app())
    steps = flow_of(root)
    # one view of seven queries the ORM itself: too few to make a "data" step of
    assert [s.layer for s in steps] == ["route", "form", "model", "migration"]
    assert "Django view (7 function views) in `shop/views.py`" in steps[0].text
    assert "a Django form (6 of 7 views use one) from `shop/forms.py`" in steps[1].text
    assert "Django `models.Model` class (2 models) in `shop/models.py`" in steps[2].text
    assert "a Django migration (`makemigrations`) in `shop/migrations/` (2 so far)" in steps[3].text
    assert steps[3].example is not None and steps[3].example.snippet == "class Migration(migrations.Migration):"
    assert_real(root, steps)


def test_rails_flow_is_controller_with_filters_model_view_route_test_migration(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "railsapp", rails_app())
    steps = flow_of(root)
    assert [s.layer for s in steps] == ["route", "model", "view", "routes", "test", "migration"]
    controller = steps[0]
    assert "6 actions in 3 controllers; 3 of 3 declare `before_action` filters" in controller.text
    assert "(ApplicationController's apply to all)" in controller.text
    assert controller.example is not None and controller.example.snippet.startswith("before_action :set_")
    assert "`app/models/` (3 models; 3 of 6 actions query models directly)" in steps[1].text
    assert "3 of 3 controllers have one" in steps[2].text
    assert "`config/routes.rb` (3 routes there)" in steps[3].text
    assert steps[3].example is not None and steps[3].example.snippet == "resources :posts"
    assert steps[4].path.startswith("test/controllers/")
    assert "Rails migration" in steps[5].text
    assert_real(root, steps)


def test_express_flow_is_route_controller_model(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "expressapp", express_app())
    steps = flow_of(root)
    assert [s.layer for s in steps] == ["route", "controller", "model"], steps
    assert "`router.<verb>(path, ...handlers)` (3 routes in `src/routes/index.js`)" in steps[0].text
    assert steps[0].example is not None and steps[0].example.snippet.startswith("router.get('/orders'")
    assert "a function in `src/controllers/orders.js` (4 of them)" in steps[1].text
    assert "models in `src/models/`" in steps[2].text and "(4 of 7 handlers call them)" in steps[2].text
    assert_real(root, steps)


def test_celery_flow_hands_long_work_to_a_task_that_calls_the_pipeline(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "worker", celery_app())
    steps = flow_of(root)
    layers = [s.layer for s in steps]
    assert layers[0] == "route" and layers[-2:] == ["task", "pipeline"], steps
    task, pipe = steps[-2:]
    assert "Celery task with `.delay(...)` (5 of 5 handlers do); tasks live in `app/tasks.py`" in task.text
    assert task.example is not None and task.example.snippet == "process_upload.delay(upload_id)"
    assert "`app/pipeline.py`" in pipe.text and pipe.example is not None
    assert pipe.example.snippet == "pipeline.run(upload_id)"
    assert_real(root, steps)


def test_no_handlers_no_flow(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "lib", {"lib/util.py": "def f(x):\n    return x\n"})
    assert flow_of(root) == []
    assert "## How to add a feature" not in playbook_of(root)


# -- debt --------------------------------------------------------------------------------------


def test_debt_lists_the_fat_handlers_largest_first_with_the_fix_in_this_repos_terms(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "flaskapp", flask_app())
    ctx = analysed(root).ctx
    debt = known_debt(ctx, extract(ctx))
    assert [d.name for d in debt] == ["forum_stats", "topic_export"]
    assert debt[0].size > debt[1].size
    assert "statements where this repo's handlers have p90" in debt[0].problem
    assert debt[0].fix == "move the queries into `app/forum/models.py`, next to the other Forum queries" or (
        "app/forum/models.py" in debt[0].fix
    )
    said = standards(root, "analyze")
    assert said.returncode == 0, said.stderr
    listed = said.stdout.split("KNOWN DEBT", 1)[1]
    assert listed.index("forum_stats") < listed.index("topic_export")


def test_debt_is_at_most_five(tmp_path: Path) -> None:
    files = flask_app()
    views = files["app/forum/views.py"]
    for i in range(7):  # small, but each gathers four queries on three models
        views += (
            f'\n\n@forum.route("/busy{i}")\ndef busy_{i}():\n'
            f"    a = Forum.query.get({i})\n    b = Topic.query.get({i})\n"
            f"    c = Post.query.get({i})\n    d = Topic.query.all()\n"
            '    return render_template("x.html", a=a, b=b, c=c, d=d)\n'
        )
    files["app/forum/views.py"] = views
    root = make_repo(tmp_path / "fat", files)
    ctx = analysed(root).ctx
    debt = known_debt(ctx, extract(ctx))
    assert len(debt) == 5 and [d.size for d in debt] == sorted((d.size for d in debt), reverse=True)
    assert [d.name for d in debt[:2]] == ["forum_stats", "topic_export"]
    assert "4 ORM queries on 3 models (Forum, Topic, Post)" in debt[2].problem


# -- the whole playbook ------------------------------------------------------------------------

HEADINGS = (
    "## How to add a feature here",
    "## How to run and test",
    "## Known debt: do not copy",
    "## Framework and safety conventions",
    "## Style (the hook enforces it)",
)


def test_init_writes_the_sections_in_order_and_every_place_holds_its_quote(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "flaskapp", flask_app())
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    text = (root / "playbook.md").read_text(encoding="utf-8")
    present = [h for h in HEADINGS if h in text]
    assert present[0] == HEADINGS[0] and present == sorted(present, key=text.index)
    assert {HEADINGS[0], HEADINGS[2], HEADINGS[4]} <= set(present)
    assert re.search(r"Learned from \d+ source files \(Python 100%\) and 1 commit\.", text)
    assert "Handlers are guarded by an authorization decorator or attribute (`login_required`)" in text
    assert "wrapped in `_()` for translation (20 of 20)" in text
    citations = quotes.markdown_citations(text)
    assert len([c for c in citations if c.snippet]) >= 5
    assert quotes.check(root, citations) == []
    assert len(text.split()) <= budget.HARD_CAP


@pytest.mark.parametrize("make", [fastapi_app, django_app, rails_app, express_app, celery_app])
def test_every_cited_line_holds_its_snippet(tmp_path: Path, make: Callable[[], dict[str, str | bytes]]) -> None:
    root = make_repo(tmp_path / "app", make())
    text = playbook_of(root)
    assert "## How to add a feature here" in text
    assert quotes.check(root, quotes.markdown_citations(text)) == []


def test_architecture_comes_before_style_and_the_runbook_sits_second(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "flaskapp", flask_app())
    conv = Convention(
        id="py.naming.function",
        title="Functions are snake_case",
        category="naming",
        language="python",
        value="snake_case",
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(10, 10),
        confidence=1.0,
        enforced_by=["ruff:N802"],
    )
    analysis = analysed(root)
    ctx = analysis.ctx
    text = render(
        Standards(conventions={conv.id: conv}),
        ctx.discovery.languages(),
        list(ctx.frameworks),
        None,
        ctx,
        "- **Tests:** `pytest` (Makefile:3).",
    )
    order = [text.index(h) for h in HEADINGS if h in text]
    assert order == sorted(order) and len(order) == 5
    assert '<a id="py-naming-function"></a>**ruff** enforces: snake_case functions.' in text


def test_a_section_without_anything_true_to_say_drops_out(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "lib", {"lib/util.py": "def f(x):\n    return x\n"})
    text = playbook_of(root)
    for heading in HEADINGS:
        assert heading not in text
    assert text.startswith("# How code is written here\n")


def many_conventions(n: int) -> Standards:
    convs = {}
    for i in range(n):
        cid = f"py.custom.rule_{i}"
        convs[cid] = Convention(
            id=cid,
            title=f"Rule number {i} says something long about how the code here is written and why",
            category="formatting",
            language="python",
            value=i,
            level=Level.ERROR if i % 2 else Level.WARN,
            source=Source.INFERRED,
            support=(i, i + 1),
            confidence=0.9,
            enforced_by=[f"ruff:X{i}" if i % 3 else f"standards:rule-{i}"],
        )
    return Standards(conventions=convs)


def test_the_word_budget_drops_whole_items_lowest_value_first() -> None:
    text = render(many_conventions(300), {"python": 10}, [])
    assert len(text.split()) <= budget.TARGET_WORDS
    assert "**ruff** enforces" in text  # the blocking rules outrank the warnings
    for line in text.split("\n"):
        assert not line.strip() or line.rstrip().endswith((".", ">", "-->", ":")) or line.startswith("#"), line


def test_the_hard_cap_holds_even_for_a_huge_runbook() -> None:
    runbook = "\n".join(f"- Step {i}: run the thing number {i} with care, as the CI does." for i in range(400))
    text = render(many_conventions(20), {"python": 10}, [], None, None, runbook)
    assert len(text.split()) <= budget.HARD_CAP
    kept = [line for line in text.split("\n") if line.startswith("- Step ")]
    assert kept and all(line in runbook.split("\n") for line in kept)  # whole lines, never cut


def test_fit_keeps_items_valued_keep_for_the_target_but_not_past_the_cap() -> None:
    sections = [budget.Section("a", "A", [budget.Item("word " * 900, budget.KEEP), budget.Item("low " * 200, 5)])]

    def draw(parts: list[budget.Section]) -> str:
        return "\n".join(i.text for s in parts for i in s.items)

    assert len(budget.fit(sections, draw).split()) == 900


def test_a_quote_is_the_line_itself_or_only_the_place() -> None:
    lines = ["x = 1", "    name = `shell`", "y = " + "a" * 200]
    first, second = quote(lines, "m.py", 1), quote(lines, "m.py", 2)
    assert first is not None and first.markdown() == "`x = 1` (m.py:1)"
    assert second is not None and second.markdown() == "m.py:2"
    long = quote(lines, "m.py", 3)
    assert long is not None and long.snippet.endswith(" ...") and quotes.holds(lines, 3, long.snippet)
    assert quote(lines, "m.py", 9) is None


def test_a_cited_line_with_backticks_is_cited_by_place_only(tmp_path: Path) -> None:
    files = flask_app()
    files["app/forum/forms.py"] = files["app/forum/forms.py"].replace(
        "class ReplyForm(FlaskForm):", "class ReplyForm(FlaskForm):  # `reply` <!-- standards:begin -->"
    )
    root = make_repo(tmp_path / "ticks", files)
    text = playbook_of(root)
    line = next(x for x in text.split("\n") if "**Input**" in x)
    assert "Example: app/forum/forms.py:" in line and "reply" not in line
    assert quotes.check(root, quotes.markdown_citations(text)) == []


def test_rails_authorization_filters_are_counted_per_controller(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "railsapp", rails_app())
    ctx = analysed(root).ctx
    actions = [h for h in extract(ctx).handlers if h.framework == "rails"]
    found = practices.rails_auth(ctx, actions)
    assert found is not None and (found.followed, found.total) == (3, 3)
    assert "`:authenticate_user!`" in found.text
    assert found.example is not None and found.example.snippet == "before_action :authenticate_user!"
    assert found.example.path == "app/controllers/application_controller.rb"
    assert found not in practices.practices(ctx, extract(ctx))  # three controllers are too few to state it
