#!/usr/bin/env bash
# Appends/s of the PostgreSQL store on PGlite and on a throwaway server; writes bench/postgres-results.json.
# Node 20 cannot run TypeScript: bundle the benchmark (dependencies stay external) and run the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
out=node_modules/.cache/academic-credit/postgres-appends.mjs
mkdir -p "$(dirname "$out")"
npx esbuild bench/postgres-appends.ts --bundle --platform=node --format=esm --packages=external --log-level=warning --outfile="$out"
bash scripts/test-postgres.sh -- node --expose-gc "$out"
