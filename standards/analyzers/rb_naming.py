"""How Ruby names methods (RuboCop ``Naming/MethodName``) and files
(``Naming/FileName``). Operator methods are left out; ``?``/``!`` suffixes are ignored."""

from __future__ import annotations

from pathlib import PurePosixPath

from standards.analyzers._evidence import Tally
from standards.analyzers._rbindex import rb_scope
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


def analyze(ctx: Context) -> list[Observation]:
    out: list[Observation] = []
    methods = Tally(weight=ctx.recency)
    for f in rb_scope(ctx, "Naming/MethodName").files:
        for line, name in f.method_names:
            methods.add(name_style(name), f.path, line)
    obs = naming_observation(
        methods,
        METHOD_FITS,
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
