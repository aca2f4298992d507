/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The WebDAV plumbing shared by CalDAV publishing (caldav.c) and the status reports'
 * transport (dav.c): URLs (parsing, percent-coding, hrefs), one libcurl request with
 * tavle's settings and credentials (explicit ones, else .netrc), and the PROPFIND
 * multistatus read with libxml2 into a flat list of entries. Private to src/core:
 * libcurl's types appear here and in no public header. Depends on libcurl, libxml2
 * and the core's buffers and diagnostics; never on curses, SQLite or libical.
 */
#ifndef TAVLE_DAV_INT_H
#define TAVLE_DAV_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "tavle/buf.h"
#include "tavle/status.h"

#define DAV_MAX_BODY (64u << 20)
#define DAV_DEFAULT_TIMEOUT 60L
#define DAV_CONNECT_TIMEOUT 15L

/* A URL as tavle sends it. */
struct dav_target {
	char *url;       /* without userinfo or fragment; a folder's ends in '/' */
	char *path;      /* its path, percent-decoded */
	char *url_user;  /* a user named in the URL, decoded; NULL if none */
};

/* Parse `url` (http or https). folder: add a trailing slash to the path. A password
 * inside the URL is refused (TV_INVALID), as is any other scheme. */
enum tv_status dav_target_parse(const char *url, bool folder, struct dav_target *t,
	struct tv_diag *diag);
void dav_target_free(struct dav_target *t);

/* Percent-encode a path segment (everything but RFC 3986 unreserved); with keep_slash,
 * a whole path whose '/' stay. Caller frees. */
char *dav_encode(const char *s, bool keep_slash);
/* Percent-decode n bytes; invalid escapes stay as they are. Caller frees. */
char *dav_decode_path(const char *s, size_t n);
/* Length of s without trailing slashes (but at least 1). */
size_t dav_trimmed_len(const char *s);
/* The decoded path of an href (absolute URL, absolute path, or relative to t's path);
 * NULL if an absolute URL does not parse. Caller frees. */
char *dav_href_path(const struct dav_target *t, const char *href);
/* The URL on t's server (scheme, host, port) for the decoded `path`. Caller frees. */
char *dav_url_for_path(const struct dav_target *t, const char *path);

/* One answer. */
struct dav_resp {
	long code;
	struct tv_buf body;
	size_t max;          /* the largest body kept; 0 means DAV_MAX_BODY */
	bool body_overflow;  /* the answer passed max and was cut off */
	char *etag;          /* ETag header, if any */
	char *location;
};
void dav_resp_clear(struct dav_resp *r);

/* One connection's settings (libcurl reuses the connection between requests). */
struct dav_conn {
	CURL *curl;
	char err[CURL_ERROR_SIZE];
	const char *user;      /* --user or the URL's; NULL: .netrc's login, if any */
	const char *password;  /* NULL: .netrc's */
	long timeout;          /* seconds for a whole request */
	const char *site;      /* the URL named in "cannot connect to" messages */
	struct tv_diag *diag;
};

/* Start libcurl and libxml2 and a handle; TV_IO if libcurl cannot start. */
enum tv_status dav_conn_open(struct dav_conn *d);
void dav_conn_close(struct dav_conn *d);

/* One request: body (len bytes) is sent when not NULL, the answer kept in r (whose
 * max the caller may set first). Transport failures are TV_IO with diag set (cannot
 * connect, timeout, TLS, the answer cut off or too large); every HTTP answer is TV_OK
 * with r->code set. */
enum tv_status dav_request(struct dav_conn *d, const char *method, const char *url,
	struct curl_slist *headers, const char *body, size_t len, struct dav_resp *r);

/* The message of an HTTP 401 at `url`: which user was refused, or that credentials are
 * needed. Never the password. Returns TV_IO. */
enum tv_status dav_refused(struct dav_conn *d, const char *url);

/* One <response> of a multistatus, with its successful (2xx) properties. */
struct dav_entry {
	char *path;       /* decoded */
	char *etag;       /* NULL if none */
	bool ok;          /* some propstat had a 2xx status */
	bool collection;  /* resourcetype has DAV:collection */
	bool calendar;    /* ... and CalDAV's calendar */
};

/* Send PROPFIND Depth: 1 for resourcetype and getetag to t->url. TV_OK with the HTTP
 * answer in r (the caller words each status code), or a transport failure. */
enum tv_status dav_propfind(struct dav_conn *d, const struct dav_target *t,
	struct dav_resp *r);

/* Read a multistatus body into entries (caller frees with dav_entries_free). false if
 * the body is not a complete, well-formed DAV:multistatus document. */
bool dav_multistatus(const struct dav_target *t, const struct dav_resp *r,
	struct dav_entry **out, size_t *out_count);
void dav_entries_free(struct dav_entry *e, size_t n);

#endif
