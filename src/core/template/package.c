/* SPDX-License-Identifier: MPL-2.0 */
/*
 * One package file: the header keys (number, title, area, phase, ...), the
 * "## " sections and the task lines under the tasks heading, into the loader; where
 * the package's keys were is kept in struct pkg_extra for messages that load.c
 * reports later (a phase name that programme.txt does not define).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_int.h"

/* "- [ ] +14d authority minimum: Title" (deadline "-" for none, optional " HH:MM"). */
static enum tv_status
parse_task(struct reader *r, struct loader *ld, struct tv_package *p)
{
	static const char syntax[] = "a task line looks like '- [ ] +14d authority minimum: "
		"Title {#4.3}' (deadline or -, optional HH:MM, authority/agency/supplier, "
		"optional minimum, ': ', title, optional key)";
	const char *line = r->cur;
	if (strncmp(line, "- [", 3) != 0 || (line[3] != ' ' && line[3] != 'x') ||
		strncmp(line + 4, "] ", 2) != 0)
		return tpl_err(r, "%s", syntax);
	const char *colon = strstr(line + 6, ": ");
	if (!colon)
		return tpl_err(r, "%s", syntax);
	struct tv_task t = { 0 };
	t.done = line[3] == 'x';
	t.deadline = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	char *head = tv_xstrndup(line + 6, (size_t)(colon - (line + 6)));
	char *tok[5];
	int ntok = 0;
	for (char *s = head; ntok < 5;) {
		tok[ntok++] = s;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	enum tv_status rc = TV_OK;
	int i = 0;
	if (ntok < 2 || ntok > 4) {
		rc = tpl_err(r, "%s", syntax);
		goto out;
	}
	if (strcmp(tok[0], "-") != 0 &&
		!tpl_parse_offset(tok[0], strlen(tok[0]), &t.deadline.day)) {
		rc = tpl_err(r, "task deadline '%s' is not a day offset like +14d (or - for none)",
			tok[0]);
		goto out;
	}
	i = 1;
	if (strchr(tok[i], ':')) {
		if (t.deadline.day == TV_NO_DAY) {
			rc = tpl_err(r, "a task time needs a deadline day");
			goto out;
		}
		if (!tpl_parse_time(tok[i], strlen(tok[i]), &t.deadline.minute)) {
			rc = tpl_err(r, "task time '%s' is not HH:MM (00:00-23:59)", tok[i]);
			goto out;
		}
		i++;
	}
	if (i >= ntok || !tv_responsible_from_key(tok[i], &t.responsible)) {
		rc = tpl_err(r, "task responsible '%s' is unknown (use authority, agency or "
			"supplier)", i < ntok ? tok[i] : "");
		goto out;
	}
	i++;
	if (i < ntok) {
		if (strcmp(tok[i], "minimum") != 0) {
			rc = tpl_err(r, "unexpected '%s' before the task title (only 'minimum' may "
				"follow the responsible party)", tok[i]);
			goto out;
		}
		t.minimum = true;
		i++;
	}
	if (i != ntok) {
		rc = tpl_err(r, "%s", syntax);
		goto out;
	}
	/* The stable key at the end: " {#4.3}" (tavle/tmpl_update.h). */
	char *title = tv_xstrdup(colon + 2);
	size_t tn = strlen(title);
	char *open = tn > 0 && title[tn - 1] == '}' ? strstr(title, "{#") : NULL;
	while (open && strstr(open + 2, "{#"))
		open = strstr(open + 2, "{#");
	if (open) {
		title[tn - 1] = '\0';
		rc = tpl_key_add(r, ld, TV_KIND_TASK, open + 2);
		if (rc == TV_OK)
			t.tkey = tv_xstrdup(open + 2);
		*open = '\0';
		for (size_t k = strlen(title); k > 0 && title[k - 1] == ' ';)
			title[--k] = '\0';
	}
	struct tv_diag d = { 0 };
	if (rc == TV_OK &&
	    tv_text_check("task title", title, TV_MAX_TITLE, false, true, &d) != TV_OK)
		rc = tpl_err(r, "%s", d.msg);
	if (rc != TV_OK) {
		free(title);
		free(t.tkey);
		goto out;
	}
	t.title = title;
	t.position = (int)p->ntasks;
	*(struct tv_task *)tpl_push(&p->tasks, &p->ntasks, sizeof t) = t;
out:
	free(head);
	return rc;
}

static enum tv_status
pkg_key(struct reader *r, struct tv_package *p, struct pkg_extra *x, struct tpl_seen *seen,
	const char *key, const char *v, char ***text_target)
{
	enum tv_status rc = tpl_mark_seen(r, seen, key);
	if (rc != TV_OK)
		return rc;
	*text_target = NULL;
	if (strcmp(key, "number") == 0) {
		x->number_line = r->line;
		return tpl_val_int(r, key, v, MAX_NUMBER, &p->number);
	}
	if (strcmp(key, "title") == 0) {
		*text_target = &p->title;
		return tpl_val_text(r, key, v, TV_MAX_TITLE, &p->title);
	}
	if (strcmp(key, "owner") == 0) {
		*text_target = &p->owner;
		return tpl_val_text(r, key, v, TV_MAX_NAME, &p->owner);
	}
	if (strcmp(key, "area") == 0) {
		int a = 0;
		rc = tpl_val_area(r, key, v, &a);
		if (rc == TV_OK)
			p->area = (enum tv_area)a;
		return rc;
	}
	if (strcmp(key, "status") == 0)
		return tv_pstatus_from_key(v, &p->status) ? TV_OK : tpl_err(r,
			"status: unknown status '%s' (use todo, doing, blocked or done)", v);
	if (strcmp(key, "deadline") == 0)
		return tpl_val_when(r, key, v, &p->deadline);
	if (strcmp(key, "phase") == 0) {
		if (!*v)
			return tpl_err(r, "phase: empty (leave the line out for no phase)");
		x->phase_name = tv_xstrdup(v);
		x->phase_line = r->line;
		return TV_OK;
	}
	if (strcmp(key, "after") == 0) {
		/* The packages this one comes after: numbers the board must have (the store
		 * checks them, and refuses a cycle, when the board is made). */
		if (tv_package_after(v, NULL, 0) < 0)
			return tpl_err(r, "after: '%s' is not a list of package numbers (e.g. 2,6)", v);
		return tpl_val_text(r, key, v, TV_MAX_TITLE, &p->after);
	}
	if (strcmp(key, "position") == 0) {
		x->has_position = true;
		return tpl_val_int(r, key, v, MAX_NUMBER, &p->position);
	}
	return tpl_err(r, "unknown key '%s' (a package file has number, title, area, status, "
		"owner, deadline, phase, after, position)", key);
}

/* Where a package file is while it is read. */
struct pkg_state {
	struct tpl_seen seen;
	char **text_target;          /* the header value continuation lines extend */
	bool seen_section[TV_SECTION_COUNT + 1];   /* [TV_SECTION_COUNT]: the tasks */
	int section;                 /* -1 header, TV_SECTION_COUNT tasks */
};

/* A "## " heading `h`: the section before it is trimmed; the new one must be known
 * and not given before. */
static enum tv_status
section_heading(struct reader *r, struct tv_package *p, struct pkg_state *st, char *h)
{
	if (st->section >= 0 && st->section < TV_SECTION_COUNT)
		tpl_trim_trailing_blank_lines(&p->sections[st->section]);
	size_t hn = strlen(h);
	while (hn > 0 && h[hn - 1] == ' ')
		h[--hn] = '\0';
	int found = -1;
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		if (strcmp(h, tv_section_name((enum tv_section)i, true)) == 0)
			found = i;
	if (strcmp(h, TASKS_HEADING) == 0)
		found = TV_SECTION_COUNT;
	if (found < 0)
		return tpl_err(r, "unknown section '## %s' (sections: Baggrund, "
			"Minimumskrav, Proces og aktiviteter, Forslag til "
			"involvering, Deadlines og output, Materiale og værktøjer, "
			"Opgaver)", h);
	if (st->seen_section[found])
		return tpl_err(r, "section '## %s' appears twice", h);
	st->seen_section[found] = true;
	st->section = found;
	return TV_OK;
}

/* A line before the first heading: a key, a continuation, a comment or blank. */
static enum tv_status
header_line(struct reader *r, struct tv_package *p, struct pkg_extra *x,
	struct pkg_state *st, char *line)
{
	const char *rest;
	if (tpl_continuation(line, &rest))
		return tpl_continue_value(r, st->text_target, TV_MAX_TITLE, rest);
	st->text_target = NULL;
	if (tpl_is_blank_line(line) || line[0] == '#')
		return TV_OK;
	char *key, *value;
	if (!tpl_split_key(line, &key, &value))
		return tpl_err(r, "expected 'key: value', a # comment or a '## "
			"Section' heading");
	return pkg_key(r, p, x, &st->seen, key, value, &st->text_target);
}

/* A line of section text ("\## x" is the text "## x"), appended to the section. */
static enum tv_status
section_line(struct reader *r, struct tv_package *p, int section, const char *line)
{
	const char *text = line;
	if (line[0] == '\\' && tpl_escaped_heading(line))
		text = line + 1;
	char **sec = &p->sections[section];
	if (!*sec)
		*sec = tv_xstrdup(text);
	else
		tpl_append_line(sec, text);
	if (strlen(*sec) > TV_MAX_SECTION)
		return tpl_err(r, "section is longer than %d bytes", TV_MAX_SECTION);
	return TV_OK;
}

/* The whole file is read: the keys a package needs, and a number of its own. */
static enum tv_status
check_package(struct reader *r, const struct loader *ld, const struct tv_package *p,
	const struct pkg_extra *x)
{
	const struct tv_template *t = ld->tpl;
	r->line = 1;
	if (p->number < 0)
		return tpl_err(r, "the package has no 'number:'");
	if (tpl_blank(p->title))
		return tpl_err(r, "the package has no 'title:'");
	if (p->area == TV_AREA_COUNT)
		return tpl_err(r, "the package has no 'area:'");
	for (size_t i = 0; i + 1 < t->npackages; i++) {
		if (t->packages[i].number == p->number) {
			r->line = x->number_line;
			return tpl_err(r, "package number %d is also used in %s", p->number,
				ld->extra[i].file);
		}
	}
	return TV_OK;
}

/* A header of keys, then "## " sections of text and the task lines. */
enum tv_status
tpl_parse_package(struct reader *r, struct loader *ld)
{
	struct tv_template *t = ld->tpl;
	struct tv_package *p = tpl_push(&t->packages, &t->npackages, sizeof *p);
	struct pkg_extra *x = tpl_push(&ld->extra, &ld->nextra, sizeof *x);
	p->number = -1;
	p->area = TV_AREA_COUNT;
	p->deadline = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	x->file = r->file;
	struct pkg_state st = { .section = -1 };
	int got;
	while ((got = tpl_next_line(r)) > 0) {
		char *line = r->cur;
		enum tv_status rc;
		if (strncmp(line, "## ", 3) == 0)
			rc = section_heading(r, p, &st, line + 3);
		else if (st.section < 0)
			rc = header_line(r, p, x, &st, line);
		else if (st.section == TV_SECTION_COUNT)
			rc = tpl_is_blank_line(line) ? TV_OK : parse_task(r, ld, p);
		else
			rc = section_line(r, p, st.section, line);
		if (rc != TV_OK)
			return rc;
	}
	if (got < 0)
		return TV_INVALID;
	if (st.section >= 0 && st.section < TV_SECTION_COUNT)
		tpl_trim_trailing_blank_lines(&p->sections[st.section]);
	return check_package(r, ld, p, x);
}
