/* SPDX-License-Identifier: MPL-2.0 */
/*
 * CalDAV publishing: the only file in tavle that uses libcurl (HTTP, authentication,
 * .netrc) and libxml2 (the PROPFIND multistatus answer). It walks the board's items
 * through tv_ical_each_item, decides per item from the server's listing and the
 * store's publish state what to send, and records each success in the store at once.
 * The XML is read with a real namespace-aware parser because servers choose their own
 * prefixes ("D:", "d:", none) and may add any elements; libxml2 is Debian's well-kept
 * standard and is already on every machine that has libical's dependencies.
 * Must not depend on curses, SQLite or libical directly.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "config.h"
#include "tavle/buf.h"
#include "tavle/caldav.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

#define NS_DAV "DAV:"
#define NS_CALDAV "urn:ietf:params:xml:ns:caldav"
#define MAX_BODY (64u << 20)
#define DEFAULT_TIMEOUT 60L
#define CONNECT_TIMEOUT 15L

/* ---- URLs ---- */

/* Percent-encode a UID for a path segment: everything but RFC 3986 unreserved. */
static char *
encode_segment(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *o = tv_xmalloc(3 * n + 1), *q = o;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*q++ = (char)*p;
		} else {
			*q++ = '%';
			*q++ = hex[*p >> 4];
			*q++ = hex[*p & 15];
		}
	}
	*q = '\0';
	return o;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode a path; invalid escapes stay as they are. */
static char *
decode_path(const char *s, size_t n)
{
	char *o = tv_xmalloc(n + 1), *q = o;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			*q++ = (char)(h << 4 | l);
			i += 2;
		} else {
			*q++ = s[i];
		}
	}
	*q = '\0';
	return o;
}

/* Drop trailing slashes for comparing collection paths ("/a/b/" == "/a/b"). */
static size_t
trimmed_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

struct target {
	char *url;       /* the collection URL sent to the server: no userinfo, ends in '/' */
	char *path;      /* its path, percent-decoded, ends in '/' */
	char *url_user;  /* a user named in the URL, decoded; NULL if none */
};

static void
target_free(struct target *t)
{
	free(t->url);
	free(t->path);
	free(t->url_user);
}

/* Parse and normalise the collection URL. A password in the URL is refused: it would
 * sit in shell history and process listings. */
static enum tv_status
parse_target(const char *url, struct target *t, struct tv_diag *diag)
{
	*t = (struct target){ 0 };
	CURLU *u = curl_url();
	if (!u)
		tv_fatal("out of memory");
	char *scheme = NULL, *path = NULL, *pass = NULL, *user = NULL, *full = NULL;
	enum tv_status r = TV_OK;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
		r = tv_diag_set(diag, TV_INVALID, "'%s' is not an http:// or https:// URL",
			scheme || strchr(url, '@') == NULL ? url : "(URL with credentials)");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK && pass) {
		r = tv_diag_set(diag, TV_INVALID, "the URL contains a password; put it in "
			"--password-file or ~/.netrc instead");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE) == CURLUE_OK && user)
		t->url_user = tv_xstrdup(user);
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK || !path) {
		r = tv_diag_set(diag, TV_INVALID, "cannot read the path of the URL");
		goto out;
	}
	size_t n = strlen(path);
	if (n == 0 || path[n - 1] != '/') {
		char *p2 = tv_xasprintf("%s/", path);
		curl_url_set(u, CURLUPART_PATH, p2, 0);
		free(p2);
	}
	curl_free(path);
	path = NULL;
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK) {
		r = tv_diag_set(diag, TV_INVALID, "cannot normalise the URL");
		goto out;
	}
	t->url = tv_xstrdup(full);
	t->path = decode_path(path, strlen(path));
out:
	curl_free(scheme);
	curl_free(path);
	curl_free(pass);
	curl_free(user);
	curl_free(full);
	curl_url_cleanup(u);
	if (r != TV_OK)
		target_free(t);
	return r;
}

char *
tv_caldav_display_url(const char *url)
{
	struct target t;
	if (!url || parse_target(url, &t, NULL) != TV_OK)
		return NULL;
	char *s = t.url;
	t.url = NULL;
	target_free(&t);
	return s;
}

/* The decoded path of an href (absolute URL, absolute path, or relative). */
static char *
href_path(const struct target *t, const char *href)
{
	if (strncasecmp(href, "http://", 7) == 0 || strncasecmp(href, "https://", 8) == 0) {
		CURLU *u = curl_url();
		char *p = NULL, *o = NULL;
		if (u && curl_url_set(u, CURLUPART_URL, href, 0) == CURLUE_OK &&
		    curl_url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK && p)
			o = decode_path(p, strlen(p));
		curl_free(p);
		curl_url_cleanup(u);
		return o;
	}
	if (href[0] == '/')
		return decode_path(href, strlen(href));
	char *rel = decode_path(href, strlen(href));
	char *o = tv_xasprintf("%s%s", t->path, rel);
	free(rel);
	return o;
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

/* ---- HTTP ---- */

struct resp {
	long code;
	struct tv_buf body;
	bool body_overflow; /* the answer passed MAX_BODY and was cut off */
	char *etag;       /* ETag header of the answer, if any */
	char *location;
};

static void
resp_clear(struct resp *r)
{
	tv_buf_release(&r->body);
	free(r->etag);
	free(r->location);
	*r = (struct resp){ 0 };
}

static size_t
on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct resp *r = ctx;
	size_t len = size * n;
	if (r->body.len + len > MAX_BODY) {
		r->body_overflow = true;
		return 0;
	}
	tv_buf_add(&r->body, data, len);
	return len;
}

/* Header value of `name` in one raw header line, trimmed; NULL if another header. */
static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	const char *v = line + nl + 1, *e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return tv_xstrndup(v, (size_t)(e - v));
}

static size_t
on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct resp *r = ctx;
	size_t len = size * n;
	/* A new status line (after a 401 challenge or 100 Continue) starts afresh. */
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		free(r->etag);
		free(r->location);
		r->etag = r->location = NULL;
	}
	char *v;
	if ((v = header_value(data, len, "ETag"))) {
		free(r->etag);
		r->etag = v;
	} else if ((v = header_value(data, len, "Location"))) {
		free(r->location);
		r->location = v;
	}
	return len;
}

struct pub {
	struct tv_store *store;
	const struct tv_board_data *data;
	const struct tv_caldav_creds *creds;
	struct target t;
	const char *user;             /* for messages: --user, the URL's, or NULL */
	long timeout;
	CURL *curl;
	char err[CURL_ERROR_SIZE];
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

/* One request. Transport failures stop the publish (TV_IO with the curl message);
 * every HTTP answer is TV_OK with r->code set. */
static enum tv_status
request(struct pub *p, const char *method, const char *url, struct curl_slist *headers,
	const char *body, size_t len, struct resp *r)
{
	*r = (struct resp){ 0 };
	CURL *c = p->curl;
	curl_easy_reset(c);
	p->err[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, p->err);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tavle/" TAVLE_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, p->timeout);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* Credentials: explicit ones, else .netrc (curl reads it; the password never
	 * passes through tavle's own code or arguments). */
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	const char *netrc = getenv("NETRC");
	if (netrc && *netrc)
		curl_easy_setopt(c, CURLOPT_NETRC_FILE, netrc);
	if (p->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, p->user);
	if (p->creds && p->creds->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, p->creds->password);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST));
	if (body) {
		/* POSTFIELDS with a custom method: curl can resend the body after an auth
		 * challenge without a rewind callback. */
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		const char *why = p->err[0] ? p->err : curl_easy_strerror(cc);
		if (r->body_overflow)
			why = _("the answer is too large");
		if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
		    cc == CURLE_COULDNT_RESOLVE_PROXY || cc == CURLE_OPERATION_TIMEDOUT)
			tv_diag_set(p->diag, TV_IO, "cannot connect to %s: %s", p->t.url, why);
		else
			tv_diag_set(p->diag, TV_IO, "%s %s failed: %s", method, url, why);
		resp_clear(r);
		return TV_IO;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->code);
	return TV_OK;
}

static enum tv_status
refused(struct pub *p)
{
	if (p->user || (p->creds && p->creds->password))
		return tv_diag_set(p->diag, TV_IO, "the server refused the credentials for %s at "
			"%s (HTTP 401)", p->user ? p->user : "(.netrc user)", p->t.url);
	return tv_diag_set(p->diag, TV_IO, "the server asks for credentials at %s (HTTP 401); "
		"give --user and --password-file or a ~/.netrc entry", p->t.url);
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

static bool
is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		strcmp((const char *)n->ns->href, ns) == 0 &&
		strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const xmlNode *n, const char *ns, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, ns, name))
			return c;
	return NULL;
}

/* Trimmed text content of an element (caller frees); NULL if none. */
static char *
text_of(const xmlNode *n)
{
	if (!n)
		return NULL;
	xmlChar *x = xmlNodeGetContent(n);
	if (!x)
		return NULL;
	const char *s = (const char *)x;
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	char *o = len ? tv_xstrndup(s, len) : NULL;
	xmlFree(x);
	return o;
}

/* "HTTP/1.1 200 OK" -> 200. */
static int
status_code(const xmlNode *st)
{
	char *s = text_of(st);
	int code = 0;
	if (s) {
		const char *sp = strchr(s, ' ');
		if (sp)
			code = atoi(sp + 1);
	}
	free(s);
	return code;
}

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
read_listing(struct pub *p, const struct resp *r)
{
	xmlDoc *doc = xmlReadMemory(r->body.p ? r->body.p : "", (int)r->body.len,
		"propfind.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!is_el(root, NS_DAV, "multistatus")) {
		if (doc)
			xmlFreeDoc(doc);
		return tv_diag_set(p->diag, TV_IO, "%s did not answer PROPFIND with a WebDAV "
			"multistatus; is it a CalDAV server?", p->t.url);
	}
	size_t self_len = trimmed_len(p->t.path);
	bool self_seen = false, self_calendar = false;
	size_t cap = 0;
	for (const xmlNode *resp = root->children; resp; resp = resp->next) {
		if (!is_el(resp, NS_DAV, "response"))
			continue;
		char *href = text_of(child(resp, NS_DAV, "href"));
		char *path = href ? href_path(&p->t, href) : NULL;
		free(href);
		if (!path)
			continue;
		char *etag = NULL;
		bool ok = false, collection = false, calendar = false;
		for (const xmlNode *ps = resp->children; ps; ps = ps->next) {
			if (!is_el(ps, NS_DAV, "propstat"))
				continue;
			if (status_code(child(ps, NS_DAV, "status")) / 100 != 2)
				continue;
			ok = true;
			const xmlNode *prop = child(ps, NS_DAV, "prop");
			const xmlNode *rt = child(prop, NS_DAV, "resourcetype");
			collection |= child(rt, NS_DAV, "collection") != NULL;
			calendar |= child(rt, NS_CALDAV, "calendar") != NULL;
			char *e = text_of(child(prop, NS_DAV, "getetag"));
			if (e) {
				free(etag);
				etag = e;
			}
		}
		size_t plen = trimmed_len(path);
		if (plen == self_len && strncmp(path, p->t.path, plen) == 0) {
			self_seen = true;
			self_calendar = calendar;
		} else if (ok && !collection) {
			if (p->nmembers == cap) {
				cap = cap ? 2 * cap : 64;
				p->members = tv_xrealloc(p->members, cap * sizeof *p->members);
			}
			p->members[p->nmembers++] = (struct member){ path, etag, false };
			path = etag = NULL;
		}
		free(path);
		free(etag);
	}
	xmlFreeDoc(doc);
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
	static const char body[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<d:propfind xmlns:d=\"DAV:\"><d:prop><d:resourcetype/><d:getetag/></d:prop>"
		"</d:propfind>\n";
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Depth: 1");
	h = curl_slist_append(h, "Content-Type: application/xml; charset=utf-8");
	h = curl_slist_append(h, "Expect:");
	struct resp r;
	enum tv_status st = request(p, "PROPFIND", p->t.url, h, body, sizeof body - 1, &r);
	curl_slist_free_all(h);
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
			p->user ? p->user : "this user", p->t.url);
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
	resp_clear(&r);
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
	struct resp r;
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
		resp_clear(&r);
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
		struct resp r;
		st = request(p, "DELETE", url, h, NULL, 0, &r);
		curl_slist_free_all(h);
		free(url);
		if (st != TV_OK)
			return st;
		long code = r.code;
		resp_clear(&r);
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
		.store = store, .data = data, .creds = creds, .diag = diag,
		.progress = progress, .ctx = ctx,
	};
	if (stats)
		*stats = (struct tv_caldav_stats){ 0 };
	tv_diag_clear(diag);
	if (!store || !data || !url)
		return tv_diag_set(diag, TV_INVALID, "publish needs a store, a board and a URL");
	enum tv_status st = parse_target(url, &p.t, diag);
	if (st != TV_OK)
		return st;
	p.user = creds && creds->user && *creds->user ? creds->user : p.t.url_user;
	if (!p.user && creds && creds->password) {
		target_free(&p.t);
		return tv_diag_set(diag, TV_INVALID, "a password needs a user name: give --user "
			"NAME or put the user in the URL (https://NAME@host/...)");
	}
	p.timeout = opt && opt->timeout_seconds > 0 ? opt->timeout_seconds : DEFAULT_TIMEOUT;

	struct tv_ical_options io = { 0 };
	if (opt)
		io = opt->ical;
	io.todo = false;
	if (!io.calname || !*io.calname)
		io.calname = data->board.name;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(p.curl = curl_easy_init())) {
		st = tv_diag_set(diag, TV_IO, "cannot start libcurl");
		goto out;
	}
	LIBXML_TEST_VERSION

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
	if (p.curl)
		curl_easy_cleanup(p.curl);
	for (size_t i = 0; i < p.nmembers; i++) {
		free(p.members[i].path);
		free(p.members[i].etag);
	}
	free(p.members);
	for (size_t i = 0; i < p.nstate; i++)
		tv_publish_item_clear(&p.state[i]);
	free(p.state);
	free(p.state_seen);
	target_free(&p.t);
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
