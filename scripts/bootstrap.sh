#!/usr/bin/env bash
# Create .venv with standards and its test dependencies (pinned in pyproject.toml), once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$here/.venv/bin/standards" ] || [ "$here/pyproject.toml" -nt "$here/.venv/.installed" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here[test]"
  touch "$here/.venv/.installed"
fi
