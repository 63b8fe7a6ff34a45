#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine (or CI) for Storelink: system packages the tests and
# keytar need, then the exact npm dependencies from the lockfile (Node 24 comes from npm).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium xvfb dbus dbus-x11 gnome-keyring libsecret-1-0 libsecret-1-dev python3 make g++)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]}" >&2
  fi
fi

# Electron's binary is fetched lazily by `npm start` (scripts/start.sh), so installs work offline too.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` honours the committed lockfile (exact versions are also pinned in package.json).
  # Not `npm ci`: npm 11 rejects this lockfile for a Windows-only optional dependency of Vite
  # (napi-windows-process-start-time) that it never records on Linux.
  npm install --no-audit --no-fund
fi
