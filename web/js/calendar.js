// calendar.js — the UI's one calendar: a calendar day is a day in the
// Netherlands (Europe/Amsterdam), whatever zone the browser is in, as on the
// server (src/base/timefmt.h). Times stay UTC ("...Z") in the API; what the
// user reads and types in a date-and-time control is Dutch wall-clock time.
// The summer-time rule comes from the browser's Intl (timeZone
// 'Europe/Amsterdam'); nothing here reads the browser's own zone.

export const ZONE = 'Europe/Amsterdam';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

// The Amsterdam wall clock at an instant (ms since the epoch):
// {year, month, day, hour, minute, second} as numbers.
function wall(ms) {
  const out = {};
  for (const p of partsFormat.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

// "YYYY-MM-DD": the Amsterdam day of an instant (default: now).
export function amsterdamDay(ms = Date.now()) {
  const w = wall(ms);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

// The Amsterdam calendar year of an instant (default: now).
export function amsterdamYear(ms = Date.now()) {
  return wall(ms).year;
}

// A UTC time of the API as the value of a datetime-local control: Dutch
// wall-clock time to the minute ("2026-01-05T23:30:00Z" -> "2026-01-06T00:30").
export function toWallInput(iso) {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const w = wall(ms);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

// A datetime-local value read as Dutch wall-clock time, back to the API's UTC
// ("...Z"). A time the October switch shows twice is the earlier one; a time
// the March switch skips is read with winter time, as on the server.
export function fromWallInput(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value || '');
  if (!m) return value;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
  const offsetAt = (ms) => {
    const w = wall(ms);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
  };
  const summer = asUtc - 2 * 3600e3;
  const ms = offsetAt(summer) === 2 * 3600e3 ? summer : asUtc - 3600e3;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
