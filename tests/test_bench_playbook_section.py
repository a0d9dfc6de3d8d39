"""The bench's playbook section (bench/truth_playbook.py) counts what init wrote with its own
parser: the words, whether each step of the feature flow names a file that exists, and whether
the chosen test command is statically valid. It never runs the repository's code."""

from __future__ import annotations

from pathlib import Path

from _repo import make_repo

from bench import truth_playbook

PLAYBOOK = """# How code is written here

## How to add a feature here

1. **Route**: a blueprint route in `app/views.py`. Example: `def index():` (app/views.py:4).
2. **Model**: a model class in `app/models/` (3 models).
3. **Migration**: every schema change gets a revision in `migrations/versions/`.

## How to run and test

- **Tests:** `pytest`.
"""


def test_flow_steps_name_their_files_and_only_existing_ones_count(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "app",
        {
            "playbook.md": PLAYBOOK,
            "app/__init__.py": "",
            "app/views.py": "from flask import Blueprint\n\n\ndef index():\n    return 'ok'\n",
            "app/models/__init__.py": "",
            "pyproject.toml": '[project]\nname = "app"\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
            "tests/test_views.py": "def test_index():\n    assert True\n",
        },
    )
    row = truth_playbook.measure(root)
    assert row["words"] == len(PLAYBOOK.split()) and row["under_cap"] and row["within_target"]
    assert [(s["layer"], s["named"], s["ok"]) for s in row["flow_steps"]] == [
        ("Route", ["app/views.py"], True),
        ("Model", ["app/models/"], True),
        ("Migration", ["migrations/versions/"], False),
    ]
    assert row["flow_real_file_per_layer"] is False
    assert row["test_command_check"]["ran"] is False  # checked statically, never run


def test_a_playbook_without_a_flow_is_not_counted_as_a_failed_flow(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "lib", {"playbook.md": "# How code is written here\n\nShort.\n", "lib.py": "X = 1\n"})
    row = truth_playbook.measure(root)
    assert row["flow_steps"] == [] and row["flow_real_file_per_layer"] is None
    assert row["test_command"] is None and row["test_command_statically_valid"] is False
