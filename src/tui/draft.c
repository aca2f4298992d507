/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Drafts: when the connection drops (SIGHUP) or tavle is terminated while the
 * multi-line editor holds changed text, the text is saved, never written to the
 * database (it may be half-typed, and writing it could overwrite a colleague's newer
 * text). It goes to $XDG_STATE_HOME/tavle/drafts/ (default ~/.local/state/tavle/drafts,
 * directory 0700, file 0600) with what it was an edit of: database, record, field and
 * the version the edit started from. The next start on the same database offers it:
 * restore it into the editor (saving then goes through the normal conflict check
 * against that version), keep it for later, or discard it. The signal handler only
 * sets a flag; the editor loop notices it and calls draft_save.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"

void
draft_target_set(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	int64_t version)
{
	app->draft.kind = kind;
	app->draft.id = id;
	app->draft.field = field;
	app->draft.version = version;
	app->draft.keep_unchanged = false;
}

/* mkdir -p, each new level 0700 (a draft may hold confidential text). */
static void
make_private_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char save = *p;
			*p = '\0';
			mkdir(path, 0700);
			*p = save;
			if (!save)
				break;
		}
	}
}

static char *
drafts_dir(bool create)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir;
	if (xdg && xdg[0] == '/')
		dir = tv_xasprintf("%s/tavle/drafts", xdg);
	else if (home && home[0] == '/')
		dir = tv_xasprintf("%s/.local/state/tavle/drafts", home);
	else
		return NULL;
	if (create)
		make_private_dirs(dir);
	return dir;
}

static char *
db_real(const struct app *app)
{
	const char *p = app->opt && app->opt->db_path ? app->opt->db_path : "";
	char buf[PATH_MAX];
	return tv_xstrdup(realpath(p, buf) ? buf : p);
}

bool
draft_save(struct app *app, const char *title, const char *text)
{
	if (!app->draft.field)
		return false;
	char *dir = drafts_dir(true);
	if (!dir)
		return false;
	char *path = tv_xasprintf("%s/draft-%lld-%ld.txt", dir, (long long)time(NULL),
		(long)getpid());
	free(dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		free(path);
		return false;
	}
	fchmod(fd, 0600);
	char *db = db_real(app);
	char *t1 = tv_xstrdup(title ? title : "");
	for (char *p = t1; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	char *head = tv_xasprintf("tavle-draft 1\ndb %s\nboard %lld\nkind %s\nid %lld\n"
		"field %s\nversion %lld\ntitle %s\n\n", db, (long long)app->board_id,
		tv_kind_key(app->draft.kind), (long long)app->draft.id, app->draft.field,
		(long long)app->draft.version, t1);
	free(db);
	free(t1);
	bool ok = true;
	const char *parts[2] = { head, text ? text : "" };
	for (int i = 0; i < 2 && ok; i++) {
		size_t len = strlen(parts[i]);
		for (size_t off = 0; off < len;) {
			ssize_t n = write(fd, parts[i] + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ok = false;
				break;
			}
			off += (size_t)n;
		}
	}
	if (fsync(fd) != 0)
		ok = false;
	close(fd);
	free(head);
	if (!ok)
		unlink(path);
	free(path);
	return ok;
}

struct draft {
	char *path;
	char *db;
	int64_t board;
	enum tv_kind kind;
	int64_t id;
	char *field;
	int64_t version;
	char *title;
	char *text;
};

static void
draft_clear(struct draft *d)
{
	TV_CLEAR(d, &d->path, &d->db, &d->field, &d->title, &d->text);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = tv_xrealloc(buf, cap);
		}
		memcpy(buf + len, chunk, n);
		len += n;
		if (len > (1u << 22))
			break;
	}
	fclose(f);
	if (!buf)
		buf = tv_xstrdup("");
	else
		buf[len] = '\0';
	return buf;
}

static bool
parse_draft(const char *path, struct draft *d)
{
	memset(d, 0, sizeof *d);
	char *all = slurp(path);
	if (!all)
		return false;
	char *body = strstr(all, "\n\n");
	if (strncmp(all, "tavle-draft 1\n", 14) != 0 || !body) {
		free(all);
		return false;
	}
	*body = '\0';
	d->text = tv_xstrdup(body + 2);
	bool kind_ok = false;
	for (char *line = all, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		const char *v = sp + 1;
		if (strcmp(line, "db") == 0)
			d->db = tv_xstrdup(v);
		else if (strcmp(line, "board") == 0)
			d->board = strtoll(v, NULL, 10);
		else if (strcmp(line, "kind") == 0)
			kind_ok = tv_kind_from_key(v, &d->kind);
		else if (strcmp(line, "id") == 0)
			d->id = strtoll(v, NULL, 10);
		else if (strcmp(line, "field") == 0)
			d->field = tv_xstrdup(v);
		else if (strcmp(line, "version") == 0)
			d->version = strtoll(v, NULL, 10);
		else if (strcmp(line, "title") == 0)
			d->title = tv_xstrdup(v);
	}
	free(all);
	d->path = tv_xstrdup(path);
	if (!kind_ok || !d->db || !d->field) {
		draft_clear(d);
		return false;
	}
	return true;
}

/* Put the draft back: the editor opens on it, and saving goes through app_set with
 * the version the interrupted edit started from (so a colleague's change since then
 * gives the conflict prompt). A new comment is added. True when it was stored. */
static bool
restore(struct app *app, struct draft *d)
{
	char *title = tv_xasprintf(_("Restored draft: %s"), d->title ? d->title : d->field);
	draft_target_set(app, d->kind, d->id, d->field, d->version);
	char *t = ui_edit_text(app, title, d->text);
	free(title);
	if (!t)
		return false;
	bool ok;
	if (d->kind == TV_KIND_COMMENT && d->id == 0) {
		struct tv_comment c = { 0 };
		c.package_id = d->version;   /* a new comment records its package here */
		c.text = t;
		enum tv_status st;
		APP_RETRY(app, st, tv_store_comment_add(app->store, &c));
		ok = app_write_done(app, st, "Draft restored: comment added");
		c.text = NULL;
		tv_comment_clear(&c);
	} else {
		char *field = tv_xstrdup(d->field);
		ok = app_set(app, d->kind, d->id, field, t, d->version);
		free(field);
	}
	free(t);
	return ok;
}

void
draft_offer(struct app *app)
{
	char *dir = drafts_dir(false);
	if (!dir)
		return;
	DIR *dh = opendir(dir);
	if (!dh) {
		free(dir);
		return;
	}
	char *db = db_real(app);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (strncmp(e->d_name, "draft-", 6) != 0)
			continue;
		char *path = tv_xasprintf("%s/%s", dir, e->d_name);
		struct draft d;
		if (!parse_draft(path, &d) || strcmp(d.db, db) != 0 || d.board != app->board_id) {
			free(path);
			continue;
		}
		free(path);
		char *q = tv_xasprintf(_("An edit was interrupted (hang-up): unsaved %s"), d.title &&
			*d.title ? d.title : d.field);
		char *keep = tv_xasprintf(_("Keep it for later (%s)"), d.path);
		const char *items[] = { _("Restore it in the editor"), keep, _("Discard it") };
		int ch = ui_menu_choose(app, q, items, 3, 0);
		free(q);
		free(keep);
		if (ch == 0) {
			if (restore(app, &d))
				unlink(d.path);
			else
				app_message(app, ST_HINT, "Draft kept in %s", d.path);
		} else if (ch == 2) {
			unlink(d.path);
			app_message(app, ST_HINT, "Draft discarded");
		} else {
			app_message(app, ST_HINT, "Draft kept in %s", d.path);
		}
		draft_clear(&d);
		app_redraw_all(app);
		break;   /* one per start: the status line names the kept file */
	}
	closedir(dh);
	free(db);
	free(dir);
}
