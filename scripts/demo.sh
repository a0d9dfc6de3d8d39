#!/usr/bin/env bash
# Run standards on the bundled example repository (examples/shop): infer its conventions,
# show the playbook it writes, then let an agent-style commit with a deviation be refused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/bootstrap.sh"
export PATH="$here/.venv/bin:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/.pre-commit-home"
cp -r "$here/examples/shop" "$work/shop"
cd "$work/shop"
export GIT_AUTHOR_NAME=Demo GIT_AUTHOR_EMAIL=demo@example.org GIT_COMMITTER_NAME=Demo GIT_COMMITTER_EMAIL=demo@example.org
git init -q -b main . && git add -A && git commit -q -m "Add the shop service"

echo "== standards init"
standards init
git add -A && git commit -q -m "Adopt standards"

echo
echo "== playbook.md (what agents read)"
cat playbook.md

echo
echo "== an agent commits code that breaks the conventions"
cat > shop/services/refunds.py <<'PY'
def refundOrder(order, amount):
    try:
        return order.total() - amount
    except:
        return None
PY
cat shop/services/refunds.py
git add shop/services/refunds.py
if git commit -q -m "Add refunds"; then
  echo "!! the commit was accepted; it should have been refused" >&2
  exit 1
fi
echo
echo "== the commit was refused; the same check runs in CI: standards check --diff HEAD"
