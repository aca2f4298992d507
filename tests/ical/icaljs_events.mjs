// SPDX-License-Identifier: MPL-2.0
// What ical.js (the parser of Thunderbird and many web calendars) reads from one
// calendar file, for tests/cli/ical_corpus.sh to hold tavle's import against: every
// VEVENT as start, end and title in Europe/Copenhagen local time, a recurring one
// expanded with ical.js's own iterator into its occurrences inside a window given on
// the command line, each keyed by UID + RECURRENCE-ID (the occurrence's original
// start, in Copenhagen time like the start). It owns no judgement: it prints what it
// read, and the test compares.
// Times: a DATE prints as YYYY-MM-DD, and an all-day end as the last day (inclusive,
// as the board shows it: iCalendar's DTEND date is exclusive); a DATE-TIME as
// "YYYY-MM-DD HH:MM" (seconds cut off, as tavle keeps minutes). UTC and zones of the
// file's VTIMEZONEs are converted by ical.js; a floating time is the wall clock as
// written; a TZID the file does not define is looked up by name in Node's zone
// database (ICU), after stripping the prefixes Evolution and Mozilla write and mapping
// the Windows names Outlook writes (the CLDR names for those the corpus holds). A
// zone found nowhere is reported as "zone" so the test can tell.
// Each event also carries the first and last line of its VEVENT in the file (physical
// lines, from 1), so a skip reason naming a line can be matched to it.
// Usage: node icaljs_events.mjs FILE FROM TO   (FROM, TO: YYYY-MM-DD, the window for
// occurrences; TO exclusive). Prints a JSON array; exit 1 if ical.js cannot parse.
import fs from 'node:fs';
import ICAL from 'ical.js';

const [file, fromArg = '1970-01-01', toArg = '2500-01-01'] = process.argv.slice(2);
if (!file) {
	console.error('usage: node icaljs_events.mjs FILE [FROM TO]');
	process.exit(2);
}
const text = fs.readFileSync(file, 'utf8');
const HOME = 'Europe/Copenhagen';
const MAX_OCCURRENCES = 2000;

// CLDR windowsZones (territory 001) for the Windows names tavle's tz.c maps.
const WINDOWS = {
	'Romance Standard Time': 'Europe/Paris',
	'W. Europe Standard Time': 'Europe/Berlin',
	'Central Europe Standard Time': 'Europe/Budapest',
	'Central European Standard Time': 'Europe/Warsaw',
	'GMT Standard Time': 'Europe/London',
	'Greenwich Standard Time': 'Atlantic/Reykjavik',
	'E. Europe Standard Time': 'Europe/Chisinau',
	'FLE Standard Time': 'Europe/Kiev',
	'GTB Standard Time': 'Europe/Bucharest',
	'Eastern Standard Time': 'America/New_York',
	'Central Standard Time': 'America/Chicago',
	'Mountain Standard Time': 'America/Denver',
	'Pacific Standard Time': 'America/Los_Angeles',
	'US Mountain Standard Time': 'America/Phoenix',
	'Alaskan Standard Time': 'America/Anchorage',
	'Hawaiian Standard Time': 'Pacific/Honolulu',
	'Atlantic Standard Time': 'America/Halifax',
	'AUS Eastern Standard Time': 'Australia/Sydney',
	'Tokyo Standard Time': 'Asia/Tokyo',
	'China Standard Time': 'Asia/Shanghai',
	'India Standard Time': 'Asia/Calcutta',
	'Russian Standard Time': 'Europe/Moscow',
	'UTC': 'Etc/UTC',
};

function zoneName(tzid) {
	let name = tzid.trim().replace(/^"|"$/g, '');
	if (WINDOWS[name])
		return WINDOWS[name];
	name = name.replace(/^\/freeassociation\.sourceforge\.net\/(Tzfile\/)?/, '')
		.replace(/^\/mozilla\.org\/[^/]+\//, '')
		.replace(/^\/softwarestudio\.org\/Olson_[^/]+\//, '');
	try {
		new Intl.DateTimeFormat('en', { timeZone: name });
		return name;
	} catch {
		return null;
	}
}

const fmtCache = new Map();
function fields(ms, zone) {
	let f = fmtCache.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-CA', {
			timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
			day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
		});
		fmtCache.set(zone, f);
	}
	const o = {};
	for (const p of f.formatToParts(new Date(ms)))
		o[p.type] = p.value;
	return o;
}
const pad = (n, w = 2) => String(n).padStart(w, '0');
const wall = (y, mo, d, h, mi) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`;

function homeString(ms) {
	const o = fields(ms, HOME);
	return `${o.year}-${o.month}-${o.day} ${o.hour}:${o.minute}`;
}

// UTC milliseconds of a wall-clock time in a named zone (the earlier of two in the
// autumn's repeated hour, as RFC 5545 §3.3.5 says).
function wallToUtc(t, zone) {
	const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
	let best = null;
	for (const guess of [asUtc - 14 * 3600e3, asUtc, asUtc + 14 * 3600e3]) {
		const o = fields(guess, zone);
		const off = Date.UTC(+o.year, +o.month - 1, +o.day, +o.hour, +o.minute, +o.second) - guess;
		const cand = asUtc - off;
		const back = fields(cand, zone);
		if (+back.hour === t.hour && +back.minute === t.minute && (best === null || cand < best))
			best = cand;
	}
	return best;
}

function dateString(t) {
	return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

// A time as the board would show it; `tzid` is the property's TZID parameter.
function show(t, tzid) {
	if (t.isDate)
		return dateString(t);
	const zone = t.zone;
	if (zone && zone.tzid === 'UTC')
		return homeString(t.toUnixTime() * 1000);
	if (tzid && ICAL.TimezoneService.has(tzid))
		return homeString(t.toUnixTime() * 1000);
	if (tzid) {
		const name = zoneName(tzid);
		if (!name)
			return 'zone';
		const ms = wallToUtc(t, name);
		return ms === null ? 'gap' : homeString(ms);
	}
	return wall(t.year, t.month, t.day, t.hour, t.minute);
}

// The last day of an all-day event (DTEND exclusive; no end or a zero length: the start).
function inclusiveEnd(start, end) {
	if (!end || end.compare(start) <= 0)
		return dateString(start);
	const e = end.clone();
	e.adjust(-1, 0, 0, 0);
	return dateString(e);
}

function tzidOf(comp, name) {
	const p = comp.getFirstProperty(name);
	return p ? p.getParameter('tzid') : null;
}

// Physical line ranges of the VEVENTs, in file order (ical.js keeps the same order).
const lineRanges = [];
{
	const lines = text.split(/\r\n|\n|\r/);
	let depth = 0, begin = 0;
	lines.forEach((l, i) => {
		const u = l.toUpperCase().trimEnd();
		if (u === 'BEGIN:VEVENT') { depth++; if (depth === 1) begin = i + 1; }
		else if (u === 'END:VEVENT' && depth > 0) { depth--; if (depth === 0) lineRanges.push([begin, i + 1]); }
	});
}

let roots;
try {
	const parsed = ICAL.parse(text);
	roots = Array.isArray(parsed[0]) ? parsed : [parsed];
} catch (e) {
	console.log(JSON.stringify({ error: e.message }));
	process.exit(1);
}

const out = [];
const from = ICAL.Time.fromDateString(fromArg);
const to = ICAL.Time.fromDateString(toArg);
let veventIndex = 0;

for (const jcal of roots) {
	const cal = new ICAL.Component(jcal);
	ICAL.TimezoneService.reset();
	for (const vtz of cal.getAllSubcomponents('vtimezone')) {
		try { ICAL.TimezoneService.register(vtz); } catch { /* a broken zone stays unknown */ }
	}
	const method = (cal.getFirstPropertyValue('method') || '').toString().toUpperCase();
	const vevents = cal.name === 'vevent' ? [cal] : cal.getAllSubcomponents('vevent');
	const withLines = vevents.map((c) => ({ c, lines: lineRanges[veventIndex++] || [0, 0] }));
	// Overrides (RECURRENCE-ID) go with their series' master in the same calendar.
	const masters = new Map();
	for (const x of withLines) {
		const uid = x.c.getFirstPropertyValue('uid');
		if (!x.c.hasProperty('recurrence-id') && uid !== null)
			masters.set(String(uid), x);
	}
	const record = (comp, lines, start, end, startTzid, endTzid, rid, ridTzid, recurring) => {
		const uid = comp.getFirstPropertyValue('uid');
		const status = (comp.getFirstPropertyValue('status') || '').toString().toUpperCase();
		const summary = comp.getFirstPropertyValue('summary');
		const ev = {
			uid: uid === null ? null : String(uid),
			rid: rid ? show(rid, ridTzid) : null,
			title: summary === null ? null : String(summary),
			start: start ? show(start, startTzid) : null,
			end: null,
			cancelled: method === 'CANCEL' || status === 'CANCELLED',
			recurring,
			first: lines[0],
			last: lines[1],
		};
		if (start && start.isDate)
			ev.end = inclusiveEnd(start, end);
		else if (start)
			ev.end = end ? show(end, endTzid) : ev.start;
		out.push(ev);
	};
	for (const x of withLines) {
		try {
			eventOf(x);
		} catch (e) {
			const uid = x.c.getFirstProperty('uid');
			out.push({ uid: uid ? String(uid.getFirstValue()) : null,
				error: String(e.message).split('\n')[0], first: x.lines[0], last: x.lines[1] });
		}
	}
	// One VEVENT (with its series' occurrences) into `out`; ical.js may throw on a
	// value it cannot read, which costs only this event.
	function eventOf(x) {
		const c = x.c;
		const uid = c.getFirstPropertyValue('uid');
		const isOverride = c.hasProperty('recurrence-id');
		if (isOverride && uid !== null && masters.has(String(uid)) &&
		    (masters.get(String(uid)).c.hasProperty('rrule') || masters.get(String(uid)).c.hasProperty('rdate')))
			return; // reported through its master's iterator
		let event;
		try {
			event = new ICAL.Event(c);
		} catch (e) {
			out.push({ uid: uid === null ? null : String(uid), error: e.message, first: x.lines[0], last: x.lines[1] });
			return;
		}
		const dtstart = c.getFirstPropertyValue('dtstart');
		const recurring = c.hasProperty('rrule') || c.hasProperty('rdate');
		if (!dtstart) {
			record(c, x.lines, null, null, null, null, null, null, recurring);
			return;
		}
		if (!recurring) {
			const rid = isOverride ? c.getFirstPropertyValue('recurrence-id') : null;
			let end = null;
			try { end = c.hasProperty('dtend') || c.hasProperty('duration') ? event.endDate : null; } catch { end = null; }
			record(c, x.lines, event.startDate, end, tzidOf(c, 'dtstart'),
				c.hasProperty('dtend') ? tzidOf(c, 'dtend') : tzidOf(c, 'dtstart'),
				rid, isOverride ? tzidOf(c, 'recurrence-id') : null, false);
			return;
		}
		for (const y of withLines) {
			const yu = y.c.getFirstPropertyValue('uid');
			if (y !== x && y.c.hasProperty('recurrence-id') && yu !== null && String(yu) === String(uid)) {
				try { event.relateException(y.c); } catch { /* an override ical.js cannot place */ }
			}
		}
		let it, next, n = 0, steps = 0;
		// A series with no occurrence inside the window: tavle imports the one nearest
		// it (the last before, else the first after), so that one is read here too.
		let before = null, after = null;
		const put = (d) => {
			const item = d.item.component;
			const lines = d.item === event ? x.lines :
				(withLines.find((z) => z.c === item) || x).lines;
			const hasEnd = item.hasProperty('dtend') || item.hasProperty('duration') ||
				c.hasProperty('dtend') || c.hasProperty('duration');
			record(item, lines, d.startDate, hasEnd ? d.endDate : null,
				tzidOf(item, 'dtstart'),
				item.hasProperty('dtend') ? tzidOf(item, 'dtend') : tzidOf(item, 'dtstart'),
				d.recurrenceId, tzidOf(c, 'dtstart'), true);
		};
		try {
			it = event.iterator();
			while ((next = it.next()) && steps++ < 100000 && n < MAX_OCCURRENCES) {
				if (next.compare(to) >= 0) {
					const d = event.getOccurrenceDetails(next);
					if (d.startDate.compare(to) >= 0)
						after = d;
					break;
				}
				const d = event.getOccurrenceDetails(next);
				if (d.startDate.compare(to) >= 0)
					continue;
				if (d.endDate.compare(from) < 0) {
					before = d;
					continue;
				}
				put(d);
				n++;
			}
			if (n === 0 && (before || after))
				put(before || after);
		} catch (e) {
			out.push({ uid: uid === null ? null : String(uid), error: `recurrence: ${e.message}`, first: x.lines[0], last: x.lines[1] });
		}
	}
}
console.log(JSON.stringify(out, null, 1));
