"""What the repository's own JavaScript tooling configuration says, as explicit
observations: ESLint (flat ``eslint.config.{js,mjs,cjs,ts}``, legacy ``.eslintrc*``,
``package.json#eslintConfig``), Prettier (``.prettierrc*``, ``prettier.config.*``,
``package.json#prettier``) and TypeScript strictness (``tsconfig.json``).

Nothing is evaluated: JavaScript configs are parsed with tree-sitter and only literal
values are read, from config blocks that apply to every file (no ``files`` key).
Well-known shared configs (``neostandard``, ``standard``) contribute the settings they are
documented to enforce, overridden by the repository's own rules. Only root-level files
are read. A malformed file raises ConfigError naming it and the line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from standards.context import Context
from standards.errors import ConfigError
from standards.model import Level, Observation, Source

LANGUAGES = ("javascript", "typescript")

FLAT_CONFIGS = ("eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts")
LEGACY_JSON = (".eslintrc", ".eslintrc.json")
LEGACY_YAML = (".eslintrc.yml", ".eslintrc.yaml")
LEGACY_JS = (".eslintrc.js", ".eslintrc.cjs")
PRETTIER_JSON = (".prettierrc", ".prettierrc.json", ".prettierrc.json5")
PRETTIER_YAML = (".prettierrc.yml", ".prettierrc.yaml")
PRETTIER_JS = (
    ".prettierrc.js",
    ".prettierrc.cjs",
    ".prettierrc.mjs",
    "prettier.config.js",
    "prettier.config.cjs",
    "prettier.config.mjs",
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


def _module_export(module: JsModule) -> Any:
    """The literal object a legacy ``.eslintrc.js``/``prettier.config.js`` exports."""
    for node in reversed(module.root.named_children):
        value = None
        if node.type == "export_statement":
            value = node.child_by_field_name("value") or node.child_by_field_name("declaration")
        elif node.type == "expression_statement" and node.named_children:
            expr = node.named_children[0]
            left = expr.child_by_field_name("left") if expr.type == "assignment_expression" else None
            if left is not None and left.text == b"module.exports":
                value = expr.child_by_field_name("right")
        if value is not None and value.type == "object":
            try:
                return js_literal(value)
            except NotLiteral:
                return {}
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
}


def prettier_options(ctx: Context, names: set[str]) -> tuple[str, dict[str, Any]] | None:
    """(file, options) of the root Prettier config, or None when there is none."""
    for name in PRETTIER_JSON:
        if name in names:
            text = _read(ctx, name)
            config = load_jsonc(name, text) if text.lstrip().startswith("{") else load_yaml(name, text)
            return name, dict(config or {})
    for name in PRETTIER_YAML:
        if name in names:
            return name, dict(load_yaml(name, _read(ctx, name)) or {})
    for name in PRETTIER_JS:
        if name in names:
            return name, dict(_module_export(parse_js_module(name, _read(ctx, name))))
    package = _package_json(ctx, names)
    if isinstance(package.get("prettier"), dict):
        return "package.json", dict(package["prettier"])
    return None


def prettier_observations(source: str, options: dict[str, Any]) -> list[Observation]:
    o = {**PRETTIER_DEFAULTS, **options}
    indent: Any = "tab" if o["useTabs"] else int(o["tabWidth"])
    values = {
        "quotes": "single" if o["singleQuote"] else "double",
        "semi": "always" if o["semi"] else "never",
        "indent": indent,
        "comma-dangle": "never" if o["trailingComma"] == "none" else "always-multiline",
        "object-curly-spacing": "always" if o["bracketSpacing"] else "never",
    }
    return [
        Observation(
            id=MAPPINGS[rule].id,
            title=MAPPINGS[rule].title(value),
            category="formatting",
            language="javascript",
            value=value,
            support=0,
            total=0,
            enforced_by=["prettier"],
            why=f"Prettier formats the code ({source}).",
            do="run prettier --write on the file",
            source=Source.EXPLICIT,
            explicit_in=source,
            note="formatted by Prettier; ESLint formatting rules are not generated for it",
        )
        for rule, value in values.items()
    ]


# -- TypeScript ------------------------------------------------------------------------------

STRICT_FLAGS = (
    "noImplicitAny",
    "strictNullChecks",
    "strictFunctionTypes",
    "strictBindCallApply",
    "strictPropertyInitialization",
    "noImplicitThis",
    "alwaysStrict",
    "useUnknownInCatchVariables",
)


def tsconfig_observation(ctx: Context, names: set[str]) -> Observation | None:
    if "tsconfig.json" not in names:
        return None
    config = load_jsonc("tsconfig.json", _read(ctx, "tsconfig.json"))
    options = config.get("compilerOptions", {}) if isinstance(config, dict) else {}
    if not isinstance(options, dict):
        raise ConfigError("tsconfig.json", "compilerOptions must be an object")
    strict = bool(options.get("strict", False))
    enabled = [flag for flag in STRICT_FLAGS if options.get(flag, strict)]
    return Observation(
        id="ts.types.strict",
        title="TypeScript compiles in strict mode" if strict else "TypeScript is not in strict mode",
        category="types",
        language="typescript",
        value=strict,
        support=0,
        total=0,
        counts={flag: 1 for flag in enabled},
        enforced_by=["tsc"],
        params={"tsc": {"strict": strict, "enabled": enabled}},
        why="tsconfig.json sets the compiler's strictness; new code must type-check under it.",
        do="tsc --noEmit",
        source=Source.EXPLICIT,
        explicit_in="tsconfig.json",
    )


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
    out = eslint_observations(eslint_entries(ctx, names))
    prettier = prettier_options(ctx, names)
    if prettier is not None:
        covered = {obs.id for obs in out}
        out.extend(obs for obs in prettier_observations(*prettier) if obs.id not in covered)
    strict = tsconfig_observation(ctx, names)
    if strict is not None:
        out.append(strict)
    return out
