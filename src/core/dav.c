/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The WebDAV plumbing shared by CalDAV publishing (caldav.c) and the transport of
 * status reports (dav_files.c), declared in the private dav_int.h: URLs, one libcurl
 * request with tavle's settings, credentials and messages, and the PROPFIND
 * multistatus read with libxml2. The XML is read with a real namespace-aware parser
 * because servers choose their own prefixes ("D:", "d:", none) and may add any
 * elements. Must not depend on curses, SQLite or libical.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "config.h"
#include "dav_int.h"
#include "tavle/i18n.h"

#define NS_DAV "DAV:"
#define NS_CALDAV "urn:ietf:params:xml:ns:caldav"

/* ---- URLs ---- */

char *
dav_encode(const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *o = tv_xmalloc(3 * n + 1), *q = o;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
		    (keep_slash && *p == '/')) {
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

char *
dav_decode_path(const char *s, size_t n)
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

size_t
dav_trimmed_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

void
dav_target_free(struct dav_target *t)
{
	free(t->url);
	free(t->path);
	free(t->url_user);
	*t = (struct dav_target){ 0 };
}

/* A password in the URL is refused: it would sit in shell history and process
 * listings. */
enum tv_status
dav_target_parse(const char *url, bool folder, struct dav_target *t, struct tv_diag *diag)
{
	*t = (struct dav_target){ 0 };
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
	if (folder && (n == 0 || path[n - 1] != '/')) {
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
	t->path = dav_decode_path(path, strlen(path));
out:
	curl_free(scheme);
	curl_free(path);
	curl_free(pass);
	curl_free(user);
	curl_free(full);
	curl_url_cleanup(u);
	if (r != TV_OK)
		dav_target_free(t);
	return r;
}

char *
dav_href_path(const struct dav_target *t, const char *href)
{
	if (strncasecmp(href, "http://", 7) == 0 || strncasecmp(href, "https://", 8) == 0) {
		CURLU *u = curl_url();
		char *p = NULL, *o = NULL;
		if (u && curl_url_set(u, CURLUPART_URL, href, 0) == CURLUE_OK &&
		    curl_url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK && p)
			o = dav_decode_path(p, strlen(p));
		curl_free(p);
		curl_url_cleanup(u);
		return o;
	}
	if (href[0] == '/')
		return dav_decode_path(href, strlen(href));
	char *rel = dav_decode_path(href, strlen(href));
	char *o = tv_xasprintf("%s%s", t->path, rel);
	free(rel);
	return o;
}

char *
dav_url_for_path(const struct dav_target *t, const char *path)
{
	CURLU *u = curl_url();
	if (!u)
		tv_fatal("out of memory");
	char *enc = dav_encode(path, true), *full = NULL, *o = NULL;
	if (curl_url_set(u, CURLUPART_URL, t->url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PATH, enc, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK)
		o = tv_xstrdup(full);
	curl_free(full);
	curl_url_cleanup(u);
	free(enc);
	if (!o)
		tv_fatal("cannot build a URL on %s", t->url);
	return o;
}

/* ---- HTTP ---- */

void
dav_resp_clear(struct dav_resp *r)
{
	tv_buf_release(&r->body);
	free(r->etag);
	free(r->location);
	*r = (struct dav_resp){ 0 };
}

static size_t
on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct dav_resp *r = ctx;
	size_t len = size * n;
	if (r->body.len + len > (r->max ? r->max : DAV_MAX_BODY)) {
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
	struct dav_resp *r = ctx;
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

enum tv_status
dav_conn_open(struct dav_conn *d)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(d->curl = curl_easy_init()))
		return tv_diag_set(d->diag, TV_IO, "cannot start libcurl");
	LIBXML_TEST_VERSION
	return TV_OK;
}

void
dav_conn_close(struct dav_conn *d)
{
	if (d->curl)
		curl_easy_cleanup(d->curl);
	d->curl = NULL;
}

enum tv_status
dav_request(struct dav_conn *d, const char *method, const char *url,
	struct curl_slist *headers, const char *body, size_t len, struct dav_resp *r)
{
	size_t max = r->max;
	*r = (struct dav_resp){ .max = max };
	CURL *c = d->curl;
	curl_easy_reset(c);
	d->err[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, d->err);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tavle/" TAVLE_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, DAV_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, d->timeout > 0 ? d->timeout : DAV_DEFAULT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* Credentials: explicit ones, else .netrc (curl reads it; the password never
	 * passes through tavle's own code or arguments). */
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	const char *netrc = getenv("NETRC");
	if (netrc && *netrc)
		curl_easy_setopt(c, CURLOPT_NETRC_FILE, netrc);
	if (d->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, d->user);
	if (d->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, d->password);
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
		const char *why = d->err[0] ? d->err : curl_easy_strerror(cc);
		if (r->body_overflow)
			why = _("the answer is too large");
		if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
		    cc == CURLE_COULDNT_RESOLVE_PROXY)
			tv_diag_set(d->diag, TV_IO, "cannot connect to %s: %s", d->site, why);
		else if (cc == CURLE_OPERATION_TIMEDOUT)
			tv_diag_set(d->diag, TV_IO, "the server at %s did not answer in time: %s",
				d->site, why);
		else if (cc == CURLE_PARTIAL_FILE || cc == CURLE_RECV_ERROR ||
			 cc == CURLE_GOT_NOTHING)
			tv_diag_set(d->diag, TV_IO, "%s %s failed: the server stopped in the "
				"middle of its answer (%s)", method, url, why);
		else
			tv_diag_set(d->diag, TV_IO, "%s %s failed: %s", method, url, why);
		bool overflow = r->body_overflow;
		dav_resp_clear(r);
		r->body_overflow = overflow;
		return TV_IO;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->code);
	return TV_OK;
}

enum tv_status
dav_refused(struct dav_conn *d, const char *url)
{
	if (d->user || d->password)
		return tv_diag_set(d->diag, TV_IO, "the server refused the credentials for %s at "
			"%s (HTTP 401)", d->user ? d->user : "(.netrc user)", url);
	/* No credentials given: libcurl sent .netrc's, if that file exists. */
	const char *netrc = getenv("NETRC"), *home = getenv("HOME");
	char *file = netrc && *netrc ? tv_xstrdup(netrc) : home && *home ?
		tv_xasprintf("%s/.netrc", home) : NULL;
	if (file && access(file, R_OK) == 0) {
		enum tv_status st = tv_diag_set(d->diag, TV_IO, "the server refused the "
			"credentials at %s (HTTP 401); check the entry for this host in %s, or give "
			"--user and --password-file", url, file);
		free(file);
		return st;
	}
	free(file);
	return tv_diag_set(d->diag, TV_IO, "the server asks for credentials at %s (HTTP 401); "
		"give --user and --password-file or a ~/.netrc entry", url);
}

/* ---- PROPFIND ---- */

enum tv_status
dav_propfind(struct dav_conn *d, const struct dav_target *t, struct dav_resp *r)
{
	static const char body[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<d:propfind xmlns:d=\"DAV:\"><d:prop><d:resourcetype/><d:getetag/></d:prop>"
		"</d:propfind>\n";
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Depth: 1");
	h = curl_slist_append(h, "Content-Type: application/xml; charset=utf-8");
	h = curl_slist_append(h, "Expect:");
	enum tv_status st = dav_request(d, "PROPFIND", t->url, h, body, sizeof body - 1, r);
	curl_slist_free_all(h);
	return st;
}

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

bool
dav_multistatus(const struct dav_target *t, const struct dav_resp *r,
	struct dav_entry **out, size_t *out_count)
{
	*out = NULL;
	*out_count = 0;
	xmlDoc *doc = xmlReadMemory(r->body.p ? r->body.p : "", (int)r->body.len,
		"propfind.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!is_el(root, NS_DAV, "multistatus")) {
		if (doc)
			xmlFreeDoc(doc);
		return false;
	}
	struct dav_entry *e = NULL;
	size_t n = 0, cap = 0;
	for (const xmlNode *resp = root->children; resp; resp = resp->next) {
		if (!is_el(resp, NS_DAV, "response"))
			continue;
		char *href = text_of(child(resp, NS_DAV, "href"));
		char *path = href ? dav_href_path(t, href) : NULL;
		free(href);
		if (!path)
			continue;
		struct dav_entry x = { .path = path };
		for (const xmlNode *ps = resp->children; ps; ps = ps->next) {
			if (!is_el(ps, NS_DAV, "propstat"))
				continue;
			if (status_code(child(ps, NS_DAV, "status")) / 100 != 2)
				continue;
			x.ok = true;
			const xmlNode *prop = child(ps, NS_DAV, "prop");
			const xmlNode *rt = child(prop, NS_DAV, "resourcetype");
			x.collection |= child(rt, NS_DAV, "collection") != NULL;
			x.calendar |= child(rt, NS_CALDAV, "calendar") != NULL;
			char *etag = text_of(child(prop, NS_DAV, "getetag"));
			if (etag) {
				free(x.etag);
				x.etag = etag;
			}
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			e = tv_xrealloc(e, cap * sizeof *e);
		}
		e[n++] = x;
	}
	xmlFreeDoc(doc);
	*out = e;
	*out_count = n;
	return true;
}

void
dav_entries_free(struct dav_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].path);
		free(e[i].etag);
	}
	free(e);
}
