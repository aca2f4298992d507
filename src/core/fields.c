/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The field information table (tavle/fields.h): the rows of TV_FIELD_LIST as data, the
 * lookups by id and by name, and the choice lists of enum fields over the model's
 * enumerations, the pure value checks of links and e-mail addresses, and the display
 * names that every message, history line and menu shows instead of a stored key
 * (field labels, choice names, kind and operation words), so a Danish user never
 * reads an internal key. Pure data and lookups: must not depend on curses, SQLite or
 * libical.
 */
#include <string.h>
#include <strings.h>

#include "tavle/cvr.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"

static const struct tv_field_info table[TV_FIELD_COUNT] = {
#define X(k, f, ty, mx, rq, ch, lb) \
	[TV_FIELD_##k##_##f] = { TV_KIND_##k, #f, ty, mx, rq, TV_CHOICES_##ch, lb },
	TV_FIELD_LIST(X)
#undef X
};

const struct tv_field_info *
tv_field_info(enum tv_field id)
{
	return &table[id];
}

const struct tv_field_info *
tv_field_find(enum tv_kind kind, const char *name)
{
	for (int i = 0; name && i < TV_FIELD_COUNT; i++)
		if (table[i].kind == kind && strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

enum tv_field
tv_field_id(const struct tv_field_info *f)
{
	return (enum tv_field)(f - table);
}

bool
tv_field_is_text(const struct tv_field_info *f)
{
	return f->type == TV_FT_LINE || f->type == TV_FT_TEXT;
}

/* ---- value checks ---- */

/* A space, a control character or DEL. */
static bool
blank_or_control(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

static bool
url_ok(const char *v)
{
	static const char *const schemes[] = { "http://", "https://", "mailto:" };
	size_t skip = 0;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0] && !skip; i++)
		if (strncasecmp(v, schemes[i], strlen(schemes[i])) == 0)
			skip = strlen(schemes[i]);
	if (!skip || !v[skip])
		return false;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (blank_or_control(*p))
			return false;
	return true;
}

static bool
email_ok(const char *v)
{
	const char *at = strchr(v, '@');
	if (!at || at == v || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (blank_or_control(*p) || strchr("<>,;:\"()[]\\", *p))
			return false;
	const char *dom = at + 1;
	size_t n = strlen(dom);
	const char *dot = strchr(dom, '.');
	return n >= 3 && dot && dom[0] != '.' && dom[n - 1] != '.';
}

const char *
tv_field_check(enum tv_field id, const char *value)
{
	if (!value || !*value)
		return NULL;
	switch (id) {
	case TV_FIELD_MEETING_url:
		return url_ok(value) ? NULL : "is not a link (use http://, https:// or mailto:)";
	case TV_FIELD_BOARD_cvr:
		return tv_cvr_check(value, NULL);
	case TV_FIELD_PERSON_email:
		return email_ok(value) ? NULL :
			"is not an e-mail address (name@example.dk, no spaces)";
	default:
		return NULL;
	}
}

bool
tv_field_link_exportable(const char *url)
{
	if (!url || !*url)
		return true;
	/* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	const char *p = url;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return true;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	/* "Teams: see the invitation" is text, not a URL. */
	if (*p != ':' || blank_or_control((unsigned char)p[1]))
		return true;
	return url_ok(url);
}

/* ---- choice lists ---- */

static const char *const nouns[] = {
	[TV_CHOICES_NONE] = "",
	[TV_CHOICES_AREA] = N_("area"),
	[TV_CHOICES_PSTATUS] = N_("status"),
	[TV_CHOICES_RESPONSIBLE] = N_("responsible party"),
	[TV_CHOICES_MEETING_KIND] = N_("meeting kind"),
	[TV_CHOICES_DECISION_STATUS] = N_("decision status"),
	[TV_CHOICES_ROLE] = N_("role"),
	[TV_CHOICES_SECTOR] = N_("sector"),
};

int
tv_choices_count(enum tv_choices c)
{
	switch (c) {
	case TV_CHOICES_AREA: return TV_AREA_COUNT;
	case TV_CHOICES_PSTATUS: return TV_PSTATUS_COUNT;
	case TV_CHOICES_RESPONSIBLE: return TV_RESPONSIBLE_COUNT;
	case TV_CHOICES_MEETING_KIND: return TV_MEETING_KIND_COUNT;
	case TV_CHOICES_DECISION_STATUS: return TV_DECISION_STATUS_COUNT;
	case TV_CHOICES_ROLE: return TV_ROLE_COUNT;
	case TV_CHOICES_SECTOR: return TV_SECTOR_COUNT;
	case TV_CHOICES_NONE: break;
	}
	return 0;
}

const char *
tv_choices_key(enum tv_choices c, int i)
{
	if (i < 0 || i >= tv_choices_count(c))
		return NULL;
	switch (c) {
	case TV_CHOICES_AREA: return tv_area_key((enum tv_area)i);
	case TV_CHOICES_PSTATUS: return tv_pstatus_key((enum tv_pstatus)i);
	case TV_CHOICES_RESPONSIBLE: return tv_responsible_key((enum tv_responsible)i);
	case TV_CHOICES_MEETING_KIND: return tv_meeting_kind_key((enum tv_meeting_kind)i);
	case TV_CHOICES_DECISION_STATUS:
		return tv_decision_status_key((enum tv_decision_status)i);
	case TV_CHOICES_ROLE: return tv_role_key((enum tv_role)i);
	case TV_CHOICES_SECTOR: return tv_sector_key((enum tv_sector)i);
	case TV_CHOICES_NONE: break;
	}
	return NULL;
}

const char *
tv_choices_name(enum tv_choices c, int i, bool danish)
{
	if (i < 0 || i >= tv_choices_count(c))
		return NULL;
	switch (c) {
	case TV_CHOICES_AREA: return tv_area_name((enum tv_area)i, danish);
	case TV_CHOICES_PSTATUS: return tv_pstatus_name((enum tv_pstatus)i, danish);
	case TV_CHOICES_RESPONSIBLE:
		return tv_responsible_name((enum tv_responsible)i, danish);
	case TV_CHOICES_MEETING_KIND:
		return tv_meeting_kind_name((enum tv_meeting_kind)i, danish);
	case TV_CHOICES_DECISION_STATUS:
		return tv_decision_status_name((enum tv_decision_status)i, danish);
	case TV_CHOICES_ROLE: return tv_role_name((enum tv_role)i, danish);
	case TV_CHOICES_SECTOR: return tv_sector_name((enum tv_sector)i, danish);
	case TV_CHOICES_NONE: break;
	}
	return NULL;
}

const char *
tv_choices_noun(enum tv_choices c)
{
	return (unsigned)c < sizeof nouns / sizeof nouns[0] ? nouns[c] : "";
}

int
tv_choices_find(enum tv_choices c, const char *key)
{
	int n = tv_choices_count(c);
	for (int i = 0; key && i < n; i++)
		if (strcmp(tv_choices_key(c, i), key) == 0)
			return i;
	return -1;
}

/* ---- display names ---- */

const char *
tv_field_shown(enum tv_kind kind, const char *name)
{
	const struct tv_field_info *f = tv_field_find(kind, name);
	if (!name || !tv_i18n_danish())
		return name;
	/* A move records the order on the board, which no editor offers as a field. */
	if (!f)
		return strcmp(name, "position") == 0 ? _("position") : name;
	return _(f->label);
}

const char *
tv_field_value_shown(enum tv_kind kind, const char *name, const char *value)
{
	const struct tv_field_info *f = tv_field_find(kind, name);
	if (!f || !value || !tv_i18n_danish())
		return value;
	if (f->type == TV_FT_ENUM) {
		int i = tv_choices_find(f->choices, value);
		return i >= 0 ? tv_choices_name(f->choices, i, true) : value;
	}
	if (f->type == TV_FT_BOOL) {
		if (strcmp(value, "yes") == 0)
			return "ja";
		if (strcmp(value, "no") == 0)
			return "nej";
	}
	return value;
}

const char *
tv_kind_word(enum tv_kind k)
{
	switch (k) {
	case TV_KIND_BOARD: return _("board");
	case TV_KIND_PACKAGE: return _("package");
	case TV_KIND_TASK: return _("task");
	case TV_KIND_PHASE: return _("phase");
	case TV_KIND_MEETING: return _("meeting");
	case TV_KIND_PERSON: return _("person");
	case TV_KIND_COMMENT: return _("comment");
	case TV_KIND_DECISION: return _("decision");
	case TV_KIND_COUNT: break;
	}
	return tv_kind_key(k);
}

const char *
tv_history_op_word(const char *op)
{
	/* TRANSLATORS: a history entry's operation: a field was set (changed). */
	static const char *const words[][2] = { { "set", N_("set") },
		/* TRANSLATORS: a history entry's operation: a record was added. */
		{ "add", N_("add") },
		/* TRANSLATORS: a history entry's operation: a record was removed. */
		{ "remove", N_("remove") } };
	for (size_t i = 0; op && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(op, words[i][0]) == 0)
			return _(words[i][1]);
	return op;
}
