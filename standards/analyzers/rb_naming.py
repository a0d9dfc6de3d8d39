"""How Ruby names methods (RuboCop ``Naming/MethodName``), variables and parameters
(``Naming/VariableName``), predicates (``Naming/PredicateName``: ``active?`` rather than
``is_active``) and files (``Naming/FileName``). Operator methods are left out; ``?``/``!``
suffixes are ignored."""

from __future__ import annotations

from pathlib import PurePosixPath

from standards.analyzers._evidence import Tally
from standards.analyzers._rbindex import rb_scope
from standards.analyzers._rbstyle import enabled_observation
from standards.analyzers._style import first_example, name_style, naming_observation
from standards.context import Context
from standards.discovery import LANGUAGE_BY_NAME
from standards.model import Observation

LANGUAGES = ("ruby",)
METHOD_FITS = {
    "snake_case": frozenset({"lower", "snake_case"}),
    "camelCase": frozenset({"lower", "camelCase"}),
}
FILE_FITS = {"snake_case": frozenset({"lower", "snake_case"})}
NAMED_BY_TOOLS = frozenset(LANGUAGE_BY_NAME) | {"Gemfile", "Rakefile", "Steepfile", "Brewfile"}
FORBIDDEN_PREFIXES = ("is_", "has_", "have_")  # RuboCop's default Naming/PredicateName prefixes


def analyze(ctx: Context) -> list[Observation]:
    out: list[Observation] = []
    methods = Tally(weight=ctx.recency)
    for f in rb_scope(ctx, "Naming/MethodName").files:
        for line, name in f.method_names:
            methods.add(name_style(name), f.path, line)
    obs = naming_observation(
        methods,
        ruby_fits(methods),
        id="rb.naming.method",
        title="",
        category="naming",
        language="ruby",
        enforced_by=["rubocop:Naming/MethodName"],
        why="Method names follow one case style, as Ruby's own library does.",
    )
    if obs is not None:
        obs.title = f"Methods are {obs.value}"
        obs.params = {"rubocop": {"Naming/MethodName": {"EnforcedStyle": obs.value}}}
        obs.do = first_example(ctx, obs)
        obs.dont = "def loadUser" if obs.value == "snake_case" else "def load_user"
        out.append(obs)
    out.extend(_variables(ctx))
    out.extend(_predicates(ctx))
    names = Tally()
    for f in rb_scope(ctx, "Naming/FileName").files:
        p = PurePosixPath(f.path)
        if p.name in NAMED_BY_TOOLS or p.suffix == ".gemspec":
            continue
        names.add(name_style(p.name.split(".", 1)[0]), f.path, 1)
    file_obs = naming_observation(
        names,
        FILE_FITS,
        id="rb.naming.file",
        title="File names are snake_case",
        category="naming",
        language="ruby",
        enforced_by=["rubocop:Naming/FileName"],
        params={"rubocop": {"Naming/FileName": {}}},
        why="snake_case file names map to the constants they define (Zeitwerk, require).",
        dont="lib/UserSession.rb",
    )
    if file_obs is not None:
        file_obs.do = file_obs.examples[0].rsplit(":", 1)[0] if file_obs.examples else ""
        out.append(file_obs)
    return out


def ruby_fits(tally: Tally) -> dict[str, frozenset[str]]:
    """The styles a name tally may choose from: snake_case, Ruby's (and RuboCop's default), unless
    more names are camelCase than snake_case; single lowercase words fit both and decide nothing."""
    if tally.counts.get("camelCase", 0) > tally.counts.get("snake_case", 0):
        return METHOD_FITS
    return {"snake_case": METHOD_FITS["snake_case"]}


def _variables(ctx: Context) -> list[Observation]:
    names = Tally(weight=ctx.recency)
    for f in rb_scope(ctx, "Naming/VariableName").files:
        for line, name in f.spots("variable_names"):
            names.add(name_style(name), f.path, line)
    obs = naming_observation(
        names,
        ruby_fits(names),
        id="rb.naming.variable",
        title="",
        category="naming",
        language="ruby",
        enforced_by=["rubocop:Naming/VariableName"],
        why="Variables and parameters follow one case style, like the methods.",
    )
    if obs is None:
        return []
    obs.title = f"Variables and parameters are {obs.value}"
    obs.params = {"rubocop": {"Naming/VariableName": {"EnforcedStyle": obs.value}}}
    obs.do = first_example(ctx, obs)
    obs.dont = "userName = load_user" if obs.value == "snake_case" else "user_name = loadUser"
    return [obs]


def _predicate(name: str) -> bool | None:
    """False for a method named like ``is_active`` (RuboCop's forbidden prefixes), True for a
    predicate named ``active?``, None for other methods."""
    if name.startswith(FORBIDDEN_PREFIXES) and name not in ("is_a?",):
        return False
    return True if name.endswith("?") else None


def _predicates(ctx: Context) -> list[Observation]:
    obs = enabled_observation(
        ctx,
        "Naming/PredicateName",
        "predicates",
        _predicate,
        id="rb.naming.predicate",
        title="Predicates are named `active?`, not `is_active`",
        category="naming",
        why="Ruby predicates end in ? and drop is_/has_ prefixes.",
        dont="def is_active\n  true\nend",
        unit="predicate methods",
    )
    if obs is None:
        return []
    obs.do = first_example(ctx, obs)
    return [obs]
