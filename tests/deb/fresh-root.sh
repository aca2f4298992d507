#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# The .deb on a brand-new Debian 12 root, as IT would install it: `apt install ./tavle_*.deb`
# pulls only runtime libraries; tavle --version, man tavle, man tavle.conf, the Danish
# board, bash completion and tavle-helper (export ics, export xlsx) work as an ordinary user; `apt
# purge tavle` leaves nothing but the user's own database. Not part of `meson test`: it
# needs root, the network (the archive) and the minbase root that ../shared/tools/fresh-root
# caches (~/.cache/fresh-root/base.tar). TAP output.
# usage: tests/deb/fresh-root.sh PATH/tavle_VERSION_ARCH.deb
set -u
DEB=$(readlink -f "${1:?usage: fresh-root.sh DEB}")
BASE=${XDG_CACHE_HOME:-$HOME/.cache}/fresh-root/base.tar
[ "$(id -u)" -eq 0 ] || { echo "fresh-root.sh: run it as root" >&2; exit 2; }
[ -f "$BASE" ] || { echo "fresh-root.sh: no $BASE (run ../shared/tools/fresh-root once)" >&2; exit 2; }
W=$(mktemp -d /tmp/tavle-deb-root.XXXXXX); R=$W/root; mkdir -p "$R"
cleanup() { for m in proc dev/pts; do umount -l "$R/$m" 2>/dev/null; done; grep -q " $R/" /proc/mounts || rm -rf "$W"; }
trap cleanup EXIT
tar -C "$R" -xf "$BASE" && chmod 755 "$R"   # the cached root's top is 0700 (mktemp)
cp /etc/resolv.conf /etc/hosts "$R/etc/"
mkdir -p "$R/dev/pts"
for n in "null 1 3" "zero 1 5" "random 1 8" "urandom 1 9" "tty 5 0"; do
	set -- $n; rm -f "$R/dev/$1"; mknod -m 666 "$R/dev/$1" c "$2" "$3"
done
ln -sfn /proc/self/fd "$R/dev/fd"
mount -t proc proc "$R/proc"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$R/dev/pts" && ln -sf pts/ptmx "$R/dev/ptmx"
cp "$DEB" "$R/tmp/"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 /bin/bash -c "$1"; }
n=0 failed=0
check() { local name=$1; shift
	if "$@" >"$W/out" 2>&1; then n=$((n + 1)); echo "ok $n - $name"
	else n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $name"; sed 's/^/# /' "$W/out" | tail -n 15; fi; }

in_root "apt-get update -qq" >/dev/null 2>&1
in_root "dpkg-query -W -f='\${Package}\n'" | sort >"$W/before"
check "apt install ./$(basename "$DEB")" in_root "apt-get install -y -qq ./tmp/$(basename "$DEB")"
in_root "dpkg-query -W -f='\${Package}\n'" | sort >"$W/after"
pulled=$(comm -13 "$W/before" "$W/after" | tr '\n' ' ')
echo "# pulled in: $pulled"
check "pulls runtime libraries only (no -dev, compiler, server or test tool)" \
	bash -c '! tr " " "\n" <<<"$1" | grep -E -- "-dev$|^gcc|^cpp|^meson|^tmux|^radicale|^openssh-server|^valgrind|^nodejs"' _ "$pulled"
check "tavle --version" in_root "tavle --version | grep -q '^tavle '"
# For man and the Danish locale, what a server would have anyway.
in_root "apt-get install -y -qq --no-install-recommends man-db locales bash-completion" >/dev/null 2>&1
in_root "sed -i 's/^# *da_DK.UTF-8/da_DK.UTF-8/' /etc/locale.gen && locale-gen >/dev/null"
check "man tavle" in_root "MANWIDTH=80 man tavle 2>/dev/null | grep -q 'tavle'"
check "man tavle.conf" in_root "MANWIDTH=80 man 5 tavle.conf 2>/dev/null | grep -qi 'config'"
in_root "useradd -m mette" >/dev/null
as_user() { in_root "su mette -c $(printf '%q' "umask 077; cd; $1")"; }
check "an ordinary user's first run makes a database" as_user "tavle init >/dev/null && test -f ~/.local/share/tavle/tavle.db"
check "the Danish interface (LANG=da_DK.UTF-8)" as_user "LANG=da_DK.UTF-8 tavle --help | grep -q '^kommandoer:'"
check "Danish statuses and dates in tavle list" as_user "LANG=da_DK.UTF-8 tavle list | grep -q 'Ikke startet.*(om '"
cat >"$R/tmp/complete.sh" <<'SH'
source /usr/share/bash-completion/bash_completion
source /usr/share/bash-completion/completions/tavle
COMP_WORDS=(tavle exp); COMP_CWORD=1; COMP_LINE="tavle exp"; COMP_POINT=${#COMP_LINE}
_tavle tavle exp tavle
printf '%s\n' "${COMPREPLY[@]}"
SH
chmod 644 "$R/tmp/complete.sh"
check "bash completion offers subcommands" as_user "bash /tmp/complete.sh | grep -qx export"
check "tavle-helper runs export ics" as_user "tavle export ics -o ~/plan.ics && head -n 1 ~/plan.ics | grep -q '^BEGIN:VCALENDAR'"
check "tavle-helper runs export xlsx" as_user "tavle export xlsx -o ~/plan.xlsx && test \"\$(head -c 2 ~/plan.xlsx)\" = PK"
in_root "dpkg -L tavle" | grep -v '^/\.$' >"$W/files"
check "apt purge tavle" in_root "apt-get purge -y -qq tavle"
left=$(while read -r f; do [ -f "$R$f" ] && echo "$f"; done <"$W/files")
check "purge leaves no file of the package" test -z "$left"
check "purge leaves the user's database" test -f "$R/home/mette/.local/share/tavle/tavle.db"
check "no dpkg record of tavle after purge" bash -c '! chroot "$1" dpkg-query -W tavle 2>/dev/null' _ "$R"
echo "1..$n"
[ "$failed" -eq 0 ]
