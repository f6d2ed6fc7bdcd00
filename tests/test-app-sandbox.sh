#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-app-sandbox.sh CUSTOM_ACTIONS
#
# The window serves the sample actions itself: opened on a catalog with an
# action aimed at the sandbox's default address (127.0.0.1:8765) while
# nothing listens there, the app starts the sandbox in-process. With the
# port already taken, it leaves it alone and still opens. TAP output.
set -u

bin=${1:?usage: test-app-sandbox.sh CUSTOM_ACTIONS}
port=8765
work=$(mktemp -d "${TMPDIR:-/tmp}/ca-app-sandbox.XXXXXX")
app_pid=
other_pid=
trap '[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; [ -n "$other_pid" ] && kill "$other_pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "1..3"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  for i in 1 2 3; do echo "ok $i # SKIP no display"; done
  exit 0
fi
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  for i in 1 2 3; do echo "ok $i # SKIP something already listens on port $port"; done
  exit 0
fi

export XDG_DATA_HOME="$work/data" HOME="$work/home"
mkdir -p "$HOME"
cat >"$work/catalog.json" <<EOF2
{"format": 1, "actions": [{"name": "sms", "url": "http://127.0.0.1:$port/sms", "method": "POST",
  "request": {"allowNull": false, "sample": {"to": "+33612345678", "text": "hi"}, "fields": []}}]}
EOF2

# answers PATH: waits up to 10 s for the port to answer
answers () {
  for _ in $(seq 1 50); do
    curl -s -o "$work/answer" -w '%{http_code}' "http://127.0.0.1:$port$1" >"$work/code" 2>/dev/null &&
      [ "$(cat "$work/code")" != 000 ] && return 0
    sleep 0.2
  done
  return 1
}

"$bin" --catalog "$work/catalog.json" >"$work/app.log" 2>&1 &
app_pid=$!
if answers /; then
  echo "ok 1 - the app starts the sandbox on port $port"
else
  echo "not ok 1 - the app starts the sandbox on port $port"
  sed 's/^/# /' "$work/app.log"
fi

code=$(curl -s -o "$work/sent" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
       -d '{"to": "+33612345678", "text": "hi"}' "http://127.0.0.1:$port/sms")
if [ "$code" = 202 ] && grep -q '"queued"' "$work/sent"; then
  echo "ok 2 - the in-process sandbox answers the sample action"
else
  echo "not ok 2 - the in-process sandbox answers the sample action (HTTP $code)"
fi
kill "$app_pid"
wait "$app_pid" 2>/dev/null
app_pid=

# The port taken by another sandbox: the app opens all the same.
"$bin" sandbox --port "$port" >"$work/other.log" 2>&1 &
other_pid=$!
answers / >/dev/null
"$bin" --catalog "$work/catalog.json" >"$work/app.log" 2>&1 &
app_pid=$!
sleep 3
if kill -0 "$app_pid" 2>/dev/null && ! grep -qi 'critical\|error' "$work/app.log"; then
  echo "ok 3 - with the port taken, the app opens without complaint"
else
  echo "not ok 3 - with the port taken, the app opens without complaint"
  sed 's/^/# /' "$work/app.log"
fi
