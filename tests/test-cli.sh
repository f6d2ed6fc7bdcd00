#!/bin/sh
# test-cli.sh: the command-line contract (DESIGN.md "Command-line contract")
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli.sh PATH-TO-custom-actions
# Prints TAP. Runs with a fresh HOME and XDG_DATA_HOME, so it never sees
# (or touches) a real catalog.

set -u

CA=${1:?usage: test-cli.sh PATH-TO-custom-actions}
SRCDIR=${G_TEST_SRCDIR:-$(dirname "$0")}
SAMPLE=$SRCDIR/../data/sample-catalog.json

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ca-test-cli.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM

HOME=$TMP/home
XDG_DATA_HOME=$TMP/data
XDG_CONFIG_HOME=$TMP/config
XDG_CACHE_HOME=$TMP/cache
LANG=C.UTF-8
LC_ALL=C.UTF-8
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME LANG LC_ALL
unset LANGUAGE
mkdir -p "$HOME"

CATALOG=$XDG_DATA_HOME/custom-actions/catalog.json
N=0

ok () {
  N=$((N + 1))
  echo "ok $N - $1"
}

# not_ok DESCRIPTION: also shows what the last command printed
not_ok () {
  N=$((N + 1))
  echo "not ok $N - $1"
  echo "# exit status: ${RC:-}"
  if [ -s "$TMP/out" ]; then sed 's/^/# stdout: /' "$TMP/out" | head -n 20; fi
  if [ -s "$TMP/err" ]; then sed 's/^/# stderr: /' "$TMP/err" | head -n 20; fi
}

skip () {
  N=$((N + 1))
  echo "ok $N - $1 # SKIP $2"
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds
check () {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run ARGS...: runs the program; RC, $TMP/out, $TMP/err
run () {
  "$CA" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
}

status_is () { [ "$RC" -eq "$1" ]; }
out_has () { grep -q -F -e "$1" "$TMP/out"; }
err_has () { grep -q -F -e "$1" "$TMP/err"; }
out_empty () { [ ! -s "$TMP/out" ]; }
err_empty () { [ ! -s "$TMP/err" ]; }
same_file () { cmp -s "$1" "$2"; }
lines_are () { [ "$(wc -l <"$TMP/out" | tr -d ' ')" -eq "$1" ]; }

HAVE_PYTHON=no
if command -v python3 >/dev/null 2>&1; then HAVE_PYTHON=yes; fi

# json_check FILE PYTHON-EXPRESSION: the expression, on the parsed file
# as "d", is true
json_check () {
  python3 -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$1" "$2" 2>>"$TMP/err"
}

check_json () {
  desc=$1
  shift
  if [ "$HAVE_PYTHON" = yes ]; then check "$desc" json_check "$@"; else skip "$desc" "no python3"; fi
}

SAMPLE_NAMES="sendEmail sendSms sendPush campaignTransactional createTicket lookupLoyalty updateProfile"

# Files to import

cat >"$TMP/good.json" <<'EOF'
{
  "format": 1,
  "actions": [
    {"name": "cliNew", "label": "Added from the command line", "url": "https://cli.example.com/v1/new"},
    {"name": "sendSms", "label": "SMS, replaced", "url": "http://127.0.0.1:8765/sms"}
  ]
}
EOF

cat >"$TMP/good2.json" <<'EOF'
{"format": 1, "actions": [{"name": "cliOther", "url": "https://cli.example.com/v1/other"}]}
EOF

cat >"$TMP/bad.json" <<'EOF'
{
  "format": 1,
  "actions": [
    {"name": "cliBad", "url": "https://cli.example.com/v1/bad", "bogus": true}
  ]
}
EOF

# '@' is on line 4, column 14
cat >"$TMP/broken.json" <<'EOF'
{
  "format": 1,
  "actions": [
    {"name": @}
  ]
}
EOF

# First run

run list
check "list on a fresh XDG_DATA_HOME exits 0" status_is 0
check "list creates the default catalog" test -f "$CATALOG"
if [ -f "$SAMPLE" ]; then
  check "the default catalog is the sample catalog" same_file "$CATALOG" "$SAMPLE"
else
  skip "the default catalog is the sample catalog" "$SAMPLE not found"
fi
check "list shows the 7 sample actions" lines_are 7
missing=
for name in $SAMPLE_NAMES; do
  grep -q "^$name " "$TMP/out" || missing="$missing $name"
done
check "list names every sample action" test -z "$missing"

run list --json
check "list --json exits 0" status_is 0
cp "$TMP/out" "$TMP/list.json"
check_json "list --json is an array of 7 objects" "$TMP/list.json" \
  'isinstance(d, list) and len(d) == 7 and all(isinstance(a, dict) for a in d)'
check_json "list --json objects have exactly name, label, description, category, method, url, modified" \
  "$TMP/list.json" \
  'all(set(a) == {"name", "label", "description", "category", "method", "url", "modified"} for a in d)'
check_json "list --json lists the sample actions in order, with their values" "$TMP/list.json" \
  '[a["name"] for a in d] == "'"$SAMPLE_NAMES"'".split() and d[0]["label"] == "Send email" and d[0]["category"] == "channel" and d[0]["method"] == "POST" and d[0]["url"] == "http://127.0.0.1:8765/email"'

# show

run show sendPush
check "show NAME exits 0" status_is 0
cp "$TMP/out" "$TMP/show.json"
check_json "show NAME prints an action file with only that action" "$TMP/show.json" \
  'd["format"] == 1 and set(d) == {"format", "actions"} and len(d["actions"]) == 1 and d["actions"][0]["name"] == "sendPush"'
check "show NAME prints nothing on stderr" err_empty

run show nope
check "show nope exits 2" status_is 2
check "show nope says which name is unknown on stderr" err_has '"nope"'
check "show nope prints nothing on stdout" out_empty

run show
check "show without a name exits 2" status_is 2

# import

cp "$CATALOG" "$TMP/before.json"
run import "$TMP/good.json"
check "import of a good file exits 0" status_is 0
check "import names each imported action" out_has "imported cliNew"
check "import names replaced actions too" out_has "imported sendSms"
check "import changes the catalog" eval '! same_file "$CATALOG" "$TMP/before.json"'
run list --json
cp "$TMP/out" "$TMP/list.json"
check_json "import adds new actions and replaces by name in place" "$TMP/list.json" \
  'len(d) == 8 and d[1]["name"] == "sendSms" and d[1]["label"] == "SMS, replaced" and d[7]["name"] == "cliNew" and d[7]["modified"] is not None'

cp "$CATALOG" "$TMP/before.json"
run import "$TMP/bad.json"
check "import of a file with an unknown key exits 2" status_is 2
check "import names the file, the path and the problem" err_has "$TMP/bad.json: actions[0].bogus: unknown key"
check "a failed import leaves the catalog byte-identical" same_file "$CATALOG" "$TMP/before.json"
check "a failed import prints nothing on stdout" out_empty

run import "$TMP/good2.json" "$TMP/bad.json"
check "import of a good and a bad file exits 2" status_is 2
check "import of a good and a bad file imports nothing" same_file "$CATALOG" "$TMP/before.json"
run list
check "the good file's action is not in the catalog" eval '! out_has cliOther'

run import "$TMP/does-not-exist.json"
check "import of a missing file exits 2" status_is 2
check "import of a missing file leaves the catalog alone" same_file "$CATALOG" "$TMP/before.json"

run import
check "import without a file exits 2" status_is 2

# export

run export sendEmail cliNew -o "$TMP/export.json"
check "export NAME NAME -o FILE exits 0" status_is 0
check "export -o FILE prints nothing on stdout" out_empty
check_json "export -o FILE writes the two actions, in the order given" "$TMP/export.json" \
  'd["format"] == 1 and [a["name"] for a in d["actions"]] == ["sendEmail", "cliNew"]'

run export cliNew sendEmail
check "export to standard output exits 0" status_is 0
cp "$TMP/out" "$TMP/export2.json"
check_json "export to standard output prints the action file" "$TMP/export2.json" \
  '[a["name"] for a in d["actions"]] == ["cliNew", "sendEmail"]'

run export nope
check "export nope exits 2" status_is 2
check "export nope says which name is unknown" err_has '"nope"'
check "export nope prints nothing on stdout" out_empty

run export sendEmail nope -o "$TMP/export3.json"
check "export with one unknown name exits 2" status_is 2
check "export with one unknown name writes no file" test ! -e "$TMP/export3.json"

run export
check "export without a name exits 2" status_is 2

# A broken catalog

cp "$TMP/broken.json" "$TMP/broken-before.json"
run --catalog "$TMP/broken.json" list
check "list on a broken catalog exits 0" status_is 0
check "list on a broken catalog names the file, line and column on stderr" err_has "$TMP/broken.json:4:14:"
check "list on a broken catalog lists nothing" out_empty

run --catalog "$TMP/broken.json" import "$TMP/good.json"
check "import into a broken catalog exits 2" status_is 2
check "import into a broken catalog leaves it byte-identical" same_file "$TMP/broken.json" "$TMP/broken-before.json"
check "import into a broken catalog makes no backup" test ! -e "$TMP/broken.json~"

run --catalog="$TMP/broken.json" show sendEmail
check "--catalog=FILE is read too" err_has "$TMP/broken.json:4:14:"

# Usage

run frobnicate
check "an unknown subcommand exits 2" status_is 2
check "an unknown subcommand is named on stderr" err_has "frobnicate"

run --help
check "--help exits 0" status_is 0
missing=
for command in list show import export; do
  grep -q "^ *$command" "$TMP/out" || missing="$missing $command"
done
check "--help lists the commands" test -z "$missing"

run list --help
check "list --help exits 0" status_is 0
check "list --help shows --json" out_has "--json"

run list --bogus
check "an unknown option exits 2" status_is 2

run --catalog
check "--catalog without a value exits 2" status_is 2
check "--catalog without a value says so" err_has "--catalog"

# English whatever the locale

LANGUAGE=fr LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LC_MESSAGES=fr_FR.UTF-8 "$CA" show nope >"$TMP/out" 2>"$TMP/err"
RC=$?
check "LANGUAGE=fr: errors are still in English" err_has "there is no action called"
LANGUAGE=fr LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$CA" import "$TMP/bad.json" >"$TMP/out" 2>"$TMP/err"
RC=$?
check "LANGUAGE=fr: problems in files are still in English" err_has "unknown key"
LANGUAGE=fr LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$CA" --help >"$TMP/out" 2>"$TMP/err"
RC=$?
check "LANGUAGE=fr: --help is still in English" out_has "Usage:"

echo "1..$N"
