#!/usr/bin/env bash
# Fails when dist/ differs from a fresh bundle of the sources: users run dist/, not src/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Without git (or outside a checkout) there is nothing to compare against: fail, never pass.
git rev-parse --git-dir >/dev/null
npm run bundle >/dev/null
changes="$(git status --porcelain -- dist)"
if [ -n "$changes" ]; then
  echo "$changes" | head -20
  echo "dist/ is stale: run 'npm run bundle' and commit dist/." >&2
  exit 1
fi
echo "dist/ is current."
