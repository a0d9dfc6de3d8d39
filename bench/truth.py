"""The maintainers' own settings of each corpus, written from the corpora's config files
before they are stripped. A setting a project leaves at its tool's default is recorded as
that default; a setting the project does not constrain at all is left out (no truth).

Python: pyproject.toml [tool.ruff] / [tool.black], setup.cfg, .flake8.
JavaScript: eslint.config.* / .eslintrc. fastify and qs extend shared configs that are not in
their tarballs (neostandard, @ljharb/eslint-config); what those imply was read from the
published packages (neostandard 0.12.2 lib/configs/{base,style}.js, @ljharb/eslint-config
22.2.4 eslint-config.json) and every such row is marked in SOURCES.
Ruby: .rubocop.yml; a cop the file enables without a style takes RuboCop's default, which
the rubocop corpus ships itself (config/default.yml)."""

PYTHON: dict[str, dict[str, object]] = {
    "flask": {"line-length": 88, "quotes": "double", "isort": {"force-single-line": True, "order-by-type": False}},
    "pydantic": {"line-length": 120, "quotes": "single", "docstrings": "google", "isort": {}},
    "falcon": {
        "line-length": 88,
        "quotes": "single",
        "isort": {
            "force-single-line": True,
            "force-sort-within-sections": True,
            "order-by-type": False,
            "single-line-exclusions": ["typing"],
        },
    },
    "attrs": {"line-length": 79, "quotes": "double", "isort": {"lines-between-types": 1, "lines-after-imports": 2}},
    "sanic": {
        "line-length": 79,
        "quotes": "double",
        "docstrings": "google",
        "isort": {"lines-after-imports": 2, "lines-between-types": 1},
    },
    "starlette": {"line-length": 120, "quotes": "double", "isort": {"combine-as-imports": True}},
    "aiohttp": {"line-length": 88, "isort": {"combine-as-imports": True}},
    # pyproject [tool.isort]: profile black, force_sort_within_sections, combine_as_imports
    "pyramid": {"line-length": 79, "isort": {"force-sort-within-sections": True, "combine-as-imports": True}},
}
DEFAULTS = {"line-length": 88, "quotes": "double", "docstrings": None, "isort": {}}

# ESLint: `None` = the project does not set the rule (no truth, not scored).
JAVASCRIPT: dict[str, dict[str, object]] = {
    "fastify": {
        "quotes": "single",
        "semi": "never",
        "indent": 2,
        "brace-spacing": "always",
        "max-len": 120,
        "naming": "camelCase",
    },
    "mongoose": {"quotes": "single", "semi": "always", "indent": 2, "brace-spacing": "always"},
    "sails": {"quotes": "single", "semi": "always", "indent": 2, "naming": "camelCase"},
    "qs": {
        "quotes": "single",
        "semi": "always",
        "indent": 4,
        "brace-spacing": "always",
        "max-len": 120,
        "naming": "camelCase",
    },
}
# What each ESLint rule enforces when switched on with no options (the tool's default alone).
JS_DEFAULTS = {
    "quotes": "double",
    "semi": "always",
    "indent": 4,
    "brace-spacing": "never",
    "max-len": 80,
    "naming": "camelCase",
}

# Ruby: one setting per RuboCop cop the rb_* analyzers infer; True = the cop is enabled (a cop
# without a style). rails sets `AllCops: DisabledByDefault: true`, so only the cops its file
# enables have a truth there; the rubocop corpus runs every cop at its default (NewCops: enable).
RB_DEFAULTS: dict[str, object] = {
    "string-style": "single_quotes",
    "frozen-string-literal": "always",
    "hash-syntax": "ruby19",
    "string-interpolation": "single_quotes",
    "format-string": "format",
    "empty-else": "both",
    "trailing-comma-array": "no_comma",
    "trailing-comma-hash": "no_comma",
    "trailing-comma-arguments": "no_comma",
    "hash-brace-spacing": "space",
    "block-brace-spacing": "space",
    "space-before-block-braces": "space",
    "line-length": 120,
    "dot-position": "leading",
    "lambda": "line_count_dependent",
    "block-delimiters": "line_count_based",
    "raise-args": "exploded",
    "redundant-return": True,
    "documentation": True,
    "method-name": "snake_case",
    "variable-name": "snake_case",
    "predicate-name": True,
    "file-name": "snake_case",
    "indentation": 2,
}
RUBY: dict[str, dict[str, object]] = {
    "rails": {
        "string-style": "double_quotes",
        "frozen-string-literal": "always",
        "hash-syntax": "ruby19",
        "hash-brace-spacing": "space",
        "block-brace-spacing": "space",
        "space-before-block-braces": "space",
        "redundant-return": True,
        "indentation": 2,
    },
    "rubocop": {**RB_DEFAULTS, "line-length": 100},
}
# setting -> the convention id standards.toml states it under
RB_CONVENTIONS = {
    "string-style": "rb.style.string_literals",
    "frozen-string-literal": "rb.style.frozen_string_literal",
    "hash-syntax": "rb.style.hash_syntax",
    "string-interpolation": "rb.style.string_literals_in_interpolation",
    "format-string": "rb.style.format_string",
    "empty-else": "rb.style.empty_else",
    "trailing-comma-array": "rb.style.trailing_comma_array",
    "trailing-comma-hash": "rb.style.trailing_comma_hash",
    "trailing-comma-arguments": "rb.style.trailing_comma_arguments",
    "hash-brace-spacing": "rb.layout.hash_brace_spacing",
    "block-brace-spacing": "rb.layout.block_brace_spacing",
    "space-before-block-braces": "rb.layout.space_before_block_braces",
    "line-length": "rb.style.line_length",
    "dot-position": "rb.layout.dot_position",
    "lambda": "rb.style.lambda",
    "block-delimiters": "rb.style.block_delimiters",
    "raise-args": "rb.style.raise_args",
    "redundant-return": "rb.style.redundant_return",
    "documentation": "rb.docs.class_documentation",
    "method-name": "rb.naming.method",
    "variable-name": "rb.naming.variable",
    "predicate-name": "rb.naming.predicate",
    "file-name": "rb.naming.file",
    "indentation": "rb.style.indentation",
}

# Where a truth value comes from when it is not the corpus's own file.
SOURCES: dict[tuple[str, str], str] = {
    ("fastify", "quotes"): "neostandard (extended, not in tarball)",
    ("fastify", "semi"): "neostandard (extended, not in tarball)",
    ("fastify", "indent"): "neostandard (extended, not in tarball)",
    ("fastify", "brace-spacing"): "neostandard (extended, not in tarball)",
    ("fastify", "naming"): "neostandard (extended, not in tarball)",
    ("qs", "quotes"): "@ljharb/eslint-config (extended, not in tarball)",
    ("qs", "semi"): "@ljharb/eslint-config (extended, not in tarball)",
    ("qs", "brace-spacing"): "@ljharb/eslint-config (extended, not in tarball)",
    ("qs", "max-len"): "@ljharb/eslint-config (extended, not in tarball); .editorconfig says 180",
    ("qs", "naming"): "@ljharb/eslint-config (extended, not in tarball)",
    **{
        ("rails", key): "cop enabled in .rubocop.yml, RuboCop default style"
        for key in ("hash-syntax", "hash-brace-spacing", "block-brace-spacing", "space-before-block-braces")
    },
    ("rails", "indentation"): "Layout/IndentationWidth enabled in .rubocop.yml, RuboCop default width",
    ("rails", "redundant-return"): "cop enabled in .rubocop.yml (AllowMultipleReturnValues: true)",
    **{
        ("rubocop", key): "RuboCop default (config/default.yml), not overridden"
        for key in RB_CONVENTIONS
        if key != "line-length"
    },
}
