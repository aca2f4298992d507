# SPDX-License-Identifier: MPL-2.0
# A private Apache 2 with mod_dav for the WebDAV tests (source it; bash). Nothing of
# the system's Apache is used but the binary and its modules: the configuration, the
# DocumentRoot, the lock database, the pid file and the logs all live under DIR, the
# server listens on 127.0.0.1 only, and apache_stop ends it (by the pid it wrote).
# As root (CI) the workers run as nobody, which gets DIR's server parts (DIR's parent
# directories must let others pass: chmod 711); as an ordinary user Apache runs as
# that user and the User directive is left out.
#   apache_start DIR PORT USER PASSWORD   serve DIR/www (Dav On, Basic auth: one user)
#                                         on 127.0.0.1:PORT; 0 when it answers
#   apache_stop DIR                       stop it and wait for it to go
APACHE=${APACHE:-/usr/sbin/apache2}
APACHE_MODULES=${APACHE_MODULES:-/usr/lib/apache2/modules}

apache_start() {
	local dir=$1 port=$2 user=$3 pass=$4 m
	mkdir -p "$dir/www" "$dir/lock" "$dir/run" "$dir/logs"
	htpasswd -bc "$dir/htpasswd" "$user" "$pass" >/dev/null 2>&1 || return 1
	{
		printf 'ServerRoot %s\nServerName 127.0.0.1\nListen 127.0.0.1:%s\n' "$dir" "$port"
		printf 'PidFile %s/run/httpd.pid\nErrorLog %s/logs/error.log\nLogLevel warn\n' "$dir" "$dir"
		printf 'DefaultRuntimeDir %s/run\n' "$dir"
		for m in mpm_event authn_core authn_file auth_basic authz_core authz_user alias \
			dav dav_fs; do
			printf 'LoadModule %s_module %s/mod_%s.so\n' "$m" "$APACHE_MODULES" "$m"
		done
		if [ "$(id -u)" = 0 ]; then
			printf 'User nobody\nGroup %s\n' "$(id -gn nobody)"
		fi
		printf 'StartServers 1\nServerLimit 1\nThreadsPerChild 8\nMaxRequestWorkers 8\n'
		printf 'MinSpareThreads 1\nMaxSpareThreads 8\n'
		printf '<Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n'
		printf 'DavLockDB %s/lock/DavLock\nDocumentRoot %s/www\n' "$dir" "$dir"
		printf '<Directory %s/www>\n  Dav On\n  AuthType Basic\n  AuthName "reports"\n' "$dir"
		printf '  AuthUserFile %s/htpasswd\n  Require valid-user\n</Directory>\n' "$dir"
	} >"$dir/httpd.conf"
	if [ "$(id -u)" = 0 ]; then
		# The workers (nobody) read the passwords and write the files and the locks.
		chmod 711 "$dir"
		chmod 644 "$dir/htpasswd"
		chown -R nobody "$dir/www" "$dir/lock"
	fi
	"$APACHE" -f "$dir/httpd.conf" -k start >"$dir/logs/start.log" 2>&1 || return 1
	local _
	for _ in $(seq 1 100); do
		if [ -s "$dir/run/httpd.pid" ] && /usr/bin/python3 -c "import socket,sys; \
socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$port" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

apache_stop() {
	local dir=$1 pid _
	[ -s "$dir/run/httpd.pid" ] || return 0
	pid=$(cat "$dir/run/httpd.pid")
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	return 0
}
