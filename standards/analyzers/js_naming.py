"""How JavaScript/TypeScript names functions, variables, classes and files.

ESLint's ``camelcase`` forbids underscores inside names (ALL_CAPS constants and
PascalCase constructors pass), so a camelCase codebase is enforced with it; a snake_case
codebase with ``id-match``. No ESLint core rule checks the names of class declarations
(``new-cap`` judges call sites, and flags ``new objConstructor()`` on variables that hold a
class) or of files, so those conventions are documented, not enforced.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from standards.analyzers._evidence import Tally
from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, name_style, naming_observation
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")

CAMEL = frozenset({"lower", "camelCase", "PascalCase"})
SNAKE = frozenset({"lower", "snake_case", "PascalCase"})
FUNCTION_FITS = {"camelCase": CAMEL, "snake_case": SNAKE}
VARIABLE_FITS = {"camelCase": CAMEL | {"UPPER_CASE"}, "snake_case": SNAKE | {"UPPER_CASE"}}
CLASS_FITS = {"PascalCase": frozenset({"PascalCase", "UPPER_CASE"})}
FILE_FITS = {
    "kebab-case": frozenset({"lower", "kebab-case"}),
    "camelCase": frozenset({"lower", "camelCase"}),
    "snake_case": frozenset({"lower", "snake_case"}),
    "PascalCase": frozenset({"PascalCase"}),
}
CAMELCASE_OPTIONS = {"properties": "never", "ignoreDestructuring": True, "ignoreImports": True, "ignoreGlobals": True}
SNAKE_PATTERN = "^[a-z_$][a-z0-9_$]*$|^[A-Z][A-Za-z0-9]*$|^[A-Z0-9_$]+$"
DONT = {
    "function": {"camelCase": "function load_user_data () {}", "snake_case": "function loadUserData () {}"},
    "variable": {"camelCase": "const user_name = user.name", "snake_case": "const userName = user.name"},
}
EXEMPT_FILE_STEMS = frozenset({"index", "README", "Gruntfile", "Gulpfile", "Jakefile"})


def _identifier_rule(value: str) -> tuple[list[str], dict]:
    if value == "camelCase":
        return ["eslint:camelcase"], {"eslint": {"camelcase": [CAMELCASE_OPTIONS]}}
    options = {"properties": False, "onlyDeclarations": True, "ignoreDestructuring": True}
    return ["eslint:id-match"], {"eslint": {"id-match": [SNAKE_PATTERN, options]}}


def _tally(spots: list[tuple[str, int, str]]) -> Tally:
    tally = Tally()
    for path, line, name in spots:
        tally.add(name_style(name), path, line)
    return tally


def _file_stem(path: str) -> str:
    return PurePosixPath(path).name.split(".", 1)[0]


def analyze(ctx: Context) -> list[Observation]:
    files = js_files(ctx)
    out: list[Observation] = []
    for kind, attr, fits in (
        ("function", "function_names", FUNCTION_FITS),
        ("variable", "variable_names", VARIABLE_FITS),
    ):
        obs = naming_observation(
            _tally([(f.path, line, name) for f in files for line, name in getattr(f, attr)]),
            fits,
            id=f"js.naming.{kind}",
            title="",
            category="naming",
            language="javascript",
            why=f"{kind.capitalize()} names follow one case style, so they read as the language's idiom.",
        )
        if obs is None:
            continue
        obs.title = f"{kind.capitalize()}s are {obs.value}"
        obs.enforced_by, obs.params = _identifier_rule(obs.value)
        obs.do = first_example(ctx, obs)
        obs.dont = DONT[kind][obs.value]
        out.append(obs)
    classes = naming_observation(
        _tally([(f.path, line, name) for f in files for line, name in f.class_names]),
        CLASS_FITS,
        id="js.naming.class",
        title="Classes are PascalCase",
        category="naming",
        language="javascript",
        why="PascalCase marks what must be called with new.",
        note="no ESLint core rule checks class names; documented in the playbook",
        dont="class user_session {}",
    )
    if classes is not None:
        classes.do = first_example(ctx, classes)
        out.append(classes)
    file_tally = Tally()
    for f in files:
        stem = _file_stem(f.path)
        if stem and stem not in EXEMPT_FILE_STEMS:
            file_tally.add(name_style(stem), f.path, 1)
    names = naming_observation(
        file_tally,
        FILE_FITS,
        id="js.naming.file",
        title="",
        category="naming",
        language="javascript",
        why="Predictable file names make modules easy to find and import.",
        note="no ESLint core rule checks file names; documented in the playbook",
    )
    if names is not None:
        names.title = f"File names are {names.value}"
        names.do = names.examples[0].rsplit(":", 1)[0] if names.examples else ""
        names.dont = {
            "kebab-case": "userSession.js",
            "camelCase": "user-session.js",
            "snake_case": "userSession.js",
            "PascalCase": "user-session.js",
        }[names.value]
        out.append(names)
    return gate(ctx, out)
