/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Sharing a database between Unix users of one group: the history's user name, the
 * file-system classifier for statfs (WAL needs local shared memory), `tavle init
 * --shared GROUP`'s directory setup, the start-up check that tells, in commands to
 * run, what would lock another group member out, and the refusal of a database whose
 * -wal, -shm or -journal another account may have planted. Only POSIX calls; never SQLite (SQLite
 * must not see its files opened and closed behind its back, so nothing here opens the
 * database file: stat, chmod and chown work on the name).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <libintl.h>
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "tavle/fileio.h"
#include "tavle/shared.h"
#include "tavle/text.h"

const char *
tv_fs_network_name(unsigned long f_type)
{
	/* Magic numbers from statfs(2) / linux/magic.h. */
	switch (f_type & 0xFFFFFFFFul) {
	case 0x6969ul:
		return "NFS";
	case 0x517Bul:
		return "SMB";
	case 0xFF534D42ul:
		return "CIFS";
	case 0xFE534D42ul:
		return "SMB2";
	case 0x65735546ul:
		return "FUSE";
	default:
		return NULL;
	}
}

enum tv_status
tv_user_name_check(const char *what, const char *name, struct tv_diag *diag)
{
	size_t len = strlen(name);
	/* Checked before decoding: a 120 KB name is refused without being read. */
	if (len > (size_t)TV_MAX_USER_CHARS * 4)
		return tv_diag_set(diag, TV_INVALID, "%s is %zu bytes long; a name in the "
			"history may have at most %d characters", what, len, TV_MAX_USER_CHARS);
	enum tv_status r = tv_text_check(what, name, len, false, true, diag);
	if (r != TV_OK)
		return r;
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)name[i] & 0xC0) != 0x80;
	if (chars > TV_MAX_USER_CHARS)
		return tv_diag_set(diag, TV_INVALID, "%s is %zu characters long; a name in the "
			"history may have at most %d characters", what, chars, TV_MAX_USER_CHARS);
	return TV_OK;
}

char *
tv_user_account(void)
{
	struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return tv_xstrdup(pw->pw_name);
	return tv_xasprintf("uid %u", (unsigned)geteuid());
}

/* $NAME when it is set and a usable name, else NULL. */
static const char *
env_name(const char *var)
{
	const char *u = getenv(var);
	struct tv_diag d;
	return u && *u && tv_user_name_check(var, u, &d) == TV_OK ? u : NULL;
}

char *
tv_default_user(void)
{
	const char *u = env_name("TAVLE_USER");
	if (u)
		return tv_xstrdup(u);
	u = env_name("SUDO_USER");
	if (u)
		return tv_xstrdup(u);
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return tv_xstrdup(pw->pw_name);
	u = getenv("USER");
	return tv_xstrdup(u && *u ? u : "unknown");
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Does `dir` hold anything besides the database `base` and its companions? */
static bool
dir_has_others(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool others = false;
	size_t bl = strlen(base);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
			continue;
		if (strncmp(n, base, bl) == 0 && (n[bl] == '\0' || strcmp(n + bl, "-wal") == 0 ||
				strcmp(n + bl, "-shm") == 0 || strcmp(n + bl, "-journal") == 0))
			continue;
		others = true;
		break;
	}
	closedir(d);
	return others;
}

static enum tv_status
errno_status(int e)
{
	return e == EPERM || e == EACCES || e == EROFS ? TV_READONLY : TV_IO;
}

enum tv_status
tv_shared_prepare(const char *db_path, const char *group, struct tv_diag *diag)
{
	if (!group || !*group)
		return tv_diag_set(diag, TV_INVALID, "--shared needs a group name");
	struct group *gr = getgrnam(group);
	if (!gr)
		return tv_diag_set(diag, TV_INVALID, "no group '%s' (create it with groupadd "
			"and add the coordinators with usermod -aG %s USER)", group, group);
	gid_t gid = gr->gr_gid;
	char *dir = tv_path_dir(db_path);
	enum tv_status st = TV_OK;
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || mkdir(dir, 0700) != 0) {
			int e = errno;
			st = tv_diag_set(diag, errno_status(e), "cannot create directory %s: %s", dir,
				strerror(e));
			goto out;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		st = tv_diag_set(diag, TV_INVALID, "%s is not a directory", dir);
		goto out;
	} else if (dir_has_others(dir, base_of(db_path)) &&
		!((sb.st_mode & 07777) == 02770 && sb.st_gid == gid)) {
		/* Never open up (or lock down) a directory that holds other things. */
		st = tv_diag_set(diag, TV_INVALID, "%s holds other files: give the shared "
			"database a directory of its own (for example /srv/tavle/tavle.db), or "
			"prepare it yourself: chgrp %s %s && chmod 2770 %s", dir, group, dir, dir);
		goto out;
	}
	/* Root keeps the owner (root:GROUP); a user must be a member of GROUP to chgrp. */
	if (chown(dir, (uid_t)-1, gid) != 0) {
		int e = errno;
		st = tv_diag_set(diag, errno_status(e), "cannot give %s to group %s: %s%s", dir,
			group, strerror(e), e == EPERM ? " (you must own it and be a member of "
			"the group, or run this as root)" : "");
		goto out;
	}
	if (chmod(dir, 02770) != 0) {
		int e = errno;
		st = tv_diag_set(diag, errno_status(e), "cannot chmod 2770 %s: %s", dir,
			strerror(e));
		goto out;
	}
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *f = tv_xasprintf("%s%s", db_path, suffix[i]);
		if (lstat(f, &sb) == 0 && S_ISREG(sb.st_mode) &&
			(chown(f, (uid_t)-1, gid) != 0 || chmod(f, 0660) != 0)) {
			int e = errno;
			st = tv_diag_set(diag, errno_status(e), "cannot share %s with group %s: %s",
				f, group, strerror(e));
			free(f);
			goto out;
		}
		free(f);
	}
out:
	free(dir);
	return st;
}

bool
tv_shared_is_shared(const char *db_path)
{
	struct stat sb;
	/* Group-writable, not group-readable: umask 022 makes every file 0644, and a
	 * copied or touched private database is no shared one. */
	if (stat(db_path, &sb) == 0 && (sb.st_mode & S_IWGRP))
		return true;
	char *dir = tv_path_dir(db_path);
	bool sgid = stat(dir, &sb) == 0 && (sb.st_mode & S_ISGID);
	free(dir);
	return sgid;
}

static char *
group_name(gid_t gid);

static char *
user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw && pw->pw_name ? tv_xstrdup(pw->pw_name) : tv_xasprintf("%u", (unsigned)uid);
}

/* Is this process (effective group or a supplementary one) in group `gid`? */
static bool
in_group(gid_t gid)
{
	if (getegid() == gid)
		return true;
	int n = getgroups(0, NULL);
	if (n <= 0)
		return false;
	gid_t *list = tv_xcalloc((size_t)n, sizeof *list);
	n = getgroups(n, list);
	bool found = false;
	for (int i = 0; i < n && !found; i++)
		found = list[i] == gid;
	free(list);
	return found;
}

enum tv_status
tv_shared_trust_files(const char *db_path, struct tv_diag *diag)
{
	struct stat db;
	if (!db_path || strcmp(db_path, ":memory:") == 0 || stat(db_path, &db) != 0)
		return TV_OK;
	uid_t me = geteuid();
	/* The shared group is the database file's: only its owner (or root) gives it one
	 * (tavle init --shared), and only a member can make a file of that group. */
	bool shared = tv_shared_is_shared(db_path) && (me == 0 || in_group(db.st_gid));
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *f = tv_xasprintf("%s%s", db_path, suffix[i]);
		struct stat sb;
		/* The database may be a symbolic link its user made; a companion file is
		 * judged as it lies (a planted link belongs to whoever planted it). */
		int rc = i == 0 ? 0 : lstat(f, &sb);
		if (i == 0)
			sb = db;
		if (rc != 0) {
			free(f);
			continue;
		}
		bool group_ok = shared && sb.st_gid == db.st_gid && !(sb.st_mode & S_IWOTH);
		/* Root may open anyone's database, but its companions must still be the
		 * owner's: the planted-file attack works against root too. */
		bool ok = sb.st_uid == me || sb.st_uid == 0 || group_ok ||
			(i == 0 ? me == 0 : sb.st_uid == db.st_uid);
		if (!ok) {
			char *owner = user_name(sb.st_uid);
			enum tv_status st;
			if (shared && sb.st_gid == db.st_gid)
				st = tv_diag_set(diag, TV_UNSUPPORTED, "%s belongs to user %s and is "
					"writable by every account (mode %04o): anyone could have changed "
					"it, so tavle will not open the database; have it checked, then "
					"run: chmod o-w %s", f, owner, (unsigned)(sb.st_mode & 07777), f);
			else if (shared) {
				char *g = group_name(db.st_gid), *fg = group_name(sb.st_gid);
				st = tv_diag_set(diag, TV_UNSUPPORTED, "%s belongs to user %s and "
					"group %s, not to you or the shared group %s: another account "
					"may have put it there, and SQLite would read it as part of the "
					"board, so tavle will not open it; have it checked and removed "
					"by its owner or an administrator", f, owner, fg, g);
				free(g);
				free(fg);
			} else {
				char *dbo = user_name(db.st_uid);
				st = i == 0 ? tv_diag_set(diag, TV_UNSUPPORTED, "%s belongs to user "
					"%s, not to you: tavle opens only your own database (or one "
					"shared with a group you are in); nothing was opened", f, owner) :
					tv_diag_set(diag, TV_UNSUPPORTED, "%s belongs to user %s, not to "
					"you or the database's owner %s: another account may have put it "
					"there, and SQLite would read it as part of the board, so tavle "
					"will not open it; have it checked and removed by its owner or "
					"an administrator", f, owner, dbo);
				free(dbo);
			}
			free(owner);
			free(f);
			return st;
		}
		free(f);
	}
	return TV_OK;
}

static void
report_line(char **report, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
report_line(char **report, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = NULL;
	if (vasprintf(&line, gettext(fmt), ap) < 0)
		tv_fatal("out of memory");
	va_end(ap);
	char *all = tv_xasprintf("%s%s\n", *report ? *report : "", line);
	free(line);
	free(*report);
	*report = all;
}

static char *
group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);
	return gr && gr->gr_name ? tv_xstrdup(gr->gr_name) : tv_xasprintf("%u", (unsigned)gid);
}

char *
tv_shared_check(const char *db_path)
{
	if (!db_path || strcmp(db_path, ":memory:") == 0 || !tv_shared_is_shared(db_path))
		return NULL;
	char *report = NULL;
	char *dir = tv_path_dir(db_path);
	struct stat db, ds;
	bool have_db = stat(db_path, &db) == 0, have_dir = stat(dir, &ds) == 0;
	if (!have_db || !have_dir) {
		free(dir);
		return NULL;
	}
	/* The group the database is shared with is the database file's (tavle init
	 * --shared gave it; only its owner or root can change it). Never the group of a
	 * directory or a companion file: in a directory someone else controls, that
	 * could be anyone's group, and the advice below must not hand the board to it. */
	gid_t gid = db.st_gid;
	char *g = group_name(gid);
	if (ds.st_gid != gid)
		report_line(&report, "directory %s belongs to another group than the database: "
			"chgrp %s %s", dir, g, dir);
	if (!(ds.st_mode & S_ISGID))
		report_line(&report, "directory %s lacks the setgid bit, so the -wal and -shm files "
			"SQLite creates take their creator's own group and lock the others out: "
			"chgrp %s %s && chmod 2770 %s", dir, g, dir, dir);
	else if ((ds.st_mode & (S_IRWXG)) != S_IRWXG)
		report_line(&report, "directory %s is not writable by group %s (SQLite creates "
			"the -wal and -shm files there): chmod 2770 %s", dir, g, dir);
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *f = tv_xasprintf("%s%s", db_path, suffix[i]);
		struct stat sb;
		if ((i == 0 ? stat(f, &sb) : lstat(f, &sb)) == 0 && S_ISREG(sb.st_mode)) {
			if (sb.st_gid != gid) {
				char *fg = group_name(sb.st_gid);
				report_line(&report, "%s belongs to group %s, not %s, so other members "
					"of %s are locked out: chgrp %s %s", f, fg, g, g, g, f);
				free(fg);
			}
			if ((sb.st_mode & (S_IRGRP | S_IWGRP)) != (S_IRGRP | S_IWGRP))
				report_line(&report, "%s is not readable and writable by group %s "
					"(mode %04o): chmod g+rw %s", f, g, (unsigned)(sb.st_mode & 07777),
					f);
		}
		free(f);
	}
	free(g);
	free(dir);
	return report;
}
