#!/usr/bin/env bash
# Builds Storelink and launches it in Electron (npm start).
# The Electron binary is not in the npm package: node_modules/electron/install.js downloads it from
# GitHub releases. On a machine that cannot reach GitHub this fails, and we say so plainly.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

electron_binary() {
  # Same lookup as node_modules/electron/index.js, without its automatic download.
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = path.join("node_modules", "electron");
    try {
      const rel = fs.readFileSync(path.join(dir, "path.txt"), "utf8").trim();
      const full = path.join(dir, "dist", rel);
      if (rel && fs.existsSync(full)) { console.log(full); process.exit(0); }
    } catch {}
    process.exit(1);'
}

npm run build

if ! electron_binary >/dev/null; then
  echo "Electron binary not installed; downloading it (node node_modules/electron/install.js)..."
  if ! timeout 600 node node_modules/electron/install.js || ! electron_binary >/dev/null; then
    echo >&2 ""
    echo >&2 "Storelink cannot start: the Electron binary could not be downloaded."
    echo >&2 "It comes from GitHub releases, which this machine cannot reach (no internet access)."
    echo >&2 "On a machine with internet access, run: node node_modules/electron/install.js"
    echo >&2 "Everything else (npm test, npm run build) works without it."
    exit 1
  fi
fi

exec node_modules/.bin/electron . "$@"
