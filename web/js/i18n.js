// i18n.js — the UI's two languages. Every label lives in i18n/nl.json or
// i18n/en.json (same keys); Dutch is the default, the choice is remembered
// in localStorage. Dates and numbers are formatted with Intl in the user's
// locale for the chosen language (nl-BE stays nl-BE, en-US stays en-US);
// times on the Dutch clock (calendar.js), whatever the browser's zone.

import { ZONE } from './calendar.js';

const STORAGE_KEY = 'vitaal.lang';
export const LANGUAGES = ['nl', 'en'];

let lang = 'nl';
let messages = {};
const missing = new Set();
window.__vitaalMissingKeys = missing; // read by the browser tests

export function currentLang() {
  return lang;
}

export function storedLang() {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(v) ? v : 'nl';
  } catch {
    return 'nl';
  }
}

// Every label of the language, asked from the server.
async function fetchLabels(next) {
  const res = await fetch(`/assets/i18n/${next}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load the ${next} translations (${res.status})`);
  return res.json();
}

// The labels of the first screen that the page carries (http/page.c, in the
// language of the vitaal_lang cookie), taken once: {lang, messages} or null.
function carriedLabels() {
  const block = document.getElementById('first-labels');
  if (!block) return null;
  block.remove();
  try { return { lang: block.dataset.lang, messages: JSON.parse(block.textContent) }; } catch { return null; }
}

let complete = Promise.resolve(); // every label of the current language is in

// All labels of the language: resolves once every one is in. When the page
// carries the first screen's labels in that language, it resolves with
// those at once and the rest follow in the background (complete()).
export async function loadLang(wanted) {
  const next = LANGUAGES.includes(wanted) ? wanted : 'nl';
  const first = carriedLabels();
  if (first && first.lang === next) {
    messages = first.messages;
    complete = fetchLabels(next).then((all) => { if (lang === next) messages = all; });
  } else {
    messages = await fetchLabels(next);
    complete = Promise.resolve();
  }
  lang = next;
  document.documentElement.lang = next;
  try { window.localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode: not remembered */ }
  // the page is made in this language next time (its first labels)
  document.cookie = `vitaal_lang=${next}; path=/; max-age=31536000; SameSite=Strict`;
}

// Resolves when every label of the current language is in (views other
// than the first screen wait for it; a failed read leaves the first ones).
export function labelsComplete() {
  return complete.catch(() => {});
}

// t('dashboard.title', {n: 3}) -> the label with {n} filled in.
export function t(key, vars) {
  let text = messages[key];
  if (text === undefined) {
    missing.add(key);
    text = key;
  }
  if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return text;
}

export function has(key) {
  return key in messages;
}

// The label of a coded value: enum.<group>.<value>, or the value itself.
export function enumLabel(group, value) {
  if (value === null || value === undefined || value === '') return t('common.none');
  const key = `enum.${group}.${value}`;
  return key in messages ? messages[key] : String(value);
}

// The coded values of a group the translation files name (enum.<group>.*).
export function enumValues(group) {
  const prefix = `enum.${group}.`;
  return Object.keys(messages).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

export function locale() {
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  const match = prefs.find((l) => l && l.toLowerCase().split('-')[0] === lang);
  return match || (lang === 'nl' ? 'nl-NL' : 'en-GB');
}

// "2025-03-14" -> "14 mrt 2025" (a calendar date: no time zone shift).
export function fmtDate(value) {
  if (!value) return t('common.none');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

// "2025-03-14T04:12:00Z" -> date and time in the Netherlands ("14 mrt 2025 05:12").
export function fmtDateTime(value) {
  if (!value) return t('common.none');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }).format(d);
}

export function fmtNumber(n, opts) {
  if (n === null || n === undefined || Number.isNaN(n)) return t('common.none');
  return new Intl.NumberFormat(locale(), opts).format(n);
}

// An amount of euros as people say it (issue 13 part 8): "€ 75 mld",
// "€ 1,3 mln" from a million on, else in full ("€ 45.000").
export function fmtAmount(eur) {
  if (eur === null || eur === undefined || Number.isNaN(eur)) return t('common.none');
  const abs = Math.abs(eur);
  const short = (v) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v);
  if (abs >= 1e9) return t('amount.billion', { n: short(eur / 1e9) });
  if (abs >= 1e6) return t('amount.million', { n: short(eur / 1e6) });
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(eur);
}

// Seconds -> "2 d 3 h 4 min" in the chosen language's units.
export function fmtDuration(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [];
  if (d) parts.push(t('units.days', { n: fmtNumber(d) }));
  if (d || hh) parts.push(t('units.hours', { n: fmtNumber(hh) }));
  parts.push(t('units.minutes', { n: fmtNumber(m) }));
  return parts.join(' ');
}

// Sorting text the way the user's language does.
export function compareText(a, b) {
  return String(a ?? '').localeCompare(String(b ?? ''), locale(), { sensitivity: 'base', numeric: true });
}
