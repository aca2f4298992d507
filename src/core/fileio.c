/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Atomic file writes, whole-file reads and the directory part of a path. Owns nothing
 * but the temporary file it creates; never depends on curses, SQLite or libical.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tavle/fileio.h"

static void
release(struct tv_atomic_file *f)
{
	free(f->path);
	free(f->tmp);
	f->path = f->tmp = NULL;
	f->fp = NULL;
}

static void
sync_dir_of(const char *path)
{
	char *copy = tv_xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

enum tv_status
tv_atomic_open(const char *path, mode_t mode, struct tv_atomic_file *out, struct tv_diag *diag)
{
	memset(out, 0, sizeof *out);
	char *tmp = tv_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		char *copy = tv_xstrdup(path);
		tv_diag_set(diag, TV_IO, "cannot create a file in %s: %s", dirname(copy),
			strerror(e));
		free(copy);
		free(tmp);
		return TV_IO;
	}
	if (fchmod(fd, mode) != 0) {
		/* mkstemp made it 0600 already; a failure here only loosens nothing. */
	}
	FILE *fp = fdopen(fd, "w");
	if (!fp) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(e));
	}
	out->fp = fp;
	out->tmp = tmp;
	out->path = tv_xstrdup(path);
	return TV_OK;
}

enum tv_status
tv_atomic_commit(struct tv_atomic_file *f, struct tv_diag *diag)
{
	int err = 0;
	if (fflush(f->fp) != 0 || ferror(f->fp))
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(f->fp)) != 0)
		err = errno;
	if (fclose(f->fp) != 0 && !err)
		err = errno ? errno : EIO;
	f->fp = NULL;
	if (!err && rename(f->tmp, f->path) != 0)
		err = errno;
	if (err) {
		unlink(f->tmp);
		tv_diag_set(diag, TV_IO, "cannot write %s: %s (the previous file is unchanged)",
			f->path, strerror(err));
		release(f);
		return TV_IO;
	}
	sync_dir_of(f->path);
	release(f);
	return TV_OK;
}

void
tv_atomic_abort(struct tv_atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	release(f);
}

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
