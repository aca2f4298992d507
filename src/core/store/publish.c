/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The CalDAV publish state (schema 2): what this database last sent to each collection
 * URL, per board and iCalendar UID, so `tavle publish` re-sends only what changed and
 * deletes there what was removed here. Small writes without history.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

void
tv_publish_item_clear(struct tv_publish_item *item)
{
	if (!item)
		return;
	TV_CLEAR(item, &item->uid, &item->etag, &item->hash);
}

static void
read_item(sqlite3_stmt *st, struct tv_publish_item *item)
{
	item->uid = store_col_text(st, 0);
	item->etag = store_col_text(st, 1);
	item->hash = store_col_text(st, 2);
}

enum tv_status
tv_store_publish_items(struct tv_store *store, int64_t board_id, const char *url,
	struct tv_publish_item **out, size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_PUB_LIST);
	STORE_BIND(st, V_INT(board_id), V_TEXT(url));
	RETURN_COLLECTED(store, st, struct tv_publish_item, read_item, tv_publish_item_clear, out,
		out_count);
}

enum tv_status
tv_store_publish_record(struct tv_store *store, int64_t board_id, const char *url,
	const char *uid, const char *etag, const char *hash)
{
	if (!url || !uid || !hash)
		return store_fail(store, TV_INVALID, "publish state needs a URL, a UID and a hash");
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	if ((r = store_board_exists(store, board_id)) == TV_OK) {
		char at[STAMP_BUF];
		store_stamp(store, at);
		sqlite3_stmt *st = store_prep(store, S_PUB_RECORD);
		STORE_BIND(st, V_INT(board_id), V_TEXT(url), V_TEXT(uid), V_OPT(etag), V_TEXT(hash),
			V_TEXT(at));
		r = store_run(store, st);
	}
	return store_op_end(store, owned, r);
}

enum tv_status
tv_store_publish_forget(struct tv_store *store, int64_t board_id, const char *url,
	const char *uid)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	sqlite3_stmt *st = store_prep(store, S_PUB_FORGET);
	STORE_BIND(st, V_INT(board_id), V_TEXT(url), V_TEXT(uid));
	r = store_run(store, st);
	return store_op_end(store, owned, r);
}
