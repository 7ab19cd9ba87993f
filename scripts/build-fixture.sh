#!/usr/bin/env bash
# Regenerate test/fixtures/pelican-site from test/fixtures/pelican-src.
# Needs Debian's pelican (apt-get install -y pelican). Output is deterministic:
# running this twice gives byte-identical files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/test/fixtures/pelican-src"
out="$root/test/fixtures/pelican-site"

command -v pelican >/dev/null || { echo "pelican not found (apt-get install -y pelican)" >&2; exit 1; }

export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ next to pelicanconf.py
export TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=0

cd "$src"
pelican content -o "$out" -s pelicanconf.py -t theme --delete-output-directory --fatal errors

echo "built $(find "$out" -type f | wc -l) files, $(du -sb "$out" | cut -f1) bytes in ${out#"$root"/}"
