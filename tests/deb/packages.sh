#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# One list of Debian packages: tools/debian-packages is what tools/dev.sh installs
# (and so .ci/run, which runs it), and README.md's Install section quotes it. The
# quote names exactly the packages of each section; .ci/run names no package of its
# own; `tools/dev.sh packages build` is the [build] section. TAP output.
# usage: packages.sh SOURCE_DIR
set -u
SRC=${1:?usage: packages.sh SOURCE_DIR}
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
section() { # the packages of section $1 of the list, sorted
	awk -v s="$1" '/^[ \t]*(#|$)/ { next } /^\[/ { cur = substr($1, 2, length($1) - 2); next }
		cur == s { print $1 }' "$SRC/tools/debian-packages" | sort
}
quoted() { # the packages README.md quotes under "# [$1]", sorted
	awk -v s="$1" '/^```/ { inblock = !inblock; cur = ""; next }
		inblock && /^# \[/ { cur = substr($2, 2, length($2) - 2); next }
		inblock && cur == s { for (i = 1; i <= NF; i++) print $i }' "$SRC/README.md" | sort
}
for s in build deb test; do
	want=$(section "$s") got=$(quoted "$s")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "README quotes the [$s] list exactly"
	else not_ok "README quotes the [$s] list exactly"; diff <(echo "$want") <(echo "$got") | sed 's/^/# /'; fi
done
if [ "$(bash "$SRC/tools/dev.sh" packages build | sort)" = "$(section build)" ]; then ok "dev.sh reads the [build] list"
else not_ok "dev.sh reads the [build] list"; fi
if [ "$(bash "$SRC/tools/dev.sh" packages build deb test | sort)" = "$( (section build; section deb; section test) | sort)" ]; then
	ok "dev.sh reads both lists for the tests"
else not_ok "dev.sh reads both lists for the tests"; fi
# .ci/run installs through tools/dev.sh, never a list of its own.
if grep -q 'tools/dev.sh test' "$SRC/.ci/run" && ! grep -qE 'apt-get install' "$SRC/.ci/run"; then
	ok ".ci/run installs through tools/dev.sh"
else not_ok ".ci/run installs through tools/dev.sh"; fi
# Every package of the list exists in the archive this machine knows (when apt has lists).
if [ -n "$(ls /var/lib/apt/lists/*_Packages* 2>/dev/null | head -n 1)" ]; then
	all=$( (section build; section deb; section test) | sort -u)
	found=$(apt-cache show --no-all-versions $all 2>/dev/null | sed -n 's/^Package: //p' | sort -u)
	missing=$(comm -23 <(echo "$all") <(echo "$found") | tr '\n' ' ')
	if [ -z "$missing" ]; then ok "every listed package is in the archive"
	else not_ok "every listed package is in the archive: missing $missing"; fi
fi
echo "1..$n"
[ "$failed" -eq 0 ]
