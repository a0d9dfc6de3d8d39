"""The framework model of a web application: handlers, schema and query sites.

Everything here is extracted by parsing, never by importing or running the code. The
extractors for each language fill these dataclasses; analyzers and rules only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ORM = "orm"  # the call reaches the ORM, the session or the query builder directly
SERVICE = "service"  # the call goes into the repo's service/repository/interactor layer
MODEL_METHOD = "model_method"  # a method of a model class or instance (``topic.recalculate()``)

# Where a handler's data access goes (``Call.access``): the ORM itself, a repository object
# or module, a service object or module, or a method of the model.
VIA_ORM = ORM
VIA_REPOSITORY = "repository"
VIA_SERVICE = SERVICE
VIA_MODEL = MODEL_METHOD
ACCESS_KINDS: tuple[str, ...] = (VIA_ORM, VIA_REPOSITORY, VIA_SERVICE, VIA_MODEL)
# ORM calls that manage a session's unit of work rather than run a query of their own
SESSION_BOOKKEEPING = frozenset(
    {
        "commit", "flush", "rollback", "close", "refresh", "expire", "expire_all", "expunge", "begin",
        "begin_nested", "add", "add_all", "merge", "delete", "save", "atomic",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Call:
    """A call made inside a handler body that matters for layering."""

    line: int
    text: str  # the callee as written, e.g. "Order.objects.filter", "db.session.add"
    kind: str  # ORM, SERVICE or MODEL_METHOD
    model: str = ""  # the model receiver, when the call is on one ("Order")
    via: str = ""  # VIA_REPOSITORY for a service call into a repository; else the kind is the access
    owner: str = ""  # the class or module that receives a delegated call ("ForumRepository", "records")
    injected: bool = False  # the receiver came in through the framework (FastAPI ``Depends``)

    @property
    def access(self) -> str:
        """Where this call sends data access: one of ACCESS_KINDS."""
        return self.via or self.kind


@dataclass(frozen=True)
class AggregationLoop:
    """A loop (or ``sum(...)`` over a generator) in a handler that walks query results and
    accumulates, sums or counts them: work the database or the model should do."""

    line: int
    end_line: int
    source: str  # what is iterated, as written ("Order.query.filter_by(user_id=uid).all()", "@orders")
    accumulates: str  # how it aggregates ("total +=", "sum(...)", "count +=")
    model: str = ""  # the model whose rows are walked, when known


@dataclass
class Handler:
    """A function that answers an HTTP request: route, view, action, controller method."""

    path: str
    name: str  # "create_order", "OrderView.post", "OrdersController#create"
    line: int
    end_line: int
    statements: int
    framework: str  # flask, fastapi, django, rails, express
    calls: list[Call] = field(default_factory=list)
    loops: list[AggregationLoop] = field(default_factory=list)
    injected: dict[str, str] = field(default_factory=dict)  # parameter -> what Depends(...) gives it

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def calls_of(self, kind: str) -> list[Call]:
        return [c for c in self.calls if c.kind == kind]

    def queries(self) -> list[Call]:
        """The ORM calls that run a query (reads and writes), not a session's commit or add."""
        return [c for c in self.calls_of(ORM) if c.model or c.text.rsplit(".", 1)[-1] not in SESSION_BOOKKEEPING]

    def query_models(self) -> list[str]:
        """The models this handler queries through the ORM itself, in order of first use."""
        return list(dict.fromkeys(c.model for c in self.calls_of(ORM) if c.model))

    def access(self) -> dict[str, int]:
        """Where this handler's data access goes: access kind -> calls, most used first."""
        counts: dict[str, int] = {}
        for call in self.calls:
            counts[call.access] = counts.get(call.access, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], ACCESS_KINDS.index(kv[0]))))

    @property
    def main_access(self) -> str:
        """The access kind this handler uses most ("" when it touches no data)."""
        return next(iter(self.access()), "")


@dataclass
class Column:
    name: str
    path: str
    line: int
    references: str = ""  # "users.id" when a foreign key is declared
    primary: bool = False
    unique: bool = False
    indexed: bool = False  # a single-column index declared on the column itself
    auto_indexed: bool = False  # the ORM indexes it by itself (Django ForeignKey)
    few_values: bool = False  # boolean, enum or choices: an index on it alone rarely helps
    text: bool = False  # declared as a string/text column: ``short_id``, ``client_id`` hold no key

    @property
    def fk_like(self) -> bool:
        if self.references:
            return True
        return self.name.endswith("_id") and self.name != "_id" and not self.text


@dataclass(frozen=True)
class Index:
    columns: tuple[str, ...]
    path: str
    line: int
    unique: bool = False
    partial: bool = False
    name: str = ""

    @property
    def leading(self) -> str:
        return self.columns[0] if self.columns else ""


@dataclass
class Table:
    name: str  # the database table
    framework: str  # django, sqlalchemy, alembic, rails, knex
    path: str
    line: int
    model: str = ""  # the class that maps it, when there is one
    columns: dict[str, Column] = field(default_factory=dict)
    indexes: list[Index] = field(default_factory=list)

    def covered(self, column: str) -> bool:
        """True when a lookup on ``column`` can use an index: it is the primary key, is
        unique, is indexed by the ORM, or leads some index (composite, partial, unique)."""
        col = self.columns.get(column)
        if col is not None and (col.primary or col.unique or col.indexed or col.auto_indexed):
            return True
        return any(ix.leading == column or _typed_pair(ix, column) for ix in self.indexes)

    def merge(self, other: Table) -> None:
        """Fold what another source (a migration, the model) says about this table in."""
        for name, col in other.columns.items():
            mine = self.columns.get(name)
            if mine is None:
                self.columns[name] = col
                continue
            mine.references = mine.references or col.references
            mine.primary |= col.primary
            mine.unique |= col.unique
            mine.indexed |= col.indexed
            mine.auto_indexed |= col.auto_indexed
            mine.few_values |= col.few_values
        known = set(self.indexes)
        self.indexes.extend(ix for ix in other.indexes if ix not in known)
        self.model = self.model or other.model


def _typed_pair(index: Index, column: str) -> bool:
    """A polymorphic / generic foreign key: ``(commentable_type, commentable_id)`` or
    ``(content_type, object_id)``. Lookups on the id always come with its type, so the
    pair index serves them."""
    return len(index.columns) >= 2 and index.columns[1] == column and index.columns[0].endswith("_type")


@dataclass(frozen=True)
class QuerySite:
    """A place that looks rows up by a column: ``Order.objects.filter(status=...)``."""

    path: str
    line: int
    model: str  # model class or table name, as the code names it
    column: str
    op: str  # "eq" (equality, IN), "order" (ORDER BY), "join" (a join condition or association)
    framework: str


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)  # by table name
    models: dict[str, str] = field(default_factory=dict)  # model class -> table name
    style: dict[str, Any] = field(default_factory=dict)  # how the repo writes migrations

    def add(self, table: Table) -> None:
        existing = self.tables.get(table.name)
        if existing is None:
            self.tables[table.name] = table
        else:
            existing.merge(table)
        if table.model:
            self.models.setdefault(table.model, table.name)

    def table_for(self, name: str) -> Table | None:
        """The table a query names, by model class or by table name."""
        table = self.models.get(name, name)
        return self.tables.get(table)


@dataclass(frozen=True)
class Import:
    """One import edge between two files of the repository."""

    path: str
    line: int
    target: str  # repo-relative path of the imported file
    text: str  # the imported module as written


@dataclass(frozen=True)
class DataAccessor:
    """A class or module of the repository's data layer: a repository, a service, or a
    model class with its own methods. Fixes name the one that already owns a model."""

    name: str  # "ForumRepository", "records" (a module of functions), "Topic"
    kind: str  # VIA_REPOSITORY, VIA_SERVICE or VIA_MODEL
    path: str
    line: int
    models: tuple[str, ...] = ()  # the model classes its code names
    methods: tuple[str, ...] = ()  # its public methods (functions, for a module)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class WebModel:
    handlers: list[Handler] = field(default_factory=list)
    schema: Schema = field(default_factory=Schema)
    queries: list[QuerySite] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)  # path -> handler | service | model
    accessors: list[DataAccessor] = field(default_factory=list)  # the data layer's classes and modules
