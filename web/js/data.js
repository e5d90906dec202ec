// data.js — the records views share, fetched through api.js. The catalogue
// (organisations, sectors, threats, criteria, classes) changes rarely and is
// kept for the page's life; everything else is read fresh by each view.
// Also: who may change what, mirroring src/domain/access.h so that a user
// is not offered what the server would refuse (the server still decides).

import { listAll } from './api.js';
import { compareText, has, t, enumLabel, currentLang } from './i18n.js';
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

// Honest empty states (issue 13 part 7): why a list of a process's records
// may be empty for this user though records exist, decided from the role,
// the scope and the clearance alone, never from what exists (so nothing
// leaks): null when the user sees every such record (then "none recorded"
// is true), else the reason's key (mirrors access_can_read in
// src/domain/access.c). process: the process the records hang under, or
// null for records of all processes.
export function hiddenReason(user, process) {
  switch (user.role) {
    case 'coordinator': break;
    case 'department':
      if (!process) return 'department_all';
      if (process.ministry !== user.org) return 'department';
      break;
    case 'auditor':
      if (!process) return 'auditor_all';
      if (!(user.scope || []).includes(process.id)) return 'auditor';
      break;
    default: return 'provider';
  }
  return user.clearance === 'secret' ? null : 'clearance';
}

// The text of an empty list of what (a key of visibility.what.*): noneKey's
// sentence when the user sees them all, else "none visible to you" and why.
export function emptyText(user, process, what, noneKey) {
  // a provider reads every input of the processes it provides (access.c)
  const reason = what === 'dependencies' && user.role === 'provider' && process
    ? hiddenReason({ ...user, role: 'coordinator' }, process) : hiddenReason(user, process);
  if (!reason) return t(noneKey);
  const kind = t(`visibility.what.${what}`);
  return `${t('visibility.none', { what: kind })} ${t(`visibility.why.${reason}`, { what: kind, level: enumLabel('classification', user.clearance) })}`;
}

// A framework text of a record (name, description, annotation) in the
// user's language where the library translates it (<field>_translations,
// as CISO Assistant's YAML gives them), else as written: {text, lang}, the
// language it is in (the record's own `language`, else null), so the page
// can mark a text in another language (lang=) for hyphenation and screen
// readers (issue 13 part 8).
// fallbackLang: the language of a record that names none (a requirement
// is in its framework's).
export function textIn(record, field = 'name', fallbackLang = null) {
  const want = currentLang();
  const translated = record && record[`${field}_translations`] && record[`${field}_translations`][want];
  if (translated) return { text: translated, lang: want };
  return { text: record ? record[field] || '' : '', lang: (record && record.language) || fallbackLang };
}
