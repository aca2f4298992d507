/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The one-page plan as HTML (tavle/html.h): one self-contained document per board,
 * written into a tv_buf. This module owns the document's structure, its CSS (screen,
 * print on A4/A3 landscape, a narrow phone layout), the timeline picture as inline
 * SVG with the same data as a table, and the colours of the areas on paper. It reads
 * a board snapshot and the plan computations (tavle/plan.h, tavle/holidays.h) only,
 * never the store, and must not depend on curses, SQLite or libical. Nothing in the
 * document fetches anything: no scripts, links, images or fonts, and a Content
 * Security Policy that forbids them should a later edit add one.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/buf.h"
#include "tavle/datefmt.h"
#include "tavle/holidays.h"
#include "tavle/html.h"
#include "tavle/i18n.h"
#include "tavle/plan.h"
#include "tavle/text.h"

/* The areas on paper: the model's colour names (gold, green, blue, orange) in shades
 * dark or light enough that the text on them passes WCAG AA (tests/unit/test_html.c
 * computes it). */
static const struct {
	unsigned bg, fg;
} area_paint[TV_AREA_COUNT] = {
	[TV_AREA_ORG] = { 0xF2C200, 0x1A1A1A },
	[TV_AREA_KOM] = { 0x1B7A3A, 0xFFFFFF },
	[TV_AREA_DATA] = { 0x1F5FBF, 0xFFFFFF },
	[TV_AREA_UDD] = { 0xF08A00, 0x1A1A1A },
};

/* Status by shape as well as by word, so grey-scale paper keeps it. */
static const char *const status_shape[TV_PSTATUS_COUNT] = {
	[TV_TODO] = "○", [TV_DOING] = "◐", [TV_BLOCKED] = "✖", [TV_DONE] = "✔",
};

unsigned
tv_html_area_background(enum tv_area a)
{
	return area_paint[a].bg;
}

unsigned
tv_html_area_text(enum tv_area a)
{
	return area_paint[a].fg;
}

static double
channel(unsigned v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
luminance(unsigned rgb)
{
	return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) +
		0.0722 * channel(rgb & 0xff);
}

double
tv_html_contrast(unsigned rgb1, unsigned rgb2)
{
	double a = luminance(rgb1), b = luminance(rgb2);
	return a > b ? (a + 0.05) / (b + 0.05) : (b + 0.05) / (a + 0.05);
}

void
tv_html_escape(struct tv_buf *b, const char *text)
{
	if (!text)
		return;
	char *clean = tv_text_sanitize(text, strlen(text), 0);
	for (const char *s = clean; *s; s++) {
		switch (*s) {
		case '&': tv_buf_adds(b, "&amp;"); break;
		case '<': tv_buf_adds(b, "&lt;"); break;
		case '>': tv_buf_adds(b, "&gt;"); break;
		case '"': tv_buf_adds(b, "&quot;"); break;
		case '\'': tv_buf_adds(b, "&#39;"); break;
		default: tv_buf_addc(b, *s);
		}
	}
	free(clean);
}

/* An interface text (already translated, no markup) escaped. */
static void
put(struct tv_buf *b, const char *text)
{
	tv_html_escape(b, text);
}

static void
put_date(struct tv_buf *b, int32_t day, bool danish)
{
	char buf[TV_DATE_SHOW_BUF];
	tv_date_format_long(day, danish, false, buf, sizeof buf);
	put(b, buf);
}

static void
put_iso_time(struct tv_buf *b, int32_t day, bool danish)
{
	char iso[TV_DATE_BUF];
	tv_date_format(day, iso);
	tv_buf_addf(b, "<time datetime=\"%s\">", iso);
	put_date(b, day, danish);
	tv_buf_adds(b, "</time>");
}

static const char css[] =
	":root{--ink:#1a1a1a;--muted:#555;--line:#bbb;--late:#b00020}\n"
	"*{box-sizing:border-box}\n"
	"body{font-family:system-ui,'DejaVu Sans',Arial,sans-serif;color:var(--ink);background:#fff;"
	"margin:0 auto;padding:16px 20px;max-width:1400px;line-height:1.35;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"header{border-bottom:3px solid var(--ink);margin-bottom:12px}\n"
	"header h1{margin:0 0 4px;font-size:1.6rem}\n"
	".authority{margin:0;font-size:1.05rem;font-weight:600}\n"
	".facts{display:flex;flex-wrap:wrap;gap:4px 24px;margin:6px 0 8px;padding:0;list-style:none}\n"
	".facts b{font-weight:600}\n"
	"h2{font-size:1.25rem;margin:18px 0 8px}\n"
	".areas{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px}\n"
	".area{border:2px solid var(--area-bg);border-radius:6px;break-inside:auto}\n"
	".area h3{margin:0;padding:6px 8px;background:var(--area-bg);color:var(--area-fg);font-size:1rem}\n"
	".area h3 .tag{display:inline-block;min-width:1.4em;font-weight:800}\n"
	".cards{list-style:none;margin:0;padding:6px;display:flex;flex-direction:column;gap:6px}\n"
	".card{border:1px solid var(--line);border-left:6px solid var(--area-bg);border-radius:4px;"
	"padding:5px 7px;break-inside:avoid;font-size:.86rem}\n"
	".card h4{margin:0 0 3px;font-size:.92rem}\n"
	".num{display:inline-block;min-width:1.6em;font-weight:800}\n"
	".status{margin:0;font-weight:600}\n"
	".status .shape{display:inline-block;width:1.2em}\n"
	".card.done{background:#f3f3f3}\n"
	".card.blocked{border-style:dashed;border-left-style:solid}\n"
	".card dl{margin:3px 0 0;display:grid;grid-template-columns:min-content 1fr;gap:0 8px}\n"
	".card dl div{display:contents}\n"
	".card dt{color:var(--muted)}\n"
	".card dd{margin:0;min-width:0;overflow-wrap:anywhere}\n"
	".bar{display:inline-block;vertical-align:middle;width:60px;height:8px;border:1px solid #666;"
	"margin-left:6px;background:#fff}\n"
	".bar span{display:block;height:100%;background:#444}\n"
	".late{color:var(--late);font-weight:700;margin:3px 0 0}\n"
	".reason{margin:3px 0 0;font-style:italic}\n"
	".timeline svg{width:100%;height:auto;border:1px solid var(--line)}\n"
	".timeline .scroll{overflow-x:auto}\n"
	"details{margin:8px 0}\n"
	"table{border-collapse:collapse;font-size:.85rem;margin:6px 0}\n"
	"th,td{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}\n"
	".lists{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 24px}\n"
	".lists ul{margin:0;padding-left:1.2em}\n"
	".lists li{margin:2px 0}\n"
	".none{color:var(--muted);margin:0}\n"
	"footer{margin-top:16px;color:var(--muted);font-size:.8rem}\n"
	"@media screen and (max-width:900px){.areas{grid-template-columns:repeat(2,minmax(0,1fr))}}\n"
	"@media screen and (max-width:600px){body{padding:8px}.areas,.lists{grid-template-columns:1fr}"
	".timeline svg{min-width:640px}header h1{font-size:1.3rem}}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	".page{break-before:page}.timeline .scroll{overflow:visible}"
	".timeline svg{border:none}details{display:block}"
	"details>summary{list-style:none}footer{display:none}"
	/* a compact card so the board fits its page: facts two to a line */
	"h2{margin:8px 0 6px}.areas{gap:6px}.cards{padding:4px;gap:4px}"
	".card{font-size:7.5pt;padding:3px 5px}.card h4{font-size:8.5pt}"
	".card dl{display:flex;flex-wrap:wrap;gap:0 10px}.card dl div{display:flex;gap:4px}"
	".card dt{flex:none}.bar{width:30px}"
	".lists{font-size:8.5pt}}\n";

static void
head(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	tv_buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		o->lang && !strcmp(o->lang, "da") ? "da" : "en");
	tv_buf_adds(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"tavle\">\n<title>");
	put(b, d->board.name);
	tv_buf_adds(b, " · ");
	put(b, d->board.authority);
	tv_buf_adds(b, "</title>\n<style>\n");
	tv_buf_adds(b, css);
	tv_buf_addf(b, "@page{size:%s landscape;margin:10mm}\n",
		o->paper == TV_HTML_A3 ? "A3" : "A4");
	for (int a = 0; a < TV_AREA_COUNT; a++)
		tv_buf_addf(b, ".area-%s{--area-bg:#%06X;--area-fg:#%06X}\n", tv_area_key(a),
			area_paint[a].bg, area_paint[a].fg);
	tv_buf_adds(b, "</style>\n</head>\n<body>\n");
}

static void
header(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	tv_buf_adds(b, "<header>\n<p class=\"authority\">");
	put(b, d->board.authority);
	tv_buf_adds(b, "</p>\n<h1>");
	put(b, d->board.name);
	tv_buf_adds(b, "</h1>\n<ul class=\"facts\">\n<li><b>");
	put(b, _("Phase:"));
	tv_buf_adds(b, "</b> ");
	const struct tv_phase *ph = tv_board_data_phase_at(d, o->today);
	put(b, ph ? ph->name : _("none"));
	tv_buf_adds(b, "</li>\n<li><b>");
	put(b, _("Report date:"));
	tv_buf_adds(b, "</b> ");
	put_iso_time(b, o->today, o->danish);
	tv_buf_adds(b, "</li>\n<li><b>");
	int done = 0, total = 0;
	for (size_t i = 0; i < d->npackages; i++) {
		total++;
		done += d->packages[i].status == TV_DONE;
	}
	put(b, _("Packages done:"));
	tv_buf_addf(b, "</b> %d/%d</li>\n<li><b>", done, total);
	int mdone = 0, mtotal = 0;
	tv_plan_minimum_count(d, &mdone, &mtotal);
	put(b, _("Minimum requirements met:"));
	tv_buf_addf(b, "</b> %d/%d</li>\n</ul>\n</header>\n", mdone, mtotal);
}

static void
card(struct tv_buf *b, const struct tv_package *p, const struct tv_html_opts *o)
{
	static const char *const cls[TV_PSTATUS_COUNT] = { "todo", "doing", "blocked", "done" };
	struct tv_plan_tasks t;
	tv_plan_package_tasks(p, o->today, &t);
	tv_buf_addf(b, "<li class=\"card %s\" id=\"pkg-%d\">\n<h4><span class=\"num\">%d</span> ",
		cls[p->status], p->number, p->number);
	put(b, p->title);
	tv_buf_addf(b, "</h4>\n<p class=\"status\"><span class=\"shape\" aria-hidden=\"true\">%s"
		"</span>", status_shape[p->status]);
	put(b, tv_pstatus_name(p->status, o->danish));
	tv_buf_adds(b, "</p>\n<dl>\n");
	if (p->deadline.day != TV_NO_DAY) {
		tv_buf_adds(b, "<div><dt>");
		put(b, _("Deadline"));
		tv_buf_adds(b, "</dt><dd>");
		put_iso_time(b, p->deadline.day, o->danish);
		tv_buf_adds(b, "</dd></div>\n");
	}
	if (p->owner && p->owner[0]) {
		tv_buf_adds(b, "<div><dt>");
		put(b, _("Owner"));
		tv_buf_adds(b, "</dt><dd>");
		put(b, p->owner);
		tv_buf_adds(b, "</dd></div>\n");
	}
	if (t.total) {
		tv_buf_adds(b, "<div><dt>");
		put(b, _("Tasks done"));
		tv_buf_addf(b, "</dt><dd>%d/%d<span class=\"bar\" aria-hidden=\"true\">"
			"<span style=\"width:%d%%\"></span></span></dd></div>\n", t.done, t.total,
			t.done * 100 / t.total);
	}
	if (t.minimum_total) {
		tv_buf_adds(b, "<div><dt>");
		put(b, _("Minimum requirements"));
		tv_buf_addf(b, "</dt><dd>%d/%d</dd></div>\n", t.minimum_done, t.minimum_total);
	}
	tv_buf_adds(b, "</dl>\n");
	bool late = tv_package_overdue(p, o->today);
	if (late || t.overdue) {
		tv_buf_adds(b, "<p class=\"late\">▲ ");
		if (late) {
			long days = (long)o->today - p->deadline.day;
			char buf[96];
			snprintf(buf, sizeof buf, ngettext("%ld day late", "%ld days late",
				(unsigned long)days), days);
			put(b, buf);
		}
		if (late && t.overdue)
			tv_buf_adds(b, "; ");
		if (t.overdue) {
			char buf[96];
			snprintf(buf, sizeof buf, ngettext("%d task overdue", "%d tasks overdue",
				(unsigned long)t.overdue), t.overdue);
			put(b, buf);
		}
		tv_buf_adds(b, "</p>\n");
	}
	if (p->status == TV_BLOCKED) {
		tv_buf_adds(b, "<p class=\"reason\">");
		put(b, _("Blocked:"));
		tv_buf_adds(b, " ");
		put(b, p->blocked_reason && p->blocked_reason[0] ? p->blocked_reason :
			_("no reason given"));
		tv_buf_adds(b, "</p>\n");
	}
	tv_buf_adds(b, "</li>\n");
}

static void
areas(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	tv_buf_adds(b, "<section class=\"board\" aria-labelledby=\"h-areas\">\n<h2 id=\"h-areas\">");
	put(b, _("Task packages by area"));
	tv_buf_adds(b, "</h2>\n<div class=\"areas\">\n");
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		tv_buf_addf(b, "<section class=\"area area-%s\" aria-labelledby=\"h-area-%s\">\n"
			"<h3 id=\"h-area-%s\"><span class=\"tag\" aria-hidden=\"true\">%c</span>",
			tv_area_key(a), tv_area_key(a), tv_area_key(a), tv_area_tag(a));
		put(b, tv_area_name(a, o->danish));
		int n = 0, done = 0;
		for (size_t i = 0; i < d->npackages; i++)
			if ((int)d->packages[i].area == a) {
				n++;
				done += d->packages[i].status == TV_DONE;
			}
		tv_buf_addf(b, " <small>%d/%d</small></h3>\n<ol class=\"cards\">\n", done, n);
		for (size_t i = 0; i < d->npackages; i++)
			if ((int)d->packages[i].area == a)
				card(b, &d->packages[i], o);
		tv_buf_adds(b, "</ol>\n");
		if (!n) {
			tv_buf_adds(b, "<p class=\"none\">");
			put(b, _("No packages"));
			tv_buf_adds(b, "</p>\n");
		}
		tv_buf_adds(b, "</section>\n");
	}
	tv_buf_adds(b, "</div>\n</section>\n");
}

/* ---- the timeline picture ---- */

#define TL_W 1000     /* the drawing's width in SVG units */
#define TL_LABEL 170  /* the left column of row labels */
#define TL_ROW 22

static const char *const month_da[12] = { "jan.", "feb.", "mar.", "apr.", "maj", "jun.",
	"jul.", "aug.", "sep.", "okt.", "nov.", "dec." };
static const char *const month_en[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

/* The month's short name (m 1-12). A function, not a conditional of the two arrays:
 * gcc's UBSan object-size check misreads that as a short object (as in timeline.c). */
static const char *
month_name(bool danish, int m)
{
	if (danish)
		return month_da[m - 1];
	return month_en[m - 1];
}

struct span {
	int32_t lo, hi; /* first and last day drawn: whole months */
};

static void
widen(struct span *s, int32_t day)
{
	if (day == TV_NO_DAY)
		return;
	if (day < s->lo)
		s->lo = day;
	if (day > s->hi)
		s->hi = day;
}

static struct span
timeline_span(const struct tv_board_data *d, int32_t today)
{
	struct span s = { today, today };
	for (size_t i = 0; i < d->nphases; i++) {
		widen(&s, d->phases[i].start);
		widen(&s, d->phases[i].end);
	}
	for (size_t i = 0; i < d->npackages; i++)
		widen(&s, d->packages[i].deadline.day);
	for (size_t i = 0; i < d->nmeetings; i++)
		widen(&s, d->meetings[i].start.day);
	int y, m, dd;
	tv_date_to_ymd(s.lo, &y, &m, &dd);
	tv_date_from_ymd(y, m, 1, &s.lo);
	tv_date_to_ymd(s.hi, &y, &m, &dd);
	if (++m > 12) {
		m = 1;
		y++;
	}
	if (y <= 9999 && tv_date_from_ymd(y, m, 1, &s.hi))
		s.hi--;
	return s;
}

static double
xpos(const struct span *s, int32_t day)
{
	if (day < s->lo)
		day = s->lo;
	if (day > s->hi + 1)
		day = s->hi + 1;
	return TL_LABEL + (double)(day - s->lo) * (TL_W - TL_LABEL - 10) / (s->hi - s->lo + 1);
}

/* A row label in the left column, cut to fit. */
static void
row_label(struct tv_buf *b, double y, const char *text)
{
	char *cut = tv_text_ellipsize(text ? text : "", 26);
	tv_buf_addf(b, "<text class=\"lbl\" x=\"4\" y=\"%.1f\">", y);
	put(b, cut);
	tv_buf_adds(b, "</text>\n");
	free(cut);
}

static void
timeline_svg(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o,
	const struct span *s)
{
	size_t np = d->nphases;
	double top = 38, y_dead = top + np * TL_ROW + 10, y_meet = y_dead + 3 * 16 + 14;
	double h = y_meet + 36;
	tv_buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %.0f\" "
		"role=\"img\" aria-labelledby=\"tl-title tl-desc\" font-size=\"12\">\n"
		"<title id=\"tl-title\">", TL_W, h);
	put(b, _("Timeline of the programme"));
	tv_buf_adds(b, "</title>\n<desc id=\"tl-desc\">");
	char buf[256];
	snprintf(buf, sizeof buf, _("%zu phases as bars, package deadlines as diamonds marked "
		"with the package number, meetings as circles, and today's line; the same data "
		"is in the table below."), np);
	put(b, buf);
	tv_buf_adds(b, "</desc>\n<style>"
		".lbl{font-family:system-ui,'DejaVu Sans',sans-serif;fill:#1a1a1a}"
		".mon{font-family:system-ui,'DejaVu Sans',sans-serif;fill:#1a1a1a;font-size:11px}"
		".grid{stroke:#999;stroke-width:1}.off{fill:#e6e6e6}.hol{fill:#cfcfcf}"
		".phase{fill:#5a6b8c;stroke:#1a1a1a;stroke-width:1}"
		".phase-text{fill:#fff;font-size:11px;font-family:system-ui,'DejaVu Sans',sans-serif}"
		".today{stroke:#b00020;stroke-width:2;stroke-dasharray:5 3}"
		".today-text{fill:#b00020;font-weight:700;font-size:11px;font-family:system-ui,sans-serif}"
		".dl{stroke:#1a1a1a;stroke-width:1}.dl-num{font-size:10px;font-weight:700;"
		"font-family:system-ui,sans-serif;fill:#1a1a1a}"
		".meet{fill:#fff;stroke:#1a1a1a;stroke-width:2}"
		"</style>\n");
	/* weekends and holidays, where a day is wide enough to see */
	double dayw = (double)(TL_W - TL_LABEL - 10) / (s->hi - s->lo + 1);
	if (dayw >= 3)
		for (int32_t day = s->lo; day <= s->hi; day++) {
			bool hol = tv_holiday_kind(day) != TV_HOLIDAY_NONE;
			if (!hol && !tv_day_is_weekend(day))
				continue;
			tv_buf_addf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"32\" width=\"%.1f\" "
				"height=\"%.0f\"/>\n", hol ? "hol" : "off", xpos(s, day), dayw, h - 32);
		}
	/* months along the top */
	for (int32_t day = s->lo; day <= s->hi;) {
		int y, m, dd;
		tv_date_to_ymd(day, &y, &m, &dd);
		int32_t next;
		int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		if (ny > 9999 || !tv_date_from_ymd(ny, nm, 1, &next))
			break;
		double x0 = xpos(s, day), x1 = xpos(s, next);
		tv_buf_addf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\"/>\n",
			x0, x0, h);
		if (x1 - x0 >= 22) {
			tv_buf_addf(b, "<text class=\"mon\" x=\"%.1f\" y=\"14\">", x0 + 2);
			put(b, month_name(o->danish, m));
			tv_buf_adds(b, "</text>\n");
			if (m == 1 || day == s->lo)
				tv_buf_addf(b, "<text class=\"mon\" x=\"%.1f\" y=\"27\">%d</text>\n",
					x0 + 2, y);
		}
		day = next;
	}
	/* phases as bars */
	for (size_t i = 0; i < np; i++) {
		const struct tv_phase *ph = &d->phases[i];
		double y = top + i * TL_ROW;
		row_label(b, y + 15, ph->name);
		if (ph->start == TV_NO_DAY || ph->end == TV_NO_DAY || ph->end < ph->start) {
			tv_buf_addf(b, "<rect class=\"phase\" x=\"%d\" y=\"%.1f\" width=\"0\" "
				"height=\"16\"/>\n", TL_LABEL, y + 2);
			continue;
		}
		double x0 = xpos(s, ph->start), x1 = xpos(s, ph->end + 1);
		tv_buf_addf(b, "<rect class=\"phase\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"16\" rx=\"3\"><title>", x0, y + 2, x1 - x0);
		put(b, ph->name);
		tv_buf_adds(b, "</title></rect>\n");
	}
	/* package deadlines as diamonds in the area's colour, numbered */
	row_label(b, y_dead + 28, _("Deadlines"));
	/* three lanes: a deadline takes the first lane whose last label it clears, so
	 * packages due close together keep their numbers apart */
	double lane_end[3] = { -1e9, -1e9, -1e9 };
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (p->deadline.day == TV_NO_DAY)
			continue;
		double x = xpos(s, p->deadline.day) + dayw / 2;
		int lane = 0;
		while (lane < 2 && lane_end[lane] > x - 7)
			lane++;
		lane_end[lane] = x + 7 + (p->number >= 10 ? 14 : 8);
		double y = y_dead + 12 + lane * 16;
		tv_buf_adds(b, "<g><title>");
		tv_buf_addf(b, "%d ", p->number);
		put(b, p->title);
		tv_buf_adds(b, "</title>");
		tv_buf_addf(b, "<path class=\"dl\" fill=\"#%06X\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\"/>",
			area_paint[p->area].bg, x, y - 6);
		tv_buf_addf(b, "<text class=\"dl-num\" x=\"%.1f\" y=\"%.1f\">%d</text></g>\n",
			x + 7, y + 4, p->number);
	}
	/* meetings as circles (info meetings filled dark) */
	row_label(b, y_meet + 18, _("Meetings"));
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		if (m->start.day == TV_NO_DAY)
			continue;
		tv_buf_addf(b, "<circle class=\"meet\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"%s><title>",
			xpos(s, m->start.day) + dayw / 2, y_meet + 14,
			m->kind == TV_MEET_INFO ? " style=\"fill:#1a1a1a\"" : "");
		put(b, m->title);
		tv_buf_adds(b, "</title></circle>\n");
	}
	/* today's line */
	double xt = xpos(s, o->today) + dayw / 2;
	tv_buf_addf(b, "<line class=\"today\" x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%.0f\"/>"
		"<text class=\"today-text\" x=\"%.1f\" y=\"%.0f\">", xt, xt, h, xt + 3, top - 2);
	put(b, _("today"));
	tv_buf_adds(b, "</text>\n</svg>\n");
}

static void
timeline_table(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	tv_buf_adds(b, "<details class=\"tl-table\">\n<summary>");
	put(b, _("The timeline as a table"));
	tv_buf_adds(b, "</summary>\n<table>\n<caption>");
	put(b, _("Phases"));
	tv_buf_adds(b, "</caption>\n<thead><tr><th scope=\"col\">");
	put(b, _("Phase"));
	tv_buf_adds(b, "</th><th scope=\"col\">");
	put(b, _("Start"));
	tv_buf_adds(b, "</th><th scope=\"col\">");
	put(b, _("End"));
	tv_buf_adds(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->nphases; i++) {
		tv_buf_adds(b, "<tr><td>");
		put(b, d->phases[i].name);
		tv_buf_adds(b, "</td><td>");
		put_date(b, d->phases[i].start, o->danish);
		tv_buf_adds(b, "</td><td>");
		put_date(b, d->phases[i].end, o->danish);
		tv_buf_adds(b, "</td></tr>\n");
	}
	tv_buf_adds(b, "</tbody>\n</table>\n<table>\n<caption>");
	put(b, _("Deadlines and meetings"));
	tv_buf_adds(b, "</caption>\n<thead><tr><th scope=\"col\">");
	put(b, _("Date"));
	tv_buf_adds(b, "</th><th scope=\"col\">");
	put(b, _("What"));
	tv_buf_adds(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (p->deadline.day == TV_NO_DAY)
			continue;
		tv_buf_adds(b, "<tr><td>");
		put_date(b, p->deadline.day, o->danish);
		tv_buf_addf(b, "</td><td>%d ", p->number);
		put(b, p->title);
		tv_buf_adds(b, "</td></tr>\n");
	}
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		tv_buf_adds(b, "<tr><td>");
		put_date(b, m->start.day, o->danish);
		tv_buf_adds(b, "</td><td>");
		put(b, tv_meeting_kind_name(m->kind, o->danish));
		tv_buf_adds(b, ": ");
		put(b, m->title);
		tv_buf_adds(b, "</td></tr>\n");
	}
	tv_buf_adds(b, "</tbody>\n</table>\n</details>\n");
}

static void
timeline(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	struct span s = timeline_span(d, o->today);
	tv_buf_adds(b, "<section class=\"timeline page\" aria-labelledby=\"h-timeline\">\n"
		"<h2 id=\"h-timeline\">");
	put(b, _("Timeline"));
	tv_buf_adds(b, "</h2>\n<div class=\"scroll\">\n");
	timeline_svg(b, d, o, &s);
	tv_buf_adds(b, "</div>\n");
	timeline_table(b, d, o);
	tv_buf_adds(b, "</section>\n");
}

/* ---- the short lists ---- */

static void
list_head(struct tv_buf *b, const char *id, const char *title)
{
	tv_buf_addf(b, "<section aria-labelledby=\"h-%s\">\n<h3 id=\"h-%s\">", id, id);
	put(b, title);
	tv_buf_adds(b, "</h3>\n");
}

static void
list_end(struct tv_buf *b, int n)
{
	if (n)
		tv_buf_adds(b, "</ul>\n");
	else {
		tv_buf_adds(b, "<p class=\"none\">");
		put(b, _("None"));
		tv_buf_adds(b, "</p>\n");
	}
	tv_buf_adds(b, "</section>\n");
}

static void
item_open(struct tv_buf *b, int *n)
{
	if (!(*n)++)
		tv_buf_adds(b, "<ul>\n");
	tv_buf_adds(b, "<li>");
}

static void
late_note(struct tv_buf *b, int32_t day, int32_t today, bool danish)
{
	char buf[96];
	long days = (long)today - day;
	tv_buf_adds(b, " (");
	put_date(b, day, danish);
	tv_buf_adds(b, ", ");
	snprintf(buf, sizeof buf, ngettext("%ld day late", "%ld days late", (unsigned long)days),
		days);
	put(b, buf);
	tv_buf_adds(b, ")");
}

static void
lists(struct tv_buf *b, const struct tv_board_data *d, const struct tv_html_opts *o)
{
	tv_buf_adds(b, "<section class=\"lists-wrap page\" aria-labelledby=\"h-lists\">\n"
		"<h2 id=\"h-lists\">");
	put(b, _("Needs attention"));
	tv_buf_adds(b, "</h2>\n<div class=\"lists\">\n");

	int n = 0;
	list_head(b, "overdue", _("Overdue work"));
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (tv_package_overdue(p, o->today)) {
			item_open(b, &n);
			tv_buf_addf(b, "<b>%d</b> ", p->number);
			put(b, p->title);
			late_note(b, p->deadline.day, o->today, o->danish);
			tv_buf_adds(b, "</li>\n");
		}
		for (size_t j = 0; j < p->ntasks; j++) {
			const struct tv_task *t = &p->tasks[j];
			if (!tv_plan_task_overdue(t, o->today))
				continue;
			char num[TV_TASK_NUMBER_BUF];
			tv_task_number(p, t, num, sizeof num);
			item_open(b, &n);
			tv_buf_addf(b, "<b>%s</b> ", num);
			put(b, t->title);
			late_note(b, t->deadline.day, o->today, o->danish);
			tv_buf_adds(b, "</li>\n");
		}
	}
	list_end(b, n);

	n = 0;
	list_head(b, "blocked", _("Blocked packages"));
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (p->status != TV_BLOCKED)
			continue;
		item_open(b, &n);
		tv_buf_addf(b, "<b>%d</b> ", p->number);
		put(b, p->title);
		tv_buf_adds(b, ": ");
		put(b, p->blocked_reason && p->blocked_reason[0] ? p->blocked_reason :
			_("no reason given"));
		tv_buf_adds(b, "</li>\n");
	}
	list_end(b, n);

	n = 0;
	list_head(b, "decisions", _("Management decisions pending"));
	for (size_t i = 0; i < d->ndecisions; i++) {
		const struct tv_decision *x = &d->decisions[i];
		if (x->status == TV_DEC_DECIDED)
			continue;
		item_open(b, &n);
		put(b, x->title);
		tv_buf_adds(b, " (");
		put(b, tv_decision_status_name(x->status, o->danish));
		if (x->due != TV_NO_DAY) {
			tv_buf_adds(b, ", ");
			put(b, _("due"));
			tv_buf_adds(b, " ");
			put_date(b, x->due, o->danish);
		}
		tv_buf_adds(b, ")");
		if (tv_plan_decision_overdue(x, o->today)) {
			tv_buf_adds(b, " <span class=\"late\">▲ ");
			put(b, _("overdue"));
			tv_buf_adds(b, "</span>");
		}
		tv_buf_adds(b, "</li>\n");
	}
	list_end(b, n);

	n = 0;
	list_head(b, "warnings", _("Plan warnings"));
	struct tv_plan_warning *w = NULL;
	size_t nw = tv_plan_warnings(d, &w);
	for (size_t i = 0; i < nw; i++) {
		item_open(b, &n);
		put(b, w[i].text);
		tv_buf_adds(b, "</li>\n");
	}
	tv_plan_warnings_free(w, nw);
	list_end(b, n);
	tv_buf_adds(b, "</div>\n</section>\n");
}

char *
tv_html_plan(const struct tv_board_data *d, const struct tv_html_opts *o, size_t *len)
{
	/* SVG and CSS numbers take a decimal point whatever the locale: under da_DK
	 * "%.1f" writes "425,3", which an SVG path reads as two numbers.
	 * The rest of the locale stays (messages: the interface language). */
	locale_t base = duplocale(LC_GLOBAL_LOCALE);
	locale_t c_numeric = base ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
	if (base && !c_numeric)
		freelocale(base);
	locale_t old = c_numeric ? uselocale(c_numeric) : (locale_t)0;
	struct tv_buf b = TV_BUF_INIT;
	head(&b, d, o);
	header(&b, d, o);
	tv_buf_adds(&b, "<main>\n");
	areas(&b, d, o);
	timeline(&b, d, o);
	lists(&b, d, o);
	tv_buf_adds(&b, "</main>\n<footer>");
	put(&b, _("Made by tavle. This page fetches nothing and runs no scripts."));
	tv_buf_adds(&b, "</footer>\n</body>\n</html>\n");
	if (c_numeric) {
		uselocale(old);
		freelocale(c_numeric);
	}
	return tv_buf_detach(&b, len);
}
