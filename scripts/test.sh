#!/usr/bin/env bash
# Run the test suite. Integration tests with ESLint / RuboCop skip (saying why) when the
# tools are missing; .ci/run installs them first. Extra arguments go to pytest.
# The tests run on every core (pytest-xdist; a module's tests stay on one worker, so its
# module-scoped fixtures are built once): most of the time is spent waiting on git, ruff,
# ESLint and RuboCop processes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/bootstrap.sh"
export PATH="$here/.venv/bin:$PATH"
if [ -x "$here/.tools/node_modules/.bin/eslint" ]; then
  export STANDARDS_ESLINT="$here/.tools/node_modules/.bin/eslint"
fi
cd "$here"
exec "$here/.venv/bin/python" -m pytest -q --durations=15 --numprocesses auto --maxprocesses 4 --dist loadfile "$@"
