/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Every file tavle writes (tavle/fileio.h): the output routine with its temporary-file
 * registry, signal clean-up, stale-temporary removal and mode rule; whole-file reads and
 * the directory part of a path. Owns the temporary files it creates and nothing else;
 * never depends on curses, SQLite or libical.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tavle/fileio.h"

/* ---- the mode rule ---- */

static struct {
	bool set;
	mode_t mode; /* database mode & 0666 */
	gid_t gid;
} origin;

void
tv_out_set_origin(const char *db_path)
{
	struct stat sb;
	origin.set = true;
	origin.mode = 0600;
	origin.gid = getegid();
	if (db_path && stat(db_path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		origin.mode = sb.st_mode & 0666;
		origin.gid = sb.st_gid;
	}
}

static mode_t
current_umask(void)
{
	/* umask has no read-only form; tavle is single-threaded where it writes files. */
	mode_t u = umask(077);
	umask(u);
	return u;
}

mode_t
tv_out_mode(void)
{
	mode_t m = origin.set ? origin.mode : 0600;
	return m & ~current_umask() & 0666;
}

/* Give a new file the rule's mode and, with group bits, the database's group. A group
 * this user cannot give away narrows the mode to the owner instead. */
static void
apply_mode(int fd)
{
	mode_t m = tv_out_mode();
	if ((m & 0060) && origin.set && origin.gid != getegid() &&
		fchown(fd, (uid_t)-1, origin.gid) != 0)
		m &= 0600;
	(void)fchmod(fd, m);
}

/* ---- the registry of live temporary files ---- */

/* SQLite writes beside a file it opens by name (a backup's temporary): these are
 * removed with the temporary. */
static const char *const side_suffix[] = { "-wal", "-shm", "-journal" };
#define NSIDE (sizeof side_suffix / sizeof side_suffix[0])

struct live_tmp {
	char *volatile path;
	char *volatile side[NSIDE];
};

#define MAX_LIVE 8
static struct live_tmp live[MAX_LIVE];
static struct sigaction old_action[NSIG];
static pid_t owner_pid; /* a forked child must not remove its parent's files */
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };

static void
unlink_live(void)
{
	if (getpid() != owner_pid)
		return;
	for (int i = 0; i < MAX_LIVE; i++) {
		char *p = live[i].path;
		if (p)
			unlink(p); /* async-signal-safe */
		for (size_t k = 0; k < NSIDE; k++) {
			char *q = live[i].side[k];
			if (q)
				unlink(q);
		}
	}
}

static void
on_signal(int sig)
{
	int saved = errno;
	unlink_live();
	const struct sigaction *old = &old_action[sig];
	if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL &&
		old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		errno = saved;
		return;
	}
	/* Die of the same signal, so the parent sees what happened. */
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

static void
at_exit(void)
{
	unlink_live();
}

static void
install_cleanup(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	owner_pid = getpid();
	atexit(at_exit);
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		int sig = cleanup_signals[i];
		struct sigaction cur;
		if (sigaction(sig, NULL, &cur) != 0 || cur.sa_handler == SIG_IGN)
			continue;
		old_action[sig] = cur;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigfillset(&sa.sa_mask);
		sigaction(sig, &sa, NULL);
	}
}

static void
register_tmp(char *path)
{
	install_cleanup();
	for (int i = 0; i < MAX_LIVE; i++)
		if (!live[i].path) {
			/* The side names first: the handler may run between two stores. */
			for (size_t k = 0; k < NSIDE; k++)
				live[i].side[k] = tv_xasprintf("%s%s", path, side_suffix[k]);
			live[i].path = path;
			return;
		}
}

/* Forget `path` (the caller frees it); `remove`: also unlink it and its side files. */
static void
unregister_tmp(const char *path, bool remove)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		if (live[i].path != path)
			continue;
		if (remove)
			unlink(path);
		live[i].path = NULL;
		for (size_t k = 0; k < NSIDE; k++) {
			char *q = live[i].side[k];
			live[i].side[k] = NULL;
			if (remove)
				unlink(q);
			free(q);
		}
	}
}

/* ---- temporary file names and stale ones ---- */

#define TMP_TAG ".tavle-"
#define TMP_X 6

/* The length of `name` without a side suffix when it is a temporary's name
 * (`.X.tavle-XXXXXX`, or that with -wal, -shm or -journal), else 0. */
static size_t
tmp_name_len(const char *name)
{
	size_t n = strlen(name), tag = strlen(TMP_TAG);
	for (size_t k = 0; k < NSIDE; k++) {
		size_t sl = strlen(side_suffix[k]);
		if (n > sl && strcmp(name + n - sl, side_suffix[k]) == 0) {
			n -= sl;
			break;
		}
	}
	if (name[0] != '.' || n < 1 + 1 + tag + TMP_X)
		return 0;
	if (memcmp(name + n - TMP_X - tag, TMP_TAG, tag) != 0)
		return 0;
	for (size_t i = n - TMP_X; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return n;
}

/* Open `path` if it is this user's regular file and no live writer holds its lock:
 * the descriptor (locked), or -1. */
static int
open_unlocked(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat a, b;
	if (fd >= 0 && fstat(fd, &a) == 0 && S_ISREG(a.st_mode) && a.st_uid == geteuid() &&
		flock(fd, LOCK_EX | LOCK_NB) == 0 && lstat(path, &b) == 0 &&
		a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

bool
tv_out_remove_stale(const char *dir, const char *name)
{
	size_t n = tmp_name_len(name);
	if (!n)
		return false;
	char *path = tv_xasprintf("%s/%s", dir, name);
	bool removed = false;
	if (!name[n]) {
		/* A live writer holds its lock until the rename: unlocked means its run died. */
		int fd = open_unlocked(path);
		if (fd >= 0) {
			removed = unlink(path) == 0;
			close(fd);
		}
	} else {
		/* A side file: stale when its temporary is gone or stale itself. */
		char *main_path = tv_xasprintf("%s/%.*s", dir, (int)n, name);
		struct stat sb;
		int fd = -1;
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
			(access(main_path, F_OK) != 0 || (fd = open_unlocked(main_path)) >= 0))
			removed = unlink(path) == 0;
		if (fd >= 0)
			close(fd);
		free(main_path);
	}
	free(path);
	return removed;
}

/* Remove stale temporaries for `base` in `dir`: `.BASE.tavle-XXXXXX`. */
static void
remove_stale_for(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t n = strlen(prefix);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, n) == 0 && tmp_name_len(e->d_name) == n + TMP_X)
			tv_out_remove_stale(dir, e->d_name);
	closedir(d);
}

/* Create, lock and register a temporary file in `dir` for `base`. The lock tells a
 * later run's stale clean-up that the file is live; a clean-up that got in between
 * mkstemp and flock is noticed (the name no longer leads to our file) and retried. */
static int
make_tmp(const char *dir, const char *base, char **out, struct tv_diag *diag)
{
	char shortbase[128];
	snprintf(shortbase, sizeof shortbase, "%s", base);
	char *prefix = tv_xasprintf(".%s" TMP_TAG, shortbase);
	remove_stale_for(dir, prefix);
	for (int attempt = 0; attempt < 5; attempt++) {
		char *tmp = tv_xasprintf("%s/%sXXXXXX", dir, prefix);
		int fd = mkostemp(tmp, O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			tv_diag_set(diag, TV_IO, "cannot create a file in %s: %s", dir, strerror(e));
			free(tmp);
			free(prefix);
			return -1;
		}
		struct stat a, b;
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 && lstat(tmp, &b) == 0 &&
			a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			register_tmp(tmp);
			free(prefix);
			*out = tmp;
			return fd;
		}
		close(fd);
		free(tmp);
	}
	free(prefix);
	tv_diag_set(diag, TV_IO, "cannot create a file in %s: %s", dir, strerror(EEXIST));
	return -1;
}

static void
drop_tmp(struct tv_out_file *f)
{
	if (f->tmp) {
		unregister_tmp(f->tmp, true);
		free(f->tmp);
	}
	f->tmp = NULL;
	f->tmp_name = NULL;
}

static void
release(struct tv_out_file *f)
{
	if (f->fp && f->fp != stdout)
		fclose(f->fp);
	if (f->dest_fd >= 0)
		close(f->dest_fd);
	drop_tmp(f);
	free(f->path);
	free(f->target);
	f->fp = NULL;
	f->path = f->target = NULL;
	f->dest_fd = -1;
}

/* ---- opening ---- */

/* Follow symlinks at the end of `path` (not in its directories, which rename goes
 * through anyway) to the file they lead to, existing or not. */
static char *
resolve_links(const char *path, struct tv_diag *diag)
{
	char *p = tv_xstrdup(path);
	for (int depth = 0; depth < 40; depth++) {
		struct stat sb;
		if (lstat(p, &sb) != 0 || !S_ISLNK(sb.st_mode))
			return p;
		char buf[4096];
		ssize_t n = readlink(p, buf, sizeof buf - 1);
		if (n < 0) {
			tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(errno));
			free(p);
			return NULL;
		}
		buf[n] = '\0';
		char *next;
		if (buf[0] == '/') {
			next = tv_xstrdup(buf);
		} else {
			char *dir = tv_path_dir(p);
			next = tv_xasprintf("%s/%s", dir, buf);
			free(dir);
		}
		free(p);
		p = next;
	}
	tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(ELOOP));
	free(p);
	return NULL;
}

/* Open a device node, FIFO or socket for writing, in place. */
static int
open_in_place(const char *path, const struct stat *sb)
{
	if (S_ISSOCK(sb->st_mode)) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		if (strlen(path) >= sizeof sa.sun_path) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(sa.sun_path, path);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		return fd;
	}
	int fd = open(path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	struct stat now;
	if (fd >= 0 && (fstat(fd, &now) != 0 || S_ISREG(now.st_mode) || S_ISDIR(now.st_mode))) {
		/* Replaced by a regular file since we looked: not ours to write in place. */
		close(fd);
		errno = EAGAIN;
		return -1;
	}
	return fd;
}

/* A temporary file outside the target's directory (in place or to standard output, for a
 * writer that needs a file name): $TMPDIR or /tmp, private. */
static enum tv_status
scratch_tmp(struct tv_out_file *f, struct tv_diag *diag)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || dir[0] != '/')
		dir = "/tmp";
	int fd = make_tmp(dir, "out", &f->tmp, diag);
	if (fd < 0)
		return TV_IO;
	f->tmp_name = f->tmp;
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		close(fd);
		return tv_diag_set(diag, TV_IO, "%s: %s", f->tmp, strerror(errno));
	}
	return TV_OK;
}

enum tv_status
tv_out_open(const char *path, unsigned flags, struct tv_out_file *out, struct tv_diag *diag)
{
	memset(out, 0, sizeof *out);
	out->dest_fd = -1;
	out->flags = flags;
	if (!path || !path[0])
		return tv_diag_set(diag, TV_INVALID, "no file name given");
	enum tv_status st;
	if ((flags & TV_OUT_STDOUT) && strcmp(path, "-") == 0) {
		if ((flags & TV_OUT_BINARY) && isatty(STDOUT_FILENO))
			return tv_diag_set(diag, TV_INVALID, "not writing binary data to a terminal "
				"(give -o FILE, or send standard output to a file or a pipe)");
		out->to_stdout = true;
		out->path = tv_xstrdup("standard output");
		if (!(flags & TV_OUT_NAMED)) {
			out->fp = stdout;
			return TV_OK;
		}
		if ((st = scratch_tmp(out, diag)) != TV_OK)
			tv_out_abort(out);
		return st;
	}
	char *target = resolve_links(path, diag);
	if (!target)
		return TV_IO;
	out->path = tv_xstrdup(path);
	struct stat sb;
	bool exists = stat(target, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		free(target);
		tv_out_abort(out);
		return tv_diag_set(diag, TV_INVALID, "%s is a directory", path);
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		/* A device node, FIFO or socket: written in place, never replaced. */
		int fd = open_in_place(target, &sb);
		free(target);
		if (fd < 0) {
			int e = errno;
			tv_out_abort(out);
			return tv_diag_set(diag, TV_IO, "cannot write %s: %s", path, strerror(e));
		}
		if (!(flags & TV_OUT_NAMED)) {
			out->fp = fdopen(fd, "w");
			if (!out->fp) {
				close(fd);
				tv_out_abort(out);
				return tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(errno));
			}
			return TV_OK;
		}
		out->dest_fd = fd;
		if ((st = scratch_tmp(out, diag)) != TV_OK)
			tv_out_abort(out);
		return st;
	}
	if (exists && (flags & TV_OUT_NEW)) {
		free(target);
		tv_out_abort(out);
		return tv_diag_set(diag, TV_INVALID, "%s exists; not overwriting", path);
	}
	char *dir = tv_path_dir(target);
	const char *slash = strrchr(target, '/');
	int fd = make_tmp(dir, slash ? slash + 1 : target, &out->tmp, diag);
	free(dir);
	if (fd < 0) {
		free(target);
		tv_out_abort(out);
		return TV_IO;
	}
	out->target = target;
	out->tmp_name = out->tmp;
	apply_mode(fd);
	out->fp = fdopen(fd, "w");
	if (!out->fp) {
		int e = errno;
		close(fd);
		tv_out_abort(out);
		return tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(e));
	}
	return TV_OK;
}

/* ---- finishing ---- */

static void
sync_dir_of(const char *path)
{
	char *dir = tv_path_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy the finished temporary file into `dest`; 0 or an errno. */
static int
copy_tmp(const char *tmp, int dest)
{
	int in = open(tmp, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return errno;
	char buf[65536];
	int err = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		if (n <= 0)
			break;
		if ((err = write_all(dest, buf, (size_t)n)) != 0)
			break;
	}
	close(in);
	return err;
}

/* Put the finished temporary file at the target: rename, or for TV_OUT_NEW a link that
 * fails when the name was taken meanwhile. 0 or an errno. */
static int
place(struct tv_out_file *f)
{
	if (!(f->flags & TV_OUT_NEW))
		return rename(f->tmp, f->target) == 0 ? 0 : errno;
	if (link(f->tmp, f->target) == 0) {
		unlink(f->tmp);
		return 0;
	}
	int e = errno;
	struct stat sb;
	if (e == EEXIST || lstat(f->target, &sb) == 0)
		return EEXIST;
	/* A file system without hard links: rename, the name being free a moment ago. */
	return rename(f->tmp, f->target) == 0 ? 0 : errno;
}

enum tv_status
tv_out_commit(struct tv_out_file *f, struct tv_diag *diag)
{
	int err = 0;
	if (f->fp && (fflush(f->fp) != 0 || ferror(f->fp)))
		err = errno ? errno : EIO;
	if (!f->target) {
		/* In place or standard output. */
		if (!err && f->tmp)
			err = copy_tmp(f->tmp, f->to_stdout ? STDOUT_FILENO :
				f->dest_fd >= 0 ? f->dest_fd : fileno(f->fp));
		if (f->fp && f->fp != stdout) {
			if (fclose(f->fp) != 0 && !err)
				err = errno ? errno : EIO;
			f->fp = NULL;
		}
		if (f->dest_fd >= 0) {
			if (close(f->dest_fd) != 0 && !err)
				err = errno;
			f->dest_fd = -1;
		}
		if (f->fp == stdout)
			f->fp = NULL;
		enum tv_status st = TV_OK;
		if (err)
			st = tv_diag_set(diag, TV_IO, "cannot write %s: %s", f->path, strerror(err));
		release(f);
		return st;
	}
	if (!err && fsync(fileno(f->fp)) != 0)
		err = errno;
	if (!err && (err = place(f)) == 0) {
		/* The temporary's name is gone (renamed or linked and removed). */
		unregister_tmp(f->tmp, false);
		free(f->tmp);
		f->tmp = NULL;
		f->tmp_name = NULL;
		sync_dir_of(f->target);
	}
	enum tv_status st = TV_OK;
	if (err == EEXIST && (f->flags & TV_OUT_NEW))
		st = tv_diag_set(diag, TV_INVALID, "%s exists; not overwriting", f->path);
	else if (err)
		st = tv_diag_set(diag, TV_IO, "cannot write %s: %s (the previous file is unchanged)",
			f->path, strerror(err));
	/* Closing last keeps the lock on the temporary until it has its final name. */
	release(f);
	return st;
}

void
tv_out_abort(struct tv_out_file *f)
{
	if (f->fp == stdout) {
		fflush(stdout);
		f->fp = NULL;
	}
	release(f);
}

/* ---- reading ---- */

enum tv_status
tv_file_read(const char *path, size_t max_bytes, char **out, size_t *out_len,
	struct tv_diag *diag)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		int e = errno;
		return tv_diag_set(diag, e == ENOENT ? TV_NOT_FOUND : TV_IO, "%s: %s", path,
			strerror(e));
	}
	size_t cap = 4096, len = 0;
	char *buf = tv_xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			buf = tv_xrealloc(buf, cap);
		}
		size_t n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (len > max_bytes) {
			fclose(fp);
			free(buf);
			return tv_diag_set(diag, TV_INVALID, "%s: file is larger than %zu bytes",
				path, max_bytes);
		}
		if (n == 0)
			break;
	}
	int bad = ferror(fp);
	int e = errno;
	fclose(fp);
	if (bad) {
		free(buf);
		return tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(e));
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return TV_OK;
}

char *
tv_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return tv_xstrdup(".");
	if (slash == path)
		return tv_xstrdup("/");
	return tv_xstrndup(path, (size_t)(slash - path));
}
