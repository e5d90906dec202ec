// incidents_test.mjs — reporting an incident and its notifications in the
// browser UI against the real server (started by
// tests/integration/browser_test.sh, after ui_test.mjs): the provider opens
// the report form (every control labelled), is stopped by an empty title,
// reports a significant incident on a process it provides, and the row it
// then sees holds exactly the deadlines GET /api/v1/incident-deadlines gives
// for it; "sent now" on the first open deadline stores that notification's
// time in the incident and the deadline turns "met". The detection time is
// offered and read on the Dutch clock, whatever the browser's zone, and the
// UI's calendar (web/js/calendar.js) gives the server's days and wall-clock
// times around the summer-time switches. The auditor sees no
// form and no "sent now" button. Axe scans and screenshots of the form and
// the result. It makes no records the graph depends on.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, apiClient, sameSet, nowMs,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const provider = users.find((u) => u.role === 'provider');
const auditor = users.find((u) => u.role === 'auditor');

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const api = await apiClient(provider.username, provider.password);
const title = `Storing betaalverwerking ${Date.now().toString(36)}`;
let incidentId = null;

await step('report an incident', async () => {
  await login(page, provider.username, provider.password);
  await go(page, '#/incidents', 'incidents');
  check('a provider is offered the report form', (await page.$('#incident-new summary')) !== null);
  await page.click('#incident-new summary');
  const unlabelled = await page.$$eval('#incident-form input, #incident-form select, #incident-form textarea', (els) =>
    els.filter((el) => !document.querySelector(`label[for="${el.id}"]`)).map((el) => el.name));
  check('every control of the report form has a label', unlabelled.length === 0, unlabelled.join(', '));
  const process = await page.inputValue('#incident-process');
  await page.fill('#incident-description', 'Tekst die blijft staan');
  await page.click('#incident-save');
  await page.waitForSelector('#incident-title-error:not([hidden])');
  check('an empty title is stopped beside the field; nothing typed is lost',
    (await page.getAttribute('#incident-title', 'aria-invalid')) === 'true'
    && (await page.inputValue('#incident-description')) === 'Tekst die blijft staan');
  await axe(page, 'incident report form with an error');
  await shot(page, '30-incident-form');
  // the detection time is offered on the Dutch clock, whatever the browser's zone
  const wall = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(nowMs())).map((x) => [x.type, x.value]));
  const offered = await page.inputValue('#incident-detected_at');
  const skew = Math.abs(Date.parse(`${offered}:00Z`)
    - Date.parse(`${wall.year}-${wall.month}-${wall.day}T${wall.hour}:${wall.minute}:00Z`));
  check('the detection time is offered in Dutch time (Europe/Amsterdam), now', skew <= 2 * 60 * 1000,
    `${offered} / ${wall.year}-${wall.month}-${wall.day}T${wall.hour}:${wall.minute}`);
  await page.fill('#incident-title', title);
  await page.check('#incident-significant');
  const before = nowMs(); // the browser's clock (browser_test.sh may have set it)
  await page.click('#incident-save');
  await page.waitForSelector('#incident-messages .alert.success');
  const mine = (await api.list('incidents')).filter((i) => i.title === title);
  incidentId = mine[0] && mine[0].id;
  const rec = mine[0] || {};
  const detected = new Date(rec.detected_at).getTime();
  check('the incident is stored as reported: process, provider, owner, significant, detected about now',
    mine.length === 1 && rec.process === process && rec.provider === provider.org && rec.owner === provider.org
    && rec.significant === true && Math.abs(detected - before) < 5 * 60 * 1000,
    JSON.stringify(mine));
});

// the UI's calendar (web/js/calendar.js, through Intl) against the server's
// rule (the same cases as tests/unit/base/timefmt_test.c)
await step('the UI\'s calendar is the server\'s', async () => {
  const got = await page.evaluate(async () => {
    const c = await import('/assets/js/calendar.js');
    const day = (iso) => c.amsterdamDay(Date.parse(iso));
    return {
      days: ['2026-01-05T22:59:59Z', '2026-01-05T23:00:00Z', '2026-07-05T21:59:59Z', '2026-07-05T22:00:00Z',
        '2026-03-29T21:59:59Z', '2026-03-29T22:00:00Z', '2026-10-25T22:59:59Z', '2026-10-25T23:00:00Z',
        '2025-12-31T23:30:00Z', '2024-02-28T23:30:00Z'].map(day),
      year: c.amsterdamYear(Date.parse('2025-12-31T23:30:00Z')),
      wall: ['2026-01-05T23:30:00Z', '2026-07-05T22:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'].map(c.toWallInput),
      utc: ['2026-01-06T00:30', '2026-07-06T00:30', '2026-03-29T02:30', '2026-03-29T03:00', '2026-10-25T02:30',
        '2026-10-25T03:00'].map(c.fromWallInput),
    };
  });
  const want = {
    days: ['2026-01-05', '2026-01-06', '2026-07-05', '2026-07-06', '2026-03-29', '2026-03-30', '2026-10-25',
      '2026-10-26', '2026-01-01', '2024-02-29'],
    year: 2026,
    wall: ['2026-01-06T00:30', '2026-07-06T00:30', '2026-10-25T02:30', '2026-10-25T02:30'],
    utc: ['2026-01-05T23:30:00Z', '2026-07-05T22:30:00Z', '2026-03-29T01:30:00Z', '2026-03-29T01:00:00Z',
      '2026-10-25T00:30:00Z', '2026-10-25T02:00:00Z'],
  };
  check('the UI counts Dutch days and reads Dutch wall-clock times as the server does (summer time, year end, leap day)',
    JSON.stringify(got) === JSON.stringify(want), () => `got  ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`);
});

await step('its deadlines are the server\'s', async () => {
  const doc = (await api.get('/incident-deadlines')).body;
  const want = doc.incidents.find((i) => i.id === incidentId);
  const shown = await page.$$eval(`tr[data-incident="${incidentId}"] li[data-step]`, (lis) => lis.map((li) => li.dataset.step));
  check('the row shows exactly the deadlines the API gives', want && want.deadlines.length > 0
    && sameSet(shown, want.deadlines.map((d) => `${d.regime}:${d.step}`)),
    () => `${shown} / ${JSON.stringify(want)}`);
  const first = want.deadlines.find((d) => d.state === 'open');
  const button = `tr[data-incident="${incidentId}"] button[data-mark="${incidentId}:${first.sent_field}"]`;
  check('an open deadline offers "sent now" by keyboard-reachable button', (await page.$(button)) !== null);
  await page.focus(button);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#incident-messages .alert.success');
  const rec = (await api.get(`/incidents/${incidentId}`)).body;
  const after = (await api.get('/incident-deadlines')).body.incidents.find((i) => i.id === incidentId);
  const closed = after.deadlines.filter((d) => d.sent_field === first.sent_field);
  check('"sent now" stores the notification time and the deadline is met',
    Boolean(rec[first.sent_field]) && closed.every((d) => d.state === 'met'), JSON.stringify(after));
  const state = await page.$$eval(`tr[data-incident="${incidentId}"] li[data-step="${first.regime}:${first.step}"] .badge`,
    (els) => els.map((e) => e.textContent.trim()));
  check('and the page says so', state.length === 1 && state[0] !== '' && (await page.$(button)) === null, state.join());
  await axe(page, 'incidents after a notification');
  await shot(page, '31-incident-sent');
  await logout(page);
});

await step('the auditor only reads', async () => {
  await login(page, auditor.username, auditor.password);
  await go(page, '#/incidents', 'incidents');
  check('no report form and no "sent now" for the auditor',
    (await page.$('#incident-new')) === null && (await page.$('button[data-mark]')) === null);
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
process.exit(summary() ? 0 : 1);
