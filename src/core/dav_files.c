/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Files in a WebDAV folder (tavle/dav.h): the status reports' transport. Owns the
 * safe upload (PUT under a temporary name, MOVE over the real one), the listing of a
 * folder's files and the reading of one, with messages that name the problem (the
 * user refused, the folder missing, the server gone or cut off). HTTP, URLs and the
 * multistatus are the shared plumbing of dav.c. Must not depend on curses, SQLite or
 * libical.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "dav_int.h"
#include "tavle/dav.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

struct tv_dav {
	char *user, *password;
	long timeout;
	struct dav_conn conn;
	unsigned seq;   /* makes each temporary name of this process unique */
};

enum tv_status
tv_dav_open(const struct tv_dav_creds *creds, long timeout_seconds, struct tv_dav **out,
	struct tv_diag *diag)
{
	*out = NULL;
	tv_diag_clear(diag);
	struct tv_dav *d = tv_xcalloc(1, sizeof *d);
	if (creds && creds->user && *creds->user)
		d->user = tv_xstrdup(creds->user);
	if (creds && creds->password)
		d->password = tv_xstrdup(creds->password);
	d->timeout = timeout_seconds > 0 ? timeout_seconds : DAV_DEFAULT_TIMEOUT;
	d->conn.diag = diag;
	enum tv_status st = dav_conn_open(&d->conn);
	if (st != TV_OK) {
		tv_dav_close(d);
		return st;
	}
	*out = d;
	return TV_OK;
}

void
tv_dav_close(struct tv_dav *d)
{
	if (!d)
		return;
	dav_conn_close(&d->conn);
	free(d->user);
	if (d->password) {
		explicit_bzero(d->password, strlen(d->password));
		free(d->password);
	}
	free(d);
}

void
tv_dav_shutdown(void)
{
	curl_global_cleanup();
	xmlCleanupParser();
}

/* Point the connection at target t for the next requests. */
static enum tv_status
aim(struct tv_dav *d, const struct dav_target *t, struct tv_diag *diag)
{
	d->conn.user = d->user ? d->user : t->url_user;
	d->conn.password = d->password;
	d->conn.timeout = d->timeout;
	d->conn.site = t->url;
	d->conn.diag = diag;
	if (!d->conn.user && d->password)
		return tv_diag_set(diag, TV_INVALID, "a password needs a user name: give --user "
			"NAME or put the user in the URL (https://NAME@host/...)");
	return TV_OK;
}

/* The message of a failed answer of `method` at `url` in `folder`. */
static enum tv_status
http_fail(struct tv_dav *d, const char *method, const char *url, const char *folder,
	const struct dav_resp *r)
{
	struct tv_diag *diag = d->conn.diag;
	switch (r->code) {
	case 401:
		return dav_refused(&d->conn, url);
	case 403:
		return tv_diag_set(diag, TV_IO, "the server does not let %s use %s at %s "
			"(HTTP 403)", d->conn.user ? d->conn.user : "this user", method, url);
	case 404:
	case 409:
		return tv_diag_set(diag, TV_NOT_FOUND, "the folder %s does not exist on the "
			"server (HTTP %ld); create it there first", folder, r->code);
	case 301: case 302: case 303: case 307: case 308: {
		char *loc = r->location ? tv_text_sanitize(r->location, strlen(r->location), 0) :
			NULL;
		enum tv_status st = tv_diag_set(diag, TV_INVALID, "the server redirects %s to %s "
			"(HTTP %ld); use that address", url, loc ? loc : "another address", r->code);
		free(loc);
		return st;
	}
	case 507:
		return tv_diag_set(diag, TV_IO, "the server has no room for %s (HTTP 507)", url);
	default:
		return tv_diag_set(diag, TV_IO, "%s %s failed with HTTP %ld", method, url,
			r->code);
	}
}

/* DELETE, for the temporary file; best effort (the answer is not checked). */
static void
remove_quietly(struct tv_dav *d, const char *url)
{
	struct tv_diag scratch = { 0 };
	struct tv_diag *keep = d->conn.diag;
	d->conn.diag = &scratch;
	struct dav_resp r = { 0 };
	if (dav_request(&d->conn, "DELETE", url, NULL, NULL, 0, &r) == TV_OK)
		dav_resp_clear(&r);
	d->conn.diag = keep;
}

/* PUT to url; messages name `shown` (the file meant, not a temporary name). */
static enum tv_status
put_body(struct tv_dav *d, const char *url, const char *shown, const char *folder,
	const char *type, const char *body, size_t len)
{
	char *ct = tv_xasprintf("Content-Type: %s", type ? type : "application/octet-stream");
	struct curl_slist *h = curl_slist_append(NULL, ct);
	h = curl_slist_append(h, "Expect:");
	free(ct);
	struct dav_resp r = { 0 };
	enum tv_status st = dav_request(&d->conn, "PUT", url, h, body ? body : "", len, &r);
	curl_slist_free_all(h);
	if (st != TV_OK)
		return st;
	if (r.code / 100 != 2)
		st = http_fail(d, "PUT", shown, folder, &r);
	dav_resp_clear(&r);
	return st;
}

/* MOVE from to dest; *unsupported when the server does not know MOVE. */
static enum tv_status
move(struct tv_dav *d, const char *from, const char *dest, const char *folder,
	bool *unsupported)
{
	*unsupported = false;
	char *dh = tv_xasprintf("Destination: %s", dest);
	struct curl_slist *h = curl_slist_append(NULL, dh);
	h = curl_slist_append(h, "Overwrite: T");
	free(dh);
	struct dav_resp r = { 0 };
	enum tv_status st = dav_request(&d->conn, "MOVE", from, h, NULL, 0, &r);
	curl_slist_free_all(h);
	if (st != TV_OK)
		return st;
	if (r.code == 405 || r.code == 501)
		*unsupported = true;
	else if (r.code / 100 != 2)
		st = http_fail(d, "MOVE", dest, folder, &r);
	dav_resp_clear(&r);
	return st;
}

enum tv_status
tv_dav_put(struct tv_dav *d, const char *url, const char *name, const char *type,
	const char *body, size_t len, struct tv_dav_put_result *out, struct tv_diag *diag)
{
	*out = (struct tv_dav_put_result){ 0 };
	tv_diag_clear(diag);
	size_t ul = url ? strlen(url) : 0;
	bool is_folder = ul > 0 && url[ul - 1] == '/';
	if (!url || (is_folder && (!name || !*name || strchr(name, '/'))))
		return tv_diag_set(diag, TV_INVALID, "an upload needs a URL and a file name");
	struct dav_target t;
	enum tv_status st = dav_target_parse(url, false, &t, diag);
	if (st != TV_OK)
		return st;
	if ((st = aim(d, &t, diag)) != TV_OK) {
		dav_target_free(&t);
		return st;
	}
	/* The folder's path and the file's name, decoded. */
	char *dir, *file;
	if (is_folder) {
		dir = tv_xstrdup(t.path);
		file = tv_xstrdup(name);
	} else {
		const char *slash = strrchr(t.path, '/');
		dir = tv_xstrndup(t.path, (size_t)(slash - t.path) + 1);
		file = tv_xstrdup(slash + 1);
		if (!*file) {
			free(dir);
			free(file);
			dav_target_free(&t);
			return tv_diag_set(diag, TV_INVALID, "the URL names no file");
		}
	}
	char *folder = dav_url_for_path(&t, dir);
	char *fpath = tv_xasprintf("%s%s", dir, file);
	char *final = dav_url_for_path(&t, fpath);
	char *tpath = tv_xasprintf("%s.%s.tmp-%ld-%u", dir, file, (long)getpid(), d->seq++);
	char *tmp = dav_url_for_path(&t, tpath);
	d->conn.site = folder;

	bool unsupported = false;
	st = put_body(d, tmp, final, folder, type, body, len);
	if (st == TV_OK) {
		st = move(d, tmp, final, folder, &unsupported);
		if (st == TV_OK && unsupported) {
			remove_quietly(d, tmp);
			st = put_body(d, final, final, folder, type, body, len);
		} else if (st != TV_OK) {
			remove_quietly(d, tmp);
		}
	}
	if (st == TV_OK) {
		out->url = final;
		out->moved = !unsupported;
		final = NULL;
	}
	free(dir);
	free(file);
	free(folder);
	free(fpath);
	free(final);
	free(tpath);
	free(tmp);
	dav_target_free(&t);
	return st;
}

static int
by_url(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum tv_status
tv_dav_list(struct tv_dav *d, const char *url, const char *suffix, char ***out,
	size_t *count, char **folder, struct tv_diag *diag)
{
	*out = NULL;
	*count = 0;
	if (folder)
		*folder = NULL;
	tv_diag_clear(diag);
	struct dav_target t;
	enum tv_status st = dav_target_parse(url, true, &t, diag);
	if (st != TV_OK)
		return st;
	if ((st = aim(d, &t, diag)) != TV_OK) {
		dav_target_free(&t);
		return st;
	}
	struct dav_resp r = { 0 };
	if ((st = dav_propfind(&d->conn, &t, &r)) != TV_OK) {
		dav_target_free(&t);
		return st;
	}
	struct dav_entry *e = NULL;
	size_t n = 0;
	if (r.code == 405 || r.code == 501)
		st = tv_diag_set(diag, TV_INVALID, "%s is not a WebDAV folder (PROPFIND answered "
			"HTTP %ld)", t.url, r.code);
	else if (r.code != 207)
		st = http_fail(d, "PROPFIND", t.url, t.url, &r);
	else if (!dav_multistatus(&t, &r, &e, &n))
		st = tv_diag_set(diag, TV_IO, "the server's listing of %s is not a complete "
			"WebDAV multistatus (cut short, or not XML); nothing was read from it", t.url);
	dav_resp_clear(&r);
	if (st != TV_OK) {
		dav_target_free(&t);
		return st;
	}
	size_t self_len = dav_trimmed_len(t.path), slen = suffix ? strlen(suffix) : 0;
	bool self_seen = false, self_folder = false;
	char **urls = NULL;
	size_t nurls = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = e[i].path;
		size_t plen = dav_trimmed_len(p);
		if (plen == self_len && strncmp(p, t.path, plen) == 0) {
			self_seen = true;
			self_folder = e[i].collection;
			continue;
		}
		/* Only files directly in the folder: its path, then one name. */
		size_t tl = strlen(t.path);
		if (!e[i].ok || e[i].collection || strncmp(p, t.path, tl) != 0)
			continue;
		const char *nm = p + tl;
		size_t nl = strlen(nm);
		if (!*nm || nm[0] == '.' || strchr(nm, '/') || nl <= slen ||
		    (slen && strcmp(nm + nl - slen, suffix) != 0))
			continue;
		if (nurls == cap) {
			cap = cap ? 2 * cap : 32;
			urls = tv_xrealloc(urls, cap * sizeof *urls);
		}
		urls[nurls++] = dav_url_for_path(&t, p);
	}
	dav_entries_free(e, n);
	if (!self_seen || !self_folder) {
		st = tv_diag_set(diag, TV_INVALID, self_seen ? "%s is a file, not a folder" :
			"the server's listing of %s does not include the folder itself; is the URL "
			"right?", t.url);
		for (size_t i = 0; i < nurls; i++)
			free(urls[i]);
		free(urls);
		dav_target_free(&t);
		return st;
	}
	if (nurls > 1)
		qsort(urls, nurls, sizeof *urls, by_url);
	*out = urls;
	*count = nurls;
	if (folder)
		*folder = tv_xstrdup(t.url);
	dav_target_free(&t);
	return TV_OK;
}

enum tv_status
tv_dav_get(struct tv_dav *d, const char *url, size_t max_bytes, char **body, size_t *len,
	struct tv_diag *diag)
{
	*body = NULL;
	*len = 0;
	tv_diag_clear(diag);
	struct dav_target t;
	enum tv_status st = dav_target_parse(url, false, &t, diag);
	if (st != TV_OK)
		return st;
	if ((st = aim(d, &t, diag)) != TV_OK) {
		dav_target_free(&t);
		return st;
	}
	struct dav_resp r = { .max = max_bytes };
	st = dav_request(&d->conn, "GET", t.url, NULL, NULL, 0, &r);
	if (st != TV_OK) {
		if (r.body_overflow)
			st = tv_diag_set(diag, TV_INVALID, "the file is larger than %zu bytes",
				max_bytes);
		dav_target_free(&t);
		return st;
	}
	if (r.code == 404)
		st = tv_diag_set(diag, TV_NOT_FOUND, "%s is no longer on the server (HTTP 404)",
			t.url);
	else if (r.code != 200)
		st = http_fail(d, "GET", t.url, t.url, &r);
	if (st == TV_OK) {
		*len = r.body.len;
		*body = tv_xmalloc(r.body.len + 1);
		if (r.body.len)
			memcpy(*body, r.body.p, r.body.len);
		(*body)[r.body.len] = '\0';
	}
	dav_resp_clear(&r);
	dav_target_free(&t);
	return st;
}
