/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Progress lines on a terminal (see tavle/progress.h). The label is sanitised by the
 * caller's choice of a static string; the numbers are ours, so nothing untrusted is
 * written to the terminal here.
 * Must not depend on curses, SQLite or libical.
 */
#include <time.h>
#include <unistd.h>

#include "tavle/progress.h"

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
show(struct tv_progress *p, size_t done)
{
	if (p->total)
		fprintf(p->out, "\r%s: %zu/%zu (%zu%%)", p->what, done, p->total,
			done * 100 / p->total);
	else
		fprintf(p->out, "\r%s: %zu", p->what, done);
	fflush(p->out);
	p->shown = true;
}

void
tv_progress_start(struct tv_progress *p, FILE *out, const char *what, size_t total)
{
	p->out = out && isatty(fileno(out)) ? out : NULL;
	p->what = what;
	p->total = total;
	p->last_ms = 0;
	p->shown = false;
	if (p->out) {
		show(p, 0);
		p->last_ms = now_ms();
	}
}

void
tv_progress_step(struct tv_progress *p, size_t done)
{
	if (!p->out)
		return;
	long long t = now_ms();
	if (t - p->last_ms < 200)
		return;
	p->last_ms = t;
	show(p, done);
}

void
tv_progress_end(struct tv_progress *p)
{
	if (!p->out)
		return;
	show(p, p->total);
	fputc('\n', p->out);
	fflush(p->out);
	p->out = NULL;
}
