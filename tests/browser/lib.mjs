// lib.mjs — the harness the browser tests share: Debian's chromium driven
// headless by playwright-core, TAP-like "ok - / not ok -" lines that
// tests/integration/browser_test.sh counts, an axe-core scan (WCAG 2.1 A and
// AA rules; serious and critical findings fail), screenshots, and a small
// client for the JSON API to compare what the UI shows with what the server
// answers. Nothing here is mocked: the server is the real `vitaal serve`.
//
// The clock: tests/integration/browser_test.sh fixes the server's clock with
// VITAAL_NOW (in the hour before midnight UTC) and puts the browser in another
// zone (VITAAL_BROWSER_TZ, America/New_York); launch() starts the browser's
// clock at that instant, and today() / year() give the day the UI and the
// server must both use: the day in the Netherlands (Europe/Amsterdam).

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const BASE = process.env.VITAAL_URL;
export const SHOTS = process.env.VITAAL_SHOTS;
export const CHROMIUM = process.env.VITAAL_CHROMIUM || '/usr/bin/chromium';
export const TIMEZONE = process.env.VITAAL_BROWSER_TZ || 'Europe/Amsterdam';
// The instant the browser's clock starts at (ms), or null for the real clock.
export const NOW = process.env.VITAAL_NOW ? Date.parse(process.env.VITAAL_NOW) : null;
const loaded = Date.now();

// Now as the browser sees it: NOW plus the time this script has run (the
// browser's clock runs on from NOW), else the real clock.
export function nowMs() {
  return NOW === null ? Date.now() : NOW + (Date.now() - loaded);
}

const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
});

// "YYYY-MM-DD": the day in the Netherlands at an instant (default: now).
export function amsterdamDay(ms = nowMs()) {
  const p = Object.fromEntries(amsterdam.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

export const today = () => amsterdamDay();
export const year = () => Number(amsterdamDay().slice(0, 4));

let passed = 0;
let failed = 0;

export function ok(name) {
  passed += 1;
  console.log(`ok - ${name}`);
}

export function notOk(name, detail) {
  failed += 1;
  console.log(`not ok - ${name}`);
  if (detail) console.log(String(detail).split('\n').map((l) => `#   ${l}`).join('\n'));
}

export function check(name, cond, detail) {
  if (cond) ok(name);
  else notOk(name, typeof detail === 'function' ? detail() : detail);
  return Boolean(cond);
}

export function sameSet(a, b) {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function setDiff(a, b) {
  return `got [${[...a].sort().join(', ')}]\nwant [${[...b].sort().join(', ')}]`;
}

// Runs one named step; an exception is a failure of that step, not of the run.
export async function step(name, fn) {
  try {
    await fn();
  } catch (err) {
    notOk(`${name} (stopped)`, err && err.stack ? err.stack : err);
  }
}

export function summary() {
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

export async function launch() {
  const userDataDir = process.env.VITAAL_CHROMIUM_PROFILE;
  mkdirSync(userDataDir, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    locale: 'nl-NL',
    timezoneId: TIMEZONE,
  });
  if (NOW !== null) await context.clock.install({ time: nowMs() });
  return context;
}

// Collects what must never happen on a page: script errors and CSP refusals.
export function watch(page, problems) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
    if (/Content Security Policy/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('request', (req) => {
    if (!req.url().startsWith(BASE) && !req.url().startsWith('data:')) problems.push(`request to another host: ${req.url()}`);
  });
}

export async function waitView(page, view, timeout = 15000) {
  await page.waitForSelector(`body[data-ready="1"][data-view="${view}"]`, { timeout });
}

export async function go(page, hash, view) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.waitForFunction((v) => document.body.dataset.view === v && document.body.dataset.ready === '1'
    && document.querySelector('main h1'), view, { timeout: 15000 });
}

export async function login(page, username, password) {
  await page.goto(`${BASE}/`);
  await waitView(page, 'login');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#who', { timeout: 15000 });
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.view !== 'login');
}

export async function logout(page) {
  await page.click('#logout');
  await waitView(page, 'login');
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Scans the page with axe-core; serious and critical WCAG 2.x A/AA findings fail.
export async function axe(page, name) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  // the page as the user meets it: a table box that overflows gets its
  // keyboard access from a ResizeObserver (dom.js), one frame after a
  // resize or a redraw; scan after that, not in between (a race the SAN
  // build's slower pages lost at 320 px)
  await page.waitForFunction(() => [...document.querySelectorAll('.table-wrap')]
    .every((b) => b.scrollWidth <= b.clientWidth + 1 || b.hasAttribute('tabindex')), null, { timeout: 3000 })
    .catch(() => {});
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`axe: ${name} has no serious or critical WCAG 2.1 AA violation`, bad.length === 0,
    () => bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join('; ')}`).join('\n'));
  return result;
}

export async function shot(page, name, fullPage = true) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

// The JSON API as one user, with a Bearer token (no browser involved).
export async function apiClient(username, password) {
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const { token } = await res.json();
  const call = async (method, p, body) => {
    const r = await fetch(`${BASE}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (p) => call('GET', p),
    put: (p, b) => call('PUT', p, b),
    post: (p, b) => call('POST', p, b),
    del: (p) => call('DELETE', p),
    async list(kind, params = '') {
      const r = await call('GET', `/${kind}?limit=1000${params}`);
      return r.body.items;
    },
  };
}

// The searchable checkbox lists (web/js/checklist.js), named by the id of
// their search box: the values offered, the values ticked, and ticking
// exactly the values given (unticking the others) with the mouse.
export async function checklistValues(page, id) {
  return page.$$eval(`#${id}-fieldset input[type="checkbox"]`, (els) => els.map((e) => e.value));
}
export async function checklistChosen(page, id) {
  return page.$$eval(`#${id}-fieldset input[type="checkbox"]:checked`, (els) => els.map((e) => e.value));
}
export async function checklistChoose(page, id, values) {
  for (const v of await checklistValues(page, id)) {
    const box = page.locator(`#${id}-fieldset input[type="checkbox"][value="${v}"]`);
    if (values.includes(v)) await box.check(); else await box.uncheck();
  }
}
