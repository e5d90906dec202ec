// first_load_test.mjs — the first screen in the page itself (issue 13 part
// 9; scripts/web-first.mjs builds it, http/page.c fills in the user's reads
// and labels). For a user of each role, the dashboard is opened afresh with
// the whole stylesheets and the whole label files held back, as on a slow
// connection where they arrive last:
//
// - the dashboard is drawn from the page alone: none of its reads goes over
//   the network (the server's list and start.js's agree), no label is
//   missing (the page's labels cover it), and every element looks the same
//   before the whole stylesheets arrive as after (the page's rules cover
//   what it draws: display, colours, fonts, spacing, borders);
// - the same in English (the vitaal_lang cookie the UI sets);
// - afterwards the UI is one: a view loaded later uses the same modules
//   (one language: after a switch on the dashboard, the next view speaks it),
//   and a write works with the CSRF token the page leaves out (asked apart);
// - no page error, no CSP refusal (the inline script and style are allowed
//   by hash), no request to another host. Screenshot of the first screen as
//   drawn from the page alone.

import { readFileSync } from 'node:fs';
import {
  BASE, launch, watch, login, logout, go, shot, check, step, summary,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();

// what a computed style is compared on
const PROPS = ['display', 'position', 'float', 'visibility', 'color', 'background-color', 'font-family',
  'font-size', 'font-weight', 'font-style', 'line-height', 'text-decoration-line', 'text-align',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right',
  'padding-bottom', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color',
  'border-bottom-width', 'border-bottom-style', 'border-left-width', 'border-left-style',
  'border-radius', 'list-style-type', 'white-space', 'grid-template-columns', 'flex-direction',
  'gap', 'max-width', 'content-visibility', 'outline-style', 'box-shadow', 'opacity'];

// [selector path, {prop: value}] for every element of the page's body
const styles = () => page.evaluate((props) => {
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const i = e.parentElement ? [...e.parentElement.children].indexOf(e) : 0;
      parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}:${i}`);
    }
    return parts.join('>');
  };
  return [...document.body.querySelectorAll('*')].map((el) => {
    const cs = getComputedStyle(el);
    return [path(el), el.className && typeof el.className === 'string' ? el.className : '',
      Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]))];
  });
}, PROPS);

function differences(before, after) {
  const later = new Map(after.map(([p, cls, s]) => [p, { cls, s }]));
  const out = [];
  for (const [p, cls, s] of before) {
    const a = later.get(p);
    // drawn since, or changed by the chart library when the charts came
    if (!a || / chart( |$)/.test(` ${cls}`) || / chart( |$)/.test(` ${a.cls}`)) continue;
    for (const prop of PROPS) {
      if (s[prop] !== a.s[prop]) out.push(`${p} (${cls}) ${prop}: ${s[prop]} -> ${a.s[prop]}`);
    }
  }
  return out;
}

// Opens the dashboard afresh with the whole stylesheets and label files
// held back until release(); the API reads made meanwhile are recorded.
async function firstLoad() {
  const held = [];
  const hold = (route) => new Promise((resolve) => held.push(() => resolve(route.continue().catch(() => {}))));
  await page.route(/\/assets\/i18n\/[a-z]+\.json$/, hold);
  await page.route(/\.css(\?.*)?$/, hold);
  // on the dashboard first (drawn by the page already loaded), then a new
  // page load (a goto that changes only the # would not load one); the
  // reads counted are the new page's
  await page.evaluate(() => { window.location.hash = '#/dashboard'; });
  await page.waitForFunction(() => document.body.dataset.view === 'dashboard' && document.body.dataset.ready === '1');
  const reads = [];
  const onRequest = (req) => {
    const path = req.url().slice(BASE.length);
    if (path.startsWith('/api/v1/')) reads.push(path);
  };
  page.on('request', onRequest);
  await page.reload({ waitUntil: 'commit' }); // the load event waits for what is held
  await page.waitForFunction(() => document.body.dataset.view === 'dashboard' && document.body.dataset.ready === '1',
    null, { timeout: 20000 });
  const result = {
    reads: [...reads],
    missing: await page.evaluate(() => [...(window.__vitaalMissingKeys || [])]),
    heldCount: held.length,
    styles: await styles(),
  };
  result.release = async () => {
    page.off('request', onRequest);
    await page.unroute(/\/assets\/i18n\/[a-z]+\.json$/);
    await page.unroute(/\.css(\?.*)?$/);
    held.forEach((go) => go());
    // every stylesheet in and applied
    await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')].length >= 4
      && [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet), null, { timeout: 20000 });
    await page.waitForTimeout(100);
  };
  return result;
}

const ROLES = ['coordinator', 'department', 'provider', 'auditor'];
for (const role of ROLES) {
  const u = users.find((x) => x.role === role);
  if (!u) continue;
  await step(`${role}: the dashboard from the page alone`, async () => {
    await login(page, u.username, u.password);
    const first = await firstLoad();
    check(`${role}: the whole stylesheets and labels were still held back when the dashboard was drawn`,
      first.heldCount >= 4, String(first.heldCount));
    check(`${role}: none of the dashboard's reads went over the network (the page carried them)`,
      first.reads.every((p) => p === '/api/v1/me'), first.reads.join(', '));
    check(`${role}: no label missing with the page's own labels`, first.missing.length === 0, first.missing.join(', '));
    if (role === 'coordinator') await shot(page, '70-first-load-page-alone', false);
    await first.release();
    const diff = differences(first.styles, await styles());
    check(`${role}: every element looks the same before the whole stylesheets arrive as after`,
      diff.length === 0, diff.slice(0, 12).join('\n'));
    check(`${role}: no page error, no CSP refusal so far`, problems.length === 0, problems.join('\n'));
    await logout(page);
  });
}

await step('in English: the page carries English labels', async () => {
  const u = users.find((x) => x.role === 'department');
  await login(page, u.username, u.password);
  await page.click('#lang-switch'); // the UI remembers the choice, also for the server
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const first = await firstLoad();
  const title = await page.textContent('main h1');
  const en = JSON.parse(readFileSync(`${process.env.VITAAL_ROOT || '.'}/web/i18n/en.json`, 'utf8'));
  check('English: the dashboard drawn from the page alone, in English, no label missing',
    first.missing.length === 0 && title.startsWith(en['dashboard.title']) &&
    first.reads.every((p) => p === '/api/v1/me'), `${title} | ${first.missing.join(', ')} | ${first.reads.join(', ')}`);
  await first.release();

  // one UI: the view loaded later speaks the language chosen on the dashboard
  await go(page, '#/processes', 'processes');
  const missing = await page.evaluate(() => [...(window.__vitaalMissingKeys || [])]);
  const heading = await page.textContent('main h1');
  check('a view loaded after the first screen uses the same modules (English, no label missing)',
    heading.startsWith(en['processes.title']) && missing.length === 0, `${heading} | ${missing.join(', ')}`);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'nl');

  // a write: the CSRF token comes apart from the page; a bad body is 400, not 403
  const status = await page.evaluate(async () => {
    const api = globalThis.__vitaalModules['/assets/js/api.js'];
    try { await api.post('/measures', {}); return 201; } catch (err) { return err.status; }
  });
  check('a write after the first load carries the CSRF token (400 for the empty measure, not 403)',
    status === 400, String(status));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
console.log(`# first load: ${((Date.now() - started) / 1000).toFixed(1)} s`);
await context.close();
process.exit(summary() ? 0 : 1);
