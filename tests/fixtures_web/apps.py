"""Fixture apps, one per framework, generated so each has enough handlers, foreign keys
and lookups for conventions to be inferred (as in a real repository)."""

from __future__ import annotations

NAMES = [
    "order",
    "invoice",
    "ticket",
    "review",
    "coupon",
    "refund",
    "shipment",
    "payment",
]


def fastapi_app() -> dict[str, str]:
    """FastAPI + SQLAlchemy 2.0 + Alembic, handlers calling app/services/."""
    models = [
        "from sqlalchemy import ForeignKey, Index, String",
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column",
        "",
        "",
        "class Base(DeclarativeBase):",
        "    pass",
        "",
        "",
        "class User(Base):",
        '    __tablename__ = "users"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    email: Mapped[str] = mapped_column(String(200), unique=True)",
        "    status: Mapped[str] = mapped_column(String(20))",
    ]
    routes = [
        "from fastapi import APIRouter",
        "",
        "from app.services import records",
        "",
        "router = APIRouter()",
    ]
    services = [
        "from app.models import " + ", ".join(n.capitalize() for n in NAMES),
        "",
    ]
    migration = [
        '"""init"""',
        "import sqlalchemy as sa",
        "from alembic import op",
        "",
        'revision = "0001"',
        "down_revision = None",
        "",
        "",
        "def upgrade():",
        '    op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))',
    ]
    for name in NAMES:
        cls = name.capitalize()
        models += [
            "",
            "",
            f"class {cls}(Base):",
            f'    __tablename__ = "{name}s"',
            f'    __table_args__ = (Index("ix_{name}s_created", "created"),)',
            "    id: Mapped[int] = mapped_column(primary_key=True)",
            '    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)',
            "    created: Mapped[str] = mapped_column(String(30))",
        ]
        routes += [
            "",
            "",
            f'@router.get("/{name}s/{{user_id}}")',
            f"def list_{name}s(user_id: int):",
            f"    return records.list_{name}s(user_id)",
        ]
        services += [
            "",
            f"def list_{name}s(session, user_id):",
            f"    return session.query({cls}).filter({cls}.user_id == user_id).all()",
        ]
        migration += [
            f'    op.create_table("{name}s", sa.Column("id", sa.Integer()), sa.Column("user_id", sa.Integer()))',
            f'    op.create_index(op.f("ix_{name}s_user_id"), "{name}s", ["user_id"], unique=False)',
        ]
    return {
        "requirements.txt": "fastapi\nsqlalchemy\nalembic\n",
        "app/__init__.py": "",
        "app/models.py": "\n".join(models) + "\n",
        "app/routes/__init__.py": "",
        "app/routes/orders.py": "\n".join(routes) + "\n",
        "app/services/__init__.py": "",
        "app/services/records.py": "\n".join(services) + "\n",
        "migrations/versions/0001_init.py": "\n".join(migration) + "\n",
    }


FAT_FASTAPI_HANDLER = (
    "\n\n@router.post('/orders/{user_id}/bulk')\n"
    "def bulk_orders(user_id: int, payload: dict, session=None):\n"
    + "".join(f"    item_{i} = payload.get('item_{i}')\n    if item_{i}:\n        total = {i}\n" for i in range(20))
    + "    rows = session.query(Order).filter(Order.user_id == user_id).all()\n"
    "    return rows\n"
)


def django_app() -> dict[str, str]:
    """Django: models with FKs (indexed by Django itself), function and class-based views."""
    models = ["from django.db import models", ""]
    views = [
        "from django.views import View",
        "",
        "from shop.models import " + ", ".join(n.capitalize() for n in NAMES),
    ]
    for name in NAMES:
        cls = name.capitalize()
        models += [
            "",
            f"class {cls}(models.Model):",
            '    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)',
            "    code = models.CharField(max_length=20, db_index=True)",
            "    state = models.CharField(max_length=20)",
            "",
        ]
        views += [
            "",
            "",
            f"def {name}_detail(request, code):",
            f"    item = {cls}.objects.get(code=code, owner=request.user)",
            '    return render(request, "detail.html", {"item": item})',
            "",
            "",
            f"def {name}_exists(request, code):",
            f"    return {cls}.objects.filter(code=code).exists()",
            "",
            "",
            f"def {name}_delete(request, code):",
            f"    {cls}.objects.filter(code__in=[code]).delete()",
            "",
            "",
            f"class {cls}ListView(View):",
            "    def get(self, request):",
            f"        items = {cls}.objects.filter(owner=request.user).order_by('code')",
            '        return render(request, "list.html", {"items": items})',
        ]
    return {
        "manage.py": "import django\n",
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/models.py": "\n".join(models) + "\n",
        "shop/views.py": "\n".join(views) + "\n",
    }


def rails_app(concurrently: bool = True) -> dict[str, str]:
    """Rails: schema.rb with indexed references, thin controllers calling app/services/."""
    algorithm = ", algorithm: :concurrently" if concurrently else ""
    schema = ["ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do"]
    files = {
        "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
        "config/routes.rb": "Rails.application.routes.draw do\nend\n",
    }
    for name in NAMES:
        cls = name.capitalize()
        schema += [
            f'  create_table "{name}s", force: :cascade do |t|',
            '    t.bigint "user_id", null: false',
            '    t.string "state"',
            f'    t.index ["user_id"], name: "index_{name}s_on_user_id"',
            "  end",
        ]
        files[f"app/models/{name}.rb"] = f"class {cls} < ApplicationRecord\n  belongs_to :user\nend\n"
        files[f"app/controllers/{name}s_controller.rb"] = (
            f"class {cls}sController < ApplicationController\n"
            f"  def index\n    @items = {cls}Lister.call(current_user)\n  end\n\n"
            f"  def show\n    @item = {cls}Finder.call(params[:id])\n  end\nend\n"
        )
        files[f"app/services/{name}_lister.rb"] = (
            f"class {cls}Lister\n  def self.call(user)\n    {cls}.where(user_id: user.id).order(:state)\n  end\nend\n"
        )
    schema.append("end")
    files["db/schema.rb"] = "\n".join(schema) + "\n"
    files["db/migrate/20240101000000_add_index.rb"] = (
        "class AddIndex < ActiveRecord::Migration[7.1]\n  disable_ddl_transaction!\n\n"
        f"  def change\n    add_index :orders, :state{algorithm}\n  end\nend\n"
    )
    return files


def express_app() -> dict[str, str]:
    """Express + knex on PostgreSQL: routes calling services, knex migrations."""
    files = {
        "package.json": '{"dependencies": {"express": "4", "knex": "3", "pg": "8"}}\n',
        "src/services/records.js": "const knex = require('../db');\n"
        + "".join(
            f"exports.list{n.capitalize()}s = (userId) => knex('{n}s').where({{user_id: userId}});\n" for n in NAMES
        ),
        "src/db.js": "module.exports = require('knex')({client: 'pg'});\n",
    }
    routes = [
        "const express = require('express');",
        "const records = require('../services/records');",
        "const router = express.Router();",
    ]
    migration = ["exports.up = async (knex) => {"]
    for name in NAMES:
        routes.append(
            f"router.get('/{name}s', (req, res) => {{\n    res.json(records.list{name.capitalize()}s(req.user.id));\n}});"
        )
        migration.append(
            f"    await knex.schema.createTable('{name}s', (table) => {{\n"
            "        table.increments('id');\n"
            "        table.integer('user_id').references('id').inTable('users').index();\n"
            "    });"
        )
    migration.append("};")
    files["src/routes/records.js"] = "\n".join(routes) + "\nmodule.exports = router;\n"
    files["migrations/20240101_init.js"] = "\n".join(migration) + "\n"
    return files
