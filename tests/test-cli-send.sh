#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-send.sh CUSTOM_ACTIONS
#
# The sending half of the command line, run as a user would: `sandbox`,
# `send` (its exit codes, --json, --dry-run, --curl), `secret set`, and the
# import of credentials written in clear. A real sandbox process answers.
# Under with-keyring.sh (CA_TEST_KEYRING=1) the keyring cases run too;
# without it they check the messages that name the environment variable.
# TAP output.
set -u

bin=${1:?usage: test-cli-send.sh CUSTOM_ACTIONS}
work=$(mktemp -d "${TMPDIR:-/tmp}/ca-cli-send.XXXXXX")
sandbox_pid=
trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT

export XDG_DATA_HOME="$work/data"
[ "${CA_TEST_KEYRING:-}" = 1 ] || unset DBUS_SESSION_BUS_ADDRESS
catalog="$work/catalog.json"
n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
  [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
check () {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

run () {
  "$bin" --catalog "$catalog" "$@" >"$work/out" 2>"$work/err"
  echo $? >"$work/rc"
}

rc () { cat "$work/rc"; }

json_get () {
  python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value, sort_keys=True))' "$@"
}

# --- the sandbox --------------------------------------------------------

"$bin" sandbox --port 0 >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  grep -q 'listening on http://127.0.0.1:' "$work/sandbox.out" 2>/dev/null && break
  sleep 0.2
done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/sandbox.out" | head -n 1)
if [ -z "$base" ]; then
  echo "1..1"
  echo "not ok 1 - the sandbox starts and says where it listens"
  sed 's/^/# /' "$work/sandbox.out"
  exit 1
fi
ok "sandbox --port 0 listens on $base"

port=${base##*:}
"$bin" sandbox --port "$port" >"$work/busy.out" 2>&1
busy=$?
check "a sandbox on a port in use exits 1 and says to choose another port" \
  sh -c "[ $busy -eq 1 ] && grep -q -- '--port' '$work/busy.out'"

# --- a catalog that points at it --------------------------------------

cat >"$work/actions.json" <<EOF
{
  "format": 1,
  "actions": [
    {
      "name": "echoTicket",
      "url": "$base/echo/tickets",
      "method": "POST",
      "headers": [
        {"name": "X-Tenant", "kind": "variable", "label": "Tenant", "type": "string"},
        {"name": "X-Source", "kind": "constant", "value": "cli test"}
      ],
      "query": [{"name": "lang", "kind": "variable", "label": "Language", "type": "string", "optional": true}],
      "auth": {"type": "bearer", "token": {"secret": "cli-token"}},
      "request": {
        "allowNull": false,
        "sample": {"title": "t", "priority": 1, "tags": ["a"], "due": "2026-01-01"},
        "fields": [
          {"path": "title", "type": "string", "kind": "variable", "label": "Title"},
          {"path": "priority", "type": "integer", "kind": "variable", "label": "Priority"},
          {"path": "tags", "type": "listString", "kind": "variable", "label": "Tags", "optional": true},
          {"path": "due", "type": "dateOnly", "kind": "variable", "label": "Due", "optional": true}
        ]
      }
    },
    {
      "name": "notFound",
      "url": "$base/echo?status=404",
      "method": "GET"
    },
    {
      "name": "slow",
      "url": "$base/echo?delay=5000",
      "method": "GET",
      "timeoutSeconds": 1,
      "retries": 0
    }
  ]
}
EOF
run import "$work/actions.json"
check "import of the test actions" sh -c "[ $(rc) -eq 0 ]"

export CUSTOM_ACTIONS_SECRET_CLI_TOKEN='t0ken-Value-4-cli'
secret=$CUSTOM_ACTIONS_SECRET_CLI_TOKEN

# --- send ----------------------------------------------------------------

run send echoTicket -p header.X-Tenant=acme -p 'body.title=Printer "3" is on fire' \
    -p body.priority=2 -p 'body.tags=["hw","urgent"]' -p 'query.lang=fr ça' --json
cp "$work/out" "$work/send.json"
if [ "$(rc)" -eq 0 ] &&
   [ "$(json_get "$work/send.json" outcome)" = http_200 ] &&
   [ "$(json_get "$work/send.json" status)" = 200 ] &&
   [ "$(json_get "$work/send.json" attempts)" = 1 ]; then
  ok "send --json: exit 0, outcome http_200, status 200, 1 attempt"
else
  not_ok "send --json: exit 0, outcome http_200, status 200, 1 attempt" "$(cat "$work/out" "$work/err")"
fi

keys=$(python3 -c 'import json, sys; print(",".join(json.load(open(sys.argv[1])).keys()))' "$work/send.json")
check "send --json prints outcome, status, attempts, elapsedMs, headers, body" \
  test "$keys" = "outcome,status,attempts,elapsedMs,headers,body"

check "the values arrive typed, and an optional one without a value is left out" \
  test "$(json_get "$work/send.json" body body)" = '{"priority": 2, "tags": ["hw", "urgent"], "title": "Printer \"3\" is on fire"}'
check "headers, constants and the bearer token from the environment arrive" \
  sh -c "[ '$(json_get "$work/send.json" body headers X-Tenant)' = acme ] &&
         [ '$(json_get "$work/send.json" body headers X-Source)' = 'cli test' ] &&
         [ '$(json_get "$work/send.json" body headers Authorization)' = 'Bearer $secret' ]"
check "the query is percent-encoded and arrives decoded" \
  test "$(json_get "$work/send.json" body query lang)" = "fr ça"

run send notFound
check "send: a 404 answer exits 1" sh -c "[ $(rc) -eq 1 ] && grep -q http_404 '$work/out'"

run send slow --json
check "send: a slow endpoint ends in timedout, exit 1" \
  sh -c "[ $(rc) -eq 1 ] && [ '$(json_get "$work/out" outcome 2>/dev/null)' = timedout ]"

run send echoTicket -p header.X-Tenant=acme -p body.priority=2
check "send: a required variable without a value exits 2 and names it" \
  sh -c "[ $(rc) -eq 2 ] && grep -q 'body.title' '$work/err' && grep -q 'nothing was sent' '$work/err'"

run send echoTicket -p header.X-Tenant=acme -p body.title=x -p body.priority=high
check "send: a value of the wrong type exits 2 and names key and type" \
  sh -c "[ $(rc) -eq 2 ] && grep -q 'body.priority' '$work/err' && grep -qi 'integer' '$work/err'"

run send echoTicket -p header.X-Tenant=acme -p body.title=x -p body.priority=1 -p body.nope=1
check "send: an unknown key exits 2 and names it" \
  sh -c "[ $(rc) -eq 2 ] && grep -q 'body.nope' '$work/err'"

run send echoTicket -p novalue
check "send: -p without = exits 2" sh -c "[ $(rc) -eq 2 ] && grep -q 'KEY=VALUE' '$work/err'"

run send nope
check "send: an unknown action exits 2" sh -c "[ $(rc) -eq 2 ] && grep -q 'no action called' '$work/err'"

run send echoTicket --reveal-secrets
check "send: --reveal-secrets alone is bad usage" sh -c "[ $(rc) -eq 2 ]"

run send --help
check "send --help lists the options" sh -c "[ $(rc) -eq 0 ] && grep -q -- '--dry-run' '$work/out' && grep -q -- '--curl' '$work/out'"

# --- --dry-run and --curl --------------------------------------------------

values="-p header.X-Tenant=acme -p body.title=O'Brien\$HOME -p body.priority=3 -p query.lang=a&b=c"
# shellcheck disable=SC2086
run send echoTicket $values --dry-run
check "--dry-run prints the request line and masks the token" \
  sh -c "[ $(rc) -eq 0 ] && grep -q '^POST $base/echo/tickets?lang=a%26b%3Dc' '$work/out' &&
         grep -q '^Authorization: ••••••' '$work/out' && ! grep -q '$secret' '$work/out'"

# shellcheck disable=SC2086
run send echoTicket $values --dry-run --reveal-secrets
check "--dry-run --reveal-secrets shows the token" grep -q "Bearer $secret" "$work/out"

# shellcheck disable=SC2086
run send echoTicket $values --curl
check "--curl masks the token" sh -c "[ $(rc) -eq 0 ] && grep -q '^curl ' '$work/out' && ! grep -q '$secret' '$work/out'"

# The printed command, run as it is, makes the same request as send.
# shellcheck disable=SC2086
run send echoTicket $values --curl --reveal-secrets
cp "$work/out" "$work/curl.sh"
sh "$work/curl.sh" >"$work/curl.json" 2>"$work/curl.err"
# shellcheck disable=SC2086
run send echoTicket $values --json
python3 - "$work/out" "$work/curl.json" >"$work/compare" 2>&1 <<'EOF'
import json, sys
ours = json.load(open(sys.argv[1]))["body"]
theirs = json.load(open(sys.argv[2]))
def headers(echo):
    return {k.lower(): v for k, v in echo["headers"].items() if k.lower() != "user-agent"}
problems = []
for key in ("method", "path", "query", "body"):
    if ours[key] != theirs[key]:
        problems.append(f"{key}: send {ours[key]!r} curl {theirs[key]!r}")
if headers(ours) != headers(theirs):
    problems.append(f"headers: send {headers(ours)!r} curl {headers(theirs)!r}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
if [ $? -eq 0 ]; then
  ok "the --curl command makes the same request as send (method, path, query, headers but User-Agent, body)"
else
  not_ok "the --curl command makes the same request as send (method, path, query, headers but User-Agent, body)" \
    "$(cat "$work/compare" "$work/curl.err")"
fi

# --- no secret value anywhere it must not be ---------------------------

run export echoTicket -o "$work/export.json"
run show echoTicket
cp "$work/out" "$work/show.out"
# shellcheck disable=SC2086
run send echoTicket $values --dry-run
cp "$work/out" "$work/dry.out"
# shellcheck disable=SC2086
run send echoTicket $values --curl
cp "$work/out" "$work/curl.out"
leaks=$(grep -l -- "$secret" "$catalog" "$work/export.json" "$work/show.out" "$work/dry.out" \
          "$work/curl.out" 2>/dev/null)
check "no secret value in the catalog, export, show, --dry-run or --curl output" test -z "$leaks"

# --- credentials in clear on import ------------------------------------

cat >"$work/plain.json" <<EOF
{"format": 1, "actions": [{"name": "plainKey", "url": "$base/echo", "method": "GET",
  "auth": {"type": "apiKey", "name": "X-Api-Key", "location": "header", "value": "pl41n-K3y-value"}}]}
EOF
cp "$catalog" "$work/catalog.before"
run import "$work/plain.json"
if [ "${CA_TEST_KEYRING:-}" = 1 ]; then
  check "import moves a credential in clear to the keyring" \
    sh -c "[ $(rc) -eq 0 ] && ! grep -q 'pl41n-K3y-value' '$catalog' && grep -q '\"secret\": \"plainKey' '$catalog'"
  run send plainKey --json
  check "the moved credential is sent from the keyring" \
    test "$(json_get "$work/out" body headers X-Api-Key 2>/dev/null)" = "pl41n-K3y-value"

  printf 'from-the-keyring\n' | "$bin" secret set cli-kr >"$work/out" 2>"$work/err"
  check "secret set stores standard input in the keyring" test $? -eq 0
  cat >"$work/kr.json" <<EOF
{"format": 1, "actions": [{"name": "fromKeyring", "url": "$base/echo", "method": "GET",
  "auth": {"type": "bearer", "token": {"secret": "cli-kr"}}}]}
EOF
  run import "$work/kr.json"
  run send fromKeyring --json
  check "send takes the token from the keyring, without the line break" \
    test "$(json_get "$work/out" body headers Authorization 2>/dev/null)" = "Bearer from-the-keyring"
else
  check "without a keyring, import of a credential in clear exits 2, names the variable, changes nothing" \
    sh -c "[ $(rc) -eq 2 ] && grep -q 'CUSTOM_ACTIONS_SECRET_' '$work/err' && cmp -s '$catalog' '$work/catalog.before'"
  printf 'x' | "$bin" secret set cli-kr >"$work/out" 2>"$work/err"
  status=$?
  check "without a keyring, secret set exits 1 and names the variable" \
    sh -c "[ $status -eq 1 ] && grep -q 'CUSTOM_ACTIONS_SECRET_CLI_KR' '$work/err'"
fi

printf '' | "$bin" secret set cli-empty >"$work/out" 2>"$work/err"
check "secret set with empty input exits 2" test $? -eq 2
printf 'x' | "$bin" secret set 'bad id' >"$work/out" 2>"$work/err"
check "secret set with a bad ID exits 2" test $? -eq 2
"$bin" secret get x >"$work/out" 2>"$work/err"
check "secret with another verb exits 2" test $? -eq 2

# --- stopping the sandbox ------------------------------------------------

kill -TERM "$sandbox_pid"
wait "$sandbox_pid"
status=$?
sandbox_pid=
check "the sandbox stops on SIGTERM with status 0" test "$status" -eq 0

echo "1..$n"
exit $failed
