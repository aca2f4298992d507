/* SPDX-License-Identifier: MPL-2.0 */
/*
 * CalDAV publishing. It walks the board's items through tv_ical_each_item, decides per
 * item from the server's listing and the store's publish state what to send, and
 * records each success in the store at once. HTTP (libcurl, credentials, .netrc), URLs
 * and the PROPFIND multistatus (libxml2) are the WebDAV plumbing it shares with the
 * status reports' transport (dav_int.h, dav.c); this file owns what is CalDAV: the
 * calendar check, the items, the conditional requests and their messages.
 * Must not depend on curses, SQLite or libical directly.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "dav_int.h"
#include "tavle/buf.h"
#include "tavle/caldav.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

/* A UID as a path segment. */
static char *
encode_segment(const char *s)
{
	return dav_encode(s, false);
}

char *
tv_caldav_display_url(const char *url)
{
	struct dav_target t;
	if (!url || dav_target_parse(url, true, &t, NULL) != TV_OK)
		return NULL;
	char *s = t.url;
	t.url = NULL;
	dav_target_free(&t);
	return s;
}

/* ---- content hash ---- */

/* 64-bit FNV-1a over the resource with its DTSTAMP line left out (DTSTAMP is the
 * publish time, new on every run). This detects change, it is not a security check:
 * a collision needs two versions of one item with equal hashes and would only delay
 * an update. */
static char *
content_hash(const char *ics, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && ics[e] != '\n')
			e++;
		if (e < len)
			e++;
		if (!(e - i >= 8 && memcmp(ics + i, "DTSTAMP:", 8) == 0))
			for (size_t k = i; k < e; k++) {
				h ^= (unsigned char)ics[k];
				h *= 1099511628211ull;
			}
		i = e;
	}
	return tv_xasprintf("fnv1a64:%016llx", (unsigned long long)h);
}

/* ---- publishing ---- */

struct pub {
	struct tv_store *store;
	const struct tv_board_data *data;
	struct dav_target t;
	struct dav_conn conn;         /* user: --user, the URL's, or NULL (.netrc) */
	struct tv_diag *diag;
	void (*progress)(void *ctx, enum tv_caldav_op op, const char *uid, const char *detail);
	void *ctx;
	struct tv_caldav_stats stats;

	struct member *members;       /* the collection's resources, sorted by path */
	size_t nmembers;
	struct tv_publish_item *state; /* what we published before, sorted by uid */
	bool *state_seen;
	size_t nstate;
};

struct member {
	char *path;   /* decoded */
	char *etag;
	bool seen;
};

static enum tv_status
request(struct pub *p, const char *method, const char *url, struct curl_slist *headers,
	const char *body, size_t len, struct dav_resp *r)
{
	r->max = 0;
	return dav_request(&p->conn, method, url, headers, body, len, r);
}

static enum tv_status
refused(struct pub *p)
{
	return dav_refused(&p->conn, p->t.url);
}

static void
report(struct pub *p, enum tv_caldav_op op, const char *uid, const char *detail)
{
	switch (op) {
	case TV_CALDAV_CREATED:   p->stats.created++; break;
	case TV_CALDAV_UPDATED:   p->stats.updated++; break;
	case TV_CALDAV_DELETED:   p->stats.deleted++; break;
	case TV_CALDAV_UNCHANGED: p->stats.unchanged++; break;
	case TV_CALDAV_CONFLICT:  p->stats.conflicts++; break;
	case TV_CALDAV_FAILED:    p->stats.failed++; break;
	}
	if (p->progress)
		p->progress(p->ctx, op, uid, detail ? gettext(detail) : NULL);
}

/* ---- PROPFIND ---- */

static int
cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->path, ((const struct member *)b)->path);
}

static int
cmp_state(const void *a, const void *b)
{
	return strcmp(((const struct tv_publish_item *)a)->uid,
		((const struct tv_publish_item *)b)->uid);
}

/* Read the multistatus: check the collection is a calendar, list its resources. */
static enum tv_status
read_listing(struct pub *p, const struct dav_resp *r)
{
	struct dav_entry *e;
	size_t n;
	if (!dav_multistatus(&p->t, r, &e, &n))
		return tv_diag_set(p->diag, TV_IO, "%s did not answer PROPFIND with a WebDAV "
			"multistatus; is it a CalDAV server?", p->t.url);
	size_t self_len = dav_trimmed_len(p->t.path);
	bool self_seen = false, self_calendar = false;
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		size_t plen = dav_trimmed_len(e[i].path);
		if (plen == self_len && strncmp(e[i].path, p->t.path, plen) == 0) {
			self_seen = true;
			self_calendar = e[i].calendar;
		} else if (e[i].ok && !e[i].collection) {
			if (p->nmembers == cap) {
				cap = cap ? 2 * cap : 64;
				p->members = tv_xrealloc(p->members, cap * sizeof *p->members);
			}
			p->members[p->nmembers++] = (struct member){ e[i].path, e[i].etag, false };
			e[i].path = e[i].etag = NULL;
		}
	}
	dav_entries_free(e, n);
	if (!self_seen)
		return tv_diag_set(p->diag, TV_INVALID, "the server's listing of %s does not "
			"include the collection itself; is the URL right?", p->t.url);
	if (!self_calendar)
		return tv_diag_set(p->diag, TV_INVALID, "%s is not a CalDAV calendar collection "
			"(its resource type has no calendar); give the URL of a calendar", p->t.url);
	if (p->nmembers)
		qsort(p->members, p->nmembers, sizeof *p->members, cmp_member);
	return TV_OK;
}

static enum tv_status
list_collection(struct pub *p)
{
	struct dav_resp r = { 0 };
	enum tv_status st = dav_propfind(&p->conn, &p->t, &r);
	if (st != TV_OK)
		return st;
	switch (r.code) {
	case 207:
		st = read_listing(p, &r);
		break;
	case 401:
		st = refused(p);
		break;
	case 403:
		st = tv_diag_set(p->diag, TV_IO, "the server does not let %s read %s (HTTP 403)",
			p->conn.user ? p->conn.user : "this user", p->t.url);
		break;
	case 404:
		st = tv_diag_set(p->diag, TV_NOT_FOUND, "%s does not exist on the server (HTTP "
			"404); create the calendar there first", p->t.url);
		break;
	case 301: case 302: case 303: case 307: case 308: {
		char *loc = r.location ? tv_text_sanitize(r.location, strlen(r.location), 0) : NULL;
		st = tv_diag_set(p->diag, TV_INVALID, "the server redirects %s to %s (HTTP %ld); "
			"publish to that address", p->t.url, loc ? loc : "another address", r.code);
		free(loc);
		break;
	}
	case 405: case 501:
		st = tv_diag_set(p->diag, TV_INVALID, "%s is not a WebDAV collection (PROPFIND "
			"answered HTTP %ld); give the URL of a CalDAV calendar", p->t.url, r.code);
		break;
	default:
		st = tv_diag_set(p->diag, TV_IO, "PROPFIND on %s failed with HTTP %ld", p->t.url,
			r.code);
		break;
	}
	dav_resp_clear(&r);
	return st;
}

/* ---- the items ---- */

static struct member *
find_member(struct pub *p, const char *path)
{
	if (!p->nmembers)
		return NULL;
	struct member key = { (char *)path, NULL, false };
	return bsearch(&key, p->members, p->nmembers, sizeof *p->members, cmp_member);
}

static struct tv_publish_item *
find_state(struct pub *p, const char *uid)
{
	if (!p->nstate)
		return NULL;
	struct tv_publish_item key = { .uid = (char *)uid };
	return bsearch(&key, p->state, p->nstate, sizeof *p->state, cmp_state);
}

static char *
resource_url(const struct pub *p, const char *uid)
{
	char *enc = encode_segment(uid);
	char *u = tv_xasprintf("%s%s.ics", p->t.url, enc);
	free(enc);
	return u;
}

static char *
http_reason(long code)
{
	return tv_xasprintf("HTTP %ld", code);
}

static enum tv_status
record(struct pub *p, const char *uid, const char *etag, const char *hash)
{
	enum tv_status st = tv_store_publish_record(p->store, p->data->board.id, p->t.url, uid,
		etag, hash);
	if (st != TV_OK)
		tv_diag_set(p->diag, st, "%s", tv_store_errmsg(p->store));
	return st;
}

static enum tv_status
put_item(void *ctx, const char *uid, const char *ics, size_t len)
{
	struct pub *p = ctx;
	char *path = tv_xasprintf("%s%s.ics", p->t.path, uid);
	struct member *m = find_member(p, path);
	free(path);
	struct tv_publish_item *s = find_state(p, uid);
	if (m)
		m->seen = true;
	if (s)
		p->state_seen[s - p->state] = true;
	char *hash = content_hash(ics, len);
	enum tv_status st = TV_OK;
	if (m && s && strcmp(s->hash, hash) == 0) {
		report(p, TV_CALDAV_UNCHANGED, uid, NULL);
		free(hash);
		return TV_OK;
	}
	/* If-Match the ETag of our own last write: a change made by someone else since
	 * then gives 412 instead of being overwritten. */
	char *cond;
	if (!m)
		cond = tv_xstrdup("If-None-Match: *");
	else if (s && s->etag)
		cond = tv_xasprintf("If-Match: %s", s->etag);
	else if (m->etag)
		cond = tv_xasprintf("If-Match: %s", m->etag);
	else
		cond = tv_xstrdup("If-Match: *");
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Content-Type: text/calendar; charset=utf-8");
	h = curl_slist_append(h, cond);
	h = curl_slist_append(h, "Expect:");
	free(cond);
	char *url = resource_url(p, uid);
	struct dav_resp r;
	st = request(p, "PUT", url, h, ics, len, &r);
	curl_slist_free_all(h);
	free(url);
	if (st == TV_OK) {
		if (r.code / 100 == 2) {
			st = record(p, uid, r.etag, hash);
			if (st == TV_OK)
				report(p, m ? TV_CALDAV_UPDATED : TV_CALDAV_CREATED, uid, NULL);
		} else if (r.code == 412) {
			report(p, TV_CALDAV_CONFLICT, uid, m ? "changed on the server by someone "
				"else since the last publish (HTTP 412); left alone" :
				"created on the server by someone else meanwhile (HTTP 412); left alone");
		} else if (r.code == 401) {
			st = refused(p);
		} else {
			char *why = http_reason(r.code);
			report(p, TV_CALDAV_FAILED, uid, why);
			free(why);
		}
		dav_resp_clear(&r);
	}
	free(hash);
	return st;
}

/* Delete what we published earlier that the board no longer exports. */
static enum tv_status
delete_gone(struct pub *p)
{
	for (size_t i = 0; i < p->nstate; i++) {
		if (p->state_seen[i])
			continue;
		const struct tv_publish_item *s = &p->state[i];
		char *path = tv_xasprintf("%s%s.ics", p->t.path, s->uid);
		struct member *m = find_member(p, path);
		free(path);
		enum tv_status st;
		if (!m) {
			/* Already gone from the server: only forget it. */
			st = tv_store_publish_forget(p->store, p->data->board.id, p->t.url, s->uid);
			if (st != TV_OK)
				return tv_diag_set(p->diag, st, "%s", tv_store_errmsg(p->store));
			continue;
		}
		m->seen = true;
		const char *etag = s->etag ? s->etag : m->etag;
		char *cond = etag ? tv_xasprintf("If-Match: %s", etag) : NULL;
		struct curl_slist *h = cond ? curl_slist_append(NULL, cond) : NULL;
		free(cond);
		char *url = resource_url(p, s->uid);
		struct dav_resp r;
		st = request(p, "DELETE", url, h, NULL, 0, &r);
		curl_slist_free_all(h);
		free(url);
		if (st != TV_OK)
			return st;
		long code = r.code;
		dav_resp_clear(&r);
		if (code / 100 == 2 || code == 404) {
			st = tv_store_publish_forget(p->store, p->data->board.id, p->t.url, s->uid);
			if (st != TV_OK)
				return tv_diag_set(p->diag, st, "%s", tv_store_errmsg(p->store));
			report(p, TV_CALDAV_DELETED, s->uid, NULL);
		} else if (code == 412) {
			report(p, TV_CALDAV_CONFLICT, s->uid, "changed on the server by someone else "
				"since the last publish (HTTP 412); not deleted");
		} else if (code == 401) {
			return refused(p);
		} else {
			char *why = http_reason(code);
			report(p, TV_CALDAV_FAILED, s->uid, why);
			free(why);
		}
	}
	return TV_OK;
}

enum tv_status
tv_caldav_publish(struct tv_store *store, const struct tv_board_data *data,
	const char *url, const struct tv_caldav_creds *creds,
	const struct tv_caldav_options *opt,
	void (*progress)(void *ctx, enum tv_caldav_op op, const char *uid, const char *detail),
	void *ctx, struct tv_caldav_stats *stats, struct tv_diag *diag)
{
	struct pub p = {
		.store = store, .data = data, .diag = diag,
		.progress = progress, .ctx = ctx,
	};
	if (stats)
		*stats = (struct tv_caldav_stats){ 0 };
	tv_diag_clear(diag);
	if (!store || !data || !url)
		return tv_diag_set(diag, TV_INVALID, "publish needs a store, a board and a URL");
	enum tv_status st = dav_target_parse(url, true, &p.t, diag);
	if (st != TV_OK)
		return st;
	p.conn.user = creds && creds->user && *creds->user ? creds->user : p.t.url_user;
	p.conn.password = creds ? creds->password : NULL;
	p.conn.site = p.t.url;
	p.conn.diag = diag;
	if (!p.conn.user && creds && creds->password) {
		dav_target_free(&p.t);
		return tv_diag_set(diag, TV_INVALID, "a password needs a user name: give --user "
			"NAME or put the user in the URL (https://NAME@host/...)");
	}
	p.conn.timeout = opt && opt->timeout_seconds > 0 ? opt->timeout_seconds :
		DAV_DEFAULT_TIMEOUT;

	struct tv_ical_options io = { 0 };
	if (opt)
		io = opt->ical;
	io.todo = false;
	if (!io.calname || !*io.calname)
		io.calname = data->board.name;

	if ((st = dav_conn_open(&p.conn)) != TV_OK)
		goto out;

	st = tv_store_publish_items(store, data->board.id, p.t.url, &p.state, &p.nstate);
	if (st != TV_OK) {
		tv_diag_set(diag, st, "%s", tv_store_errmsg(store));
		goto out;
	}
	if (p.nstate) /* qsort and bsearch want a non-NULL base even for 0 items */
		qsort(p.state, p.nstate, sizeof *p.state, cmp_state);
	p.state_seen = tv_xcalloc(p.nstate ? p.nstate : 1, sizeof *p.state_seen);

	if ((st = list_collection(&p)) != TV_OK)
		goto out;
	st = tv_ical_each_item(data, &io, put_item, &p);
	if (st != TV_OK) {
		if (diag && !diag->msg[0])
			tv_diag_set(diag, st, "building the calendar items failed");
		goto out;
	}
	st = delete_gone(&p);
out:
	if (stats)
		*stats = p.stats;
	dav_conn_close(&p.conn);
	for (size_t i = 0; i < p.nmembers; i++) {
		free(p.members[i].path);
		free(p.members[i].etag);
	}
	free(p.members);
	for (size_t i = 0; i < p.nstate; i++)
		tv_publish_item_clear(&p.state[i]);
	free(p.state);
	free(p.state_seen);
	dav_target_free(&p.t);
	return st;
}

const char *
tv_caldav_op_name(enum tv_caldav_op op)
{
	switch (op) {
	case TV_CALDAV_CREATED:   return "created";
	case TV_CALDAV_UPDATED:   return "updated";
	case TV_CALDAV_DELETED:   return "deleted";
	case TV_CALDAV_UNCHANGED: return "unchanged";
	case TV_CALDAV_CONFLICT:  return "conflict";
	case TV_CALDAV_FAILED:    return "failed";
	}
	return "?";
}

void
tv_caldav_shutdown(void)
{
	curl_global_cleanup();
	xmlCleanupParser();
}
