// SPDX-License-Identifier: MPL-2.0
// Conformance check with ical.js (the parser of Thunderbird and many web calendars):
// every file written by gen_export is parsed, and each item must read as expected.json
// says: count, UID, summary (exact Danish text), all-day dates with the exclusive end,
// timed instants in UTC, and time zones resolved from the embedded VTIMEZONE (never
// floating). Usage: node check_icaljs.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';

const dir = process.argv[2];
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
let failures = 0;
const fail = (msg) => { console.log(`FAIL  ical.js: ${msg}`); failures++; };

function timeString(t) {
	if (t.isDate)
		return t.toString(); // YYYY-MM-DD
	return new Date(t.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
}

for (const [name, exp] of Object.entries(expected)) {
	const text = fs.readFileSync(path.join(dir, name), 'utf8');
	let cal;
	try {
		cal = new ICAL.Component(ICAL.parse(text));
	} catch (e) {
		fail(`${name}: parse error ${e.message}`);
		continue;
	}
	// Zones must be registered before any time value is read (values decode lazily);
	// the registry is global, so start empty: each file must bring its own VTIMEZONE.
	ICAL.TimezoneService.reset();
	for (const vtz of cal.getAllSubcomponents('vtimezone'))
		ICAL.TimezoneService.register(vtz);
	const kind = exp.todo ? 'vtodo' : 'vevent';
	const items = cal.getAllSubcomponents(kind);
	const other = cal.getAllSubcomponents(exp.todo ? 'vevent' : 'vtodo');
	let bad = 0;
	const check = (cond, msg) => { if (!cond) { fail(`${name}: ${msg}`); bad++; } };
	check(items.length === exp.items.length, `${items.length} ${kind} components, expected ${exp.items.length}`);
	check(other.length === 0, `unexpected ${other.length} other components`);
	const byUid = new Map(items.map((c) => [c.getFirstPropertyValue('uid'), c]));
	check(byUid.size === items.length, 'duplicate UIDs');
	for (const want of exp.items) {
		const c = byUid.get(want.uid);
		if (!c) { check(false, `no item with UID ${want.uid}`); continue; }
		const summary = c.getFirstPropertyValue('summary');
		check(summary === want.summary, `${want.uid}: summary ${JSON.stringify(summary)} != ${JSON.stringify(want.summary)}`);
		for (const p of ['summary', 'description', 'location']) {
			const v = c.getFirstPropertyValue(p);
			if (v !== null && v !== undefined)
				check(!/[\r\x00-\x08\x0b-\x1f]/.test(v), `${want.uid}: control character in ${p}`);
		}
		const status = c.getFirstPropertyValue('status');
		check((status === 'CANCELLED') === want.cancelled, `${want.uid}: status ${status}`);
		const startProp = exp.todo ? 'due' : 'dtstart';
		const start = c.getFirstPropertyValue(startProp);
		if (!start) { check(false, `${want.uid}: no ${startProp}`); continue; }
		check(start.isDate === want.allday, `${want.uid}: ${startProp} isDate ${start.isDate}`);
		if (!start.isDate) {
			const tzid = start.zone ? start.zone.tzid : null;
			check(tzid === 'Europe/Copenhagen', `${want.uid}: ${startProp} zone ${tzid} (floating or unresolved)`);
		}
		check(timeString(start) === want.start, `${want.uid}: ${startProp} ${timeString(start)} != ${want.start}`);
		if (!exp.todo) {
			const end = c.getFirstPropertyValue('dtend');
			if (!end) { check(false, `${want.uid}: no DTEND`); continue; }
			check(timeString(end) === want.end, `${want.uid}: DTEND ${timeString(end)} != ${want.end}`);
			const ev = new ICAL.Event(c);
			check(ev.endDate.compare(ev.startDate) > 0, `${want.uid}: end not after start`);
		}
	}
	if (bad === 0)
		console.log(`ok    ical.js: ${name}: ${items.length} ${kind.toUpperCase()}s as expected`);
}
process.exit(failures ? 1 : 0);
