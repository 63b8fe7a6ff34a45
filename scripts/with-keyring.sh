#!/usr/bin/env bash
# Runs "$@" inside a private Secret Service (gnome-keyring on a private D-Bus session bus), so the
# real-keychain tests (security.md #17-#20) can use keytar on a headless Linux box or in CI.
# Usage: bash scripts/with-keyring.sh node --test tests/storage/*.test.ts
# Needs: dbus (dbus-run-session, dbus-send), gnome-keyring, libsecret. Works as root.
# Exits with the command's status. The keyring daemon it starts is stopped by its pid afterwards.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is not installed (apt-get install dbus gnome-keyring libsecret-1-dev)" >&2
    exit 127
  fi
done

base="$(mktemp -d "${TMPDIR:-/tmp}/storelink-keyring.XXXXXX")"
chmod 700 "$base"
mkdir -p "$base/home" "$base/data" "$base/runtime"
chmod 700 "$base/home" "$base/data" "$base/runtime"
trap 'rm -rf "$base"' EXIT

status=0
HOME="$base/home" XDG_DATA_HOME="$base/data" XDG_RUNTIME_DIR="$base/runtime" \
  dbus-run-session -- sh -c '
    # The login keyring is created with, and unlocked by, a throw-away password; it lives only in this HOME.
    eval "$(printf %s storelink-test | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL

    # Wait (at most ~10 s) until the daemon owns org.freedesktop.secrets, and learn its pid, so it can be
    # stopped afterwards: a daemon that never saw the bus close would otherwise outlive this script.
    keyring_pid=""
    tries=0
    while [ "$tries" -lt 100 ]; do
      keyring_pid="$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null \
        | awk "/uint32/ { print \$2 }")" || true
      [ -n "$keyring_pid" ] && break
      tries=$((tries + 1))
      sleep 0.1
    done
    if [ -z "$keyring_pid" ]; then
      echo "with-keyring: gnome-keyring-daemon did not register org.freedesktop.secrets" >&2
      exit 125
    fi

    status=0
    "$@" || status=$?
    kill "$keyring_pid" 2>/dev/null || true
    exit "$status"
  ' with-keyring "$@" || status=$?
exit "$status"
