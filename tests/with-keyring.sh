#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# with-keyring.sh COMMAND [ARG]...
#
# Runs COMMAND with a real Secret Service of its own: a private session bus
# (dbus-run-session) and a gnome-keyring-daemon whose login keyring is new
# and unlocked, in a fresh HOME and XDG directories that are removed
# afterwards. The user's own bus and keyring are never touched. Exits with
# COMMAND's status.
#
# Sets CA_TEST_KEYRING=1 for COMMAND: tests that find it may use the
# keyring; tests without it drop the session bus (see test-secrets.c).
#
# CA_TEST_WRAPPER, when set, is put before COMMAND (e.g. "valgrind -q"):
# meson's exe_wrapper would wrap this script instead of the test program.
set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG]..." >&2
  exit 2
fi

if [ "${CA_WITH_KEYRING_INNER:-}" != 1 ]; then
  # Outside the private bus: make the directories, then come back in.
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$0: $tool is missing (Debian: apt-get install dbus gnome-keyring)" >&2
      exit 1
    fi
  done

  tmp=$(mktemp -d "${TMPDIR:-/tmp}/ca-keyring.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
  mkdir -m 700 "$tmp/home" "$tmp/run" "$tmp/data" "$tmp/config" "$tmp/cache"

  status=0
  HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" \
    XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    CA_WITH_KEYRING_INNER=1 \
    dbus-run-session -- /bin/sh "$0" "$@" || status=$?
  exit $status
fi

# Inside the private bus. A password is required: with an empty one the
# daemon wants a prompt to create the login keyring, and fails. The daemon
# is not under test: the tests' G_DEBUG=fatal-warnings would make it abort
# on its own warnings (it does, when an item is replaced), so it runs
# without GLib's debug settings. The command substitution is a subshell:
# the unset stays there.
unset CA_WITH_KEYRING_INNER
keyring_env=$(
  unset G_DEBUG G_MESSAGES_DEBUG G_SLICE
  printf 'test' | gnome-keyring-daemon --unlock --components=secrets
)
eval "$keyring_env"
# Export whatever it printed (GNOME_KEYRING_CONTROL, depending on version).
for name in $(printf '%s\n' "$keyring_env" | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
  # shellcheck disable=SC2163 # exports the variable that $name names
  export "$name"
done

# The daemon forks away, and outlives the bus: find it by the name it owns,
# which also tells that it is ready. Asking for the name without an owner
# would make the bus activate a second, locked keyring.
daemon_pid=
tries=0
while [ -z "$daemon_pid" ]; do
  daemon_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
    string:org.freedesktop.secrets 2>/dev/null | sed -n 's/^ *uint32 \([0-9]*\).*/\1/p') || true
  if [ -z "$daemon_pid" ]; then
    tries=$((tries + 1))
    if [ $tries -ge 100 ]; then
      echo "$0: gnome-keyring-daemon did not take org.freedesktop.secrets" >&2
      exit 1
    fi
    sleep 0.1  # not POSIX, but coreutils' and busybox's sleep take it
  fi
done
trap 'kill "$daemon_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

export CA_TEST_KEYRING=1
status=0
# shellcheck disable=SC2086 # the wrapper is a command line, split on purpose
${CA_TEST_WRAPPER:-} "$@" || status=$?
exit $status
