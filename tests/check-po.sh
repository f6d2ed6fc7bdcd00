#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The translations are complete: for each language of po/LINGUAS, msgfmt
# --check is clean, nothing is fuzzy or untranslated, and every message the
# sources use (po/POTFILES.in) is in the .po file. TAP output.
set -u

top=${1:?usage: check-po.sh SOURCE_DIR}
cd "$top" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same keywords as meson's glib preset.
files=$(grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d')
# shellcheck disable=SC2086
if ! xgettext --from-code=UTF-8 --add-comments=Translators \
     -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dngettext:2,3 -kdngettext:2,3 \
     -o "$tmp/sources.pot" $files 2>"$tmp/xgettext.err"; then
  echo "1..1"
  echo "not ok 1 - xgettext could not read the sources"
  sed 's/^/# /' "$tmp/xgettext.err"
  exit 1
fi

languages=$(sed '/^[[:space:]]*$/d; /^#/d' po/LINGUAS)
count=0
for lang in $languages; do count=$((count + 3)); done
echo "1..$count"

n=0
failed=0
for lang in $languages; do
  po=po/$lang.po

  n=$((n + 1))
  if out=$(LC_ALL=C msgfmt --check -o /dev/null "$po" 2>&1); then
    echo "ok $n - $lang: msgfmt --check"
  else
    echo "not ok $n - $lang: msgfmt --check"
    echo "$out" | sed 's/^/# /'
    failed=1
  fi

  n=$((n + 1))
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *fuzzy*|*untranslated*)
      echo "not ok $n - $lang: every message translated ($stats)"
      msgattrib --only-fuzzy --no-wrap "$po" 2>/dev/null | grep '^msgid' | sed 's/^/# fuzzy: /'
      msgattrib --untranslated --no-wrap "$po" 2>/dev/null | grep '^msgid' | sed 's/^/# untranslated: /'
      failed=1 ;;
    *)
      echo "ok $n - $lang: every message translated ($stats)" ;;
  esac

  n=$((n + 1))
  missing=$(LC_ALL=C msgcmp --use-untranslated "$po" "$tmp/sources.pot" 2>&1 |
            grep 'this message is used but not defined')
  if [ -z "$missing" ]; then
    echo "ok $n - $lang: has every message the sources use"
  else
    echo "not ok $n - $lang: lacks messages the sources use (run meson compile custom-actions-update-po, then translate)"
    echo "$missing" | sed 's/^/# /'
    failed=1
  fi
done

exit $failed
