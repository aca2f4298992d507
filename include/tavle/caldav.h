/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Publishing one board to a CalDAV calendar collection (RFC 4791): one resource
 * "<UID>.ics" per exported item, each a complete calendar with the VTIMEZONE and one
 * VEVENT (tv_ical_each_item). The only module that uses libcurl and libxml2; no curl
 * or libxml2 type appears here.
 *
 * What a publish does:
 *  - PROPFIND Depth: 1 on the collection: is it a calendar, which resources and ETags
 *    does it hold.
 *  - Each exported item: not on the server -> PUT with If-None-Match: *; on the server
 *    and its content (DTSTAMP aside) differs from what this database last published
 *    there -> PUT with If-Match: <the ETag of our last write>; otherwise not sent.
 *  - Items this database published to the URL earlier (the store's publish state) that
 *    the board no longer exports (removed, tombstoned, filtered out) -> DELETE with
 *    If-Match. Resources tavle did not publish are never touched.
 *  - 412 Precondition Failed (someone else changed or created the resource) is a
 *    conflict for that item: counted, reported, the rest goes on. Other per-item HTTP
 *    failures are counted as failed and the rest goes on.
 * The publish state (board, URL, UID) -> (ETag, content hash) lives in the store and
 * is written after each successful request, so an interrupted publish resumes cleanly.
 */
#ifndef TAVLE_CALDAV_H
#define TAVLE_CALDAV_H

#include <stddef.h>

#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"

/* Credentials. The password is never logged or put in a message. */
struct tv_caldav_creds {
	const char *user;      /* NULL: the user in the URL, else .netrc's login */
	const char *password;  /* NULL: .netrc ($NETRC, else ~/.netrc), if it has one */
};

struct tv_caldav_options {
	struct tv_ical_options ical;  /* what, areas, phase, alarm, calname, now; todo is
	                               * ignored (always VEVENTs); calname NULL: board name */
	long timeout_seconds;         /* whole request; 0 means 60 */
};

enum tv_caldav_op {
	TV_CALDAV_CREATED,
	TV_CALDAV_UPDATED,
	TV_CALDAV_DELETED,
	TV_CALDAV_UNCHANGED,
	TV_CALDAV_CONFLICT,   /* 412: changed or created by someone else; left alone */
	TV_CALDAV_FAILED,     /* another HTTP failure for this item */
};

struct tv_caldav_stats {
	size_t created, updated, deleted, unchanged, conflicts, failed;
};

/*
 * Publish `data` (one board, loaded with tv_store_load_board) to the collection at
 * `url` (http or https; a trailing slash is added). `progress` (may be NULL) is called
 * once per item with what happened, the item's UID and, for conflicts and failures, a
 * short reason (never containing credentials).
 * Returns TV_OK when every item was handled; stats then say how (conflicts or failed
 * items are not an error of the call: the caller decides the exit code). Stops early
 * with diag set (no "publish:" prefix; URLs without userinfo) on:
 *  TV_INVALID  bad URL, a password inside the URL, not a calendar collection;
 *  TV_NOT_FOUND the collection does not exist (HTTP 404);
 *  TV_IO       cannot connect, TLS or timeout errors, credentials refused (HTTP 401),
 *              access forbidden, unexpected server answers;
 *  store errors when the publish state cannot be read or written.
 * stats (may be NULL) holds what was done up to the stop either way.
 */
enum tv_status tv_caldav_publish(struct tv_store *store, const struct tv_board_data *data,
	const char *url, const struct tv_caldav_creds *creds,
	const struct tv_caldav_options *opt,
	void (*progress)(void *ctx, enum tv_caldav_op op, const char *uid, const char *detail),
	void *ctx, struct tv_caldav_stats *stats, struct tv_diag *diag);

/* `url` for messages: userinfo removed, a trailing slash added to the path. NULL if
 * it does not parse as an http(s) URL. Caller frees. */
char *tv_caldav_display_url(const char *url);

/* Name of an operation for output: "created", "updated", ... (static). */
const char *tv_caldav_op_name(enum tv_caldav_op op);

/* Release libcurl's and libxml2's global state (for clean valgrind runs at exit). */
void tv_caldav_shutdown(void);

#endif
