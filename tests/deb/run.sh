#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The Debian package as IT would get it: built with tools/build-deb (dpkg-buildpackage
# from a copy of the tree), checked by lintian (no errors, no warnings), unpacked with
# dpkg -x into a throwaway root and used from there: tavle --version, the Danish
# interface from the packaged catalogue, tavle-helper found in /usr/libexec/tavle and
# running export xlsx, man pages, bash completion, the copyright file; its
# dependencies are runtime libraries only, and the board binary links none of the
# helper's libraries. TAP output.
# usage: run.sh SOURCE_DIR
set -u
SRC=${1:?usage: run.sh SOURCE_DIR}
T=$(mktemp -d "${TMPDIR:-/tmp}/tavle-deb.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T/home TAVLE_NOW=2026-11-30T09:00:00Z LC_ALL=C.UTF-8
unset TAVLE_DB TAVLE_LOCALEDIR TAVLE_EXEC_PATH XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { # check NAME COMMAND...
	local name=$1; shift
	if "$@" >"$T/out" 2>&1; then ok "$name"; else not_ok "$name"; head -n 20 "$T/out" | tee /dev/stderr | sed 's/^/# /'; fi
}
finish() { echo "1..$n"; [ "$failed" -eq 0 ] && [ "$n" -gt 0 ]; exit $?; }

for tool in dpkg-buildpackage dh lintian dpkg-deb; do
	command -v "$tool" >/dev/null || { not_ok "$tool is installed (tools/dev.sh deps installs it)"; finish; }
done

if DEB=$("$SRC/tools/build-deb" "$T/out-deb" 2>"$T/build.err"); then
	ok "dpkg-buildpackage builds $(basename "$DEB")"
else
	not_ok "dpkg-buildpackage builds the package"; tail -n 30 "$T/build.err" | tee /dev/stderr | sed 's/^/# /'; finish
fi
VERSION=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$SRC/meson.build" | head -n 1)
check "the file is named tavle_VERSION_ARCH.deb" test "$(basename "$DEB")" = "tavle_${VERSION}_$(dpkg --print-architecture).deb"

# lintian over the .changes (the .deb, the -dbgsym and the .buildinfo). Info tags are
# listed in README.md with why; errors and warnings fail.
lintian --no-tag-display-limit "$T/out-deb"/tavle_"$VERSION"_*.changes >"$T/lintian" 2>&1
grep -E '^[EW]: ' "$T/lintian" | sed 's/^/# /'
check "lintian: no errors and no warnings" bash -c '! grep -qE "^[EW]: " "$1"' _ "$T/lintian"

# Dependencies: shared libraries and libc only, nothing a build or a test needs.
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
echo "# Depends: $DEPENDS"
check "depends on runtime libraries only" bash -c '
	tr "," "\n" <<<"$1" | sed "s/^ *//; s/ .*//; s/|.*//" | grep -v "^$" |
	grep -vE "^lib[a-z0-9.+-]+[0-9]$|^libc6$|^libxlsxwriter[0-9]+$" | { ! grep .; }' _ "$DEPENDS"
check "depends on an SQLite new enough for the schema (>= 3.35)" grep -qE 'libsqlite3-0 \(>= 3\.(3[5-9]|[4-9][0-9])' <<<"$DEPENDS"
check "no -dev package, compiler or test tool among the dependencies" \
	bash -c '! grep -qE -- "-dev|gcc|meson|tmux|valgrind|radicale|openssh|npm" <<<"$1"' _ "$DEPENDS"

R=$T/root
dpkg-deb -x "$DEB" "$R"
for f in usr/bin/tavle usr/libexec/tavle/tavle-helper usr/share/man/man1/tavle.1.gz \
	usr/share/man/man5/tavle.conf.5.gz usr/share/bash-completion/completions/tavle \
	usr/share/locale/da/LC_MESSAGES/tavle.mo usr/share/doc/tavle/copyright \
	usr/share/doc/tavle/changelog.gz usr/share/tavle/packages/programme.txt; do
	check "installs /$f" test -s "$R/$f"
done
check "nothing outside /usr" bash -c 'cd "$1" && [ -z "$(ls -A | grep -vx usr)" ]' _ "$R"
check "the copyright file names MPL-2.0" grep -q '^License: MPL-2.0' "$R/usr/share/doc/tavle/copyright"

TAVLE=$R/usr/bin/tavle
check "tavle --version runs from the package" bash -c '"$1" --version | grep -qx "tavle $2"' _ "$TAVLE" "$VERSION"
check "the board binary links no libical, libcurl, libxml2 or libxlsxwriter" \
	bash -c '! ldd "$1" | grep -qE "libical|libicu|libcurl|libxml2|libxlsxwriter"' _ "$TAVLE"
check "tavle-helper is found in ../libexec/tavle and exports xlsx" bash -c '
	"$1" --db "$2/x.db" init --name Prøve >/dev/null &&
	"$1" --db "$2/x.db" export xlsx -o "$2/x.xlsx" && [ "$(head -c 2 "$2/x.xlsx")" = PK ]' _ "$TAVLE" "$T"
# The packaged catalogue (an installed tavle reads /usr/share/locale; the unpacked
# one is pointed at the same file inside the throwaway root).
check "Danish interface from the packaged catalogue" bash -c '
	env LC_ALL= LANGUAGE= LANG=da_DK.UTF-8 TAVLE_LOCALEDIR="$2/usr/share/locale" "$1" --help | grep -q "^kommandoer:"' _ "$TAVLE" "$R"
check "the binary is configured for /usr/share/locale" grep -qa '/usr/share/locale' "$TAVLE"
check "man tavle renders" bash -c 'zcat "$1" | grep -q "^\.SH" && { ! command -v man >/dev/null || MANWIDTH=80 man -l "$1" 2>/dev/null | grep -q "tavle"; }' _ "$R/usr/share/man/man1/tavle.1.gz"
check "man tavle.conf renders" bash -c 'zcat "$1" | grep -q "^\.SH"' _ "$R/usr/share/man/man5/tavle.conf.5.gz"
check "bash completion defines a completion for tavle" \
	bash -c '. "$1" && complete -p tavle | grep -q tavle' _ "$R/usr/share/bash-completion/completions/tavle"
check "binaries are stripped (debug symbols in the -dbgsym package)" bash -c '
	! readelf -S "$1" | grep -q "\.debug_info" && ls "$2"/tavle-dbgsym_*.deb' _ "$TAVLE" "$T/out-deb"
finish
