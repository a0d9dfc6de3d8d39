#!/usr/bin/env bash
# Install the linters the JS/Ruby integration tests run: ESLint 9 with @stylistic and
# typescript-eslint into ./.tools (gitignored; point STANDARDS_ESLINT at
# ./.tools/node_modules/.bin/eslint), and RuboCop from Debian when it is not on PATH.
# Versions are pinned; a second run with everything present does nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ESLINT_PACKAGES=(
  eslint@9.39.5
  @stylistic/eslint-plugin@5.9.0
  typescript-eslint@8.74.0
  typescript@5.9.3
  globals@17.14.0
)

want_eslint="9.39.5"
have_eslint="$(./.tools/node_modules/.bin/eslint --version 2>/dev/null || true)"
if [ "$have_eslint" != "v$want_eslint" ] || [ ! -d ./.tools/node_modules/@stylistic/eslint-plugin ] \
   || [ ! -d ./.tools/node_modules/typescript-eslint ]; then
  if command -v npm >/dev/null 2>&1; then
    npm install --prefix ./.tools --save-exact --no-audit --no-fund --loglevel=error "${ESLINT_PACKAGES[@]}"
  else
    echo "install-js-ruby-tools: npm not found; ESLint integration tests will be skipped" >&2
  fi
fi

if ! command -v rubocop >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rubocop >/dev/null
  else
    echo "install-js-ruby-tools: apt-get not found; RuboCop integration tests will be skipped" >&2
  fi
fi

./.tools/node_modules/.bin/eslint --version 2>/dev/null | sed 's/^/eslint /' || true
rubocop --version 2>/dev/null | sed 's/^/rubocop /' || true
