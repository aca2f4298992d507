/* SPDX-License-Identifier: MPL-2.0 */
/*
 * programme.txt: the programme name and the [phase], [meeting], [decision] and
 * [person] blocks, each key checked as it is read and each block checked for
 * completeness when the next begins (close_block).
 */
#include <stdlib.h>
#include <string.h>

#include "template_int.h"

enum block { B_TOP, B_PHASE, B_MEETING, B_DECISION, B_PERSON };

struct prog_state {
	enum block block;
	int block_line;
	struct tpl_seen seen;
	char **text_target;   /* the value continuation lines extend */
	size_t max_text;
};

/* Check that the block just finished is complete. */
static enum tv_status
close_block(struct reader *r, struct loader *ld, struct prog_state *st)
{
	struct tv_template *t = ld->tpl;
	int save = r->line;
	r->line = st->block_line;
	enum tv_status rc = TV_OK;
	switch (st->block) {
	case B_TOP:
		break;
	case B_PHASE: {
		struct tv_phase *p = &t->phases[t->nphases - 1];
		if (tpl_blank(p->name))
			rc = tpl_err(r, "[phase] has no name");
		else if (p->start == TV_NO_DAY || p->end == TV_NO_DAY)
			rc = tpl_err(r, "[phase] '%s' needs both start and end", p->name);
		else if (p->end < p->start)
			rc = tpl_err(r, "[phase] '%s' ends before it starts", p->name);
		for (size_t i = 0; rc == TV_OK && i + 1 < t->nphases; i++)
			if (strcmp(t->phases[i].name, p->name) == 0)
				rc = tpl_err(r, "two phases are named '%s'", p->name);
		break;
	}
	case B_MEETING: {
		struct tv_meeting *m = &t->meetings[t->nmeetings - 1];
		if (tpl_blank(m->title))
			rc = tpl_err(r, "[meeting] has no title");
		else if (m->start.day == TV_NO_DAY)
			rc = tpl_err(r, "[meeting] '%s' has no start", m->title);
		break;
	}
	case B_DECISION:
		if (tpl_blank(t->decisions[t->ndecisions - 1].title))
			rc = tpl_err(r, "[decision] has no title");
		break;
	case B_PERSON:
		if (tpl_blank(t->people[t->npeople - 1].name))
			rc = tpl_err(r, "[person] has no name");
		break;
	}
	r->line = save;
	return rc;
}

static enum tv_status
prog_key(struct reader *r, struct loader *ld, struct prog_state *st, const char *key,
	const char *v)
{
	struct tv_template *t = ld->tpl;
	enum tv_status rc = tpl_mark_seen(r, &st->seen, key);
	if (rc != TV_OK)
		return rc;
	st->text_target = NULL;
	st->max_text = TV_MAX_TITLE;
	if (strcmp(key, "key") == 0 && (st->block == B_PHASE || st->block == B_MEETING ||
		st->block == B_DECISION)) {
		static const int kinds[] = { [B_PHASE] = TV_KIND_PHASE,
			[B_MEETING] = TV_KIND_MEETING, [B_DECISION] = TV_KIND_DECISION };
		char **slot = st->block == B_PHASE ? &t->phases[t->nphases - 1].tkey :
			st->block == B_MEETING ? &t->meetings[t->nmeetings - 1].tkey :
			&t->decisions[t->ndecisions - 1].tkey;
		rc = tpl_key_add(r, ld, kinds[st->block], v);
		if (rc == TV_OK)
			*slot = tv_xstrdup(v);
		return rc;
	}

#define TEXT(name, field, max)                                              \
	if (strcmp(key, name) == 0) {                                       \
		rc = tpl_val_text(r, key, v, max, &(field));                    \
		st->text_target = &(field);                                 \
		st->max_text = max;                                         \
		return rc;                                                  \
	}

	switch (st->block) {
	case B_TOP:
		TEXT("programme", t->name, TV_MAX_NAME)
		if (strcmp(key, "version") == 0)
			return tpl_val_int(r, key, v, 1000000, &t->version);
		break;
	case B_PHASE: {
		struct tv_phase *p = &t->phases[t->nphases - 1];
		TEXT("name", p->name, TV_MAX_NAME)
		TEXT("reason", p->not_before_reason, TV_MAX_TITLE)
		if (strcmp(key, "start") == 0)
			return tpl_val_offset(r, key, v, &p->start);
		if (strcmp(key, "end") == 0)
			return tpl_val_offset(r, key, v, &p->end);
		if (strcmp(key, "not-before") == 0)
			return tpl_val_offset(r, key, v, &p->not_before);
		break;
	}
	case B_MEETING: {
		struct tv_meeting *m = &t->meetings[t->nmeetings - 1];
		TEXT("title", m->title, TV_MAX_TITLE)
		TEXT("place", m->place, TV_MAX_TITLE)
		TEXT("region", m->region, TV_MAX_NAME)
		TEXT("url", m->url, TV_MAX_URL)
		TEXT("participants", m->participants, TV_MAX_COMMENT)
		TEXT("notes", m->notes, TV_MAX_COMMENT)
		TEXT("packages", m->packages, TV_MAX_NAME)
		if (strcmp(key, "kind") == 0)
			return tv_meeting_kind_from_key(v, &m->kind) ? TV_OK : tpl_err(r,
				"kind: unknown meeting kind '%s' (use info, webinar, supplier or "
				"other)", v);
		if (strcmp(key, "start") == 0)
			return tpl_val_when(r, key, v, &m->start);
		if (strcmp(key, "end") == 0)
			return tpl_val_when(r, key, v, &m->end);
		break;
	}
	case B_DECISION: {
		struct tv_decision *d = &t->decisions[t->ndecisions - 1];
		TEXT("title", d->title, TV_MAX_TITLE)
		TEXT("owner", d->owner, TV_MAX_NAME)
		TEXT("text", d->text, TV_MAX_COMMENT)
		if (strcmp(key, "area") == 0)
			return tpl_val_area(r, key, v, &d->area);
		if (strcmp(key, "due") == 0)
			return tpl_val_offset(r, key, v, &d->due);
		if (strcmp(key, "decided") == 0)
			return tpl_val_offset(r, key, v, &d->decided);
		if (strcmp(key, "status") == 0) {
			if (!tv_decision_status_from_key(v, &d->status))
				return tpl_err(r, "status: unknown decision status '%s' (use open, "
					"decided or postponed)", v);
			return TV_OK;
		}
		break;
	}
	case B_PERSON: {
		struct tv_person *p = &t->people[t->npeople - 1];
		TEXT("name", p->name, TV_MAX_NAME)
		TEXT("email", p->email, TV_MAX_NAME)
		if (strcmp(key, "area") == 0)
			return tpl_val_area(r, key, v, &p->area);
		if (strcmp(key, "role") == 0) {
			enum tv_role role;
			if (!tv_role_from_key(v, &role))
				return tpl_err(r, "role: unknown role '%s' (use contact, group or "
					"area)", v);
			p->role = role;
			return TV_OK;
		}
		break;
	}
	}
#undef TEXT
	static const char *const names[] = { "programme file", "[phase]", "[meeting]",
		"[decision]", "[person]" };
	return tpl_err(r, "unknown key '%s' in %s", key, names[st->block]);
}

static enum tv_status
open_block(struct reader *r, struct loader *ld, struct prog_state *st, const char *name)
{
	struct tv_template *t = ld->tpl;
	enum tv_status rc = close_block(r, ld, st);
	if (rc != TV_OK)
		return rc;
	memset(&st->seen, 0, sizeof st->seen);
	st->text_target = NULL;
	st->block_line = r->line;
	if (strcmp(name, "phase") == 0) {
		struct tv_phase *p = tpl_push(&t->phases, &t->nphases, sizeof *p);
		p->start = p->end = p->not_before = TV_NO_DAY;
		p->position = (int)t->nphases - 1;
		st->block = B_PHASE;
	} else if (strcmp(name, "meeting") == 0) {
		struct tv_meeting *m = tpl_push(&t->meetings, &t->nmeetings, sizeof *m);
		m->kind = TV_MEET_INFO;
		m->start = m->end = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
		st->block = B_MEETING;
	} else if (strcmp(name, "decision") == 0) {
		struct tv_decision *d = tpl_push(&t->decisions, &t->ndecisions, sizeof *d);
		d->area = -1;
		d->due = d->decided = TV_NO_DAY;
		d->status = TV_DEC_OPEN;
		st->block = B_DECISION;
	} else if (strcmp(name, "person") == 0) {
		struct tv_person *p = tpl_push(&t->people, &t->npeople, sizeof *p);
		p->area = -1;
		p->role = TV_ROLE_AREA;
		st->block = B_PERSON;
	} else {
		return tpl_err(r, "unknown block [%s] (use [phase], [meeting], [decision] or "
			"[person])", name);
	}
	return TV_OK;
}

enum tv_status
tpl_parse_programme(struct reader *r, struct loader *ld)
{
	struct prog_state st = { .block = B_TOP, .block_line = 1 };
	int got;
	if (ld->saw_programme) {
		r->line = 1;
		return tpl_err(r, "a second programme file");
	}
	ld->saw_programme = true;
	while ((got = tpl_next_line(r)) > 0) {
		char *line = r->cur;
		const char *rest;
		if (tpl_continuation(line, &rest)) {
			enum tv_status rc = tpl_continue_value(r, st.text_target, st.max_text, rest);
			if (rc != TV_OK)
				return rc;
			continue;
		}
		st.text_target = NULL;
		if (tpl_is_blank_line(line) || line[0] == '#')
			continue;
		size_t n = strlen(line);
		if (line[0] == '[') {
			if (n < 3 || line[n - 1] != ']')
				return tpl_err(r, "a block line looks like [phase]");
			line[n - 1] = '\0';
			enum tv_status rc = open_block(r, ld, &st, line + 1);
			if (rc != TV_OK)
				return rc;
			continue;
		}
		char *key, *value;
		if (!tpl_split_key(line, &key, &value))
			return tpl_err(r, "expected 'key: value', a [block] line or a # comment");
		enum tv_status rc = prog_key(r, ld, &st, key, value);
		if (rc != TV_OK)
			return rc;
	}
	if (got < 0)
		return TV_INVALID;
	return close_block(r, ld, &st);
}
