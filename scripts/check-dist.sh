#!/usr/bin/env bash
# Fails when dist/ differs from a fresh bundle of the sources: users run dist/, not src/.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist | head -20
  git --no-pager diff --stat -- dist | tail -5
  echo "dist/ is stale: run 'npm run bundle' and commit dist/." >&2
  exit 1
fi
echo "dist/ is current."
