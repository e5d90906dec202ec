// data.js — the records views share, fetched through api.js. The catalogue
// (organisations, sectors, threats, criteria, classes) changes rarely and is
// kept for the page's life; everything else is read fresh by each view.
// Also: who may change what, mirroring src/domain/access.h so that a user
// is not offered what the server would refuse (the server still decides).

import { listAll } from './api.js';
import { compareText, has, t } from './i18n.js';
import { amsterdamDay } from './calendar.js';

const catalogue = new Map();

export function catalogueList(kind) {
  if (!catalogue.has(kind)) {
    const p = listAll(kind).catch((err) => { catalogue.delete(kind); throw err; });
    catalogue.set(kind, p);
  }
  return catalogue.get(kind);
}

export async function byId(kind) {
  const items = await catalogueList(kind);
  return new Map(items.map((r) => [r.id, r]));
}

// An impact criterion of the national risk method ({id, name}) as "1.1 name"
// in the user's language; the catalogue's own (Dutch) name only for a
// criterion the translation files do not know.
export function criterionLabel(c) {
  return `${c.id} ${has(`impact_criterion.${c.id}`) ? t(`impact_criterion.${c.id}`) : c.name}`;
}

export function sortByName(items, key = 'name') {
  return [...items].sort((a, b) => compareText(a[key], b[key]) || compareText(a.id, b.id));
}

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'secret'];

// The TLP marking a classification implies: the one the server gives a
// record written without one (src/domain/sharing.h).
const IMPLIED_TLP = { public: 'clear', internal: 'green', confidential: 'amber', secret: 'red' };
export function impliedTlp(classification) {
  return IMPLIED_TLP[classification] || 'amber';
}

export function clearanceAllows(user, classification) {
  return CLASSIFICATIONS.indexOf(classification) <= CLASSIFICATIONS.indexOf(user.clearance);
}

// The processes a provider provides, for write checks. Its provider links
// may be hidden from it (a ministry owns them, above public), while the
// server counts every link; a provider reads exactly the (public) processes
// it provides, so those count too.
let providedCache = null; // { username, promise }: one user's, for the page's life
export async function providedProcesses(user) {
  if (user.role !== 'provider') return new Set();
  if (!providedCache || providedCache.username !== user.username) {
    const promise = Promise.all([listAll('provider_links', { provider: user.org }), listAll('processes')])
      .then(([links, processes]) => new Set([...links.map((l) => l.process), ...processes.map((p) => p.id)]))
      .catch((err) => { providedCache = null; throw err; });
    providedCache = { username: user.username, promise };
  }
  return providedCache.promise;
}

// Whether user may write a record of a process (process: the process record
// it hangs under; owner: the record's owning organisation).
export function canWrite(user, process, owner, provided) {
  if (!user || !process) return false;
  switch (user.role) {
    case 'coordinator': return true;
    // owners write their own (issue 14 part 4): its ministry's records only
    case 'department': return process.ministry === user.org && owner === user.org;
    case 'provider': return owner === user.org && Boolean(provided && provided.has(process.id));
    default: return false;
  }
}

// The organisation a new record of this process is owned by.
export function defaultOwner(user, process) {
  if (user.role === 'coordinator') return process.ministry;
  return user.org;
}

// Today in the Netherlands, "YYYY-MM-DD": the day the server counts with,
// also when the browser is in another zone.
export function todayIso() {
  return amsterdamDay();
}
