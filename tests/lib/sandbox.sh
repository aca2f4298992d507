# SPDX-License-Identifier: MPL-2.0
# A hermetic place for a shell test (source it after tap.sh, whose at_exit it uses):
#   sandbox NAME    a private temporary directory $T (removed at exit) holding the test's
#                   HOME ($T/home) and XDG_CONFIG_HOME ($T/config), and none of the caller's
#                   tavle settings: no TAVLE_DB, TAVLE_USER, SUDO_USER, XDG_DATA_HOME,
#                   XDG_STATE_HOME, SOURCE_DATE_EPOCH or NETRC, and no message language
#                   (LANGUAGE, LC_MESSAGES, LANG; Meson's LC_ALL=C.UTF-8 stays). A developer's
#                   own configuration, database or locale can then never change a result.
sandbox() {
	unset TAVLE_DB TAVLE_USER SUDO_USER XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME \
		SOURCE_DATE_EPOCH NETRC LANGUAGE LC_MESSAGES LANG
	T=$(mktemp -d "${TMPDIR:-/tmp}/tavle-$1.XXXXXX") || exit 1
	at_exit 'rm -rf "$T"'
	export HOME=$T/home XDG_CONFIG_HOME=$T/config
	mkdir -p "$HOME" "$XDG_CONFIG_HOME"
}
