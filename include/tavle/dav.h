/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Files in a WebDAV folder (RFC 4918), for the status reports that travel between an
 * authority's board and the programme (issue 20): upload one file safely, list a
 * folder's files, read one. The server is any plain WebDAV server (Apache mod_dav,
 * Nextcloud, a NAS); nothing tavle-specific runs there. Shares HTTP, credentials and
 * the PROPFIND reading with CalDAV publishing (src/core/dav.c); no libcurl or libxml2
 * type appears here. Linked into tavle-helper only, like tavle/caldav.h.
 *
 * Credentials: user from `creds->user`, else the URL's user, else .netrc's login; the
 * password from `creds->password`, else .netrc ($NETRC, else ~/.netrc). The password
 * is never put in a message.
 */
#ifndef TAVLE_DAV_H
#define TAVLE_DAV_H

#include <stdbool.h>
#include <stddef.h>

#include "tavle/status.h"

struct tv_dav_creds {
	const char *user;      /* NULL: the user in the URL, else .netrc's login */
	const char *password;  /* NULL: .netrc's, if it has one */
};

/* A connection to WebDAV servers (libcurl keeps connections open between requests). */
struct tv_dav;

/*
 * Start a session with these credentials (copied) and a timeout for each whole request
 * (0: 60 seconds). TV_INVALID if a password is given without any user; TV_IO if
 * libcurl cannot start. Free with tv_dav_close.
 */
enum tv_status tv_dav_open(const struct tv_dav_creds *creds, long timeout_seconds,
	struct tv_dav **out, struct tv_diag *diag);
void tv_dav_close(struct tv_dav *d);

/* What an upload did. */
struct tv_dav_put_result {
	char *url;     /* the file written (no userinfo); caller frees */
	bool moved;    /* true: written under a temporary name, then moved over the file;
	                * false: the server has no MOVE, the file was written in place */
};

/*
 * Upload `len` bytes of `body` (Content-Type `type`) to `url`. A URL ending in '/' is a
 * folder and the file is `name` in it; otherwise the URL is the file itself (`name`
 * unused). Safely: PUT to a hidden temporary name in the same folder
 * (".NAME.tmp-PID-N"), then MOVE with Overwrite: T onto the name, so a reader never
 * sees a half-written file; when the server does not know MOVE (HTTP 405 or 501) the
 * temporary file is deleted and the file PUT in place (out->moved false). The
 * temporary name never remains after a failure that leaves the server reachable.
 * Errors (diag names the URL and, for HTTP 401, the user; never the password):
 *  TV_INVALID   a bad URL, a password in the URL;
 *  TV_NOT_FOUND the folder does not exist on the server (HTTP 404 or 409);
 *  TV_IO        cannot connect, timeout, credentials refused (401), forbidden (403),
 *               other HTTP failures.
 * Fills *out (free out->url) on TV_OK.
 */
enum tv_status tv_dav_put(struct tv_dav *d, const char *url, const char *name,
	const char *type, const char *body, size_t len, struct tv_dav_put_result *out,
	struct tv_diag *diag);

/*
 * The files directly in the folder at `url` (a trailing slash is added) whose decoded
 * name ends in `suffix` (e.g. ".json") and does not start with '.', from a PROPFIND
 * Depth: 1: sub-folders and other files are left out, hrefs may be absolute paths or
 * absolute URLs (only their path is used: files are read from the folder's server).
 * *out is an array of *count URLs (percent-encoded, no userinfo) in name order;
 * caller frees each and the array. *folder (may be NULL) gets the folder's URL as sent.
 * Errors: TV_INVALID bad URL or not a folder; TV_NOT_FOUND no such folder (404);
 * TV_IO cannot connect, 401, 403, an answer that is not a complete multistatus (cut
 * short, not XML) or a connection closed in the middle of it. Nothing is returned on
 * error.
 */
enum tv_status tv_dav_list(struct tv_dav *d, const char *url, const char *suffix,
	char ***out, size_t *count, char **folder, struct tv_diag *diag);

/*
 * GET `url` into *body (NUL-terminated, *len bytes; caller frees). A body over
 * max_bytes is TV_INVALID ("the file is larger than ...", read no further); 404 TV_NOT_FOUND; others as
 * tv_dav_put.
 */
enum tv_status tv_dav_get(struct tv_dav *d, const char *url, size_t max_bytes,
	char **body, size_t *len, struct tv_diag *diag);

/* Release libcurl's and libxml2's global state (for clean valgrind runs at exit). */
void tv_dav_shutdown(void);

#endif
