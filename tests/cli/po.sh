#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The Danish catalogue is complete: every source file that marks or translates
# messages is listed in po/POTFILES; a fresh extraction with the keywords of
# po/meson.build finds no message that po/da.po lacks or leaves untranslated; da.po
# has no fuzzy entries; and no entry set aside as obsolete ("#~") is a message the
# sources still show (what happens when a translating function is missing from the
# keyword list and the catalogue is merged: the Danish interface turns English).
# Usage: po.sh SOURCE_ROOT
set -u
. "$(dirname "$0")/../lib/tap.sh"
src=$1
command -v xgettext >/dev/null && command -v msgfmt >/dev/null ||
	skip_all "gettext tools not installed"
tmp=$(mktemp -d)
at_exit "rm -rf '$tmp'"
cd "$src" || exit 1

# Keywords: the same list Meson gives xgettext.
mapfile -t kw < <(grep -o "'--keyword=[^']*'" po/meson.build | tr -d "'")
check "po/meson.build names keywords" test "${#kw[@]}" -gt 10

# Files that call a keyword (or mark with _/N_) with a string literal. X is left out:
# X-macro tables are everywhere (SQL, model names given in both languages); the two
# whose rows are messages (app.h, status.h) are listed and so checked by msgcmp below.
names=$(printf '%s\n' "${kw[@]}" | sed 's/--keyword=//; s/:.*//' | grep -vx X | sort -u |
	paste -sd'|')
missing=""
for f in $(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 2>/dev/null ||
	find src include -name '*.[ch]'); do
	grep -Eq "(^|[^A-Za-z0-9_])($names)\\([^\"]*\"" "$f" || continue
	grep -qxF "$f" po/POTFILES || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "every file with messages is in po/POTFILES"
else not_ok "every file with messages is in po/POTFILES" "missing:$missing"; fi

xgettext "${kw[@]}" --language=C --from-code=UTF-8 -o "$tmp/fresh.pot" \
	-f po/POTFILES 2>"$tmp/xg.err"
check "xgettext extracts the sources" test -s "$tmp/fresh.pot"

# msgcmp: every msgid of the fresh extraction has a translation in da.po.
if msgcmp po/da.po "$tmp/fresh.pot" 2>"$tmp/cmp.err"; then
	ok "da.po covers every message of the sources"
else
	not_ok "da.po covers every message of the sources"
	diag_file "$tmp/cmp.err" "" 20
fi

msgfmt --statistics -o /dev/null po/da.po 2>"$tmp/stat"
if grep -Eq "fuzzy|untranslated" "$tmp/stat"; then
	not_ok "da.po has no fuzzy or untranslated entries" "$(cat "$tmp/stat")"
else
	ok "da.po has no fuzzy or untranslated entries"
fi

# Obsolete entries whose text is still a literal in the sources.
stale=""
while IFS= read -r id; do
	[ ${#id} -ge 8 ] || continue
	if grep -rqF -- "\"$id\"" src include; then stale="$stale | $id"; fi
done < <(sed -n 's/^#~ msgid "\(.*\)"$/\1/p' po/da.po)
if [ -z "$stale" ]; then ok "no obsolete entry is still shown by the sources"
else not_ok "no obsolete entry is still shown by the sources" "${stale:0:600}"; fi

finish
