#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# session.sh COMMAND [ARG]...
#
# Runs COMMAND with an accessibility bus, as a desktop session has one: the
# end-to-end tests read the app the way a screen reader does, over AT-SPI.
# Meant to run inside a private session bus (tests/with-keyring.sh gives one,
# with a keyring) and a display (build-aux/dev runs the tests in xvfb-run).
# Exits with COMMAND's status.
set -eu

launcher=
for candidate in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
  if [ -x "$candidate" ]; then
    launcher=$candidate
    break
  fi
done
if [ -z "$launcher" ]; then
  echo "$0: at-spi-bus-launcher is missing (Debian: apt-get install at-spi2-core)" >&2
  exit 1
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "$0: no session bus; run me inside dbus-run-session (tests/with-keyring.sh)" >&2
  exit 1
fi

# The launcher is not under test: the tests' GLib debug settings would make
# it abort on its own warnings.
# Its stdout is the test's TAP stream: what it and the registry it starts
# say goes to stderr.
(unset G_DEBUG G_MESSAGES_DEBUG; exec "$launcher" --launch-immediately >&2) &
launcher_pid=$!
trap 'kill "$launcher_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Ready when it owns org.a11y.Bus on the session bus.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null |
      grep -q 'boolean true'; do
  tries=$((tries + 1))
  if [ $tries -ge 100 ]; then
    echo "$0: at-spi-bus-launcher did not take org.a11y.Bus" >&2
    exit 1
  fi
  sleep 0.1
done

# The test program's AT-SPI client warns about things of the session's
# (a registry without a cache), which the tests' fatal-warnings would turn
# into a crash; the app it starts gets its own G_DEBUG.
status=0
env -u G_DEBUG "$@" || status=$?
exit $status
