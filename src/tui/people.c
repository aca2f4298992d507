/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The people view (p): the contact person (single point of contact), the project group
 * and the area roles, each with e-mail and area tag. The board's owner prompt offers
 * these names. a adds (name, role, e-mail), e / Enter edits a field, d deletes.
 * Built on the record list engine (listview.c); depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listview.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

static const enum tv_field person_fields[] = {
	TV_FIELD_PERSON_name, TV_FIELD_PERSON_role, TV_FIELD_PERSON_area, TV_FIELD_PERSON_email
};

LIST_ACCESSORS(p, people, npeople)

/* Columns: area tag, role, then name and e-mail in the rest. */
static void
p_measure(struct app *app, int width, struct list_cols *cw)
{
	for (size_t i = 0; i < app->data->npeople; i++)
		list_cols_fit(cw, 0, tv_role_name(app->data->people[i].role,
			tv_i18n_names_danish()));
	list_cols_squeeze(cw, 1, 2, 5, width, width / 3);
}

static void
p_row(struct app *app, WINDOW *w, int y, int width, size_t i, bool sel,
	const struct list_cols *cw)
{
	const struct tv_person *p = &app->data->people[i];
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
	int x = 1;
	x += area_tag_put(w, y, x, width - x, p->area, sel, base) + 1;
	list_col_put(w, y, &x, width, cw->w[0], 2, tv_role_name(p->role, tv_i18n_names_danish()),
		sel ? base : style_attr(ST_LABEL));
	char *rest = tv_xasprintf("%s%s%s", p->name ? p->name : "",
		p->email && *p->email ? "  <" : "", p->email && *p->email ? p->email : "");
	if (p->email && *p->email) {
		char *t = tv_xasprintf("%s>", rest);
		free(rest);
		rest = t;
	}
	if (x < width - 1)
		ui_put_text(w, y, x, width - x - 1, rest, base);
	free(rest);
}

static int64_t
p_add(struct app *app)
{
	char *name = ask_field(app, "New person, name: ", "", TV_FIELD_PERSON_name);
	if (!name)
		return 0;
	const char *names[TV_ROLE_COUNT];
	for (int r = 0; r < TV_ROLE_COUNT; r++)
		names[r] = tv_role_name(r, tv_i18n_names_danish());
	int role = ui_menu_choose(app, "Role", names, TV_ROLE_COUNT, TV_ROLE_GROUP);
	if (role < 0) {
		free(name);
		return 0;
	}
	int area = -1;
	if (role == TV_ROLE_AREA) {
		const char *an[TV_AREA_COUNT];
		for (int a = 0; a < TV_AREA_COUNT; a++)
			an[a] = tv_area_name(a, tv_i18n_names_danish());
		area = ui_menu_choose(app, "Area", an, TV_AREA_COUNT, 0);
		if (area < 0) {
			free(name);
			return 0;
		}
	}
	/* a bad address keeps the prompt open with the reason (the name is kept) */
	char *email = ask_field(app, "E-mail (empty for none): ", "", TV_FIELD_PERSON_email);
	if (!email) {
		free(name);
		return 0;
	}
	struct tv_person p = { 0 };
	p.board_id = app->board_id;
	p.name = name;
	p.email = email;
	p.role = (enum tv_role)role;
	p.area = area;
	bool ok;
	APP_WRITE(app, ok, tv_store_person_add(app->store, &p), "Added the person");
	free(name);
	free(email);
	return ok ? p.id : 0;
}

LIST_VIEW_TABLES(people, p, LIST_HINTS, N_("p people"), N_("person"), TV_KIND_PERSON,
	person_fields, NULL);

struct view *
people_view_new(struct app *app)
{
	return listview_new(app, &people_ops, 0);
}
