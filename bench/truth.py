"""The maintainers' own settings of each corpus, written from the corpora's config files
(pyproject.toml [tool.ruff] / [tool.black], setup.cfg, .flake8) before they are stripped.
A setting a project leaves at ruff's default is recorded as that default."""

PYTHON: dict[str, dict[str, object]] = {
    "flask": {"line-length": 88, "quotes": "double", "isort": {"force-single-line": True, "order-by-type": False}},
    "pydantic": {"line-length": 120, "quotes": "single", "docstrings": "google", "isort": {}},
    "falcon": {"line-length": 88, "quotes": "single",
               "isort": {"force-single-line": True, "force-sort-within-sections": True, "order-by-type": False,
                         "single-line-exclusions": ["typing"]}},
    "attrs": {"line-length": 79, "quotes": "double", "isort": {"lines-between-types": 1, "lines-after-imports": 2}},
    "sanic": {"line-length": 79, "quotes": "double", "docstrings": "google",
              "isort": {"lines-after-imports": 2, "lines-between-types": 1}},
    "starlette": {"line-length": 120, "quotes": "double", "isort": {"combine-as-imports": True}},
    "aiohttp": {"line-length": 88, "isort": {"combine-as-imports": True}},
    "pyramid": {"line-length": 79},
}
DEFAULTS = {"line-length": 88, "quotes": "double", "docstrings": None, "isort": {}}
