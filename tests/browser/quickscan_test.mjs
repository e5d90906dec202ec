// quickscan_test.mjs — the events screen and the quickscans an event opens
// (POST /api/v1/events/{id}/quickscan), in the browser against the real
// server (tests/integration/browser_test.sh): the coordinator records an
// event through the API for two processes (one of the ministry of the
// department user bob, one of another ministry), finds it under
// "Gebeurtenissen" with its date and the processes' names, asks to open the
// quickscans and first sees the dry run (both would get one; nothing
// written), confirms, and follows the link to a new analysis: a draft
// quickscan of the right process for the event, started today (the Dutch
// day at the clock browser_test.sh fixes, from lib.mjs). Asked again, the
// screen says both already have one, linked. A department user of a
// ministry that owns only one of the two processes sees the dry run but is
// refused (403) in Dutch, and nothing is written (checked through the
// API). axe-core on the screen and its panel; no page error, no CSP
// refusal, no request to another host.

import { readFileSync } from 'node:fs';
import {
  launch, watch, login, logout, go, axe, shot, check, step, summary, sameSet, setDiff, apiClient, today,
} from './lib.mjs';

const users = JSON.parse(readFileSync(process.env.VITAAL_USERS, 'utf8'));
const coordinator = users.find((u) => u.role === 'coordinator');
const department = users.find((u) => u.role === 'department');
const nl = JSON.parse(readFileSync(new URL('../../web/i18n/nl.json', import.meta.url), 'utf8'));
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const problems = [];
watch(page, problems);
const started = Date.now();
const text = async (sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const present = async (sel) => (await page.$(sel)) !== null;
const attrs = (sel, name) => page.$$eval(sel, (els, n) => els.map((e) => e.getAttribute(n)), name);

const apiC = await apiClient(coordinator.username, coordinator.password);
const processes = await apiC.list('processes');
const names = new Map(processes.map((p) => [p.id, p.name]));
// one process of the department user's ministry, one of another
const ownIds = processes.filter((p) => p.ministry === department.org).map((p) => p.id).sort();
const own = ownIds[3] || ownIds[ownIds.length - 1];
const other = processes.filter((p) => p.ministry !== department.org).map((p) => p.id).sort()[0];
const stamp = Date.now().toString(36);
const event = (id, name) => ({
  id, name, occurred: today(), processes: [own, other], classification: 'internal', owner: 'nctv',
  description: 'Fictieve storing voor de browsertest',
});
const evId = `ev-qs-${stamp}`;
const evName = `Stroomstoring ${stamp}`;
const ev2Id = `ev-qs2-${stamp}`;
const ev2Name = `Cyberaanval ${stamp}`;
const onEvent = async (id) => (await apiC.get(`/analyses?event=${encodeURIComponent(id)}&limit=100`)).body;

// Opens the dry run of an event on the events screen.
async function openPlan(id) {
  await go(page, '#/events', 'events');
  await page.click(`button[data-quickscan="${id}"]`);
  await page.waitForSelector('#quickscan-plan li, #quickscan-messages .alert', { timeout: 15000 });
}

await step('the coordinator records an event through the API', async () => {
  const r = await apiC.post('/events', event(evId, evName));
  check('(the event is stored, for two processes of two ministries)', r.status === 201 && own && other,
    JSON.stringify([r.status, r.body, own, other]));
});

await step('the coordinator sees the event on the events screen', async () => {
  await login(page, coordinator.username, coordinator.password);
  const nav = await page.$('#nav a[data-nav="events"]');
  check('the menu has "Gebeurtenissen"', nav !== null && (await text('#nav a[data-nav="events"]')) === nl['nav.events']);
  await page.click('#nav a[data-nav="events"]');
  await page.waitForFunction(() => document.body.dataset.view === 'events' && document.body.dataset.ready === '1');
  check('the screen is titled in Dutch and has the focus', (await text('main h1')) === nl['events.title']
    && (await page.evaluate(() => document.activeElement === document.querySelector('main h1'))));
  const row = `tr[data-event="${evId}"]`;
  check('the event is listed', await present(row));
  const date = await page.evaluate((d) => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'UTC' })
    .format(new Date(`${d}T00:00:00Z`)), today());
  check('... with its date (today, in Dutch)', (await text(`${row} td:nth-of-type(1)`)) === date,
    async () => `${await text(`${row} td:nth-of-type(1)`)} / want ${date}`);
  const listed = await attrs(`${row} li[data-process]`, 'data-process');
  const shownNames = await page.$$eval(`${row} li[data-process]`, (lis) => lis.map((li) => li.textContent.trim()));
  check('... and the processes it names, by name, linked', sameSet(listed, [own, other])
    && sameSet(shownNames, [names.get(own), names.get(other)])
    && (await page.$$(`${row} li[data-process] a[href^="#/processes/"]`)).length === 2,
  () => `${setDiff(listed, [own, other])}\n${shownNames.join(', ')}`);
  check('the action is a button named for the event',
    (await page.getAttribute(`button[data-quickscan="${evId}"]`, 'aria-label')) === fill(nl['events.open_label'], { name: evName }));
  await axe(page, 'events screen');
  await shot(page, '60-events');
});

await step('the dry run first, then the quickscans are opened', async () => {
  await page.focus(`button[data-quickscan="${evId}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#quickscan-plan li');
  const plan = await page.$$eval('#quickscan-plan li', (lis) => lis.map((li) => ({
    process: li.dataset.process, created: li.dataset.created, text: li.textContent.trim(),
  })));
  check('the dry run: both processes would get a quickscan, said by name',
    plan.length === 2 && plan.every((p) => p.created === 'true')
    && sameSet(plan.map((p) => p.text), [own, other].map((id) => fill(nl['events.would_open'], { process: names.get(id) }))),
    JSON.stringify(plan));
  check('the panel has the focus on its heading, and offers to confirm',
    (await page.evaluate(() => document.activeElement?.id)) === 'quickscan-title'
    && (await text('#quickscan-confirm')) === fill(nl['events.confirm'], { n: 2 }));
  check('the dry run wrote nothing', (await onEvent(evId)).total === 0);
  await axe(page, 'events screen with the dry run');
  await shot(page, '61-events-dry-run');

  await page.click('#quickscan-confirm');
  await page.waitForSelector('#quickscan-done');
  const stored = (await onEvent(evId)).items;
  check('confirmed: the API lists two draft quickscans for the event, started today, one per process',
    stored.length === 2 && sameSet(stored.map((a) => a.process), [own, other])
    && stored.every((a) => a.kind === 'quickscan' && a.status === 'draft' && a.started === today()),
    JSON.stringify(stored));
  const links = await attrs('#quickscan-result li[data-created="true"] a[data-analysis]', 'data-analysis');
  check('the page links to both new analyses', sameSet(links, stored.map((a) => a.id)), () => setDiff(links, stored.map((a) => a.id)));
  check('... and says so, with the focus there',
    (await text('#quickscan-done')) === fill(nl['events.opened'], { n: 2, date: await text(`tr[data-event="${evId}"] td:nth-of-type(1)`) })
    && (await page.evaluate(() => document.activeElement?.id)) === 'quickscan-done',
    async () => text('#quickscan-done'));
  await shot(page, '62-events-opened');

  const mine = stored.find((a) => a.process === own);
  await page.click(`#quickscan-result a[data-analysis="${mine.id}"]`);
  await page.waitForFunction((x) => window.location.hash === `#/analyses/${x}` && document.body.dataset.view === 'analysis'
    && document.body.dataset.ready === '1', mine.id);
  const rec = (await apiC.get(`/analyses/${encodeURIComponent(mine.id)}`)).body;
  check('the link leads to a draft quickscan of the right process for the event, started today',
    rec.kind === 'quickscan' && rec.status === 'draft' && rec.process === own && rec.event === evId && rec.started === today()
    && (await text('main h1')).includes(names.get(own))
    && (await text('.status-flow [aria-current="step"]')) === nl['enum.analysis_status.draft']
    && (await page.$eval('#analysis-kind', (el) => el.value)) === 'quickscan'
    && (await page.$eval('#analysis-started', (el) => el.value)) === today(),
  JSON.stringify(rec));

  await openPlan(evId);
  const again = await page.$$eval('#quickscan-plan li', (lis) => lis.map((li) => ({
    created: li.dataset.created, link: li.querySelector('a[data-analysis]')?.dataset.analysis,
  })));
  check('asked again, both already have one, linked, and nothing is offered to confirm',
    again.length === 2 && again.every((p) => p.created === 'false')
    && sameSet(again.map((p) => p.link), stored.map((a) => a.id)) && !(await present('#quickscan-confirm'))
    && (await text('#quickscan-plan-intro')) === nl['events.plan_nothing'], JSON.stringify(again));
  await page.click('#quickscan-cancel');
  check('closing the panel gives the focus back to the event\'s button',
    (await page.evaluate(() => document.activeElement?.dataset.quickscan)) === evId && !(await page.isVisible('#quickscan')));
  await logout(page);
});

await step('a ministry that owns only one of the processes is refused, in Dutch', async () => {
  const r = await apiC.post('/events', event(ev2Id, ev2Name));
  check('(a second event for the same two processes)', r.status === 201, JSON.stringify(r.body));
  await login(page, department.username, department.password);
  check('the department user has "Gebeurtenissen" in the menu', await present('#nav a[data-nav="events"]'));
  await openPlan(ev2Id);
  const plan = await attrs('#quickscan-plan li', 'data-created');
  check('it sees the dry run: two would be opened', plan.length === 2 && plan.every((c) => c === 'true'), plan.join(','));
  await page.click('#quickscan-confirm');
  await page.waitForSelector('#quickscan-refused');
  check('the refusal (403) is said in Dutch, with the focus on it',
    (await text('#quickscan-refused')) === nl['events.forbidden']
    && (await page.evaluate(() => document.activeElement?.contains(document.querySelector('#quickscan-refused')))),
    async () => text('#quickscan-messages'));
  check('nothing more is offered to confirm', !(await present('#quickscan-confirm')));
  const api = await apiClient(department.username, department.password);
  const direct = await api.post(`/events/${ev2Id}/quickscan`, {});
  check('(the API refuses it too: 403)', direct.status === 403, JSON.stringify(direct.body));
  check('nothing was written (the coordinator lists no analysis for the event)', (await onEvent(ev2Id)).total === 0);
  await axe(page, 'events screen with a refusal');
  await shot(page, '63-events-refused');
  const missing = await page.evaluate(() => [...window.__vitaalMissingKeys]);
  check('no label of the screen is missing from the translation files', missing.length === 0, missing.join(', '));
  await logout(page);
});

check('no page error, no CSP refusal, no request to another host', problems.length === 0, problems.join('\n'));
await context.close();
console.log(`# quickscan browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary() ? 0 : 1);
