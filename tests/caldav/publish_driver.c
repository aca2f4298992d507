/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Test driver for the CalDAV core: `publish_driver DB URL USER PASSWORD_FILE` publishes
 * the database's default board like `tavle publish` does, printing one line per item
 * and the counts, so tests/caldav/run.sh can check the core against a real server
 * independent of the command line. Depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tavle/caldav.h"
#include "tavle/store.h"

static void
progress(void *ctx, enum tv_caldav_op op, const char *uid, const char *detail)
{
	(void)ctx;
	printf("%s %s%s%s\n", tv_caldav_op_name(op), uid, detail ? ": " : "", detail ? detail : "");
}

int
main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: publish_driver DB URL USER PASSWORD_FILE\n");
		return 2;
	}
	char pw[256] = "";
	FILE *f = fopen(argv[4], "r");
	if (f) {
		if (!fgets(pw, sizeof pw, f))
			pw[0] = '\0';
		fclose(f);
		pw[strcspn(pw, "\r\n")] = '\0';
	}
	struct tv_diag d;
	struct tv_store *s;
	if (tv_store_open(argv[1], 0, &s, &d) != TV_OK) {
		fprintf(stderr, "publish_driver: %s\n", d.msg);
		return 1;
	}
	int64_t board;
	struct tv_board_data *data;
	if (tv_store_board_default(s, &board) != TV_OK ||
	    tv_store_load_board(s, board, &data) != TV_OK) {
		fprintf(stderr, "publish_driver: %s\n", tv_store_errmsg(s));
		tv_store_close(s);
		return 1;
	}
	struct tv_caldav_creds creds = { *argv[3] ? argv[3] : NULL, f ? pw : NULL };
	struct tv_caldav_options opt = { .ical = { .now = time(NULL) } };
	struct tv_caldav_stats st;
	enum tv_status r = tv_caldav_publish(s, data, argv[2], &creds, &opt, progress, NULL,
		&st, &d);
	int rc = 0;
	if (r != TV_OK) {
		fprintf(stderr, "publish: %s\n", d.msg);
		rc = 1;
	}
	printf("%zu created, %zu updated, %zu deleted, %zu unchanged, %zu conflicts, "
		"%zu failed\n", st.created, st.updated, st.deleted, st.unchanged, st.conflicts,
		st.failed);
	if (st.conflicts || st.failed)
		rc = 1;
	tv_board_data_free(data);
	tv_store_close(s);
	tv_caldav_shutdown();
	memset(pw, 0, sizeof pw);
	return rc;
}
