/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Writing a template as files: programme.txt and one file per package, in the format
 * the parser reads, so that loading the written files gives the same template byte
 * for byte; written into a directory through tv_out_open (fileio.h) with a manifest
 * (.tavle-template) of the files written, so a later export replaces or removes only
 * those and refuses a directory holding anything else; or returned in memory
 * (tv_template_format). Written into the core's growable string
 * (struct tv_buf).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tavle/buf.h"
#include "tavle/fileio.h"
#include "template_int.h"

static void
format_offset(struct tv_buf *b, int32_t off)
{
	tv_buf_addf(b, "%c%ldd", off < 0 ? '-' : '+', labs((long)off));
}

static void
format_when(struct tv_buf *b, struct tv_when w)
{
	format_offset(b, w.day);
	if (w.minute != TV_NO_TIME)
		tv_buf_addf(b, " %02d:%02d", w.minute / 60, w.minute % 60);
}

/* "key: value", with further lines of a multi-line value as "> line". */
static void
put_text(struct tv_buf *b, const char *key, const char *value)
{
	if (tpl_blank(value))
		return;
	tv_buf_adds(b, key);
	tv_buf_adds(b, ":");
	const char *s = value;
	bool first = true;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (first) {
			if (n)
				tv_buf_adds(b, " ");
		} else {
			tv_buf_adds(b, n ? "> " : ">");
		}
		tv_buf_add(b, s, n);
		tv_buf_adds(b, "\n");
		first = false;
		if (!nl)
			break;
		s = nl + 1;
	}
}

static void
put_when(struct tv_buf *b, const char *key, struct tv_when w)
{
	if (w.day == TV_NO_DAY)
		return;
	tv_buf_addf(b, "%s: ", key);
	format_when(b, w);
	tv_buf_adds(b, "\n");
}

static void
put_offset(struct tv_buf *b, const char *key, int32_t off)
{
	put_when(b, key, (struct tv_when){ off, TV_NO_TIME });
}


static void
write_programme(struct tv_buf *b, const struct tv_template *t)
{
	/* A comment is one line: a multi-line name is written with spaces here. */
	tv_buf_adds(b, "# ");
	for (const char *s = t->name ? t->name : "tavle"; *s; s++)
		tv_buf_add(b, *s == '\n' ? " " : s, 1);
	tv_buf_adds(b, " — programfil til tavle (formatet er beskrevet i README.md)\n");
	put_text(b, "programme", t->name);
	if (t->version > 0)
		tv_buf_addf(b, "version: %d\n", t->version);
	for (size_t i = 0; i < t->nphases; i++) {
		const struct tv_phase *p = &t->phases[i];
		tv_buf_adds(b, "\n[phase]\n");
		put_text(b, "key", p->tkey);
		put_text(b, "name", p->name);
		put_offset(b, "start", p->start);
		put_offset(b, "end", p->end);
		put_offset(b, "not-before", p->not_before);
		put_text(b, "reason", p->not_before_reason);
	}
	for (size_t i = 0; i < t->nmeetings; i++) {
		const struct tv_meeting *m = &t->meetings[i];
		tv_buf_adds(b, "\n[meeting]\n");
		put_text(b, "key", m->tkey);
		tv_buf_addf(b, "kind: %s\n", tv_meeting_kind_key(m->kind));
		put_text(b, "title", m->title);
		put_when(b, "start", m->start);
		put_when(b, "end", m->end);
		put_text(b, "place", m->place);
		put_text(b, "region", m->region);
		put_text(b, "url", m->url);
		put_text(b, "packages", m->packages);
		put_text(b, "participants", m->participants);
		put_text(b, "notes", m->notes);
	}
	for (size_t i = 0; i < t->ndecisions; i++) {
		const struct tv_decision *d = &t->decisions[i];
		tv_buf_adds(b, "\n[decision]\n");
		put_text(b, "key", d->tkey);
		put_text(b, "title", d->title);
		if (d->area >= 0 && d->area < TV_AREA_COUNT)
			tv_buf_addf(b, "area: %s\n", tv_area_key((enum tv_area)d->area));
		put_text(b, "owner", d->owner);
		put_offset(b, "due", d->due);
		tv_buf_addf(b, "status: %s\n", tv_decision_status_key(d->status));
		put_offset(b, "decided", d->decided);
		put_text(b, "text", d->text);
	}
	for (size_t i = 0; i < t->npeople; i++) {
		const struct tv_person *p = &t->people[i];
		tv_buf_adds(b, "\n[person]\n");
		put_text(b, "name", p->name);
		tv_buf_addf(b, "role: %s\n", tv_role_key(p->role));
		if (p->area >= 0 && p->area < TV_AREA_COUNT)
			tv_buf_addf(b, "area: %s\n", tv_area_key((enum tv_area)p->area));
		put_text(b, "email", p->email);
	}
}

/* Does the area's order differ from the order by number? Then positions are written. */
static bool
needs_positions(const struct tv_template *t, enum tv_area area)
{
	int rank = 0;
	for (size_t i = 0; i < t->npackages; i++) {   /* packages are sorted by number */
		if (t->packages[i].area != area)
			continue;
		if (t->packages[i].position != rank++)
			return true;
	}
	return false;
}

static void
write_package(struct tv_buf *b, const struct tv_template *t, const struct tv_package *p)
{
	tv_buf_addf(b, "number: %d\n", p->number);
	put_text(b, "title", p->title);
	tv_buf_addf(b, "area: %s\n", tv_area_key(p->area));
	if (p->status != TV_TODO)
		tv_buf_addf(b, "status: %s\n", tv_pstatus_key(p->status));
	put_text(b, "owner", p->owner);
	put_when(b, "deadline", p->deadline);
	if (p->phase_id > 0 && (size_t)p->phase_id <= t->nphases)
		put_text(b, "phase", t->phases[p->phase_id - 1].name);
	if (p->after && *p->after)
		put_text(b, "after", p->after);
	if (needs_positions(t, p->area))
		tv_buf_addf(b, "position: %d\n", p->position);
	for (int i = 0; i < TV_SECTION_COUNT; i++) {
		const char *s = p->sections[i];
		if (tpl_blank(s))
			continue;
		tv_buf_addf(b, "\n## %s\n", tv_section_name((enum tv_section)i, true));
		for (;;) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			char *line = tv_xstrndup(s, n);
			if (tpl_escaped_heading(line))
				tv_buf_adds(b, "\\");
			tv_buf_adds(b, line);
			tv_buf_adds(b, "\n");
			free(line);
			if (!nl)
				break;
			s = nl + 1;
		}
	}
	if (p->ntasks > 0)
		tv_buf_adds(b, "\n## " TASKS_HEADING "\n");
	for (size_t i = 0; i < p->ntasks; i++) {
		const struct tv_task *tk = &p->tasks[i];
		tv_buf_addf(b, "- [%c] ", tk->done ? 'x' : ' ');
		if (tk->deadline.day == TV_NO_DAY)
			tv_buf_adds(b, "-");
		else
			format_when(b, tk->deadline);
		tv_buf_addf(b, " %s%s: %s", tv_responsible_key(tk->responsible),
			tk->minimum ? " minimum" : "", tk->title);
		if (tk->tkey)
			tv_buf_addf(b, " {#%s}", tk->tkey);
		tv_buf_adds(b, "\n");
	}
}

/* "1-implementeringsopstart.txt": the number, then the title in lower-case ASCII. */
static char *
package_file_name(const struct tv_package *p)
{
	static const struct { const char *from, *to; } fold[] = {
		{ "æ", "ae" }, { "Æ", "ae" }, { "ø", "oe" }, { "Ø", "oe" },
		{ "å", "aa" }, { "Å", "aa" }, { "é", "e" }, { "É", "e" },
		{ "ü", "u" }, { "Ü", "u" }, { "ö", "o" }, { "Ö", "o" }, { "ä", "a" }, { "Ä", "a" },
	};
	struct tv_buf b = { 0 };
	tv_buf_addf(&b, "%d-", p->number);
	size_t start = b.len;
	bool dash = true;
	for (const char *s = p->title ? p->title : ""; *s && b.len - start < 60;) {
		const char *rep = NULL;
		size_t adv = 1;
		for (size_t i = 0; i < sizeof fold / sizeof fold[0]; i++) {
			size_t n = strlen(fold[i].from);
			if (strncmp(s, fold[i].from, n) == 0) {
				rep = fold[i].to;
				adv = n;
				break;
			}
		}
		char c = *s;
		if (rep) {
			tv_buf_adds(&b, rep);
			dash = false;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			tv_buf_addc(&b, c);
			dash = false;
		} else if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
			tv_buf_addc(&b, c);
			dash = false;
		} else {
			if (!dash)
				tv_buf_addc(&b, '-');
			dash = true;
			/* skip the rest of a multi-byte character */
			while ((s[adv] & 0xC0) == 0x80)
				adv++;
		}
		s += adv;
	}
	while (b.len > start && b.p[b.len - 1] == '-')
		b.p[--b.len] = '\0';
	if (b.len == start)
		tv_buf_adds(&b, "pakke");
	tv_buf_adds(&b, ".txt");
	return tv_buf_detach(&b, NULL);
}

static enum tv_status
write_data(const char *dir, const char *name, const char *data, size_t len,
	struct tv_diag *diag)
{
	char *path = tv_xasprintf("%s/%s", dir, name);
	struct tv_out_file f;
	enum tv_status rc = tv_out_open(path, 0, &f, diag);
	free(path);
	if (rc != TV_OK)
		return rc;
	if (len && fwrite(data, 1, len, f.fp) != len) {
		int e = errno;
		tv_out_abort(&f);
		return tv_diag_set(diag, TV_IO, "%s/%s: %s", dir, name, strerror(e));
	}
	return tv_out_commit(&f, diag);
}

static enum tv_status
write_file(const char *dir, const char *name, const struct tv_buf *b, struct tv_diag *diag)
{
	/* Text from the database was checked on input, but a database edited by other means
	 * can hold terminal escapes; a template is read with cat and less, so a file that
	 * would fail the input check is written sanitised (controls made visible). A clean
	 * file, which is every file the parser accepts, is written unchanged. */
	if (b->len && tv_text_check("template", b->p, SIZE_MAX, true, false, NULL) != TV_OK) {
		char *clean = tv_text_sanitize(b->p, b->len, TV_SAN_KEEP_NEWLINES | TV_SAN_VISIBLE);
		enum tv_status rc = write_data(dir, name, clean, strlen(clean), diag);
		free(clean);
		return rc;
	}
	return write_data(dir, name, b->p ? b->p : "", b->len, diag);
}

/* ---- the manifest: what an earlier export wrote, so only that is ever replaced ---- */

#define MANIFEST_FILE ".tavle-template"
#define MANIFEST_HEAD "# tavle template export: the files it wrote here (the next export\n" \
	"# replaces or removes only these)\n"
#define MANIFEST_MAX (1u << 20)

static bool
in_list(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* The names an earlier export listed; none when there is no manifest. A manifest that
 * cannot be read is not trusted: the caller then finds every file in the way. */
static char **
read_manifest(const char *dir, size_t *n)
{
	*n = 0;
	char *path = tv_xasprintf("%s/%s", dir, MANIFEST_FILE);
	struct stat sb;
	char *text = NULL;
	size_t len = 0;
	char **names = NULL;
	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		tv_file_read(path, MANIFEST_MAX, &text, &len, NULL) == TV_OK) {
		names = tv_xcalloc(len / 2 + 2, sizeof *names);
		char *save = NULL;
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (line[0] != '#' && line[0] != '.' && !strchr(line, '/') &&
				!in_list(names, *n, line))
				names[(*n)++] = tv_xstrdup(line);
	}
	free(text);
	free(path);
	return names;
}

static enum tv_status
write_manifest(const char *dir, char *const *a, size_t na, char *const *b, size_t nb,
	struct tv_diag *diag)
{
	struct tv_buf m = { 0 };
	tv_buf_adds(&m, MANIFEST_HEAD);
	for (size_t i = 0; i < na; i++)
		tv_buf_addf(&m, "%s\n", a[i]);
	for (size_t i = 0; i < nb; i++)
		if (!in_list(a, na, b[i]))
			tv_buf_addf(&m, "%s\n", b[i]);
	enum tv_status rc = write_data(dir, MANIFEST_FILE, m.p, m.len, diag);
	tv_buf_release(&m);
	return rc;
}

/* Refuse a directory holding anything an earlier export did not write (a file it wrote
 * counts only while it is still a regular file), naming what is in the way. Temporary
 * files a killed export left are removed. */
static enum tv_status
check_dir(const char *dir, char *const *old, size_t nold, struct tv_diag *diag)
{
	DIR *d = opendir(dir);
	if (!d)
		return tv_diag_set(diag, TV_IO, "%s: %s", dir, strerror(errno));
	struct tv_buf way = { 0 };
	size_t nway = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		char *path = tv_xasprintf("%s/%s", dir, name);
		struct stat sb;
		bool regular = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		free(path);
		if (regular && (strcmp(name, MANIFEST_FILE) == 0 || in_list(old, nold, name)))
			continue;
		if (tv_out_remove_stale(dir, name))
			continue;
		if (nway++ < 20)
			tv_buf_addf(&way, "%s%s", nway > 1 ? ", " : "", name);
	}
	closedir(d);
	enum tv_status rc = TV_OK;
	if (nway > 20)
		tv_buf_addf(&way, " (%zu in all)", nway);
	if (nway)
		rc = tv_diag_set(diag, TV_INVALID, "%s holds files an earlier template export did "
			"not write: %s (export into a new or empty directory)", dir, way.p);
	tv_buf_release(&way);
	return rc;
}

enum tv_status
tv_template_write_dir(const struct tv_template *tpl, const char *dir, struct tv_diag *diag)
{
	/* The directory is no wider than the files (readable means searchable). */
	mode_t fm = tv_out_mode();
	if (mkdir(dir, 0700 | fm | ((fm & 0444) >> 2)) != 0 && errno != EEXIST)
		return tv_diag_set(diag, TV_IO, "%s: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return tv_diag_set(diag, TV_IO, "%s: not a directory", dir);

	size_t n = tpl->npackages + 1, nold = 0;
	char **names = tv_xcalloc(n, sizeof *names);
	enum tv_status rc = TV_OK;
	names[0] = tv_xstrdup(PROGRAMME_FILE);
	for (size_t i = 1; i < n; i++) {
		names[i] = package_file_name(&tpl->packages[i - 1]);
		for (size_t k = 1; k < i; k++)
			if (strcmp(names[k], names[i]) == 0)
				rc = tv_diag_set(diag, TV_INVALID, "two packages would be written "
					"to %s (duplicate package number)", names[i]);
	}
	char **old = read_manifest(dir, &nold);
	if (rc == TV_OK)
		rc = check_dir(dir, old, nold, diag);
	/* First list both exports' files, so a run killed half-way leaves a directory the
	 * next export still recognises as its own. */
	if (rc == TV_OK)
		rc = write_manifest(dir, old, nold, names, n, diag);
	for (size_t i = 0; i < n && rc == TV_OK; i++) {
		struct tv_buf b = { 0 };
		if (i == 0)
			write_programme(&b, tpl);
		else
			write_package(&b, tpl, &tpl->packages[i - 1]);
		rc = write_file(dir, names[i], &b, diag);
		tv_buf_release(&b);
	}
	if (rc == TV_OK)
		rc = write_manifest(dir, names, n, NULL, 0, diag);
	/* Remove what the earlier export wrote and this one did not (a renamed or deleted
	 * package), so loading the directory gives this template. */
	for (size_t i = 0; i < nold && rc == TV_OK; i++) {
		if (in_list(names, n, old[i]))
			continue;
		char *path = tv_xasprintf("%s/%s", dir, old[i]);
		struct stat sb;
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && unlink(path) != 0 &&
			errno != ENOENT)
			rc = tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(errno));
		free(path);
	}
	tv_strv_free(old, nold);
	tv_strv_free(names, n);
	return rc;
}

enum tv_status
tv_template_format(const struct tv_template *tpl, struct tv_template_file **out,
	size_t *nout, struct tv_diag *diag)
{
	*out = NULL;
	*nout = 0;
	size_t n = tpl->npackages;
	struct tv_template_file *files = tv_xcalloc(n + 1, sizeof *files);
	enum tv_status rc = TV_OK;
	struct tv_buf b = { 0 };
	write_programme(&b, tpl);
	size_t len = 0;
	char *text = tv_buf_detach(&b, &len);
	files[0] = (struct tv_template_file){ tv_xstrdup(PROGRAMME_FILE), text, len };
	for (size_t i = 0; i < n; i++) {
		char *name = package_file_name(&tpl->packages[i]);
		for (size_t k = 0; k < i && rc == TV_OK; k++)
			if (strcmp(files[k + 1].name, name) == 0)
				rc = tv_diag_set(diag, TV_INVALID, "two packages would be written "
					"to %s (duplicate package number)", name);
		struct tv_buf pb = { 0 };
		write_package(&pb, tpl, &tpl->packages[i]);
		text = tv_buf_detach(&pb, &len);
		files[i + 1] = (struct tv_template_file){ name, text, len };
	}
	if (rc != TV_OK) {
		tv_template_files_free(files, n + 1);
		return rc;
	}
	*out = files;
	*nout = n + 1;
	return TV_OK;
}

void
tv_template_files_free(struct tv_template_file *files, size_t n)
{
	for (size_t i = 0; files && i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
}
