#!/usr/bin/env bash
# `npm test`: typecheck, lint (eslint.config.js: import borders and cycles), build the renderer and the Electron bundles, run every test (unit,
# integration against oidc-provider / the demo store / platform simulators, real keychain through
# gnome-keyring, end-to-end in Chromium), then the Electron static analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
case "$(node --version)" in v24.*) ;; *) echo "test: expected Node 24 from node_modules/.bin (run npm ci)" >&2; exit 1;; esac

echo "== typecheck"; tsc -p tsconfig.json --noEmit
echo "== lint (bugs, import borders, no cycles: eslint.config.js)"; eslint .
echo "== format (prettier --check: .prettierrc)"; prettier --check . >/dev/null || { prettier --check . ; exit 1; }
echo "== build"; npm run --silent build
echo "== tests"
files=$(find tests -name '*.test.ts' | sort)
# shellcheck disable=SC2086
bash scripts/with-keyring.sh node --test --test-concurrency=2 --test-timeout=180000 $files
echo "== electronegativity"; node scripts/electronegativity.mjs
