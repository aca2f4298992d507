/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The benchmark's database generator: `gen DB [BOARDS]` writes a large, realistic
 * database (default 1,000 boards) at DB through the public store and template API only,
 * so it exercises exactly the code a user's edits do. Everything comes from a fixed-seed
 * PRNG and a fixed store clock, so two runs give the same content. Each board is one
 * transaction (tv_store_begin/commit), which is what makes 1,000 boards take seconds.
 * Depends on the core library only; never on curses.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tavle/date.h"
#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"
#include "tavle/template.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* The 98 Danish municipalities (2007 reform), as the authorities call themselves. */
static const char *const municipalities[] = {
	"Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholms Regions",
	"Brøndby", "Brønderslev", "Dragør", "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe",
	"Fredensborg", "Fredericia", "Frederiksberg", "Frederikshavn", "Frederikssund",
	"Furesø", "Faaborg-Midtfyn", "Gentofte", "Gladsaxe", "Glostrup", "Greve", "Gribskov",
	"Guldborgsund", "Haderslev", "Halsnæs", "Hedensted", "Helsingør", "Herlev", "Herning",
	"Hillerød", "Hjørring", "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup",
	"Hørsholm", "Ikast-Brande", "Ishøj", "Jammerbugt", "Kalundborg", "Kerteminde",
	"Kolding", "Københavns", "Køge", "Langeland", "Lejre", "Lemvig", "Lolland",
	"Lyngby-Taarbæk", "Læsø", "Mariagerfjord", "Middelfart", "Morsø", "Norddjurs",
	"Nordfyns", "Nyborg", "Næstved", "Odder", "Odense", "Odsherred", "Randers", "Rebild",
	"Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal", "Rødovre", "Samsø",
	"Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø", "Stevns", "Struer",
	"Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby", "Vallensbæk",
	"Varde", "Vejen", "Vejle", "Vesthimmerlands", "Viborg", "Vordingborg", "Ærø",
	"Aabenraa", "Aalborg", "Aarhus",
};

static const char *const regions[] = {
	"Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland",
	"Region Nordjylland",
};

static const char *const state_bodies[] = {
	"Digitaliseringsstyrelsen", "Skattestyrelsen", "Udbetaling Danmark",
	"Styrelsen for Arbejdsmarked og Rekruttering", "Styrelsen for It og Læring",
	"Styrelsen for Dataforsyning og Infrastruktur", "Styrelsen for Patientsikkerhed",
	"Sundhedsstyrelsen", "Lægemiddelstyrelsen", "Erhvervsstyrelsen", "Sikkerhedsstyrelsen",
	"Søfartsstyrelsen", "Færdselsstyrelsen", "Vejdirektoratet", "Banedanmark",
	"Miljøstyrelsen", "Naturstyrelsen", "Landbrugsstyrelsen", "Fiskeristyrelsen",
	"Fødevarestyrelsen", "Energistyrelsen", "Klimadatastyrelsen",
	"Styrelsen for Undervisning og Kvalitet", "Uddannelses- og Forskningsstyrelsen",
	"Slots- og Kulturstyrelsen", "Familieretshuset", "Ankestyrelsen",
	"Styrelsen for International Rekruttering og Integration", "Udlændingestyrelsen",
	"Rigspolitiet", "Domstolsstyrelsen", "Kriminalforsorgen", "Civilstyrelsen",
	"Motorstyrelsen", "Gældsstyrelsen", "Vurderingsstyrelsen", "Toldstyrelsen",
	"Spillemyndigheden", "Arbejdstilsynet", "Arbejdsmarkedets Erhvervssikring",
	"Statens Administration", "Økonomistyrelsen", "Statens It",
	"Forsvarsministeriets Personalestyrelse", "Hjemrejsestyrelsen",
	"Social- og Boligstyrelsen", "Bolig- og Planstyrelsen", "Danmarks Statistik",
	"Datatilsynet", "Konkurrence- og Forbrugerstyrelsen", "Styrelsen for Patientklager",
	"Sundhedsdatastyrelsen", "Statens Serum Institut", "Finanstilsynet", "Rigsarkivet",
	"Nævnenes Hus", "Kystdirektoratet", "Beredskabsstyrelsen",
	"Styrelsen for Forsyningssikkerhed", "Dansk Sprognævn", "Finansministeriet",
	"Justitsministeriet", "Beskæftigelsesministeriet", "Skatteministeriet",
	"Indenrigs- og Sundhedsministeriet", "Social- og Boligministeriet",
	"Børne- og Undervisningsministeriet", "Kulturministeriet", "Erhvervsministeriet",
	"Udenrigsministeriet", "Transportministeriet", "Miljøministeriet",
};

/* Units of a large authority that run their own board (a municipality's
 * administrations, a region's hospitals). */
static const char *const muni_units[] = {
	"Borgerservice", "Jobcenter", "Socialforvaltningen", "Børne- og Ungdomsforvaltningen",
	"Teknik- og Miljøforvaltningen", "Sundheds- og Omsorgsforvaltningen",
	"Kultur- og Fritidsforvaltningen", "Økonomiforvaltningen", "Ydelsescenter",
	"Beskæftigelsesforvaltningen",
};

/* Extra packages per area: titles and task verbs in the template's style. */
static const char *const extra_titles[TV_AREA_COUNT][8] = {
	{ "Gevinstrealisering", "Risikostyring", "Styregruppens arbejde",
	  "Ressourceplan for projektgruppen", "Afklaring af budget", "Opfølgning på scope",
	  "Porteføljeoverblik", "Evaluering af forløbet" },
	{ "Nyhedsbrev til medarbejdere", "Borgerrettet kommunikation",
	  "Intranet og interne nyheder", "Kommunikation til leverandører",
	  "Pressehåndtering ved go-live", "Skabeloner til breve", "Hjemmesidens tekster",
	  "Kommunikation til erhvervslivet" },
	{ "Test af integrationer", "Migrering af funktionspostkasser",
	  "Opdatering af afsendersystemer", "Fuldmagter og adgange", "Overvågning af drift",
	  "Certifikater og nøgler", "Datakvalitet i CPR- og CVR-opslag",
	  "Nedlukning af gamle snitflader" },
	{ "Superbrugeruddannelse", "E-læringsmodul for sagsbehandlere",
	  "Vejledninger til support", "Klar-parat-test af supporten", "FAQ til borgere",
	  "Træning i administrationsportalen", "Introduktion af nye medarbejdere",
	  "Opfølgning på supporthenvendelser" },
};

static const char *const task_verbs[] = {
	"Udarbejd plan for", "Afhold møde om", "Beskriv", "Godkend", "Test", "Afklar",
	"Send status om", "Dokumentér", "Følg op på", "Aftal ansvar for",
};

static const char *const owners[] = {
	"Kontaktperson", "Projektleder", "IT-arkitekt", "Kommunikationsmedarbejder",
	"Supportansvarlig", "Juridisk konsulent", "Digitaliseringschef", "Økonomimedarbejder",
};

static const char *const first_names[] = {
	"Mette", "Lars", "Hanne", "Søren", "Anne", "Jens", "Kirsten", "Niels", "Birgitte",
	"Rasmus", "Louise", "Mads", "Camilla", "Jørgen", "Signe", "Thomas", "Åse", "Øjvind",
};

static const char *const last_names[] = {
	"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
	"Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Østergaard", "Bæk",
};

static const char *const comment_texts[] = {
	"Leverandøren har bekræftet datoen for test.",
	"Vi afventer svar fra ledelsen om ressourcer.",
	"Blokeret: certifikatet er ikke bestilt endnu.",
	"Status drøftet på styregruppemødet; vi holder planen.",
	"Spørgsmål til Digitaliseringsstyrelsen sendt via supportformularen.",
	"Der mangler en ansvarlig for funktionspostkasserne i Borgerservice.",
	"Materialet er sendt i høring hos de faglige enheder.",
	"Husk at opdatere kontaktpersonen i administrationsportalen.",
};

/* splitmix64: small, fast, and the same sequence on every machine. */
static uint64_t rng_state = 0x74617669654e6744ULL;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void
die(struct tv_store *s, const char *what, enum tv_status st)
{
	fprintf(stderr, "gen: %s: %s (%s)\n", what, tv_status_message(st),
		s ? tv_store_errmsg(s) : "");
	exit(1);
}

#define CHECK(s, what, call) do { \
	enum tv_status st_ = (call); \
	if (st_ != TV_OK) \
		die((s), (what), st_); \
} while (0)

/* The name and authority of board i (unique names). */
static void
board_identity(size_t i, char *name, size_t namesz, char *auth, size_t authsz,
	enum tv_sector *sector)
{
	size_t nm = NELEM(municipalities), nr = NELEM(regions), ns = NELEM(state_bodies);
	if (i < nm + nr + ns) {
		if (i < nm) {
			snprintf(auth, authsz, "%s Kommune", municipalities[i]);
			*sector = TV_SECTOR_MUNICIPALITY;
		} else if (i < nm + nr) {
			snprintf(auth, authsz, "%s", regions[i - nm]);
			*sector = TV_SECTOR_REGION;
		} else {
			snprintf(auth, authsz, "%s", state_bodies[i - nm - nr]);
			*sector = TV_SECTOR_STATE;
		}
		snprintf(name, namesz, "%s", auth);
		return;
	}
	size_t k = i - (nm + nr + ns);
	size_t unit = k / nm, m = k % nm;
	snprintf(auth, authsz, "%s Kommune", municipalities[m]);
	*sector = TV_SECTOR_MUNICIPALITY;
	if (unit < NELEM(muni_units))
		snprintf(name, namesz, "%s, %s", auth, muni_units[unit]);
	else
		snprintf(name, namesz, "%s, enhed %zu", auth, unit + 1);
}

static enum tv_pstatus
random_status(void)
{
	unsigned r = pick(100);
	return r < 35 ? TV_TODO : r < 60 ? TV_DOING : r < 70 ? TV_BLOCKED : TV_DONE;
}

static void
set_field(struct tv_store *s, enum tv_kind kind, int64_t id, const char *field,
	const char *value)
{
	CHECK(s, field, tv_store_set(s, kind, id, field, value, 0, NULL, NULL));
}

static void
add_extra_package(struct tv_store *s, const struct tv_board_data *d, const char *auth,
	int k, size_t *ntasks)
{
	struct tv_package p = { 0 };
	p.board_id = d->board.id;
	p.number = -1;
	p.area = (enum tv_area)(k % TV_AREA_COUNT);
	char title[160];
	snprintf(title, sizeof title, "%s", extra_titles[p.area][pick(8)]);
	if (pick(3) == 0) {
		size_t len = strlen(title);
		snprintf(title + len, sizeof title - len, " (%s)", k < 5 ? "del 1" : "del 2");
	}
	p.title = title;
	p.status = random_status();
	p.owner = (char *)owners[pick(NELEM(owners))];
	p.deadline.day = d->board.start + 20 + (int32_t)pick(520);
	p.deadline.minute = TV_NO_TIME;
	if (d->nphases)
		p.phase_id = d->phases[pick((unsigned)d->nphases)].id;
	char bg[512], req[256], proc[512];
	snprintf(bg, sizeof bg,
		"%s har tilføjet denne pakke til sit eget forløb. Den dækker \"%s\" og bygger på "
		"erfaringerne fra frontløbermyndighederne.\nArbejdet koordineres af %s.",
		auth, title, p.owner);
	snprintf(req, sizeof req, "- Der er udpeget en ansvarlig.\n- Planen er godkendt af "
		"ledelsen inden fristen.");
	snprintf(proc, sizeof proc, "1. Afklar omfang og ansvar.\n2. Planlæg aktiviteterne og "
		"sæt frister i tavlen.\n3. Følg op på styregruppemødet.\n4. Luk pakken, når output "
		"er leveret.");
	p.sections[TV_SEC_BACKGROUND] = bg;
	p.sections[TV_SEC_REQUIREMENTS] = req;
	p.sections[TV_SEC_PROCESS] = proc;
	p.sections[TV_SEC_OUTPUT] = (char *)"Output: en godkendt plan og en kort statusnote.";
	CHECK(s, "package add", tv_store_package_add(s, &p));
	int64_t pid = p.id;
	free(p.uid);
	free(p.updated_at);
	free(p.updated_by);
	for (int t = 0; t < 5; t++) {
		struct tv_task task = { 0 };
		char tt[200];
		snprintf(tt, sizeof tt, "%s %s", task_verbs[pick(NELEM(task_verbs))], title);
		/* Lower-case the first letter of the object for a natural sentence. */
		task.package_id = pid;
		task.title = tt;
		task.deadline.day = p.deadline.day - 5 * (4 - t) - (int32_t)pick(4);
		task.deadline.minute = TV_NO_TIME;
		task.done = p.status == TV_DONE || pick(4) == 0;
		task.responsible = (enum tv_responsible)(pick(10) < 7 ? TV_RESP_AUTHORITY :
			pick(2) ? TV_RESP_AGENCY : TV_RESP_SUPPLIER);
		task.minimum = pick(5) == 0;
		CHECK(s, "task add", tv_store_task_add(s, &task));
		free(task.uid);
		free(task.updated_at);
		(*ntasks)++;
	}
}

/* Statuses, owners, done tasks, comments and a few edits (history) on the template part. */
static void
vary_template_part(struct tv_store *s, const struct tv_board_data *d, size_t *ncomments,
	size_t *ntasks)
{
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		enum tv_pstatus st = random_status();
		if (st != p->status)
			set_field(s, TV_KIND_PACKAGE, p->id, "status", tv_pstatus_key(st));
		if (pick(4) == 0) {
			char who[80];
			snprintf(who, sizeof who, "%s %s", first_names[pick(NELEM(first_names))],
				last_names[pick(NELEM(last_names))]);
			set_field(s, TV_KIND_PACKAGE, p->id, "owner", who);
		}
		if (pick(5) == 0 && p->deadline.day != TV_NO_DAY) {
			/* A postponed deadline, as coordinators do. */
			char buf[TV_DATE_BUF];
			tv_date_format(p->deadline.day + 7 + (int32_t)pick(60), buf);
			set_field(s, TV_KIND_PACKAGE, p->id, "deadline", buf);
		}
		for (size_t t = 0; t < p->ntasks; t++) {
			(*ntasks)++;
			if (st == TV_DONE || pick(3) == 0)
				set_field(s, TV_KIND_TASK, p->tasks[t].id, "done", "yes");
		}
		if (pick(3) == 0) {
			struct tv_comment c = { 0 };
			char author[80];
			snprintf(author, sizeof author, "%s %s",
				first_names[pick(NELEM(first_names))], last_names[pick(NELEM(last_names))]);
			c.package_id = p->id;
			c.author = author;
			c.text = (char *)comment_texts[pick(NELEM(comment_texts))];
			CHECK(s, "comment add", tv_store_comment_add(s, &c));
			free(c.created_at);
			(*ncomments)++;
		}
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DB [BOARDS]\n", argv[0]);
		return 2;
	}
	const char *path = argv[1];
	size_t nboards = argc == 3 ? (size_t)strtoul(argv[2], NULL, 10) : 1000;
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "gen: %s exists; remove it first\n", path);
		return 1;
	}
	struct tv_diag diag = { 0 };
	struct tv_store *s = NULL;
	enum tv_status st = tv_store_open(path, TV_STORE_CREATE, &s, &diag);
	if (st != TV_OK) {
		fprintf(stderr, "gen: %s: %s\n", path, diag.msg);
		return 1;
	}
	tv_store_set_user(s, "bench");
	struct tv_template *tpl = NULL;
	if (tv_template_load_default(&tpl, &diag) != TV_OK) {
		fprintf(stderr, "gen: default template: %s\n", diag.msg);
		return 1;
	}
	bool tty = isatty(STDERR_FILENO);
	/* A fixed clock: history timestamps do not depend on when the benchmark ran. */
	time_t base = 1767254400; /* 2026-01-01T08:00:00Z */
	int32_t first_start;
	tv_date_from_ymd(2025, 9, 1, &first_start);
	size_t npk = 0, ntasks = 0, ncomments = 0, nmeet = 0, nphases = 0;
	for (size_t i = 0; i < nboards; i++) {
		tv_store_set_now(s, base + (time_t)i * 97);
		char name[200], auth[160];
		struct tv_board b = { 0 };
		board_identity(i, name, sizeof name, auth, sizeof auth, &b.sector);
		b.name = name;
		b.authority = auth;
		/* Programme starts spread over a year, so some boards are far along. */
		b.start = first_start + (int32_t)pick(365);
		CHECK(s, "begin", tv_store_begin(s));
		CHECK(s, "instantiate", tv_template_instantiate(s, tpl, &b, &diag));
		int64_t bid = b.id;
		free(b.created_at);
		struct tv_board_data *d = NULL;
		CHECK(s, "load", tv_store_load_board(s, bid, &d));
		vary_template_part(s, d, &ncomments, &ntasks);
		for (int k = 0; k < 10; k++)
			add_extra_package(s, d, auth, k, &ntasks);
		npk += d->npackages + 10;
		nmeet += d->nmeetings;
		nphases += d->nphases;
		tv_board_data_free(d);
		CHECK(s, "commit", tv_store_commit(s));
		if (tty && (i % 10 == 9 || i + 1 == nboards))
			fprintf(stderr, "\rgen: %zu/%zu boards", i + 1, nboards);
	}
	if (tty)
		fputc('\n', stderr);
	tv_template_free(tpl);
	int64_t head = 0;
	tv_store_history_head(s, &head);
	printf("boards %zu packages %zu tasks %zu phases %zu meetings %zu comments %zu "
		"history %lld\n", nboards, npk, ntasks, nphases, nmeet, ncomments, (long long)head);
	tv_store_close(s);
	return 0;
}
