"""What the repository's own JavaScript tooling configuration says, as explicit
observations: ESLint (flat ``eslint.config.{js,mjs,cjs,ts}``, legacy ``.eslintrc*``,
``package.json#eslintConfig``) and Prettier (``.prettierrc*``, ``prettier.config.*``,
``package.json#prettier``, with ``.editorconfig`` where they are silent; else a ``prettier``
dependency or a script that runs it, the values then coming from the code). TypeScript's
strictness is :mod:`js_tsconfig`'s.

Nothing is evaluated: JavaScript configs are parsed with tree-sitter and only literal
values are read, from config blocks that apply to every file (no ``files`` key).
Well-known shared configs (``neostandard``, ``standard``) contribute the settings they are
documented to enforce, overridden by the repository's own rules. Only root-level files
are read. A malformed file raises ConfigError naming it and the line.

With Prettier the formatter is a convention of its own ("Formatting: Prettier (.prettierrc)"),
and the formatting it owns (quotes, semicolons, indentation, trailing commas, brace spacing,
line length) is documented from its options, never generated as ESLint rules: eslint-config-prettier
turns those rules off for the same reason. A project's own ESLint setting for one of them still wins.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from standards import treesitter
from standards.analyzers._configfiles import (
    JsModule,
    NotLiteral,
    imported_modules,
    js_literal,
    load_jsonc,
    load_yaml,
    object_keys,
    parse_js_module,
    property_name,
)
from standards.analyzers._jsindex import gate
from standards.context import Context
from standards.errors import ConfigError
from standards.linter_config import eslint_project
from standards.linter_config.eslint_project import ProjectEslint
from standards.model import Level, Observation, Source

LANGUAGES = ("javascript", "typescript")

FLAT_CONFIGS = ("eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts")
LEGACY_JSON = (".eslintrc", ".eslintrc.json")
LEGACY_YAML = (".eslintrc.yml", ".eslintrc.yaml")
LEGACY_JS = (".eslintrc.js", ".eslintrc.cjs")
PRETTIER_JSON = (".prettierrc", ".prettierrc.json", ".prettierrc.json5", ".prettierrc.jsonc")
PRETTIER_YAML = (".prettierrc.yml", ".prettierrc.yaml")
PRETTIER_JS = (
    ".prettierrc.js",
    ".prettierrc.cjs",
    ".prettierrc.mjs",
    ".prettierrc.ts",
    "prettier.config.js",
    "prettier.config.cjs",
    "prettier.config.mjs",
    "prettier.config.ts",
)
STYLISTIC_PREFIXES = ("@stylistic/js/", "@stylistic/ts/", "@stylistic/", "@typescript-eslint/")

# What the standard family of shared configs enforces (documented rule settings).
_STANDARD_RULES: dict[str, Any] = {
    "quotes": ["error", "single", {"avoidEscape": True, "allowTemplateLiterals": False}],
    "semi": ["error", "never"],
    "indent": ["error", 2, {"SwitchCase": 1}],
    "comma-dangle": [
        "error",
        {"arrays": "never", "objects": "never", "imports": "never", "exports": "never", "functions": "never"},
    ],
    "object-curly-spacing": ["error", "always"],
    "camelcase": ["error", {"allow": ["^UNSAFE_"], "properties": "never", "ignoreGlobals": True}],
    "no-var": "warn",
}
PRESETS: dict[str, dict[str, Any]] = {
    "neostandard": _STANDARD_RULES,
    "standard": _STANDARD_RULES,
    "eslint-config-standard": _STANDARD_RULES,
}


@dataclass(frozen=True)
class RuleEntry:
    """One rule as configured: severity and options, and where it was written."""

    rule: str
    level: Level
    options: list[Any]
    source: str  # file (and preset) it came from


@dataclass(frozen=True)
class Mapping:
    """How an ESLint rule's options become one of our observations."""

    id: str
    category: str
    value: Callable[[list[Any]], Any]  # options -> value, or None when unsupported
    title: Callable[[Any], str]


def _first(default: Any) -> Callable[[list[Any]], Any]:
    return lambda options: options[0] if options and isinstance(options[0], (str, int)) else default


def _comma_dangle(options: list[Any]) -> str | None:
    setting = options[0] if options else "never"
    if isinstance(setting, dict):
        setting = setting.get("objects", setting.get("arrays", "never"))
    return {"always-multiline": "always-multiline", "always": "always-multiline", "never": "never"}.get(setting)


def _max_len(options: list[Any]) -> int | None:
    for option in options:
        if isinstance(option, int):
            return option
        if isinstance(option, dict) and isinstance(option.get("code"), int):
            return option["code"]
    return 80


def _max_lines(options: list[Any]) -> int | None:
    option = options[0] if options else 50
    if isinstance(option, dict):
        option = option.get("max", 50)
    return option if isinstance(option, int) else None


MAPPINGS: dict[str, Mapping] = {
    "quotes": Mapping("js.style.quotes", "formatting", _first("double"), lambda v: f"Strings use {v} quotes"),
    "semi": Mapping(
        "js.style.semi",
        "formatting",
        _first("always"),
        lambda v: "Statements end with a semicolon" if v == "always" else "No semicolons at the end of statements",
    ),
    "indent": Mapping(
        "js.style.indent",
        "formatting",
        _first(4),
        lambda v: "Indent with tabs" if v == "tab" else f"Indent with {v} spaces",
    ),
    "comma-dangle": Mapping(
        "js.style.comma_dangle",
        "formatting",
        _comma_dangle,
        lambda v: "Multi-line literals end with a trailing comma" if v != "never" else "No trailing commas in literals",
    ),
    "object-curly-spacing": Mapping(
        "js.style.object_curly_spacing",
        "formatting",
        _first("never"),
        lambda v: "Spaces inside braces: { a }" if v == "always" else "No spaces inside braces: {a}",
    ),
    "max-len": Mapping("js.style.max_len", "formatting", _max_len, lambda v: f"Lines are at most {v} characters"),
    "camelcase": Mapping("js.naming.variable", "naming", lambda _o: "camelCase", lambda v: "Variables are camelCase"),
    "no-var": Mapping(
        "js.style.declarations",
        "idioms",
        lambda _o: "const/let",
        lambda v: "Variables are declared with const or let, never var",
    ),
    "prefer-arrow-callback": Mapping(
        "js.style.callbacks", "idioms", lambda _o: "arrow", lambda v: "Callbacks are arrow functions"
    ),
    "max-lines-per-function": Mapping(
        "js.size.function", "structure", _max_lines, lambda v: f"Functions are at most {v} lines"
    ),
}
STYLISTIC = frozenset({"quotes", "semi", "indent", "comma-dangle", "object-curly-spacing", "max-len"})


def core_name(rule: str) -> str:
    for prefix in STYLISTIC_PREFIXES:
        if rule.startswith(prefix):
            return rule[len(prefix) :]
    return rule


def rule_entry(rule: str, setting: Any, source: str) -> RuleEntry | None:
    """A RuleEntry from ESLint's ``"error"`` / ``2`` / ``["error", ...options]`` forms."""
    severity, options = (setting[0], list(setting[1:])) if isinstance(setting, list) and setting else (setting, [])
    level = {"error": Level.ERROR, 2: Level.ERROR, "warn": Level.WARN, 1: Level.WARN}.get(severity)
    if level is None:
        return None  # "off", 0 or something we do not understand
    return RuleEntry(core_name(rule), level, options, source)


# -- ESLint --------------------------------------------------------------------------------


def _flat_rules(module: JsModule) -> list[RuleEntry]:
    """Rules of config blocks that apply to every file, in source order."""
    entries: list[RuleEntry] = []
    for spec in imported_modules(module):
        entries.extend(_preset(spec, module.path))
    stack = [module.root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.children))
        if node.type != "pair" or node.parent is None or "files" in object_keys(node.parent):
            continue
        try:
            is_rules = property_name(node) == "rules"
        except NotLiteral:
            continue
        value = node.child_by_field_name("value")
        if is_rules and value is not None and value.type == "object":
            entries.extend(_rules_object(value, module.path))
    return entries


def _rules_object(obj: Any, source: str) -> list[RuleEntry]:
    out = []
    for pair in obj.named_children:
        if pair.type != "pair":
            continue
        try:
            entry = rule_entry(property_name(pair), js_literal(pair.child_by_field_name("value")), source)
        except NotLiteral:
            continue
        if entry is not None:
            out.append(entry)
    return out


def _preset(spec: str, path: str) -> list[RuleEntry]:
    rules = PRESETS.get(spec)
    if rules is None:
        return []
    entries = (rule_entry(rule, setting, f"{path} ({spec})") for rule, setting in rules.items())
    return [e for e in entries if e is not None]


def _legacy_rules(config: Any, path: str) -> list[RuleEntry]:
    if not isinstance(config, dict):
        raise ConfigError(path, "an ESLint config must be an object")
    entries: list[RuleEntry] = []
    extends = config.get("extends", [])
    for spec in [extends] if isinstance(extends, str) else list(extends or []):
        entries.extend(_preset(str(spec), path))
    for rule, setting in dict(config.get("rules") or {}).items():
        entry = rule_entry(str(rule), setting, path)
        if entry is not None:
            entries.append(entry)
    return entries


def _exported_object(module: JsModule) -> Any:
    """The object literal a config module exports (``export default {...}``,
    ``module.exports = {...}``), or None."""
    for node in reversed(module.root.named_children):
        value = None
        if node.type == "export_statement":
            value = node.child_by_field_name("value") or node.child_by_field_name("declaration")
        elif node.type == "expression_statement" and node.named_children:
            expr = node.named_children[0]
            left = expr.child_by_field_name("left") if expr.type == "assignment_expression" else None
            if left is not None and left.text == b"module.exports":
                value = expr.child_by_field_name("right")
        if value is not None and value.type == "identifier":
            value = _top_level_value(module, treesitter.node_text(value))
        if value is not None and value.type == "object":
            return value
    return None


def _top_level_value(module: JsModule, name: str) -> Any:
    """The initial value of a top-level ``const name = ...`` (``module.exports = config``)."""
    for node in module.root.named_children:
        if node.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for declarator in node.named_children:
            target = declarator.child_by_field_name("name")
            if declarator.type == "variable_declarator" and target is not None and target.text == name.encode():
                return declarator.child_by_field_name("value")
    return None


def _module_export(module: JsModule) -> Any:
    """The literal object a legacy ``.eslintrc.js`` exports ({} when it is computed)."""
    obj = _exported_object(module)
    if obj is None:
        return {}
    try:
        return js_literal(obj)
    except NotLiteral:
        return {}


def eslint_entries(ctx: Context, names: set[str]) -> list[RuleEntry]:
    """Rule entries of the root ESLint config, presets first, later entries winning."""
    for name in FLAT_CONFIGS:
        if name in names:
            return _flat_rules(parse_js_module(name, _read(ctx, name)))
    for name in LEGACY_JSON:
        if name in names:
            return _legacy_rules(load_jsonc(name, _read(ctx, name)), name)
    for name in LEGACY_YAML:
        if name in names:
            return _legacy_rules(load_yaml(name, _read(ctx, name)), name)
    for name in LEGACY_JS:
        if name in names:
            return _legacy_rules(_module_export(parse_js_module(name, _read(ctx, name))), name)
    package = _package_json(ctx, names)
    if isinstance(package.get("eslintConfig"), dict):
        return _legacy_rules(package["eslintConfig"], "package.json")
    return []


def eslint_observations(entries: list[RuleEntry]) -> list[Observation]:
    latest: dict[str, RuleEntry] = {}
    for entry in entries:
        if entry.rule in MAPPINGS:
            latest[entry.rule] = entry
    out = []
    for rule, entry in sorted(latest.items()):
        mapping = MAPPINGS[rule]
        value = mapping.value(entry.options)
        if value is None:
            continue
        codes = [f"eslint:{rule}"] + ([f"eslint:@stylistic/{rule}"] if rule in STYLISTIC else [])
        out.append(
            Observation(
                id=mapping.id,
                title=mapping.title(value),
                category=mapping.category,
                language="javascript",
                value=value,
                support=0,
                total=0,
                enforced_by=codes,
                params={"eslint": {rule: entry.options}},
                why=f"The project's ESLint configuration ({entry.source}) sets {rule}.",
                source=Source.EXPLICIT,
                explicit_in=entry.source,
                max_level=Level.WARN if entry.level is Level.WARN else None,
            )
        )
        if rule == "camelcase":
            out.append(_function_naming(out[-1]))
    return out


# the plugins whose rules `standards check` runs as the project's (linter_config/eslint.Runnable)
CARRIED_PLUGINS = frozenset({"@stylistic", "@stylistic/js", "@stylistic/ts"})


def plugin_observations(project: ProjectEslint) -> list[Observation]:
    """One note per ESLint plugin whose rules the project's configuration (any of its layers)
    turns on: `standards check` runs the project's core and ``@stylistic`` rules with its
    settings, never a plugin from the repository, so these rules are the project's, not
    checked by standards."""
    by_plugin: dict[str, dict[str, str]] = {}
    for layer in project.layers:
        for rule, setting in layer.rules.items():
            plugin, slash, _ = rule.rpartition("/")
            severity = setting[0] if isinstance(setting, list) and setting else setting
            if slash and plugin not in CARRIED_PLUGINS and severity not in (0, "off"):
                origin = layer.origins.get(rule, project.source)
                by_plugin.setdefault(plugin, {})[rule] = origin.rsplit(":", 1)[0]
    out = []
    for plugin, rules in sorted(by_plugin.items()):
        names = sorted(rules)
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        source = rules[names[0]]
        out.append(
            Observation(
                id=f"js.plugin.{re.sub(r'[^a-z0-9]+', '_', plugin.lower()).strip('_')}",
                title=f"The project's ESLint also runs {plugin} rules ({shown})",
                category="tooling",
                language="javascript",
                value=names,
                support=0,
                total=0,
                why=f"{source} turns on rules of the {plugin} plugin; they would apply to this code.",
                source=Source.EXPLICIT,
                explicit_in=source,
                note="the project's, not checked by standards: standards runs ESLint's core and @stylistic rules "
                "from its own pinned install, never a plugin from the repository",
                max_level=Level.INFO,
            )
        )
    return out


def _function_naming(variables: Observation) -> Observation:
    return Observation(
        id="js.naming.function",
        title="Functions are camelCase",
        category="naming",
        language="javascript",
        value="camelCase",
        support=0,
        total=0,
        enforced_by=list(variables.enforced_by),
        params=dict(variables.params),
        why=variables.why,
        source=Source.EXPLICIT,
        explicit_in=variables.explicit_in,
        max_level=variables.max_level,
    )


# -- Prettier ------------------------------------------------------------------------------

PRETTIER_DEFAULTS = {
    "semi": True,
    "singleQuote": False,
    "tabWidth": 2,
    "useTabs": False,
    "trailingComma": "all",
    "bracketSpacing": True,
    "printWidth": 80,
}
# The ESLint formatting rules Prettier owns (eslint-config-prettier turns them off), as our conventions.
PRETTIER_OWNED = {
    "quotes": "js.style.quotes",
    "semi": "js.style.semi",
    "indent": "js.style.indent",
    "comma-dangle": "js.style.comma_dangle",
    "object-curly-spacing": "js.style.object_curly_spacing",
    "max-len": "js.style.max_len",
}
PRETTIER_OPTIONS = {  # the Prettier options each of them follows
    "quotes": ("singleQuote",),
    "semi": ("semi",),
    "indent": ("useTabs", "tabWidth"),
    "comma-dangle": ("trailingComma",),
    "object-curly-spacing": ("bracketSpacing",),
    "max-len": ("printWidth",),
}
FORMATTER_ID = "js.style.formatter"
PRETTIER_TOML = (".prettierrc.toml",)
DEPENDENCY_KEYS = ("devDependencies", "dependencies")
EDITORCONFIG = ".editorconfig"
EDITORCONFIG_LINES = 2000
SCRIPT_EXTENSIONS = frozenset({"js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"})
_SECTION = re.compile(r"\*\*?\.(?:\{([\w,]+)\}|(\w+))")


@dataclass(frozen=True)
class Prettier:
    """Where Prettier was found and the options read from its config as data."""

    source: str  # ".prettierrc", "package.json (devDependencies)", ...
    options: dict[str, Any]
    complete: bool = True  # False: some options are not known (a shared config, computed values, no config file)

    def known(self, rule: str) -> bool:
        """Whether the value of an owned ESLint rule follows from what was read."""
        return self.complete or all(key in self.options for key in PRETTIER_OPTIONS[rule])


def prettier(ctx: Context) -> Prettier | None:
    """The project's Prettier, once per analysis: its config file or ``prettier`` key in package.json
    (with ``.editorconfig``'s indentation and width where they are silent), else a ``prettier``
    dependency or a package.json script that runs it."""
    return ctx.once("explicit_js.prettier", lambda: _find_prettier(ctx, root_files(ctx)))


def _find_prettier(ctx: Context, names: set[str]) -> Prettier | None:
    found = _prettier_config(ctx, names)
    if found is None or EDITORCONFIG not in names:
        return found
    # the Prettier CLI takes indentation and width from .editorconfig where its own config is silent
    carried = {k: v for k, v in editorconfig_options(_read(ctx, EDITORCONFIG)).items() if k not in found.options}
    if not carried:
        return found
    return Prettier(f"{found.source} + {EDITORCONFIG}", {**found.options, **carried}, found.complete)


def editorconfig_options(text: str) -> dict[str, Any]:
    """The Prettier options an ``.editorconfig`` gives JavaScript/TypeScript files: its ``[*]``
    section, then sections naming ``.js``/``.ts`` files (later wins), as Prettier maps them."""
    values: dict[str, str] = {}
    applies = False
    for raw in text.split("\n")[:EDITORCONFIG_LINES]:
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            applies = _for_scripts(line[1:-1])
            continue
        key, sep, value = line.partition("=")
        if applies and sep:
            values[key.strip().lower()] = value.strip().lower()
    options: dict[str, Any] = {}
    if values.get("indent_style") in ("tab", "space"):
        options["useTabs"] = values["indent_style"] == "tab"
    size = values.get("indent_size", "")
    size = values.get("tab_width", "") if size == "tab" else size
    if size.isdigit():
        options["tabWidth"] = int(size)
    if values.get("max_line_length", "").isdigit():
        options["printWidth"] = int(values["max_line_length"])
    return options


def _for_scripts(glob: str) -> bool:
    """Whether an ``.editorconfig`` section (``*``, ``*.ts``, ``*.{js,jsx}``, ``**.js``) covers JS/TS files."""
    if glob in ("*", "**"):
        return True
    match = _SECTION.fullmatch(glob)
    if match is None:
        return False
    return bool(set((match.group(1) or match.group(2)).split(",")) & SCRIPT_EXTENSIONS)


def _prettier_config(ctx: Context, names: set[str]) -> Prettier | None:
    for name in PRETTIER_JSON:
        if name in names:
            text = _read(ctx, name)
            config = load_jsonc(name, text) if text.lstrip().startswith(("{", '"')) else load_yaml(name, text)
            return _prettier_of(name, config)
    for name in PRETTIER_YAML:
        if name in names:
            return _prettier_of(name, load_yaml(name, _read(ctx, name)))
    for name in PRETTIER_TOML:
        if name in names:
            return _prettier_of(name, _load_toml(name, _read(ctx, name)))
    for name in PRETTIER_JS:
        if name in names:
            options, complete = _literal_export(parse_js_module(name, _read(ctx, name)))
            return Prettier(name, options, complete)
    package = _package_json(ctx, names)
    if "prettier" in package:
        return _prettier_of("package.json", package["prettier"])
    # used without a config file of its own: the options are its defaults unless set where we do not read
    # (an editor, a parent directory), so the formatting values are left to the code's evidence
    for key in DEPENDENCY_KEYS:
        if isinstance(package.get(key), dict) and "prettier" in package[key]:
            return Prettier(f"package.json ({key})", {}, complete=False)
    scripts = package.get("scripts")
    if isinstance(scripts, dict) and any(isinstance(v, str) and "prettier " in v for v in scripts.values()):
        return Prettier("package.json (scripts)", {}, complete=False)
    return None  # a .prettierignore alone is no evidence: fastify's says "*", keeping Prettier out


def _prettier_of(source: str, config: Any) -> Prettier:
    if isinstance(config, str):  # the name of a shared config: its options are in a package we do not read
        return Prettier(f"{source} (shared config {config})", {}, complete=False)
    if not isinstance(config, dict):
        return Prettier(source, {}, complete=config is None)
    options = {str(k): v for k, v in config.items() if k != "overrides"}
    return Prettier(source, options)


def _load_toml(name: str, text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, f"invalid TOML: {exc}") from None


def _literal_export(module: JsModule) -> tuple[dict[str, Any], bool]:
    """The literal options a ``prettier.config.js`` exports, and whether that is all of them."""
    obj = _exported_object(module)
    if obj is None:
        return {}, False
    options: dict[str, Any] = {}
    complete = True
    for child in obj.named_children:
        if child.type == "comment":
            continue
        try:
            if child.type != "pair":
                raise NotLiteral(child.type)
            options[property_name(child)] = js_literal(child.child_by_field_name("value"))
        except NotLiteral:
            complete = False
    return options, complete


def _prettier_value(rule: str, o: dict[str, Any]) -> Any:
    if rule == "quotes":
        return "single" if o["singleQuote"] else "double"
    if rule == "semi":
        return "always" if o["semi"] else "never"
    if rule == "indent":
        return "tab" if o["useTabs"] else int(o["tabWidth"])
    if rule == "comma-dangle":
        return "never" if o["trailingComma"] == "none" else "always-multiline"
    if rule == "object-curly-spacing":
        return "always" if o["bracketSpacing"] else "never"
    return int(o["printWidth"])


def prettier_observations(found: Prettier) -> list[Observation]:
    """The formatter convention, and the formatting values Prettier's options fix (documented,
    not checked: `standards check` does not run Prettier, and ESLint's rules for them are off)."""
    o = {**PRETTIER_DEFAULTS, **found.options}
    out = [
        Observation(
            id=FORMATTER_ID,
            title=f"Formatting: Prettier ({found.source})",
            category="formatting",
            language="javascript",
            value="prettier",
            support=0,
            total=0,
            params={"prettier": dict(found.options)},
            why=f"Prettier formats the JavaScript/TypeScript code ({found.source}); its output is the style.",
            do="npx prettier --write <file>",
            dont="formatting by hand that Prettier would rewrite",
            source=Source.EXPLICIT,
            explicit_in=found.source.split(" (", 1)[0].split(" + ", 1)[0],
            note="Prettier is not run by `standards check`; ESLint's formatting rules "
            f"({', '.join(PRETTIER_OWNED)}) are off for the files it formats",
        )
    ]
    for rule, cid in PRETTIER_OWNED.items():
        if not found.known(rule):
            continue
        try:
            value = _prettier_value(rule, o)
        except (TypeError, ValueError):
            continue  # an option of a type Prettier would reject: no value to state
        out.append(
            Observation(
                id=cid,
                title=MAPPINGS[rule].title(value),
                category="formatting",
                language="javascript",
                value=value,
                support=0,
                total=0,
                why=f"Prettier formats the code ({found.source}).",
                do="npx prettier --write <file>",
                source=Source.EXPLICIT,
                explicit_in=found.source.split(" (", 1)[0].split(" + ", 1)[0],
                note=prettier_note(found),
                max_level=Level.INFO,
            )
        )
    return out


def prettier_note(found: Prettier) -> str:
    return f"formatted by Prettier ({found.source}): ESLint's rule for it is off"


# -- entry point -------------------------------------------------------------------------------


def _read(ctx: Context, name: str) -> str:
    return ctx.config_text(name)  # exit 2 naming the file when it cannot be read


def _package_json(ctx: Context, names: set[str]) -> dict[str, Any]:
    if "package.json" not in names:
        return {}
    package = load_jsonc("package.json", _read(ctx, "package.json"))
    return package if isinstance(package, dict) else {}


def root_files(ctx: Context) -> set[str]:
    names = set(ctx.discovery.other_files) | {f.path for f in ctx.discovery.files}
    return {n for n in names if "/" not in n}


def analyze(ctx: Context) -> list[Observation]:
    names = root_files(ctx)
    out = gate(ctx, eslint_observations(eslint_entries(ctx, names)))
    try:
        out += gate(ctx, plugin_observations(eslint_project.read(ctx.root)))
    except ConfigError:
        pass  # the settings analyzer above reports an unreadable config
    found = prettier(ctx)
    if found is not None:
        covered = {obs.id for obs in out}  # the project's ESLint settings for a rule win
        out.extend(obs for obs in prettier_observations(found) if obs.id not in covered)
    return out
