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

RUBY: dict[str, dict[str, object]] = {
    "rails": {"string-style": "double_quotes", "frozen-string-literal": "always", "hash-syntax": "ruby19"},
    "rubocop": {"string-style": "single_quotes", "frozen-string-literal": "always", "hash-syntax": "ruby19"},
}
RB_DEFAULTS = {"string-style": "single_quotes", "frozen-string-literal": "always", "hash-syntax": "ruby19"}

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
    ("rails", "hash-syntax"): "cop enabled in .rubocop.yml, RuboCop default style",
    ("rubocop", "string-style"): "RuboCop default (config/default.yml), not overridden",
    ("rubocop", "frozen-string-literal"): "RuboCop default (config/default.yml), not overridden",
    ("rubocop", "hash-syntax"): "RuboCop default (config/default.yml), not overridden",
}
