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

export async function loadLang(wanted) {
  const next = LANGUAGES.includes(wanted) ? wanted : 'nl';
  const res = await fetch(`/assets/i18n/${next}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load the ${next} translations (${res.status})`);
  messages = await res.json();
  lang = next;
  document.documentElement.lang = next;
  try { window.localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode: not remembered */ }
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
