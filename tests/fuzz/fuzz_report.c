/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the status report import (tavle/reported.h, `tavle portfolio
 * import`): any bytes, read into a fresh in-memory programme database, either are
 * refused with TV_INVALID and a printable message, leaving no reported board, or give
 * exactly one reported board whose CVR passes the check, whose report time is the one
 * announced and whose counts are not negative; importing the same bytes again is
 * then "the same report", never a second board. No crash, no leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/reported.h"
#include "tavle/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok)
		abort();
}

static size_t
count(struct tv_store *s, struct tv_reported_board **v)
{
	size_t n = 0;
	check(tv_store_reported_boards(s, v, &n) == TV_OK);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct tv_store *s = NULL;
	struct tv_diag diag = { 0 };
	check(tv_store_open(":memory:", TV_STORE_CREATE, &s, &diag) == TV_OK);
	tv_store_set_now(s, 1800000000);
	struct tv_report_import r;
	enum tv_status st = tv_store_report_import(s, (const char *)data, size, "f", &r);
	struct tv_reported_board *v = NULL;
	size_t n = count(s, &v);
	if (st != TV_OK) {
		check(st == TV_INVALID);
		const char *m = tv_store_errmsg(s);
		check(m && *m);
		for (const char *p = m; *p; p++)
			check((unsigned char)*p >= 0x20 && *p != 0x7f);
		check(n == 0);
	} else {
		check(r.kind == TV_REPORT_IMPORTED);
		check(tv_cvr_valid(r.cvr) && strlen(r.cvr) == 8);
		check(n == 1 && strcmp(v[0].cvr, r.cvr) == 0);
		check(strcmp(v[0].reported_at, r.reported_at) == 0);
		check(v[0].overdue >= 0 && v[0].days_late >= INT64_MIN / 2);
		tv_report_import_clear(&r);
		check(tv_store_report_import(s, (const char *)data, size, "f", &r) == TV_OK);
		check(r.kind == TV_REPORT_SAME);
		tv_report_import_clear(&r);
		struct tv_reported_board *w = NULL;
		check(count(s, &w) == 1);
		tv_reported_board_clear(&w[0]);
		free(w);
	}
	for (size_t i = 0; i < n; i++)
		tv_reported_board_clear(&v[i]);
	free(v);
	tv_store_close(s);
	return 0;
}
